"""Compare draft records with the curated records of a source, and accept drafts.

A draft is *matched* when a curated record states the same thing, *conflicting* when a
curated record is about the same thing (same quote or title, same number) but differs in a
field, and *new* otherwise; a curated record no draft found is *missed*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.files import write_atomically
from .extract.model import Draft, Drafts, render_record
from .records import Record, parse_record_file
from .schema import DOCUMENT_TYPES, ORGANIZATION_TYPES

QUANTITY_TYPES = frozenset({"QuantifiedTarget", "IndicatorObservation", "QuantifiedObservation"})
_STOP_WORDS = """the of and in on for a an provincial province people's peoples s"""
_STOP = frozenset(_STOP_WORDS.split())


@dataclass
class Comparison:
    matched: list[tuple[str, str]] = field(default_factory=list)
    conflicting: list[tuple[str, str, list[str]]] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _dec(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except ArithmeticError:
        return str(value)


def quantity_key(record_type: str, values: dict[str, Any]) -> tuple:
    """What a quantified item is scored on: value, unit, comparator, deadline, jurisdiction."""
    value = _dec(values.get("value"))
    if value is None:
        value = (_dec(values.get("min_value")), _dec(values.get("max_value")))
    year = values.get("deadline_year", values.get("year"))
    where = values.get("jurisdiction", values.get("ref_area"))
    return (value, values.get("unit"), values.get("comparator"), year, where)


_KEY_NAMES = ("value", "unit", "comparator", "year", "jurisdiction")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP}


def similar(a: str, b: str, threshold: float = 0.6) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= threshold


def _label(values: dict[str, Any]) -> str:
    label = values.get("label")
    if isinstance(label, dict):
        return str(label.get("en", ""))
    return str(label or "")


def _title(values: dict[str, Any]) -> str:
    title = values.get("title")
    if isinstance(title, dict):
        return str(title.get("en", ""))
    return str(title or _label(values))


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _value_spans(evidence) -> list[tuple[int, int]]:
    """The spans that state a quantity's number (all spans when none says which)."""
    spans = [(e.start, e.end) for e in evidence
             if not e.supports or {"value", "min_value", "max_value"} & set(e.supports)]
    return spans


def kind_of(record_type: str) -> str:
    if record_type in QUANTITY_TYPES:
        return "quantity"
    if record_type in DOCUMENT_TYPES:
        return "document"
    if record_type in ORGANIZATION_TYPES:
        return "organisation"
    if record_type == "Person":
        return "person"
    if record_type == "City":
        return "city"
    if record_type == "Post":
        return "post"
    return "other"


def _draft_values(draft: Draft) -> dict[str, Any]:
    return {"label": {"en": draft.label}, **draft.fields}


def same_thing(draft: Draft, record: Record) -> tuple[bool, list[str]] | None:
    """None when unrelated; else (identical?, the fields that differ)."""
    kind = kind_of(draft.type)
    if kind != kind_of(record.type):
        return None
    values = _draft_values(draft)
    draft_spans = [(e.start, e.end) for e in draft.evidence]
    record_spans = [(e.start, e.end) for e in record.evidence]
    if kind == "quantity":
        mine, theirs = quantity_key(draft.type, values), quantity_key(record.type, record.values)
        if mine == theirs:
            return True, []
        same_number = mine[0] == theirs[0] and _overlap(draft_spans, record_spans)
        same_phrase = mine[1] == theirs[1] and _overlap(_value_spans(draft.evidence),
                                                        _value_spans(record.evidence))
        if same_number or same_phrase:
            return False, [n for n, a, b in zip(_KEY_NAMES, mine, theirs, strict=True) if a != b]
        return None
    if kind == "document":
        if not (similar(_title(values), _title(record.values), 0.5)
                or _overlap(draft_spans[:], record_spans) and
                similar(_title(values), _title(record.values), 0.25)):
            return None
        diffs = [n for n in ("jurisdiction", "start_year", "end_year")
                 if values.get(n) != record.values.get(n)]
        return not diffs, diffs
    if kind in ("organisation", "person", "city"):
        if draft.id == record.id or similar(draft.label, _label(record.values), 0.6):
            names = ("jurisdiction", "located_in")
            diffs = [n for n in names if values.get(n) and record.values.get(n)
                     and values.get(n) != record.values.get(n)]
            return not diffs, diffs
        return None
    if kind == "post":
        if values.get("held_by") == record.values.get("held_by"):
            diffs = [n for n in ("role", "post_in") if values.get(n) != record.values.get(n)]
            return not diffs, diffs
        return None
    return None


def compare(drafts: Drafts, records: list[Record]) -> Comparison:
    """Each draft against the curated records of its source (each record used once)."""
    result = Comparison()
    used: set[str] = set()
    pending: list[Draft] = []
    by_id = {record.id: record for record in records}
    ordered = sorted(drafts.records, key=lambda d: d.id)
    # A draft with a curated record's id is compared with that record first.
    ordered.sort(key=lambda d: d.id not in by_id)
    for draft in ordered:
        same = by_id.get(draft.id)
        candidates = ([same] if same is not None else []) + records
        for record in candidates:
            if record.id in used:
                continue
            verdict = same_thing(draft, record)
            if verdict is not None and verdict[0]:
                used.add(record.id)
                result.matched.append((draft.id, record.id))
                break
        else:
            pending.append(draft)
    # Only then conflicts, so that a draft never takes a record another draft matches.
    for draft in pending:
        for record in records:
            if record.id in used:
                continue
            verdict = same_thing(draft, record)
            if verdict is not None:
                used.add(record.id)
                result.conflicting.append((draft.id, record.id, verdict[1]))
                break
        else:
            result.new.append(draft.id)
    drafted_kinds = {"quantity", "document", "organisation", "person", "city", "post"}
    result.missed = sorted(r.id for r in records
                           if r.id not in used and kind_of(r.type) in drafted_kinds)
    return result


def load_records(path: Path) -> list[Record]:
    if not path.is_file():
        return []
    record_file, _ = parse_record_file(path, str(path))
    return record_file.records if record_file else []


class AcceptError(ValueError):
    pass


def accept(drafts: Drafts, ids: list[str], path: Path) -> list[str]:
    """Insert the chosen drafts into a record file, keeping records sorted by id and every
    comment and line of the file as it was; returns the ids written."""
    by_id = drafts.by_id()
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise AcceptError(f"no draft with id {', '.join(repr(i) for i in unknown)}")
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        f"# Curated records of source {drafts.source} (see graph/sources.yaml).\n"
        f"source: {drafts.source}\nrecords:\n")
    existing = {r.id for r in load_records(path)}
    clash = [i for i in ids if i in existing]
    if clash:
        raise AcceptError(f"{path}: already has a record with id "
                          f"{', '.join(repr(i) for i in clash)}")
    starts = _record_starts(text)
    for draft_id in sorted(set(ids), reverse=True):
        block = render_record(by_id[draft_id].record())
        after = [(rid, pos) for rid, pos in starts if rid > draft_id]
        if after:
            position = after[0][1]
            text = text[:position] + block + "\n" + text[position:]
        else:
            if not text.endswith("\n"):
                text += "\n"
            text = text.replace("records: []\n", "records:\n")
            text += ("\n" if starts else "") + block
        starts = _record_starts(text)
    write_atomically({path.name: text.encode("utf-8")}, path.parent)
    return sorted(set(ids))


def _record_starts(text: str) -> list[tuple[str, int]]:
    return [(m.group(1).strip("'\""), m.start())
            for m in re.finditer(r"(?m)^  - id: (\S+)\s*$", text)]
