"""One identity per entity: the duplicate report and the exact-duplicate check of validate."""

from __future__ import annotations

import pytest
from helpers import RECORDS, line_of, replace_once

from chainkg.cli import main
from chainkg.curation.duplicates import normalise

MIIT_BLOCK = """  - id: miit-copy
    type: Ministry
    label: {en: LABEL}
    jurisdiction: CN
    evidence:
      - quote: 'the Ministry of Industry and Information Technology will strengthen'
        start: 4913
        end: 4980
"""


@pytest.fixture
def data(private_data):
    """The private copy of the data of conftest, under the name these tests use."""
    return private_data


def plant(data, label: str) -> int:
    """Add a second ministry record just after 'miit' (ids stay sorted); return the line of
    its label."""
    block = MIIT_BLOCK.replace("LABEL", label)
    anchor = "  - id: miit-guiding-opinions-traditional-industries\n"
    line = replace_once(data / RECORDS, anchor, block + "\n" + anchor)
    return line + 2


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = main(["--data", ".", *args])
    captured = capsys.readouterr()
    return code, captured.out.strip().splitlines(), captured.err.strip().splitlines()


def test_normalise_folds_case_width_and_punctuation():
    assert normalise("  The  Ministry of Industry, and Information-Technology. ") == \
        "the ministry of industry and information technology"
    assert normalise("工业和信息化部（工信部）") == "工业和信息化部 工信部"
    assert normalise("ＭＩＩＴ") == "miit"


def test_fixture_graph_has_no_duplicates(data, capsys):
    code, out, err = run(capsys, "duplicates")
    assert (code, out, err) == (0, ["0 unresolved (0 exact), 0 declared distinct in "
                                    "graph/distinct.yaml"], [])


def test_exact_duplicate_fails_validate_and_report(data, capsys):
    line = plant(data, "ministry of industry and information technology.")
    first = line_of(data / RECORDS, "  - id: miit\n")
    code, _, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line}: label: same type, label and jurisdiction as 'miit' "
        f"({RECORDS}:{first}): one entity is one record; merge them and attach every "
        "source's evidence",
        "1 problem(s) found",
    ]
    code, out, _ = run(capsys, "duplicates")
    assert code == 1
    assert out == [
        "exact    Ministry in CN: 'miit' and 'miit-copy' have the same label "
        "'Ministry of Industry and Information Technology'",
        "1 unresolved (1 exact), 0 declared distinct in graph/distinct.yaml",
    ]
    # An exact duplicate cannot be declared distinct: it must be merged.
    (data / "graph" / "distinct.yaml").write_text(
        "distinct:\n  - ids: [miit, miit-copy]\n    reason: not really\n", encoding="utf-8")
    code, out, err = run(capsys, "duplicates")
    assert (code, out) == (1, [])
    assert err == [
        "graph/distinct.yaml:2: ids: 'miit' and 'miit-copy' have the same type, label and "
        "jurisdiction: merge them, or give one a label that tells them apart",
        "1 problem(s) found",
    ]


def test_similar_labels_are_reported_until_declared_distinct(data, capsys):
    plant(data, "Ministry of Industry and Information Technologies")
    code, _, err = run(capsys, "validate")
    assert (code, err) == (0, [])
    code, out, _ = run(capsys, "duplicates")
    assert code == 1
    assert out == [
        "similar  Ministry in CN: 'miit' (Ministry of Industry and Information Technology) "
        "and 'miit-copy' (Ministry of Industry and Information Technologies) are 96% alike",
        "1 unresolved (0 exact), 0 declared distinct in graph/distinct.yaml",
    ]
    (data / "graph" / "distinct.yaml").write_text(
        "distinct:\n  - ids: [miit-copy, miit]\n    reason: a planted look-alike\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "duplicates", "--all")
    assert code == 0
    assert out == [
        "distinct Ministry in CN: 'miit' (Ministry of Industry and Information Technology) "
        "and 'miit-copy' (Ministry of Industry and Information Technologies) are 96% alike: "
        "a planted look-alike",
        "0 unresolved (0 exact), 1 declared distinct in graph/distinct.yaml",
    ]


def test_distinct_list_is_checked(data, capsys):
    (data / "graph" / "distinct.yaml").write_text(
        "distinct:\n  - ids: [miit, state-council]\n    reason: never alike\n"
        "  - ids: [miit, nowhere]\n    reason: gone\n  - ids: [miit]\n    reason: one\n"
        "  - ids: [miit, state-council]\n    reason: ''\n", encoding="utf-8")
    code, _, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        "graph/distinct.yaml:2: ids: 'miit' and 'state-council' no longer look alike; "
        "remove the entry",
        "graph/distinct.yaml:4: ids: unknown record id 'nowhere'",
        "graph/distinct.yaml:6: ids: expected two different record ids",
        "graph/distinct.yaml:8: reason: say why these records are different entities",
        "4 problem(s) found",
    ]


def test_curated_graph_has_no_unresolved_duplicates(curated_data):
    from chainkg.build import find_duplicate_records

    report = find_duplicate_records(curated_data)
    assert report.problems == []
    assert [d.describe() for d in report.unresolved] == []


def test_a_later_source_adds_its_evidence_to_the_existing_record(data, capsys, monkeypatch):
    """One entity, one record: evidence naming another source attaches to the same IRI."""
    from rdflib import Literal, URIRef

    from chainkg.build import compile_graph
    from chainkg.core.paths import data_layout

    monkeypatch.delenv("CHAINKG_SOURCES", raising=False)
    item = ("      - source: 01_heilongjiang-chain-chief\n"
            "        quote: 'the Ministry'\n        start: 10\n        end: 22\n"
            "        supports: [label]\n")
    anchor = "  - id: miit-guiding-opinions-traditional-industries\n"
    replace_once(data / RECORDS, "\n" + anchor, item + "\n" + anchor)
    compilation = compile_graph(data_layout(data))
    assert compilation.problems == []
    graph = compilation.graph
    prov = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    source = URIRef("https://w3id.org/chainkg/ontology#source")
    sources = {str(graph.value(e, source)).rsplit("/", 1)[-1]
               for e in graph.objects(URIRef("https://w3id.org/chainkg/id/miit"), prov)}
    assert sources == {"000_514a004910d82cf7", "01_heilongjiang-chain-chief"}
    node = URIRef("https://w3id.org/chainkg/id/miit/evidence/10-22")
    assert graph.value(node, URIRef("http://www.w3.org/ns/oa#exact")) == Literal("the Ministry")
    # Two sources quoted at the same offsets would share one evidence IRI: refused.
    line = replace_once(data / RECORDS,
                        "        quote: 'the Ministry'\n        start: 10\n        end: 22\n",
                        "        quote: 'Minister of Industry and Information Technology'\n"
                        "        start: 4632\n        end: 4679\n")
    code, _, err = run(capsys, "validate")
    assert code == 1
    assert err == [
        f"{RECORDS}:{line - 1}: evidence: quotes from '000_514a004910d82cf7' and "
        "'01_heilongjiang-chain-chief' at the same offsets 4632-4679; quote one more or one "
        "fewer word of either",
        "1 problem(s) found",
    ]
