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
    divisions = stats_rows(out, "Per provincial division (counting its cities and districts; "
                                "China stands for national items):")
    assert len(divisions) == 35
    # Anhui: the 2021-2023 NEV plan, its four quantified targets, seven technologies.
    assert divisions["Anhui"] == ["1", "0", "4", "7", "1"]
    assert divisions["Tibet"] == ["0", "0", "0", "0", "0"]
    assert out.startswith("4 sources; ")


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
