"""Policy documents and organisations, found by pattern (people: `people.py`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import DOCUMENT_TYPES
from .scan import line_gated

_DOC_HEADS = [
    (r"Guiding Opinions?", "GuidingOpinion"), (r"Implementation Opinions?", "ImplementationPlan"),
    (r"Implementation (?:Plan|Program(?:me)?|Scheme)", "ImplementationPlan"),
    (r"Government Work Report", "GovernmentWorkReport"),
    (r"Action Plan", "ActionPlan"), (r"Work Plan", "WorkPlan"),
    (r"Special Action", "ActionPlan"), (r"Three-[Yy]ear Action Plan", "ActionPlan"),
    (r"Development Plan(?:ning)?", "DevelopmentPlan"), (r"Five-Year Plan", "DevelopmentPlan"),
    (r"Blueprint", "DevelopmentPlan"), (r"Roadmap", "DevelopmentPlan"),
    (r"Outline", "DevelopmentPlan"), (r"Initiatives?", "Initiative"),
    (r"(?:Product )?List", "ProductList"), (r"Program(?:me)?", "ImplementationPlan"),
    (r"Plan", "Plan"), (r"Measures", "PolicyMeasures"), (r"Opinions", "GuidingOpinion"),
    (r"Polic(?:y|ies)", "PolicyMeasures"), (r"Press (?:Briefing|Conference)", "PressBriefing"),
]
_HEAD = "|".join(f"(?:{h})" for h, _ in _DOC_HEADS)
_TITLE_WORD = r"(?:[A-Z0-9][\w’'-]*|“[^”]{1,30}”|\"[^\"]{1,30}\")"
_LINK = r"(?:of|for|on|and|the|in|to|at|with|a|an|by)"
HEAD = re.compile(rf"(?<![\w-])(?:{_HEAD})(?![\w-])")
_TITLE_TOKEN = re.compile(r"[“\"]?[A-Z0-9][\w’'-]*[”\"]?|" + _LINK)
_TITLE_TAIL = re.compile(
    rf"(?:[ \t]+(?:{_LINK}[ \t]+)+(?:{_TITLE_WORD}[ \t]*(?:(?:{_LINK})[ \t]+)*){{1,16}})?")
_PERIOD_AFTER = re.compile(r"\s*[(（]\s*(?:19|20)\d\d\s*[-–—~]\s*(?:(?:19|20)?\d\d)\s*(?:年)?[)）]")
_TRAILING_LINKS = re.compile(rf"(?:[ \t]+(?:{_LINK}))+[ \t]*$|[ \t]+$")
# A headline verb ends a title on its left: "Henan Province Releases Implementation Program
# for ..." names the program, not "Henan Province Releases ...".
_TITLE_VERB = re.compile(r"(?:Releases?|Released|Issues|Issued|Unveils|Unveiled|Launches|"
                         r"Launched|Publishes|Published|Announces|Announced|Introduces|"
                         r"Introduced|Adopts|Adopted|Approves|Approved|Rolls|Unveil|Issue)")


_TRAILING_VERB = re.compile(r"[ \t]+(?:Released|Issued|Unveiled|Launched|Published|"
                            r"Announced|Introduced|Adopted|Approved)$")


def title_end(text: str, end: int) -> int:
    """Where a Title Case title that reaches ``end`` ends: its "for/of/on ..." tail and a
    period in brackets ("(2024-2025)") are part of it."""
    tail = _TITLE_TAIL.match(text, end)
    new_end = tail.end() if tail else end
    trailing = _TRAILING_LINKS.search(text, end, new_end) if new_end > end else None
    if trailing:
        new_end = trailing.start()
    verb = _TRAILING_VERB.search(text, end, new_end) if new_end > end else None
    if verb:
        new_end = verb.start()          # "... Grain Storage Released": a headline's verb
    period = _PERIOD_AFTER.match(text, new_end)
    return period.end() if period else new_end


def title_spans(text: str, start: int = 0) -> list[tuple[int, int, int]]:
    """(start, end, head start) of Title Case document titles around a document word.

    Found head first (a document word such as "Action Plan"), then extended word by word
    to the left and with a regular expression to the right: one regular expression for the
    whole title backtracks too much on long texts."""
    found = []
    for head in HEAD.finditer(text, start):
        window_start = max(start, head.start() - 250)
        window = text[window_start:head.start()]
        tokens = list(re.finditer(r"[^ \t]+", window))
        begin = head.start()
        for count, token in enumerate(reversed(tokens)):
            gap = window[token.end():(begin - window_start)]
            if count >= 18 or gap.strip(" \t") or not _TITLE_TOKEN.fullmatch(token.group()) \
                    or _TITLE_VERB.fullmatch(token.group()):
                break
            begin = window_start + token.start()
        while True:
            first = re.match(rf"(?:{_LINK})[ \t]+", text[begin:head.start()])
            if not first:
                break
            begin += first.end()
        found.append((begin, title_end(text, head.end()), head.start()))
    return found


# A title does not open or close with a blank: in `the "" The 14th Five-Year Plan ...
# (hereinafter the "Plan")` the second mark of "" opens nothing.
QUOTED = re.compile(r"[“\"](?P<inner>[^”\"\s][^”\"\n]{1,158}[^”\"\s])[”\"](?P<tail>(?:[ \t]+(?-i:"
                    + _HEAD + r"))?(?P<period>\s*[(（]\s*(?:19|20)\d\d\s*[-–—~]\s*(?:19|20)?\d\d"
                    r"\s*[)）])?)")
# Words that end the modifiers before a document word ("study and formulate guiding opinions").
_PRE_STOP = ("the|a|an|and|or|to|of|in|on|for|by|with|this|that|its|their|his|her|study|"
             "formulate|formulated|issue|issued|release|released|implement|implemented|take|"
             "launch|launched|will|has|have|had|said|says|is|was|are|were|new|latest|under|"
             "according|as|from|such|introduce|introduced|present|presented|announce|"
             "announced|unveil|unveiled|publish|published")
GENERIC_HEAD = re.compile(
    r"(?i)(?<![\w-])(?:action plans?|implementation plans?|work plans?|guiding opinions|"
    r"implementation opinions|development plan(?:ning)?|government work report|"
    r"five-year plan|three-year action plan|plan(?=\s+(?:on|for)\s+\w+ing\b)"
    r"|list(?=\s+of\s)|polic(?:y|ies)(?=\s+(?:on|to|for)\s)|measures(?=\s+(?:on|to|for)\s)"
    r"|press\s+(?:briefing|conference))(?![\w-])")
# "list of", "policy on", "measures to" name a document only where the sentence says it was
# issued: "a list of companies" in passing is no document.
RELEASED_ONLY = re.compile(r"(?i)^(?:list|polic(?:y|ies)|measures)$")
RELEASE_VERB = re.compile(r"(?i)\b(?:issued|released|unveiled|published|launched|introduced|"
                          r"rolled\s+out|printed|promulgated|adopted)\b")
PRESS_PLACE = re.compile(r"\s+in\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
GENERIC_PRE = re.compile(r"(?P<year>(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)?\d\d)?\s+)?"
                         r"(?P<words>(?<![\w’'-])(?:(?!(?:" + _PRE_STOP + r")\b)[\w’'-]+[ \t]+)"
                         r"{0,3})$",
                         re.IGNORECASE)
GENERIC_POST = re.compile(
    r"(?:\s+(?:for|on|of|to)\s+(?:the\s+)?[\w\s’'-]{3,120}?(?=[,.;:()]|\s+(?:was|is|were|"
    r"will|has|have|had|which|that|as|to|in|by|and\s+its)\b))")
_ORG_HEAD = (r"Ministry|Department|Commission|Bureau|Office|Government|Council|Administration|"
             r"Committee|Association|Institute|University|Academy|Center|Centre|Group|Company|"
             r"Corporation|Co\.,? Ltd\.?|Forum|Congress|Federation|Agency|School|College|"
             r"Alliance")
# A name: capitalised words ending in one or more body words ("Supervision and Administration
# Commission"), with an "of ..." or "for ..." tail ("State Administration for Market
# Regulation"); a tail ends at a division ("... of Guangdong Province and Guangdong
# Administration ..." names two bodies).
# A body word followed by a letter is a plural or another word ("Departments",
# "Commissioner"): no name. Capitalised words may come between two body words ("State
# Council Information Office").
_HEAD_WORD = rf"(?-i:{_ORG_HEAD})(?![a-z])"
ORG = re.compile(
    rf"(?P<name>(?:(?:[A-Z][\w’'.&-]*|and)[ \t]+){{0,8}}?{_HEAD_WORD}"
    rf"(?:(?:[ \t]+[A-Z][\w’'&-]*){{0,2}}[ \t]+{_HEAD_WORD})*"
    r"(?:[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w’'&-]*(?:[ \t]+(?:(?<!Province\s)"
    r"(?<!Region\s)(?<!Municipality\s)and|of|for|the|&)"
    r"(?=[ \t]+[A-Z]))?[ \t]*)+)?)(?:\s*[(（](?P<abbr>[A-Z]{2,8})[)）])?")
# Every name ORG finds holds one of these words on the line it starts on.
_ORG_GATE = re.compile(_ORG_HEAD)
_ACRONYMS = {"MIIT": ("Ministry of Industry and Information Technology", "Ministry", "CN"),
             "NDRC": ("National Development and Reform Commission", "GovernmentBody", "CN")}
_STATUS = [
    ("delivered", re.compile(r"(?i)\b(?:delivered|presented|work report)\b")),
    ("agreed-in-principle", re.compile(r"(?i)agreed in principle|approved in principle")),
    ("to-be-formulated", re.compile(r"(?i)\b(?:formulate|draft(?:ing)?|will study|to be issued|"
                                    r"will (?:issue|release)|to be formulated)\b")),
    ("released", re.compile(r"(?i)\b(?:released?|issued?|unveil(?:ed|s)?|publish(?:ed|es)?|"
                            r"launch(?:ed|es)?|introduced?|announced?|printed|promulgated|"
                            r"rolled out|came into effect|put forward|proposes?|according to|"
                            r"sets? (?:out|forth|clear)|outlines?)\b")),
]


@dataclass(frozen=True)
class DocumentMention:
    type: str
    title: str
    start: int
    end: int
    period: tuple[int, int] | None
    rule: str


# Types a document word names, and what to use where the record schema lacks that type.
_FALLBACK = {"GovernmentWorkReport": "MeetingDecision", "WorkPlan": "ActionPlan",
             "Plan": "DevelopmentPlan", "PolicyMeasures": "ActionPlan"}


def document_type(head: str) -> str:
    for pattern, doc_type in _DOC_HEADS:
        if re.search(rf"(?i)\b(?:{pattern})s?\b", head):     # "action plans" too
            return doc_type if doc_type in DOCUMENT_TYPES else _FALLBACK.get(doc_type,
                                                                             "DevelopmentPlan")
    return "DevelopmentPlan"


_DATE = re.compile(
    r"\b(?:(?P<month1>January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?P<day1>\d{1,2}),?\s+(?P<year1>(?:19|20)\d\d)"
    r"|(?P<day2>\d{1,2})\s+(?P<month2>January|February|March|April|May|June|July|August|"
    r"September|October|November|December),?\s+(?P<year2>(?:19|20)\d\d)"
    r"|(?P<year3>(?:19|20)\d\d)-(?P<month3>\d\d)-(?P<day3>\d\d))\b")
_MONTHS = "January February March April May June July August September October November December"
_MONTH_NUMBERS = {name: index for index, name in enumerate(_MONTHS.split(), start=1)}


def full_dates(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """ISO dates (YYYY-MM-DD) stated with their year, e.g. "March 21, 2024"; a date without
    a year is left for the curator, since the year cannot be told from the text alone."""
    found = []
    for match in _DATE.finditer(text, start, end):
        if match.group("year1"):
            year, month, day = (match.group("year1"), _MONTH_NUMBERS[match.group("month1")],
                                match.group("day1"))
        elif match.group("year2"):
            year, month, day = (match.group("year2"), _MONTH_NUMBERS[match.group("month2")],
                                match.group("day2"))
        else:
            year, month, day = match.group("year3"), int(match.group("month3")), \
                match.group("day3")
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            found.append((f"{year}-{int(month):02d}-{int(day):02d}", match.start(), match.end()))
    return found


def document_status(sentence: str) -> str | None:
    for status, pattern in _STATUS:
        if pattern.search(sentence):
            return status
    return None


@dataclass(frozen=True)
class OrgMention:
    name: str
    type: str
    start: int
    end: int
    abbreviation: str


def organisation_type(name: str) -> str:
    lowered = name.lower().replace("’", "'")
    if re.search(r"\bparty\s+(?:members\s+)?(?:group|committee)\b", lowered):
        return "GovernmentBody"        # "the Leading Party Members Group of the Ministry of ..."
    if "ministry" in lowered:
        return "Ministry"
    if re.fullmatch(r"(?:the\s+)?state council", lowered):
        return "StateCouncil"          # a commission "of the State Council" is a body of it
    if re.search(r"\b(?:group|company|corporation|co\.)", lowered):
        return "Enterprise"
    if "university" in lowered:
        return "University"
    if "school" in lowered or "academy" in lowered:
        return "AcademicUnit"
    if "institute" in lowered or "center" in lowered or "centre" in lowered:
        return "ResearchInstitute"
    if "forum" in lowered:
        return "Forum"
    if "department" in lowered:
        return "ProvincialDepartment"
    if "people's government" in lowered or "provincial government" in lowered:
        return "ProvincialGovernment"
    return "GovernmentBody"


def clean_org_name(name: str) -> str:
    name = re.sub(r"^(?:(?:the|The|and|of)\s+)+", "", name.strip())
    name = re.sub(r"(?:\s+(?:and|of|the|for))+$", "", name)
    return name.strip()


_SESSION = re.compile(r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|"
                      r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                      r"fourteenth|fifteenth)\s+$")
_UNIT_OF_UNIVERSITY = re.compile(
    r"(?P<unit>(?:School|College|Faculty|Institute|Department|Academy|Center|Centre)\s+of\s+"
    r"[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*?)\s+of\s+(?:the\s+)?"
    r"(?P<university>(?:[A-Z][\w’'-]*\s+)*University(?:\s+of\s+[A-Z][\w’'-]*"
    r"(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*)?)")


def find_organisations(text: str) -> list[OrgMention]:
    found = []
    # Only lines with a body word can hold a name (ORG's words are joined by [ \t]).
    for match in line_gated(ORG, text, _ORG_GATE):
        name = clean_org_name(match.group("name"))
        if len(name.split()) < 2 and name not in ("Ministry",):
            continue
        if _SESSION.search(text, max(0, match.start("name") - 20), match.start("name")) and \
                re.search(r"(?:Congress|Conference|Session)$", name):
            continue      # "the 12th CPC Hunan Provincial Congress": a session, not a body
        unit = _UNIT_OF_UNIVERSITY.fullmatch(name)
        if unit:
            # "the School of Economics of X University": the unit, named with its
            # university as curators write it, and the university itself.
            begin = match.start("name") + match.group("name").index(name)
            label = f"{unit.group('unit')}, {unit.group('university')}"
            found.append(OrgMention(label, "AcademicUnit", begin,
                                    begin + len(name), ""))
            uni_start = begin + unit.start("university")
            found.append(OrgMention(unit.group("university"), "University", uni_start,
                                    uni_start + len(unit.group("university")), ""))
            continue
        if re.fullmatch(r"(?i)(?:the\s+)?(?:provincial|municipal|local|central)\s+government",
                        name) or _LEVEL_ONLY.fullmatch(name):
            continue
        person = _PERSON_AFTER.search(name)
        if person and _is_person_name(person.group("person")):
            # "Director of the Standing Committee of the Municipal People's Congress Bai
            # Yunping": the name of the post's holder ends the body's name.
            name = name[:person.start("person")].rstrip()
        begin = match.start("name") + match.group("name").index(name)
        found.append(OrgMention(name, organisation_type(name), begin, begin + len(name),
                                match.group("abbr") or ""))
    for acronym, (name, org_type, _) in _ACRONYMS.items():
        for match in re.finditer(rf"(?<![\w-]){acronym}(?![\w-])", text):
            found.append(OrgMention(name, org_type, match.start(), match.end(), acronym))
    for match in _LOWER_CASE_BODY.finditer(text):
        # "the Guangdong provincial department of industry and information technology": the
        # body named in lower case after its province.
        place = re.search(r"(?<![\w-])(?P<place>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]+$",
                          text[max(0, match.start() - 30):match.start()])
        if not place or place.group("place") in ("The", "A", "An", "This", "Its"):
            continue
        subject = SUBJECT_END.split(match.group("subject"))[0].strip()
        if not subject:
            continue
        level, head = (w.lower() for w in (match.group("level"), match.group("head")))
        label = " ".join([place.group("place"), level.title(), head.title(), "of",
                          _title_words(subject)])
        if not text[match.start() - 1:match.start()].isspace():
            continue
        begin = max(0, match.start() - 30) + place.start("place")
        end = match.start("subject") + len(subject)
        found.append(OrgMention(label, organisation_type(label), begin, end, ""))
    for match in re.finditer(r"(?<![\w-])(?:the\s+)?State Council(?![\w-])(?![ \t]+"
                             r"(?:[A-Z][\w’'&-]*[ \t]+){0,2}(?-i:" + _ORG_HEAD + r"))", text):
        found.append(OrgMention("State Council", "StateCouncil", match.end() - 13, match.end(),
                                ""))
    for match in _EXECUTIVE_MEETING.finditer(text):
        body = match.group("body")
        found.append(OrgMention(f"{body} Executive Meeting", "ExecutiveMeeting", match.start(),
                                match.end(), ""))
    return sorted(found, key=lambda o: (o.start, -o.end))


# A level word and one body word name no body ("the Provincial Department", "Municipal Party
# Committee"): which province or city is not said.
_LEVEL_ONLY = re.compile(r"(?:Provincial|Municipal|City|County|District|Local|Central)?\s*"
                         r"(?:Party\s+(?:Members\s+)?(?:Group|Committee)|(?:Provincial|Municipal|"
                         r"City|County|District)\s+(?:Department|Bureau|Commission|Office|"
                         r"Committee|Government|Administration))")
_PERSON_AFTER = re.compile(r"(?:" + _ORG_HEAD + r"|Congress|Province|Region|City|Municipality)"
                           r"[ \t]+(?P<person>[A-Z][a-z]{1,9}[ \t][A-Z][a-z]{1,12})$")


def _is_person_name(words: str) -> bool:
    from .people import is_pinyin, surnames

    surname, given = words.split()
    return surname in surnames() and is_pinyin(given)


# Anchored on the level word ("provincial department of"); the province is read before it.
_LOWER_CASE_BODY = re.compile(
    r"(?P<level>[PpMm](?:(?<=[Pp])rovincial|(?<=[Mm])unicipal))[ \t]+"
    r"(?P<head>[Dd]epartment|[Bb]ureau|[Cc]ommission|[Aa]dministration)[ \t]+of[ \t]+"
    r"(?P<subject>[a-z]+(?:[ \t]+[a-z]+){0,6})")
# Where the subject of a lower-case body's name ends: a verb, a preposition or an article.
SUBJECT_END = re.compile(r"(?:^|[ \t]+)(?:said|says|say|has|have|had|is|was|are|were|will|"
                          r"would|to|in|on|at|for|from|with|which|that|who|the|a|an|of|"
                          r"also|and\s+(?:the|its|other|local)|told|noted|added)(?:[ \t]+|$)")


def _title_words(subject: str) -> str:
    return " ".join(w if w == "and" else w.capitalize() for w in subject.split())


# "the executive meeting of the State Council", "the executive meeting of Shanghai Municipal
# Government": a standing meeting of a government, named after it.
_EXECUTIVE_MEETING = re.compile(
    r"(?i:executive meeting)\s+of\s+(?:the\s+)?(?P<body>State Council|(?:[A-Z][\w’'-]*\s+)"
    r"{1,3}(?:Municipal|Provincial|District|County)?\s*(?:People's\s+)?Government)")
