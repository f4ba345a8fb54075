"""The wheel carries the ontology, vocabularies, shapes and records: `chainkg build` works
outside the repository, from a non-editable install."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out), str(REPO)], check=True)
    wheels = list(out.glob("chainkg-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("chainkg/data/ontology/chainkg.ttl", "chainkg/data/ontology/shapes.ttl",
                     "chainkg/data/ontology/vocab/technology.ttl",
                     "chainkg/data/ontology/rules/facts-have-evidence.rq",
                     "chainkg/data/graph/records/000_514a004910d82cf7.yaml",
                     "chainkg/data/graph/reference/provinces.csv",
                     "chainkg/data/graph/sources.yaml", "chainkg/cli/__init__.py",
                     "chainkg/build/pipeline.py", "chainkg/query/queries/targets.rq",
                     "chainkg/network/templates/view.html"):
        assert required in names, required
    assert not any(name.endswith(".txt") and "sources" in name for name in names)


def test_installed_wheel_builds_outside_the_repo(wheel, tmp_path, curated_built):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(site), str(wheel)], check=True)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {key: value for key, value in os.environ.items()
           if key not in ("CHAINKG_DATA", "CHAINKG_BUILD_DIR")}
    env["PYTHONPATH"] = str(site)
    where = subprocess.run([sys.executable, "-c", "import chainkg; print(chainkg.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    result = subprocess.run([sys.executable, "-m", "chainkg", "build"], cwd=work, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # An installed package builds into the user's cache folder, never the cwd.
    out = tmp_path / "cache" / "chainkg" / "0.1.0" / "build"
    for name in ("chainkg.ttl", "chainkg.nt", "chainkg.jsonld"):
        assert (out / name).read_bytes() == (curated_built / name).read_bytes()
    assert list(work.iterdir()) == []
    query = subprocess.run([sys.executable, "-m", "chainkg", "query", "targets", "--param",
                            "province=CN-JL", "--format", "csv"], cwd=work, env=env,
                           capture_output=True, text=True, check=False)
    assert query.returncode == 0, query.stderr
    assert len(query.stdout.strip().splitlines()) == 5
    assert list(work.iterdir()) == []
