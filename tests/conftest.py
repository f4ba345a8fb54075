"""Shared fixtures.

Under CI=true a missing tool or source folder fails a test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when a tool is missing locally; fail under CI=true, where everything must run."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"'{name}' is not installed (scripts/system-deps.sh installs it)")
    return path


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The full source texts, from $CHAINKG_SOURCES."""
    env = os.environ.get("CHAINKG_SOURCES")
    require(bool(env) and Path(env).is_dir(),
            "CHAINKG_SOURCES does not name the folder of source texts")
    return Path(env)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A fresh build of the curated graph in a temporary folder."""
    from chainkg.build import build

    out = tmp_path_factory.mktemp("build")
    build(out)
    return out


@pytest.fixture(scope="session")
def kg(built):
    from chainkg import KnowledgeGraph

    return KnowledgeGraph.load(built)
