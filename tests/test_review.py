"""`chainkg review`: drafts against curated records, and --accept then validate, end to end
on a dev article in a private copy of the data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import copy_data

from chainkg.cli import main

SOURCE = "04_shanxi-key-industrial-chains-2025-action-plan"
PLAN = "shanxi-2025-action-plan-for-advancing-the-upgrade-of-key-industrial-ch"


@pytest.fixture
def data(tmp_path, sources_dir, monkeypatch) -> Path:
    """A copy of the data whose manifest also lists the Shanxi dev article."""
    root = copy_data(tmp_path / "data")
    text = (sources_dir / "dev" / f"{SOURCE}.txt").read_bytes()
    with (root / "graph" / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"  - id: {SOURCE}\n    file: dev/{SOURCE}.txt\n"
                     "    title: Shanxi's plan for upgrading key industrial chains\n"
                     "    publisher: China Daily\n    date: 2025-03-26\n"
                     f"    sha256: {hashlib.sha256(text).hexdigest()}\n")
    monkeypatch.delenv("CHAINKG_DATA", raising=False)
    return root


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_extract_review_accept_validate(data, sources_dir, capsys):
    base = ("--data", str(data))
    src = ("--sources", str(sources_dir))
    code, out, _ = run(capsys, *base, "review", SOURCE, *src)
    assert code == 0
    assert [line.split()[:2] for line in out.splitlines()[:-1]] == [
        ["new", PLAN], ["new", "shanxi-chain-enterprise-2025"],
        ["new", "shanxi-chain-master-enterprise-2025"], ["new", "shanxi-core-enterprise-2025"],
        ["new", "shanxi-revenue-2025"]]
    assert out.splitlines()[-1] == "0 matched, 0 conflicting, 5 new, 0 missed"

    code, out, _ = run(capsys, *base, "review", SOURCE, *src, "--accept",
                       "shanxi-revenue-2025", PLAN, "shanxi-core-enterprise-2025")
    assert code == 0
    record_file = data / "graph" / "records" / f"{SOURCE}.yaml"
    text = record_file.read_text(encoding="utf-8")
    # Sorted by id, in the record file layout, without the draft metadata.
    assert [line for line in text.splitlines() if line.startswith("  - id:")] == [
        f"  - id: {PLAN}", "  - id: shanxi-core-enterprise-2025", "  - id: shanxi-revenue-2025"]
    assert "draft:" not in text and "    value: 800000000000\n" in text

    code, out, err = run(capsys, *base, "validate", *src)
    assert code == 0, err
    assert out.startswith("valid: records, SHACL shapes and quality rules pass")

    code, out, _ = run(capsys, *base, "review", SOURCE, *src)
    assert out.splitlines()[-1] == "3 matched, 0 conflicting, 2 new, 0 missed"

    # Accepting an id twice is refused and writes nothing.
    code, _, err = run(capsys, *base, "review", SOURCE, *src, "--accept", PLAN)
    assert code == 2 and "already has a record with id" in err
    assert record_file.read_text(encoding="utf-8") == text


def test_review_reports_conflicts_and_missed_records(data, sources_dir, capsys):
    base = ("--data", str(data))
    src = ("--sources", str(sources_dir))
    assert main([*base, "review", SOURCE, *src, "--accept", "shanxi-chain-master-enterprise-2025",
                 "shanxi-core-enterprise-2025"]) == 0
    record_file = data / "graph" / "records" / f"{SOURCE}.yaml"
    text = record_file.read_text(encoding="utf-8")
    # The curator reads "more than 120" as 125 (a conflict) and adds a record no rule drafts.
    text = text.replace("    value: 120\n", "    value: 125\n")
    quote = "Integrating industrial clusters and chains will progress"
    start = (sources_dir / "dev" / f"{SOURCE}.txt").read_text(encoding="utf-8").index(quote)
    text += ("\n  - id: shanxi-integrate-clusters-and-chains\n    type: Measure\n"
             "    label: {en: integrate industrial clusters and chains (Shanxi)}\n"
             "    jurisdiction: CN-SX\n"
             "    description: {en: Integrate industrial clusters and chains.}\n"
             "    evidence:\n      - quote: 'Integrating industrial clusters and chains will "
             f"progress'\n        start: {start}\n        end: {start + len(quote)}\n")
    record_file.write_text(text, encoding="utf-8")
    capsys.readouterr()
    code, out, _ = run(capsys, *base, "review", SOURCE, *src)
    assert code == 0
    lines = out.splitlines()
    assert ("matched      shanxi-chain-master-enterprise-2025 = "
            "shanxi-chain-master-enterprise-2025") in lines
    assert ("conflicting  shanxi-core-enterprise-2025 ~ shanxi-core-enterprise-2025: differs in "
            "value") in lines
    assert lines[-1] == "1 matched, 1 conflicting, 3 new, 0 missed"

    # Without the plan, validate names what the curator still has to fill in.
    code, _, err = run(capsys, *base, "validate", *src)
    assert code == 1
    missing = f"part_of: unknown reference '{PLAN}': no record or division has this id"
    assert err.splitlines() == [f"{record_file}:7: {missing}", f"{record_file}:35: {missing}",
                                "2 problem(s) found"]
