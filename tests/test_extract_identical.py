"""The extractor's quick scans (extract/scan.py) give exactly the drafts of the plain ``re``
scans they stand for, on every source text as it is, re-lined, and cut into a random mix
(the 1 MB repetition is left to scripts/check_extract_identical.py). Nothing is stored: a
new source, rule or vocabulary term needs no change here."""

from __future__ import annotations

from conftest import load_script


def _script():
    return load_script("check_extract_identical")


def test_quick_scans_give_the_drafts_of_the_reference_scans(sources_dir):
    script = _script()
    cases = script.cases(sources_dir)
    del cases["all texts repeated to 1 MB"]
    assert len(cases) == 3 * len(list(sources_dir.glob("**/*.txt"))) + 1
    assert [name for name, text in cases.items() if script.scans_differ(text)] == []


def test_reference_scans_are_the_plain_re_scans():
    """Within reference_scans() the helpers scan as ``re`` does, whatever their gate."""
    import re

    from chainkg.curation.extract.scan import (
        folds_safely,
        gated_search,
        line_gated,
        matches_at,
        reference_scans,
    )

    pattern, text = re.compile(r"(?i)chain"), "a Chain\nno\nchains"
    never = re.compile(r"zzz")
    assert [m.span() for m in line_gated(pattern, text, never)] == []
    with reference_scans():
        assert not folds_safely("plain ASCII")
        assert [m.span() for m in line_gated(pattern, text, never)] == [(2, 7), (11, 16)]
        assert [m.span() for m in matches_at(pattern, text, [])] == [(2, 7), (11, 16)]
        assert gated_search(pattern, text, never, "w").span() == (2, 7)
    assert folds_safely("plain ASCII")
