"""The sources manifest and the checks of quotes against the full source texts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .records import CurationError, Problem, load_yaml

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
    for index, item in enumerate(items):
        line = items.item_lines[index]
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
