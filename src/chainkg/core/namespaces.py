"""IRIs of the chainkg namespaces and the W3C vocabularies it reuses."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD

BASE = "https://w3id.org/chainkg/"
CKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
VOCAB = Namespace(BASE + "vocab/")
SOURCE = Namespace(BASE + "source/")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "ckg": CKG,
    "id": ID,
    "vocab": VOCAB,
    "src": SOURCE,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "oa": OA,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "qb": QB,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SDO,
    "skos": SKOS,
    "time": TIME,
    "wd": WD,
    "xsd": XSD,
}


def scheme_iri(scheme: str):
    """IRI of a SKOS concept scheme, e.g. ``vocab/technology``."""
    return VOCAB[scheme]


def concept_iri(scheme: str, concept: str):
    """IRI of a concept in a scheme, e.g. ``vocab/technology/robot``."""
    return VOCAB[f"{scheme}/{concept}"]


def bind_prefixes(graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
