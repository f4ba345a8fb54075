"""Each SPARQL quality rule in ontology/rules/ holds on the build, and catches a violation."""

from __future__ import annotations

import pytest
from conftest import REPO
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from chainkg.build.validate import oxigraph_store, rule_violations
from chainkg.core.namespaces import CKG, ID

RULES = sorted((REPO / "ontology" / "rules").glob("*.rq"))


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "chainkg.nt", format="nt")


def test_there_are_four_rules():
    assert [rule.stem for rule in RULES] == [
        "entities-have-labels", "entities-have-provenance", "facts-have-evidence",
        "terms-have-labels-and-definitions"]


@pytest.mark.parametrize("rule", RULES, ids=lambda p: p.stem)
def test_rule_holds_on_the_build(graph, rule):
    assert rule_violations(oxigraph_store(graph), rule) == []


def violations(graph: Graph, name: str) -> list[list[str]]:
    return rule_violations(oxigraph_store(graph), REPO / "ontology" / "rules" / f"{name}.rq")


def test_terms_rule_catches_a_missing_chinese_label(graph):
    broken = Graph() + graph
    broken.remove((CKG.Measure, RDFS.label, Literal("政策举措", lang="zh")))
    broken.remove((URIRef("https://w3id.org/chainkg/vocab/technology/robot"), SKOS.definition,
                   None))
    assert violations(broken, "terms-have-labels-and-definitions") == [
        [str(CKG.Measure), "Chinese label"],
        ["https://w3id.org/chainkg/vocab/technology/robot", "definition"],
    ]


def test_labels_rule_catches_an_unlabelled_entity(graph):
    broken = Graph() + graph
    broken.remove((ID["qu-hongbin"], RDFS.label, None))
    assert violations(broken, "entities-have-labels") == [[str(ID["qu-hongbin"])]]


def test_evidence_rule_catches_an_unsupported_fact(graph):
    broken = Graph() + graph
    broken.add((ID["jilin-lighthouse-factories"], CKG.startYear, Literal(2023)))
    assert violations(broken, "facts-have-evidence") == [
        [str(ID["jilin-lighthouse-factories"]), str(CKG.startYear)]]


def test_provenance_rule_catches_an_entity_from_nowhere(graph):
    broken = Graph() + graph
    broken.add((ID["made-up-plan"], RDF.type, CKG.ActionPlan))
    assert violations(broken, "entities-have-provenance") == [[str(ID["made-up-plan"])]]
