"""``chainkg stats`` and docs/coverage.md: figures checked against the records themselves."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import FIXTURE, REPO

from chainkg.cli import main
from chainkg.query.coverage import BEGIN_MARKER, END_MARKER, covered_characters


def evidence_by_source(records_dir: Path) -> dict[str, list[tuple[str, int, int]]]:
    """(record id, start, end) of every evidence item, by the source it cites, read
    straight from the YAML, independently of the compiler and the queries."""
    found: dict[str, list[tuple[str, int, int]]] = {}
    for path in sorted(records_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in data["records"]:
            for item in record["evidence"]:
                source = item.get("source", data["source"])
                found.setdefault(source, []).append((record["id"], item["start"], item["end"]))
    return found


def test_covered_characters_merges_overlaps():
    assert covered_characters([]) == 0
    assert covered_characters([(10, 20), (15, 25), (30, 31), (0, 5), (10, 20)]) == 21
    assert covered_characters([(0, 100), (10, 20)]) == 100


DIVISIONS_TITLE = ("Per provincial division (counting its cities and districts; China stands "
                   "for national items; *stated chains* is the largest number of designated "
                   "chains a record of the division itself states, named or not):")


def stats_rows(out: str, title: str) -> dict[str, list[str]]:
    """The rows of the Markdown table after the line ``title``, by first cell."""
    lines = out.splitlines()
    start = lines.index(title) + 4
    rows = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_stats_without_texts(capsys, monkeypatch):
    monkeypatch.delenv("CHAINKG_SOURCES", raising=False)
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    evidence = evidence_by_source(FIXTURE / "graph" / "records")
    sources = stats_rows(out, "Per source:")
    assert sorted(sources) == sorted(evidence)
    for source, items in evidence.items():
        assert sources[source][1:] == [str(len({i[0] for i in items})), str(len(set(items)))]
    assert out.rstrip().endswith("(CHAINKG_SOURCES was not set), so it is left out.")
    divisions = stats_rows(out, DIVISIONS_TITLE)
    assert len(divisions) == 35
    # Anhui: the 2021-2023 NEV plan, its four quantified targets, seven technologies.
    assert divisions["Anhui"] == ["1", "0", "0", "4", "7", "1"]
    assert divisions["Tibet"] == ["0", "0", "0", "0", "0", "0"]
    assert out.startswith("4 sources; ")
    assert "provincial-level divisions have at least one policy document or designated " \
           "chain.\n" in out


STATED_CHAINS = """
  - id: stated-chains-count-only
    type: QuantifiedObservation
    label: {en: seven key industrial chains}
    jurisdiction: CN-NM
    kind: composition
    counts: industrial-chain
    value: 7
    comparator: exactly
    unit: count
    evidence:
      - quote: 'Heilongjiang has seven key industrial chains'
        start: 1069
        end: 1113
"""


def test_a_stated_number_of_chains_covers_a_division(private_data, capsys, monkeypatch):
    """A division whose only record is a stated count of designated chains (the source names
    none) counts as covered, is told apart in the sentence, and shows the count."""
    monkeypatch.delenv("CHAINKG_SOURCES", raising=False)
    monkeypatch.delenv("CHAINKG_BUILD_DIR")   # the private copy builds into its own folder
    assert main(["--data", ".", "stats"]) == 0
    before = capsys.readouterr().out
    records = private_data / "graph" / "records" / "01_heilongjiang-chain-chief.yaml"
    records.write_text(records.read_text(encoding="utf-8") + STATED_CHAINS, encoding="utf-8")
    assert main(["--data", ".", "stats"]) == 0
    out = capsys.readouterr().out
    covered = int(before.split(" of 34 provincial-level")[0].rsplit("; ", 1)[1])
    assert out.split("\n", 1)[0].endswith(
        f"; {covered + 1} of 34 provincial-level divisions have at least one policy document "
        f"or designated chain ({covered} with a document or a named chain; 1 only with a "
        "stated number of designated chains that the source does not name).")
    assert stats_rows(out, DIVISIONS_TITLE)["Inner Mongolia"] == ["0", "0", "7", "0", "0", "1"]
    assert stats_rows(before, DIVISIONS_TITLE)["Inner Mongolia"] == ["0"] * 6


def test_stats_with_texts(capsys, sources_dir):
    assert main(["stats", "--sources", str(sources_dir)]) == 0
    out = capsys.readouterr().out
    manifest = yaml.safe_load((FIXTURE / "graph" / "sources.yaml").read_text(encoding="utf-8"))
    files = {s["id"]: s["file"] for s in manifest["sources"]}
    rows = stats_rows(out, "Per source:")
    for source, items in evidence_by_source(FIXTURE / "graph" / "records").items():
        text = (sources_dir / files[source]).read_text(encoding="utf-8")
        mask = [False] * len(text)
        for _, start, end in items:
            mask[start:end] = [True] * (end - start)
        assert rows[source][-1] == f"{100 * sum(mask) / len(text):.1f}%"


def test_update_rewrites_only_the_marked_section(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CHAINKG_SOURCES", raising=False)
    doc = tmp_path / "coverage.md"
    doc.write_text(f"# Title\n\nbefore\n{BEGIN_MARKER}\nold\n{END_MARKER}\nafter\n",
                   encoding="utf-8")
    assert main(["stats", "--update", str(doc)]) == 0
    assert main(["stats"]) == 0
    printed = capsys.readouterr().out.split("\n", 1)[1]
    assert doc.read_text(encoding="utf-8") == \
        f"# Title\n\nbefore\n{BEGIN_MARKER}\n{printed}{END_MARKER}\nafter\n"
    bad = tmp_path / "bad.md"
    bad.write_text("no markers\n", encoding="utf-8")
    assert main(["stats", "--update", str(bad)]) == 2
    assert bad.read_text(encoding="utf-8") == "no markers\n"
    assert capsys.readouterr().err.startswith(f"{bad}:1: (file): the document has no ")


def test_coverage_doc_is_current(curated_kg, curated_data, sources_dir):
    from chainkg.query.coverage import coverage_markdown

    section = coverage_markdown(curated_kg.coverage(sources_dir, layout=curated_data))
    document = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    current = document[document.index(BEGIN_MARKER) + len(BEGIN_MARKER) + 1:
                       document.index(END_MARKER)]
    assert current == section, ("docs/coverage.md is out of date: run chainkg stats "
                                "--sources DIR --update docs/coverage.md")
