"""Broken record files as a careless editor or an attacker would leave them: each gives
``FILE:LINE: FIELD: message`` lines and exit code 1, never a traceback or a hang, and a
failed build leaves the build folder as it was."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import validate_here
from helpers import RECORDS, line_of, replace_once

from chainkg.cli import main


@pytest.fixture
def data(private_data):
    return private_data


def validate(capsys) -> tuple[int, list[str]]:
    return validate_here(capsys)


def test_nul_and_control_characters(data, capsys):
    line = replace_once(data / RECORDS, "  - id: miit\n", "  - id: miit\n    note: a\x00b\n") + 1
    code, err = validate(capsys)
    assert code == 1
    assert err[0].startswith(f"{RECORDS}:{line}: (yaml): ")
    assert err[-1] == "1 problem(s) found"
    replace_once(data / RECORDS, "a\x00b", "a\x07b")
    code, err = validate(capsys)
    assert code == 1 and err[0].startswith(f"{RECORDS}:{line}: (yaml): ")


def test_list_as_mapping_key(data, capsys):
    line = replace_once(data / RECORDS, "  - id: miit\n", "  - id: miit\n    ? [a, b]\n    : 1\n")
    code, err = validate(capsys)
    assert code == 1
    assert err == [f"{RECORDS}:{line + 1}: (yaml): malformed YAML at column 7: a list cannot be "
                   "a mapping key (keys are names)", "1 problem(s) found"]


def test_deep_nesting(data, capsys):
    line = replace_once(data / RECORDS, "  - id: miit\n",
                        "  - id: miit\n    note: " + "[" * 5000 + "]" * 5000 + "\n") + 1
    code, err = validate(capsys)
    assert code == 1
    assert err[1:] == ["1 problem(s) found"]
    # libyaml stops at its own depth limit; the pure-Python reader would recurse too deep.
    assert err[0] in (f"{RECORDS}:{line}: (yaml): malformed YAML at column 1008: exceeded "
                      "maximum nesting depth",
                      f"{RECORDS}:{line}: (yaml): nested too deeply for the YAML reader")


def test_a_folder_or_broken_link_named_yaml(data, capsys):
    (data / "graph/records/zz-folder.yaml").mkdir()
    (data / "graph/records/zz-link.yaml").symlink_to(data / "nowhere.yaml")
    code, err = validate(capsys)
    assert code == 1
    assert err == [
        "graph/records/zz-folder.yaml:1: (file): cannot read: a folder, expected a YAML file",
        "graph/records/zz-link.yaml:1: (file): cannot read: a broken symbolic link",
        "2 problem(s) found"]


def test_a_fifo_named_yaml_is_refused_not_waited_on(data):
    os.mkfifo(data / "graph/records/zz-pipe.yaml")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "chainkg", "--data", ".", "validate"],
                          capture_output=True, text=True, timeout=120, cwd=data)
    assert time.perf_counter() - started < 60
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "graph/records/zz-pipe.yaml:1: (file): cannot read: not a regular file, expected a "
        "YAML file", "1 problem(s) found"]


def test_duplicate_keys_in_nested_mappings(data, capsys):
    text = (data / RECORDS).read_text(encoding="utf-8")
    old = "    label: {en: Ministry of Industry and Information Technology,"
    assert old in text
    line = replace_once(data / RECORDS, old, old + " en: TOTALLY DIFFERENT LABEL,")
    code, err = validate(capsys)
    assert code == 1
    assert err == [f"{RECORDS}:{line}: label.en: duplicate key in mapping", "1 problem(s) found"]


def test_a_deleted_record_file_is_noticed(data, capsys):
    (data / "graph/records/01_heilongjiang-chain-chief.yaml").unlink()
    line = line_of(data / "graph/sources.yaml", "  - id: 01_heilongjiang-chain-chief")
    code, err = validate(capsys)
    assert code == 1
    assert err == [f"graph/sources.yaml:{line}: id: no record file in graph/records curates "
                   "source '01_heilongjiang-chain-chief' (was its file deleted?)",
                   "1 problem(s) found"]


def test_numbers_are_exact_decimals(data, capsys, tmp_path):
    text = (data / RECORDS).read_text(encoding="utf-8")
    import re

    match = re.search(r"\n    value: (\d+)\n", text)
    assert match, "a record with a decimal value"
    exact = "123456789012345678901234567890.123"
    replace_once(data / RECORDS, match.group(0), f"\n    value: {exact}\n")
    out = tmp_path / "build"
    assert main(["--data", ".", "build", "-o", str(out)]) == 0
    capsys.readouterr()
    nt = (out / "chainkg.nt").read_text(encoding="utf-8")
    assert f'"{exact}"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    nines = "9" * 400
    replace_once(data / RECORDS, exact, nines)
    assert main(["--data", ".", "build", "-o", str(out)]) == 0
    nt = (out / "chainkg.nt").read_text(encoding="utf-8")
    assert f'"{nines}.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    assert "E+" not in nt


def test_a_large_record_file_validates_in_seconds(data, capsys):
    """Record files of a few MB: the cost grows with the size, not faster."""
    path = data / RECORDS
    text = path.read_text(encoding="utf-8")
    filler = "".join(f"# padding line {index} of a long curator's note\n"
                     for index in range(60_000))  # ~2.7 MB of comments
    path.write_text(text + filler, encoding="utf-8")
    started = time.perf_counter()
    code, err = validate(capsys)
    assert code == 0, err
    assert time.perf_counter() - started < 30


def test_unreadable_record_gives_located_messages_in_the_build(data, capsys, tmp_path):
    out = tmp_path / "build"
    assert main(["--data", ".", "build", "-o", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    (data / "graph/records/zz-folder.yaml").mkdir()
    assert main(["--data", ".", "build", "-o", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "graph/records/zz-folder.yaml:1: (file): cannot read: a folder, expected a YAML file")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(Path(out.parent).glob(".build.staging-*")) == []
