"""The extractor's gated scans (``extract/scan.py``) give exactly the matches of the
patterns' own ``finditer``, on generated texts made of the words the gates look for, line
breaks, brackets and arbitrary Unicode."""

from __future__ import annotations

import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.curation.extract.entities import _ORG_GATE, ORG
from chainkg.curation.extract.scan import (
    CASE_FOLDS_TO_ASCII,
    anycase,
    ascii_anycase,
    folds_safely,
    gated_finditer,
    gated_search,
    line_gated,
)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def text_of(fragments: list[str]):
    return st.lists(st.one_of(st.sampled_from(fragments), st.text(max_size=6)),
                    max_size=40).map("".join)


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


ORG_PIECES = ["Ministry", "of", "Industry", "and", "Information", "Technology", "Office",
              "Co., Ltd.", "Group", "Hunan", "Province", "Department", "the", "for", "(MIIT)",
              "（NDRC）", " (", ")", " ", "\t", "\n", "\n\n", "  ", "Commission", "’s", "&"]


@SETTINGS
@given(text_of(ORG_PIECES))
def test_organisation_scan_by_line_is_the_full_scan(text):
    assert spans(line_gated(ORG, text, _ORG_GATE)) == spans(ORG.finditer(text))


def test_organisation_scan_keeps_an_abbreviation_on_the_next_line():
    text = "the Ministry of Commerce\n(MOFCOM) and\nthe Group Office\n\nHunan Department"
    gated = list(line_gated(ORG, text, _ORG_GATE))
    assert spans(gated) == spans(ORG.finditer(text))
    assert [m.group() for m in gated] == ["Ministry of Commerce\n(MOFCOM)", "Group Office",
                                          "Hunan Department"]


def test_only_the_listed_characters_fold_to_ascii_letters():
    letter = re.compile("(?i)[a-z]")
    found = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c)))
    assert found == CASE_FOLDS_TO_ASCII


def test_ascii_anycase_matches_what_ignorecase_matches_on_safe_text():
    pattern = ascii_anycase(["chain", "Co.", "ab"])
    assert pattern.pattern == "[Cc][Hh][Aa][Ii][Nn]|[Cc][Oo]\\.|[Aa][Bb]"
    assert [m.group() for m in pattern.finditer("CHAIN cO. aB chaiN coX")] == \
        ["CHAIN", "cO.", "aB", "chaiN"]
    assert folds_safely("chains") and not folds_safely("chainſ")


LIST_PIECES = ["seven ", "12 ", "key ", "pillar  ", "industrial chains of ",
               "Industry chains, such as ", "INDUSTRIAL CHAINS including ", "chains", "chain",
               "of ", "such as", "plans for ", "Plans on ", "three action plans for the ",
               "work ", "the ", "automobiles", ", ", ".", "-", " ", "\n", "\t", "ſ", "K", "3",
               "steel, coal and glass", "two three-year "]


@SETTINGS
@given(text_of(LIST_PIECES), st.integers(0, 30))
def test_gated_searches_for_chain_lists_and_plural_plans_are_the_full_searches(text, pos):
    from chainkg.curation.extract import (
        _CHAIN_LIST,
        _CHAIN_LIST_GATE,
        _PLURAL_DOCUMENTS,
        _PLURAL_DOCUMENTS_GATE,
    )

    if not folds_safely(text):
        return              # the extractor scans such a text in full
    for pattern, gate, lead in ((_CHAIN_LIST, _CHAIN_LIST_GATE, "ws"),
                                (_PLURAL_DOCUMENTS, _PLURAL_DOCUMENTS_GATE, "ws-")):
        assert spans(gated_finditer(pattern, text, gate, lead, pos)) == \
            spans(pattern.finditer(text, pos))
        found = gated_search(pattern, text, gate, lead, pos)
        expected = pattern.search(text, pos)
        assert (found and found.span()) == (expected and expected.span())


def test_a_gated_search_tries_the_words_before_the_gate():
    text = "its seven key industrial chains of steel, coal and glass; 3 work plans for cars"
    pattern = re.compile(r"(?<![\w-])(?:\d+|seven)\s+(?:key\s+)?industrial chains")
    gate = re.compile(anycase("industrial"))
    assert gated_search(pattern, text, gate, "ws").span() == (4, 31)
    assert gated_search(pattern, text, gate, "ws", 5) is None


QUANTITY_PIECES = ["Five", "FIVE", "five", "tWo", "someone", "often", "hundred", "CNY", "RMB",
                   "US$", "HK$", "$", "¥", "€", "３", "٣", "12", "1,200", "3.5", " ", "-", "to",
                   "billion", "yuan", "%", "(", ")", "\n", "ſix", "İ", "Kelvin"]


@SETTINGS
@given(text_of(QUANTITY_PIECES), st.integers(0, 20), st.integers(0, 200))
def test_quantity_search_at_its_possible_starts_is_the_full_search(text, pos, cut):
    from chainkg.curation.extract.quantities import QUANTITY, _quantity_starts, _search

    end = max(pos, len(text) - cut)
    starts = _quantity_starts(text, pos, end)
    while True:
        found, expected = _search(text, pos, end, starts), QUANTITY.search(text, pos, end)
        assert (found and found.span()) == (expected and expected.span())
        if expected is None:
            break
        pos = expected.start() + 1


PERIOD_PIECES = ["14th", "FIVE", "Five-Year Plan", "fyp", "FYP", "十四五", "“十三五”", "2021",
                 "2025", "19", "20", "-", "–", "to", " ", "\n", "first", "3rd", "ſ",
                 "14th fıve-year plan", "first FİVE-YEAR period", "3rd fyp", "13th FYP"]


@SETTINGS
@given(text_of(PERIOD_PIECES))
def test_periods_are_looked_for_wherever_they_can_be(text):
    from chainkg.curation.extract.text import _FYP, _PERIOD, periods_in

    expected = []
    for match in _PERIOD.finditer(text):
        first, second = int(match.group(1)), match.group(2)
        last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if first < last <= first + 15:
            expected.append(match.span())
    expected += [m.span() for m in _FYP.finditer(text)
                 if not (m.group(1) or m.group(3)) or 1 <= int(m.group(1) or m.group(3)) <= 20]
    assert sorted(expected) == [(p[2], p[3]) for p in periods_in(text, 0, len(text))]


PLACE_PIECES = ["Shanxi", "Inner Mongolia", "Hefei", "Chengdu", "Province", " province",
                "Autonomous Region", "city", "China", "中国", "全国", "四川省", "广东", "national",
                "Nationwide", "nationally", "international", "THE COUNTRY's", "my Country’s",
                "the country", "North China", "-", " ", "\n", "'s", "Mongolia"]


@SETTINGS
@given(text_of(PLACE_PIECES))
def test_place_scan_at_its_possible_starts_is_the_full_scan(text):
    from chainkg.curation.extract import _finders
    from chainkg.curation.extract.gazetteer import gazetteer_for_current_data

    places = _finders(gazetteer_for_current_data())[0]
    assert places.first_chars is not None
    assert spans(places._matches(text)) == spans(places.pattern.finditer(text))
