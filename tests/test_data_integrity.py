"""The curated files themselves: sorted, unique, consistent, and citing sources properly."""

from __future__ import annotations

import csv
import re

import yaml
from conftest import REPO

from chainkg.curation.records import MAX_QUOTE_WORDS
from chainkg.curation.sources import load_manifest

RECORD_FILES = sorted((REPO / "graph" / "records").glob("*.yaml"))


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


def test_no_source_text_is_in_the_repository():
    assert not list(REPO.glob("**/*.txt")) or all(
        "000_514a004910d82cf7" not in p.name for p in REPO.glob("**/*.txt"))
