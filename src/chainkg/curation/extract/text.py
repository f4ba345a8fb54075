"""Sentences, clause-sized quotes and year expressions of a source text.

Hand-written because no library met both needs at once: spaCy's blank English pipeline
needs about 1 s per MB just to tokenise (half the time budget for a 5 MB text before any
matching), and dateparser's ``search_dates`` neither finds "by the end of this year" nor
keeps years apart from the numbers around them. Regular expressions over the raw string
keep every offset exact (``text[start:end] == quote``) by construction.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .scan import folds_safely

MAX_QUOTE_WORDS = 25

_BOUNDARY = re.compile(r"[.!?;。！？；]+[\"'”’)]*(?=\s)|\n")
# A full stop after these is an abbreviation ("No. 193", "Co., Ltd.", "U.S."), not an end.
_ABBREVIATION = re.compile(r"(?:\b(?:No|Co|Ltd|Mr|Ms|Dr|St|vs)|(?<![a-z])[A-Z])$")
_CLAUSE_STOP = re.compile(r"[,;:，；：]\s|\s[-–—]\s|\s\(|\)\s")

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
                 "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15}

YEAR = r"(?:19|20)\d\d"
_PERIOD = re.compile(rf"(?<![\d.])({YEAR})\s*(?:-|–|—|~|to|through)\s*((?:19|20)?\d\d)(?![\d%])")
_FYP = re.compile(r"(?i)\b(\d{1,2})\s*(?:st|nd|rd|th)\s+five[- ]year(?:\s+plan|\s+period)?"
                  r"|\b(" + "|".join(ORDINAL_WORDS) + r")\s+five[- ]year(?:\s+plan|\s+period)?"
                  r"|\b(\d{1,2})\s*(?:st|nd|rd|th)\s+FYP|“?十(四|五|三)五”?")


def fyp_period(number: int) -> tuple[int, int]:
    """The years of the n-th Five-Year Plan (the 3rd began in 1966 after a gap)."""
    start = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    return start, start + 4


@dataclass
class Segmenter:
    """Sentence and paragraph boundaries of one text, found once."""

    text: str

    def __post_init__(self) -> None:
        starts = [0]
        text = self.text
        for match in _BOUNDARY.finditer(text):
            if text[match.start()] == "." and _ABBREVIATION.search(
                    text, max(0, match.start() - 4), match.start()):
                continue
            starts.append(match.end())
        self.starts = sorted(set(starts))
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", self.text)]

    def sentence(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, pos) - 1
        start = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return trim(self.text, start, end)

    def paragraph(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.paragraph_starts, pos) - 1
        start = self.paragraph_starts[index]
        end = (self.paragraph_starts[index + 1] if index + 1 < len(self.paragraph_starts)
               else len(self.text))
        return start, end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past surrounding whitespace and trailing clause punctuation."""
    while start < end and (text[start].isspace() or text[start] in ",;:，；："):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.，；：。"):
        end -= 1
    return start, end


def clause_quote(text: str, sentence: tuple[int, int], core: tuple[int, int],
                 max_words: int = MAX_QUOTE_WORDS) -> tuple[int, int]:
    """The clause of ``sentence`` around ``core``, cut to at most ``max_words`` words.

    Starts at the nearest clause break before the core and ends at the next one after it;
    a clause too long is cut word by word, alternately at its ends, never inside the core.
    """
    s_start, s_end = sentence
    c_start, c_end = max(core[0], s_start), min(core[1], s_end) if core[1] > s_start else core[1]
    if c_end <= c_start:
        c_start, c_end = core
    left = s_start
    for match in _CLAUSE_STOP.finditer(text, s_start, c_start):
        left = match.end()
    right = s_end
    stop = _CLAUSE_STOP.search(text, c_end, s_end)
    if stop:
        right = stop.start()
    left, right = min(left, c_start), max(right, c_end)
    left, right = trim(text, left, right)
    if right <= left:
        return trim(text, *core) if trim(text, *core)[1] > trim(text, *core)[0] else core
    return cut_words(text, left, right, (c_start, c_end), max_words)


def cut_words(text: str, left: int, right: int, core: tuple[int, int],
              max_words: int) -> tuple[int, int]:
    core_start, core_end = trim(text, *core)
    if core_end <= core_start:
        core_start, core_end = core
    turn = 0
    while len(text[left:right].split()) > max_words:
        moved = False
        if turn % 2 == 0 and right > core_end:
            cut = _last_space(text, left, right)
            if cut is not None and cut >= core_end:
                right = trim(text, left, cut)[1]
                moved = True
        if not moved and left < core_start:
            cut = _first_space(text, left, right)
            if cut is not None and cut <= core_start:
                left = trim(text, cut, right)[0]
                moved = True
        if not moved and right > core_end:
            cut = _last_space(text, left, right)
            if cut is not None and cut >= core_end:
                right = trim(text, left, cut)[1]
                moved = True
        if not moved:
            break
        turn += 1
    if len(text[left:right].split()) > max_words:
        # The core itself is too long: keep its first words.
        words = list(re.finditer(r"\S+", text[core_start:core_end]))
        if len(words) > max_words:
            return core_start, core_start + words[max_words - 1].end()
    return left, right


def _last_space(text: str, left: int, right: int) -> int | None:
    index = right - 1
    while index > left and not text[index].isspace():
        index -= 1
    return index if index > left else None


def _first_space(text: str, left: int, right: int) -> int | None:
    index = left
    while index < right and not text[index].isspace():
        index += 1
    return index if index < right else None


def periods_in(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(start_year, end_year, match start, match end) of every period stated in a span."""
    found = []
    span = text[start:end]
    # Each pattern is tried at every character of the span: skipped when the span lacks
    # the year digits or the word that each of its matches contains.
    years = "19" in span or "20" in span
    plans = "十" in span or not folds_safely(span) or "five" in span.lower() or \
        "fyp" in span.lower()
    for match in _PERIOD.finditer(text, start, end) if years else ():
        first = int(match.group(1))
        second_text = match.group(2)
        second = int(second_text) if len(second_text) == 4 else (first // 100) * 100 + int(
            second_text)
        if first < second <= first + 15:
            found.append((first, second, match.start(), match.end()))
    for match in _FYP.finditer(text, start, end) if plans else ():
        if match.group(1):
            number = int(match.group(1))
        elif match.group(2):
            number = ORDINAL_WORDS[match.group(2).lower()]
        elif match.group(3):
            number = int(match.group(3))
        else:
            number = {"三": 13, "四": 14, "五": 15}[match.group(4)]
        if 1 <= number <= 20:
            first, last = fyp_period(number)
            found.append((first, last, match.start(), match.end()))
    return sorted(found, key=lambda p: (p[2], p[3]))
