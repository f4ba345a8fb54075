"""Analytics on the curated graph; the expected values are worked out from the records.

Jurisdiction items (plans, measures, targets) naming technologies, by province:
  Anhui     NEV plan: new-energy-vehicle, intelligent-connected-vehicle, power-battery,
            lithium-battery, fuel-cell; of its parts, 9 name new-energy-vehicle (so 10
            items with the plan), campuses-and-bases (measure) also ICV, lithium-battery and
            fuel-cell, world-class-clusters (target) also ICV, power-battery-application
            (measure) power-battery, local-parts-share and vehicle-brands (targets) automotive
  Heilongjiang  agricultural-processing (measure, no plan): agri-food-processing;
            high-end-manufacturing-cluster-target: advanced-manufacturing, automotive
  Hunan     key-supporting-products-list (plan): advanced-manufacturing, hydraulics, aero-engine
  Jilin     plan: intelligent-transformation, digital-transformation, digital-technology,
            intelligent-manufacturing; demonstration-projects (target): intelligent- and
            digital-transformation; digital-workshops (target): intelligent-manufacturing;
            intelligent-transformation-round (measure): intelligent-transformation
  Liaoning  three measures, none part of a plan: 5g-industrial-internet, 5g,
            industrial-internet (x3)
  Shandong  plan: the 5 key core technologies + five-basics and its 5 basics;
            key-core-technology-upgrading (measure): the 5; five-basics-shortcomings
            (measure): five-basics and its 5 basics; Ten Industries initiative: new-energy,
            new-materials, cultural-creativity, tourism, new-generation IT; its new-generation
            IT action plan and the plan's 6 measures and 6 targets: new-generation IT (14
            items, 2 plans), key-digital-industries (measure) also digital-technology
  Shanghai  high-end-advanced-manufacturing (measure, no plan): advanced-manufacturing,
            intelligent-manufacturing, green-manufacturing
Chain strategies of those items: Hubei plan extending+building; Hunan list patching;
Jilin upgrading; Liaoning upgrading; Heilongjiang upgrading (key-industries target);
Shandong patching (plan, measures) + building (two targets); Shanghai measure
extending+building. Anhui names none.
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction

import pytest

from chainkg.cli import main
from chainkg.network import analytics

TECH = "vocab:technology/"
TIED_AT_1_1_2 = ["basic-electronic-components", "basic-materials", "basic-parts",
                  "basic-processes", "basic-software", "digital-transformation", "five-basics",
                  "fuel-cell", "high-end-software", "industrial-mother-machine",
                  "key-raw-materials", "lithium-battery", "optoelectronics", "power-battery",
                  "robot"]
# (technology, provinces, plans, items) in rank order: provinces, plans, items, then id.
EXPECTED_TECHNOLOGIES = [
    # Heilongjiang, Hunan, Shanghai; Hunan list; list + Shanghai measure + Heilongjiang target
    ("advanced-manufacturing", 3, 1, 3),
    # Jilin, Shandong; Jilin plan and Shandong's IT action plan; that plan + one measure of it
    ("digital-technology", 2, 2, 2),
    ("automotive", 2, 1, 3),  # Anhui, Heilongjiang; Anhui plan; 2 Anhui targets + 1
    ("intelligent-manufacturing", 2, 1, 3),  # Jilin, Shanghai; Jilin plan; plan+target+measure
    # the IT action plan, its 12 parts and the initiative it belongs to
    ("new-generation-information-technology", 1, 2, 14),
    ("new-energy-vehicle", 1, 1, 10),
    ("intelligent-connected-vehicle", 1, 1, 3),
    ("intelligent-transformation", 1, 1, 3),
    # Shandong plan + a measure each; digital-transformation: Jilin plan + target;
    # Anhui's plan + a measure for the battery technologies
    *[(t, 1, 1, 2) for t in TIED_AT_1_1_2],
    ("aero-engine", 1, 1, 1),
    ("cultural-creativity", 1, 1, 1),
    ("hydraulics", 1, 1, 1),
    ("new-energy", 1, 1, 1),
    ("new-materials", 1, 1, 1),
    ("tourism", 1, 1, 1),
    ("industrial-internet", 1, 0, 3),
    ("5g", 1, 0, 1),
    ("5g-industrial-internet", 1, 0, 1),
    ("agri-food-processing", 1, 0, 1),
    ("green-manufacturing", 1, 0, 1),
]
# |shared| / |union| of technologies + strategies:
# AH 6, HB 2, HL 4, HN 4, JL 5, LN 4, SD 19, SH 5 items.
EXPECTED_SIMILARITY = [
    ("id:CN-HB", "id:CN-SH", Fraction(2, 5)),  # extending, building
    ("id:CN-HL", "id:CN-HN", Fraction(1, 6)),  # advanced manufacturing
    ("id:CN-HL", "id:CN-SH", Fraction(1, 7)),  # advanced manufacturing
    ("id:CN-AH", "id:CN-HL", Fraction(1, 8)),  # automotive
    ("id:CN-HN", "id:CN-SH", Fraction(1, 8)),  # advanced manufacturing
    ("id:CN-JL", "id:CN-LN", Fraction(1, 8)),  # upgrading
    ("id:CN-JL", "id:CN-SH", Fraction(1, 9)),  # intelligent manufacturing
    ("id:CN-HB", "id:CN-SD", Fraction(1, 20)),  # building
    ("id:CN-HN", "id:CN-SD", Fraction(1, 22)),  # patching
    ("id:CN-JL", "id:CN-SD", Fraction(1, 23)),  # digital technology
    ("id:CN-SD", "id:CN-SH", Fraction(1, 23)),  # building
]


@pytest.fixture(scope="module")
def graph(kg):
    return kg.to_networkx(drop_classes=list(analytics.PROVENANCE_CLASSES))


def test_technology_ranking(graph):
    frame = analytics.technologies(graph)
    rows = [(r.technology.removeprefix(TECH), r.provinces, r.plans, r.items)
            for r in frame.itertuples()]
    assert rows == EXPECTED_TECHNOLOGIES
    assert list(frame["rank"]) == list(range(1, len(EXPECTED_TECHNOLOGIES) + 1))
    first = frame.iloc[0]
    assert (first.label_en, first.label_zh, first.province_names) == (
        "advanced manufacturing", "先进制造业", "Heilongjiang, Hunan, Shanghai")


def test_province_similarity_is_the_jaccard_of_the_bipartite_projection(graph):
    frame = analytics.similarity(graph)
    rows = [(r.province_a, r.province_b, Fraction(r.shared, r.union)) for r in frame.itertuples()]
    assert rows == EXPECTED_SIMILARITY
    assert [r.jaccard for r in frame.itertuples()] == [float(f) for *_, f in EXPECTED_SIMILARITY]
    top = frame.iloc[0]
    assert top.shared_items == "building emerging chains, extending advantageous chains"
    features = analytics.province_features(graph)
    assert sorted(n for n, side in features.nodes(data="bipartite") if side == 0) == [
        "id:CN-AH", "id:CN-HB", "id:CN-HL", "id:CN-HN", "id:CN-JL", "id:CN-LN", "id:CN-SD",
        "id:CN-SH"]
    assert len(features["id:CN-SD"]) == 19


def test_centrality_degree_and_pagerank(graph):
    frame = analytics.centrality(graph).set_index("node")
    # Jilin: jurisdiction of its plan, 3 quantified targets... (6 items), about of one
    # statement; out: dcterms:isPartOf CN.
    jilin = frame.loc["id:CN-JL"]
    assert (jilin.in_degree, jilin.out_degree, jilin.degree) == (7, 1, 8)
    assert frame.index[0] == "id:CN"  # everything national points at China
    assert frame["pagerank"].sum() == pytest.approx(1.0)
    assert len(frame) == analytics.without_unused_vocabulary(graph).number_of_nodes()


def test_components_partition_the_graph(graph):
    frame = analytics.components(graph)
    members = [set(m.split()) for m in frame["members"]]
    used = analytics.without_unused_vocabulary(graph)
    assert set().union(*members) == set(used.nodes)
    assert sum(len(m) for m in members) == used.number_of_nodes()
    # Every curated entity and division hangs together with China.
    assert {n for n in graph if n.startswith("id:")} <= members[0]


def test_louvain_communities_are_seeded_and_group_provinces_with_their_plans(graph):
    first, second = analytics.communities(graph), analytics.communities(graph)
    assert first.equals(second)
    member_of = {n: row.community for row in first.itertuples() for n in row.members.split()}
    assert set(member_of) == set(analytics.without_unused_vocabulary(graph).nodes)
    # Shandong sits with its largest plan, the new-generation IT action plan and its 12
    # parts; its 2023 innovation plan shares high-end equipment with Hunan's list.
    for province, plan in [("CN-SD", "shandong-ngit-action-plan"),
                           ("CN-JL", "jilin-intelligent-digital-transformation-plan"),
                           ("CN-HB", "hubei-chain-chief-implementation-plan"),
                           ("CN-HN", "hunan-key-supporting-products-list"),
                           ("CN-AH", "anhui-nev-industry-development-plan-2021-2023")]:
        assert member_of[f"id:{province}"] == member_of[f"id:{plan}"]
    assert len({member_of[f"id:CN-{p}"] for p in ("SD", "JL", "HB", "HN", "AH")}) == 5


def test_analyze_prints_tables_and_csv(built, capsys):
    assert main(["analyze", "--build-dir", str(built), "--what", "similarity"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split()[:5] == ["id:CN-HB", "id:CN-SH", "Hubei", "Shanghai",
                                               "0.4000"]
    assert main(["analyze", "--build-dir", str(built), "--what", "technologies",
                 "--format", "csv", "--top", "2"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["technology"], r["provinces"], r["plans"]) for r in rows] == [
        (TECH + "advanced-manufacturing", "3", "1"), (TECH + "digital-technology", "2", "2")]
    for what in analytics.ANALYSES:
        assert main(["analyze", "--build-dir", str(built), "--what", what, "--top", "3"]) == 0
        # header + 3 rows; the graph without unused vocabulary is one component
        assert len(capsys.readouterr().out.splitlines()) == (2 if what == "components" else 4)


def test_analyze_rejects_an_unknown_class(built, capsys):
    assert main(["analyze", "--build-dir", str(built), "--drop-class", "ckg:Nope"]) == 2
    assert "ckg:Nope" in capsys.readouterr().err
