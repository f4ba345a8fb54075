"""Property: whatever an edit does to a real record file, ``chainkg build`` ends with exit
code 0 or with exit code 1 and located ``FILE:LINE: FIELD: message`` lines, never a
traceback or a hang, and a failed build leaves the build folder as it was."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from conftest import FIXTURE
from helpers import copy_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.cli import main
from chainkg.curation.records import parse_record_file

RECORD = Path("graph/records/01_heilongjiang-chain-chief.yaml")  # of the fixture data
LOCATED = re.compile(r"^[^:\n]+:\d+: [^:\n]+: .+$")
NASTY = st.sampled_from(["\x00", "\x07", "\t", ":", ": ", "- ", "? ", "[", "]", "{", "}",
                         "&a ", "*a", "!!python/object:os.system ", "'", '"', "#", "|",
                         ">", "en: x", "\ufeff", "\u2028", "9" * 400, "1e400", ".nan",
                         "id: miit", "    ", "\n", "<<: *a"])


@st.composite
def mutations(draw) -> tuple[str, str]:
    text = (FIXTURE / RECORD).read_text(encoding="utf-8")
    lines = text.split("\n")
    kind = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate",
                                 "swap", "grow"]))
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "insert":
        column = draw(st.integers(0, len(lines[at])))
        piece = "".join(draw(st.lists(NASTY, min_size=1, max_size=4)))
        lines[at] = lines[at][:column] + piece + lines[at][column:]
    elif kind == "indent":
        lines[at] = draw(st.sampled_from(["", " ", "   ", "\t"])) + lines[at].lstrip()
    elif kind == "truncate":
        return kind, text[: draw(st.integers(0, len(text)))]
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    else:  # a file of up to 5 MB: the records repeated under new ids
        copies = draw(st.integers(1, 5_000_000 // len(text)))
        head, body = text.split("records:\n", 1)
        grown = [head, "records:\n"] + [re.sub(r"(  - id: \S+)", rf"\1-c{n}", body)
                                         for n in range(copies)]
        return kind, "".join(grown)
    return kind, "\n".join(lines)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutation=mutations())
def test_any_edit_gives_located_messages_and_leaves_the_build(built, mutation):
    kind, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_data(Path(tmp) / "data")
        out = Path(tmp) / "build"
        shutil.copytree(built, out)
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        (root / RECORD).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        _, problems = parse_record_file(root / RECORD, str(RECORD))
        assert time.perf_counter() - started < 5, f"{kind}: reading took too long"
        for problem in problems:
            assert LOCATED.match(str(problem)), str(problem)
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(["--data", str(root), "build", "-o", str(out)])
        finally:
            os.environ.pop("CHAINKG_DATA", None)
        lines = err.getvalue().splitlines()
        assert code in (0, 1), lines
        if code == 1:
            assert lines[-2].endswith("problem(s) found") and lines[-1].startswith(
                "build failed: nothing written to ")
            assert all(LOCATED.match(line) for line in lines[:-2]), lines
            assert {p.name: p.read_bytes() for p in out.iterdir()} == before
