"""The sources manifest and the checks of quotes against the full source texts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .records import CurationError, Problem, load_yaml, sorted_place

SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
REQUIRED_KEYS = ("id", "file", "title", "publisher", "sha256")
OPTIONAL_KEYS = ("url", "origin", "date", "year", "language", "note")


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    publisher: str
    sha256: str
    url: str | None
    origin: str | None
    date: date | None
    year: int | None
    language: str
    note: str | None
    path: str
    line: int


def load_manifest(path: Path, display: str) -> tuple[dict[str, Source], list[Problem]]:
    """Read ``graph/sources.yaml``: a list of source documents with their hashes."""
    problems: list[Problem] = []
    try:
        data = load_yaml(path, display)
    except CurationError as exc:
        return {}, exc.problems
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        return {}, [Problem(display, 1, "sources", "expected a mapping with a list 'sources'")]
    result: dict[str, Source] = {}
    items = data["sources"]
    previous = ""
    seen: set[str] = set()
    for index, item in enumerate(items):
        line = items.item_lines[index]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            if previous and item["id"] < previous and item["id"] not in seen:
                problems.append(Problem(display, item.key_lines["id"], "id",
                                        f"sources are not sorted by id: '{item['id']}' comes "
                                        f"after '{previous}'; "
                                        f"{sorted_place(item['id'], seen)}"))
            previous = max(previous, item["id"])
            seen.add(item["id"])
        if not isinstance(item, dict):
            problems.append(Problem(display, line, "sources", "expected a mapping"))
            continue
        bad = False
        for key in REQUIRED_KEYS:
            if not isinstance(item.get(key), str) or not item[key]:
                problems.append(Problem(display, item.key_lines.get(key, line), key,
                                        "missing or empty required field"))
                bad = True
        for key in item:
            if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
                problems.append(Problem(display, item.key_lines[key], key, "unknown field"))
        if bad:
            continue
        if not SHA256_PATTERN.match(item["sha256"]):
            problems.append(Problem(display, item.key_lines["sha256"], "sha256",
                                    "expected 64 lower-case hex digits"))
        when = item.get("date")
        if when is not None and not isinstance(when, date):
            problems.append(Problem(display, item.key_lines["date"], "date",
                                    f"expected a date YYYY-MM-DD, got {when!r}"))
            when = None
        year = item.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            problems.append(Problem(display, item.key_lines["year"], "year",
                                    f"expected a year, got {year!r}"))
            year = None
        if item["id"] in result:
            problems.append(Problem(display, item.key_lines["id"], "id",
                                    f"duplicate source id '{item['id']}'"))
            continue
        result[item["id"]] = Source(
            item["id"], item["file"], item["title"], item["publisher"], item["sha256"],
            item.get("url"), item.get("origin"), when, year, item.get("language", "en"),
            item.get("note"), display, line,
        )
    return result, problems


def read_text(sources_dir: Path, source: Source) -> str:
    return (sources_dir / source.file).read_text(encoding="utf-8")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) character span where ``quote`` occurs in ``text``."""
    spans, start = [], text.find(quote)
    while start != -1:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans


# Sentence ends: . ! ? and their full-width forms, with closing quotes or brackets, then
# white space; or a line break. Not after a one-letter initial, a number's decimal point
# or a few abbreviations seen in policy news ("No. 5", "Dr.", "e.g.").
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)）]*(?=\s)|[。！？][\"'”’)）]*|\n")
_NOT_AN_END = re.compile(r"(?:\b[A-Z]|\bNo|\bNos|\bDr|\bMr|\bMrs|\bMs|\bProf|\bvs|\be\.g|"
                         r"\bi\.e|\betc|\bCo|\bLtd|\bInc|\bSt)\.$")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the whole sentence(s) holding ``text[start:end]``.

    Written out rather than taken from a sentence splitter: only the sentence around one
    known span is needed, never a segmentation of the text, and the rule must be the same
    for English and Chinese sources without a language model or a download (NLTK's punkt
    needs one; pySBD asks for the language up front). The rule is the module's
    ``_SENTENCE_END``; a quote that crosses a sentence end gets both sentences.
    """
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        if not _NOT_AN_END.search(text[max(0, match.start() - 5):match.start() + 1]):
            begin = match.end()
    stop = len(text)
    for match in _SENTENCE_END.finditer(text, max(end - 1, begin)):
        if match.start() < end - 1:
            continue
        if not _NOT_AN_END.search(text[max(0, match.start() - 5):match.start() + 1]):
            stop = match.end()
            break
    while begin < start and text[begin].isspace():
        begin += 1
    while stop > end and text[stop - 1].isspace():
        stop -= 1
    return begin, stop


# Characters that look alike in a text and in a quote typed by hand, each folded to the
# plain ASCII one. Every fold maps one character to one, so offsets stay the same.
# (Unicode's confusables table maps to skeletons of other lengths; no library folds 1:1.)
_LOOKALIKES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u202f\u3000", " "),
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},  # full-width forms
    "\u3001": ",", "\u3002": ".",
}
_FOLD = str.maketrans(_LOOKALIKES)


def _describe(char: str) -> str:
    shown = {" ": "a space", "\u00a0": "a no-break space"}.get(char, char)
    return f"{shown} (U+{ord(char):04X})"


def near_match(text: str, quote: str) -> str | None:
    """Where the quote occurs once look-alike characters (curly vs straight quotes,
    dashes, full-width punctuation, no-break spaces) are folded, and what differs."""
    folded_text, folded_quote = text.translate(_FOLD), quote.translate(_FOLD)
    start = folded_text.find(folded_quote)
    if start == -1 or folded_quote == quote and folded_text == text:
        return None
    differences: dict[tuple[str, str], int] = {}
    for index, (have, want) in enumerate(zip(text[start:start + len(quote)], quote,
                                             strict=True)):
        if have != want:
            differences.setdefault((have, want), start + index)
    if not differences:
        return None
    parts = [f"the source has {_describe(have)} where the quote has {_describe(want)} "
             f"(offset {offset})" for (have, want), offset in differences.items()]
    return (f"{'; '.join(parts)}: the quote stands at {start}-{start + len(quote)} with the "
            "source's characters; copy them from the source")
