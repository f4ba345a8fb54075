"""Mistakes curators make, each reported as one line that says the cause and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_here as run
from helpers import RECORDS, line_of, replace_once

ANHUI = Path("graph/records/03_anhui-nev-plan-2021-2023.yaml")
FILE_SHAPE = ("a record file is a mapping: 'source: <source id>' and then 'records:' with "
              "the list of records")


@pytest.fixture
def data(private_data):
    """The private copy of the data of conftest, under the name these tests use."""
    return private_data




def test_a_list_of_records_is_not_a_record_file(data, capsys, sources_dir):
    """The shape of the README's example before it was fixed: records without 'source'."""
    records = data / ANHUI
    listed = yaml.safe_load(records.read_text(encoding="utf-8"))["records"]
    records.write_text(yaml.safe_dump(listed, allow_unicode=True, sort_keys=False),
                       encoding="utf-8")
    expected = (f"{ANHUI}:1: (file): expected a mapping with keys 'source' and 'records', got "
                "a list (put it under 'records:' and add 'source: <source id>' above it); "
                f"{FILE_SHAPE}")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err[0] == expected
    code, err = run(capsys, "locate", "--sources", str(sources_dir), "--fix", str(ANHUI))
    assert code == 1
    assert err == [expected, "1 problem(s) found"]


def test_curly_apostrophe_in_the_source_straight_in_the_quote(data, capsys, sources_dir):
    records = data / ANHUI
    line = line_of(records, "      - quote: 'according to the province’s 2021-2023 NEV")
    text = records.read_text(encoding="utf-8")
    after = text[text.index("province’s 2021-2023"):].split()
    start, end = int(after[after.index("start:") + 1]), int(after[after.index("end:") + 1])
    replace_once(records, "according to the province’s 2021-2023 NEV",
                 "according to the province''s 2021-2023 NEV")
    code, err = run(capsys, "validate", "--sources", str(sources_dir))
    offset = start + len("according to the province")
    assert code == 1
    assert err == [
        f"{ANHUI}:{line}: evidence[2].quote: quote not found at {start}-{end} of "
        f"'03_anhui-nev-plan-2021-2023'; the source has ’ (U+2019) where the quote has ' "
        f"(U+0027) (offset {offset}): the quote stands at {start}-{end} with the "
        "source's characters; copy them from the source",
        "1 problem(s) found",
    ]


def test_full_width_and_dash_look_alikes_are_named_each(data, capsys, sources_dir):
    from chainkg.curation.sources import near_match

    assert near_match("计划（2023—2025年）", "计划(2023-2025年)") == (
        "the source has （ (U+FF08) where the quote has ( (U+0028) (offset 2); the source has "
        "— (U+2014) where the quote has - (U+002D) (offset 7); the source has ） (U+FF09) "
        "where the quote has ) (U+0029) (offset 13): the quote stands at 0-14 with the "
        "source's characters; copy them from the source")
    assert near_match("a\u00a0b", "a b").startswith(
        "the source has a no-break space (U+00A0) where the quote has a space (U+0020)")
    assert near_match("abc", "abd") is None


def test_unquoted_comma_in_a_label(data, capsys):
    line = line_of(data / RECORDS, "  - id: miit\n") + 2
    replace_once(data / RECORDS, "label: {en: Ministry of Industry and Information Technology,",
                 "label: {en: Ministry of Industry, and Information Technology,")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: label: unknown language 'and Information Technology': an unquoted "
        "comma ends the text inside {...}; quote the text, as in "
        "{en: 'Ministry of Industry, and Information Technology'}",
        "1 problem(s) found",
    ]


def test_a_misspelt_record_type_is_one_line(data, capsys):
    """Jilin's plan is referenced by its targets and measures: none of them is reported."""
    records = data / RECORDS
    plan = "  - id: jilin-intelligent-digital-transformation-plan\n"
    line = line_of(records, "    type: ActionPlan\n", after=plan)
    assert records.read_text(encoding="utf-8").count(
        "part_of: jilin-intelligent-digital-transformation-plan") >= 5
    replace_once(records, plan + "    type: ActionPlan\n", plan + "    type: ActionPlna\n")
    code, err = run(capsys, "validate")
    assert code == 1
    assert len(err) == 2, err
    assert err[0].startswith(f"{RECORDS}:{line}: type: unknown record type 'ActionPlna'; did "
                             "you mean 'ActionPlan'? known: AcademicUnit, ActionPlan, ")
    assert err[1] == "1 problem(s) found"


def test_records_out_of_id_order(data, capsys):
    records = data / RECORDS
    text = records.read_text(encoding="utf-8")
    begin = text.index("  - id: qu-hongbin\n")
    end = text.index("\n  - id: ", begin + 1) + 1
    block = text[begin:end]
    last = text[text.rindex("\n  - id: ") + 9:].split("\n", 1)[0]
    before = text[:begin].rsplit("\n  - id: ", 1)[1].split("\n", 1)[0]
    records.write_text(text[:begin] + text[end:].rstrip("\n") + "\n" + block, encoding="utf-8")
    line = line_of(records, "  - id: qu-hongbin\n")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: id: records are not sorted by id: 'qu-hongbin' comes after "
        f"'{last}'; move it just after '{before}'",
        "1 problem(s) found",
    ]


def test_sources_out_of_id_order(data, capsys):
    manifest = data / "graph" / "sources.yaml"
    text = manifest.read_text(encoding="utf-8")
    first = text.index("  - id: 02_shandong-ten-industries\n")
    second = text.index("  - id: 03_anhui-nev-plan-2021-2023\n")
    manifest.write_text(text[:first] + text[second:].rstrip("\n") + "\n" + text[first:second],
                        encoding="utf-8")
    line = line_of(manifest, "  - id: 02_shandong-ten-industries\n")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"graph/sources.yaml:{line}: id: sources are not sorted by id: "
        "'02_shandong-ten-industries' comes after '03_anhui-nev-plan-2021-2023'; move it "
        "just after '01_heilongjiang-chain-chief'",
        "1 problem(s) found",
    ]


def test_broader_concept_that_does_not_exist(data, capsys):
    vocab = data / "ontology" / "vocab" / "technology.ttl"
    text = vocab.read_text(encoding="utf-8")
    at = text.index("    skos:broader tech:five-basics ;")
    subject = text[:at].rsplit("\n\n", 1)[1].split()[0]
    line = line_of(vocab, f"{subject} a skos:Concept")
    replace_once(vocab, "    skos:broader tech:five-basics ;", "    skos:broader tech:five-basic ;")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"ontology/vocab/technology.ttl:{line}: skos:broader: {subject} has skos:broader "
        "tech:five-basic, which is not a concept of any vocabulary; correct the id or add "
        "that concept",
        "1 problem(s) found",
    ]


def test_top_concept_missing_from_has_top_concept(data, capsys):
    vocab = data / "ontology" / "vocab" / "chain-strategy.ttl"
    text = vocab.read_text(encoding="utf-8")
    start = text.index("skos:hasTopConcept")
    end = text.index(" .\n", start)
    listed = [item.strip() for item in text[start + 18:end].split(",")]
    assert "cs:building" in listed
    listed.remove("cs:building")
    vocab.write_text(text[:start + 18] + " " + " , ".join(listed) + text[end:], encoding="utf-8")
    line = line_of(vocab, "cs:building a skos:Concept")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"ontology/vocab/chain-strategy.ttl:{line}: skos:hasTopConcept: cs:building is a top "
        "concept (it has no skos:broader) but <https://w3id.org/chainkg/vocab/chain-strategy> "
        "does not list it in skos:hasTopConcept; add it there",
        "1 problem(s) found",
    ]


def test_concept_without_in_scheme(data, capsys):
    """Records that use the concept are not reported too: the cause is in the vocabulary."""
    vocab = data / "ontology" / "vocab" / "chain-strategy.ttl"
    line = line_of(vocab, "cs:building a skos:Concept")
    text = vocab.read_text(encoding="utf-8")
    at = text.index("cs:building a skos:Concept")
    drop = text.index("    skos:inScheme <https://w3id.org/chainkg/vocab/chain-strategy> ;\n", at)
    vocab.write_text(text[:drop] + text[drop + 68:], encoding="utf-8")
    assert "building" in (data / RECORDS).read_text(encoding="utf-8")
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"ontology/vocab/chain-strategy.ttl:{line}: skos:inScheme: concept cs:building has no "
        "skos:inScheme, so no record can use it; add skos:inScheme "
        "<https://w3id.org/chainkg/vocab/chain-strategy>",
        "1 problem(s) found",
    ]


def test_supports_names_a_field_the_record_does_not_have(data, capsys):
    records = data / RECORDS
    text = records.read_text(encoding="utf-8")
    record = text.index("  - id: jilin-lighthouse-factories\n")
    at = text.index("supports: [part_of, jurisdiction, deadline_year]", record)
    assert "min_value:" not in text[record:at]
    records.write_text(text[:at] + "supports: [part_of, jurisdiction, min_value]"
                       + text[at + 49:], encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    deadline = text.count("\n", 0, text.index("    deadline_year:", record)) + 1
    code, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{deadline}: deadline_year: no evidence item supports this field",
        f"{RECORDS}:{line}: evidence[1].supports: 'min_value' names a field this record does "
        "not have; add min_value: to the record or remove it from supports",
        "2 problem(s) found",
    ]
