"""Run the named queries on any SPARQL 1.1 endpoint (Virtuoso, Fuseki, QLever, GraphDB).

The query text is the library's, with the project's prefixes declared when a query
leaves them out and the parameters in a ``VALUES`` block of serialised RDF terms (see
``chainkg.query.sparql``). Requests follow the SPARQL 1.1 Protocol: a form POST of ``query`` (and
``default-graph-uri`` when a graph is named), answered as SPARQL JSON results for SELECT
and ASK, and as N-Triples (else Turtle) for CONSTRUCT and DESCRIBE.

Endpoints differ in how they type their answers; ``json_cell`` turns every binding into
the one normal form that local results use, and is the only place that does:

- Virtuoso 7.2 labels typed values ``"type": "typed-literal"`` (SPARQL 1.0 JSON); read
  as ``literal``.
- Plain strings may come with or without ``xsd:string``; both mean the same.
- Language tags are compared lower-case (``zh-CN`` and ``zh-cn`` are one tag).
- Virtuoso's Turtle writes an integral ``xsd:decimal`` as a bare ``100``, which reads
  back as ``xsd:integer``; graphs are therefore asked for as N-Triples, which it writes
  with explicit datatypes.
- Numbers keep their datatype but not always their lexical form (a decimal ``300`` may
  arrive as ``300`` or ``300.0``): numeric columns are read by value, which is why the
  named queries declare their column types.

- Integers of derived types (the ``xsd:nonNegativeInteger`` evidence offsets) come back
  as stored from Virtuoso and rdflib, but Oxigraph stores them as ``xsd:integer``: all
  are reported as ``xsd:integer`` (``chainkg.query.results.literal_cell``).

Measured on Debian's Virtuoso 7.2.5 (``tests/test_remote.py``): decimals, counts and
language tags come back as stored, and every named query returns the same rows as the
local stores. Two of its dialect limits shaped the queries (each noted in the file): an
IRI comparison next to a ``skos:broader*`` path fails to compile in
``shared-technologies`` (it compares ``STR()`` instead), and a ``VALUES``-bound variable
joined into a UNION branch with ``rdfs:subClassOf+`` loses rows (``actors-by-province``
and ``province-profile`` compare the parameter in a FILTER instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import requests
from rdflib import Graph, Literal, URIRef

from ..core.namespaces import PREFIXES, bind_prefixes
from .errors import QueryError
from .execute import run
from .library import NamedQuery, adhoc_query, get_query
from .results import Cell, Result, literal_cell
from .sparql import strip_comments, with_values

NTRIPLES_TYPES = ("application/n-triples", "text/plain", "text/ntriples")


class RemoteError(RuntimeError):
    """The endpoint could not be reached or failed to answer."""


@dataclass
class Endpoint:
    """A SPARQL 1.1 query endpoint, such as ``http://127.0.0.1:8890/sparql``.

    ``default_graph`` names the graph to query (``default-graph-uri``); without it the
    endpoint's own default dataset is used (on Virtuoso: the union of all its graphs).

    Example::

        >>> ep = Endpoint("http://127.0.0.1:8890/sparql", "https://w3id.org/chainkg/graph")
        >>> ep.query("targets", province="CN-JL")          # doctest: +SKIP
    """

    url: str
    default_graph: str | None = None
    timeout: float = 120.0
    session: requests.Session | None = None

    def query(self, name: str, **params: Any) -> pd.DataFrame | Graph | bool:
        """Run a named query: a DataFrame for SELECT, a Graph for CONSTRUCT/DESCRIBE."""
        return _value(run(self, get_query(name), params))

    def sparql(self, text: str, **params: Any) -> pd.DataFrame | Graph | bool:
        """Run SPARQL text (a header declaring parameters is optional)."""
        return _value(run(self, adhoc_query(text), params))

    def run(self, query: NamedQuery, form: str, bindings: Mapping[str, URIRef | Literal]
            ) -> Result:
        text = with_values(with_prefixes(query.text), form, bindings)
        if form in ("SELECT", "ASK"):
            answer = self._post(text, "application/sparql-results+json").json()
            if form == "ASK":
                return Result(form, boolean=bool(answer.get("boolean")))
            variables = answer["head"]["vars"]
            rows = [tuple(json_cell(binding.get(var)) for var in variables)
                    for binding in answer["results"]["bindings"]]
            return Result(form, variables, rows, columns=query.columns)
        # N-Triples first: Virtuoso's Turtle writes an integral xsd:decimal as a bare
        # number, which Turtle reads back as xsd:integer.
        response = self._post(text, "application/n-triples, text/turtle;q=0.5")
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        graph = Graph()
        graph.parse(data=response.content,
                    format="nt" if content_type in NTRIPLES_TYPES else "turtle")
        bind_prefixes(graph)
        return Result(form, graph=graph)

    def ask(self, text: str) -> bool:
        return bool(self._post(text, "application/sparql-results+json").json().get("boolean"))

    def _post(self, text: str, accept: str) -> requests.Response:
        data = {"query": text}
        if self.default_graph:
            data["default-graph-uri"] = self.default_graph
        http = self.session or requests
        try:
            response = http.post(self.url, data=data, headers={"Accept": accept},
                                 timeout=self.timeout)
        except requests.RequestException as exc:
            raise RemoteError(f"cannot reach SPARQL endpoint {self.url}: "
                              f"{type(exc).__name__}") from None
        if response.status_code == 400:
            raise QueryError(f"endpoint {self.url} rejected the query: "
                             f"{_first_line(response.text)}")
        if response.status_code >= 300:
            raise RemoteError(f"endpoint {self.url} answered HTTP {response.status_code}: "
                              f"{_first_line(response.text)}")
        return response


def json_cell(binding: Mapping[str, str] | None) -> Cell | None:
    """One binding of SPARQL JSON results in the normal form (see the module docstring)."""
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return ("uri", binding["value"], None, None)
    if kind == "bnode":
        return ("bnode", binding["value"], None, None)
    if kind in ("literal", "typed-literal"):
        return literal_cell(binding["value"], binding.get("datatype"),
                            binding.get("xml:lang") or binding.get("lang"))
    raise RemoteError(f"unexpected term type {kind!r} in the endpoint's answer")


def with_prefixes(text: str) -> str:
    """Declare the project's prefixes that a query uses without declaring them.

    Local stores know them already; a remote endpoint may not (or may bind them to
    something else).
    """
    body = strip_comments(text)
    declared = {m.lower() for m in re.findall(r"\bPREFIX\s+([A-Za-z0-9_\-]*):", body, re.I)}
    missing = [p for p in PREFIXES if p.lower() not in declared
               and re.search(rf"(?<![\w\-.:]){re.escape(p)}:", body)]
    lines = [f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing]
    return "".join(lines) + text


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return "(empty answer)"


def _value(result: Result) -> pd.DataFrame | Graph | bool:
    if result.form == "SELECT":
        return result.frame()
    if result.form == "ASK":
        return bool(result.boolean)
    return result.graph
