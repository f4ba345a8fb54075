"""Write the compiled graph as Turtle, sorted N-Triples and JSON-LD, byte-identical per input.

All three come from one pass over the graph: its triples (blank nodes skolemised) are
written as N-Triples lines and sorted once; Turtle and JSON-LD follow that order, so each
subject's triples are contiguous and the bytes never depend on hashing or on the order the
store returns triples in. rdflib's Turtle and JSON-LD writers look every subject up in the
store and compute prefixed names term by term: at 61,871 triples they took 7.2 s of CPU
against 1.1 s for this module, and at 100 copies of the curated records most of the build
(``scripts/bench_build.py``, docs/benchmarks.md). Oxigraph writes the Turtle; the JSON-LD
is assembled here (see ``_jsonld``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.serializers.nt import _nt_row

from ..core.namespaces import PREFIXES

GENID = "https://w3id.org/chainkg/.well-known/genid/"
OUTPUT_NAMES = ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld")

Triple = tuple[URIRef, URIRef, URIRef | Literal]

# A JSON number becomes xsd:integer with this lexical form when parsed (JSON-LD 1.1
# "Object to RDF"); beyond 2**53 a JSON reader may round it, so it stays a string there.
_CANONICAL_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,15}")
_JSON_SAFE_INTEGER = 2 ** 53


def _skolemized(graph: Graph) -> Iterator[Triple]:
    """The graph's triples, its blank nodes skolemised to IRIs from their canonical labels.

    Only the triples that hold a blank node are canonicalised (the labels depend on those
    alone): hashing all of the graph cost a third of the build.
    """
    from rdflib.compare import to_canonical_graph

    with_blanks = Graph()
    for triple in graph:
        subject, predicate, obj = triple
        if type(subject) is BNode or type(obj) is BNode or type(predicate) is BNode:
            with_blanks.add(triple)
        else:
            yield triple
    if len(with_blanks):
        yield from to_canonical_graph(with_blanks).skolemize(basepath=GENID)


def _sorted_rows(graph: Graph) -> tuple[list[str], list[Triple]]:
    """The N-Triples lines (rdflib's own row writer, so the bytes are rdflib's) in sorted
    order, with the triple of each line."""
    by_row = {_nt_row(triple): triple for triple in _skolemized(graph)}
    rows = sorted(by_row)
    return rows, [by_row[row] for row in rows]


def _ntriples(rows: list[str]) -> str:
    return "".join(rows) if rows else "\n"


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line. The only blank nodes (an OWL axiom and its list in
    the ontology) are skolemised to IRIs from their canonical labels, so no output holds a
    blank node and the bytes do not depend on the run."""
    return _ntriples(_sorted_rows(graph)[0])


def jsonld_context() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def _turtle(ntriples: bytes) -> bytes:
    """Turtle written by Oxigraph from the sorted N-Triples: one block per subject, in the
    N-Triples order. Oxigraph writes the ``@prefix`` lines in its own map order, which is
    put in prefix order here so that the bytes depend on nothing but the triples."""
    triples = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    text = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.TURTLE,
                                prefixes=jsonld_context())
    lines = text.split(b"\n")
    header = 0
    while header < len(lines) and lines[header].startswith(b"@prefix "):
        header += 1
    return b"\n".join(sorted(lines[:header]) + lines[header:])


class _Compactor:
    """Compact IRIs (``ckg:Measure``) for the prefixes of the JSON-LD context.

    An IRI is compacted only when a JSON-LD processor expands the result back to the same
    IRI: the suffix must not start with ``//`` (it would be read as an absolute IRI)."""

    def __init__(self, context: dict[str, str]):
        self.namespaces = sorted(((iri, prefix) for prefix, iri in context.items()),
                                 key=lambda item: -len(item[0]))
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        compact = self.cache.get(iri)
        if compact is None:
            compact = iri
            for namespace, prefix in self.namespaces:
                if iri.startswith(namespace):
                    suffix = iri[len(namespace):]
                    if not suffix.startswith("//"):
                        compact = f"{prefix}:{suffix}"
                    break
            self.cache[iri] = compact
        return compact


def _jsonld(triples: Iterable[Triple], context: dict[str, str]) -> str:
    """Flattened JSON-LD: one node object per subject, written on one line, in N-Triples
    order, with keys sorted; a property with one value holds it bare, else a list.

    Hand-written because no library did this fast enough: rdflib's writer (with
    ``auto_compact``) looks every subject up in the store and its arrays had to be re-sorted
    afterwards, and Oxigraph's writes expanded JSON-LD with no context (no compact IRIs).
    Literals keep their lexical form (``{"@value", "@type"}``) except canonical xsd:integer
    values, which are JSON numbers.
    """
    compact = _Compactor(context)
    integer = XSD.integer
    nodes = []
    for subject, subject_triples in groupby(triples, key=itemgetter(0)):
        node: dict[str, object] = {"@id": compact(subject)}
        for predicate, predicate_triples in groupby(subject_triples, key=itemgetter(1)):
            objects = [triple[2] for triple in predicate_triples]
            if predicate == RDF.type and all(type(obj) is URIRef for obj in objects):
                key, values = "@type", [compact(obj) for obj in objects]
            else:
                key, values = compact(predicate), [_value(obj, compact, integer)
                                                   for obj in objects]
            node[key] = values[0] if len(values) == 1 else values
        nodes.append(json.dumps(node, ensure_ascii=False, sort_keys=True))
    head = json.dumps(context, ensure_ascii=False, indent=2, sort_keys=True)
    return ('{\n  "@context": ' + head.replace("\n", "\n  ") + ',\n  "@graph": [\n    '
            + ",\n    ".join(nodes) + "\n  ]\n}\n")


def _value(obj, compact: _Compactor, integer: URIRef):
    if not isinstance(obj, Literal):
        return {"@id": compact(obj)}
    lexical = str(obj)
    if obj.language:
        return {"@language": obj.language, "@value": lexical}
    datatype = obj.datatype
    if datatype is None:
        return lexical
    if (datatype == integer and _CANONICAL_INTEGER.fullmatch(lexical)
            and abs(int(lexical)) < _JSON_SAFE_INTEGER):
        return int(lexical)
    return {"@type": compact(datatype), "@value": lexical}


def serialize_all(graph: Graph) -> dict[str, bytes]:
    """Turtle, sorted N-Triples and JSON-LD, byte-identical for the same graph."""
    rows, triples = _sorted_rows(graph)
    ntriples = _ntriples(rows).encode("utf-8")
    return {
        "chainkg.ttl": _turtle(ntriples),
        "chainkg.nt": ntriples,
        "chainkg.jsonld": _jsonld(triples, jsonld_context()).encode("utf-8"),
    }
