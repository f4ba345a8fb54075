"""Write the compiled graph as Turtle, sorted N-Triples and JSON-LD, byte-identical per input."""

from __future__ import annotations

import json

from rdflib import BNode, Graph

from ..core.namespaces import PREFIXES, bind_prefixes

GENID = "https://w3id.org/chainkg/.well-known/genid/"
OUTPUT_NAMES = ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld")


def _skolemized(graph: Graph) -> Graph:
    """The graph with its blank nodes skolemised to IRIs from their canonical labels.

    Only the triples that hold a blank node are canonicalised (the labels depend on those
    alone): hashing all of the graph cost a third of the build.
    """
    from rdflib.compare import to_canonical_graph

    with_blanks = Graph()
    result = Graph()
    bind_prefixes(result)
    for triple in graph:
        target = with_blanks if any(isinstance(term, BNode) for term in triple) else result
        target.add(triple)
    for triple in to_canonical_graph(with_blanks).skolemize(basepath=GENID):
        result.add(triple)
    return result


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line. The only blank nodes (an OWL axiom and its list in
    the ontology) are skolemised to IRIs from their canonical labels, so no output holds a
    blank node and the bytes do not depend on the run."""
    return _sorted_lines(_skolemized(graph))


def _sorted_lines(graph: Graph) -> str:
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "\n".join(sorted(lines)) + "\n"


def _sort_values(node):
    """JSON-LD with every array in a fixed order, whatever order the triples came in."""
    if isinstance(node, dict):
        return {key: _sort_values(value) for key, value in node.items()}
    if isinstance(node, list):
        items = [_sort_values(item) for item in node]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True,
                                                         ensure_ascii=False))
    return node


def jsonld_context() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def serialize_all(graph: Graph) -> dict[str, bytes]:
    """Turtle, sorted N-Triples and JSON-LD, byte-identical for the same graph."""
    canonical = _skolemized(graph)
    ntriples = _sorted_lines(canonical)
    turtle = canonical.serialize(format="turtle")
    document = json.loads(canonical.serialize(format="json-ld", context=jsonld_context(),
                                              auto_compact=True))
    context = document.pop("@context", None)
    document = _sort_values(document)
    if context is not None:
        document["@context"] = context
    jsonld = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return {
        "chainkg.ttl": turtle.encode("utf-8"),
        "chainkg.nt": ntriples.encode("utf-8"),
        "chainkg.jsonld": jsonld.encode("utf-8"),
    }

