"""Write graph/reference/cities.csv: China's prefecture- and county-level divisions.

    pip install -e ".[reference]"
    python scripts/reference_cities.py            # rewrite graph/reference/cities.csv
    python scripts/reference_cities.py --check    # exit 1 if the committed table is stale

Names and codes come from the ``cpca`` package (``cpca/resources/adcodes.csv``, adcode ->
Chinese name, and its list of the 56 nationalities); the romanisation from ``pypinyin``
with the CC-CEDICT phrase readings of ``pypinyin-dict`` (they read 长治 as Changzhi and
花都 as Huadu, where pypinyin alone says "Zhangzhi" and "Huadou"), read over the full name
and cut to the short name's syllables (闵行区 is Minhang, 闵行 alone "Minxing"; 单县 is
Shan County, 单 alone "Dan"). The province of a row
is the ISO 3166-2 code of ``graph/reference/provinces.csv`` whose Chinese name is that of
the province-level row of the same adcodes file (the first two digits of the adcode).

``name_pinyin`` is the Hanyu Pinyin of the short name (the level word and, for autonomous
divisions, the nationalities dropped: 佛山市 -> Foshan, 甘南藏族自治州 -> Gannan). It is a
romanisation, not an official English name (呼和浩特 is "Huhehaote", not Hohhot).

Runtime code reads only the committed CSV; these packages are in the ``reference`` extra.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "graph" / "reference" / "cities.csv"
PROVINCES = REPO / "graph" / "reference" / "provinces.csv"
COLUMNS = ["adcode", "name_zh", "name_pinyin", "level", "province", "prefecture"]

# Rows of the adcodes file that group divisions but are none themselves.
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Level word -> level, longest first; prefecture-level and county-level rows separately.
_PREFECTURE_LEVELS = [("自治州", "autonomous-prefecture"), ("地区", "prefecture"),
                      ("盟", "league"), ("市", "prefecture-city")]
_COUNTY_LEVELS = [("自治县", "autonomous-county"), ("自治旗", "autonomous-banner"),
                  ("特区", "special-district"), ("市", "county-city"), ("区", "district"),
                  ("县", "county"), ("旗", "banner")]
# "各族" ("all nationalities", 龙胜各族自治县) names no single nationality of the list.
_ALL_NATIONALITIES = "各族"


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"the '{package}' package is not installed: "
                         "pip install -e \".[reference]\"")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def default_romaniser() -> Callable[[str], list[str]]:
    """pypinyin with the CC-CEDICT phrase readings (place names read as places)."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()
    return lambda name: lazy_pinyin(name, style=Style.NORMAL, errors="ignore")


def pinyin_name(syllables: Iterable[str]) -> str:
    """Syllables joined as one capitalised word; an apostrophe before a syllable that opens
    with a, o or e (Xi'an, Lu'an), as the Pinyin orthography rules have it."""
    word = ""
    for syllable in syllables:
        syllable = syllable.lower().replace("ü", "v").replace("v", "u")
        if word and syllable[:1] in ("a", "o", "e"):
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def level_of(name: str, prefecture_level: bool, direct_parent: bool) -> tuple[str, str] | None:
    """(level, short name) of a division, or None for names with no level word."""
    if not prefecture_level and direct_parent and name.endswith("林区"):
        return "forestry-district", name[:-2]          # 神农架林区, under the province itself
    for word, level in (_PREFECTURE_LEVELS if prefecture_level else _COUNTY_LEVELS):
        if name.endswith(word) and len(name) > len(word):
            return level, name[: -len(word)]
    return None


def strip_nationalities(short: str, nationalities: list[str]) -> str:
    """甘南藏族 -> 甘南, 克孜勒苏柯尔克孜 -> 克孜勒苏, 积石山保安族东乡族撒拉族 -> 积石山."""
    forms = {_ALL_NATIONALITIES}
    for nation in nationalities:
        forms.add(nation)
        bare = nation[:-1] if nation.endswith("族") else nation
        if len(bare) >= 2:
            forms.add(bare)
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    changed = True
    while changed:
        changed = False
        for form in ordered:
            if short.endswith(form) and len(short) - len(form) >= 2:
                short = short[: -len(form)]
                changed = True
                break
    return short


def build_rows(adcodes: list[dict[str, str]], provinces: list[dict[str, str]],
               nationalities: list[str], romanise: Callable[[str], list[str]]
               ) -> list[dict[str, str]]:
    """The table's rows, sorted by adcode, from the adcodes file's rows (adcode, name)."""
    by_name = {row["name_zh"]: row["iso_3166_2"] for row in provinces}
    iso: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in adcodes:
        code = row["adcode"][:6]
        names[code] = row["name"]
        if code[2:] == "0000":
            if row["name"] not in by_name:
                raise SystemExit(f"adcode {code}: {row['name']}: no row of provinces.csv "
                                 "has this Chinese name")
            iso[code[:2]] = by_name[row["name"]]
    rows = []
    for code in sorted(names):
        name = names[code]
        if code[2:] == "0000" or name in _PLACEHOLDERS:
            continue
        if code[:2] not in iso:
            raise SystemExit(f"adcode {code}: {name}: no province-level row {code[:2]}0000")
        prefecture_level = code[4:] == "00"
        parent = code[:4] + "00"
        direct = not prefecture_level and names.get(parent) in _PLACEHOLDERS | {None}
        found = level_of(name, prefecture_level, direct)
        if found is None:
            continue            # islands and reefs (西沙群岛): no level word, not a division
        level, short = found
        if level.startswith("autonomous"):
            short = strip_nationalities(short, nationalities)
        rows.append({"adcode": code, "name_zh": name,
                     "name_pinyin": pinyin_name(romanise(name)[:len(short)]), "level": level,
                     "province": iso[code[:2]],
                     "prefecture": "" if prefecture_level or direct else parent})
    return rows


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def generate(adcodes: Path | None = None, provinces: Path = PROVINCES,
             nationalities: Path | None = None) -> str:
    adcodes = adcodes or _package_file("cpca", "resources", "adcodes.csv")
    nationalities = nationalities or _package_file("cpca", "resources", "56_nations.csv")
    nations = [line.strip() for line in nationalities.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return render(build_rows(_read_csv(adcodes), _read_csv(provinces), nations,
                             default_romaniser()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adcodes", type=Path, help="adcode,name CSV (default: cpca's)")
    parser.add_argument("--nationalities", type=Path, help="one nationality a line "
                        "(default: cpca's 56_nations.csv)")
    parser.add_argument("--provinces", type=Path, default=PROVINCES)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    text = generate(args.adcodes, args.provinces, args.nationalities)
    sys.path.insert(0, str(REPO / "src"))
    from chainkg.core.files import refresh_generated

    return refresh_generated(args.output, text, args.check, "python scripts/reference_cities.py")

if __name__ == "__main__":
    sys.exit(main())
