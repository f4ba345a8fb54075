"""Competency questions: every named query's exact rows on the curated graph, on both stores,
through the Python API and the ``chainkg query`` command.

Expected rows are read off graph/records/*.yaml and the vocabularies.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from conftest import REPO
from rdflib import Graph, Literal, URIRef

from chainkg.cli import main
from chainkg.core.namespaces import ID, PREFIXES, VOCAB
from chainkg.query import (
    ParameterError,
    QueryHeaderError,
    QuerySyntaxError,
    UnknownQueryError,
    get_query,
    list_queries,
    select_frame,
)
from chainkg.query.library import parse_query_text
from chainkg.query.sparql import with_values

# (query, parameters): every named query at least once, every parameter at least once.
QUERY_CASES = [
    ("plans-by-province", {}), ("plans-by-province", {"year": 2024}),
    ("plans-by-province", {"province": "CN-JL"}),
    ("policy-documents", {}), ("policy-documents", {"jurisdiction": "CN"}),
    ("plan-technologies", {}), ("plan-technologies", {"under": "high-end-equipment"}),
    ("plan-technologies", {"plan": "jilin-intelligent-digital-transformation-plan"}),
    ("province-technologies", {}),
    ("province-technologies", {"province": "Liaoning", "under": "digital-technology"}),
    ("province-technologies", {"province": "CN-XZ"}),
    ("shared-technologies", {}), ("shared-technologies", {"rollup": True}),
    ("shared-technologies", {"min_provinces": 3, "rollup": True}),
    ("targets", {}), ("targets", {"deadline": 2025}), ("targets", {"deadline": 2024}),
    ("targets", {"province": "CN-HB"}),
    ("targets", {"counts": "revenue", "deadline_from": 2022, "deadline_to": 2024}),
    ("actor-profile", {"actor": "miit"}), ("actor-profile", {"actor": "wu-yin"}),
    ("chain-strategies", {}), ("chain-strategies", {"strategy": "upgrading"}),
    ("measures", {}), ("measures", {"plan": "shandong-innovation-capability-plan"}),
    ("measures", {"jurisdiction": "CN-LN"}),
    ("actors-by-province", {}), ("actors-by-province", {"province": "CN"}),
    ("expert-statements", {}), ("expert-statements", {"person": "wu-yin"}),
    ("indicator-series", {}), ("indicator-series", {"indicator": "gii-rank-china"}),
    ("evidence", {"entity": "jilin-lighthouse-factories"}),
    ("evidence", {"entity": "jilin-lighthouse-factories", "property": "ckg:deadlineYear"}),
    ("evidence", {"entity": "CN-JL"}),
    ("label-search", {"text": "robot"}), ("label-search", {"text": "机器人"}),
    ("label-search", {"text": "ROBOT"}),
    ("province-profile", {"province": "CN-JL"}), ("province-profile", {"province": "Liaoning"}),
    ("province-profile", {"province": "CN-HN"}), ("province-profile", {"province": "CN"}),
    ("province-graph", {"province": "CN-JL"}), ("province-graph", {"province": "CN"}),
    ("policy-diffusion", {}), ("policy-diffusion", {"instrument": "chain-chief-system"}),
    ("technology-coverage", {}), ("technology-coverage", {"under": "high-end-equipment"}),
    ("key-chains", {}), ("key-chains", {"province": "CN-HL", "level": "key"}),
    ("chain-chiefs", {}), ("chain-chiefs", {"province": "CN-HL"}),
    ("chain-chief-adoption", {}), ("chain-masters", {}), ("chain-masters", {"province": "CN-ZJ"}),
    ("quantities", {}), ("quantities", {"province": "CN-AH", "kind": "target"}),
    ("quantities", {"province": "CN-JL"}), ("quantities", {"kind": "achievement"}),
    ("documents", {}), ("documents", {"jurisdiction": "CN"}),
    ("documents", {"jurisdiction": "CN-SD"}), ("events", {}),
    ("province-coverage", {}), ("source-coverage", {}), ("graph-summary", {}),
]
CASE_IDS = [f"{name}-{'-'.join(f'{k}={v}' for k, v in params.items()) or 'all'}"
            for name, params in QUERY_CASES]
SRC = "https://w3id.org/chainkg/source/000_514a004910d82cf7"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def short(value):
    """Entity and concept IRIs as ids ('CN-JL', 'technology/robot'), other values as they are."""
    if isinstance(value, str):
        for base in (str(ID), str(VOCAB)):
            if value.startswith(base):
                return value[len(base):]
        for prefix, namespace in PREFIXES.items():
            if value.startswith(str(namespace)) and prefix in ("ckg", "foaf", "skos"):
                return f"{prefix}:{value[len(str(namespace)):]}"
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(short(v) for v in row)
            for row in frame[list(columns)].astype(object).itertuples(index=False)]


def by_value(graph: Graph) -> set[tuple]:
    """Triples with literals compared by value: Oxigraph stores "100.0"^^xsd:decimal as
    "100", rdflib keeps the lexical form it read."""
    def key(o):
        if not isinstance(o, Literal):
            return o
        datatype = None if o.datatype == XSD_STRING else o.datatype
        return datatype, o.language, o.value if o.value is not None else str(o)

    return {(s, p, key(o)) for s, p, o in graph}


@pytest.fixture(scope="module")
def memory_kg(built):
    from chainkg import KnowledgeGraph

    return KnowledgeGraph.load(built, store="memory")


def test_library_lists_every_competency_question():
    names = [q.name for q in list_queries()]
    assert names == sorted(names)
    assert set(names) == {name for name, _ in QUERY_CASES}
    for query in list_queries():
        assert query.title and query.description
        assert query.form in ("SELECT", "CONSTRUCT")


@pytest.mark.parametrize(("name", "params"), QUERY_CASES, ids=CASE_IDS)
def test_both_stores_return_identical_results(kg, memory_kg, name, params):
    query = get_query(name)
    if query.form == "SELECT":
        oxigraph = kg.query(name, **params)
        pd.testing.assert_frame_equal(oxigraph, memory_kg.query(name, **params))
        for column, kind in query.columns.items():
            expected = {"integer": "Int64", "decimal": "float64"}[kind]
            assert str(oxigraph[column].dtype) == expected
    else:
        assert by_value(kg.query(name, **params)) == by_value(memory_kg.query(name, **params))


DIVISION_PARAMS = [(query.name, param.name) for query in list_queries()
                   for param in query.params if param.type == "division"]


@pytest.mark.parametrize(("name", "param"), DIVISION_PARAMS,
                         ids=[f"{name}-{param}" for name, param in DIVISION_PARAMS])
def test_a_division_without_data_gives_nothing_about_others(kg, memory_kg, name, param):
    """Tibet (CN-XZ) is in the graph (reference data) but no record is about it: every query
    narrowed to it has no rows on either store, and the graph query only Tibet's own triples.
    (rdflib once joined the empty group of a grouped subquery with every technology.)"""
    query = get_query(name)
    if query.form == "SELECT":
        oxigraph = kg.query(name, **{param: "CN-XZ"})
        pd.testing.assert_frame_equal(oxigraph, memory_kg.query(name, **{param: "CN-XZ"}))
        assert len(oxigraph) == 0
        assert list(oxigraph.columns) == [str(v) for v in query.prepared.algebra.PV]
    else:
        graph = kg.query(name, **{param: "CN-XZ"})
        assert by_value(graph) == by_value(memory_kg.query(name, **{param: "CN-XZ"}))
        assert set(graph.subjects()) == {ID["CN-XZ"]}
        assert len(graph) == len(set(kg.graph.triples((ID["CN-XZ"], None, None))))


def test_plans_by_province(kg):
    frame = kg.query("plans-by-province")
    assert rows(frame, "province", "province_label", "plan", "type", "start_year", "end_year",
                "status_label") == [
        ("CN-AH", "Anhui", "anhui-nev-industry-development-plan-2021-2023",
         "ckg:DevelopmentPlan", 2021, 2023, "released"),
        ("CN-HB", "Hubei", "hubei-chain-chief-implementation-plan", "ckg:ImplementationPlan",
         None, None, "released"),
        ("CN-HN", "Hunan", "hunan-key-supporting-products-list", "ckg:ProductList", None, None,
         "released"),
        ("CN-JL", "Jilin", "jilin-intelligent-digital-transformation-plan", "ckg:ActionPlan",
         2023, 2025, "released"),
        ("CN-SD", "Shandong", "shandong-innovation-capability-plan", "ckg:ActionPlan", 2023, 2025,
         "released"),
        ("CN-SD", "Shandong", "shandong-ngit-action-plan", "ckg:ActionPlan", 2024, 2025,
         "released"),
        ("CN-SD", "Shandong", "shandong-ten-demand-expansions-initiative", "ckg:Initiative",
         2024, 2025, "released"),
        ("CN-SD", "Shandong", "shandong-ten-industries-initiative", "ckg:Initiative", 2024, 2025,
         "released"),
        ("CN-SD", "Shandong", "shandong-ten-innovations-initiative", "ckg:Initiative", 2024, 2025,
         "released"),
        ("CN-SH", "Shanghai", "shanghai-manufacturing-high-quality-development-plan",
         "ckg:ActionPlan", 2023, 2025, "agreed in principle"),
    ]
    assert str(frame["start_year"].dtype) == "Int64"
    # Plans in force in 2024: the three 2023-2025 plans and Shandong's four 2024-2025 ones.
    assert rows(kg.query("plans-by-province", year=2024), "province_label") == [
        ("Jilin",), ("Shandong",), ("Shandong",), ("Shandong",), ("Shandong",), ("Shandong",),
        ("Shanghai",)]
    # In 2022 only Anhui's 2021-2023 NEV plan; before 2021 nothing with a period.
    assert rows(kg.query("plans-by-province", year="2022"), "plan") == [
        ("anhui-nev-industry-development-plan-2021-2023",)]
    assert rows(kg.query("plans-by-province", year=2020), "province_label") == []
    assert rows(kg.query("plans-by-province", province="吉林省"), "plan") == [
        ("jilin-intelligent-digital-transformation-plan",)]


def test_policy_documents(kg):
    assert rows(kg.query("policy-documents"), "jurisdiction", "document", "status_label", "role",
                "body") == [
        ("CN-AH", "anhui-nev-industry-development-plan-2021-2023", "released", None, None),
        ("CN", "miit-guiding-opinions-traditional-industries", "to be formulated", "issued by",
         "miit"),
        ("CN", "state-council-manufacturing-upgrading-arrangements", "released", "issued by",
         "state-council-executive-meeting"),
        ("CN-HB", "hubei-chain-chief-implementation-plan", "released", None, None),
        ("CN-HN", "hunan-key-supporting-products-list", "released", "issued by",
         "hunan-department-of-industry-and-information-technology"),
        ("CN-JL", "jilin-intelligent-digital-transformation-plan", "released", None, None),
        ("CN-SD", "shandong-innovation-capability-plan", "released", None, None),
        ("CN-SD", "shandong-ngit-action-plan", "released", None, None),
        ("CN-SD", "shandong-ten-demand-expansions-initiative", "released", "issued by",
         "shandong-provincial-government"),
        ("CN-SD", "shandong-ten-industries-initiative", "released", "issued by",
         "shandong-provincial-government"),
        ("CN-SD", "shandong-ten-innovations-initiative", "released", "issued by",
         "shandong-provincial-government"),
        ("CN-SH", "shanghai-manufacturing-high-quality-development-plan", "agreed in principle",
         "approved by", "shanghai-municipal-government-executive-meeting"),
    ]
    assert len(kg.query("policy-documents", jurisdiction="CN")) == 2


def test_plan_technologies(kg):
    frame = kg.query("plan-technologies")
    hunan = "hunan-key-supporting-products-list"
    jilin = "jilin-intelligent-digital-transformation-plan"
    shandong = "shandong-innovation-capability-plan"
    found = "technology/industrial-foundation"
    anhui = "anhui-nev-industry-development-plan-2021-2023"
    auto = "technology/automotive"
    ngit_plan, ten_industries = "shandong-ngit-action-plan", "shandong-ten-industries-initiative"
    ngit, digital = "technology/new-generation-information-technology", \
        "technology/digital-technology"
    assert rows(frame, "document", "technology", "field") == [
        # the plan's own technologies and, through its targets, the automotive industry
        (anhui, auto, auto), (anhui, "technology/fuel-cell", auto),
        (anhui, "technology/intelligent-connected-vehicle", auto),
        (anhui, "technology/lithium-battery", auto),
        (anhui, "technology/new-energy-vehicle", auto), (anhui, "technology/power-battery", auto),
        (hunan, "technology/advanced-manufacturing", "technology/advanced-manufacturing"),
        (hunan, "technology/aero-engine", "technology/high-end-equipment"),
        (hunan, "technology/hydraulics", "technology/high-end-equipment"),
        (jilin, "technology/digital-technology", "technology/digital-technology"),
        (jilin, "technology/digital-transformation", "technology/intelligent-manufacturing"),
        (jilin, "technology/intelligent-manufacturing", "technology/intelligent-manufacturing"),
        (jilin, "technology/intelligent-transformation", "technology/intelligent-manufacturing"),
        (shandong, "technology/basic-electronic-components", found),
        (shandong, "technology/basic-materials", found),
        (shandong, "technology/basic-parts", found),
        (shandong, "technology/basic-processes", found),
        (shandong, "technology/basic-software", found),
        (shandong, "technology/five-basics", found),
        (shandong, "technology/high-end-software", "technology/software"),
        (shandong, "technology/industrial-mother-machine", "technology/high-end-equipment"),
        (shandong, "technology/key-raw-materials", found),
        (shandong, "technology/optoelectronics", "technology/optoelectronics"),
        (shandong, "technology/robot", "technology/high-end-equipment"),
        # digital technology comes from a measure of the plan (key digital industries)
        (ngit_plan, digital, digital), (ngit_plan, ngit, digital),
        (ten_industries, "technology/cultural-creativity", "technology/cultural-creativity"),
        (ten_industries, "technology/new-energy", "technology/new-energy"),
        (ten_industries, ngit, digital),
        (ten_industries, "technology/new-materials", "technology/new-materials"),
        (ten_industries, "technology/tourism", "technology/tourism"),
    ]
    # under= follows skos:broader down: robots and machine tools are high-end equipment.
    assert rows(kg.query("plan-technologies", under="high-end-equipment"), "document",
                "technology_label") == [
        (hunan, "aero-engines"), (hunan, "hydraulic components"),
        (shandong, "industrial mother machines"), (shandong, "robots")]
    assert len(kg.query("plan-technologies", plan=jilin)) == 4


def test_province_technologies(kg):
    frame = kg.query("province-technologies")
    counts = {(p, t.split("/")[1]): n for p, t, n in rows(frame, "province", "technology", "items")}
    shandong = {t: 2 for t in ("basic-electronic-components", "basic-materials", "basic-parts",
                               "basic-processes", "basic-software", "five-basics",
                               "high-end-software", "industrial-mother-machine",
                               "key-raw-materials", "optoelectronics", "robot")}
    shandong.update({"cultural-creativity": 1, "digital-technology": 1, "new-energy": 1,
                     "new-materials": 1, "tourism": 1,
                     # the action plan, its 6 measures and 6 targets, its cluster, the initiative
                     "new-generation-information-technology": 15})
    assert counts == {
        # the plan, 4 measures and 8 targets of it: 10 items name NEVs
        ("CN-AH", "automotive"): 2, ("CN-AH", "fuel-cell"): 2,
        ("CN-AH", "intelligent-connected-vehicle"): 3, ("CN-AH", "lithium-battery"): 2,
        ("CN-AH", "new-energy-vehicle"): 10, ("CN-AH", "power-battery"): 2,
        ("CN-HL", "advanced-manufacturing"): 2, ("CN-HL", "agri-food-processing"): 1,
        ("CN-HL", "automotive"): 2,
        ("CN-HN", "advanced-manufacturing"): 1, ("CN-HN", "aero-engine"): 1,
        ("CN-HN", "hydraulics"): 1,
        ("CN-JL", "digital-technology"): 1, ("CN-JL", "digital-transformation"): 2,
        ("CN-JL", "intelligent-manufacturing"): 2, ("CN-JL", "intelligent-transformation"): 3,
        ("CN-LN", "5g"): 1, ("CN-LN", "5g-industrial-internet"): 1,
        ("CN-LN", "industrial-internet"): 7,
        **{("CN-SD", t): n for t, n in shandong.items()},
        ("CN-SH", "advanced-manufacturing"): 2, ("CN-SH", "green-manufacturing"): 1,
        ("CN-SH", "intelligent-manufacturing"): 1,
    }
    assert [p for p, *_ in rows(frame, "province_label")] == (
        ["Anhui"] * 6 + ["Heilongjiang"] * 3 + ["Hunan"] * 3 + ["Jilin"] * 4 + ["Liaoning"] * 3
        + ["Shandong"] * 17 + ["Shanghai"] * 3)
    assert rows(kg.query("province-technologies", province="Liaoning",
                         under="digital-technology"), "technology", "items") == [
        ("technology/5g", 1), ("technology/5g-industrial-internet", 1),
        ("technology/industrial-internet", 7)]


def test_shared_technologies(kg):
    assert rows(kg.query("shared-technologies"), "technology", "provinces", "province_label") == [
        ("technology/advanced-manufacturing", 3, "Heilongjiang"),
        ("technology/advanced-manufacturing", 3, "Hunan"),
        ("technology/advanced-manufacturing", 3, "Shanghai"),
        ("technology/automotive", 2, "Anhui"),
        ("technology/automotive", 2, "Heilongjiang"),
        ("technology/digital-technology", 2, "Jilin"),
        ("technology/digital-technology", 2, "Shandong"),
        ("technology/intelligent-manufacturing", 2, "Jilin"),
        ("technology/intelligent-manufacturing", 2, "Shanghai"),
    ]
    # Rolled up the taxonomy, digital technology gains Liaoning (through the industrial
    # internet and 5G) and high-end equipment (Hunan, Shandong) is shared too; automotive
    # stays with Anhui and Heilongjiang (Anhui's NEV items roll up into it as well).
    rolled = [
        ("technology/advanced-manufacturing", "CN-HL"),
        ("technology/advanced-manufacturing", "CN-HN"),
        ("technology/advanced-manufacturing", "CN-SH"),
        ("technology/digital-technology", "CN-JL"),
        ("technology/digital-technology", "CN-LN"),
        ("technology/digital-technology", "CN-SD"),
    ]
    assert rows(kg.query("shared-technologies", rollup=True), "technology", "province") == [
        *rolled,
        ("technology/automotive", "CN-AH"),
        ("technology/automotive", "CN-HL"),
        ("technology/high-end-equipment", "CN-HN"),
        ("technology/high-end-equipment", "CN-SD"),
        ("technology/intelligent-manufacturing", "CN-JL"),
        ("technology/intelligent-manufacturing", "CN-SH"),
    ]
    assert rows(kg.query("shared-technologies", min_provinces=3, rollup="true"), "technology",
                "province") == rolled
    assert kg.query("shared-technologies", min_provinces=4, rollup="true").empty


def test_quantified_targets(kg):
    frame = kg.query("targets", deadline=2025, province="CN-JL")
    plan = "jilin-intelligent-digital-transformation-plan"
    assert rows(frame, "target", "comparator", "value", "counted", "unit", "deadline_year",
                "plan", "province") == [
        ("jilin-demonstration-factories", "exactly", 100.0, "demonstration factory", "count",
         2025, plan, "CN-JL"),
        ("jilin-demonstration-projects", "more than", 300.0, "demonstration project", "count",
         2025, plan, "CN-JL"),
        ("jilin-digital-workshops", "exactly", 300.0,
         "intelligent manufacturing digital workshop", "count", 2025, plan, "CN-JL"),
        ("jilin-lighthouse-factories", "exactly", 12.0, "lighthouse factory", "count", 2025,
         plan, "CN-JL"),
    ]
    assert {str(frame[c].dtype) for c in ("value", "min_value", "max_value")} == {"float64"}
    assert str(frame["deadline_year"].dtype) == "Int64"
    everything = kg.query("targets")
    qualitative = {"anhui-key-parts-suppliers": 2023, "anhui-nev-icv-world-class-clusters": 2023,
                   "anhui-nev-public-adoption": 2023, "anhui-world-class-nev-technology": 2023,
                   "heilongjiang-high-end-manufacturing-cluster-target": None,
                   "hubei-distinctive-industrial-clusters": None,
                   "shandong-future-industrial-clusters-2025": 2025,
                   "shandong-future-industrial-system-2025": 2025,
                   "shandong-iconic-products-2025": 2025,
                   "shandong-innovation-platforms-2025": 2025,
                   "shandong-key-technologies-2025": 2025,
                   "shandong-leading-enterprises-2025": 2025,
                   "shandong-ngit-industrial-cluster-target": 2025,
                   "shandong-ngit-integrated-application-zone-target": 2025,
                   "shandong-ngit-technological-innovation-area-target": 2025,
                   "shanghai-world-class-industrial-cluster-target": None}
    quantified = [
        ("anhui-local-parts-share-2023", "exactly", 70.0, None, None, "percent", 2023),
        ("anhui-nev-enterprises-2023", "range", None, 3.0, 5.0, "count", 2023),
        ("anhui-nev-production-share-2023", "more than", 10.0, None, None, "percent", 2023),
        ("anhui-vehicle-brands-2023", "more than", 10.0, None, None, "count", 2023),
        ("heilongjiang-key-industries-2021", "exactly", 15.0, None, None, "count", 2021),
        ("heilongjiang-key-industry-turnover-2021", "at least", 100_000_000_000.0, None, None,
         "yuan", 2021),
        ("hubei-chain-space-platforms-per-chain", "range", None, 2.0, 3.0, "count", None),
        ("jilin-demonstration-factories", "exactly", 100.0, None, None, "count", 2025),
        ("jilin-demonstration-projects", "more than", 300.0, None, None, "count", 2025),
        ("jilin-digital-workshops", "exactly", 300.0, None, None, "count", 2025),
        ("jilin-lighthouse-factories", "exactly", 12.0, None, None, "count", 2025),
        ("shandong-ngit-revenue-2024", "more than", 2_200_000_000_000.0, None, None, "yuan",
         2024),
        ("shandong-ngit-revenue-2025", "more than", 2_400_000_000_000.0, None, None, "yuan",
         2025),
        ("shandong-ngit-revenue-growth", "more than", 10.0, None, None, "percent", 2025),
    ]
    # Qualitative targets are listed too, with no comparator, value or unit.
    assert rows(everything, "target", "comparator", "value", "min_value", "max_value",
                "unit", "deadline_year") == sorted(
        quantified + [(name, None, None, None, None, None, year)
                      for name, year in qualitative.items()])
    # Due by 2024: Anhui's eight 2023 targets, Heilongjiang's two for 2021, Shandong's 2024 one.
    assert rows(kg.query("targets", deadline=2024), "target") == [
        ("anhui-key-parts-suppliers",), ("anhui-local-parts-share-2023",),
        ("anhui-nev-enterprises-2023",), ("anhui-nev-icv-world-class-clusters",),
        ("anhui-nev-production-share-2023",), ("anhui-nev-public-adoption",),
        ("anhui-vehicle-brands-2023",), ("anhui-world-class-nev-technology",),
        ("heilongjiang-key-industries-2021",), ("heilongjiang-key-industry-turnover-2021",),
        ("shandong-ngit-revenue-2024",)]
    assert kg.query("targets", deadline=2020).empty
    assert rows(kg.query("targets", province="Hubei"), "target") == [
        ("hubei-chain-space-platforms-per-chain",), ("hubei-distinctive-industrial-clusters",)]


def test_chain_strategies(kg):
    """Documents, measures and targets of a division (the rule analytics follows)."""
    assert rows(kg.query("chain-strategies"), "jurisdiction", "item_kind", "item",
                "strategy") == [
        ("CN", "document", "miit-guiding-opinions-traditional-industries",
         "chain-strategy/upgrading"),
        ("CN", "document", "state-council-manufacturing-upgrading-arrangements",
         "chain-strategy/upgrading"),
        ("CN", "measure", "miit-top-level-planning", "chain-strategy/upgrading"),
        ("CN-HB", "document", "hubei-chain-chief-implementation-plan", "chain-strategy/building"),
        ("CN-HB", "document", "hubei-chain-chief-implementation-plan",
         "chain-strategy/extending"),
        ("CN-HN", "document", "hunan-key-supporting-products-list", "chain-strategy/patching"),
        ("CN-JL", "document", "jilin-intelligent-digital-transformation-plan",
         "chain-strategy/upgrading"),
        ("CN-JL", "measure", "jilin-intelligent-transformation-round", "chain-strategy/upgrading"),
        ("CN-LN", "measure", "liaoning-5g-industrial-internet", "chain-strategy/upgrading"),
        ("CN-LN", "measure", "liaoning-double-leap-platforms", "chain-strategy/upgrading"),
        ("CN-LN", "measure", "liaoning-industrial-internet-platform-system",
         "chain-strategy/upgrading"),
        ("CN-SD", "document", "shandong-innovation-capability-plan", "chain-strategy/patching"),
        ("CN-SD", "measure", "shandong-five-basics-shortcomings", "chain-strategy/patching"),
        ("CN-SD", "measure", "shandong-key-core-technology-upgrading", "chain-strategy/patching"),
        ("CN-SD", "measure", "shandong-ngit-core-technology-breakthroughs",
         "chain-strategy/patching"),
        ("CN-SD", "target", "shandong-future-industrial-clusters-2025", "chain-strategy/building"),
        ("CN-SD", "target", "shandong-future-industrial-system-2025", "chain-strategy/building"),
        ("CN-SH", "measure", "shanghai-high-end-advanced-manufacturing", "chain-strategy/building"),
        ("CN-SH", "measure", "shanghai-high-end-advanced-manufacturing",
         "chain-strategy/extending"),
    ]
    upgrading = kg.query("chain-strategies", strategy="upgrading")
    assert rows(upgrading[upgrading["item_kind"] == "document"], "document") == [
        ("miit-guiding-opinions-traditional-industries",),
        ("state-council-manufacturing-upgrading-arrangements",),
        ("jilin-intelligent-digital-transformation-plan",)]
    assert rows(kg.query("chain-strategies", jurisdiction="CN-JL"), "document",
                "strategy_label_zh") == [
        ("jilin-intelligent-digital-transformation-plan", "升级传统产业链"),
        ("jilin-intelligent-digital-transformation-plan", "升级传统产业链")]


def test_measures(kg):
    hubei, shanghai = "hubei-chain-chief-implementation-plan", \
        "shanghai-manufacturing-high-quality-development-plan"
    shandong = "shandong-innovation-capability-plan"
    anhui = "anhui-nev-industry-development-plan-2021-2023"
    ngit = "shandong-ngit-action-plan"
    assert rows(kg.query("measures"), "measure", "type", "policy", "jurisdiction") == [
        ("miit-top-level-planning", "ckg:Measure", None, "CN"),
        ("anhui-attract-foreign-nev-projects", "ckg:Measure", anhui, "CN-AH"),
        ("anhui-industry-campuses-and-bases", "ckg:Measure", anhui, "CN-AH"),
        ("anhui-power-battery-application", "ckg:Measure", anhui, "CN-AH"),
        ("anhui-supply-chain-stability", "ckg:Measure", anhui, "CN-AH"),
        ("hubei-enterprise-resource-exchange", "ckg:Measure", hubei, "CN-HB"),
        ("hubei-key-industrial-parks", "ckg:Measure", hubei, "CN-HB"),
        ("heilongjiang-agricultural-processing-pillar-industry", "ckg:Measure", None, "CN-HL"),
        ("heilongjiang-chain-chief-scheme", "ckg:Measure", None, "CN-HL"),
        ("heilongjiang-chain-coordination-mechanism", "ckg:Measure", None, "CN-HL"),
        ("heilongjiang-local-key-industrial-chains", "ckg:Measure", None, "CN-HL"),
        ("hunan-financial-rewards-for-list-products", "ckg:Incentive",
         "hunan-key-supporting-products-list", "CN-HN"),
        ("jilin-intelligent-transformation-round", "ckg:Measure",
         "jilin-intelligent-digital-transformation-plan", "CN-JL"),
        ("liaoning-5g-industrial-internet", "ckg:Measure", None, "CN-LN"),
        ("liaoning-double-leap-platforms", "ckg:Measure", None, "CN-LN"),
        ("liaoning-industrial-internet-platform-system", "ckg:Measure", None, "CN-LN"),
        ("shandong-five-basics-shortcomings", "ckg:Measure", shandong, "CN-SD"),
        ("shandong-key-core-technology-upgrading", "ckg:Measure", shandong, "CN-SD"),
        ("shandong-ngit-chain-competitiveness", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ngit-core-technology-breakthroughs", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ngit-development-environment", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ngit-development-layout", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ngit-driving-force", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ngit-key-digital-industries", "ckg:Measure", ngit, "CN-SD"),
        ("shandong-ten-industries-supporting-measures", "ckg:Measure",
         "shandong-ten-industries-initiative", "CN-SD"),
        ("shanghai-high-end-advanced-manufacturing", "ckg:Measure", None, "CN-SH"),
        ("shanghai-innovation-chain-integration", "ckg:Measure", shanghai, "CN-SH"),
        ("shanghai-major-key-projects", "ckg:Measure", shanghai, "CN-SH"),
    ]
    incentive = kg.query("measures", jurisdiction="Hunan")
    assert rows(incentive, "incentive_kind", "beneficiary") == [
        ("financial reward", "enterprises that develop products on the list")]
    assert len(kg.query("measures", plan=shandong)) == 2
    assert len(kg.query("measures", jurisdiction="CN-LN")) == 3
    assert len(kg.query("measures", plan=ngit)) == 6
    assert len(kg.query("measures", jurisdiction="Heilongjiang")) == 4


def test_actors_by_province(kg):
    assert rows(kg.query("actors-by-province"), "division", "kind", "actor", "type", "via") == [
        ("CN", "organisation", "china-chief-economist-forum", "ckg:Forum", None),
        ("CN", "organisation", "miit", "ckg:Ministry", None),
        ("CN", "organisation", "state-council", "ckg:StateCouncil", None),
        ("CN", "organisation", "state-council-executive-meeting", "ckg:ExecutiveMeeting", None),
        ("CN", "person", "jin-zhuanglong", "foaf:Person", "miit"),
        ("CN", "person", "qu-hongbin", "foaf:Person", "china-chief-economist-forum"),
        ("CN-HL", "organisation", "heilongjiang-provincial-government",
         "ckg:ProvincialGovernment", None),
        ("CN-HL", "organisation", "heilongjiang-provincial-peoples-congress",
         "ckg:GovernmentBody", None),
        ("CN-HN", "organisation", "hunan-department-of-industry-and-information-technology",
         "ckg:ProvincialDepartment", None),
        ("CN-LN", "organisation", "shenbian-tbea", "ckg:Enterprise", None),
        ("CN-LN", "organisation", "shengu-group", "ckg:Enterprise", None),
        ("CN-SD", "organisation", "shandong-provincial-government", "ckg:ProvincialGovernment",
         None),
        ("CN-SH", "organisation", "shanghai-municipal-government-executive-meeting",
         "ckg:ExecutiveMeeting", None),
    ]
    assert len(kg.query("actors-by-province", province="CN")) == 6


def test_expert_statements(kg):
    assert rows(kg.query("expert-statements"), "statement", "speaker_label", "role",
                "organisation") == [
        ("jin-zhuanglong-guiding-opinions-announced", "Jin Zhuanglong", "minister", "miit"),
        ("jin-zhuanglong-upgrading-direction", "Jin Zhuanglong", "minister", "miit"),
        ("qu-hongbin-high-end-potential", "Qu Hongbin", "vice chairman",
         "china-chief-economist-forum"),
        ("qu-hongbin-next-three-years-crucial", "Qu Hongbin", "vice chairman",
         "china-chief-economist-forum"),
        ("wu-yin-clusters-most-effective", "Wu Yin", "professor", "swufe-school-of-economics"),
        ("wu-yin-policy-space", "Wu Yin", "professor", "swufe-school-of-economics"),
    ]
    wu = kg.query("expert-statements", person="wu-yin")
    assert wu["claim"].tolist()[0].startswith("Industrial clusters are the most effective")
    assert len(wu) == 2


def test_indicator_series(kg):
    assert rows(kg.query("indicator-series"), "series", "area", "year", "comparator", "value",
                "unit") == [
        ("gii-rank-china", "CN", 2012, "exactly", 34.0, "rank"),
        ("gii-rank-china", "CN", 2022, "exactly", 11.0, "rank"),
        ("traditional-industry-share-of-manufacturing", "CN", 2023, "more than", 80.0, "percent"),
    ]
    gii = kg.query("indicator-series", indicator="gii-rank-china")
    assert dict(zip(gii["year"], gii["value"], strict=True)) == {2012: 34.0, 2022: 11.0}


def test_evidence(kg):
    base = "jilin-lighthouse-factories/evidence"
    first = ("Manufacturing Industry in Jilin Province (2023-2025) proposes to support more "
             "than 300 demonstration projects")
    title = "Innovation responsibility of traditional manufacturing industry"
    frame = kg.query("evidence", entity="jilin-lighthouse-factories")
    assert rows(frame, "evidence", "supports", "quote", "start", "end", "source",
                "source_title", "source_address") == [
        (f"{base}/3478-3587", f"ckg:{name}", first, 3478, 3587, SRC, title, None)
        for name in ("deadlineYear", "jurisdiction", "partOfPolicy")] + [
        (f"{base}/3667-3697",
         "http://www.w3.org/2000/01/rdf-schema#label" if name == "label" else f"ckg:{name}",
         "build 1 2 lighthouse factories", 3667, 3697, SRC, title, None)
        for name in ("label", "comparator", "countedKind", "scope", "targetValue", "unit")]
    assert rows(kg.query("evidence", entity="id:jilin-lighthouse-factories",
                         property="ckg:deadlineYear"), "evidence") == [(f"{base}/3478-3587",)]
    reference = "https://w3id.org/chainkg/source/reference-provinces"
    assert rows(kg.query("evidence", entity="CN-JL"), "evidence", "quote", "start", "source",
                "source_title") == [
        (reference, None, None, reference,
         "ISO 3166-2:CN provincial-level divisions with Wikidata items")]


def vocabulary_concepts(matching=None) -> dict[str, set[str]]:
    """Concepts of the live vocabularies (the fixture graph uses them) -> their labels, read
    with rdflib straight from ontology/vocab, independently of the queries under test."""
    from rdflib import Graph as RdfGraph
    from rdflib.namespace import SKOS

    vocab = RdfGraph()
    for path in sorted((REPO / "ontology" / "vocab").glob("*.ttl")):
        vocab.parse(path, format="turtle")
    labels: dict[str, set[str]] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in vocab.subject_objects(predicate):
            labels.setdefault(short(str(concept)), set()).add(str(label))
    return labels


def narrower_closure(top: str) -> set[str]:
    from rdflib import Graph as RdfGraph
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    vocab = RdfGraph().parse(REPO / "ontology" / "vocab" / "technology.ttl", format="turtle")
    found, pending = set(), [URIRef(str(VOCAB) + top)]
    while pending:
        concept = pending.pop()
        found.add(short(str(concept)))
        pending.extend(vocab.subjects(SKOS.broader, concept))
    return found


def test_label_search_finds_one_concept_in_both_languages(kg):
    robot = "technology/robot"
    english = kg.query("label-search", text="robot")
    assert rows(english[english["resource"].str.endswith("/technology/robot")], "resource",
                "matched", "lang", "property", "label") == [
        (robot, "industrial robot", "en", "skos:altLabel", "robots"),
        (robot, "robot", "en", "skos:altLabel", "robots"),
        (robot, "robots", "en", "skos:prefLabel", "robots"),
    ]
    chinese = kg.query("label-search", text="机器人")
    assert rows(chinese[chinese["resource"].str.endswith("/technology/robot")], "resource",
                "matched", "lang") == [(robot, "工业机器人", "zh", ), (robot, "机器人", "zh")]
    # Every concept with "robot" / "机器人" in a label, and nothing else, whatever the
    # vocabularies grow to (the narrower robot concepts, the robot-density target kind ...).
    labels = vocabulary_concepts()
    assert sorted({short(r) for r in english["resource"] if "/vocab/" in r}) == sorted(
        c for c, names in labels.items() if any("robot" in n.lower() for n in names))
    assert sorted({short(r) for r in chinese["resource"] if "/vocab/" in r}) == sorted(
        c for c, names in labels.items() if any("机器人" in n for n in names))
    assert {"technology/humanoid-robot", robot} <= {short(r) for r in chinese["resource"]}
    pd.testing.assert_frame_equal(kg.query("label-search", text="ROBOT"), english)


def test_province_profile(kg):
    jilin = rows(kg.query("province-profile", province="CN-JL"), "section", "item")
    assert jilin == [
        ("policy document", "jilin-intelligent-digital-transformation-plan"),
        ("target", "jilin-demonstration-factories"),
        ("target", "jilin-demonstration-projects"),
        ("target", "jilin-digital-workshops"),
        ("target", "jilin-lighthouse-factories"),
        ("measure", "jilin-intelligent-transformation-round"),
        ("technology", "technology/digital-technology"),
        ("technology", "technology/digital-transformation"),
        ("technology", "technology/intelligent-manufacturing"),
        ("technology", "technology/intelligent-transformation"),
        ("statement about it", "localities-issue-chain-policies"),
    ]
    liaoning = rows(kg.query("province-profile", province="Liaoning"), "section", "item")
    assert liaoning == [
        ("measure", "liaoning-5g-industrial-internet"),
        ("measure", "liaoning-double-leap-platforms"),
        ("measure", "liaoning-industrial-internet-platform-system"),
        ("organisation", "shenbian-tbea"),
        ("organisation", "shengu-group"),
        ("cluster, platform or park", "shenbian-tbea-industrial-internet-platform"),
        ("cluster, platform or park", "shengu-group-industrial-internet-platform"),
        ("technology", "technology/5g"),
        ("technology", "technology/5g-industrial-internet"),
        ("technology", "technology/industrial-internet"),
    ]
    national = kg.query("province-profile", province="CN")["section"].value_counts().to_dict()
    assert national == {"policy document": 2, "measure": 1, "organisation": 4, "person": 2,
                        "statement about it": 8, "indicator observation": 3}


def test_province_graph(kg):
    graph = kg.query("province-graph", province="CN-JL")
    assert isinstance(graph, Graph)
    jilin = ID["CN-JL"]
    items = {ID[i] for i in ("jilin-intelligent-digital-transformation-plan",
                             "jilin-demonstration-factories", "jilin-demonstration-projects",
                             "jilin-digital-workshops", "jilin-lighthouse-factories",
                             "jilin-intelligent-transformation-round",
                             "localities-issue-chain-policies")}
    assert set(graph.subjects()) == items | {jilin}
    expected = Graph()
    for subject in items | {jilin}:
        for triple in kg.graph.triples((subject, None, None)):
            expected.add(triple)
    assert by_value(graph) == by_value(expected)
    assert len(set(kg.graph.triples((jilin, None, None)))) == 9


def test_technology_coverage(kg):
    # The fixture graph's uses under high-end equipment; every other concept of that branch
    # of the live taxonomy is listed with no use (the taxonomy grows with curation).
    used = {"technology/aero-engine": (2, 2), "technology/high-end-equipment": (0, 5),
            "technology/hydraulics": (2, 2), "technology/industrial-mother-machine": (2, 2),
            "technology/robot": (2, 2)}
    frame = kg.query("technology-coverage", under="high-end-equipment")
    branch = narrower_closure("technology/high-end-equipment")
    assert sorted(short(t) for t in frame["technology"]) == sorted(branch)
    for technology, direct, total in rows(frame, "technology", "direct", "with_narrower"):
        assert (direct, total) == used.get(technology, (0, 0)), technology
    assert rows(frame[frame["technology"].str.endswith("/technology/hydraulics")],
                "broader") == [("technology/high-end-equipment",)]
    frame = kg.query("technology-coverage").set_index("technology")
    # Every concept of the taxonomy, used by the fixture graph or not.
    assert sorted(short(t) for t in frame.index) == sorted(
        c for c in vocabulary_concepts() if c.startswith("technology/"))
    counts = {short(t): (d, n) for t, d, n in zip(frame.index, frame["direct"],
                                                  frame["with_narrower"], strict=True)}
    assert counts["technology/industrial-internet"] == (7, 7)
    # Jilin's plan, a statement and Shandong's key digital industries directly; below it the
    # 7 industrial-internet items and 15 new-generation IT items (one of them the measure).
    assert counts["technology/digital-technology"] == (3, 24)
    assert counts["technology/intelligent-manufacturing"] == (4, 6)
    assert counts["technology/advanced-manufacturing"] == (8, 8)
    assert counts["technology/tourism"] == (1, 1)
    # Process industries: nothing directly, Heilongjiang's agri-processing measure and its
    # statement on petrochemicals and corn processing below.
    assert counts["technology/process-industry"] == (0, 2)
    # NEVs: 10 items of Anhui's plan, 3 demonstration bases and NeoPark directly; below, the
    # power-battery measure, 2 lithium-battery bases and 4 fuel-cell clusters.
    assert counts["technology/new-energy-vehicle"] == (14, 21)
    # Automotive: 2 Anhui targets and Heilongjiang's cluster and its target directly.
    assert counts["technology/automotive"] == (4, 25)


# --------------------------------------------------------------------------- parameters

@pytest.mark.parametrize(("params", "message"), [
    ({"deadline": "soon"}, "parameter deadline=soon: expected an integer"),
    ({"province": "Atlantis"}, "parameter province=Atlantis: unknown division"),
    ({"colour": "red"}, "unknown parameter 'colour'"),
    ({"deadline": True}, "expected an integer"),
])
def test_bad_parameters_are_refused(kg, params, message):
    with pytest.raises(ParameterError, match=message):
        kg.query("targets", **params)


def test_parameter_checks(kg):
    with pytest.raises(ParameterError, match="missing required parameter entity"):
        kg.query("evidence")
    with pytest.raises(ParameterError, match="id/no-such-thing is not in the graph"):
        kg.query("evidence", entity="no-such-thing")
    with pytest.raises(ParameterError, match="technology/teleportation is not in the graph"):
        kg.query("plan-technologies", under="teleportation")
    with pytest.raises(ParameterError, match="expected an entity id"):
        kg.query("evidence", entity="http://example.org/x")
    with pytest.raises(ParameterError, match="expected true or false"):
        kg.query("shared-technologies", rollup="maybe")
    with pytest.raises(UnknownQueryError, match="did you mean targets"):
        kg.query("target")


def test_parameters_are_bound_as_terms_not_text(kg):
    """A value full of SPARQL syntax is one string literal, matched as such (no rows)."""
    hostile = '"} } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    assert kg.query("label-search", text=hostile).empty
    text = with_values(get_query("label-search").text, "SELECT",
                       get_query("label-search").bind({"text": 'a"b\nc'}))
    assert 'WHERE { VALUES (?text) { ("a\\"b\\nc") }\n' in text


def test_values_block_goes_into_the_where_group():
    construct = ("# a { comment\nPREFIX ex: <http://example.org/x>\n"
                 "CONSTRUCT { ?s ex:p \"{\" } WHERE { ?s ?p ?o }")
    placed = with_values(construct, "CONSTRUCT", {"o": URIRef("http://example.org/o")})
    assert placed.endswith('WHERE { VALUES (?o) { (<http://example.org/o>) }\n ?s ?p ?o }')


# --------------------------------------------------------------------------- headers

def header_error(text: str) -> str:
    with pytest.raises(QueryHeaderError) as info:
        parse_query_text(text, "q", "q.rq")
    return str(info.value)


def test_malformed_headers_are_clear_errors():
    body = "SELECT ?x WHERE { ?x ?p ?o }\n"
    ok = "# title: T\n# description: D\n"
    assert header_error(body) == "q.rq:1: header lacks '# title: ...'"
    assert "q.rq:3: unknown header key 'parm'" in header_error(ok + "# parm: x : integer\n" + body)
    assert "q.rq:3: param must read" in header_error(ok + "# param: x integer\n" + body)
    assert "q.rq:3: unknown parameter type 'year'" in header_error(ok + "# param: x : year\n"
                                                                   + body)
    assert "q.rq:3: bad default" in header_error(ok + "# param: x : integer = soon\n" + body)
    assert "declared but the query never uses ?y" in header_error(ok + "# param: y : integer\n"
                                                                  + body)
    assert "q.rq:3: column must read" in header_error(ok + "# column: x : float\n" + body)
    assert "q.rq:4: '# param:' after the header has ended" in header_error(
        ok + "\n# param: x : integer\n" + body)
    assert "q.rq:2: title given twice" in header_error("# title: T\n# title: U\n" + body)


def test_header_syntax():
    query = parse_query_text(
        "# title: Quantified targets\n# description: Targets with\n#   a number.\n"
        "# param: deadline : integer = (none) -- only targets due by this year\n"
        "# param: n : integer = 2\n# param: who : entity -- required\n"
        "# column: v : decimal\n\n# a free comment\nSELECT ?v WHERE { ?v ?p ?deadline ; ?q ?n ;"
        " ?r ?who }\n", "q", "q.rq")
    assert query.description == "Targets with a number."
    assert [(p.name, p.type, p.required, p.default, p.help) for p in query.params] == [
        ("deadline", "integer", False, None, "only targets due by this year"),
        ("n", "integer", False, "2", ""),
        ("who", "entity", True, None, "required")]
    assert dict(query.columns) == {"v": "decimal"}


def test_syntax_errors_give_line_and_column(kg):
    with pytest.raises(QuerySyntaxError) as info:
        kg.sparql("SELECT ?s WHERE {\n  ?s ?p ?o\n  FILTER(\n}")
    assert info.value.line == 3 and info.value.column == 3
    assert str(info.value).startswith("query:3:3: SPARQL syntax error")


def test_sparql_api(kg):
    count = kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a ckg:ActionPlan }")
    # Jilin's, Shanghai's and Shandong's two: the 2023 innovation plan and the 2024 IT plan
    assert count["n"].tolist() == [4] and str(count["n"].dtype) == "Int64"
    assert kg.sparql("ASK { id:CN-JL a ckg:Province }") is True
    graph = kg.sparql("CONSTRUCT { ?p a ckg:ActionPlan } WHERE { ?p a ckg:ActionPlan }")
    assert len(graph) == 4
    parametrised = kg.sparql("# param: y : integer\n\nSELECT ?p WHERE { ?p ckg:startYear ?y }",
                             y=2023)
    assert len(parametrised) == 3
    listing = kg.queries()
    assert listing["name"].tolist() == [q.name for q in list_queries()]
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(kg.build_dir / "chainkg.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    pd.testing.assert_frame_equal(select_frame(store, "targets", deadline=2025),
                                  kg.query("targets", deadline=2025))


# --------------------------------------------------------------------------- command line

def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_list(capsys):
    code, out, _ = run_cli(capsys, "query", "--list")
    assert code == 0
    assert "targets  (SELECT) Targets, quantified and qualitative" in out
    assert "    --param deadline (integer, optional): only targets due by this year" in out
    assert out.count("(SELECT)") + out.count("(CONSTRUCT)") == len(list_queries())


def test_cli_table(built, capsys):
    code, out, _ = run_cli(capsys, "query", "plans-by-province", "--param", "year=2024",
                           "--build-dir", str(built), "--max-width", "0")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["province", "province_label", "plan", "plan_label", "type",
                                "start_year", "end_year", "status_label"]
    assert lines[2].split("  ")[0:1] == ["id:CN-JL"]
    assert lines[2].split()[:3] == ["id:CN-JL", "Jilin", "id:jilin-intelligent-digital-"
                                    "transformation-plan"]
    assert lines[-1] == "(7 rows)"  # Jilin, Shandong's five 2024 documents, Shanghai
    # Columns line up: every row starts its second column where the header does.
    column = lines[0].index("province_label")
    assert all(line[column - 2:column] == "  " and line[column] != " " for line in lines[2:5])


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_cli_csv_json_tsv(built, capsys, store):
    common = ["--build-dir", str(built), "--store", store, "--param", "province=CN-JL",
              "--param", "deadline=2025"]
    code, out, _ = run_cli(capsys, "query", "targets", "--format", "csv", *common)
    assert code == 0
    lines = out.split("\r\n")
    assert lines[0].startswith("target,target_label,comparator,value,")
    assert lines[4].startswith("https://w3id.org/chainkg/id/jilin-lighthouse-factories,"
                               "12 lighthouse factories by 2025 (Jilin),exactly,12,,,")
    code, out, _ = run_cli(capsys, "query", "targets", "--format", "json", *common)
    document = json.loads(out)
    assert document["head"]["vars"][:4] == ["target", "target_label", "comparator", "value"]
    first = document["results"]["bindings"][0]
    assert first["value"] == {"type": "literal", "value": "100",
                              "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert first["comparator"] == {"type": "literal", "value": "exactly", "xml:lang": "en"}
    assert "min_value" not in first
    code, out, _ = run_cli(capsys, "query", "targets", "--format", "tsv", *common)
    assert out.splitlines()[1].split("\t")[:4] == [
        "<https://w3id.org/chainkg/id/jilin-demonstration-factories>",
        '"100 demonstration factories by 2025 (Jilin)"@en', '"exactly"@en',
        '"100"^^<http://www.w3.org/2001/XMLSchema#decimal>']


def test_cli_construct_formats(built, capsys, tmp_path):
    out_file = tmp_path / "jilin.ttl"
    code, _, _ = run_cli(capsys, "query", "province-graph", "--param", "province=CN-JL",
                         "--build-dir", str(built), "-o", str(out_file))
    assert code == 0
    graph = Graph().parse(out_file, format="turtle")
    assert len(graph) == 100
    code, out, _ = run_cli(capsys, "query", "province-graph", "--param", "province=CN-JL",
                           "--build-dir", str(built), "--format", "jsonld")
    assert len(Graph().parse(data=out, format="json-ld")) == 100
    code, _, err = run_cli(capsys, "query", "province-graph", "--param", "province=CN-JL",
                           "--build-dir", str(built), "--format", "csv")
    assert code == 2 and "gives a graph: use --format ttl, nt, jsonld" in err


def test_cli_file_and_stdin(built, capsys, monkeypatch, tmp_path):
    query = tmp_path / "plans.rq"
    query.write_text("SELECT ?p WHERE { ?p a ckg:ActionPlan } ORDER BY ?p\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "query", "--file", str(query), "--build-dir", str(built),
                           "--format", "csv")
    assert code == 0
    assert out.split("\r\n")[1:6] == [
        "https://w3id.org/chainkg/id/jilin-intelligent-digital-transformation-plan",
        "https://w3id.org/chainkg/id/shandong-innovation-capability-plan",
        "https://w3id.org/chainkg/id/shandong-ngit-action-plan",
        "https://w3id.org/chainkg/id/shanghai-manufacturing-high-quality-development-plan", ""]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("ASK { id:CN-JL a ckg:Province }"))
    code, out, _ = run_cli(capsys, "query", "--file", "-", "--build-dir", str(built))
    assert (code, out) == (0, "true\n")


@pytest.mark.parametrize(("args", "message"), [
    (["targets", "--param", "deadline=soon"],
     "chainkg query: targets: parameter deadline=soon: expected an integer such as 2025 "
     "(type integer)\n"),
    (["targets", "--param", "province=Narnia"],
     "chainkg query: targets: parameter province=Narnia: unknown division; give an ISO code "
     "such as CN-JL or a name such as Jilin (graph/reference/provinces.csv lists them) "
     "(type division)\n"),
    (["targets", "--param", "deadline"], "chainkg query: --param 'deadline': write KEY=VALUE\n"),
    (["targetz"], "chainkg query: unknown query 'targetz'; did you mean targets?\n"),
    ([], "chainkg query: give a query name (chainkg query --list shows them) or --file\n"),
])
def test_cli_usage_errors(built, capsys, args, message):
    code, out, err = run_cli(capsys, "query", *args, "--build-dir", str(built))
    assert (code, out, err) == (2, "", message)


def test_cli_syntax_error(built, capsys, tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "query", "--file", str(bad), "--build-dir", str(built))
    assert code == 2
    assert err.startswith(f"chainkg query: {bad}:2:") and "SPARQL syntax error" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_local_queries_never_reach_the_network(built, store):
    """SERVICE would be a live HTTP request on either store: it is refused before running."""
    from chainkg import KnowledgeGraph
    from chainkg.query import NetworkAccessError, adhoc_query, run

    kg = KnowledgeGraph.load(built, store=store)
    query = adhoc_query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(NetworkAccessError, match="SERVICE is not allowed"):
        run(kg.graph, query)
    nested = adhoc_query("SELECT * WHERE { ?s a ckg:ActionPlan OPTIONAL { "
                         "SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }")
    with pytest.raises(NetworkAccessError):
        run(kg.graph, nested)



def test_oxigraph_substitutions_skip_filters():
    """Why parameters are a VALUES block on Oxigraph (docs/architecture.md): pyoxigraph's
    ``substitutions`` needs the variable projected and leaves FILTERs seeing it unbound.
    When this fails, pyoxigraph binds like VALUES and the text editing can go."""
    import pyoxigraph as ox

    store = ox.Store()
    for name, value in (("a", 1), ("b", 2), ("c", 3)):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/{name}"),
                          ox.NamedNode("http://example.org/p"), ox.Literal(value)))
    optional = "WHERE { ?s <http://example.org/p> ?v FILTER(!BOUND(?max) || ?v <= ?max) }"
    with pytest.raises(RuntimeError, match="projection"):
        store.query(f"SELECT ?s {optional}", substitutions={ox.Variable("max"): ox.Literal(2)})
    rows = store.query(f"SELECT ?s ?max {optional}",
                       substitutions={ox.Variable("max"): ox.Literal(2)})
    assert len(list(rows)) == 3  # the filter saw ?max unbound
    values = store.query(f"SELECT ?s {optional.replace('WHERE {', 'WHERE { VALUES ?max {2}')}")
    assert sorted(str(row["s"]) for row in values) == ["<http://example.org/a>",
                                                       "<http://example.org/b>"]


def test_quantities(kg):
    """Every number of the fixture is a target (the records state no observations); a target
    with its own jurisdiction and its plan's is listed once."""
    frame = kg.query("quantities")
    plan_ah = "anhui-nev-industry-development-plan-2021-2023"
    plan_jl = "jilin-intelligent-digital-transformation-plan"
    assert rows(frame, "province", "item", "comparator", "value", "min_value", "max_value",
                "unit", "currency", "year", "document") == [
        ("CN-AH", "anhui-local-parts-share-2023", "exactly", 70.0, None, None, "percent", None,
         2023, plan_ah),
        ("CN-AH", "anhui-nev-enterprises-2023", "range", None, 3.0, 5.0, "count", None, 2023,
         plan_ah),
        ("CN-AH", "anhui-nev-production-share-2023", "more than", 10.0, None, None, "percent",
         None, 2023, plan_ah),
        ("CN-AH", "anhui-vehicle-brands-2023", "more than", 10.0, None, None, "count", None,
         2023, plan_ah),
        ("CN-HL", "heilongjiang-key-industries-2021", "exactly", 15.0, None, None, "count", None,
         2021, None),
        ("CN-HL", "heilongjiang-key-industry-turnover-2021", "at least", 100000000000.0, None,
         None, "yuan", "CNY", 2021, None),
        ("CN-HB", "hubei-chain-space-platforms-per-chain", "range", None, 2.0, 3.0, "count",
         None, None, "hubei-chain-chief-implementation-plan"),
        ("CN-JL", "jilin-demonstration-factories", "exactly", 100.0, None, None, "count", None,
         2025, plan_jl),
        ("CN-JL", "jilin-demonstration-projects", "more than", 300.0, None, None, "count", None,
         2025, plan_jl),
        ("CN-JL", "jilin-digital-workshops", "exactly", 300.0, None, None, "count", None, 2025,
         plan_jl),
        ("CN-JL", "jilin-lighthouse-factories", "exactly", 12.0, None, None, "count", None, 2025,
         plan_jl),
        ("CN-SD", "shandong-ngit-revenue-2024", "more than", 2200000000000.0, None, None, "yuan",
         "CNY", 2024, "shandong-ngit-action-plan"),
        ("CN-SD", "shandong-ngit-revenue-2025", "more than", 2400000000000.0, None, None, "yuan",
         "CNY", 2025, "shandong-ngit-action-plan"),
        ("CN-SD", "shandong-ngit-revenue-growth", "more than", 10.0, None, None, "percent", None,
         2025, "shandong-ngit-action-plan"),
    ]
    assert set(frame["kind_label"]) == {"target"}
    assert rows(kg.query("quantities", province="Anhui", kind="target"), "item") == [
        ("anhui-local-parts-share-2023",), ("anhui-nev-enterprises-2023",),
        ("anhui-nev-production-share-2023",), ("anhui-vehicle-brands-2023",)]
    assert len(kg.query("quantities", kind="achievement")) == 0


def test_chain_chief_adoption(kg):
    """Heilongjiang: three items use the chain-chief system, dated by the work report's date;
    Hubei: its implementation plan, dated by the year its undated source is read as."""
    assert rows(kg.query("chain-chief-adoption"), "province", "since", "first_item",
                "items") == [
        ("CN-HL", "2021-02-20", "heilongjiang-chain-chief-scheme", 3),
        ("CN-HB", "2023", "hubei-chain-chief-implementation-plan", 1),
    ]


def test_documents(kg):
    """One row per document and issuer; a document without a stated issuer keeps it empty."""
    assert rows(kg.query("documents"), "jurisdiction", "document", "kind", "start_year",
                "end_year", "issuer") == [
        ("CN-AH", "anhui-nev-industry-development-plan-2021-2023", "development plan", 2021,
         2023, None),
        ("CN", "miit-guiding-opinions-traditional-industries", "guiding opinion", None, None,
         "miit"),
        ("CN", "state-council-manufacturing-upgrading-arrangements", "meeting decision", None,
         None, "state-council-executive-meeting"),
        ("CN-HB", "hubei-chain-chief-implementation-plan", "implementation plan", None, None,
         None),
        ("CN-HN", "hunan-key-supporting-products-list", "product list", None, None,
         "hunan-department-of-industry-and-information-technology"),
        ("CN-JL", "jilin-intelligent-digital-transformation-plan", "action plan", 2023, 2025,
         None),
        ("CN-SD", "shandong-innovation-capability-plan", "action plan", 2023, 2025, None),
        ("CN-SD", "shandong-ngit-action-plan", "action plan", 2024, 2025, None),
        ("CN-SD", "shandong-ten-demand-expansions-initiative", "initiative", 2024, 2025,
         "shandong-provincial-government"),
        ("CN-SD", "shandong-ten-industries-initiative", "initiative", 2024, 2025,
         "shandong-provincial-government"),
        ("CN-SD", "shandong-ten-innovations-initiative", "initiative", 2024, 2025,
         "shandong-provincial-government"),
        ("CN-SH", "shanghai-manufacturing-high-quality-development-plan", "action plan", 2023,
         2025, None),
    ]
    assert rows(kg.query("documents", jurisdiction="CN"), "document") == [
        ("miit-guiding-opinions-traditional-industries",),
        ("state-council-manufacturing-upgrading-arrangements",)]
