"""The build as one set: staged and swapped in one step, recording what it was built from;
loading notices a stale, damaged or truncated build and rebuilds it or says why not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from helpers import RECORDS, copy_data, replace_once

from chainkg import KnowledgeGraph
from chainkg.build.pipeline import check_build
from chainkg.cli import main

OUTPUTS = ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld", "build-info.json")


@pytest.fixture
def data(tmp_path, monkeypatch):
    root = copy_data(tmp_path / "data")
    monkeypatch.chdir(root)
    monkeypatch.setenv("CHAINKG_DATA", str(root))
    return root


def snapshot(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS if (folder / name).exists()}


def test_build_info_records_inputs_version_and_outputs(built):
    import hashlib

    info = json.loads((built / "build-info.json").read_text())
    assert sorted(info) == ["chainkg", "data", "inputs", "outputs"]
    assert info["chainkg"] == "0.1.0"
    assert len(info["inputs"]) == 64
    assert info["outputs"] == {name: hashlib.sha256((built / name).read_bytes()).hexdigest()
                               for name in ("chainkg.jsonld", "chainkg.nt", "chainkg.ttl")}
    assert check_build(built) is None


def test_a_truncated_ntriples_file_is_detected_and_rebuilt(built, tmp_path, capsys):
    folder = tmp_path / "build"
    shutil.copytree(built, folder)
    data = (folder / "chainkg.nt").read_bytes()
    (folder / "chainkg.nt").write_bytes(data[: len(data) // 2])
    assert check_build(folder) == ("chainkg.nt is damaged or truncated (its hash differs "
                                   "from build-info.json)")
    assert main(["query", "targets", "-p", "province=CN-JL", "--format", "csv",
                 "--build-dir", str(folder)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 5
    assert (folder / "chainkg.nt").read_bytes() == data


def test_a_stale_build_is_rebuilt(data, tmp_path):
    folder = tmp_path / "build"
    assert main(["build", "-o", str(folder)]) == 0
    replace_once(data / RECORDS, "Ministry of Industry and Information Technology,",
                 "Ministry of Industry and IT (renamed),")
    assert check_build(folder) == "the records or the ontology changed since it was built"
    kg = KnowledgeGraph.load(folder)
    labels = {str(o) for o in kg.graph.objects(None, None)
              if "Ministry of Industry and IT (renamed)" in str(o)}
    assert labels == {"Ministry of Industry and IT (renamed)"}
    assert check_build(folder) is None


def test_a_stale_build_that_cannot_be_rebuilt_says_why(data, tmp_path, capsys):
    folder = tmp_path / "build"
    assert main(["build", "-o", str(folder)]) == 0
    before = snapshot(folder)
    line = replace_once(data / RECORDS, "    jurisdiction: CN-HB\n    status: released",
                        "    jurisdiction: CN-XX\n    status: released")
    capsys.readouterr()
    assert main(["query", "targets", "--build-dir", str(folder)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{RECORDS}:{line}: jurisdiction: unknown reference 'CN-XX': no record or division "
        "has this id",
        f"chainkg query: the build in {folder} cannot be used (the records or the ontology "
        "changed since it was built) and rebuilding it failed"]
    assert snapshot(folder) == before


KILLER = textwrap.dedent("""
    import os, signal, sys
    import chainkg.core.files as files
    from chainkg.build import build

    when = sys.argv[2]
    real_replace, real_exchange = os.replace, files._exchange

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def replace(a, b, *args, **kwargs):
        real_replace(a, b, *args, **kwargs)
        if when == "after-first-rename":
            die()

    def exchange(a, b):
        if when == "before-swap":
            die()
        done = real_exchange(a, b)
        if when == "after-first-rename":
            die()
        return done

    files.os.replace = replace
    files._exchange = exchange
    build(__import__("pathlib").Path(sys.argv[1]))
""")


@pytest.mark.parametrize("when", ["before-swap", "after-first-rename"])
def test_a_killed_build_leaves_the_old_set_or_the_new_one(data, tmp_path, when):
    folder = tmp_path / "build"
    assert main(["build", "-o", str(folder)]) == 0
    old = snapshot(folder)
    replace_once(data / RECORDS, "Ministry of Industry and Information Technology,",
                 "Ministry of Industry and IT (renamed),")
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    done = subprocess.run([sys.executable, str(script), str(folder), when],
                          env={**os.environ}, capture_output=True, timeout=300)
    assert done.returncode == -9, done.stderr
    now = snapshot(folder)
    assert now == old or all(now[n] != old[n] for n in OUTPUTS), "a mixed build set"
    assert main(["build", "-o", str(folder)]) == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] + \
        [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == []
    assert check_build(folder) is None


def test_folders_beside_the_build_survive_a_rebuild(data, tmp_path):
    """Rendered notebooks and benchmark results live in the build folder too."""
    out = tmp_path / "build"
    assert main(["build", "-o", str(out)]) == 0
    (out / "notebooks").mkdir()
    (out / "notebooks" / "01_tour.html").write_text("<p>tour</p>", encoding="utf-8")
    before = snapshot(out)
    assert main(["build", "-o", str(out)]) == 0
    assert (out / "notebooks" / "01_tour.html").read_text(encoding="utf-8") == "<p>tour</p>"
    assert snapshot(out) == before
