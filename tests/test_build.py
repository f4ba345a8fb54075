"""The build: outputs, determinism, stable IRIs, and the curated facts with their evidence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from chainkg.cli import main
from chainkg.core.namespaces import CKG, ID, OA, VOCAB

EXPECTED_CLASS_COUNTS = {
    "ckg:AcademicUnit": 2, "ckg:ActionPlan": 4, "ckg:AutonomousRegion": 5, "ckg:City": 6,
    "ckg:DevelopmentPlan": 1, "ckg:Enterprise": 3, "ckg:Evidence": 280,
    "ckg:ExecutiveMeeting": 2, "ckg:ExpertStatement": 6, "ckg:Forum": 1,
    "ckg:GovernmentBody": 1, "ckg:GuidingOpinion": 1, "ckg:ImplementationPlan": 1,
    "ckg:Incentive": 1, "ckg:Indicator": 2, "ckg:IndicatorObservation": 3,
    "ckg:IndustrialCluster": 7, "ckg:IndustrialPark": 6, "ckg:Initiative": 3,
    "ckg:Measure": 27, "ckg:MeetingDecision": 1, "ckg:Ministry": 1, "ckg:Municipality": 4,
    "ckg:Nation": 1, "ckg:Platform": 2, "ckg:Product": 2, "ckg:ProductList": 1,
    "ckg:Province": 23, "ckg:ProvincialDepartment": 1, "ckg:ProvincialDivision": 34,
    "ckg:ProvincialGovernment": 2, "ckg:QuantifiedTarget": 14,
    "ckg:SpecialAdministrativeRegion": 2, "ckg:StateCouncil": 1, "ckg:Statement": 10,
    "ckg:Target": 16, "ckg:University": 1, "foaf:Person": 3, "org:Post": 4,
    "time:Instant": 4, "time:ProperInterval": 3,
}


def test_build_prints_counts_and_writes_three_formats(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("built ") and printed[0].endswith(" s")
    assert sorted(p.name for p in out.iterdir()) == ["build-info.json", "chainkg.jsonld",
                                                     "chainkg.nt", "chainkg.ttl"]
    counts = {}
    for line in printed[printed.index("entities per class:") + 1:]:
        name, count = line.split()
        counts[name] = int(count)
    assert counts == EXPECTED_CLASS_COUNTS
    triples = int(printed[0].split()[1])
    assert triples == len((out / "chainkg.nt").read_text(encoding="utf-8").splitlines())


def test_outputs_are_byte_identical_across_runs_and_hash_seeds(tmp_path, built):
    """Two builds in fresh interpreters with different hash seeds give the same bytes."""
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "chainkg", "build", "-o", str(out)], check=True,
                       env=env, capture_output=True)
    for name in ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld", "build-info.json"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
        assert (tmp_path / "1" / name).read_bytes() == (built / name).read_bytes()


def test_ntriples_are_sorted_and_have_no_blank_nodes(built):
    lines = (built / "chainkg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert not any(line.startswith("_:") or " _:" in line for line in lines)


def test_all_formats_hold_the_same_graph(built):
    nt = Graph().parse(built / "chainkg.nt", format="nt")
    ttl = Graph().parse(built / "chainkg.ttl", format="turtle")
    jsonld = Graph().parse(built / "chainkg.jsonld", format="json-ld")
    assert len(nt) == len(ttl) == len(jsonld)
    assert isomorphic(nt, ttl) and isomorphic(nt, jsonld)


def test_jsonld_has_a_context(built):
    document = json.loads((built / "chainkg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"]["ckg"] == str(CKG)
    assert document["@context"]["id"] == str(ID)
    assert len(document["@graph"]) > 100


def test_no_blank_nodes_and_skolem_iris_only_for_the_ontology_axiom(kg):
    """The ontology's disjointness axiom and its RDF list are the only skolemised nodes."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    from chainkg.build.serialize import GENID

    nodes = set(kg.graph.subjects()) | set(kg.graph.objects())
    assert not any(isinstance(node, BNode) for node in nodes)
    skolem = {node for node in nodes if str(node).startswith(GENID)}
    axioms = set(kg.graph.subjects(RDF.type, OWL.AllDisjointClasses))
    assert len(axioms) == 1 and axioms <= skolem
    cells = skolem - axioms
    members = kg.graph.value(next(iter(axioms)), OWL.members)
    assert len(cells) == len(list(Collection(kg.graph, members))) == 17
    assert all(set(kg.graph.predicates(cell)) == {RDF.first, RDF.rest} for cell in cells)


def _value(kg, subject, predicate):
    values = list(kg.graph.objects(ID[subject], predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def test_jilin_targets_are_normalised(kg):
    expected = {
        "jilin-demonstration-projects": (Decimal(300), "more-than", "demonstration-project"),
        "jilin-lighthouse-factories": (Decimal(12), "exactly", "lighthouse-factory"),
        "jilin-demonstration-factories": (Decimal(100), "exactly", "demonstration-factory"),
        "jilin-digital-workshops": (Decimal(300), "exactly", "digital-workshop"),
    }
    for target, (value, comparator, kind) in expected.items():
        assert _value(kg, target, CKG.targetValue) == Literal(value, datatype=XSD.decimal)
        assert _value(kg, target, CKG.comparator) == VOCAB[f"comparator/{comparator}"]
        assert _value(kg, target, CKG.countedKind) == VOCAB[f"target-kind/{kind}"]
        assert _value(kg, target, CKG.deadlineYear) == Literal(2025, datatype=XSD.integer)
        assert _value(kg, target, CKG.partOfPolicy) == \
            ID["jilin-intelligent-digital-transformation-plan"]


def test_large_numbers_are_normalised_to_plain_units(kg):
    """"2.2 trillion yuan" is 2200000000000 yuan; "more than 10%" is more-than 10 percent."""
    expected = {
        "shandong-ngit-revenue-2024": (Decimal(2_200_000_000_000), "more-than", "yuan", 2024),
        "shandong-ngit-revenue-2025": (Decimal(2_400_000_000_000), "more-than", "yuan", 2025),
        "shandong-ngit-revenue-growth": (Decimal(10), "more-than", "percent", 2025),
        "heilongjiang-key-industry-turnover-2021":
            (Decimal(100_000_000_000), "at-least", "yuan", 2021),
        "anhui-nev-production-share-2023": (Decimal(10), "more-than", "percent", 2023),
        "anhui-local-parts-share-2023": (Decimal(70), "exactly", "percent", 2023),
    }
    for target, (value, comparator, unit, year) in expected.items():
        assert _value(kg, target, CKG.targetValue).toPython() == value
        assert _value(kg, target, CKG.comparator) == VOCAB[f"comparator/{comparator}"]
        assert _value(kg, target, CKG.unit) == VOCAB[f"unit/{unit}"]
        assert _value(kg, target, CKG.deadlineYear).toPython() == year


def test_cities_are_in_their_province(kg):
    cities = set(kg.graph.subjects(RDF.type, CKG.City))
    assert cities == {ID[c] for c in ("anqing", "bengbu", "hefei", "luan", "tongling", "wuhu")}
    assert all(_value(kg, str(c).removeprefix(str(ID)), CKG.locatedIn) == ID["CN-AH"]
               for c in cities)


def test_ocr_slips_are_normalised_while_quotes_keep_the_text(kg):
    assert _value(kg, "gii-rank-china-2012", CKG.refYear).toPython() == 2012
    assert _value(kg, "gii-rank-china-2012", CKG.observedValue).toPython() == Decimal(34)
    assert _value(kg, "gii-rank-china-2022", CKG.observedValue).toPython() == Decimal(11)
    evidence = _value(kg, "gii-rank-china-2022", URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    assert "the 1 1 in 2022" in str(_value(kg, str(evidence).removeprefix(str(ID)), OA.exact))


def test_range_and_unnamed_co_issuers(kg):
    target = "hubei-chain-space-platforms-per-chain"
    assert _value(kg, target, CKG.minValue).toPython() == Decimal(2)
    assert _value(kg, target, CKG.maxValue).toPython() == Decimal(3)
    assert _value(kg, target, CKG.scope) == VOCAB["target-scope/per-industrial-chain"]
    nev_makers = "anhui-nev-enterprises-2023"
    assert _value(kg, nev_makers, CKG.minValue).toPython() == Decimal(3)
    assert _value(kg, nev_makers, CKG.maxValue).toPython() == Decimal(5)
    assert _value(kg, nev_makers, CKG.comparator) == VOCAB["comparator/range"]
    products_list = "hunan-key-supporting-products-list"
    assert _value(kg, products_list, CKG.unnamedCoIssuerCount).toPython() == 3
    assert _value(kg, products_list, CKG.issuedBy) == \
        ID["hunan-department-of-industry-and-information-technology"]


def test_plans_and_their_periods(kg):
    plans = {
        "shandong-innovation-capability-plan": ("CN-SD", 2023, 2025, "released"),
        "shanghai-manufacturing-high-quality-development-plan":
            ("CN-SH", 2023, 2025, "agreed-in-principle"),
        "jilin-intelligent-digital-transformation-plan": ("CN-JL", 2023, 2025, "released"),
        "shandong-ten-industries-initiative": ("CN-SD", 2024, 2025, "released"),
        "shandong-ngit-action-plan": ("CN-SD", 2024, 2025, "released"),
        "anhui-nev-industry-development-plan-2021-2023": ("CN-AH", 2021, 2023, "released"),
    }
    for plan, (division, start, end, status) in plans.items():
        assert _value(kg, plan, CKG.jurisdiction) == ID[division]
        assert _value(kg, plan, CKG.startYear).toPython() == start
        assert _value(kg, plan, CKG.endYear).toPython() == end
        assert _value(kg, plan, CKG.status) == VOCAB[f"document-status/{status}"]
    assert _value(kg, "miit-guiding-opinions-traditional-industries", CKG.status) == \
        VOCAB["document-status/to-be-formulated"]


def test_divisions_come_from_the_reference_table(kg):
    divisions = set(kg.graph.subjects(RDF.type, CKG.ProvincialDivision))
    assert len(divisions) == 34
    shandong = ID["CN-SD"]
    assert set(kg.graph.objects(shandong, RDFS.label)) == {Literal("Shandong", lang="en"),
                                                           Literal("山东省", lang="zh")}
    assert _value(kg, "CN-SD", URIRef("http://www.w3.org/2002/07/owl#sameAs")) == \
        URIRef("http://www.wikidata.org/entity/Q43407")
    assert (ID["CN-SH"], RDF.type, CKG.Municipality) in kg.graph
    assert (ID["CN-TW"], RDF.type, CKG.Province) in kg.graph
