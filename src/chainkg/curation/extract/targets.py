"""Where and when a quantified item holds: its jurisdiction and its deadline or year when
the sentence that states the number does not say so itself.

A plan lists its goals over several sentences and paragraphs under one "by 2027" or one
document title; a province compared with, or a "national" fund named in passing, is not
what the item is about. These rules read that context; they work on any ``_Context`` of
the extractor (sentences, paragraphs, places and the documents drafted before).
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

from .text import NUMBER_WORDS

if TYPE_CHECKING:
    from .model import Draft, Span
    from .places import PlaceMention
    from .quantities import Quantity

# A list item paragraph: "Second, ...", "The third is ...", "(2) ...", "2. ...", "二是".
_ENUMERATOR = re.compile(
    r"\s*(?:(?:The\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"finally|secondly|thirdly|fourthly|lastly)\b|\(?\d{1,2}[.)、]|\(?[ivx]{1,4}\)|"
    r"[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[)）])", re.IGNORECASE)
# The paragraph goes on from the one before ("Among them, the specific goals ...").
_CONTINUES = re.compile(r"\s*(?:Among\s+them|Of\s+these|Specifically|In\s+particular|"
                        r"In\s+detail|Including)\b", re.IGNORECASE)
_LIST_HEAD = re.compile(r"(?:as\s+follows|following|include|includes|including)\s*[:：]?\s*$"
                        r"|[:：]\s*$", re.IGNORECASE)
DEADLINE_HOWS = frozenset({"by", "within", "next-year", "period"})
REFERENCE_HOWS = frozenset({"in", "last-year", "present"})
MAX_SENTENCES_BACK = 8

# A place that only serves as a comparison or a destination is not what a clause is about.
_COMPARED_BEFORE = re.compile(
    r"(?i)(?:\bthan|\bcompared\s+(?:with|to)|\bexport(?:s|ed)?\s+to|\bshipped\s+to|\bsold\s+to|"
    r"\bimport(?:s|ed)?\s+from|\bahead\s+of|\bbehind|\bsurpass(?:ing|ed|es)?|\boverta(?:ke|king|"
    r"ken|ook))\s+(?:the\s+|that\s+of\s+|those\s+of\s+)?$")
_RANKED_BEFORE = re.compile(
    r"(?i)\b(?:first|second|third|fourth|fifth|tenth|\d+(?:st|nd|rd|th)|top(?:\s+\d+)?|best|"
    r"largest|biggest|highest|lowest|leading)\s+(?:in\s+(?:the\s+)?|among\s+|of\s+)?$")
_NUMBER_BEFORE = re.compile(r"(?i)(?:\d|\b(?:" + "|".join(NUMBER_WORDS) + r"))\s+$")
_AVERAGE_AFTER = re.compile(r"(?i)^(?:'s|’s)?\s+(?:average|level|total|figure|rate)\b")


def is_passing(text: str, place: PlaceMention) -> bool:
    """A place named in passing: compared with ("than the national average"), a destination
    ("exports to Shanghai"), or the field of a ranking ("ranked 12th nationwide")."""
    before = text[max(0, place.start - 40):place.start]
    after = text[place.end:place.end + 20]
    if _COMPARED_BEFORE.search(before):
        return True
    if place.code == "CN":
        if place.rule == "the-country" or _AVERAGE_AFTER.match(after):
            return True
        if _NUMBER_BEFORE.search(before):
            return True      # "15 national and 20 municipal firms": the level of what is counted
        if _RANKED_BEFORE.search(before):
            return True
    return False


def is_weak_national(text: str, place: PlaceMention) -> bool:
    """"national" as an adjective ("the national insurance compensation fund", "national
    application scenarios") names the level of a thing, not the jurisdiction of the item."""
    if place.code != "CN":
        return False
    word = text[place.start:place.end]
    return word[:1].islower() and word.lower().startswith("nation")


def governing_document(ctx: Any, pos: int, documents: list[tuple[Draft, int, int]]
                       ) -> tuple[Draft, int, int] | None:
    """The document an item at pos belongs to: the last one named before it in its
    paragraph or in the paragraphs of the list that paragraph goes on; or in an earlier
    paragraph (within 1500 characters) when no division is named in between."""
    index = bisect.bisect_left(ctx.document_starts, pos)
    if index == 0:
        return None
    doc = documents[index - 1]
    if doc[1] >= context_start(ctx, pos):
        return doc
    # A document named in an earlier paragraph still governs when no division is named
    # between it and the item ("The ministry issued the plan.\n\nBy 2026, ...").
    if doc[1] >= ctx.seg.paragraph(pos)[0] - 1500 and not any(
            p.code != "CN" for p in ctx.places_in(doc[2], pos)):
        return doc
    return None


def context_start(ctx: Any, pos: int) -> int:
    """Where the context of a position begins: its paragraph, extended backwards over the
    paragraphs of a list ("Second, ...", "The third is ...") to the one that opens it."""
    start = ctx.seg.paragraph(pos)[0]
    for _ in range(12):
        if start == 0 or not (_ENUMERATOR.match(ctx.text, start)
                              or _CONTINUES.match(ctx.text, start)):
            break
        start = ctx.seg.paragraph(start - 1)[0]
    return start


def item_place(ctx: Any, q: Quantity, sentence: tuple[int, int],
               documents: list[tuple[Draft, int, int]]
               ) -> tuple[str | None, PlaceMention | None, Span | None]:
    """The jurisdiction of an item, the place mention that names it, and (when it comes from
    a document) the document's evidence for it.

    In order: a division or city the sentence is about (nearest before the number, else
    after it), "China" in the sentence, the document the item belongs to, the last
    division named earlier in the paragraph, a "national" adjective, the text's dominant
    province."""
    text = ctx.text
    inside = [p for p in ctx.places_in(*sentence) if not is_passing(text, p)]
    local = [p for p in inside if p.code != "CN"]
    before = [p for p in local if p.start < q.start]
    after = [p for p in local if p.start >= q.start]
    place = before[-1] if before else (after[0] if after else None)
    if place is not None:
        return (place.code if place.is_city else (place.province or place.code)), place, None
    strong = [p for p in inside if p.code == "CN" and not is_weak_national(text, p)]
    if strong:
        return "CN", strong[0], None
    paragraph = ctx.seg.paragraph(q.start)
    earlier = [p for p in ctx.places_in(paragraph[0], sentence[0])
               if p.code != "CN" and not is_passing(text, p)]
    doc = governing_document(ctx, q.start, documents)
    doc_code = doc[0].fields.get("jurisdiction") if doc else None
    if doc is not None and doc_code:
        return doc_code, None, _jurisdiction_evidence(doc[0])
    if earlier:
        place = earlier[-1]
        return (place.code if place.is_city else (place.province or place.code)), place, None
    weak = [p for p in inside if p.code == "CN"]
    if weak and not any(p.code == "CN" and p.rule == "the-country" for p in weak):
        return "CN", weak[0], None
    dom = ctx.dominant_mention()
    if dom is not None and ctx.dominant:
        return ctx.dominant, dom, None
    return None, None, None


def _jurisdiction_evidence(doc: Draft) -> Span | None:
    for span in doc.evidence:
        if "jurisdiction" in span.supports:
            return span
    return doc.evidence[0] if doc.evidence else None


def carried_year(ctx: Any, sentence: tuple[int, int], future: bool, past: bool,
                 expressions: Any) -> tuple[int | None, tuple[int, int] | None, str] | None:
    """The time a sentence without a year expression goes on from: the last year expression
    of the nearest earlier sentence of its paragraph (or of the list it is an item of)
    that has one. "By 2027, ... . The plan envisages 50% ..." gives 2027; "In 2018 ... .
    Its growth rate ranked 12th" gives 2018. A deadline carries to a sentence that is not
    a report of the past, unless the deadline is still ahead of the text; a reference year
    carries to a sentence that states no aim."""
    first = context_start(ctx, sentence[0])
    starts = ctx.seg.starts
    index = bisect.bisect_right(starts, sentence[0]) - 1
    read = 0
    back = 0
    while read < MAX_SENTENCES_BACK:
        back += 1
        if index - back < 0 or starts[index - back] < first:
            break
        earlier = ctx.seg.sentence(starts[index - back])
        if earlier[0] >= earlier[1] or earlier[0] >= sentence[0] or earlier[1] <= first:
            continue
        read += 1
        found = [e for e in expressions(ctx, earlier) if e[3] != "bare"]
        if not found:
            continue
        start, end, year, how = max(found, key=lambda e: (e[0], e[1]))
        if how in ("vague", "present"):
            return None, None, how
        ahead = year is not None and ctx.year is not None and year > ctx.year
        if how in DEADLINE_HOWS and (ahead or how != "period") or how == "this-year":
            if ahead or not (past and not future):
                return year, (start, end), how
            return None
        if (how in REFERENCE_HOWS or how == "period") and not (future and not past):
            return year, (start, end), how
        return None
    return None


def carried_deadline(ctx: Any, sentence: tuple[int, int], future: bool, past: bool,
                     expressions: Any) -> tuple[int | None, tuple[int, int] | None, str] | None:
    """A deadline carried over paragraph breaks in a news text, which puts each sentence in
    a paragraph of its own: "Baiyun strives to reach 22.6 billion yuan this year.\n\nThe
    added value ... will be 3.95 billion yuan" gives the second the same year. Only for a
    sentence that states an aim and reports no past, alone in its paragraph, from the
    nearest of the two paragraphs before, each one sentence long, with a deadline ("by
    2025", "this year"), when no other division and no document is named after it."""
    if not future or past:
        return None
    def one_sentence(paragraph: tuple[int, int]) -> bool:
        first = ctx.seg.sentence(paragraph[0])
        return first[0] < first[1] and not ctx.text[first[1]:paragraph[1]].strip(" \t\n.。")

    paragraph = ctx.seg.paragraph(sentence[0])
    if not one_sentence(paragraph):
        return None
    start = paragraph[0]
    for _ in range(2):
        if start == 0:
            return None
        earlier = ctx.seg.paragraph(start - 1)
        if not one_sentence(earlier):
            return None
        found = [e for e in expressions(ctx, ctx.seg.sentence(earlier[0]))
                 if e[3] != "bare"]
        if found:
            begin, end, year, how = max(found, key=lambda e: (e[0], e[1]))
            if how not in ("by", "this-year", "next-year", "within") or year is None:
                return None
            named = {p.province or p.code for p in ctx.places_in(*ctx.seg.sentence(begin))}
            if any(p.code != "CN" and not p.is_city and (p.province or p.code) not in named
                   for p in ctx.places_in(end, sentence[1])):
                return None                   # another division: another subject
            index = bisect.bisect_right(ctx.document_starts, end)
            if index < len(ctx.document_starts) and ctx.document_starts[index] < sentence[1]:
                return None                   # another document: another set of goals
            return year, (begin, end), how
        start = earlier[0]
    return None


def is_definite(text: str, q: Quantity) -> bool:
    """"the three pioneering industries", "its 12 key chains": a count that names a set
    already defined, not an amount to reach."""
    return bool(re.search(r"(?i)\b(?:the|these|those|its|their|all)\s+(?:top\s+)?$",
                          text[max(0, q.start - 12):q.start]))
