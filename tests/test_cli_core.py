"""The core subcommands through the real console entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURE_DATA
from helpers import RECORDS, copy_data, replace_once

from chainkg.cli import main

SOURCE = "000_514a004910d82cf7"


def chainkg(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainkg", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)


def test_help_lists_every_subcommand_with_a_description():
    result = chainkg("--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    listed: dict[str, str] = {}
    name = ""
    for line in lines[lines.index("positional arguments:") + 2:]:
        if not line.strip():
            break
        if line.startswith("     "):  # a wrapped description goes on
            listed[name] += " " + line.strip()
            continue
        name, _, description = line.strip().partition(" ")
        listed[name] = description.strip()
    assert list(listed) == ["build", "validate", "duplicates", "locate", "extract", "review",
                            "query", "push", "stats", "site", "serve", "export", "analyze",
                            "view"]
    assert all(len(description) > 20 for description in listed.values()), listed


def test_validate_checks_every_quote_against_the_sources(sources_dir):
    result = chainkg("validate", "--sources", str(sources_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("valid: records, SHACL shapes and quality rules pass, "
                                     f"quotes checked against {sources_dir}")


def test_a_changed_source_text_is_caught_by_its_hash(tmp_path, sources_dir, capsys,
                                                     monkeypatch):
    monkeypatch.chdir(FIXTURE_DATA)
    altered = tmp_path / "sources"
    shutil.copytree(sources_dir, altered)
    path = altered / f"{SOURCE}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("1 2 lighthouse", "12 lighthouse"),
                    encoding="utf-8")
    code = main(["validate", "--sources", str(altered)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert err[0].startswith("graph/sources.yaml:6: sha256: 000_514a004910d82cf7.txt has SHA-256 ")
    assert err[0].endswith(", the manifest says "
                           "d2534f6b3ddc994cc7a21eeea30a523c24faec807c2803a84b592d3cd8034a28")


def test_locate_prints_offsets(sources_dir):
    result = chainkg("locate", "--source", SOURCE, "--sources", str(sources_dir),
                     "build 1 2 lighthouse factories")
    assert result.returncode == 0
    assert result.stdout == "start: 3667\nend: 3697\n"
    missing = chainkg("locate", "--source", SOURCE, "--sources", str(sources_dir), "no such text")
    assert missing.returncode == 1
    assert missing.stderr == f"chainkg locate: quote not found in source '{SOURCE}'\n"
    unknown = chainkg("locate", "--source", "nope", "--sources", str(sources_dir), "x")
    assert unknown.returncode == 2


def test_locate_fix_fills_offsets_in_place(tmp_path, sources_dir, monkeypatch, capsys):
    data = copy_data(tmp_path / "data")
    monkeypatch.chdir(data)
    records = data / RECORDS
    replace_once(records, "        start: 3667\n        end: 3697\n",
                 "        start: 0\n        end: 0\n")
    original_comment = records.read_text(encoding="utf-8").splitlines()[0]
    try:
        code = main(["--data", ".", "locate", "--sources", str(sources_dir), "--fix", str(RECORDS)])
    finally:
        os.environ.pop("CHAINKG_DATA", None)
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[-1] == "1 offset(s) set, 0 unresolved"
    text = records.read_text(encoding="utf-8")
    assert "        start: 3667\n        end: 3697\n" in text
    assert text.splitlines()[0] == original_comment


def test_data_option_rejects_a_folder_without_ontology(tmp_path, capsys):
    assert main(["--data", str(tmp_path), "validate"]) == 2
    assert capsys.readouterr().err.strip() == f"chainkg: {tmp_path} has no ontology/chainkg.ttl"


@pytest.mark.parametrize("args", [["frobnicate"], []])
def test_bad_usage_exits_2(args):
    assert chainkg(*args).returncode == 2
