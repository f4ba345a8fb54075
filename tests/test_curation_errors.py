"""Bad curated input: one located message per problem, a non-zero exit, nothing written."""

from __future__ import annotations

import pytest
from conftest import run_here as run
from helpers import RECORDS, line_of, replace_once

from chainkg.cli import main


@pytest.fixture
def data(private_data):
    """The private copy of the data of conftest, under the name these tests use."""
    return private_data




def plan_line(data, field: str, record: str) -> int:
    return line_of(data / RECORDS, f"    {field}:", after=f"  - id: {record}\n")


def test_malformed_yaml(data, capsys):
    records = data / RECORDS
    line = line_of(records, "  - id: miit\n") + 2
    replace_once(records, "    label: {en: Ministry of Industry and Information Technology,",
                 "    label: {en: [Ministry of Industry,")
    code, err = run(capsys, "validate")
    assert code == 1
    assert len(err) == 2
    assert err[0].startswith(f"{RECORDS}:{line}: (yaml): malformed YAML at column ")
    assert err[1] == "1 problem(s) found"


def test_unknown_reference(data, capsys):
    line = plan_line(data, "jurisdiction", "hubei-chain-chief-implementation-plan")
    replace_once(data / RECORDS, "    jurisdiction: CN-HB\n    status: released",
                 "    jurisdiction: CN-XX\n    status: released")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: jurisdiction: unknown reference 'CN-XX': no record or division "
        "has this id",
        "1 problem(s) found",
    ]


def test_reference_of_the_wrong_kind(data, capsys):
    line = plan_line(data, "jurisdiction", "hubei-chain-chief-implementation-plan")
    replace_once(data / RECORDS, "    jurisdiction: CN-HB\n    status: released",
                 "    jurisdiction: miit\n    status: released")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err[0] == f"{RECORDS}:{line}: jurisdiction: 'miit' is a Ministry; expected a division"


def test_wrong_type_year(data, capsys):
    line = plan_line(data, "start_year", "jilin-intelligent-digital-transformation-plan")
    replace_once(data / RECORDS, "    start_year: 2023\n", "    start_year: twenty\n")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: start_year: expected a year (integer 1900-2100), got 'twenty'",
        "1 problem(s) found",
    ]


def test_duplicate_id(data, capsys):
    records = data / RECORDS
    first = line_of(records, "  - id: miit\n")
    replace_once(records, "  - id: miit-top-level-planning\n", "  - id: miit\n")
    second = line_of(records, "  - id: miit\n", after="  - id: miit-guiding-opinions")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{second}: id: duplicate id 'miit' (first defined in {RECORDS}:{first})",
        "1 problem(s) found",
    ]


def test_quote_not_in_source(data, capsys, sources_dir):
    records = data / RECORDS
    line = line_of(records, "      - quote: 'build 1 2 lighthouse factories'")
    replace_once(records, "      - quote: 'build 1 2 lighthouse factories'",
                 "      - quote: 'build 12 lighthouse factories'")
    code, err = run(capsys, "validate", "--sources", str(sources_dir))
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: evidence[0].quote: quote not found at 3667-3697 of "
        "'000_514a004910d82cf7'; it does not occur anywhere in the source",
        f"{RECORDS}:{line + 2}: evidence[0].end: end - start is 30 but the quote has 29 "
        "characters",
        "2 problem(s) found",
    ]


def test_quote_at_wrong_offsets(data, capsys, sources_dir):
    records = data / RECORDS
    quote_line = line_of(records, "      - quote: 'build 1 2 lighthouse factories'")
    replace_once(records, "        start: 3667\n        end: 3697\n",
                 "        start: 3668\n        end: 3698\n")
    code, err = run(capsys, "validate", "--sources", str(sources_dir))
    assert code == 1
    assert err[0] == (
        f"{RECORDS}:{quote_line}: evidence[0].quote: quote not found at 3668-3698 of "
        "'000_514a004910d82cf7'; it occurs at 3667-3697")


def test_missing_required_field(data, capsys):
    records = data / RECORDS
    record_line = line_of(records, "  - id: miit-guiding-opinions-traditional-industries\n")
    replace_once(records, "    status: to-be-formulated\n", "")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{record_line}: status: a policy document needs exactly one status",
        "1 problem(s) found",
    ]


def test_unknown_vocabulary_term(data, capsys):
    line = line_of(data / RECORDS, "[industrial-mother-machine, key-raw-materials, robot,")
    replace_once(data / RECORDS, "[industrial-mother-machine, key-raw-materials, robot,",
                 "[industrial-mother-machine, key-raw-materials, robots,")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: technologies: unknown term 'robots' in vocabulary 'technology' "
        "(ontology/vocab/technology.ttl)",
        "1 problem(s) found",
    ]


def test_unknown_field_and_missing_evidence(data, capsys):
    records = data / RECORDS
    record_line = line_of(records, "  - id: qu-hongbin\n")
    replace_once(records, "  - id: qu-hongbin\n    type: Person\n"
                 "    label: {en: Qu Hongbin, zh: 屈宏斌}\n    translated: [label.zh]\n"
                 "    evidence:\n",
                 "  - id: qu-hongbin\n    type: Person\n"
                 "    label: {en: Qu Hongbin, zh: 屈宏斌}\n    translated: [label.zh]\n"
                 "    born: 1965\n    evidence_:\n")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err[:3] == [
        f"{RECORDS}:{record_line}: evidence: record 'qu-hongbin' has no evidence",
        f"{RECORDS}:{record_line + 4}: born: unknown field for a Person; allowed: alt_labels, "
        "description, identified, label, note, translated",
        f"{RECORDS}:{record_line + 5}: evidence_: unknown field for a Person; allowed: "
        "alt_labels, description, identified, label, note, translated",
    ]


def test_failed_build_keeps_previous_outputs(data, capsys):
    out = data / "out"
    assert main(["--data", ".", "build", "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == ["build-info.json", "chainkg.jsonld", "chainkg.nt", "chainkg.ttl"]
    replace_once(data / RECORDS, "    start_year: 2023\n", "    start_year: twenty\n")
    capsys.readouterr()
    code = main(["--data", ".", "build", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "start_year: expected a year" in err
    assert err.strip().endswith("build failed: nothing written to out")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_all_problems_are_reported_in_one_run(data, capsys, sources_dir):
    """Four different mistakes give exactly their own lines, sorted, and nothing else."""
    records = data / RECORDS
    jurisdiction = plan_line(data, "jurisdiction", "hubei-chain-chief-implementation-plan")
    replace_once(records, "    jurisdiction: CN-HB\n    status: released",
                 "    jurisdiction: CN-XX\n    status: released")
    year = plan_line(data, "start_year", "jilin-intelligent-digital-transformation-plan")
    replace_once(records, "    start_year: 2023\n", "    start_year: twenty\n")
    opinion = line_of(records, "  - id: miit-guiding-opinions-traditional-industries\n")
    replace_once(records, "    status: to-be-formulated\n", "")
    quote = line_of(records, "      - quote: 'build 1 2 lighthouse factories'")
    replace_once(records, "'build 1 2 lighthouse factories'", "'build 12 lighthouse factories'")
    code, err = run(capsys, "validate", "--sources", str(sources_dir))
    assert code == 1
    assert err == [
        f"{RECORDS}:{jurisdiction}: jurisdiction: unknown reference 'CN-XX': no record or "
        "division has this id",
        f"{RECORDS}:{year}: start_year: expected a year (integer 1900-2100), got 'twenty'",
        f"{RECORDS}:{quote}: evidence[0].quote: quote not found at 3667-3697 of "
        "'000_514a004910d82cf7'; it does not occur anywhere in the source",
        f"{RECORDS}:{quote + 2}: evidence[0].end: end - start is 30 but the quote has 29 "
        "characters",
        f"{RECORDS}:{opinion}: status: a policy document needs exactly one status",
        "5 problem(s) found",
    ]
