"""``chainkg push``: upload the built graph to a triple store's Graph Store endpoint.

Uses the SPARQL 1.1 Graph Store HTTP Protocol: ``PUT <endpoint>?graph=<IRI>`` replaces
the named graph with the body (the build's N-Triples, sent as Turtle, of which they are
a subset). Virtuoso takes writes at ``/sparql-graph-crud-auth`` with HTTP digest
authentication; Fuseki (``/<dataset>/data``) and GraphDB
(``/repositories/<id>/rdf-graphs/service``) take the same request, with basic auth when
secured. The password comes from an environment variable, never from the command line.

Example::

    CHAINKG_PASSWORD=... chainkg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth \\
        --graph https://w3id.org/chainkg/graph --user dba --password-env CHAINKG_PASSWORD
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from .remote import RemoteError

DEFAULT_GRAPH = "https://w3id.org/chainkg/graph"


@dataclass(frozen=True)
class PushResult:
    status: int
    triples: int
    graph: str


def push(ntriples: Path, endpoint: str, graph: str, user: str | None = None,
         password: str | None = None, auth: str = "digest", timeout: float = 600.0
         ) -> PushResult:
    """Replace the named graph ``graph`` at a Graph Store endpoint with the file's triples."""
    credentials = None
    if user is not None:
        if password is None:
            raise ValueError("a user needs a password")
        credentials = (requests.auth.HTTPDigestAuth(user, password) if auth == "digest"
                       else requests.auth.HTTPBasicAuth(user, password))
    triples = _count_triples(ntriples)
    with requests.Session() as session, open(ntriples, "rb") as body:
        try:
            # A small request first: it settles the digest handshake (the upload then
            # carries its Authorization header instead of being sent twice) and a refusal
            # is answered before a large body is on the wire (a server that answers 401
            # while the body is still coming may close the connection under it).
            probe = session.head(endpoint, params={"graph": graph}, auth=credentials,
                                 timeout=min(timeout, 60.0))
            if probe.status_code in (401, 403):
                response = probe
            else:
                response = session.put(endpoint, params={"graph": graph}, data=body,
                                       headers={"Content-Type": "text/turtle; charset=utf-8"},
                                       auth=credentials, timeout=timeout)
        except requests.RequestException as exc:
            raise RemoteError(f"cannot reach Graph Store endpoint {endpoint}: "
                              f"{type(exc).__name__}") from None
    if response.status_code in (401, 403):
        raise RemoteError(f"{endpoint} refused the upload (HTTP {response.status_code}): "
                          "check --user, the password and --auth")
    if not 200 <= response.status_code < 300:
        first = next((line.strip() for line in response.text.splitlines() if line.strip()),
                     "(empty answer)")
        raise RemoteError(f"{endpoint} answered HTTP {response.status_code}: {first[:300]}")
    return PushResult(response.status_code, triples, graph)


def _count_triples(ntriples: Path) -> int:
    count = 0
    with open(ntriples, "rb") as handle:
        for line in handle:
            stripped = line.strip()
            if stripped and not stripped.startswith(b"#"):
                count += 1
    return count
