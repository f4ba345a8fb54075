"""Write the compiled graph as Turtle, sorted N-Triples and JSON-LD, byte-identical per input."""

from __future__ import annotations

import json

from rdflib import Graph

from ..core.namespaces import PREFIXES, bind_prefixes

GENID = "https://w3id.org/chainkg/.well-known/genid/"
OUTPUT_NAMES = ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld")


def sorted_ntriples(graph: Graph) -> str:
    """N-Triples sorted line by line. The only blank nodes (an OWL axiom and its list in
    the ontology) are skolemised to IRIs from their canonical labels, so no output holds a
    blank node and the bytes do not depend on the run."""
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(graph).skolemize(basepath=GENID)
    lines = {line for line in canonical.serialize(format="nt").splitlines() if line.strip()}
    return "\n".join(sorted(lines)) + "\n"


def jsonld_context() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in sorted(PREFIXES.items())}


def serialize_all(graph: Graph) -> dict[str, bytes]:
    """Turtle, sorted N-Triples and JSON-LD, byte-identical for the same graph."""
    ntriples = sorted_ntriples(graph)
    # Re-reading the sorted lines gives every serializer the same insertion order.
    canonical = Graph()
    bind_prefixes(canonical)
    canonical.parse(data=ntriples, format="nt")
    turtle = canonical.serialize(format="turtle")
    document = json.loads(canonical.serialize(format="json-ld", context=jsonld_context(),
                                              auto_compact=True))
    if isinstance(document.get("@graph"), list):
        document["@graph"].sort(key=lambda node: node.get("@id", ""))
    jsonld = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return {
        "chainkg.ttl": turtle.encode("utf-8"),
        "chainkg.nt": ntriples.encode("utf-8"),
        "chainkg.jsonld": jsonld.encode("utf-8"),
    }

