"""The three output formats written from one sorted pass: exact bytes, order-independence,
and that Turtle and JSON-LD parse (in rdflib and in Oxigraph) to the N-Triples' triples."""

from __future__ import annotations

import json
import random

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from chainkg.build.serialize import GENID, jsonld_context, serialize_all, sorted_ntriples
from chainkg.core.namespaces import CKG, ID

PLAN = ID["jilin-plan/evidence/1-2"]
ODD = URIRef(str(ID) + "/odd")  # id:/odd
ABSOLUTE_LOOKING = URIRef(str(ID) + "//host/x")  # "id://host/x" would be read as an IRI


def triples() -> list[tuple]:
    return [
        (PLAN, RDF.type, CKG.ActionPlan),
        (PLAN, RDF.type, CKG.Target),
        (PLAN, RDFS.label, Literal('say "hi"\nnow', lang="en")),
        (PLAN, RDFS.label, Literal("吉林", lang="zh")),
        (PLAN, CKG.value, Literal("2200000000000.50", datatype=XSD.decimal)),
        (PLAN, CKG["count"], Literal("12", datatype=XSD.integer)),
        (PLAN, CKG.negative, Literal("-3", datatype=XSD.integer)),
        (PLAN, CKG.big, Literal("9007199254740993", datatype=XSD.integer)),
        (PLAN, CKG.note, Literal("plain")),
        (PLAN, URIRef("http://example.org/p"), ODD),
        (PLAN, URIRef("http://example.org/p"), ABSOLUTE_LOOKING),
    ]


def graph(order: list[tuple]) -> Graph:
    result = Graph()
    for triple in order:
        result.add(triple)
    union = BNode()
    Collection(result, union, [CKG.Target, CKG.Measure])
    result.add((CKG.Goal, OWL.unionOf, union))
    return result


GENID_HEAD = GENID + "cb0"
GENID_TAIL = GENID + "cbd7c96744b860be374134b6eeace4a6009e3d5947219e59b3c009836ad1012775"

EXPECTED_NT = f"""\
<{GENID_HEAD}> <{RDF.first}> <{CKG.Target}> .
<{GENID_HEAD}> <{RDF.rest}> <{GENID_TAIL}> .
<{GENID_TAIL}> <{RDF.first}> <{CKG.Measure}> .
<{GENID_TAIL}> <{RDF.rest}> <{RDF.nil}> .
<{PLAN}> <http://example.org/p> <{ABSOLUTE_LOOKING}> .
<{PLAN}> <http://example.org/p> <{ODD}> .
<{PLAN}> <{RDF.type}> <{CKG.ActionPlan}> .
<{PLAN}> <{RDF.type}> <{CKG.Target}> .
<{PLAN}> <{RDFS.label}> "say \\"hi\\"\\nnow"@en .
<{PLAN}> <{RDFS.label}> "吉林"@zh .
<{PLAN}> <{CKG.big}> "9007199254740993"^^<{XSD.integer}> .
<{PLAN}> <{CKG['count']}> "12"^^<{XSD.integer}> .
<{PLAN}> <{CKG.negative}> "-3"^^<{XSD.integer}> .
<{PLAN}> <{CKG.note}> "plain" .
<{PLAN}> <{CKG.value}> "2200000000000.50"^^<{XSD.decimal}> .
<{CKG.Goal}> <{OWL.unionOf}> <{GENID_HEAD}> .
"""

EXPECTED_TURTLE_BODY = f"""\
<{GENID_HEAD}> rdf:first ckg:Target ;
\trdf:rest <{GENID_TAIL}> .
<{GENID_TAIL}> rdf:first ckg:Measure ;
\trdf:rest rdf:nil .
id:jilin-plan\\/evidence\\/1-2 <http://example.org/p> id:\\/\\/host\\/x , id:\\/odd ;
\ta ckg:ActionPlan , ckg:Target ;
\trdfs:label "say \\"hi\\"\\nnow"@en , "吉林"@zh ;
\tckg:big 9007199254740993 ;
\tckg:count 12 ;
\tckg:negative -3 ;
\tckg:note "plain" ;
\tckg:value 2200000000000.50 .
ckg:Goal owl:unionOf <{GENID_HEAD}> .
"""

EXPECTED_NODES = [
    {"@id": GENID_HEAD, "rdf:first": {"@id": "ckg:Target"}, "rdf:rest": {"@id": GENID_TAIL}},
    {"@id": GENID_TAIL, "rdf:first": {"@id": "ckg:Measure"}, "rdf:rest": {"@id": "rdf:nil"}},
    {"@id": "id:jilin-plan/evidence/1-2", "@type": ["ckg:ActionPlan", "ckg:Target"],
     "ckg:big": {"@type": "xsd:integer", "@value": "9007199254740993"}, "ckg:count": 12,
     "ckg:negative": -3, "ckg:note": "plain",
     "ckg:value": {"@type": "xsd:decimal", "@value": "2200000000000.50"},
     "http://example.org/p": [{"@id": str(ABSOLUTE_LOOKING)}, {"@id": "id:/odd"}],
     "rdfs:label": [{"@language": "en", "@value": 'say "hi"\nnow'},
                    {"@language": "zh", "@value": "吉林"}]},
    {"@id": "ckg:Goal", "owl:unionOf": {"@id": GENID_HEAD}},
]


@pytest.fixture(scope="module")
def outputs() -> dict[str, bytes]:
    return serialize_all(graph(triples()))


def test_ntriples_are_rdflibs_lines_sorted_with_blank_nodes_skolemised(outputs):
    assert outputs["chainkg.nt"].decode("utf-8") == EXPECTED_NT
    assert sorted_ntriples(graph(triples())) == EXPECTED_NT
    plain = Graph()
    for triple in triples():
        plain.add(triple)
    rdflib_lines = sorted(set(plain.serialize(format="nt").splitlines()) - {""})
    assert sorted_ntriples(plain) == "\n".join(rdflib_lines) + "\n"


def test_turtle_has_sorted_prefixes_and_one_block_per_subject_in_ntriples_order(outputs):
    header = "".join(f"@prefix {prefix}: <{iri}> .\n"
                     for prefix, iri in sorted(jsonld_context().items()))
    assert outputs["chainkg.ttl"].decode("utf-8") == header + EXPECTED_TURTLE_BODY


def test_jsonld_is_one_node_per_line_with_the_context(outputs):
    text = outputs["chainkg.jsonld"].decode("utf-8")
    document = json.loads(text)
    assert document == {"@context": jsonld_context(), "@graph": EXPECTED_NODES}
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1] == '  "@context": {' and lines[-1] == "}"
    nodes = [line.strip().rstrip(",") for line in lines if line.startswith("    {")]
    assert [json.loads(node) for node in nodes] == EXPECTED_NODES


def test_the_bytes_do_not_depend_on_the_order_triples_were_added(outputs):
    for seed in range(3):
        order = triples()
        random.Random(seed).shuffle(order)
        assert serialize_all(graph(order)) == outputs


@pytest.mark.parametrize(("name", "rdflib_format", "oxigraph_format"), [
    ("chainkg.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
    ("chainkg.jsonld", "json-ld", pyoxigraph.RdfFormat.JSON_LD)])
def test_turtle_and_jsonld_parse_to_the_ntriples_triples(outputs, name, rdflib_format,
                                                         oxigraph_format):
    reference = Graph().parse(data=outputs["chainkg.nt"], format="nt")
    parsed = Graph().parse(data=outputs[name], format=rdflib_format)
    assert len(parsed) == len(reference) == 16
    assert isomorphic(parsed, reference)
    lines = set(outputs["chainkg.nt"].decode("utf-8").splitlines())
    assert {f"{t} ." for t in pyoxigraph.parse(outputs[name], format=oxigraph_format)} == lines


def test_an_empty_graph_gives_empty_but_valid_outputs():
    outputs = serialize_all(Graph())
    assert outputs["chainkg.nt"] == b"\n"
    assert outputs["chainkg.ttl"] == b""
    assert json.loads(outputs["chainkg.jsonld"]) == {"@context": jsonld_context(),
                                                      "@graph": []}
