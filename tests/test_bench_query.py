"""The benchmark's synthetic graphs have the real graph's shape and are reproducible.

Only the generator is checked here (at a small size); the benchmark's timings are a
report, never an assertion.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "synthetic.py"
SIZE = 8_000

CKG = "https://w3id.org/chainkg/ontology#"
ID = "https://w3id.org/chainkg/id/"


def generate(out: Path, size: int = SIZE, seed: int | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(SCRIPT), "--size", str(size), "--out", str(out)]
    if seed is not None:
        command += ["--seed", str(seed)]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    first, second = folder / "first.nt", folder / "second.nt"
    for path in (first, second):
        completed = generate(path)
        assert completed.returncode == 0, completed.stderr
    return first, second


@pytest.fixture(scope="module")
def store(generated) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(generated[0]), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def count(store: pyoxigraph.Store, query: str) -> int:
    return int(next(iter(store.query(query)))[0].value)


def test_same_bytes_for_the_same_seed(generated):
    first, second = generated
    assert first.read_bytes() == second.read_bytes()


def test_other_seed_other_graph(generated, tmp_path):
    other = tmp_path / "other.nt"
    assert generate(other, seed=7).returncode == 0
    assert other.read_bytes() != generated[0].read_bytes()


def test_triple_count_near_the_requested_size(generated, store):
    lines = generated[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(store)
    assert abs(len(store) - SIZE) <= SIZE * 0.05


def test_reports_the_count_it_wrote(tmp_path):
    out = tmp_path / "g.nt"
    completed = generate(out)
    lines = out.read_text(encoding="utf-8").count("\n")
    assert completed.stdout.strip() == f"wrote {lines} triples to {out}"


def test_divisions_are_those_of_the_real_build(store):
    divisions = {s[0].value for s in store.query(
        f"SELECT ?d WHERE {{ ?d a <{CKG}ProvincialDivision> }}")}
    assert len(divisions) == 34
    assert f"{ID}CN-JL" in divisions and f"{ID}CN-SD" in divisions
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ID}CN> a <{CKG}Nation> }}") == 1
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{ID}CN-BJ> a <{CKG}Municipality> }}"
                 ) == 1


@pytest.mark.parametrize("cls", [
    "ActionPlan", "ImplementationPlan", "DevelopmentPlan", "ProductList", "GuidingOpinion",
    "Initiative", "MeetingDecision", "Measure", "Incentive", "QuantifiedTarget", "Enterprise",
    "ProvincialDepartment", "ProvincialGovernment", "IndicatorObservation", "Indicator",
    "SourceDocument", "Evidence",
])
def test_every_record_class_is_present(store, cls):
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{CKG}{cls}> }}") > 0


def test_people_posts_and_statements(store):
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?x a <http://xmlns.com/foaf/0.1/Person> }"
                 ) > 0
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?post <http://www.w3.org/ns/org#heldBy> "
                        "?person ; <http://www.w3.org/ns/org#postIn> ?org }") > 0
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{CKG}statedBy> ?p ; "
                        f"<{CKG}claim> ?c }}") > 0


def test_technology_taxonomy_has_hundreds_of_concepts(store):
    scheme = "https://w3id.org/chainkg/vocab/technology"
    concepts = count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c "
                            f"<http://www.w3.org/2004/02/skos/core#inScheme> <{scheme}> }}")
    assert concepts >= 300
    # every concept but the top ones reaches a top concept through skos:broader
    orphans = count(store, f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(*) AS ?n) WHERE {{
          ?c skos:inScheme <{scheme}> .
          FILTER NOT EXISTS {{ ?c skos:broader* ?top . ?top skos:topConceptOf <{scheme}> }}
        }}""")
    assert orphans == 0


def test_documents_and_targets_carry_the_real_predicates(store):
    plans_without = count(store, f"""
        SELECT (COUNT(*) AS ?n) WHERE {{
          ?p a <{CKG}ActionPlan> .
          FILTER NOT EXISTS {{ ?p <{CKG}jurisdiction> ?j ; <{CKG}startYear> ?s ;
                               <{CKG}endYear> ?e ; <{CKG}status> ?st ;
                               <{CKG}chainStrategy> ?c ; <{CKG}targetsTechnology> ?t }}
        }}""")
    assert plans_without == 0
    targets_without = count(store, f"""
        SELECT (COUNT(*) AS ?n) WHERE {{
          ?t a <{CKG}QuantifiedTarget> .
          FILTER NOT EXISTS {{ ?t <{CKG}comparator> ?c ; <{CKG}unit> ?u ;
                               <{CKG}deadlineYear> ?d ; <{CKG}partOfPolicy> ?p }}
          FILTER NOT EXISTS {{ ?t <{CKG}targetValue> ?v }}
          FILTER NOT EXISTS {{ ?t <{CKG}minValue> ?v }}
        }}""")
    assert targets_without == 0


def test_every_curated_entity_has_evidence_with_quote_and_offsets(store):
    missing = count(store, f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT (COUNT(*) AS ?n) WHERE {{
          ?e <{CKG}jurisdiction>|<{CKG}locatedIn>|<{CKG}statedBy> ?x .
          FILTER NOT EXISTS {{ ?e prov:wasDerivedFrom ?ev . ?ev a <{CKG}Evidence> ;
                                 oa:exact ?q ; oa:start ?s ; oa:end ?end ;
                                 <{CKG}source> ?src }}
        }}""")
    assert missing == 0


def test_bad_size_is_a_usage_error(tmp_path):
    completed = generate(tmp_path / "x.nt", size="lots")  # type: ignore[arg-type]
    assert completed.returncode == 2
    assert "not a size: 'lots'" in completed.stderr
    assert not (tmp_path / "x.nt").exists()


def test_passes_the_projects_quality_rules(store):
    from chainkg.build.validate import rule_violations
    from chainkg.core.paths import data_layout

    rules = sorted(data_layout().rules_dir.glob("*.rq"))
    assert rules
    assert {rule.name: rule_violations(store, rule) for rule in rules} == {
        rule.name: [] for rule in rules}


def test_conforms_to_the_shacl_shapes(generated):
    import pyshacl
    from rdflib import Graph

    from chainkg.core.namespaces import bind_prefixes
    from chainkg.core.paths import data_layout

    graph = Graph()
    bind_prefixes(graph)
    graph.parse(generated[0], format="nt")
    shapes = Graph().parse(data_layout().shapes, format="turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes, inference="none",
                                         advanced=True, allow_warnings=True)
    assert conforms, text[:2000]
