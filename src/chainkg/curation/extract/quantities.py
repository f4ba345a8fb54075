"""Quantified items: value or range, comparator, unit with scale, deadline or reference year,
and whether the text states a target, an achievement or a baseline.

Hand-written: quantulum3 was tried on the dev articles and read "CNY850 billion" as 1e9
without unit, "($110.14 billion)" as a negative dollar amount, "3 to 5 NEV" as newton
electronvolts and "2-3" as 2.5, at about 0.15 s per kilobyte (over ten minutes for 5 MB).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .scan import folds_safely
from .text import NUMBER_WORDS, YEAR

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_VALUE = rf"(?:{_NUM}|(?i:\b(?:{_WORD})\b))"
_CURRENCY = r"(?:CNY|RMB|USD|US\$|HK\$|\$|¥|￥|€)"
_SCALE = (r"(?:\s*(?:hundred million|thousand|million|billion|trillion)\b"
          r"|(?:k|m|mn|mln|bn|b|tn|trn)\b|\s*(?:万亿|亿|万))")
_RANGE = r"\s*(?:-|–|—|~|to|or)\s*"
_UNIT = (r"(?:\s*(?:%|％)|\s+(?:percent|per cent|percentage points?)\b"
         r"|[\s-]*(?:yuan|元)(?![\w-])|\s+(?:U\.S\.|US)\s+dollars\b|\s+dollars\b"
         r"|\s+(?:CNY|RMB|USD)\b"
         r"|\s+(?:units|sets|tons|tonnes|kilowatts|megawatts|gigawatts|GW|MW|GWh|kW)\b"
         # Lengths, areas and energy are measures, not counted things ("10 square kilometers
         # of industrial land", "3.3 billion kWh of power", "25 kilometers of roads").
         r"|\s+(?:kWh|kilowatt[- ]hours?|square\s+(?:kilo)?met(?:er|re)s?|sq\.?\s?km|km2|"
         r"kilomet(?:er|re)s|hectares|mu)\b)")

QUANTITY = re.compile(
    rf"(?P<cur>{_CURRENCY}\s?)?(?P<v1>{_VALUE})(?P<s1>{_SCALE})?"
    rf"(?:(?P<rng>{_RANGE})(?P<cur2>{_CURRENCY}\s?)?(?P<v2>{_VALUE})(?P<s2>{_SCALE})?)?"
    rf"(?P<unit>{_UNIT})?")

_COMPARATORS = [
    ("more-than", r"more than|over|exceed(?:s|ed|ing)?|above|top(?:s|ped)?|surpass(?:es|ed|ing)?"
                  r"|beyond|in excess of|超过|逾"),
    ("at-least", r"at least|no less than|not less than|no fewer than|a minimum of|不少于|不低于"),
    ("at-most", r"up to|at most|no more than|not more than|less than|fewer than|under|below"
                r"|within|不超过"),
    ("about", r"about|around|approximately|roughly|some|约|左右"),
    ("nearly", r"nearly|almost|close to|接近|近"),
]
_COMPARATOR_BEFORE = re.compile(
    r"(?i)(?:^|(?<=[\s(“\"']))(" + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in
                                          enumerate(_COMPARATORS)) +
    r")\s*(?:the\s+|a\s+total\s+of\s+|of\s+)?$")
_SCALES = {"thousand": 1000, "k": 1000, "million": 10**6, "m": 10**6, "mn": 10**6,
           "mln": 10**6, "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12,
           "tn": 10**12, "trn": 10**12, "hundred million": 10**8, "万": 10**4, "亿": 10**8,
           "万亿": 10**12}
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DATE_BEFORE = re.compile(rf"(?:\b(?:{_MONTHS})\.?\s*|\b(?:No|Vol|Article|Item|Page|p)\.?\s*"
                          r"|[\[【〔(（]\s*|#\s*|:|/)$")
_DATE_AFTER = re.compile(rf"^(?:\s*(?:{_MONTHS})\b|\s*[:/]\d|\s*[\]】〕]|(?:st|nd|rd|th)\b"
                         r"|[A-Za-z]\b|[A-Za-z]+\d|\s*(?:am|pm|a\.m\.|p\.m\.|BJT|GMT)\b"
                         r"|-(?:year|month|day|week|point|hour)|\s*(?:years?|months?|days?|"
                         r"weeks?|hours?|times|fold)\b|[-–](?:level|class|tier|plus)\b)")
_COUNT_NOUN = re.compile(r"^[\s-]*(?:[“\"'‘]?[A-Za-z\u4e00-\u9fff])")
_MODIFIER = re.compile(r"^\s+(?:" + _NUM + r"|(?i:" + _WORD + r"))[\s-]*(?:hundred[\s-]+)?"
                       r"(?:thousand|million|billion|trillion|万亿|亿)?[\s-]*(?:yuan|元|level)[\s-]")
_NOT_COUNT_WORDS = re.compile(
    r"(?i)^[\s-]*(?:of|and|or|to|from|in|on|at|by|per|the|a|an|is|was|were|are|will|has|have|"
    r"percent|yuan|dollars|times|years?|months?|days?|weeks?|hours?|am|pm|people|persons|"
    r"places\s+(?:higher|lower|up|down|ahead|behind)|batch(?:es)?|(?:[\w-]+\s+)?(?:meetings|sessions|"
    r"conferences|symposiums|seminars|speeches|visits|rounds)|"
    r"million|billion|trillion|thousand|hundred|-)\b")
# "six trillion-yuan industries": the scale word is joined to "yuan" or "level" and a noun
# follows, so the number counts things of that size.
_SIZE_CLASS = re.compile(r"-(?:yuan|level|class|grade)\b[\s-]+(?:[“\"'‘]?[A-Za-z])")
# "Among the 41 major industries, Guangdong has 40": the whole a share is taken from.
_AMONG = re.compile(r"(?i)\bamong\s+(?:the\s+|its\s+|all\s+)?$")
# An amount that sizes each of the things just named is a description, not an item:
# "sectors each with a turnover of at least 100 billion yuan", "projects, each with an
# investment of more than 200 million CNY", "industries with annual revenue of RMB 1
# trillion", "clusters valued at 10 billion yuan".
_DESCRIPTOR = re.compile(
    r"(?i)(?:\beach\s+(?:with|worth|having|valued|of\s+which)\b[^.;:!?]{0,60}?"
    r"|\b[a-z]{3,}s\s+(?:each\s+)?(?:with|having)\s+(?:an?\s+)?(?:[\w-]+\s+){0,4}?"
    r"(?:of|at|exceeding|above|over|reaching|worth)\s+"
    r"|\b[a-z]{3,}s\s+(?:each\s+)?(?:valued|worth)(?:\s+at)?\s+)"
    r"(?:(?:more than|over|at least|no less than|not less than|about|around|nearly|above|"
    r"up to)\s+)?(?:the\s+)?(?:CNY|RMB|US\$|\$|¥)?\s?$")
# "the number of manufacturing enterprises was nearly", "the annual output of new energy
# vehicles will exceed", "the number of users is expected to hit": the number that follows
# (with no noun after it) counts the things named before it; so does the second number of
# "is expected to jump from 6.4 million in 2020 to".
_NUMBER_OF = re.compile(
    r"(?i)\b(?:number|(?:annual\s+)?(?:output|production|sales|exports))\s+of\s+"
    r"[\w\s“”\"‘’'-]{1,40}?\s+(?:(?:was|were|is|are|will|shall)(?:\s+(?:expected|projected|"
    r"estimated|set|likely|planned)\s+to)?(?:\s+(?:reach|exceed|hit|top|surpass|be|stand\s+at|"
    r"jump|grow|rise|increase))?|reached|reaches|stood\s+at|hits?|tops|totall?ed|exceed(?:s|ed)|"
    r"rose\s+to|increased\s+to|grew\s+to)\s+"
    r"(?:(?:to|from)\s+)?(?:(?:more than|over|nearly|almost|about|around|some|at least)\s+)?"
    r"(?:[\d.,]+(?:\s*(?:thousand|million|billion|mln|m))?(?:\s+in\s+(?:19|20)\d\d)?\s+to\s+"
    r"(?:(?:more than|over|nearly|almost|about|around|some|at least)\s+)?)?$")


def _in_quoted_name(text: str, match: re.Match[str]) -> bool:
    """A number word inside a short quoted name ("the “Four beams and eight pillars”")."""
    before = text[max(0, match.start() - 40):match.start()]
    after = text[match.end():match.end() + 40]
    opened = max(before.rfind("“"), before.rfind("‘"))
    if opened != -1 and "”" not in before[opened:] and "’" not in before[opened:]:
        return bool(re.match(r"[^“”‘’.;]*[”’]", after))
    # Straight quotes open and close alike: an opening one starts a word, a closing one ends
    # one ("fulfil the "Three Hubs and Four New Missions" Strategy").
    return bool(re.search(r'(?:^|\s)"[^"\n.;]*$', before)
                and re.match(r'[^"\n.;]*\w"(?!\w)', after))


_QUOTED_AFTER = {"“": re.compile(r"[^“”\n.;!?]{0,200}?”"),
                 '"': re.compile(r'[^"\n.;!?]{0,200}?\w"(?!\w)')}
_QUOTE_STOPS = "\n.;!?"
_NUMBER_WORD = re.compile(r"(?i)\b(?:" + _WORD + r")\b")


def _quoted_span(text: str, match: re.Match[str]) -> str | None:
    """The double-quoted phrase (at most 200 characters, within a sentence) the number
    stands in, or None."""
    begin = max(0, match.start() - 200)
    curly, straight = text.rfind("“", begin, match.start()), text.rfind('"', begin, match.start())
    opening = max(curly, straight)
    if opening == -1 or text.rfind("”", opening, match.start()) != -1:
        return None
    if opening == straight and opening > 0 and not text[opening - 1].isspace():
        return None                           # a closing straight quote
    if any(c in text[opening:match.start()] for c in _QUOTE_STOPS):
        return None
    closing = _QUOTED_AFTER[text[opening]].match(text, match.end())
    if closing is None:
        return None
    return text[opening:closing.end()]


def _in_slogan(text: str, match: re.Match[str]) -> bool:
    """A number inside a quoted name or slogan, not an amount: a short quoted name with
    digits ("the province's “top 10 industries”") or a quoted slogan of several counted
    phrases ("“overcoming three difficulties, improving the four industries, and promoting
    five modernizations”")."""
    quoted = _quoted_span(text, match)
    if quoted is None:
        return False
    if not match.group("v1").isalpha():
        return len(quoted.split()) <= 4 and not match.group("unit")
    return len(_NUMBER_WORD.findall(quoted)) >= 2


# The amount before "and"/"or" in a list of amounts ("10 billion yuan (US$1.6 billion) and").
_PREVIOUS_AMOUNT = re.compile(
    r"(?:CNY|RMB|US\$|\$|¥)?\s?\d[\d,.]*(?:\s*(?:hundred million|thousand|million|billion|"
    r"trillion)|bn|m)?(?:[\s-]*(?:yuan|元|CNY|RMB))?\s*(?:[(（][^()（）]{0,40}[)）]\s*)?"
    r"(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)$")


def _describes(text: str, start: int, amount: bool = True) -> bool:
    """The amount at start sizes each of the things just named (see _DESCRIPTOR), itself or
    as the next amount of a list whose first amount does; a plain number after such an
    amount ("companies with an output value of 10 billion yuan and four or five groups")
    starts a new item."""
    if _DESCRIPTOR.search(text, max(0, start - 90), start):
        return True
    if not amount:
        return False
    previous = _PREVIOUS_AMOUNT.search(text, max(0, start - 90), start)
    if previous is None:
        return False
    begin = previous.start()
    while text[begin].isspace():
        begin += 1
    return bool(_DESCRIPTOR.search(text, max(0, begin - 90), begin))


_BRACKET_AFTER_AMOUNT = re.compile(r"(?:yuan|元|CNY\s?[\d.,]+\s*\w*|RMB\s?[\d.,]+\s*\w*|"
                                   r"(?:billion|million|trillion|bn|tn|m))\s*$")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: Decimal | None
    min_value: Decimal | None
    max_value: Decimal | None
    comparator: str
    approximate: bool
    unit: str | None         # a term of vocab/unit, or None
    unit_text: str           # the unit as written, for the note when it is not in vocab/unit
    is_count: bool
    note: str = ""


def _number(text: str) -> Decimal | None:
    lowered = text.lower()
    if lowered in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[lowered])
    try:
        return Decimal(text.replace(",", ""))
    except ArithmeticError:
        return None


def _scale(text: str | None) -> int:
    if not text:
        return 1
    return _SCALES.get(text.strip().lower(), 1)


def _normalise(value: Decimal) -> Decimal:
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def _unit_of(match: re.Match[str]) -> tuple[str | None, str]:
    unit = (match.group("unit") or "").strip().strip("-").strip()
    currency = (match.group("cur") or "").strip()
    lowered = unit.lower()
    if lowered.startswith("percentage"):
        return "percentage-point", unit
    if lowered in ("%", "％", "percent", "per cent"):
        return "percent", unit
    if lowered in ("yuan", "元", "cny", "rmb") or currency in ("CNY", "RMB", "¥", "￥"):
        return "yuan", unit or currency
    if currency or "dollar" in lowered or lowered == "usd":
        return None, "US dollars" if ("$" in currency or "dollar" in lowered
                                      or "USD" in (currency, unit)) else currency
    if lowered in ("units", "sets"):
        return "count", unit
    return None, unit


# Where a quantity can start: a digit or a currency's first character (C for CNY, U for
# US$ ...), found by ``re``'s quick scan for a character class, and a number word, found in
# the lower-cased text (QUANTITY itself starts with an optional group, so ``re`` would try
# it at every character).
_QUANTITY_FIRST = re.compile(r"[\d$¥￥€CRUH]")
_NUMBER_WORD_ANYWHERE = re.compile("|".join(sorted(NUMBER_WORDS, key=len, reverse=True)))


def _quantity_starts(text: str, start: int, end: int) -> list[int] | None:
    """Every position of text[start:end] at which QUANTITY can match, or None when the
    lower-cased text cannot stand in for ``(?i)`` (see scan.folds_safely)."""
    if not folds_safely(text):
        return None
    lowered = text[start:end].lower()
    if len(lowered) != end - start:
        return None
    starts = {m.start() for m in _QUANTITY_FIRST.finditer(text, start, end)}
    starts.update(m.start() + start for m in _NUMBER_WORD_ANYWHERE.finditer(lowered))
    return sorted(starts)


def _search(text: str, position: int, end: int, starts: list[int] | None
            ) -> re.Match[str] | None:
    """``QUANTITY.search(text, position, end)``, tried only at ``starts`` when known."""
    if starts is None:
        return QUANTITY.search(text, position, end)
    index = bisect.bisect_left(starts, position)
    while index < len(starts):
        match = QUANTITY.match(text, starts[index], end)
        if match is not None:
            return match
        index += 1
    return None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in text[start:end] that states an amount, share or count."""
    end = len(text) if end is None else end
    found: list[Quantity] = []
    position = start
    starts = _quantity_starts(text, start, end)
    while (match := _search(text, position, end, starts)) is not None:
        position = match.end()
        quantity = _quantity(text, match)
        if quantity is not None:
            found.append(quantity)
        elif match.group("v2") is not None:
            # "in 2012 to 3.22 trillion yuan" is no range: read again from its second number.
            position = match.start("cur2") if match.group("cur2") else match.start("v2")
    taken = bytearray(end + 1)
    for q in found:
        taken[q.start:q.end] = b"\x01" * (q.end - q.start)
    for match in _SPLIT_DIGITS.finditer(text, start, end):
        # OCR splits a number with a space ("build 1 2 lighthouse factories"): read as one
        # number when a counted noun follows, or as a rank after "the" in a ranking.
        value = Decimal(match.group(1) + match.group(2))
        after = text[match.end():match.end() + 40]
        rank = bool(re.search(r"(?i)\bthe\s+$", text[max(0, match.start() - 6):match.start()]))
        if taken[match.start()] or re.fullmatch(YEAR, str(value)):
            continue
        note = "The text's digits are separated by a space and are read as one number."
        if rank and re.match(r"\s+in\s+(?:19|20)", after):
            found.append(Quantity(match.start(), match.end(), value, None, None, "exactly",
                                  False, "rank", "", False, note))
        elif _COUNT_NOUN.match(after) and not _NOT_COUNT_WORDS.match(after):
            found.append(Quantity(match.start(), match.end(), value, None, None,
                                  _comparator(text, match.start())[0], False, "count", "",
                                  True, note))
    for match in _ORDINAL.finditer(text, start, end):
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
        if "rank" not in text[sentence_start + 1:match.start()].lower():
            continue
        found.append(Quantity(match.start(), match.end(), Decimal(match.group(1)), None, None,
                              "exactly", False, "rank", "", False))
    for match in _RANK_WORD.finditer(text, start, end):
        # "ranking second in the country", "ranks third nationwide": a rank in words.
        found.append(Quantity(match.start("n"), match.end("n"),
                              Decimal(_ORDINAL_WORDS[match.group("n").lower()]), None, None,
                              "exactly", False, "rank", "", False))
    for match in _MULTIPLE.finditer(text, start, end):
        # "more than double by 2025", "will triple", "output doubled": a multiple of a
        # reference value; "double recruitment" (an adjective) is not.
        lead = text[max(0, match.start() - 40):match.start()]
        comparator, approximate = _comparator(text, match.start())
        if comparator == "exactly" and not _MULTIPLE_VERB.search(lead) and \
                not match.group().lower().endswith("d"):
            continue
        if lead.rstrip().endswith(("“", '"', "‘", "'")):
            continue
        found.append(Quantity(match.start(), match.end(),
                              Decimal(_MULTIPLES[match.group().lower()[:4]]), None, None,
                              comparator, approximate, "times", "", False))
    found = [q for q in found if not (q.unit == "count" and _inside_split(text, q))]
    return _share_comparators(text, sorted(found, key=lambda q: (q.start, q.end)))


# Between two coordinated amounts: "2.2 trillion yuan and 2.4 trillion yuan", "30%, 40% or".
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|as well as\s+)")


def _share_comparators(text: str, found: list[Quantity]) -> list[Quantity]:
    """One comparator governs a list of amounts of the same unit: "exceed 2.2 trillion yuan
    and 2.4 trillion yuan" makes both amounts "more than"."""
    result: list[Quantity] = []
    for q in found:
        previous = result[-1] if result else None
        if (previous is not None and q.comparator == "exactly"
                and previous.comparator not in ("exactly", "range")
                and previous.unit == q.unit and previous.unit != "rank"
                and _COORDINATION.fullmatch(text, previous.end, q.start)):
            q = replace(q, comparator=previous.comparator, approximate=previous.approximate)
        result.append(q)
    return result


_MULTIPLES = {"doub": 2, "trip": 3, "quad": 4}
_MULTIPLE = re.compile(r"(?i)(?<![\w-])(?:doubl(?:e|ed|ing)|tripl(?:e|ed|ing)|quadrupl(?:e|ed|ing))"
                       r"(?![\w-])")
_MULTIPLE_VERB = re.compile(r"(?i)\b(?:will|to|shall|should|would|could|can|may|must|has|have|"
                            r"had|be|been|is|are|was|were)\s+(?:\w+ly\s+)?$")
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_RANK_WORD = re.compile(r"(?i)\brank(?:s|ed|ing)?\s+(?:the\s+)?(?P<n>" +
                        "|".join(_ORDINAL_WORDS) + r")\b(?!\s+(?:batch|time|phase|round))")
_SPLIT_DIGITS = re.compile(r"(?<![\d,.\w])([1-9]\d?) (\d)(?![\d,.%\w])")
_ORDINAL = re.compile(r"(?<![\d\w])(\d{1,3})(?:st|nd|rd|th)\b")


def _inside_split(text: str, quantity: Quantity) -> bool:
    """The second half of a split number ("1 2") is not a number of its own."""
    return bool(re.search(r"(?<![\d,.\w])[1-9]\d? $", text[max(0, quantity.start - 3):
                                                          quantity.start])) and \
        quantity.note == "" and quantity.end - quantity.start <= 2


def _quantity(text: str, match: re.Match[str]) -> Quantity | None:
    v1_text, v2_text = match.group("v1"), match.group("v2")
    before = text[max(0, match.start() - 40):match.start()]
    after = text[match.end():match.end() + 40]
    # Part of a word or of an identifier such as "5G", "33618" or "No. 193".
    if match.start() > 0 and (text[match.start() - 1].isalnum() or text[match.start() - 1] in
                              "._/-+#"):
        return None
    if _SPLIT_DIGITS.match(text, match.start()) and not match.group("unit"):
        return None                                       # first half of "1 2"
    glued = match.end() < len(text) and text[match.end()].isalnum()
    if glued and not match.group("unit") and not match.group("s1") and not match.group("s2"):
        return None
    dated = _DATE_BEFORE.search(before) or (_DATE_AFTER.search(after)
                                            and not match.group("unit"))
    if dated and not (match.group("s1") or match.group("cur")):
        return None
    words = v1_text.isalpha()
    scale = _scale(match.group("s2") or match.group("s1"))
    if _SIZE_CLASS.match(text, match.end("s1") if match.group("s1") else match.end()) and \
            v2_text is None and (match.group("s1") or "")[:1].isspace():
        # "six trillion-yuan industries", "one trillion-level cluster": a count of things of a
        # size class, not an amount of money; "100 billion-level industries" is the class.
        if not words:
            return None
        v1 = _number(v1_text)
        if v1 is None:
            return None
        comparator, approximate = _comparator(text, match.start())
        return Quantity(match.start(), match.end("v1"), _normalise(v1), None, None, comparator,
                        approximate, "count", "", True)
    amount = bool(match.group("unit") or match.group("cur") or match.group("s1"))
    if _AMONG.search(before) or _describes(text, match.start(), amount):
        return None
    unit, unit_text = _unit_of(match)
    if v2_text is not None:
        if re.fullmatch(YEAR, v1_text) and re.fullmatch(r"(?:19|20)?\d\d", v2_text) \
                and not unit:
            return None                                   # a period, not a range
        if v2_text.isalpha() != words:
            return None                                   # "2 to three": not one range
    if re.fullmatch(YEAR, v1_text) and not (unit or scale != 1 or match.group("cur")):
        return None                                       # a year
    # Number words count only things: "two or three platforms", "seven chains"; in quotes
    # they name something ("the “five basics”").
    if words and scale == 1 and not unit and (
            v1_text.lower() == "hundred" or (v1_text.lower() == "one" and v2_text is None)
            or not (_COUNT_NOUN.match(after) or _MODIFIER.match(after))
            or before.endswith(("“", '"', "‘", "'")) or _in_quoted_name(text, match)):
        return None
    if (words or not (unit or match.group("cur") or scale != 1)) and _in_slogan(text, match):
        return None
    if _in_conversion(text, match):
        return None
    is_count = False
    if unit is None and not unit_text:
        if _NUMBER_OF.search(text, max(0, match.start() - 120), match.start()):
            # "the total number of enterprises was nearly 50000,", "the annual output of new
            # energy vehicles will exceed 1.2 million by 2025": the things are named before.
            is_count = True
        elif _MODIFIER.match(after):
            is_count = True
        elif not _COUNT_NOUN.match(after) or _NOT_COUNT_WORDS.match(after):
            return None
        else:
            is_count = True
        if scale != 1 and not _COUNT_NOUN.match(after) and not is_count:
            return None
        unit = "count"
    comparator, approximate = _comparator(text, match.start())
    v1 = _number(v1_text)
    if v1 is None:
        return None
    value = min_value = max_value = None
    if v2_text is not None:
        v2 = _number(v2_text)
        if v2 is None or v2 <= v1:
            return None
        scale1 = _scale(match.group("s1")) if match.group("s1") else scale
        min_value, max_value = _normalise(v1 * scale1), _normalise(v2 * scale)
        comparator = "range"
    else:
        value = _normalise(v1 * scale)
    return Quantity(match.start(), match.end(), value, min_value, max_value, comparator,
                    approximate, unit, unit_text, is_count)


def _comparator(text: str, start: int) -> tuple[str, bool]:
    before = text[max(0, start - 30):start]
    match = _COMPARATOR_BEFORE.search(before)
    if not match or _PHRASAL_OVER.search(before[:match.end(1)]) or (
            match.group(1).lower() == "top" and _RANKED_LIST.search(before[:match.start(1)])):
        return "exactly", False          # "presided over five", "the top ten", "its “top 10"
    for index, (name, _) in enumerate(_COMPARATORS):
        if match.group(f"c{index}"):
            return name, name in ("about", "nearly")
    return "exactly", False


def _in_conversion(text: str, match: re.Match[str]) -> bool:
    """A bracketed conversion right after an amount: "800 billion yuan ($110.14 billion)"."""
    if not (match.group("cur") or match.group("unit") or match.group("s1")):
        return False
    opening = _OPENING.search(text[max(0, match.start() - 30):match.start()])
    if not opening:
        return False
    open_at = match.start() - (len(text[max(0, match.start() - 30):match.start()])
                               - opening.start())
    return bool(_BRACKET_AFTER_AMOUNT.search(text[max(0, open_at - 40):open_at].rstrip()))


# "the top ten", "the province's “top 10 industries”": "top" heads a ranked list.
_RANKED_LIST = re.compile(r"(?i)(?:\b(?:the|its|their|his|her|our)\s+|['’]s\s+|[“\"‘'])$")
# "presided over five meetings", "took over two plants": "over" belongs to the verb.
_PHRASAL_OVER = re.compile(r"(?i)\b(?:presid(?:e|es|ed|ing)|t(?:ake|akes|ook|aking|aken)|"
                           r"hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|w(?:in|ins|on|inning)|"
                           r"watch(?:es|ed|ing)?|control(?:s|led|ling)?)\s+over$")
_OPENING = re.compile(r"[(（]\s*(?:about|around|approximately|roughly|nearly|or|some|approx\.|"
                      r"equivalent to)?\s*$", re.IGNORECASE)
