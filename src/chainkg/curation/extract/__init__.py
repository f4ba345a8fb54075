"""Draft records from a source text: proposals with evidence for a curator to review.

``extract(text, source_id, year)`` is deterministic and offline: every rule is a regular
expression or a gazetteer built from the project's vocabularies and reference divisions,
and every draft's evidence is a slice of the text (``text[start:end] == quote``).
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

from ..schema import fields_for
from .entities import (
    GENERIC_HEAD,
    GENERIC_POST,
    GENERIC_PRE,
    HEAD,
    PRESS_PLACE,
    QUOTED,
    RELEASE_VERB,
    RELEASED_ONLY,
    SUBJECT_END,
    DocumentMention,
    document_status,
    document_type,
    find_organisations,
    full_dates,
    title_end,
    title_spans,
)
from .gazetteer import Gazetteer, gazetteer_for_current_data, surface_forms, trie_pattern
from .model import Draft, Drafts, Mention, Span, render_drafts, slug
from .people import find_people
from .places import PlaceFinder, PlaceMention, dominant_province, resolve_shared_names
from .quantities import Quantity, find_quantities
from .scan import anycase, folds_safely, gated_finditer, gated_search
from .targets import (
    carried_deadline,
    carried_year,
    governing_document,
    is_definite,
    item_place,
)
from .terms import TermFinder, TermMention
from .text import NUMBER_WORDS, Segmenter, clause_quote, fyp_period, periods_in

__all__ = ["extract", "extract_source", "render_drafts", "Drafts", "Draft", "source_year"]

# The ``source:``/``title:``/``date:`` lines that open a dev text are metadata, not text.
_HEADER = re.compile(r"\A(?:(?:source|title|date):[^\n]*\n)+")
# The ``title:`` line is the article's headline: it often names the document the article is
# about ("Henan Province Releases Implementation Program for ..."), so documents and places
# are read there too.
_HEADLINE = re.compile(r"(?m)^title:[ \t]*(\S.*?)[ \t]*$")
_HEADER_DATE = re.compile(r"(?m)\A(?:[a-z]+:.*\n){0,5}?date:\s*((?:19|20)\d\d)-\d\d-\d\d")
_TARGET_CUES = re.compile(
    r"(?i)\b(?:will|shall|should|aims?|aiming|target(?:s|ed)?|goals?|strive|striving|expect(?:s|ed)?"
    r"|plans?\s+to|planned|projected|seeks?|intends?|must|to\s+(?:reach|exceed|achieve|build|"
    r"cultivate|form|nurture|have|support|create|develop|top|surpass|double)|wants?|by\s+"
    r"(?:19|20)\d\d|by\s+the\s+end\s+of|力争|目标)\b")
_PAST_CUES = re.compile(
    r"(?i)\b(?:reached|was|were|grew|rose|increased|surged|exceeded|totaled|totalled|hit|had|"
    r"expanded|climbed|declined|fell|dropped|jumped|edged|posted|went\s+(?:up|down)|"
    r"accounted|achieved|registered|recorded|realized|realised|ranked|last\s+year|has\s+(?:been|"
    r"reached|become|formed|built)|have\s+(?:been|reached|formed|built)|so\s+far|since)\b")
_YEAR_EXPR = re.compile(
    r"(?i)(?P<by>\bby\s+(?:the\s+end\s+of\s+)?(?P<y1>(?:19|20)\d\d)(?:-end)?\b)"
    r"|(?P<thisyear>\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:this|the)\s+year\b|\bby\s+year-end\b"
    r"|\bthis\s+year\b)"
    r"|(?P<present>\b(?:at\s+present|currently|so\s+far|to\s+date|as\s+of\s+now)\b)"
    r"|(?P<vague>\b(?:in|over|during|within)\s+the\s+(?:next|coming|following|past|last)\s+"
    r"(?:few|several|couple\s+of)\s+years\b|\bin\s+(?:the\s+)?(?:coming|future|recent)\s+years\b"
    r"|\bin\s+the\s+(?:near\s+)?future\b)"
    r"|(?P<next>\bnext\s+year\b)|(?P<last>\blast\s+year\b)"
    # The year a figure is compared with ("an increase of 13.9 percent over 2022", "in the
    # same period of 2016") is not the year the figure is of.
    r"|(?P<base>\b(?:over|(?<!later\s)(?<!earlier\s)than(?:\s+in)?|compared\s+(?:with|to)|versus|against)\s+"
    r"(?:the\s+same\s+period\s+(?:of|in)\s+)?(?:19|20)\d\d\b(?![\d%,-])"
    r"|\b(?:the\s+)?same\s+period\s+(?:of|in)\s+(?:19|20)\d\d\b)"
    # "By that date, ...", "by then": the deadline named just before.
    r"|(?P<then>\bby\s+(?:then|that\s+(?:time|date|point|year)|the\s+(?:same\s+)?time)\b)"
    r"|(?P<within>\bwithin\s+(?:the\s+next\s+)?(?P<n>\d{1,2}|"
    + "|".join(NUMBER_WORDS) + r")\s+years\b)"
    r"|(?P<in>\b(?:in|of|for|during|until|till|from)\s+(?P<y2>(?:19|20) ?\d\d)\b)"
    r"|(?P<bare>(?<![\d.-])(?P<y3>(?:19|20)\d\d)(?![\d%-]))")
_RESPECTIVELY = re.compile(
    r"(?i)(?:respectively\s+)?in\s+((?:19|20)\d\d)\s+and\s+((?:19|20)\d\d)(?:\s*,?\s*"
    r"respectively)?")
_FROM_TO = re.compile(r"(?i)\bfrom\s+$")
_CHAIN_COUNT = re.compile(
    r"(?i)(?<![\w-])(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")\s+(?:(?:key|major|pillar|"
    r"priority|leading|advantageous|strategic|emerging|important|provincial(?:-level)?|"
    r"municipal(?:-level)?|manufacturing|competitive|characteristic)\s+)*(?:industrial|industry)"
    r"\s+chains\b")
_COMPOSITION_KINDS = frozenset({"industrial-chain", "action-plan", "main-task", "goal"})
# Counts of the parts an industrial system is built of: with no deadline of their own they
# describe a plan or a place ("build three trillion-level industrial clusters").
_STRUCTURE_KINDS = frozenset({"industrial-chain", "industrial-cluster", "key-industry",
                              "action-plan", "main-task", "goal"})
_ISSUERS_AFTER = re.compile(r"(?i)^\s+(?:other\s+|central\s+|government\s+|provincial\s+)*"
                            r"(?:departments|ministries|bodies|agencies|authorities|commissions)"
                            r"(?:\s+(?:jointly|have|also|recently))*\s+(?:issued|released|"
                            r"launched|published|unveiled|printed|jointly)\b|^\s+departments\b")
# Sentence-initial words that are not part of a title ("During the 14th Five-Year Plan").
_TITLE_LEAD = re.compile(r"(?:(?:During|In|Under|According|To|For|By|With|From|On|At|As|After|"
                         r"Before|Since|Through|Within|And|Also|Its|Their|This|That|These|"
                         r"The|to|the)\s+)+")
_BRACKETED_PERIOD = re.compile(r"\s*[(（]\s*(?:19|20)\d\d\s*[-–—~]\s*(?:19|20)?\d\d\s*[)）]")
_KEY_STOP = frozenset(["the", "a", "an", "of", "for", "on", "in", "to", "and"])
_TITLE_LINK = re.compile(r"[ \t]+(?:for|of|on)[ \t]+")
_DATE_LEAD = re.compile(r"(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?\s+"
                        r"(?:(?:for|on|of|to|the|at|in)\s+)*")
_BACK_REFERENCE = re.compile(r"(?i)(?:\b(?:the|this|that|said)|hereinafter[^“\"]{0,30}|"
                             r"[(（])\s*$")
_SHORT_NAME = re.compile(r"(?i)(?:the\s+)?(?:(?:action|implementation|work|development|"
                         r"special|three-year)\s+)?(?:plan|opinions|programs?|programmes?|"
                         r"initiative|measures|outline|blueprint|roadmap|list|scheme|document)")
# An owner before a document phrase ("the country's", "Jiangsu's", "the ministry's").
_OWNER = re.compile(r"^.*?(?:^|\s)(?:[\w-]+['’]s)\s+")
_NAMED_PLAN = re.compile(r"(?:action\s+plan|plan)(?![\w-])")
_NAME_BEFORE_PLAN = re.compile(
    r"(?:^|[\s(])(?:[Tt]he|[Aa]|[Ii]ts|[Tt]his|[Tt]heir|[\w-]+['’]s)\s+(?P<name>(?:[A-Z][\w’'-]*|(?:19|20)\d\d)"
    r"(?:\s+(?:(?:in|of|and|for)\s+)?(?:[A-Z][\w’'-]*|(?:19|20)\d\d))+)\s+$")
_PERIOD_ONLY = re.compile(r"(?i)(?:the\s+)?(?:(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+teenth|first|"
                          r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+)?"
                          r"five[- ]year\s+plan(?:\s+period)?")
# "the provincial government", "the municipal government" (of a municipality such as
# Shanghai) and "the provincial legislature": bodies of the province the text is about.
_PROVINCIAL_GOVERNMENT = re.compile(
    r"(?i)\b(?:the\s+)?(?P<level>provincial|municipal)\s+(?:(?P<people>people['’]s\s+)?"
    r"government|(?P<congress>legislature|people['’]s\s+congress))\b")
_MUNICIPALITIES = frozenset({"CN-BJ", "CN-SH", "CN-TJ", "CN-CQ"})
_GOVERNMENT_POSTS = frozenset({"governor", "vice-governor"})
_CHAIN_LIST = re.compile(
    r"(?i)(?<![\w-])(?:(?:\d{1,3}|" + "|".join(NUMBER_WORDS) + r")\s+)?(?P<mods>(?:(?:key|major|"
    r"pillar|priority|leading|advantageous|strategic|emerging|future|important|traditional|"
    r"manufacturing|competitive|characteristic)\s+)*)(?:industrial|industry)\s+chains,?\s+"
    r"(?:of|such as|including|like|covering|namely)\s+(?P<list>[^.;:\n]{3,400})")
# The words every list of chains contains, after its count and modifiers only: a pattern
# ``re`` finds quickly (see scan.py).
_CHAIN_LIST_GATE = re.compile(
    rf"{anycase('industr')}(?:{anycase('ial')}|{anycase('y')})\s+{anycase('chains')}")
_LIST_END = re.compile(r",?\s+(?:and|to|which|that|will|while)\s+(?:build|will|to|also|"
                       r"promote|develop|cultivate|make|form|strengthen|the\s+\w+\s+will)\b|"
                       r"\s+(?:to|in order to|which|that)\s|,\s+(?:as well as\s+)?the\s+"
                       r"(?:\w+\s+){0,3}(?:industrial|industry)\s+chains")
_LIST_ITEM = re.compile(r"[^,]+?(?=,|\s+and\s+|\s+as well as\s+|$)")
_PLURAL_DOCUMENTS = re.compile(
    r"(?i)(?<![\w-])(?:(?P<head>(?:action|implementation|work|development|special)\s+plans)"
    r"|(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?P<counted>(?:[a-z-]+\s+){0,3}?plans))"
    r"\s+(?:for|on)\s+(?:the\s+)?(?P<chains>(?:industrial|industry)\s+chains\s+of\s+)?"
    r"(?P<list>[^.;:()\n]{3,300})")
_PLURAL_DOCUMENTS_GATE = re.compile(
    rf"{anycase('plans')}\s+(?:{anycase('for')}|{anycase('on')})\s")
# "according to a plan released by the municipal government": a document named only by
# who released it.
_RELEASED_BY = re.compile(
    r"(?i)(?<![\w-])an?\s+(?P<title>(?P<head>plan|policy|guideline|programme|program)\s+"
    r"(?:(?:that\s+)?was\s+)?(?:released|issued|unveiled|published|formulated|introduced)\s+"
    r"by\s+(?:the\s+)?(?:[\w’'-]+\s+){0,6}?(?:government|council|commission|department|"
    r"ministry|bureau|office|committee|administration|authorities))(?![\w-])")
_CHAIN_NOUN_AFTER = re.compile(r"(?i)^\s+(?:[\w-]+\s+){0,3}?(?:industrial|industry)\s+chains\b")


def source_year(text: str, when: date | None = None, year: int | None = None) -> int | None:
    """The year "this year" refers to: the source's date, its year, or a ``date:`` header."""
    if when is not None:
        return when.year
    if year is not None:
        return year
    match = _HEADER_DATE.match(text)
    return int(match.group(1)) if match else None


class _Context:
    def __init__(self, text: str, source: str, year: int | None, gazetteer: Gazetteer):
        self.text = text
        self.source = source
        self.year = year
        self.gazetteer = gazetteer
        self.seg = Segmenter(text)
        header = _HEADER.match(text)
        self.body = header.end() if header else 0
        headline = _HEADLINE.search(text, 0, self.body) if header else None
        self.headline = (headline.start(1), headline.end(1)) if headline else (0, 0)
        place_finder, terms, kinds = _finders(gazetteer)
        self.places = resolve_shared_names(
            [p for p in place_finder.find(text) if self.in_text(p.start)],
            self.seg.sentence, self.seg.paragraph)
        self.dominant = dominant_province(self.places, len(text))
        self.term_finder = terms
        self.terms = [t for t in terms.find(text) if t.start >= self.body]
        self.orgs = [o for o in find_organisations(text) if o.start >= self.body]
        self.place_starts = [place.start for place in self.places]
        self.term_starts = [term.start for term in self.terms]
        self.drafts: list[Draft] = []
        self.quantity_keys: dict[tuple, tuple[int, int]] = {}
        self.document_starts: list[int] = []
        self.quantity_starts: list[int] = []
        self.year_cache: dict[tuple[int, int], list[tuple]] = {}
        self.kind_cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        self.cue_cache: dict[tuple[int, int], tuple[bool, bool]] = {}
        self.ids: set[str] = set()
        self.kind_pattern, self.kind_lookup = kinds

    def in_text(self, pos: int) -> bool:
        """Whether a position is in the body or the headline (not other header lines)."""
        return pos >= self.body or self.headline[0] <= pos < self.headline[1]

    def new_id(self, base: str) -> str:
        candidate, number = base, 2
        while candidate in self.ids:
            candidate = f"{base}-{number}"
            number += 1
        self.ids.add(candidate)
        return candidate

    def span(self, start: int, end: int, supports: tuple[str, ...] = ()) -> Span:
        return Span(self.text[start:end], start, end, supports)

    def quote_for(self, start: int, end: int) -> tuple[int, int]:
        return clause_quote(self.text, self.seg.sentence(start), (start, end))

    def place_before(self, pos: int, sentence: tuple[int, int]) -> PlaceMention | None:
        inside = self.places_in(*sentence)
        before = [p for p in inside if p.start < pos and p.code != "CN"]
        if before:
            return before[-1]
        after = [p for p in inside if p.start >= pos and p.code != "CN"]
        if after:
            return after[0]
        # "the country's total" and "the national average" compare with the nation, and
        # "national application scenarios" describes a scope: neither makes a fact national.
        national = [p for p in inside if p.code == "CN" and p.rule == "national"]
        return national[0] if national else None

    def place_recent(self, pos: int, documents: list[tuple[Draft, int, int]]
                     ) -> PlaceMention | None:
        """For a sentence that names no place: the place of the last document named in
        its paragraph, else the last division named in the paragraph before it."""
        paragraph = self.seg.paragraph(pos)
        index = bisect.bisect_left(self.document_starts, pos)
        for _doc, start, _end in documents[max(0, index - 1):index]:
            if start >= paragraph[0] - 1500:
                named = self.place_before(start, self.seg.sentence(start))
                if named is not None:
                    return named
        earlier = [p for p in self.places_in(paragraph[0], pos) if p.code != "CN"]
        return earlier[-1] if earlier else None

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        low = bisect.bisect_left(self.place_starts, start)
        high = bisect.bisect_left(self.place_starts, end)
        return self.places[low:high]

    def terms_in(self, start: int, end: int) -> list[TermMention]:
        low = bisect.bisect_left(self.term_starts, start)
        high = bisect.bisect_left(self.term_starts, end)
        return [t for t in self.terms[low:high] if t.end <= end]

    def dominant_mention(self) -> PlaceMention | None:
        for place in self.places:
            if (place.province or place.code) == self.dominant:
                return place
        return None

    def province_label(self, code: str | None) -> str:
        if not code:
            return ""
        division = self.gazetteer.divisions.get(code)
        return division.name_en if division else ("China" if code == "CN" else code)

    def technologies_in(self, start: int, end: int) -> list[str]:
        return sorted({t.concept for t in self.terms_in(start, end) if t.scheme == "technology"})

    def strategies_in(self, start: int, end: int) -> list[str]:
        return sorted({t.concept for t in self.terms_in(start, end)
                       if t.scheme == "chain-strategy"})


_FINDERS: dict[int, tuple[Gazetteer, tuple]] = {}


def _finders(gazetteer: Gazetteer) -> tuple:
    """The compiled finders of a gazetteer, built once (compiling them is the slow part)."""
    cached = _FINDERS.get(id(gazetteer))
    if cached is None or cached[0] is not gazetteer:
        cached = (gazetteer, (PlaceFinder(gazetteer), TermFinder(gazetteer),
                              _target_kinds(gazetteer)))
        _FINDERS[id(gazetteer)] = cached
    return cached[1]


def _target_kinds(gazetteer: Gazetteer) -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    for concept, labels in gazetteer.concepts.get("target-kind", {}).items():
        for form in surface_forms(labels):
            lookup.setdefault(re.sub(r"[\s-]+", " ", form.lower()), concept)
    extra = {"companies": "enterprise", "company": "enterprise", "firms": "enterprise",
             "brands": "brand", "projects": "demonstration-project", "parks": "industrial-park",
             "clusters": "industrial-cluster", "platforms": "platform", "factories": "factory",
             "industries": "key-industry", "operating income": "revenue",
             "sales revenue": "revenue", "turnover": "revenue", "output value": "revenue"}
    for form, concept in extra.items():
        if concept in gazetteer.concepts.get("target-kind", {}):
            lookup.setdefault(form, concept)
    return re.compile(rf"(?i)(?<![\w-])(?:{trie_pattern(sorted(lookup))})(?![\w-])"), lookup


# ---------------------------------------------------------------- jurisdictions and terms

def _mentions(ctx: _Context) -> list[Mention]:
    result: dict[tuple[str, str], Mention] = {}
    for place in ctx.places:
        key = ("jurisdiction", place.code)
        if key in result:
            result[key].count += 1
            continue
        result[key] = Mention("jurisdiction", place.code, place.label,
                              ctx.span(place.start, place.end), place.rule)
    for term in ctx.terms:
        kind = "technology" if term.scheme == "technology" else "chain-term"
        key = (kind, f"{term.scheme}/{term.concept}" if kind == "chain-term" else term.concept)
        if key in result:
            result[key].count += 1
            continue
        result[key] = Mention(kind, key[1], ctx.text[term.start:term.end],
                              ctx.span(term.start, term.end), term.rule)
    for phrase, start, end in ctx.term_finder.candidates(ctx.text, ctx.terms):
        if start < ctx.body:
            continue
        key = ("candidate-term", slug(phrase))
        if key in result:
            result[key].count += 1
            continue
        result[key] = Mention("candidate-term", key[1], phrase, ctx.span(start, end),
                              "industry-phrase-not-in-vocabulary")
    return list(result.values())


def _cities(ctx: _Context) -> None:
    seen: set[str] = set()
    for place in ctx.places:
        if not place.is_city or place.code in seen:
            continue
        seen.add(place.code)
        quote = ctx.quote_for(place.start, place.end)
        fields: dict = {"located_in": place.province or None}
        row = place.row
        if row is not None:
            # The table gives the Chinese name (a translation unless the text wrote it) and
            # the province, whatever division the sentence names.
            if place.rule == "city-table-chinese":
                fields = {"label": {"zh": row.name_zh}, "located_in": row.province}
            else:
                fields = {"label": {"en": place.label, "zh": row.name_zh},
                          "translated": ["label.zh"], "located_in": row.province}
        evidence = [ctx.span(*quote)]
        if place.clue is not None:
            # A name two places share is the one whose province or prefecture is named
            # nearby: that mention is the evidence of which.
            where = ctx.quote_for(*place.clue)
            if where != quote:
                evidence = sorted([ctx.span(*quote, ("label",)),
                                   ctx.span(*where, ("located_in",))], key=lambda e: e.start)
        if row is None and not place.province:
            # A city or district named without its province is placed in the division its
            # sentence names, else the last one of its paragraph.
            sentence = ctx.seg.sentence(place.start)
            division = next((p for p in reversed(ctx.places_in(sentence[0], place.start))
                             if not p.is_city and p.code != "CN"), None) or next(
                (p for p in ctx.places_in(place.end, sentence[1])
                 if not p.is_city and p.code != "CN"), None) or next(
                (p for p in reversed(ctx.places_in(ctx.seg.paragraph(place.start)[0],
                                                   place.start))
                 if not p.is_city and p.code != "CN"), None)
            if division is not None:
                fields["located_in"] = division.code
                where = ctx.quote_for(division.start, division.end)
                if where != quote:
                    evidence = sorted([ctx.span(*quote, ("label",)),
                                       ctx.span(*where, ("located_in",))],
                                      key=lambda e: e.start)
        confidence = 0.9 if place.rule == "provincial-capital" else (
            0.8 if row is not None else 0.6)
        ctx.drafts.append(Draft(ctx.new_id(place.code), place.record_type, place.label, fields,
                                evidence, place.rule, confidence))


# ---------------------------------------------------------------- documents

def _documents(ctx: _Context) -> list[tuple[Draft, int, int]]:
    text = ctx.text
    found: list[DocumentMention] = []
    for match in QUOTED.finditer(text, ctx.headline[0] if ctx.headline[1] else ctx.body):
        if not ctx.in_text(match.start()):
            continue
        inner, tail = match.group("inner"), match.group("tail")
        head_text = tail.strip() or inner
        if not re.search(r"(?i)\b(?:plan(?:ning)?|opinions?|initiatives?|program(?:me)?|list|"
                         r"measures|outline|blueprint|roadmap|special action|scheme)\b",
                         head_text):
            continue
        if not tail.strip() and (_PERIOD_ONLY.fullmatch(inner.strip()) or (
                _SHORT_NAME.fullmatch(inner.strip())
                and _BACK_REFERENCE.search(text, max(0, match.start() - 40), match.start()))):
            # "during the “14th Five-Year Plan”" is a period; "(the “Plan”)" is the short name
            # of a document named just before, not another document.
            continue
        end = match.end()
        if tail.strip() and not match.group("period") and _TITLE_LINK.match(text, end):
            # "“14th Five-Year” Blueprint for High-Quality Development of ...": the quoted
            # words open a longer Title Case title.
            end = title_end(text, end)
        periods = periods_in(text, match.start(), end)
        title = text[match.start():end].strip()
        found.append(DocumentMention(document_type(head_text), title, match.start(), end,
                                     periods[0][:2] if periods else None, "quoted-title"))
    for begin, end, _ in title_spans(text, ctx.headline[0] if ctx.headline[1] else ctx.body):
        if not ctx.in_text(begin):
            continue
        lead = _TITLE_LEAD.match(text, begin, end)
        if lead:
            begin = lead.end()
        dated = _DATE_LEAD.match(text, begin, end)
        if dated:
            begin = dated.end()            # "on July 7 for the ...": a date, not a title word
        title = text[begin:end].strip()
        if _PERIOD_ONLY.fullmatch(title.strip("“”\"")):
            continue                       # "the 14th Five-Year Plan": a period, not a document
        words = re.findall(r"[A-Za-z]+", title)
        capitals = [w for w in words if w[0].isupper()]
        if len(capitals) < 3 or len(title) > 300:
            continue
        periods = periods_in(text, begin, end)
        found.append(DocumentMention(document_type(title), title, begin, begin + len(title),
                                     periods[0][:2] if periods else None, "title-case-title"))
    for match in GENERIC_HEAD.finditer(text, ctx.body):
        window_start = max(ctx.body, match.start() - 60)
        pre_match = GENERIC_PRE.search(text, window_start, match.start())
        pre = pre_match.group() if pre_match else ""
        post_match = GENERIC_POST.match(text, match.end())
        post = post_match.group().strip() if post_match else ""
        owner = _OWNER.match(pre)
        if owner and pre_match is not None and not pre_match.group("year"):
            # "the country's Internet Plus action plan": the owner is no word of the title.
            pre_match = GENERIC_PRE.search(text, pre_match.start() + owner.end(), match.start())
            pre = pre_match.group() if pre_match else ""
        head = re.sub(r"\s+", " ", match.group().lower())
        if RELEASED_ONLY.match(head) and not RELEASE_VERB.search(
                text, *ctx.seg.sentence(match.start())):
            continue
        if head.startswith("press "):
            # "told a press briefing in Beijing": the event is recorded as a document.
            place = PRESS_PLACE.match(text, match.end())
            end = place.end() if place else match.end()
            found.append(DocumentMention("PressBriefing", text[match.start():end],
                                         match.start(), end, None, "press-briefing"))
            continue
        has_year = bool(pre_match and pre_match.group("year"))
        specific = head in ("government work report",) or "five-year" in head
        if head == "plan" and not post:
            continue                       # a bare "plan" is any plan; "plan on promoting ..."
        pre_words = pre.split()
        if pre_words and pre_words[0].lower() in ("the", "a", "an", "this", "its", "and", "of",
                                                  "to", "in", "on", "for", "by", "with"):
            pre_words = pre_words[1:]
        # "the cluster action plan (2021-2025)": a period in brackets names one document.
        bracketed = _BRACKETED_PERIOD.match(text, match.end()) if not post else None
        if not (has_year or post or specific or len(pre_words) >= 2 or bracketed):
            continue
        start = match.start()
        if has_year or len(pre_words) >= 2 or (bracketed and pre_words):
            start = pre_match.start() if pre_match else start
        while start < match.end() and text[start].isspace():
            start += 1
        for word in ("the ", "a ", "an ", "The ", "its ", "this ", "and ", "of ", "to ",
                     "in ", "on ", "for ", "by ", "with "):
            if text.startswith(word, start):
                start += len(word)
        end = post_match.end() if post_match else (bracketed.end() if bracketed else
                                                    match.end())
        if _PERIOD_ONLY.fullmatch(text[start:end].strip()):
            continue
        periods = periods_in(text, start, end)
        found.append(DocumentMention(document_type(head), text[start:end].strip(), start,
                                     start + len(text[start:end].rstrip()),
                                     periods[0][:2] if periods else None, "document-phrase"))
    plural = (gated_finditer(_PLURAL_DOCUMENTS, text, _PLURAL_DOCUMENTS_GATE, "ws-", ctx.body)
              if folds_safely(text) else _PLURAL_DOCUMENTS.finditer(text, ctx.body))
    for match in plural:
        # "action plans for new materials, cultural creativity and fine tourism": one plan
        # for each subject of the list.
        items_text = _LIST_END.split(match.group("list"))[0]
        items = list(_LIST_ITEM.finditer(items_text))
        if len(items) < 2:
            continue
        head = re.sub(r"\s+", " ", match.group("head") or match.group("counted")).lower()[:-1]
        # "three innovation plans for the industrial chains of A, B and C": one plan per chain.
        link = "for the industrial chain of" if match.group("chains") else "for"
        for item in items:
            subject = re.sub(r"^(?:the|and|as well as)\s+", "", item.group().strip())
            if not subject or len(subject.split()) > 6 or re.fullmatch(r"(?i)etc\.?", subject):
                continue
            begin = match.start("list") + item.start() + item.group().index(subject)
            found.append(DocumentMention(document_type(head), f"{head} {link} {subject}", begin,
                                         begin + len(subject), None, "plural-document"))
    for match in _NAMED_PLAN.finditer(text, ctx.body):
        # "the Made in China 2025 plan", "the Greater Bay Area plan": a proper name before a
        # lower-case document word.
        if text[match.start() - 1:match.start()] not in (" ", "\t"):
            continue
        name = _NAME_BEFORE_PLAN.search(text, max(ctx.body, match.start() - 80), match.start())
        if not name:
            continue
        start, end = name.start("name"), match.end()
        found.append(DocumentMention(document_type(match.group()), text[start:end], start, end,
                                     None, "named-plan"))
    for match in _RELEASED_BY.finditer(text, ctx.body):
        title = re.sub(r"\s+", " ", match.group("title"))
        found.append(DocumentMention(document_type(match.group("head")), title,
                                     match.start("title"), match.end("title"), None,
                                     "document-released-by"))
    # Keep the longest of overlapping mentions; merge mentions of the same title.
    priority = {"quoted-title": 0, "title-case-title": 1, "plural-document": 2,
                "document-phrase": 3, "press-briefing": 3, "document-released-by": 3,
                "named-plan": 3}
    # A quoted title in the subject of a longer Title Case title is part of it: "The
    # Five-year Action Plan of X on Implementing the "Made in China 2025" Plan (2016-2020)".
    titles = sorted((m for m in found if m.rule == "title-case-title"),
                    key=lambda t: (t.start, t.end))
    title_starts = [t.start for t in titles]
    reach = list(accumulate((t.end for t in titles), max))   # the furthest end so far

    def inside_a_title(m: DocumentMention) -> bool:
        # The titles that start before m, latest first, while one of them can still
        # reach m's end (a running maximum keeps this linear, not titles x quotes).
        index = bisect.bisect_left(title_starts, m.start) - 1
        while index >= 0 and reach[index] >= m.end:
            t = titles[index]
            if m.end <= t.end and HEAD.search(text, t.start, m.start):
                return True
            index -= 1
        return False

    found = [m for m in found if m.rule != "quoted-title" or not inside_a_title(m)]
    chosen: list[DocumentMention] = []
    taken = bytearray(len(text) + 1)
    for mention in sorted(found, key=lambda m: (priority[m.rule], -(m.end - m.start), m.start)):
        if any(taken[mention.start:mention.end]):
            continue
        taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        chosen.append(mention)
    # A headline names the document with fewer details (issuer, period) than the body's
    # sentence: the body's mention makes the draft, the headline's joins it.
    chosen.sort(key=lambda m: (m.start < ctx.body, m.start))
    drafts: dict[str, tuple[Draft, int]] = {}
    result: list[tuple[Draft, int]] = []
    orgs = ctx.orgs
    org_starts = [o.start for o in orgs]
    for mention in chosen:
        key = " ".join(w for w in re.findall(r"[a-z0-9]+", re.sub(r"[(（].*$", "",
                                                                mention.title.lower()))
                       if w not in _KEY_STOP)
        if key in drafts:
            draft = drafts[key][0]
            result.append((draft, mention.start, mention.end))
            if draft.fields.get("start_year") is None:
                _later_period(ctx, draft, mention)
            continue
        sentence = ctx.seg.sentence(mention.start)
        issuer = None
        for org in orgs[bisect.bisect_left(org_starts, sentence[0]):
                        bisect.bisect_left(org_starts, sentence[1])]:
            if not (
                    mention.start <= org.start < mention.end):
                between = ctx.text[min(org.end, mention.end):max(org.start, mention.start)]
                if re.search(r"(?i)\b(?:issued|released|unveiled|published|launched|by)\b",
                             between) or org.end <= mention.start:
                    issuer = org
                    break
        place = ctx.place_before(mention.start, sentence)
        # "a press briefing in Beijing" is held there; it is the speaker's jurisdiction's.
        title_places = ctx.places_in(mention.start, mention.end) \
            if mention.rule != "press-briefing" else []
        jurisdiction_place = title_places[0] if title_places else place
        national_issuer = issuer is not None and (
            issuer.type in ("Ministry", "StateCouncil") or issuer.name.startswith("National"))
        if jurisdiction_place is None and not national_issuer:
            jurisdiction_place = ctx.place_recent(mention.start, [])
        jurisdiction = (jurisdiction_place.province or jurisdiction_place.code) if \
            jurisdiction_place else ("CN" if national_issuer else ctx.dominant)
        period, period_pos = _period_near(ctx, mention, sentence)
        single = re.match(r"[\s“\"]*((?:19|20)\d\d)\b", mention.title)
        if period is None and single and mention.rule != "document-phrase":
            period = (int(single.group(1)), int(single.group(1)))
        status = document_status(ctx.text[sentence[0]:sentence[1]])
        if status == "delivered" and mention.type != "GovernmentWorkReport":
            status = "released"
        if status and status not in ctx.gazetteer.concepts.get("document-status", {}):
            status = "released"
        dates = full_dates(ctx.text, *sentence) if "issued_date" in fields_for(mention.type) \
            else []
        title = re.sub(r"\s+", " ", mention.title)
        if re.fullmatch(r"[“\"][^“”\"]+[”\"]", title):
            title = title[1:-1]           # the quotation marks are the text's, not the title's
            title = title.rstrip(",.;: ")  # "... Industry," : the sentence's comma
        label_place = ctx.province_label(jurisdiction)
        label = title if not label_place or label_place in title else f"{title} ({label_place})"
        base = slug(f"{label_place} {re.sub(r'[(（].*$', '', title)}", 70) if label_place else \
            slug(title, 70)
        quote = ctx.quote_for(mention.start, mention.end)
        fields: dict = {"title": {"en": title}, "jurisdiction": jurisdiction,
                        "start_year": period[0] if period else None,
                        "end_year": period[1] if period else None, "status": status,
                        "issued_by": [_org_id(issuer.name, ctx)] if issuer else [],
                        "chain_strategies": ctx.strategies_in(*sentence),
                        "technologies": ctx.technologies_in(*sentence),
                        "issued_date": dates[0][0] if len(dates) == 1 and status == "released"
                        else None}
        evidence = [ctx.span(*quote)]
        extra: list[tuple[tuple[int, int], str]] = []
        if jurisdiction_place and not (quote[0] <= jurisdiction_place.start < quote[1]):
            extra.append((ctx.quote_for(jurisdiction_place.start, jurisdiction_place.end),
                          "jurisdiction"))
        elif not jurisdiction_place and national_issuer and issuer is not None:
            if not (quote[0] <= issuer.start < quote[1]):
                extra.append((ctx.quote_for(issuer.start, issuer.end), "jurisdiction"))
        elif not jurisdiction_place and jurisdiction:
            dom = ctx.dominant_mention()
            if dom:
                extra.append((ctx.quote_for(dom.start, dom.end), "jurisdiction"))
            else:
                fields["jurisdiction"] = None
        if period_pos and not (quote[0] <= period_pos[0] and period_pos[1] <= quote[1]):
            extra.append((ctx.quote_for(*period_pos), "start_year"))
        if fields["issued_date"] and not (quote[0] <= dates[0][1] and dates[0][2] <= quote[1]):
            extra.append((ctx.quote_for(dates[0][1], dates[0][2]), "issued_date"))
        if extra or fields["chain_strategies"] or fields["technologies"] or issuer or status:
            evidence = _split_support(ctx, quote, fields, extra, sentence)
        draft = Draft(ctx.new_id(base), mention.type, label, fields, evidence, mention.rule,
                      0.8 if mention.rule not in ("document-phrase", "press-briefing",
                                                  "plural-document", "document-released-by")
                      else 0.6)
        drafts[key] = (draft, mention.start)
        result.append((draft, mention.start, mention.end))
        ctx.drafts.append(draft)
        if mention.rule == "press-briefing":
            _briefing_event(ctx, draft, mention, quote)
    return sorted(result, key=lambda item: item[1])


def _briefing_event(ctx: _Context, briefing: Draft, mention: DocumentMention,
                    quote: tuple[int, int]) -> None:
    """"told a press briefing in Beijing": the briefing is the speaker's document, and the
    event was held in Beijing."""
    held = [p for p in ctx.places_in(mention.start, mention.end) if p.code != "CN"]
    if not held:
        return
    place = held[-1]
    where = place.province or place.code
    fields = {"event_kind": "press-conference" if "press-conference" in ctx.gazetteer.concepts
              .get("event-kind", {}) else None, "located_in": where, "about": [briefing.id]}
    label = f"press briefing in {ctx.province_label(where) or place.label}"
    ctx.drafts.append(Draft(ctx.new_id(f"{briefing.id}-event"), "Event", label, fields,
                            [ctx.span(*quote)], "press-briefing-held-in", 0.6))


def _period_near(ctx: _Context, mention: DocumentMention, sentence: tuple[int, int]
                 ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The period of a document: in its title, else a period written next to it."""
    if mention.period is not None:
        return mention.period, None
    for first, last, p_start, p_end in periods_in(ctx.text, *sentence):
        if abs(p_start - mention.end) < 80 or abs(mention.start - p_end) < 80:
            return (first, last), (p_start, p_end)
    return None, None


def _later_period(ctx: _Context, draft: Draft, mention: DocumentMention) -> None:
    """A headline names a plan without its period and the body gives it ("the initiative
    (2024-2025)"): the period comes from the first mention that states one."""
    period, period_pos = _period_near(ctx, mention, ctx.seg.sentence(mention.start))
    if period is None:
        return
    where = ctx.quote_for(*(period_pos or (mention.start, mention.end)))
    present = [name for name, value in draft.fields.items()
               if value not in (None, [], "") and name != "note"]
    if len(draft.evidence) == 1 and not draft.evidence[0].supports:
        first = draft.evidence[0]
        draft.evidence = [ctx.span(first.start, first.end, ("label", *present))]
    draft.fields["start_year"], draft.fields["end_year"] = period
    if any(e.start == where[0] and e.end == where[1] for e in draft.evidence):
        draft.evidence = [ctx.span(e.start, e.end, tuple(dict.fromkeys(
            (*e.supports, "start_year", "end_year"))))
            if (e.start, e.end) == where else e for e in draft.evidence]
    else:
        draft.evidence = sorted([*draft.evidence,
                                 ctx.span(*where, ("start_year", "end_year"))],
                                key=lambda e: e.start)


def _split_support(ctx: _Context, main: tuple[int, int], fields: dict,
                   extra: list[tuple[tuple[int, int], str]], sentence: tuple[int, int]
                   ) -> list[Span]:
    """Evidence items with ``supports``: the main quote backs what lies inside it, the
    sentence or other clauses back the rest; a field without any quote is dropped."""
    present = [name for name, value in fields.items() if value not in (None, [], "")]
    moved = {name for _, name in extra}
    if "start_year" in moved:
        moved.add("end_year")
    spans: dict[tuple[int, int], list[str]] = {main: ["label"]}
    for (start, end), name in extra:
        names = [name] + (["end_year"] if name == "start_year" else [])
        spans.setdefault((start, end), []).extend(n for n in names if n in present)
    for name in present:
        if name in moved:
            continue
        where = _field_span(ctx, name, fields[name], main, sentence)
        if where is None:
            fields[name] = None if not isinstance(fields[name], list) else []
            continue
        spans.setdefault(where, []).append(name)
    return [ctx.span(start, end, tuple(dict.fromkeys(names)))
            for (start, end), names in sorted(spans.items()) if names]


def _field_span(ctx: _Context, name: str, value, main: tuple[int, int],
                sentence: tuple[int, int]) -> tuple[int, int] | None:
    if name in ("technologies", "chain_strategies"):
        hits = [t for t in ctx.terms_in(*sentence) if t.concept in value]
        if all(main[0] <= t.start and t.end <= main[1] for t in hits):
            return main
        first, last = min(t.start for t in hits), max(t.end for t in hits)
        if len(ctx.text[min(first, main[0]):max(last, main[1])].split()) <= 28:
            return ctx.seg.sentence(first)[0] if False else (min(first, main[0]),
                                                               max(last, main[1]))
        if all(t.concept for t in hits):
            kept = [t.concept for t in hits if main[0] <= t.start and t.end <= main[1]]
            value[:] = sorted(set(kept))
            return main if kept else None
    return main


_OF_PLACE = re.compile(r"^(?P<body>.+)\s+of\s+(?:the\s+)?(?P<place>[A-Z]\w*(?:\s[A-Z]\w*)?)"
                      r"(?:\s+(?:Province|Municipality|(?:\w+\s+)*Autonomous Region))?$")


def _org_id(name: str, ctx: _Context) -> str:
    """One id for the two ways a body is named: "Department of Industry and Information
    Technology of Guangxi" is "Guangxi Department of Industry and Information Technology"."""
    match = _OF_PLACE.match(name)
    if match and " of " in match.group("body") and match.group("place") in _division_names(ctx):
        name = f"{match.group('place')} {match.group('body')}"
    government = _GOVERNMENT_NAME.fullmatch(name)
    if government and government.group("place") in _division_names(ctx):
        # "Hunan Provincial People's Government" is "the provincial government" of Hunan.
        level = (government.group("level") or "provincial").lower()
        return slug(f"{government.group('place')} {level} government")
    return slug(re.sub(r"\bProvincial\s+", "", name), 70)


_GOVERNMENT_NAME = re.compile(r"(?P<place>[A-Z]\w*(?:\s[A-Z]\w*)??)\s+(?:(?P<level>Provincial|"
                              r"Municipal)\s+)?(?:People['’]s\s+)?Government")


def _division_names(ctx: _Context) -> frozenset[str]:
    names = ctx.__dict__.get("_division_names")
    if names is None:
        names = frozenset(d.name_en for d in ctx.gazetteer.divisions.values())
        ctx.__dict__["_division_names"] = names
    return names


# ---------------------------------------------------------------- organisations and people

_LOCATED_TYPES = frozenset({"Enterprise", "University", "ResearchInstitute"})
# A body of the central state: "State Taxation Administration", "State Council Information
# Office", "the MIIT's Performance Inspection Bureau", "Publicity Department of the CPC
# Central Committee", a bureau "of the Ministry of ...".
_NATIONAL_BODY = re.compile(r"^(?:National|State)\b|\bState Council\b|\b(?:MIIT|NDRC)\b|"
                            r"\bCentral Committee\b|\bof the Ministry of\b")


def _organisations(ctx: _Context) -> dict[str, Draft]:
    result: dict[str, Draft] = {}
    for org in ctx.orgs:
        org_id = _org_id(org.name, ctx)
        if org_id in result:
            continue
        places = ctx.places_in(org.start, org.end)
        quote = ctx.quote_for(org.start, org.end)
        fields: dict = {}
        evidence = [ctx.span(*quote)]
        if org.type in ("ProvincialDepartment", "ProvincialGovernment", "GovernmentBody",
                        "Ministry", "StateCouncil", "ExecutiveMeeting"):
            if places:
                fields["jurisdiction"] = places[0].province or places[0].code
            elif org.type in ("Ministry", "StateCouncil") or _NATIONAL_BODY.search(org.name):
                fields["jurisdiction"] = "CN"
        elif org.type in _LOCATED_TYPES:
            # "Shenyang-based Shengu Group", "Hefei's BYD plant": a company or university is
            # located where its sentence places it; a national mention locates nothing.
            sentence = ctx.seg.sentence(org.start)
            place = places[0] if places else ctx.place_before(org.start, sentence)
            if place is None or place.code == "CN":
                place = ctx.place_recent(org.start, [])
            if place is not None and place.code != "CN":
                fields["located_in"] = place.province or place.code
                if not (quote[0] <= place.start < quote[1]):
                    evidence = [ctx.span(*quote, ("label",)),
                                ctx.span(*ctx.quote_for(place.start, place.end),
                                         ("located_in",))]
                    evidence.sort(key=lambda e: e.start)
        label = org.name if not org.abbreviation or org.abbreviation == org.name else \
            f"{org.name} ({org.abbreviation})"
        draft = Draft(ctx.new_id(org_id), org.type, label, fields, evidence, "organisation-name",
                      0.7)
        result[org_id] = draft
        ctx.drafts.append(draft)
    for match in _PROVINCIAL_GOVERNMENT.finditer(ctx.text, ctx.body):
        if not ctx.dominant or not ctx.dominant.startswith("CN-"):
            break
        level = match.group("level").lower()
        if level == "municipal" and ctx.dominant not in _MUNICIPALITIES:
            continue       # a city's government: which city is not said
        name = ctx.province_label(ctx.dominant)
        if match.group("congress"):
            org_id, label, org_type = (slug(f"{name} {level} people's congress"),
                                       f"{name} {level.title()} People's Congress",
                                       "GovernmentBody")
        else:
            org_id = slug(f"{name} {level} government")
            label = f"{name} {level.title()} " + ("People's Government" if
                                                   level == "provincial" else "Government")
            org_type = "ProvincialGovernment"
        if org_id in result:
            continue
        dom = ctx.dominant_mention()
        quote = ctx.quote_for(match.start(), match.end())
        evidence = [ctx.span(*quote, ("label",))]
        if dom:
            evidence.append(ctx.span(*ctx.quote_for(dom.start, dom.end), ("jurisdiction",)))
        draft = Draft(ctx.new_id(org_id), org_type, label,
                      {"jurisdiction": ctx.dominant if dom else None}, evidence,
                      "the-provincial-government", 0.6)
        result[org_id] = draft
        ctx.drafts.append(draft)
    return result


def _government_of_post(ctx: _Context, person, orgs: dict[str, Draft]) -> str | None:
    """"Ye Jianchun, governor of Jiangxi Province": the post is in the Jiangxi provincial
    government, which is drafted (as an identification: the text names only the post)."""
    places = [p for p in ctx.places_in(person.start, person.end)
              if not p.is_city and p.code.startswith("CN-")]
    if not places or not person.org_text:
        return None
    place = places[-1]
    name = ctx.province_label(place.code)
    org_id = slug(f"{name} provincial government")
    if org_id not in orgs:
        quote = ctx.quote_for(place.start, place.end)
        draft = Draft(ctx.new_id(org_id), "ProvincialGovernment", f"{name} provincial government",
                      {"jurisdiction": place.code, "note": "The text names only the post; the "
                       "government is the body that post is in."}, [ctx.span(*quote)],
                      "government-of-post", 0.6)
        orgs[org_id] = draft
        ctx.drafts.append(draft)
    return org_id


def _roles(gazetteer: Gazetteer) -> dict[str, str]:
    """Role concepts by their labels: English lower-cased with blanks for hyphens, and
    Chinese as written."""
    roles: dict[str, str] = {}
    for concept, labels in sorted(gazetteer.concepts.get("role", {}).items()):
        for label, language in labels:
            key = _post_key(label) if language == "en" else label
            roles.setdefault(key, concept)
    return roles


def _post_key(post: str) -> str:
    return " ".join(post.lower().replace("-", " ").replace("/", " ").split())


# A rank that does not change the role: an executive vice governor is a vice governor.
_RANK = re.compile(r"^(?:executive|senior|standing|first)\s+")


def _role_of(post: str, roles: dict[str, str]) -> str | None:
    key = post if re.search(r"[\u4e00-\u9fff]", post) else _post_key(post)
    return roles.get(key) or roles.get(_RANK.sub("", key))


def _body_of_post(ctx: _Context, person, orgs: dict[str, Draft]) -> str | None:
    """The body a post is in, as its text names it ("director of the Hubei Provincial
    Department of ..."): drafted with the same id as the body found elsewhere."""
    if not person.org_text:
        return None
    found = find_organisations(person.org_text)
    if not found:
        return _ministry_of_post(ctx, person, orgs)
    org = found[0]
    org_id = _org_id(org.name, ctx)
    if org_id in orgs:
        return org_id
    at = ctx.text.find(person.org_text, person.start)
    if at < 0:
        return org_id
    start, end = at + org.start, at + org.end
    fields: dict = {}
    places = ctx.places_in(start, end)
    if org.type not in _LOCATED_TYPES:
        if places:
            fields["jurisdiction"] = places[0].province or places[0].code
        elif org.type in ("Ministry", "StateCouncil") or _NATIONAL_BODY.search(org.name):
            fields["jurisdiction"] = "CN"
    draft = Draft(ctx.new_id(org_id), org.type, org.name, fields,
                  [ctx.span(*ctx.quote_for(start, end))], "body-of-post", 0.6)
    orgs[org_id] = draft
    ctx.drafts.append(draft)
    return org_id


# "minister of industry and information technology": a minister's post names the ministry's
# field in lower case or without the word "Ministry".
_MINISTER = re.compile(r"(?i)^(?:(?:executive|deputy|vice)[ -])?minister$")
_FIELD = re.compile(r"(?P<field>(?:[A-Za-z]+)(?:[ \t]+(?:and[ \t]+)?[A-Za-z]+){0,5})")


def _ministry_of_post(ctx: _Context, person, orgs: dict[str, Draft]) -> str | None:
    posts = re.split(r"[ \t]+and[ \t]+|/", person.post)
    field = _FIELD.match(person.org_text)
    if not _MINISTER.match(posts[-1].strip()) or not field:
        return None
    words = SUBJECT_END.split(field.group("field").lower())[0].split()
    if not words or words[-1] == "and":
        return None
    name = "Ministry of " + " ".join(w if w == "and" else w.capitalize() for w in words)
    org_id = _org_id(name, ctx)
    if org_id in orgs:
        return org_id
    at = ctx.text.find(person.org_text, person.start)
    if at < 0:
        return None
    written = len(" ".join(person.org_text.split()[:len(words)]))
    draft = Draft(ctx.new_id(org_id), "Ministry", name, {"jurisdiction": "CN"},
                  [ctx.span(*ctx.quote_for(at, at + written))], "ministry-of-minister", 0.6)
    orgs[org_id] = draft
    ctx.drafts.append(draft)
    return org_id


def _is_place_name(ctx: _Context, person) -> bool:
    """Whether the name is where the place finder found a place ("Hong Kong traders")."""
    name_at = ctx.text.find(person.name, person.start, person.end)
    if name_at < 0:
        return False
    return any(place.start <= name_at < place.end or name_at <= place.start < name_at +
               len(person.name) for place in ctx.places_in(max(0, name_at - 30),
                                                            name_at + len(person.name)))


def _people(ctx: _Context, orgs: dict[str, Draft]) -> None:
    roles = _roles(ctx.gazetteer)
    labels_en = [k for k in roles if not re.search(r"[\u4e00-\u9fff]", k)]
    labels_zh = [k for k in roles if re.search(r"[\u4e00-\u9fff]", k)]
    seen_people: set[str] = set()
    for person in find_people(ctx.text, labels_en, labels_zh):
        if person.start < ctx.body:
            continue
        if not person.written and _is_place_name(ctx, person):
            continue          # "Hong Kong": a place, not a person
        person_id = slug(person.name)
        quote = ctx.quote_for(person.start, person.end)
        if person_id not in seen_people:
            seen_people.add(person_id)
            ctx.ids.add(person_id)
            fields = {"note": f"Written {person.written} in the text; the romanisation is "
                      "pypinyin's."} if person.written else {}
            ctx.drafts.append(Draft(person_id, "Person", person.name, fields,
                                    [ctx.span(*quote)], person.rule, 0.7))
        if not person.post and not person.org_text:
            continue          # "Mr. Wang Lin", a speaker: a person with no post stated
        org_id = _body_of_post(ctx, person, orgs)
        posts = [p for p in re.split(r"[ \t]+and[ \t]+|/", person.post) if p] or [""]
        for post in posts:
            post_text = post.strip() if re.search(r"[\u4e00-\u9fff]", post) else \
                _post_key(post)
            role = _role_of(post_text, roles) if post_text else None
            post_org = org_id
            if post_org is None and role in _GOVERNMENT_POSTS:
                post_org = _government_of_post(ctx, person, orgs)
            post_slug = slug(_post_key(post) or "post") if not person.written else \
                slug(role or "post")
            base = f"{person_id}-{post_slug}" + (f"-of-{post_org}" if post_org else "")
            fields = {"held_by": person_id, "post_in": post_org if post_org in orgs else None,
                      "role": role}
            body = orgs[post_org].label if post_org in orgs else person.org_text if \
                person.written else ""
            label = f"{person.name}, {post.strip() or 'post'}" + (f" of {body}" if body else "")
            draft_id = slug(base, 90)
            if draft_id in ctx.ids:
                continue          # the same post named twice
            draft = Draft(ctx.new_id(draft_id), "Post", label, fields, [ctx.span(*quote)],
                          person.rule, 0.6)
            if not role and post_text:
                draft.fields["note"] = f"The role '{post_text}' is not in vocab/role."
            ctx.drafts.append(draft)


# ---------------------------------------------------------------- quantified items

def _year_expressions(ctx: _Context, sentence: tuple[int, int]) -> list[tuple]:
    """(start, end, year, how) of every year expression of a sentence, found once."""
    cached = ctx.year_cache.get(sentence)
    if cached is not None:
        return cached
    text = ctx.text
    found = []
    for match in _YEAR_EXPR.finditer(text, *sentence):
        if match.group("by"):
            year, how = int(match.group("y1")), "by"
        elif match.group("thisyear"):
            year, how = ctx.year, "this-year"
            rest = text[sentence[0]:match.start()] + " " + text[match.end():sentence[1]]
            if "this" not in match.group().lower() and _cues(ctx, sentence)[1] and \
                    not _TARGET_CUES.search(rest):
                # "By the end of the year, capacity reached ...": in a report of the past,
                # the year reported on, which need not be the year of writing.
                found.append((match.start(), match.end(), None, "present"))
                continue
        elif match.group("present"):
            # "currently", "at present": the time of writing, which states no year.
            found.append((match.start(), match.end(), None, "present"))
            continue
        elif match.group("vague"):
            # "in the next few years", "in recent years": a time without a year, which keeps
            # a year named further away (or a document's period) from being taken instead.
            found.append((match.start(), match.end(), None, "vague"))
            continue
        elif match.group("base"):
            continue
        elif match.group("then"):
            year, how = _earlier_deadline(ctx, sentence), "by"
        elif match.group("next"):
            year, how = (ctx.year + 1 if ctx.year else None), "next-year"
        elif match.group("last"):
            year, how = (ctx.year - 1 if ctx.year else None), "last-year"
        elif match.group("within"):
            n = match.group("n")
            count = int(n) if n.isdigit() else NUMBER_WORDS.get(n.lower(), 0)
            year, how = (ctx.year + count if ctx.year else None), "within"
        elif match.group("in"):
            year, how = int(match.group("y2").replace(" ", "")), "in"
        else:
            if re.match(r"\s*[-–—]\s*(?:19|20)?\d\d", text[match.end():match.end() + 8]):
                continue
            year, how = int(match.group("y3")), "bare"
        if year is not None:
            found.append((match.start(), match.end(), year, how))
    for _, last, p_start, p_end in periods_in(text, *sentence):
        found.append((p_start, p_end, last, "period"))
    ctx.year_cache[sentence] = found
    return found


def _earlier_deadline(ctx: _Context, sentence: tuple[int, int]) -> int | None:
    """The deadline "by then" or "by that date" points back to: the last "by YEAR" (or
    period) of the sentences before it, in its paragraph or the ones before (news texts put
    one sentence in a paragraph)."""
    starts = ctx.seg.starts
    index = bisect.bisect_right(starts, sentence[0]) - 1
    for back in range(1, 9):
        if index - back < 0 or starts[index - back] < sentence[0] - 1500:
            break
        earlier = ctx.seg.sentence(starts[index - back])
        if earlier[0] >= sentence[0]:
            continue
        found = [e for e in _year_expressions(ctx, earlier)
                 if e[3] in ("by", "within", "period") and e[2] is not None]
        if found:
            return max(found, key=lambda e: (e[0], e[1]))[2]
    return None


def _other_number_between(ctx: _Context, q: Quantity, start: int) -> bool:
    """A year after an item that follows another number compared with it belongs to that
    number: "will account for 10 percent of GDP, up from 7.8 percent in 2020"."""
    index = bisect.bisect_right(ctx.quantity_starts, q.end)
    if index >= len(ctx.quantity_starts) or ctx.quantity_starts[index] >= start:
        return False
    return bool(_COMPARED.search(ctx.text, q.end, ctx.quantity_starts[index]))


_COMPARED = re.compile(r"(?i)\b(?:from|compared|than|versus|against)\b")


def _year_of(ctx: _Context, q: Quantity, sentence: tuple[int, int],
             documents: list[tuple[Draft, int, int]], counts: str | None = None
             ) -> tuple[int | None, tuple[int, int] | None, str]:
    """The deadline or reference year of a quantity: the nearest year expression of its
    sentence ("in 2023" right after it wins); else the time the sentence goes on from (an
    earlier sentence of its paragraph or list: "By 2027, ... . The plan envisages 50% ...");
    else the period of the document the item belongs to (not for counts of the chains,
    clusters or industries a plan is made of)."""
    candidates = []
    for start, end, year, how in _year_expressions(ctx, sentence):
        if q.start <= start < q.end:
            continue
        after = start >= q.end
        if after and how != "period" and _other_number_between(ctx, q, start):
            continue
        distance = start - q.end if after else q.start - end
        if how == "period":
            weight = abs(start - q.end) + 40
        else:
            weight = distance + (0 if how in ("by", "this-year", "within", "vague") else 15)
            if after and how == "in" and distance <= 25:
                weight = -1
        candidates.append((weight, start, year or 0, (start, end), how))
    if candidates:
        _, _, year, span, how = min(candidates)
        if year == 0:
            return None, None, how            # "in the next few years", "currently"
        return year, span, how
    carried = carried_year(ctx, sentence, *_cues(ctx, sentence), _year_expressions)
    if carried is None:
        carried = carried_deadline(ctx, sentence, *_cues(ctx, sentence), _year_expressions)
    if carried is not None:
        return carried
    if counts in _STRUCTURE_KINDS:
        return None, None, ""
    doc = governing_document(ctx, q.start, documents)
    if doc is not None and doc[0].fields.get("end_year"):
        return doc[0].fields["end_year"], (doc[1], doc[2]), "document"
    return None, None, ""


_RATE = re.compile(r"(?i)\b(?:annual(?:ly)?|(?:per|a|each|every)\s+year|year[- ]on[- ]year|"
                   r"yearly|per\s+annum|compound)\b")


def _is_rate(text: str, q: Quantity, sentence: tuple[int, int]) -> bool:
    """A yearly growth rate: "increase by more than 10% annually", "an average annual
    growth of 8%" (the rate word within a few words of the number)."""
    before = text[max(sentence[0], q.start - 45):q.start]
    after = text[q.end:min(sentence[1], q.end + 30)]
    return bool(_RATE.search(before) or re.match(r"(?i)\s*(?:\w+\s+){0,2}?(?:annual(?:ly)?|"
                                                  r"(?:per|a|each|every)\s+year|yearly|"
                                                  r"per\s+annum|on\s+(?:an\s+)?(?:annual\s+)?"
                                                  r"average)\b", after))


def _rate_year(ctx: _Context, q: Quantity, sentence: tuple[int, int],
               documents: list[tuple[Draft, int, int]]
               ) -> tuple[int | None, tuple[int, int] | None, str]:
    """A yearly rate holds over a period: its deadline is the last year the sentence names
    ("in 2024 and 2025", "2023-2025", "by 2025"), else the period of the document."""
    years = [(year, start, end, how) for start, end, year, how in
             _year_expressions(ctx, sentence)
             if how in ("by", "in", "bare", "period", "within") and not q.start <= start < q.end]
    if len(years) >= 2 or any(how == "period" for *_, how in years):
        year, start, end, how = max(years, key=lambda y: (y[0], -y[1]))
        return year, (start, end), {"period": "period", "in": "years"}.get(how, "by")
    return _year_of(ctx, q, sentence, documents)


def _cues(ctx: _Context, sentence: tuple[int, int]) -> tuple[bool, bool]:
    """Whether a sentence states an aim and whether it reports the past, read once per
    sentence (not once per number in it)."""
    cues = ctx.cue_cache.get(sentence)
    if cues is None:
        sentence_text = ctx.text[sentence[0]:sentence[1]]
        cues = ctx.cue_cache[sentence] = (bool(_TARGET_CUES.search(sentence_text)),
                                          bool(_PAST_CUES.search(sentence_text)))
    return cues


def _kind(ctx: _Context, q: Quantity, sentence: tuple[int, int], year: int | None, how: str,
          before: str) -> str:
    if _FROM_TO.search(before[-8:]):
        return "baseline"
    future, past = _cues(ctx, sentence)
    if how in ("by", "this-year", "next-year", "within", "document") and not past:
        return "target"
    if how in ("last-year", "present"):
        return "achievement"
    if year is not None and ctx.year is not None and year < ctx.year and how != "document":
        return "achievement"       # a year before the text was written: a reported figure
    if year is not None and ctx.year is not None:
        if year < ctx.year and not future:
            return "achievement"
        if year > ctx.year:
            return "target"
    if future and not past:
        return "target"
    if past and not future:
        return "achievement"
    return "target" if future else "achievement"


def _quantities(ctx: _Context, documents: list[tuple[Draft, int, int]]) -> None:
    text = ctx.text
    ctx.document_starts = [s for _, s, _ in documents]
    found = find_quantities(text, ctx.body)
    ctx.quantity_starts = [q.start for q in found]
    by_sentence: dict[tuple[int, int], list[Quantity]] = {}
    for q in found:
        by_sentence.setdefault(ctx.seg.sentence(q.start), []).append(q)
    for sentence, items in by_sentence.items():
        sentence_text = text[sentence[0]:sentence[1]]
        respectively = _RESPECTIVELY.search(sentence_text)
        resp_years: dict[int, tuple[int, tuple[int, int]]] = {}
        if respectively and "respectively" in respectively.group().lower():
            before = [q for q in items if q.end <= sentence[0] + respectively.start()]
            years = [int(respectively.group(1)), int(respectively.group(2))]
            span = (sentence[0] + respectively.start(), sentence[0] + respectively.end())
            if len(before) >= 2:
                for q, year in zip(before[-2:], years, strict=True):
                    resp_years[q.start] = (year, span)
        for q in items:
            after = text[q.end:q.end + 60]
            if q.unit == "count" and _ISSUERS_AFTER.match(after):
                continue          # "eight departments jointly issued": co-issuers, not a target
            rate = q.unit in ("percent", "percentage-point") and _is_rate(text, q, sentence)
            counts = _counted(ctx, q, sentence)
            if q.start in resp_years:
                year, year_span = resp_years[q.start]
                how = "by"
            elif rate:
                year, year_span, how = _rate_year(ctx, q, sentence, documents)
            else:
                year, year_span, how = _year_of(ctx, q, sentence, documents, counts)
            before_text = text[max(0, q.start - 30):q.start]
            kind = _kind(ctx, q, sentence, year, how, before_text)
            if rate and counts == "revenue" and "revenue-growth" in ctx.kind_lookup.values():
                counts = "revenue-growth"     # "revenue will increase by 10% annually"
            if kind in ("achievement", "baseline") and how == "period":
                # "In the 13th Five-Year Plan period, growth reached 7.1% a year": a figure
                # over several past years has no single reference year.
                year, year_span = None, None
            definite = q.unit == "count" and is_definite(text, q) and \
                how not in ("in", "this-year")
            if kind in ("target", "achievement") and q.unit == "count" and (
                    (counts in _COMPOSITION_KINDS and how not in ("by", "within"))
                    or (counts in _STRUCTURE_KINDS and year is None) or definite):
                # "11 key industrial chains", "the three pioneering industries", "20 specific
                # goals": what a plan or a place consists of, not an amount to reach.
                kind = "composition"
                if how not in ("in", "this-year"):
                    year, year_span = None, None
            subjects = _respective_subjects(ctx, q, sentence,
                                            sum(1 for other in items if other.unit == q.unit))
            for subject in subjects or [None]:
                _quantity_draft(ctx, q, sentence, year, year_span, kind, documents, counts,
                                subject)


_RESPECTIVE_BEFORE = re.compile(r"(?i)\b(?:respective|each)\b[^,;:]*$")
_RESPECTIVELY_AFTER = re.compile(r"(?i)[^,;:]{0,20}?\b(?:respectively|each)\b")


def _respective_subjects(ctx: _Context, q: Quantity, sentence: tuple[int, int],
                         quantities: int) -> list:
    """"Integrated circuits, biomedicine and AI shall see their respective scale more than
    double": one amount (the only one of its unit in the sentence) said of each of the
    technologies named before it is one item per technology."""
    text = ctx.text
    if quantities != 1 or not (
            _RESPECTIVE_BEFORE.search(text, max(sentence[0], q.start - 60), q.start)
            or _RESPECTIVELY_AFTER.match(text, q.end, min(sentence[1], q.end + 30))):
        return []
    first: dict[str, TermMention] = {}
    for term in ctx.terms_in(sentence[0], q.start):
        if term.scheme == "technology":
            first.setdefault(term.concept, term)
    return list(first.values()) if len(first) >= 2 else []


def _drop_headline_repeats(ctx: _Context) -> None:
    """A headline restates a number of the body ("Anhui aims to contribute 10% ..."): a
    quantity in a line without closing punctuation is dropped when the body has the same
    value and unit."""
    quantities = [d for d in ctx.drafts if d.rule == "quantity"]

    def headline(draft: Draft) -> bool:
        start = draft.evidence[-1].start if draft.evidence else 0
        span = max((e for e in draft.evidence), key=lambda e: len(e.supports or ("value",))
                   if "value" in (e.supports or ("value",)) else 0)
        start = span.start
        line_start = ctx.text.rfind("\n", 0, start) + 1
        line_end = ctx.text.find("\n", start)
        line = ctx.text[line_start:line_end if line_end != -1 else len(ctx.text)].strip()
        return bool(line) and line[-1] not in ".!?。！？\"”" and len(line.split()) <= 20

    def value_key(draft: Draft) -> tuple:
        f = draft.fields
        return (f.get("value"), f.get("min_value"), f.get("max_value"), f.get("unit"))

    body = {value_key(d) for d in quantities if not headline(d)}
    dropped = {d.id for d in quantities if headline(d) and value_key(d) in body}
    ctx.drafts = [d for d in ctx.drafts if d.id not in dropped]


def _comparator_start(text: str, q: Quantity) -> int:
    match = re.search(r"(?i)(?:more than|over|exceed(?:s|ed|ing)?|above|top(?:s|ped)?|"
                      r"surpass(?:es|ed|ing)?|at least|no less than|not less than|about|around|"
                      r"approximately|nearly|roughly|up to|at most|no more than|less than|"
                      r"under|within)\s+(?:the\s+)?$", text[max(0, q.start - 30):q.start])
    return q.start - (len(text[max(0, q.start - 30):q.start]) - match.start()) if match else \
        q.start


def _counted(ctx: _Context, q: Quantity, sentence: tuple[int, int]) -> str | None:
    """The target-kind term nearest the number: after it for counts ("45 chain-chief
    enterprises"), before it for amounts ("the revenue ... is expected to exceed")."""
    text = ctx.text
    if q.unit == "count" and _CHAIN_NOUN_AFTER.match(text[q.end:q.end + 60]):
        return "industrial-chain" if "industrial-chain" in ctx.kind_lookup.values() else None
    kinds = ctx.kind_cache.get(sentence)
    if kinds is None:
        kinds = [(m.start(), m.end(), m.group())
                 for m in ctx.kind_pattern.finditer(text, *sentence)]
        ctx.kind_cache = {sentence: kinds}
    best, found = None, None
    money_like = {"revenue", "revenue-growth", "production-share", "local-sourcing-share",
                  "gdp", "industrial-added-value", "manufacturing-share-of-gdp"}
    for k_start, k_end, k_text in kinds:
        concept = ctx.kind_lookup.get(re.sub(r"[\s-]+", " ", k_text.lower()))
        if q.unit != "count" and k_start >= q.end and concept not in money_like:
            continue      # "800 billion yuan, with over 45 enterprises": the noun is not counted
        distance = k_start - q.end if k_start >= q.end else (q.start - k_end) * 2
        if q.unit != "count" and concept in money_like and k_end <= q.start:
            distance = (q.start - k_end) // 2     # "the revenue ... is expected to exceed"
        if best is None or distance < best:
            best, found = distance, concept
    return found if best is not None and best < 80 else None


def _quantity_draft(ctx: _Context, q: Quantity, sentence: tuple[int, int], year: int | None,
                    year_span: tuple[int, int] | None, kind: str,
                    documents: list[tuple[Draft, int, int]], counts: str | None,
                    subject: TermMention | None = None) -> None:
    text = ctx.text
    core_start = _comparator_start(text, q)
    noun = re.match(r"(?:\s+[“\"‘']?[\w’'-]+[”\"’']?){1,4}", text[q.end:q.end + 60]) \
        if q.unit == "count" else None
    core_end = q.end + (noun.end() if noun else 0)
    quote = clause_quote(text, sentence, (core_start, core_end))
    clause = (quote[0], quote[1])
    jurisdiction, place, doc_span = item_place(ctx, q, sentence, documents)
    place_span = (place.start, place.end) if place else None
    part_of = None
    part_span = None
    if kind in ("target", "composition"):
        index = bisect.bisect_right(ctx.document_starts, q.start)
        previous = documents[max(0, index - 1):index]
        if previous:
            part_of, part_span = previous[-1][0].id, (previous[-1][1], previous[-1][2])
    value_fields: dict = {"value": q.value, "min_value": q.min_value, "max_value": q.max_value}
    for name, value in list(value_fields.items()):
        value_fields[name] = _decimal(value) if value is not None else None
    juris_label = ctx.province_label(jurisdiction)
    phrase = re.sub(r"\s+", " ", text[core_start:core_end]).strip()
    technologies = ctx.technologies_in(*clause)
    subject_span = None
    if subject is not None:
        technologies = [subject.concept]
        phrase = f"{text[subject.start:subject.end]}: {phrase}"
        subject_span = (subject.start, subject.end)
    if kind == "target":
        when = f" by {year}" if year else ""
        label = f"{phrase}{when}" + (f" ({juris_label})" if juris_label else "")
        fields = {"part_of": part_of, "jurisdiction": jurisdiction, "counts": counts,
                  **value_fields, "comparator": q.comparator, "unit": q.unit,
                  "deadline_year": year,
                  "technologies": technologies}
        record_type = "QuantifiedTarget"
    else:
        when = f" in {year}" if year else ""
        label = f"{phrase}{when}" + (f" ({juris_label})" if juris_label else "")
        fields = {"part_of": part_of, "jurisdiction": jurisdiction, "kind": kind,
                  "counts": counts, **value_fields, "comparator": q.comparator, "unit": q.unit,
                  "year": year, "technologies": technologies}
        record_type = "QuantifiedObservation"
    notes = [q.note] if q.note else []
    if q.unit is None and q.unit_text:
        unit = ctx.gazetteer.concept_named("unit", q.unit_text)
        if unit is None:
            notes.append(f"The unit '{q.unit_text}' is not in vocab/unit.")
        else:
            fields["unit"] = unit
    if notes:
        fields["note"] = " ".join(notes)
    spans: dict[tuple[int, int], list[str]] = {quote: []}
    extra = {"jurisdiction": place_span,
             "deadline_year" if kind == "target" else "year": year_span,
             "part_of": part_span, "technologies": subject_span}
    for name, where in extra.items():
        if fields.get(name) is None or where is None:
            continue
        if quote[0] <= where[0] and where[1] <= quote[1]:
            continue
        span = ctx.quote_for(*where)
        spans.setdefault(span, []).append(name)
    if doc_span is not None and jurisdiction and \
            not (quote[0] <= doc_span.start and doc_span.end <= quote[1]):
        # The jurisdiction comes from the document the item belongs to: its own evidence.
        spans.setdefault((doc_span.start, doc_span.end), []).append("jurisdiction")
    if len(spans) > 1:
        moved = {n for names in spans.values() for n in names}
        spans[quote] = ["label"] + [n for n in fields if n not in moved
                                    and fields.get(n) not in (None, [], "") and n != "note"]
    evidence = [ctx.span(s, e, tuple(names)) for (s, e), names in sorted(spans.items())
                if names or len(spans) == 1]
    base_noun = counts or q.unit or "item"
    base = slug(f"{juris_label or 'x'} {base_noun} {year or ''}", 60)
    confidence = 0.8 if (counts and q.unit) else 0.6
    key = (record_type, tuple(sorted((k, str(v)) for k, v in fields.items()
                                     if k not in ("note", "part_of", "technologies"))))
    if ctx.quantity_keys.get(key, sentence) != sentence:
        return        # a later sentence repeats an item; two in one sentence are two items
    ctx.quantity_keys[key] = sentence
    ctx.drafts.append(Draft(ctx.new_id(base), record_type, label, fields, evidence,
                            "quantity", confidence, kind))


def _decimal(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _chains(ctx: _Context) -> None:
    """Industrial chains named in a list after their group: "the seven pillar industrial
    chains of automobiles, machinery and biomedicine" gives three chains at level pillar."""
    levels = {}
    for concept, labels in ctx.gazetteer.concepts.get("chain-level", {}).items():
        for label, language in labels:
            if language == "en":
                levels[label.lower().replace(" industrial chain", "")] = concept
    seen: set[str] = set()
    position = ctx.body
    gated = folds_safely(ctx.text)
    while (match := gated_search(_CHAIN_LIST, ctx.text, _CHAIN_LIST_GATE, "ws", position)
           if gated else _CHAIN_LIST.search(ctx.text, position)) is not None:
        # The next group may start inside this list ("..., as well as the four strategic
        # emerging industrial chains of ..."): search again from where this list ends.
        position = match.start("list") + max(1, len(_LIST_END.split(match.group("list"))[0]))
        modifiers = match.group("mods").lower().split()
        level = None
        for size in (2, 1):
            for index in range(len(modifiers) - size + 1):
                level = level or levels.get(" ".join(modifiers[index:index + size]))
        items_text = _LIST_END.split(match.group("list"))[0]
        sentence = ctx.seg.sentence(match.start())
        place = ctx.place_before(match.start(), sentence)
        code = (place.province or place.code) if place else ctx.dominant
        name = ctx.province_label(code)
        head = (match.start(), match.start("list"))
        for item in _LIST_ITEM.finditer(items_text):
            full = re.sub(r"^(?:the|and|as well as)\s+", "", item.group().strip())
            phrase = re.sub(r"\s+(?:sector|industry|industries)$", "", full)
            if not phrase or len(phrase.split()) > 6 or not re.match(r"[a-z0-9]", phrase):
                continue
            begin = match.start("list") + item.start() + item.group().index(phrase)
            end = begin + len(phrase)
            chain_id = slug(f"{name or 'x'} {phrase} chain")
            if chain_id in seen:
                continue
            seen.add(chain_id)
            fields = {"jurisdiction": code, "level": level,
                      "technologies": ctx.technologies_in(begin, begin + len(full))}
            item_quote = ctx.quote_for(begin, end)
            evidence = [ctx.span(*item_quote, ("label", "technologies"))]
            head_quote = ctx.quote_for(*head)
            head_fields = tuple(n for n in ("level", "jurisdiction") if fields[n])
            if head_quote == item_quote:
                evidence = [ctx.span(*item_quote)]
            elif head_fields:
                evidence.append(ctx.span(*head_quote, head_fields))
            if place is not None and not any(e.start <= place.start < e.end for e in evidence):
                evidence.append(ctx.span(*ctx.quote_for(place.start, place.end),
                                         ("jurisdiction",)))
                evidence[-2:-1] = [ctx.span(evidence[-2].start, evidence[-2].end,
                                            tuple(n for n in evidence[-2].supports
                                                  if n != "jurisdiction") or ("level",))] \
                    if len(evidence) > 2 and evidence[-2].supports else evidence[-2:-1]
            label = f"{phrase} industrial chain" + (f" ({name})" if name else "")
            ctx.drafts.append(Draft(ctx.new_id(chain_id), "IndustrialChain", label, fields,
                                    evidence, "chain-list", 0.5))


# ---------------------------------------------------------------- entry points

def extract(text: str, source_id: str, year: int | None = None,
            gazetteer: Gazetteer | None = None) -> Drafts:
    """Draft records for one source text; the same input gives the same drafts."""
    ctx = _Context(text, source_id, year if year is not None else source_year(text),
                   gazetteer or gazetteer_for_current_data())
    drafts = Drafts(source_id)
    drafts.mentions = _mentions(ctx)
    _cities(ctx)
    documents = _documents(ctx)
    orgs = _organisations(ctx)
    _people(ctx, orgs)
    _quantities(ctx, documents)
    _drop_headline_repeats(ctx)
    _chains(ctx)
    drafts.records = sorted(ctx.drafts, key=lambda d: d.id)
    return drafts


def extract_source(source: str, sources_dir: Path | None) -> tuple[Drafts, str]:
    """Extract from a source id of graph/sources.yaml or from a path to a text file."""
    from ...core.paths import data_layout, display_path
    from ..sources import load_manifest, read_text

    path = Path(source)
    if path.suffix and path.is_file():
        text = path.read_text(encoding="utf-8")
        return extract(text, slug(path.stem, 80)), text
    layout = data_layout()
    manifest, problems = load_manifest(layout.sources_manifest,
                                       display_path(layout.sources_manifest))
    if source not in manifest:
        raise KeyError(f"unknown source '{source}': not in {display_path(layout.sources_manifest)}"
                       " and not a text file")
    if sources_dir is None:
        raise FileNotFoundError("give --sources DIR or set CHAINKG_SOURCES")
    entry = manifest[source]
    text = read_text(sources_dir, entry)
    return extract(text, source, source_year(text, entry.date, entry.year)), text


# Kept for type checkers: names re-exported for the CLI and tests.
_unused = (TermMention, fyp_period)
