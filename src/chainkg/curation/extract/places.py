"""Jurisdictions: provincial-level divisions, their capitals and other cities, China."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .gazetteer import CityRow, Gazetteer, trie_pattern
from .scan import anycase, matches_at

_REGION = (r"(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|Central|"
           r"[Ee]astern|[Ww]estern|[Nn]orthern|[Ss]outhern|[Cc]entral|[Nn]ortheastern|"
           r"[Nn]orthwestern|[Ss]outheastern|[Ss]outhwestern|[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)")
_NATION = re.compile(r"[Nn]ation")
_COUNTRY = re.compile(anycase("country"))
_ZH_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_NAME = r"[A-Z][a-z]+(?:[A-Z][a-z]+|'[A-Za-z][a-z]+|’[A-Za-z][a-z]+)?"
_EXTRA_EN = {"CN-MO": ["Macau"], "CN-NM": ["Nei Mongol"], "CN-XZ": ["Xizang"]}


@dataclass(frozen=True)
class PlaceMention:
    code: str            # ISO code, "CN", or a city id
    # the provincial division (or CN) a fact about the place is about: a division's own
    # code, a capital's province; empty for other cities and districts, whose facts are
    # about the city itself (the curated convention: "jurisdiction: qingpu-district")
    province: str
    start: int
    end: int
    label: str
    rule: str
    is_city: bool = False
    record_type: str = "City"      # "District" for districts, counties and banners
    # rows of graph/reference/cities.csv the name may be: one when it is known, several
    # when two places share it ("Fuzhou": 福州 and 抚州), to be resolved by context.
    options: tuple[CityRow, ...] = ()
    clue: tuple[int, int] | None = None   # the place that told which of the options it is

    @property
    def row(self) -> CityRow | None:
        return self.options[0] if len(self.options) == 1 else None


# The English level word of each level of cities.csv ("Huadu District", "Naiman Banner").
_LEVEL_WORDS = {"prefecture-city": "City", "county-city": "City", "district": "District",
                "forestry-district": "District", "special-district": "District",
                "county": "County", "autonomous-county": "County", "banner": "Banner",
                "autonomous-banner": "Banner", "autonomous-prefecture": "Prefecture",
                "prefecture": "Prefecture", "league": "League"}
_DISTRICT_WORDS = {"District", "County", "Banner"}
# The commonest Chinese surnames in Pinyin: "Zhang Baoshan" is a person, not 保山. No
# package at run time lists them (the table holds places only), so they are written here.
_SURNAMES = ("Bai Cai Cao Chen Cheng Cui Dai Deng Ding Dong Du Duan Fan Fang Feng Fu Gao Ge "
             "Gong Gu Guo Han Hao He Hou Hu Huang Jia Jiang Jin Kong Lai Lei Li Liang Liao Lin "
             "Liu Long Lu Luo Lv Ma Mao Meng Mo Pan Peng Qian Qiao Qin Qiu Ren Shao Shen Shi "
             "Song Su Sun Tan Tang Tao Tian Wan Wang Wei Wen Wu Xia Xiang Xiao Xie Xiong Xu "
             "Xue Yan Yang Yao Ye Yi Yin Yu Yuan Zeng Zhang Zhao Zheng Zhong Zhou Zhu Zou")
_PERSON_BEFORE = re.compile(rf"(?<![\w-])(?:{'|'.join(_SURNAMES.split())})\s+$")
# A company named after its city ("Yili Group") does not name the city.
_COMPANY_AFTER = re.compile(r"\s+(?:Group|Co\b|Company|Corporation|Holdings|Ltd)")


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
        self._table(gazetteer)
        alternation = trie_pattern(sorted(self.names), fold=False)
        capitals = trie_pattern(sorted(self.capitals), fold=False)
        self.pattern = re.compile(
            rf"(?<![\w-])(?P<name>{alternation})(?![\w-])"
            rf"(?P<kind>\s+(?:[Pp]rovince|[Mm]unicipality|[Aa]utonomous [Rr]egion))?"
            rf"|(?<![\w-])(?P<city>{capitals})(?![\w-])(?:\s+[Cc]ity)?"
            rf"|(?P<cn>(?<![\w-])(?:China|中国|全国)(?![\w-])|\b(?:[Nn]ational(?:ly)?|[Nn]ationwide)\b"
            rf"|(?i:\b(?:the|my) country(?:'s|’s)?))")
        # The pattern starts with lookbehinds, so ``re`` would try it at every character:
        # it is tried only where a match can start, found by quick scans (scan.py) for the
        # names' first characters, "nation" and "country".
        firsts = {n[:1] for n in [*self.names, *self.capitals, "China", "中国", "全国"]}
        gated = self.names and self.capitals and all(
            c and not c.isspace() and c != "-" for c in firsts)     # no empty alternative
        self.first_chars = re.compile(f"[{''.join(map(re.escape, sorted(firsts)))}]") \
            if gated else None
        self.region_china = re.compile(rf"\b{_REGION}\s+China\b")
        self.demonym = re.compile(rf"\b{_REGION}\s+China(?:'s|’s)\s+$")
        self.city_pattern = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)\s+[Cc]ity\b"
                                       r"|\b[Cc]ity of ([A-Z][a-z]+)\b")
        # "Qingpu District", "Naiman Banner", "Feixi County": county-level divisions.
        self.district_pattern = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:[A-Z][a-z]+)?)\s+"
                                           r"(District|County|Banner)(?![\w-])")
        self.list_pattern = re.compile(
            rf"(?<![\w-])({_NAME})((?:,\s+{_NAME})*,?\s+and\s+{_NAME})(?![\w-])")

    def _table(self, gazetteer: Gazetteer) -> None:
        """Patterns of graph/reference/cities.csv: Pinyin names (a prefecture-level city
        alone, any division with its level word) and Chinese names."""
        # (surface, level word or "") -> rows; "" holds the names that stand alone.
        self.table: dict[tuple[str, str], list[CityRow]] = {}
        self.table_zh: dict[str, list[CityRow]] = {}
        self.table_zh_short: dict[str, list[CityRow]] = {}
        division_names = set(self.names)
        for row in gazetteer.cities:
            for surface in _pinyin_forms(row.name_pinyin):
                self.table.setdefault((surface, _LEVEL_WORDS[row.level]), []).append(row)
                # A prefecture-level city is named alone ("Foshan", "Foshan's"), unless its
                # name is a division's (Jilin, Hainan) or too short to tell from a word.
                if row.prefecture_level and surface not in division_names and \
                        len(surface) >= 4:
                    self.table.setdefault((surface, ""), []).append(row)
            if len(row.name_zh) >= 3:
                self.table_zh.setdefault(row.name_zh, []).append(row)
            if row.prefecture_level:
                short = _ZH_CITY_SUFFIX.sub("", row.name_zh)
                if len(short) >= 2:
                    self.table_zh_short.setdefault(short, []).append(row)
        for name, rows in self.table_zh_short.items():
            # A short name of three or more characters (呼和浩特) stands alone; a shorter one
            # (佛山) only after its province's name (广东佛山), as two characters are often
            # a word.
            if len(name) >= 3 and name not in self.table_zh and name not in division_names:
                self.table_zh[name] = rows
        # A capital the table gives to two cities ("Fuzhou": 福州, 抚州) is resolved by
        # context like any shared name, not given to the capital's province.
        for capital in list(self.capitals):
            if len({r.adcode for r in self.table.get((capital, ""), [])}) > 1:
                del self.capitals[capital]
        # A provincial capital is the prefecture coded 01 in its province (GB/T 2260: 150100
        # 呼和浩特市); its id is the English name of provinces.csv ("hohhot"), not Pinyin.
        self.capital_rows: dict[str, CityRow] = {}
        self.capital_names: dict[str, str] = {}
        for row in gazetteer.cities:
            division = gazetteer.divisions.get(row.province)
            if row.adcode[2:] == "0100" and division is not None and division.capital:
                self.capital_names[row.adcode] = division.capital
                if division.capital in self.capitals:
                    self.capital_rows[division.capital] = row
        names = sorted({surface for surface, _ in self.table})
        words = sorted(set(_LEVEL_WORDS.values()))
        self.table_pattern = re.compile(
            rf"(?<![\w'’-])(?P<name>{trie_pattern(names, fold=False)})"
            rf"(?:\s+(?P<level>{'|'.join(words)}))?(?![\w]|-(?!based\b))"
        ) if names else None
        # Chinese has no word boundaries, and a regex alternation of some thousand names
        # tries them one by one at every character: full names are looked up backwards
        # from their level character instead (市, 区, 县, 旗, 州, 盟), the few short names
        # through small patterns that start with a character class.
        self.zh_full = {n: r for n, r in self.table_zh.items() if n[-1] in _ZH_LEVEL_CHARS}
        self.zh_longest = max((len(n) for n in self.zh_full), default=0)
        self.zh_level_chars = re.compile(f"[{_ZH_LEVEL_CHARS}]")
        self.zh_standalone = _prefixed_trie(
            [n for n in self.table_zh if n not in self.zh_full])
        provinces_zh = [n for n in division_names if re.match(r"^[\u4e00-\u9fff]+$", n)]
        self.zh_after_province = re.compile(
            f"(?=[{''.join(sorted({n[0] for n in provinces_zh}))}])"
            f"(?:{trie_pattern(sorted(provinces_zh), fold=False)})"
            f"(?P<short>{trie_pattern(sorted(self.table_zh_short), fold=False)})"
        ) if provinces_zh and self.table_zh_short else None

    def _chinese(self, text: str) -> list[tuple[int, int, list[CityRow]]]:
        """Chinese names of the table, leftmost and longest first, not overlapping."""
        found: list[tuple[int, int, list[CityRow]]] = []
        for match in self.zh_level_chars.finditer(text):
            end = match.end()
            for length in range(min(self.zh_longest, end), 2, -1):
                rows = self.zh_full.get(text[end - length:end])
                if rows:
                    found.append((end - length, end, rows))
                    break
        if self.zh_standalone is not None:
            for match in self.zh_standalone.finditer(text):
                found.append((match.start(), match.end(), self.table_zh[match.group()]))
        for match in (self.zh_after_province.finditer(text)
                      if self.zh_after_province is not None else ()):
            found.append((match.start("short"), match.end("short"),
                          self.table_zh_short[match.group("short")]))
        found.sort(key=lambda item: (item[0], -item[1]))
        result, last = [], -1
        for start, end, rows in found:
            if start >= last:
                result.append((start, end, rows))
                last = end
        return result

    def _id(self, row: CityRow, district_word: str) -> str:
        """The id curated records use: "chifeng", "hohhot", "qingpu-district"."""
        name = self.capital_names.get(row.adcode, row.name_pinyin)
        return _city_id(f"{name} {district_word}" if district_word else name)

    def _table_places(self, text: str) -> list[PlaceMention]:
        found: list[PlaceMention] = []
        for match in (self.table_pattern.finditer(text)
                      if self.table_pattern is not None else ()):
            name, word = match.group("name"), match.group("level") or ""
            rows = self.table.get((name, word))
            end = match.end()
            if rows is None and word:
                rows, end = self.table.get((name, "")), match.end("name")
                word = ""
            if not rows:
                continue
            if not word and (_PERSON_BEFORE.search(text, max(0, match.start() - 12),
                                                   match.start())
                             or _COMPANY_AFTER.match(text, end, end + 14)):
                continue
            district = word in _DISTRICT_WORDS
            label = text[match.start():match.end("name")]
            label = f"{label} {word}" if district else label
            found.append(PlaceMention(
                self._id(rows[0], word if district else ""),
                "", match.start(), end, label,
                "city-table-with-level" if word else "city-table-name", is_city=True,
                record_type="District" if district else "City", options=tuple(rows)))
        for start, end, rows in self._chinese(text):
            district = _LEVEL_WORDS[rows[0].level] in _DISTRICT_WORDS
            word = _LEVEL_WORDS[rows[0].level]
            found.append(PlaceMention(
                self._id(rows[0], word if district else ""),
                "", start, end, rows[0].name_zh, "city-table-chinese", is_city=True,
                record_type="District" if district else "City", options=tuple(rows)))
        return found

    def find(self, text: str) -> list[PlaceMention]:
        found: list[PlaceMention] = []
        regions = {m.end() for m in self.region_china.finditer(text)}
        for match in self._matches(text):
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
                row = self.capital_rows.get(name)
                found.append(PlaceMention(_city_id(name), province, match.start(), match.end(),
                                          name, "provincial-capital", is_city=True,
                                          options=(row,) if row else ()))
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
        # A table name with its level word over a division's name ("Jilin City") is the
        # city; a capital keeps its own mention (its English name may differ from Pinyin).
        found.sort(key=lambda p: p.start)
        spans = _Spans(found)
        kept_table = []
        for place in self._table_places(text):
            overlapping = spans.overlapping(place.start, place.end)
            if any(p.is_city for p in overlapping):
                continue
            if overlapping and place.rule != "city-table-with-level":
                continue
            kept_table.append(place)
        covered = _Spans(kept_table)
        found = [p for p in found if not covered.overlapping(p.start, p.end)]
        found.extend(kept_table)
        found.extend(self._other_cities(text, found))
        return sorted(found, key=lambda p: (p.start, p.end, p.code))

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(text)``, tried only where a match can start."""
        if self.first_chars is None:
            return self.pattern.finditer(text)
        starts = {m.start() for m in self.first_chars.finditer(text)}
        starts.update(m.start() for m in _NATION.finditer(text))
        for m in _COUNTRY.finditer(text):      # "the country", "my country", in any case
            starts.update(start for start in (m.start() - 4, m.start() - 3) if start >= 0)
        return matches_at(self.pattern, text, sorted(starts))

    def _other_cities(self, text: str, known: list[PlaceMention]) -> list[PlaceMention]:
        """Cities named as "X City", and names listed together with a known city."""
        taken = {(p.start, p.end) for p in known}
        starts = {p.start: p for p in known if p.is_city}
        table = _Spans(sorted((p for p in known if p.options), key=lambda p: p.start))

        def in_table(start: int, end: int) -> bool:
            return bool(table.overlapping(start, end))

        extra: list[PlaceMention] = []
        stop = set(self.names) | {"The", "China", "In", "And", "City", "Municipal", "Province"}
        for match in self.city_pattern.finditer(text):
            name = match.group(1) or match.group(2)
            begin = match.start(1) if match.group(1) else match.start(2)
            if name in stop or name in self.capitals or (begin, begin + len(name)) in taken \
                    or in_table(begin, match.end()):
                continue
            extra.append(PlaceMention(_city_id(name), "", begin, begin + len(name), name,
                                      "city-suffix", is_city=True))
        for match in self.district_pattern.finditer(text):
            name = match.group(1)
            if name in stop or name in self.capitals or match.start() in starts \
                    or in_table(match.start(), match.end()):
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
                if begin in starts or name in stop or in_table(begin, begin + len(name)):
                    continue
                extra.append(PlaceMention(_city_id(name), province, begin, begin + len(name),
                                          name, "city-listed-with-city", is_city=True))
        return extra


_ZH_LEVEL_CHARS = "市区县旗州盟"


def _prefixed_trie(names: list[str]) -> re.Pattern[str] | None:
    """A trie pattern led by the class of its first characters (checked in one step)."""
    if not names:
        return None
    firsts = "".join(sorted({n[0] for n in names}))
    return re.compile(f"(?=[{re.escape(firsts)}])(?:{trie_pattern(sorted(names), fold=False)})")


_ZH_CITY_SUFFIX = re.compile(r"(市|地区|盟|(?:[\u4e00-\u9fff]+?族)*自治州)$")


class _Spans:
    """Mentions sorted by start, for overlap tests in logarithmic time (mentions are short:
    a name and a level word)."""

    def __init__(self, places: list[PlaceMention]):
        self.places = places
        self.starts = [p.start for p in places]
        self.longest = max((p.end - p.start for p in places), default=0)

    def overlapping(self, start: int, end: int) -> list[PlaceMention]:
        low = bisect.bisect_left(self.starts, start - self.longest)
        high = bisect.bisect_left(self.starts, end)
        return [p for p in self.places[low:high] if p.end > start]


def _pinyin_forms(name: str) -> list[str]:
    """The spellings of a Pinyin name in English text: Lu'an, Lu’an, Luan, LuAn."""
    if "'" not in name:
        return [name]
    parts = name.split("'")
    return [name, name.replace("'", "’"), "".join(parts),
            parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])]


def resolve_shared_names(places: list[PlaceMention], sentence_of, paragraph_of
                         ) -> list[PlaceMention]:
    """A name two places share ("Fuzhou": 福州 in Fujian, 抚州 in Jiangxi; "Chaoyang
    District" in Beijing and in Changchun) is the one whose province, or prefecture, is
    named in its sentence, else in its paragraph (failing that, the province of another
    known city named there: "Taizhou and Hangzhou"); with no such clue it is left out.
    ``places`` is sorted by start."""
    starts = [p.start for p in places]
    result = []
    for place in places:
        if len(place.options) <= 1:
            result.append(place)
            continue
        chosen = None
        for start, end in (sentence_of(place.start), paragraph_of(place.start)):
            named = [p for p in places[bisect.bisect_left(starts, start):
                                       bisect.bisect_left(starts, end)]
                     if len(p.options) <= 1 and p.code != "CN"]
            fits = [(r, p) for r in place.options for p in named
                    if (not p.is_city and p.code == r.province)
                    or (p.row is not None and p.row.adcode == r.prefecture)]
            if not fits:
                fits = [(r, p) for r in place.options for p in named
                        if p.row is not None and p.row.province == r.province]
            if len({r.adcode for r, _p in fits}) == 1:
                chosen, clue = fits[0]
                break
            if fits:
                break           # clues for two of them: leave it out
        if chosen is not None:
            result.append(replace(place, options=(chosen,), clue=(clue.start, clue.end)))
    return result


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
