"""Jurisdictions: provincial-level divisions, their capitals and other cities, China."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import Gazetteer, trie_pattern

_REGION = (r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|Central|"
           r"[Ee]astern|[Ww]estern|[Nn]orthern|[Ss]outhern|[Cc]entral|[Nn]ortheastern|"
           r"[Nn]orthwestern|[Ss]outheastern|[Ss]outhwestern|[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)")
_ZH_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_NAME = r"[A-Z][a-z]+(?:[A-Z][a-z]+|'[A-Za-z][a-z]+|’[A-Za-z][a-z]+)?"
_EXTRA_EN = {"CN-MO": ["Macau"], "CN-NM": ["Nei Mongol"], "CN-XZ": ["Xizang"]}


@dataclass(frozen=True)
class PlaceMention:
    code: str            # ISO code, "CN", or a city id
    province: str        # the provincial division (or CN) the place belongs to
    start: int
    end: int
    label: str
    rule: str
    is_city: bool = False
    record_type: str = "City"      # "District" for districts, counties and banners


class PlaceFinder:
    """Finds divisions and cities; a region word before "China" is not a mention of China."""

    def __init__(self, gazetteer: Gazetteer):
        self.names: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        for code, division in gazetteer.divisions.items():
            if code == "CN" or not code.startswith("CN-"):
                continue
            for name in [division.name_en] + _EXTRA_EN.get(code, []):
                self.names[name] = code
            self.names[division.name_zh] = code
            short = _ZH_SUFFIX.sub("", division.name_zh)
            if len(short) >= 2:
                self.names[short] = code
            if division.capital and division.capital != division.name_en:
                self.capitals[division.capital] = code
        self.labels = {code: d.name_en for code, d in gazetteer.divisions.items()}
        self.labels.setdefault("CN", "China")
        alternation = trie_pattern(sorted(self.names), fold=False)
        capitals = trie_pattern(sorted(self.capitals), fold=False)
        self.pattern = re.compile(
            rf"(?<![\w-])(?P<name>{alternation})(?![\w-])"
            rf"(?P<kind>\s+(?:[Pp]rovince|[Mm]unicipality|[Aa]utonomous [Rr]egion))?"
            rf"|(?<![\w-])(?P<city>{capitals})(?![\w-])(?:\s+[Cc]ity)?"
            rf"|(?P<cn>(?<![\w-])(?:China|中国|全国)(?![\w-])|\b(?:[Nn]ational(?:ly)?|[Nn]ationwide)\b"
            rf"|(?i:\b(?:the|my) country(?:'s|’s)?))")
        self.region_china = re.compile(rf"\b{_REGION}\s+China\b")
        self.demonym = re.compile(rf"\b{_REGION}\s+China(?:'s|’s)\s+$")
        self.city_pattern = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)\s+[Cc]ity\b"
                                       r"|\b[Cc]ity of ([A-Z][a-z]+)\b")
        # "Qingpu District", "Naiman Banner", "Feixi County": county-level divisions.
        self.district_pattern = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)\s+"
                                           r"(District|County|Banner)(?![\w-])")
        self.list_pattern = re.compile(
            rf"(?<![\w-])({_NAME})((?:,\s+{_NAME})*,?\s+and\s+{_NAME})(?![\w-])")

    def find(self, text: str) -> list[PlaceMention]:
        found: list[PlaceMention] = []
        regions = {m.end() for m in self.region_china.finditer(text)}
        for match in self.pattern.finditer(text):
            if match.group("name"):
                code = self.names[match.group("name")]
                rule = "division-name" if not match.group("kind") else "division-with-type"
                start = match.start()
                demonym = self.demonym.search(text, max(0, start - 40), start)
                if demonym:
                    rule, start = "division-demonym", demonym.start()
                found.append(PlaceMention(code, code, start, match.end(),
                                          self.labels[code], rule))
            elif match.group("city"):
                name = match.group("city")
                province = self.capitals[name]
                found.append(PlaceMention(_city_id(name), province, match.start(), match.end(),
                                          name, "provincial-capital", is_city=True))
            else:
                if match.end() in regions:
                    continue
                # "China", "my country" (我国) name the nation; "the country's total" and
                # "national" or "nationwide" compare with it or describe a scope.
                word = match.group()
                rule = "the-country" if word.lower().startswith("the") else (
                    "national" if word in ("China", "中国", "全国") or word.lower().startswith("my")
                    else "national-word")
                found.append(PlaceMention("CN", "CN", match.start(), match.end(), "China", rule))
        found.extend(self._other_cities(text, found))
        return sorted(found, key=lambda p: (p.start, p.end, p.code))

    def _other_cities(self, text: str, known: list[PlaceMention]) -> list[PlaceMention]:
        """Cities named as "X City", and names listed together with a known city."""
        taken = {(p.start, p.end) for p in known}
        starts = {p.start: p for p in known if p.is_city}
        extra: list[PlaceMention] = []
        stop = set(self.names) | {"The", "China", "In", "And", "City", "Municipal", "Province"}
        for match in self.city_pattern.finditer(text):
            name = match.group(1) or match.group(2)
            begin = match.start(1) if match.group(1) else match.start(2)
            if name in stop or name in self.capitals or (begin, begin + len(name)) in taken:
                continue
            extra.append(PlaceMention(_city_id(name), "", begin, begin + len(name), name,
                                      "city-suffix", is_city=True))
        for match in self.district_pattern.finditer(text):
            name = match.group(1)
            if name in stop or name in self.capitals or match.start() in starts:
                continue
            label = f"{name} {match.group(2)}"
            extra.append(PlaceMention(_city_id(label), "", match.start(), match.end(), label,
                                      "district-suffix", is_city=True, record_type="District"))
        for match in self.list_pattern.finditer(text):
            members = [(m.start(), m.group()) for m in re.finditer(_NAME, match.group())]
            anchors = [starts[match.start() + offset] for offset, _ in members
                       if match.start() + offset in starts]
            if not anchors:
                continue
            province = anchors[0].province
            for offset, name in members:
                begin = match.start() + offset
                if begin in starts or name in stop:
                    continue
                extra.append(PlaceMention(_city_id(name), province, begin, begin + len(name),
                                          name, "city-listed-with-city", is_city=True))
        return extra


def _city_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", name.lower())).strip("-")


def dominant_province(places: list[PlaceMention], text_length: int) -> str | None:
    """The division the text is mostly about: most mentions, earlier ones weigh more."""
    scores: dict[str, float] = {}
    for place in places:
        code = place.province or place.code
        if not code.startswith("CN-"):
            continue
        weight = 2.0 if place.start < max(400, text_length // 10) else 1.0
        scores[code] = scores.get(code, 0.0) + weight
    national = any(p.code == "CN" for p in places)
    if not scores:
        return "CN" if national else None
    best, score = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[0]
    # A division named once, late ("... and the Xinjiang Production and Construction Corps"
    # in a national notice's addressees), does not make a national text provincial.
    return "CN" if score < 2 and national else best
