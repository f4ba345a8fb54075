"""The curated graph itself: sorted, unique, consistent, citing sources properly, and giving
the expected answers kept in ``tests/expected/``.

Tests of the tools run on the frozen fixture graph (see ``conftest.py``); these are the only
tests that read ``graph/records/``, and they hold for any valid curated data: invariants,
plus answers compared with files that ``python scripts/regenerate_expected.py`` rewrites.
"""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from conftest import REPO, load_script

from chainkg.curation.records import MAX_QUOTE_WORDS
from chainkg.curation.sources import load_manifest

RECORD_FILES = sorted((REPO / "graph" / "records").glob("*.yaml"))


def _regenerate_module():
    return load_script("regenerate_expected")


REGENERATE = _regenerate_module()
EXPECTED_NAMES = ["build.json"] + [f"queries/{q.name}.tsv"
                                   for q in REGENERATE.answerable_queries()]


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_each_record_file_curates_one_listed_source():
    manifest, problems = load_manifest(REPO / "graph" / "sources.yaml", "graph/sources.yaml")
    assert problems == []
    assert RECORD_FILES, "no record files"
    for path in RECORD_FILES:
        data = load(path)
        assert data["source"] in manifest
        assert path.stem == data["source"], "a record file is named after its source id"


def test_records_are_sorted_by_id_and_ids_are_unique():
    seen = set()
    for path in RECORD_FILES:
        ids = [record["id"] for record in load(path)["records"]]
        assert ids == sorted(ids), f"{path.name}: records are not sorted by id"
        assert not seen & set(ids)
        seen |= set(ids)


def test_sources_manifest_is_sorted_by_id():
    ids = [source["id"] for source in load(REPO / "graph" / "sources.yaml")["sources"]]
    assert ids == sorted(ids)


def test_quotes_are_short_clauses():
    for path in RECORD_FILES:
        for record in load(path)["records"]:
            for evidence in record["evidence"]:
                words = len(evidence["quote"].split())
                assert 1 <= words <= MAX_QUOTE_WORDS, (record["id"], words)


def test_quotes_never_join_into_a_passage_longer_than_a_sentence(sources_dir):
    """Citations, not copies: every fact is quoted, so quotes cover much of the text, but
    no run of adjacent or overlapping quotes reaches beyond a long sentence."""
    manifest, _ = load_manifest(REPO / "graph" / "sources.yaml", "graph/sources.yaml")
    for path in RECORD_FILES:
        data = load(path)
        text = (sources_dir / manifest[data["source"]].file).read_text(encoding="utf-8")
        covered = [False] * len(text)
        for record in data["records"]:
            for evidence in record["evidence"]:
                covered[evidence["start"]:evidence["end"]] = [True] * (
                    evidence["end"] - evidence["start"])
        longest = run = 0
        for flag in covered:
            run = run + 1 if flag else 0
            longest = max(longest, run)
        assert longest < 300, f"{path.name}: {longest} contiguous characters quoted"


def test_reference_provinces_are_the_34_iso_divisions():
    with (REPO / "graph" / "reference" / "provinces.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 34
    assert len({row["iso_3166_2"] for row in rows}) == 34
    assert all(re.fullmatch(r"CN-[A-Z]{2}", row["iso_3166_2"]) for row in rows)
    assert all(re.fullmatch(r"Q\d+", row["wikidata_qid"]) for row in rows)
    types = sorted(row["type"] for row in rows)
    assert types.count("province") == 23
    assert types.count("autonomous region") == 5
    assert types.count("municipality") == 4
    assert types.count("special administrative region") == 2


# The English level word of a county-level division's level (as the extractor reads them).
_LEVEL_WORDS = {"district": "District", "forestry-district": "District",
                "special-district": "District", "county": "County",
                "autonomous-county": "County", "banner": "Banner",
                "autonomous-banner": "Banner", "county-city": "City"}


def city_location_problems(record_files: list[tuple[str, dict]],
                           table: list[dict[str, str]]) -> list[str]:
    """Curated ``City`` and ``District`` records placed in another province than
    graph/reference/cities.csv gives them: found by the Chinese label, else by an English
    label that is the table's Pinyin name ("Foshan", "Qingpu District"). ``located_in``
    may name the province or a city record that is in it."""
    by_zh: dict[str, set[str]] = {}
    by_en: dict[str, set[str]] = {}
    for row in table:
        by_zh.setdefault(row["name_zh"], set()).add(row["province"])
        word = _LEVEL_WORDS.get(row["level"])
        names = [row["name_pinyin"]] if row["prefecture"] == "" and word in (None, "City") \
            else []
        if word:
            names.append(f"{row['name_pinyin']} {word}")
        for name in names:
            by_en.setdefault(name, set()).add(row["province"])
    records = {r["id"]: r for _name, data in record_files for r in data["records"]}
    problems = []
    for name, data in record_files:
        for record in data["records"]:
            if record.get("type") not in ("City", "District"):
                continue
            label = record.get("label") or {}
            provinces = by_zh.get(label.get("zh", "")) or by_en.get(label.get("en", ""))
            if not provinces:
                continue
            where, hops = record.get("located_in"), 0
            while where in records and hops < 3:        # located in a city of the province
                where, hops = records[where].get("located_in"), hops + 1
            if where not in provinces:
                problems.append(
                    f"{name}: {record['id']} ({label.get('zh') or label.get('en')}) is "
                    f"located_in {record.get('located_in')!r}, but graph/reference/cities.csv "
                    f"places it in {' or '.join(sorted(provinces))}")
    return problems


def _cities_table() -> list[dict[str, str]]:
    with (REPO / "graph" / "reference" / "cities.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_curated_cities_and_districts_are_in_the_province_the_reference_table_gives():
    problems = city_location_problems([(p.name, load(p)) for p in RECORD_FILES],
                                      _cities_table())
    assert problems == [], "\n" + "\n".join(problems)


def test_the_city_check_finds_a_city_in_the_wrong_province():
    table = [{"adcode": "440600", "name_zh": "佛山市", "name_pinyin": "Foshan",
              "level": "prefecture-city", "province": "CN-GD", "prefecture": ""},
             {"adcode": "440114", "name_zh": "花都区", "name_pinyin": "Huadu",
              "level": "district", "province": "CN-GD", "prefecture": "440100"}]
    records = [("a.yaml", {"records": [
        {"id": "foshan", "type": "City", "label": {"en": "Foshan"}, "located_in": "CN-GX"},
        {"id": "guangzhou", "type": "City", "label": {"en": "Guangzhou"},
         "located_in": "CN-GD"},
        {"id": "huadu-district", "type": "District", "label": {"zh": "花都区"},
         "located_in": "guangzhou"},
        {"id": "huadu", "type": "District", "label": {"en": "Huadu"}, "located_in": "CN-SH"},
        {"id": "paris", "type": "City", "label": {"en": "Paris"}, "located_in": "FR"}]})]
    assert city_location_problems(records, table) == [
        "a.yaml: foshan (Foshan) is located_in 'CN-GX', but graph/reference/cities.csv "
        "places it in CN-GD"]


def test_no_source_text_is_in_the_repository():
    assert not list(REPO.glob("**/*.txt")) or all(
        "000_514a004910d82cf7" not in p.name for p in REPO.glob("**/*.txt"))


def test_the_curated_graph_validates_with_every_quote(curated_data, sources_dir):
    """Every reference resolves, every number and year parses, every fact has evidence,
    records and sources are sorted, and every quote is where its offsets say."""
    from chainkg.build.validate import validate

    assert [str(problem) for problem in validate(curated_data, sources_dir)] == []


@pytest.fixture(scope="module")
def live_answers(curated_built) -> dict[str, str]:
    return REGENERATE.answers(curated_built)


def test_expected_answers_cover_every_query_without_parameters():
    stored = sorted(REGENERATE.read_expected())
    assert stored == sorted(EXPECTED_NAMES), (
        f"tests/expected/ does not match the query library; run `{REGENERATE.COMMAND}`")


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_curated_answers_match_the_expected_files(live_answers, name):
    path = REGENERATE.EXPECTED / name
    stored = path.read_text(encoding="utf-8") if path.is_file() else None
    assert live_answers[name] == stored, (
        f"the curated graph's answer differs from tests/expected/{name}: if the change "
        f"is intended (new or edited records, a changed query), run "
        f"`{REGENERATE.COMMAND}` and review the diff")
