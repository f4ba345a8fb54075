"""Find records that may name the same real-world entity twice.

One entity is one record (one IRI) with every source's evidence attached. Two records of
the same type in the same jurisdiction whose labels are equal after normalisation are an
error; labels that are merely alike (fuzzy ratio from ``rapidfuzz``) are reported for a
curator to merge, or to declare distinct in ``graph/distinct.yaml`` with a reason.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from .records import CurationError, Problem, Record, load_yaml

# Labels at least this similar (0-100, rapidfuzz token-sort ratio) are reported.
SIMILARITY_THRESHOLD = 90
# Facts rather than things: two targets of different plans may well read alike; only an
# exact repeat (same type, label and jurisdiction) is reported for them.
FACT_TYPES = frozenset({"Measure", "Incentive", "Target", "QuantifiedTarget", "Statement",
                        "ExpertStatement", "IndicatorObservation", "QuantifiedObservation"})
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(label: str) -> str:
    """Case, width, punctuation and spacing folded away: 'The  MIIT.' -> 'the miit'."""
    text = unicodedata.normalize("NFKC", label).casefold()
    return _PUNCTUATION.sub(" ", text).strip()


@dataclass(frozen=True, order=True)
class Duplicate:
    """A pair of records that may be one entity."""

    first: str
    second: str
    kind: str  # "exact" or "similar"
    score: float
    label_first: str
    label_second: str
    record_type: str
    jurisdiction: str

    def describe(self) -> str:
        where = f" in {self.jurisdiction}" if self.jurisdiction else ""
        if self.kind == "exact":
            return (f"{self.record_type}{where}: '{self.first}' and '{self.second}' have the "
                    f"same label '{self.label_first}'")
        return (f"{self.record_type}{where}: '{self.first}' ({self.label_first}) and "
                f"'{self.second}' ({self.label_second}) are {self.score:.0f}% alike")


@dataclass(frozen=True)
class DistinctPair:
    """A reviewed pair of look-alike records that name different things."""

    ids: tuple[str, str]
    reason: str
    line: int


def _jurisdiction(record: Record) -> str:
    for name in ("jurisdiction", "located_in"):
        value = record.values.get(name)
        if isinstance(value, str):
            return value
    return ""


def _labels(record: Record) -> list[str]:
    """The record's label and alt labels in every language, as written."""
    found: list[str] = []
    for name in ("label", "alt_labels"):
        value = record.values.get(name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                found += [text for text in item.values() if isinstance(text, str)]
    return [label for label in found if normalise(label)]


def _compare(a: Record, b: Record) -> Duplicate | None:
    best: tuple[float, str, str] | None = None
    for label_a in _labels(a):
        for label_b in _labels(b):
            norm_a, norm_b = normalise(label_a), normalise(label_b)
            if norm_a == norm_b:
                return Duplicate(a.id, b.id, "exact", 100.0, label_a, label_b, a.type,
                                 _jurisdiction(a))
            if a.type in FACT_TYPES:
                continue
            score = fuzz.token_sort_ratio(norm_a, norm_b)
            if score >= SIMILARITY_THRESHOLD and (best is None or score > best[0]):
                best = (score, label_a, label_b)
    if best is None:
        return None
    return Duplicate(a.id, b.id, "similar", best[0], best[1], best[2], a.type, _jurisdiction(a))


def find_duplicates(records: Iterable[Record]) -> list[Duplicate]:
    """Every pair of records of one type and jurisdiction with equal or alike labels."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        groups.setdefault((record.type, _jurisdiction(record)), []).append(record)
    found = []
    for group in groups.values():
        for a, b in itertools.combinations(sorted(group, key=lambda r: r.id), 2):
            duplicate = _compare(a, b)
            if duplicate is not None:
                found.append(duplicate)
    return sorted(found)


def load_distinct(path: Path, display: str) -> tuple[list[DistinctPair], list[Problem]]:
    """Read the reviewed list of look-alike records that are different entities."""
    if not path.is_file():
        return [], []
    try:
        data = load_yaml(path, display)
    except CurationError as exc:
        return [], exc.problems
    if not isinstance(data, dict) or not isinstance(data.get("distinct"), list):
        return [], [Problem(display, 1, "distinct", "expected a mapping with a list 'distinct'")]
    pairs: list[DistinctPair] = []
    problems: list[Problem] = []
    items = data["distinct"]
    for index, item in enumerate(items):
        line = items.item_lines[index]
        ids = item.get("ids") if isinstance(item, dict) else None
        reason = item.get("reason") if isinstance(item, dict) else None
        if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, str) for i in ids)
                and ids[0] != ids[1]):
            problems.append(Problem(display, line, "ids", "expected two different record ids"))
            continue
        if not isinstance(reason, str) or not reason.strip():
            problems.append(Problem(display, line, "reason",
                                    "say why these records are different entities"))
            continue
        pairs.append(DistinctPair((min(ids), max(ids)), reason.strip(), line))
    return pairs, problems


@dataclass
class DuplicateReport:
    """Look-alike pairs split into what still needs a decision and what was reviewed."""

    unresolved: list[Duplicate]
    declared_distinct: list[tuple[Duplicate, DistinctPair]]
    problems: list[Problem]

    @property
    def exact(self) -> list[Duplicate]:
        return [d for d in self.unresolved if d.kind == "exact"]


def duplicate_report(records: dict[str, Record], distinct: list[DistinctPair],
                     distinct_display: str) -> DuplicateReport:
    """Apply the reviewed list; exact duplicates cannot be declared distinct."""
    declared = {pair.ids: pair for pair in distinct}
    unresolved, resolved, problems = [], [], []
    used: set[tuple[str, str]] = set()
    for duplicate in find_duplicates(records.values()):
        pair = declared.get((duplicate.first, duplicate.second))
        if pair is not None:
            used.add(pair.ids)
        if pair is not None and duplicate.kind == "similar":
            resolved.append((duplicate, pair))
            continue
        unresolved.append(duplicate)
        if pair is not None:
            problems.append(Problem(distinct_display, pair.line, "ids",
                                    f"'{pair.ids[0]}' and '{pair.ids[1]}' have the same type, "
                                    "label and jurisdiction: merge them, or give one a label "
                                    "that tells them apart"))
    for pair in distinct:
        missing = [i for i in pair.ids if i not in records]
        if missing:
            problems.append(Problem(distinct_display, pair.line, "ids",
                                    f"unknown record id '{missing[0]}'"))
        elif pair.ids not in used:
            problems.append(Problem(distinct_display, pair.line, "ids",
                                    f"'{pair.ids[0]}' and '{pair.ids[1]}' no longer look alike; "
                                    "remove the entry"))
    return DuplicateReport(unresolved, resolved, problems)


def exact_duplicate_problems(records: dict[str, Record]) -> list[Problem]:
    """Exact duplicates as located problems, for ``validate``."""
    problems = []
    for duplicate in find_duplicates(records.values()):
        if duplicate.kind != "exact":
            continue
        second = records[duplicate.second]
        first = records[duplicate.first]
        problems.append(Problem(second.path, second.line_of("label"), "label",
                                f"same type, label and jurisdiction as '{first.id}' "
                                f"({first.path}:{first.line}): one entity is one record; merge "
                                "them and attach every source's evidence", second.id))
    return problems
