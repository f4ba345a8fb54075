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

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import requests

from .paths import default_build_dir, display_path
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
    with open(ntriples, "rb") as body:
        try:
            response = requests.put(endpoint, params={"graph": graph}, data=body,
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


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "push", help="upload the built graph to a SPARQL Graph Store endpoint (e.g. Virtuoso)",
        description="Replace a named graph on a triple store with the built graph "
                    "(SPARQL 1.1 Graph Store HTTP Protocol, PUT).")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store endpoint, e.g. "
                        "http://127.0.0.1:8890/sparql-graph-crud-auth")
    p.add_argument("--graph", default=DEFAULT_GRAPH, metavar="IRI",
                   help=f"named graph to replace (default: {DEFAULT_GRAPH})")
    p.add_argument("--user", help="user name for HTTP authentication")
    p.add_argument("--password-env", metavar="VAR",
                   help="environment variable that holds the password")
    p.add_argument("--auth", choices=("digest", "basic"), default="digest",
                   help="HTTP authentication scheme (default: digest, as Virtuoso wants)")
    p.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build)")
    p.set_defaults(handler=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    build_dir = args.build_dir or default_build_dir()
    ntriples = build_dir / "chainkg.nt"
    if not ntriples.is_file():
        print(f"chainkg push: {display_path(ntriples)} is missing; run chainkg build first",
              file=sys.stderr)
        return 2
    password = None
    if args.user:
        if not args.password_env:
            print("chainkg push: --user needs --password-env VAR", file=sys.stderr)
            return 2
        password = os.environ.get(args.password_env)
        if password is None:
            print(f"chainkg push: environment variable {args.password_env} is not set",
                  file=sys.stderr)
            return 2
    elif args.password_env:
        print("chainkg push: --password-env needs --user", file=sys.stderr)
        return 2
    try:
        result = push(ntriples, args.endpoint, args.graph, args.user, password, args.auth)
    except RemoteError as exc:
        print(f"chainkg push: {exc}", file=sys.stderr)
        return 1
    print(f"pushed {result.triples} triples to <{result.graph}> at {args.endpoint} "
          f"(HTTP {result.status})")
    return 0
