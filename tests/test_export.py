"""The networkx export: which resources become nodes, attributes, and the four file formats."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from chainkg.cli import main
from chainkg.network.export import to_networkx

JILIN_PLAN = "id:jilin-intelligent-digital-transformation-plan"
PREFIXES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# A node is a typed IRI under id:, vocab: or source:, other than a concept scheme.
NODE_PATTERN = """
  ?{v} rdf:type ?{v}_type .
  FILTER(isIRI(?{v}) && (STRSTARTS(STR(?{v}), "https://w3id.org/chainkg/id/")
         || STRSTARTS(STR(?{v}), "https://w3id.org/chainkg/vocab/")
         || STRSTARTS(STR(?{v}), "https://w3id.org/chainkg/source/")))
  FILTER NOT EXISTS {{ ?{v} rdf:type skos:ConceptScheme }}
"""


@pytest.fixture(scope="module")
def graph(kg) -> nx.MultiDiGraph:
    return kg.to_networkx()


def sparql_count(kg, query: str) -> int:
    return int(next(iter(kg.graph.query(PREFIXES + query)))[0])


def test_node_and_edge_counts_agree_with_sparql(kg, graph):
    nodes = sparql_count(kg, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {"
                         + NODE_PATTERN.format(v="s") + "}")
    edges = sparql_count(kg, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {"
                         "?s ?p ?o . FILTER(?p != rdf:type)" + NODE_PATTERN.format(v="s")
                         + NODE_PATTERN.format(v="o") + "} }")
    assert graph.number_of_nodes() == nodes
    assert graph.number_of_edges() == edges
    assert nodes > 300 and edges > 600


def test_a_province_node_carries_iri_class_labels_and_literals(graph):
    # graph/reference/provinces.csv: CN-SD,Shandong,山东省,province,Jinan,Q43407
    assert dict(graph.nodes["id:CN-SD"]) == {
        "iri": "https://w3id.org/chainkg/id/CN-SD",
        "class": "ckg:Province",
        "types": "ckg:Province ckg:ProvincialDivision",
        "category": "division",
        "label": "Shandong",
        "label_en": "Shandong",
        "label_zh": "山东省",
        "ckg:iso3166Code": "CN-SD",
        "ckg:seatOfGovernment@en": "Jinan",
        "owl:sameAs": "wd:Q43407",
    }


def test_an_evidence_node_keeps_its_quote_and_offsets_as_attributes(graph):
    node = "id:jilin-lighthouse-factories/evidence/3667-3697"
    attrs = graph.nodes[node]
    assert attrs["class"] == "ckg:Evidence"
    assert (attrs["oa:start"], attrs["oa:end"]) == (3667, 3697)
    assert attrs["oa:exact"] == "build 1 2 lighthouse factories"
    assert list(graph.out_edges(node, keys=True)) == [
        (node, "src:000_514a004910d82cf7", "ckg:source")]


def test_a_plan_has_exactly_the_edges_of_its_record(graph):
    out = {(target, key) for _, target, key in graph.out_edges(JILIN_PLAN, keys=True)
           if key != "prov:wasDerivedFrom"}
    tech = "vocab:technology/"
    assert out == {
        ("id:CN-JL", "ckg:jurisdiction"),
        ("vocab:document-status/released", "ckg:status"),
        ("vocab:chain-strategy/upgrading", "ckg:chainStrategy"),
        (tech + "intelligent-transformation", "ckg:targetsTechnology"),
        (tech + "digital-transformation", "ckg:targetsTechnology"),
        (tech + "digital-technology", "ckg:targetsTechnology"),
        (tech + "intelligent-manufacturing", "ckg:targetsTechnology"),
        ("id:period/2023-2025", "dcterms:temporal"),
    }
    assert graph.edges[JILIN_PLAN, "id:CN-JL", "ckg:jurisdiction"] == {
        "predicate": "https://w3id.org/chainkg/ontology#jurisdiction",
        "label": "jurisdiction", "label_zh": "管辖区域"}
    # A reused W3C property without rdfs:label in the ontology is labelled from its name.
    assert graph.edges["id:CN-JL", "id:CN", "dcterms:isPartOf"]["label"] == "is part of"
    assert graph.nodes[JILIN_PLAN]["ckg:startYear"] == 2023


def test_literals_and_schema_are_never_nodes(graph):
    assert all(node.startswith(("id:", "vocab:", "src:")) for node in graph)
    assert "vocab:technology" not in graph  # a concept scheme
    assert all(not attrs["class"].startswith("owl:") for _, attrs in graph.nodes(data=True))
    for _, attrs in graph.nodes(data=True):
        assert all(isinstance(value, str | int | float | bool) for value in attrs.values())
    for *_, attrs in graph.edges(keys=True, data=True):
        assert all(isinstance(value, str) for value in attrs.values())


def test_drop_and_keep_class(kg, graph):
    evidence = [n for n, c in graph.nodes(data="class") if c == "ckg:Evidence"]
    dropped = kg.to_networkx(drop_classes=["ckg:Evidence"])
    assert dropped.number_of_nodes() == graph.number_of_nodes() - len(evidence)
    assert not any(c == "ckg:Evidence" for _, c in dropped.nodes(data="class"))
    provinces = to_networkx(kg.graph, keep_classes=["ckg:ProvincialDivision"])
    # 34 provincial-level divisions; their only links go to id:CN, which is a ckg:Nation.
    assert provinces.number_of_nodes() == 34
    assert provinces.number_of_edges() == 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_identically(built, graph, tmp_path, capsys, fmt):
    out = tmp_path / f"chainkg.{fmt}"
    assert main(["export", "--build-dir", str(built), "-o", str(out)]) == 0
    assert f"exported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges" \
        in capsys.readouterr().out
    back = nx.read_graphml(out, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    for node, attrs in graph.nodes(data=True):
        assert dict(back.nodes[node]) == dict(attrs), node
    expected = sorted((u, v, tuple(sorted(d.items())))
                      for u, v, d in graph.edges(data=True))
    got = sorted((u, v, tuple(sorted((k, x) for k, x in d.items() if k != "id")))
                 for u, v, d in back.edges(data=True))
    assert got == expected
    if fmt == "graphml":
        assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))


def test_every_format_is_byte_identical_twice(built, tmp_path):
    for fmt in ("graphml", "gexf", "json", "csv"):
        outputs = []
        for run in ("a", "b"):
            out = tmp_path / run / f"chainkg.{fmt}"
            out.parent.mkdir(exist_ok=True)  # -o never creates folders
            assert main(["export", "--format", fmt, "--build-dir", str(built), "-o",
                         str(out)]) == 0
            outputs.append(sorted((p.name, p.read_bytes()) for p in out.parent.iterdir()))
        assert outputs[0] == outputs[1], fmt
    assert "lastmodifieddate" not in (tmp_path / "a" / "chainkg.gexf").read_text()


def test_json_is_node_link_data(built, graph, tmp_path):
    out = tmp_path / "g.json"
    assert main(["export", "--build-dir", str(built), "-o", str(out)]) == 0
    back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert nx.utils.graphs_equal(back, graph)


def test_csv_writes_nodes_and_edges_files(built, graph, tmp_path):
    out = tmp_path / "chainkg.csv"
    assert main(["export", "--build-dir", str(built), "-o", str(out),
                 "--drop-class", "ckg:Evidence"]) == 0
    with (tmp_path / "chainkg.nodes.csv").open(encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with (tmp_path / "chainkg.edges.csv").open(encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    evidence = sum(1 for _, c in graph.nodes(data="class") if c == "ckg:Evidence")
    assert len(nodes) == graph.number_of_nodes() - evidence
    row = next(r for r in nodes if r["id"] == "id:CN-SD")
    assert (row["label_en"], row["label_zh"], row["class"]) == ("Shandong", "山东省",
                                                                "ckg:Province")
    assert {"source": "id:CN-JL", "target": "id:CN", "key": "dcterms:isPartOf",
            "predicate": "http://purl.org/dc/terms/isPartOf", "label": "is part of",
            "label_zh": ""} in edges
    assert not any("/evidence/" in e["source"] or "/evidence/" in e["target"] for e in edges)


def test_bad_input_exits_2_with_a_message(built, tmp_path, capsys):
    assert main(["export", "--build-dir", str(built), "-o", str(tmp_path / "g.graphml"),
                 "--drop-class", "ckg:Evidenc"]) == 2
    assert "ckg:Evidenc: no resource in the graph has this class" in capsys.readouterr().err
    assert main(["export", "--build-dir", str(built), "-o", str(tmp_path / "g.txt")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["export", "--build-dir", str(built), "-o", str(tmp_path / "g.json"),
                 "--keep-class", "nope:Thing"]) == 2
    assert "known prefix" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
