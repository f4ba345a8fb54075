"""Faster whole-text scans that give exactly the matches of ``pattern.finditer(text)``.

Python's ``re`` skips ahead quickly only for a pattern that starts with a literal or a
character class; one that starts with a lookbehind, an optional group or a
case-insensitive alternation is tried at every character of the text, which for a 5 MB
text is most of the extractor's time. The helpers here find the few places worth trying
with a cheap pattern first (a word every match must contain), then run the full pattern
only there. Hand-written because no library does this for ``re`` patterns: ``regex`` and
``google-re2`` differ from ``re`` in corner cases of their syntax, and the drafts must stay
byte-identical. Each helper states what it assumes of the pattern; the tests compare the
helpers with ``finditer`` on generated texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

# With reference scans on, every helper below does the plain ``re`` scan it stands for, so
# that a test can compare the extractor's output with and without the quick scans on any
# text (tests/test_extract_identical.py).
_REFERENCE = False


@contextmanager
def reference_scans() -> Iterator[None]:
    """Within the block, the helpers scan as plain ``re`` does (slow, the meaning)."""
    global _REFERENCE
    before, _REFERENCE = _REFERENCE, True
    try:
        yield
    finally:
        _REFERENCE = before

# The only characters other than ASCII letters that a case-insensitive ``re`` pattern
# matches with an ASCII letter ("(?i)s" matches "ſ", "(?i)k" the Kelvin sign); a gate
# written with [Xx] classes is exact only for a text without them
# (tests/test_extract_scan.py checks the list against every code point).
CASE_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def folds_safely(text: str) -> bool:
    """Whether ASCII-only case-insensitive gates (see ``ascii_anycase``) are exact here."""
    if _REFERENCE:
        return False
    return not any(c in text for c in CASE_FOLDS_TO_ASCII)


def anycase(word: str) -> str:
    """A case-sensitive pattern for an ASCII word in any case ("[Cc][Hh]..."): unlike
    ``(?i)``, ``re`` scans for it quickly, by its first character class."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.lower() != c.upper() else re.escape(c)
                   for c in word)


def ascii_anycase(words: list[str]) -> re.Pattern[str]:
    """``anycase`` of any of words, longest first."""
    return re.compile("|".join(anycase(w) for w in sorted(set(words),
                                                          key=lambda w: (-len(w), w))))


def line_gated(pattern: re.Pattern[str], text: str, gate: re.Pattern[str]
               ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, scanning only the lines (between line breaks) in which
    ``gate`` finds something.

    Exact for a pattern whose matches are never empty, each of which contains a match of
    ``gate`` on the line it starts on, and whether it matches at a position depends only on
    that line (what it takes after the line's end must be optional, as a bracketed
    abbreviation after an organisation's name is); the match itself is then taken on the
    whole text, so it may reach past the line."""
    if _REFERENCE:
        yield from pattern.finditer(text)
        return
    resume, line_end = 0, -1
    for hit in gate.finditer(text):
        if hit.start() < line_end:
            continue                                # a line already scanned
        line_start = text.rfind("\n", 0, hit.start()) + 1
        line_end = text.find("\n", hit.start())
        line_end = len(text) if line_end == -1 else line_end
        position = max(line_start, resume)
        while position < line_end and (found := pattern.search(text, position, line_end)):
            match = pattern.match(text, found.start())
            yield match
            resume = position = match.end()



def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]
               ) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that never matches empty, given (sorted)
    every position at which it can match: found by one scan for the union of several
    patterns (``(?=A|B|C)``) instead of one scan per pattern."""
    if _REFERENCE:
        yield from pattern.finditer(text)
        return
    resume = 0
    for start in starts:
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match is not None:
            yield match
            resume = match.end()


def gated_search(pattern: re.Pattern[str], text: str, gate: re.Pattern[str], lead: str,
                 pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)`` for a pattern each of whose matches contains a
    match of ``gate`` (a pattern ``re`` scans for quickly, that cannot overlap itself)
    preceded in the match only by characters of the kinds in ``lead`` ("w": word
    characters, "s": whitespace, or the characters themselves, as "-"): the pattern is
    tried only at the positions of such a run that ends at a gate match."""
    endpos = len(text) if endpos is None else min(endpos, len(text))
    if _REFERENCE:
        return pattern.search(text, pos, endpos)
    words, spaces = "w" in lead, "s" in lead
    others = lead.replace("w", "").replace("s", "")

    def leads(c: str) -> bool:       # str's tests are the ones ``re`` uses for \w and \s
        return (words and (c.isalnum() or c == "_")) or (spaces and c.isspace()) or \
            c in others

    checked = pos
    for hit in gate.finditer(text, pos, endpos):
        start = hit.start()
        while start > checked and leads(text[start - 1]):
            start -= 1
        for candidate in range(max(start, checked), hit.start() + 1):
            match = pattern.match(text, candidate, endpos)
            if match is not None:
                return match
        checked = hit.start() + 1
    return None


def gated_finditer(pattern: re.Pattern[str], text: str, gate: re.Pattern[str], lead: str,
                   pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, pos, endpos)`` through ``gated_search`` (for a pattern that
    never matches empty)."""
    while (match := gated_search(pattern, text, gate, lead, pos, endpos)) is not None:
        yield match
        pos = match.end()
