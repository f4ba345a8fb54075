"""`chainkg extract` gives the drafts recorded in tests/expected/extract_digests.json on the
source texts (as they are, re-lined, repeated to 1 MB, and cut into a random mix): a change
meant only for speed must leave them byte-identical. A change meant to change the drafts
regenerates the file with scripts/check_extract_identical.py --write."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "check_extract_identical", REPO / "scripts" / "check_extract_identical.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_drafts_of_the_source_texts_are_as_recorded(sources_dir):
    script = _script()
    expected = json.loads(script.EXPECTED.read_text(encoding="utf-8"))
    found = script.digests(sources_dir)
    assert len(found) == 3 * len(list(sources_dir.glob("**/*.txt"))) + 2
    changed = script.differences(found, expected)
    assert not changed, (f"drafts differ from the recorded ones for {changed}; if the "
                         f"change is meant, run {script.COMMAND}")
