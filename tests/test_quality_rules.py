"""Each SPARQL quality rule in ontology/rules/ holds on the build, and catches a violation."""

from __future__ import annotations

import pytest
from conftest import REPO, validate_here
from helpers import RECORDS, line_of, replace_once
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from chainkg.build.validate import oxigraph_store, rule_violations
from chainkg.core.namespaces import CKG, ID

RULES = sorted((REPO / "ontology" / "rules").glob("*.rq"))


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "chainkg.nt", format="nt")


def test_there_are_six_rules():
    assert [rule.stem for rule in RULES] == [
        "curator-texts-are-marked", "entities-have-labels", "entities-have-provenance",
        "facts-have-evidence", "supports-name-stated-facts", "terms-have-labels-and-definitions"]


@pytest.mark.parametrize("rule", RULES, ids=lambda p: p.stem)
def test_rule_holds_on_the_build(graph, rule):
    assert rule_violations(oxigraph_store(graph), rule) == []


@pytest.fixture(scope="module")
def curated_store(curated_built):
    return oxigraph_store(Graph().parse(curated_built / "chainkg.nt", format="nt"))


@pytest.mark.parametrize("rule", RULES, ids=lambda p: p.stem)
def test_rule_holds_on_the_curated_graph(curated_store, rule):
    assert rule_violations(curated_store, rule) == []


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


HUBEI_PLAN = ID["hubei-chain-chief-implementation-plan"]
HUBEI_TITLE = ("Implementation Plan of Further Deepening the Chain Length System of Key "
               "Manufacturing Industries in Hubei Province")


def test_curator_text_rule_catches_a_planted_title(graph):
    broken = Graph() + graph
    broken.add((HUBEI_PLAN, DCTERMS.title, Literal("湖北省链长制实施方案", lang="zh")))
    broken.add((HUBEI_PLAN, DCTERMS.title, Literal("Hubei Chain Chief Plan", lang="en")))
    assert violations(broken, "curator-texts-are-marked") == [
        [str(HUBEI_PLAN), str(DCTERMS.title), "Hubei Chain Chief Plan"],
        [str(HUBEI_PLAN), str(DCTERMS.title), "湖北省链长制实施方案"],
    ]
    # The source's own title, in another case, stands in its quote and passes.
    fine = Graph() + graph
    fine.add((HUBEI_PLAN, DCTERMS.title, Literal(HUBEI_TITLE.lower(), lang="en")))
    assert violations(fine, "curator-texts-are-marked") == []


def test_curator_text_rule_catches_an_unmarked_translation(graph):
    broken = Graph() + graph
    zh = Literal("沈鼓集团", lang="zh")
    assert (ID["shengu-group"], CKG.curatorTranslation, zh) in graph
    assert (ID["shengu-group"], RDFS.label, zh) in graph
    broken.remove((ID["shengu-group"], CKG.curatorTranslation, zh))
    broken.remove((ID["miit"], CKG.curatorIdentification, None))
    assert violations(broken, "curator-texts-are-marked") == [
        [str(ID["miit"]), str(SKOS.altLabel), "MIIT"],
        [str(ID["shengu-group"]), str(RDFS.label), "沈鼓集团"],
    ]


def test_supports_rule_catches_a_field_the_quote_does_not_state(graph):
    broken = Graph() + graph
    evidence = ID["miit/evidence/4913-5003"]
    assert (ID["miit"], PROV.wasDerivedFrom, evidence) in graph
    broken.add((evidence, CKG.supportsProperty, CKG.startYear))
    broken.add((evidence, CKG.supportsProperty, SKOS.altLabel))
    assert violations(broken, "supports-name-stated-facts") == [
        [str(ID["miit"]), str(SKOS.altLabel),
         "supported, but only the curator wrote its values"],
        [str(ID["miit"]), str(CKG.startYear), "supported, but the entity has no such fact"],
    ]


@pytest.fixture
def data(private_data):
    return private_data


def validate(capsys) -> tuple[int, list[str]]:
    return validate_here(capsys)


def test_validate_reports_an_unmarked_chinese_title(data, capsys):
    line = line_of(data / RECORDS, "  - id: hubei-chain-chief-implementation-plan\n")
    replace_once(data / RECORDS, f"    title: {{en: {HUBEI_TITLE}}}",
                 f"    title: {{en: {HUBEI_TITLE}, zh: 湖北省链长制实施方案}}")
    assert validate(capsys) == (1, [
        f"{RECORDS}:{line}: rule curator-texts-are-marked: "
        "id:hubei-chain-chief-implementation-plan: http://purl.org/dc/terms/title, "
        "湖北省链长制实施方案",
        "1 problem(s) found"])
    # Marked as the curator's translation, the same title passes.
    replace_once(data / RECORDS, "    translated: [label.zh]\n    title: {en: Implementation",
                 "    translated: [label.zh, title.zh]\n    title: {en: Implementation")
    assert validate(capsys) == (0, [])


def test_validate_reports_a_supported_translation(data, capsys):
    # Shenbian TBEA's alternative names are the curator's: a quote cannot support them.
    first = line_of(data / RECORDS, "  - id: shenbian-tbea\n")
    text = (data / RECORDS).read_text(encoding="utf-8")
    old = "        supports: [label, technologies]\n"
    at = text.index(old, text.index("  - id: shenbian-tbea\n"))
    (data / RECORDS).write_text(text[:at] + old.replace("label,", "label, alt_labels,")
                                + text[at + len(old):], encoding="utf-8")
    assert validate(capsys) == (1, [
        f"{RECORDS}:{first}: rule supports-name-stated-facts: id:shenbian-tbea: "
        "http://www.w3.org/2004/02/skos/core#altLabel, supported, but only the curator wrote "
        "its values",
        "1 problem(s) found"])


def test_bad_markers_are_located(data, capsys):
    start = line_of(data / RECORDS, "  - id: shengu-group\n")
    line = line_of(data / RECORDS, "    identified: [alt_labels]", after="  - id: shengu-group\n")
    assert line > start
    replace_once(data / RECORDS, "    identified: [alt_labels]",
                 "    identified: [alt_labels.zh, title, located_in]")
    code, err = validate(capsys)
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: identified: 'alt_labels.zh': alt_labels has no 'zh' text",
        f"{RECORDS}:{line}: identified: 'located_in': located_in is not a text field of this "
        "Enterprise; use one of alt_labels, description, label",
        f"{RECORDS}:{line}: identified: 'title': title is not a text field of this Enterprise; "
        "use one of alt_labels, description, label",
        # No longer marked as the curator's, the alternative name needs a quote.
        f"{RECORDS}:{line + 1}: alt_labels: no evidence item supports this field",
        "4 problem(s) found"]
