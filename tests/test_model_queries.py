"""The chain model's competency queries, with exact rows, on the chain-model fixture.

``tests/fixture/model/graph/`` holds frozen copies of three curated sources (Heilongjiang's
chain chiefs, Guangxi's 11 key chains, Jiangxi's 12 key chains) and records of a test text
(``tests/fixture/model/sources/model-fixture.txt``) that states what no curated source
states yet: a named chain chief, a chain-master enterprise, a district and a dated work
plan. The fixture is its own data folder, so these rows change only when the model or the
queries do.
"""

from __future__ import annotations

import math
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURE, compose_data
from rdflib import URIRef
from rdflib.namespace import XSD

from chainkg.core.namespaces import CKG, ID, VOCAB

MODEL = FIXTURE / "model"


@pytest.fixture(scope="module")
def model_data(tmp_path_factory) -> Path:
    return compose_data(tmp_path_factory.mktemp("model") / "data", MODEL / "graph")


@pytest.fixture(scope="module")
def model_kg(model_data, tmp_path_factory):
    from chainkg import KnowledgeGraph
    from chainkg.build import build
    from chainkg.core.paths import data_layout

    out = tmp_path_factory.mktemp("model-build")
    build(out, layout=data_layout(model_data))
    return KnowledgeGraph.load(out)


def short(value):
    if isinstance(value, str):
        for base in (str(ID), str(VOCAB)):
            if value.startswith(base):
                return value[len(base):]
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(short(v) for v in row)
            for row in frame[list(columns)].astype(object).itertuples(index=False)]


def test_model_fixture_validates_with_its_quotes(model_data, sources_dir, tmp_path):
    from chainkg.build.validate import validate
    from chainkg.core.paths import data_layout

    texts = tmp_path / "sources"
    shutil.copytree(sources_dir / "dev", texts / "dev")
    shutil.copy2(MODEL / "sources" / "model-fixture.txt", texts)
    assert [str(p) for p in validate(data_layout(model_data), texts)] == []


GX_PLAN = "guangxi-key-industrial-chains-plan"
JX_BRIEFING = "jiangxi-governor-press-briefing-2024"


def test_key_chains_by_province_with_level_industry_and_document(model_kg):
    frame = model_kg.query("key-chains")
    gx = [(f"guangxi-{c}-chain", f"chain-level/{level}", f"technology/{t}", GX_PLAN)
          for c, level, t in (
              ("5g-communication-equipment", "strategic-emerging", "5g-communication-equipment"),
              ("automobile", "pillar", "automotive"), ("biomedicine", "pillar", "biomedicine"),
              ("cutting-edge-new-materials", "strategic-emerging", "cutting-edge-new-materials"),
              ("electronic-information", "pillar", "electronic-information"),
              ("green-home", "pillar", "green-home"),
              ("green-petrochemical", "pillar", "green-petrochemical"),
              ("high-end-equipment-manufacturing", "strategic-emerging",
               "high-end-equipment-manufacturing"),
              ("high-end-metal-new-materials", "pillar", "high-end-metal-new-materials"),
              ("machinery", "pillar", "machinery"),
              ("new-energy-vehicle", "strategic-emerging", "new-energy-vehicle"))]
    assert rows(frame, "province", "jurisdiction", "chain", "level", "industry", "document") == [
        ("CN-GX", "CN-GX", *row) for row in gx] + [
        ("CN-HL", "CN-HL", "heilongjiang-corn-processing-chain", "chain-level/key",
         "technology/corn-processing", None),
        ("CN-HL", "CN-HL", "heilongjiang-petrochemical-chain", "chain-level/key",
         "technology/petrochemical", None),
        ("CN-JX", "CN-JX", "jiangxi-electronic-information-chain", "chain-level/key",
         "technology/electronic-information", JX_BRIEFING),
        ("CN-JX", "CN-JX", "jiangxi-equipment-manufacturing-chain", "chain-level/key",
         "technology/equipment-manufacturing", JX_BRIEFING),
        ("CN-JX", "CN-JX", "jiangxi-non-ferrous-metals-chain", "chain-level/key",
         "technology/non-ferrous-metals", JX_BRIEFING),
        # A district's chain is listed under its provincial-level division.
        ("CN-ZJ", "testdistrict", "testdistrict-robot-chain", "chain-level/key",
         "technology/robot", "testdistrict-chain-chief-work-plan"),
    ]
    assert set(frame["document_type"].dropna().map(short)) == {
        f"{CKG}Plan", f"{CKG}PressBriefing", f"{CKG}WorkPlan"}
    pillar = model_kg.query("key-chains", province="Guangxi", level="pillar")
    assert len(pillar) == 7 and set(pillar["level_label"]) == {"pillar"}
    assert model_kg.query("key-chains", level="future").empty


def test_chain_chiefs_with_and_without_named_holders(model_kg):
    frame = model_kg.query("chain-chiefs")
    assert rows(frame, "province", "post", "role_label", "chain", "holder", "ex_officio",
                "organization") == [
        ("CN-HL", "heilongjiang-chain-chief-general", "chief-general of industrial chains",
         None, None, "heilongjiang-governor", "heilongjiang-provincial-government"),
        ("CN-HL", "heilongjiang-industrial-chain-chiefs", "industrial chain chief", None, None,
         "heilongjiang-vice-governors", "heilongjiang-provincial-government"),
        ("CN-ZJ", "testdistrict-chain-chief-zhang-ce", "industrial chain chief",
         "testdistrict-robot-chain", "zhang-ce", None, "testdistrict-government"),
    ]
    assert list(frame["ex_officio_label"].dropna()) == [
        "governor of Heilongjiang Province", "vice governor of Heilongjiang Province"]
    assert len(model_kg.query("chain-chiefs", province="CN-ZJ")) == 1


def test_chain_chief_adoption_dates_each_province_by_its_earliest_evidence(model_kg):
    frame = model_kg.query("chain-chief-adoption")
    # Heilongjiang: the date of the source (the work report has no date of its own);
    # the test district: its work plan's issue date, a day before its source's date.
    assert rows(frame, "province", "since", "first_item", "items") == [
        ("CN-HL", "2021-02-20", "heilongjiang-chain-chief-general", 5),
        ("CN-ZJ", "2023-12-01", "testdistrict-chain-chief-work-plan", 3),
    ]
    assert str(frame["items"].dtype) == "Int64"


def test_chain_masters(model_kg):
    assert rows(model_kg.query("chain-masters"), "province", "chain", "level_label",
                "enterprise", "enterprise_label") == [
        ("CN-ZJ", "testdistrict-robot-chain", "key", "testrobot-co", "Testrobot Co")]
    assert model_kg.query("chain-masters", province="CN-GX").empty


def test_quantities_give_kind_comparator_unit_currency_scope_and_year(model_kg):
    frame = model_kg.query("quantities", province="CN-JX")
    assert rows(frame, "item", "kind_label", "counted", "comparator", "value", "unit",
                "currency", "scope", "year", "document") == [
        ("jiangxi-advanced-manufacturing-clusters-target", "target", "industrial cluster",
         "exactly", 6.0, "count", None, "whole jurisdiction", None, JX_BRIEFING),
        ("jiangxi-forest-coverage", "achievement", "forest coverage rate", "more than", 63.1,
         "percent", None, "whole jurisdiction", None, None),
        ("jiangxi-forest-coverage-rank", "achievement", "national ranking", "exactly", 2.0,
         "rank", None, "whole jurisdiction", None, None),
        ("jiangxi-gdp-2012", "achievement", "gross domestic product", "exactly",
         1_280_000_000_000.0, "yuan", "CNY", "whole jurisdiction", 2012, None),
        ("jiangxi-gdp-2023", "achievement", "gross domestic product", "exactly",
         3_220_000_000_000.0, "yuan", "CNY", "whole jurisdiction", 2023, None),
        ("jiangxi-good-air-days-2023", "achievement", "proportion of days with good air",
         "exactly", 96.5, "percent", None, "whole jurisdiction", 2023, None),
        ("jiangxi-industrial-added-value-2023", "achievement", "industrial added value",
         "exactly", 1_120_000_000_000.0, "yuan", "CNY", "whole jurisdiction", 2023, None),
        ("jiangxi-key-chains-count", "composition", "industrial chain", "exactly", 12.0,
         "count", None, None, None, JX_BRIEFING),
        ("jiangxi-manufacturing-share-2023", "achievement", "manufacturing share of GDP",
         "about", 33.0, "percent", None, "whole jurisdiction", 2023, None),
    ]
    assert rows(model_kg.query("quantities", province="CN-HL", kind="target"), "item",
                "comparator", "value", "unit", "currency", "scope", "year") == [
        ("heilongjiang-key-industries-2021", "exactly", 15.0, "count", None,
         "whole jurisdiction", 2021),
        ("heilongjiang-key-industry-turnover-2021", "at least", 100_000_000_000.0, "yuan",
         "CNY", "per industry", 2021),
    ]
    assert len(model_kg.query("quantities", kind="composition")) == 5


def test_money_is_an_exact_decimal_in_yuan(model_kg):
    graph = model_kg.graph
    observed = graph.value(ID["testdistrict-robot-revenue-2023"], CKG.observedValue)
    target = graph.value(ID["testdistrict-robot-revenue-2025"], CKG.targetValue)
    assert (observed.datatype, observed.toPython()) == (XSD.decimal, Decimal("820500000"))
    assert (target.datatype, target.toPython()) == (XSD.decimal, Decimal("1500000000"))
    yuan = URIRef(f"{VOCAB}unit/yuan")
    currency = graph.value(yuan, URIRef("https://schema.org/currency"))
    assert (currency.datatype in (None, XSD.string), str(currency)) == (True, "CNY")


def test_documents_with_kind_issuer_period_and_dates(model_kg):
    assert rows(model_kg.query("documents"), "document", "kind", "jurisdiction", "status",
                "issued", "issuer") == [
        (GX_PLAN, "plan", "CN-GX", "released", None, None),
        ("guangxi-supply-chain-stability-measures", "policy measures", "CN-GX", "released",
         None, None),
        ("heilongjiang-government-work-report-2021", "government work report", "CN-HL",
         "delivered", None, "heilongjiang-provincial-government"),
        (JX_BRIEFING, "press briefing", "CN-JX", "delivered", "2024-05-16", None),
        ("testdistrict-chain-chief-work-plan", "work plan", "testdistrict", "released",
         "2023-12-01", "testdistrict-government"),
    ]


def test_events_with_date_place_and_organiser(model_kg):
    assert rows(model_kg.query("events"), "event", "kind", "date", "place", "province",
                "organiser", "about") == [
        ("jiangxi-governor-press-briefing-2024-event", "press conference", "2024-05-16",
         "CN-BJ", "CN-BJ", None, JX_BRIEFING),
        ("guangxi-key-chains-press-conference", "press conference", None, None, None,
         "guangxi-department-of-industry-and-information-technology", GX_PLAN),
    ]


def test_targets_include_qualitative_targets(model_kg):
    assert rows(model_kg.query("targets"), "target", "comparator", "value", "counted",
                "deadline_year", "plan", "province") == [
        ("guangxi-chains-into-clusters-target", None, None, "industrial cluster", None,
         GX_PLAN, "CN-GX"),
        ("heilongjiang-high-end-manufacturing-cluster-target", None, None,
         "industrial cluster", None, "heilongjiang-government-work-report-2021", "CN-HL"),
        ("heilongjiang-key-industries-2021", "exactly", 15.0, "key industry", 2021, None,
         "CN-HL"),
        ("heilongjiang-key-industry-turnover-2021", "at least", 100_000_000_000.0, "revenue",
         2021, None, "CN-HL"),
        ("jiangxi-advanced-manufacturing-clusters-target", "exactly", 6.0,
         "industrial cluster", None, JX_BRIEFING, "CN-JX"),
        ("testdistrict-robot-revenue-2025", "about", 1_500_000_000.0, "revenue", 2025,
         "testdistrict-chain-chief-work-plan", "testdistrict"),
    ]
