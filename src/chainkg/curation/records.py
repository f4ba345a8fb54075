"""Load curated YAML records, keeping the line of every key and list item.

PyYAML's constructors drop source positions and silently let a repeated key win;
the loader below keeps both, so every problem can name its file, line and field.
"""

from __future__ import annotations

import difflib
import re
import stat
from dataclasses import dataclass, field, replace
from dataclasses import field as dataclass_field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .schema import (
    CURATED_TYPES,
    CURATOR_TEXT_NAMES,
    EVIDENCE_KEYS,
    STRUCTURAL_KEYS,
    fields_for,
    wholly_curator_texts,
)

MAX_QUOTE_WORDS = 30
ABSENT_SUPPORTED = "names a field this record does not have"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the curated data, located in a file."""

    path: str
    line: int
    field: str
    message: str
    # The record the problem is about, so later checks can skip what is already reported.
    record: str = dataclass_field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class CurationError(Exception):
    """Raised with every problem found, so that callers can print them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class LocatedDict(dict):
    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class LocatedList(list):
    line: int = 0
    item_lines: list[int]


# libyaml's parser (CSafeLoader) keeps the same marks and is several times faster than the
# pure-Python one; it is used whenever PyYAML was built with it.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_BaseLoader):
    pass


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicate_keys = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | bool | Decimal) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"a {type(key).__name__.removeprefix('Located').lower()} cannot "
                "be a mapping key (keys are names)", key_node.start_mark)
        if key in result:
            result.duplicate_keys.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_decimal(loader: _LocatingLoader, node: yaml.ScalarNode) -> Decimal:
    """Numbers with a fraction or exponent as exact decimals: PyYAML's float rounded
    123456789012345678901234567890.123 to 17 digits."""
    text = loader.construct_scalar(node).replace("_", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not a finite number",
                                                node.start_mark)
    return number


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                                _construct_sequence)


def read_text_file(path: Path, display: str) -> str:
    """A regular file's UTF-8 text; anything else (a folder, a FIFO, a broken link) is a
    located problem, checked before opening so that a FIFO cannot block the build."""
    def fail(message: str) -> CurationError:
        return CurationError([Problem(display, 1, "(file)", message)])

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        kind = "a broken symbolic link" if path.is_symlink() else "missing"
        raise fail(f"cannot read: {kind}") from None
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise fail(f"cannot read: {kind}, expected a YAML file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8 text: {exc}") from exc
    except OSError as exc:
        raise fail(f"cannot read: {exc.strerror or exc}") from None


# Characters YAML 1.1 does not allow in a stream (the reader's NON_PRINTABLE).
_NOT_YAML = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                       "\U00010000-\U0010FFFF]")


def _line_of_offset(text: str, offset: int) -> int:
    return text.count("\n", 0, max(0, offset)) + 1


def _deepest_line(text: str) -> int:
    """The line with the most nesting (flow brackets or indentation), to point at."""
    best, best_line, flow = -1, 1, 0
    for number, line in enumerate(text.split("\n"), start=1):
        flow += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        depth = max(flow, (len(line) - len(line.lstrip(" -"))) // 2)
        if depth > best:
            best, best_line = depth, number
    return best_line


def load_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file; every failure becomes a located CurationError."""
    text = read_text_file(path, display)
    try:
        return yaml.load(text, Loader=_LocatingLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise CurationError(
            [Problem(display, line, "(yaml)", f"malformed YAML at column {column}: {reason}")]
        ) from exc
    except yaml.reader.ReaderError as exc:
        # A NUL or other control character: the reader reports an offset (of characters
        # or of bytes, depending on the parser), not a line; find the character itself.
        bad = _NOT_YAML.search(text)
        line = _line_of_offset(text, bad.start()) if bad else 1
        shown = repr(bad.group(0)) if bad else "a character"
        raise CurationError([Problem(display, line, "(yaml)",
                                     f"{shown} is not allowed in YAML text ({exc.reason})")]
                            ) from None
    except yaml.YAMLError as exc:
        raise CurationError([Problem(display, 1, "(yaml)",
                                     f"malformed YAML: {str(exc).splitlines()[0]}")]) from None
    except RecursionError:
        raise CurationError([Problem(display, _deepest_line(text), "(yaml)",
                                     "nested too deeply for the YAML reader")]) from None


@dataclass
class Evidence:
    """One quoted span that supports some fields of a record."""

    quote: str
    start: int
    end: int
    source: str
    supports: tuple[str, ...]  # field names; empty means every field of the record
    line: int


@dataclass
class Record:
    """One curated entity, with the location of each of its fields."""

    id: str
    type: str
    path: str
    line: int
    values: dict[str, Any]
    field_lines: dict[str, int]
    evidence: list[Evidence] = field(default_factory=list)

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)


@dataclass
class RecordFile:
    path: str
    source: str
    records: list[Record]
    # Ids of records left out for an unknown type: references to them are not reported
    # again, so that one misspelt type gives one line.
    untyped: set[str] = field(default_factory=set)


FILE_SHAPE = ("a record file is a mapping: 'source: <source id>' and then 'records:' with "
              "the list of records")


def sorted_place(item_id: str, earlier: set[str]) -> str:
    """Where an item out of order belongs among the ids before it."""
    before = [other for other in earlier if other < item_id]
    return f"move it just after '{max(before)}'" if before else "move it to the top"


def _shape_of(data: Any) -> str:
    if isinstance(data, list):
        return "a list (put it under 'records:' and add 'source: <source id>' above it)"
    if data is None:
        return "an empty file"
    return f"a {type(data).__name__}"


def _item_line(container: Any, index: int, default: int) -> int:
    lines = getattr(container, "item_lines", None)
    return lines[index] if lines and index < len(lines) else default


def parse_record_file(path: Path, display: str) -> tuple[RecordFile | None, list[Problem]]:
    """Read one record file into Records; structural problems are returned, not raised."""
    problems: list[Problem] = []
    try:
        data = load_yaml(path, display)
    except CurationError as exc:
        return None, exc.problems

    def problem(line: int, name: str, message: str) -> None:
        problems.append(Problem(display, line, name, message))

    if not isinstance(data, dict):
        problem(getattr(data, "line", 1) or 1, "(file)",
                f"expected a mapping with keys 'source' and 'records', got {_shape_of(data)}; "
                f"{FILE_SHAPE}")
        return None, problems
    for key, line in data.duplicate_keys:
        problem(line, key, "duplicate key in mapping")
    for name, key, line in _nested_duplicates(data.get("records")):
        problem(line, f"{name}.{key}" if name else str(key), "duplicate key in mapping")
    source = data.get("source")
    if not isinstance(source, str) or not source:
        problem(data.key_lines.get("source", data.line), "source",
                "missing or empty: the id of the source document this file curates")
        source = ""
    raw_records = data.get("records")
    if not isinstance(raw_records, list):
        problem(data.key_lines.get("records", data.line), "records", "expected a list of records")
        return None, problems
    for key in data:
        if key not in ("source", "records"):
            problem(data.key_lines[key], key, "unknown top-level key")

    records: list[Record] = []
    untyped: set[str] = set()
    seen: set[str] = set()
    previous = ""
    for index, raw in enumerate(raw_records):
        line = _item_line(raw_records, index, raw_records.line)
        if not isinstance(raw, dict):
            problem(line, "records", f"item {index + 1} is not a mapping")
            continue
        first_problem = len(problems)
        record = _parse_record(raw, display, source, problems)
        record_id = raw.get("id")
        if isinstance(record_id, str):
            if previous and record_id < previous and record_id not in seen:
                problem(raw.key_lines.get("id", line), "id",
                        f"records are not sorted by id: '{record_id}' comes after "
                        f"'{previous}'; {sorted_place(record_id, seen)}")
            previous = max(previous, record_id)
            seen.add(record_id)
            problems[first_problem:] = [replace(p, record=record_id)
                                        for p in problems[first_problem:]]
            if record is None and raw.get("type") not in CURATED_TYPES:
                untyped.add(record_id)
        if record is not None:
            records.append(record)
    return RecordFile(display, source, records, untyped), problems


def _nested_duplicates(records: Any) -> list[tuple[str, Any, int]]:
    """Repeated keys below the record level (a label's languages, an evidence item):
    PyYAML would let the last one win silently. Record-level keys are reported per record."""
    found: list[tuple[str, Any, int]] = []
    pending: list[tuple[str, Any, int]] = []
    if isinstance(records, list):
        for record in records:
            if isinstance(record, dict):
                pending += [(str(k), v, 0) for k, v in record.items()]
    while pending:
        name, value, depth = pending.pop()
        if isinstance(value, LocatedDict):
            found += [(name, key, line) for key, line in value.duplicate_keys]
            pending += [(f"{name}.{k}", v, depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            pending += [(f"{name}[{i}]", v, depth + 1) for i, v in enumerate(value)]
    return found


def _parse_record(raw: LocatedDict, display: str, source: str,
                  problems: list[Problem]) -> Record | None:
    def problem(line: int, name: str, message: str) -> None:
        problems.append(Problem(display, line, name, message))

    for key, line in raw.duplicate_keys:
        problem(line, key, "duplicate key in record")
    record_id = raw.get("id")
    record_type = raw.get("type")
    if not isinstance(record_id, str) or not ID_PATTERN.match(record_id):
        problem(raw.key_lines.get("id", raw.line), "id",
                f"missing or malformed id {record_id!r}: use lower-case letters, digits and '-'")
        return None
    if record_type not in CURATED_TYPES:
        close = difflib.get_close_matches(str(record_type), sorted(CURATED_TYPES), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problem(raw.key_lines.get("type", raw.line), "type",
                f"unknown record type {record_type!r}; {hint}known: "
                f"{', '.join(sorted(CURATED_TYPES))}")
        return None
    allowed = fields_for(record_type)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, value in raw.items():
        line = raw.key_lines[key]
        if key in STRUCTURAL_KEYS:
            continue
        if key not in allowed:
            problem(line, key, f"unknown field for a {record_type}; allowed: "
                    f"{', '.join(sorted(allowed))}")
            continue
        values[key] = value
        lines[key] = line
    # List items keep their own lines, addressed as "field[index]".
    for key, value in values.items():
        if isinstance(value, LocatedList):
            for index in range(len(value)):
                lines[f"{key}[{index}]"] = _item_line(value, index, lines[key])
    record = Record(record_id, record_type, display, raw.line, values, lines)
    lines["id"] = raw.key_lines.get("id", raw.line)
    lines["type"] = raw.key_lines.get("type", raw.line)
    record.evidence = _parse_evidence(raw, record, source, problems)
    return record


def _parse_evidence(raw: LocatedDict, record: Record, source: str,
                    problems: list[Problem]) -> list[Evidence]:
    items = raw.get("evidence")
    line = raw.key_lines.get("evidence", raw.line)
    if items is None:
        problems.append(Problem(record.path, raw.line, "evidence",
                                f"record '{record.id}' has no evidence"))
        return []
    if not isinstance(items, list) or not items:
        problems.append(Problem(record.path, line, "evidence", "expected a non-empty list"))
        return []
    result: list[Evidence] = []
    for index, item in enumerate(items):
        item_line = _item_line(items, index, line)
        name = f"evidence[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(record.path, item_line, name, "expected a mapping"))
            continue
        ok = True
        for key in item:
            if key not in EVIDENCE_KEYS:
                problems.append(Problem(record.path, item.key_lines[key], f"{name}.{key}",
                                        "unknown evidence key"))
        quote = item.get("quote")
        if not isinstance(quote, str) or not quote.strip():
            problems.append(Problem(record.path, item.key_lines.get("quote", item_line),
                                    f"{name}.quote", "missing or empty quote"))
            ok = False
        offsets = {}
        for key in ("start", "end"):
            value = item.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(Problem(record.path, item.key_lines.get(key, item_line),
                                        f"{name}.{key}",
                                        f"expected a character offset (integer >= 0), "
                                        f"got {value!r}"))
                ok = False
            offsets[key] = value
        if ok and offsets["end"] <= offsets["start"]:
            problems.append(Problem(record.path, item.key_lines["end"], f"{name}.end",
                                    "end must be greater than start"))
            ok = False
        if ok and offsets["end"] - offsets["start"] != len(quote):
            # Reported, but the item is kept so its fields do not also read as unsupported.
            problems.append(Problem(record.path, item.key_lines["end"], f"{name}.end",
                                    f"end - start is {offsets['end'] - offsets['start']} "
                                    f"but the quote has {len(quote)} characters"))
        if ok and len(quote.split()) > MAX_QUOTE_WORDS:
            problems.append(Problem(record.path, item.key_lines["quote"], f"{name}.quote",
                                    f"quote has {len(quote.split())} words; cite the smallest "
                                    "span (at most about 25 words)"))
        supports = item.get("supports", [])
        if not isinstance(supports, list) or not all(isinstance(s, str) for s in supports):
            problems.append(Problem(record.path, item.key_lines.get("supports", item_line),
                                    f"{name}.supports", "expected a list of field names"))
            supports = []
        allowed = fields_for(record.type)
        for sindex, supported in enumerate(supports):
            if supported not in allowed:
                problems.append(Problem(record.path, _item_line(supports, sindex, item_line),
                                        f"{name}.supports",
                                        f"'{supported}' is not a field of a {record.type}"))
            elif supported not in record.values:
                problems.append(Problem(record.path, _item_line(supports, sindex, item_line),
                                        f"{name}.supports",
                                        f"'{supported}' {ABSENT_SUPPORTED}; add {supported}: "
                                        "to the record or remove it from supports"))
        item_source = item.get("source", source)
        if ok:
            result.append(Evidence(quote, offsets["start"], offsets["end"], str(item_source),
                                   tuple(supports), item_line))
    # Every field that states a fact must be supported by some evidence span.
    supported_all = any(not e.supports for e in result)
    covered = {name for e in result for name in e.supports}
    # Curator texts (translated or identified) are not the source's words: no quote covers them.
    unquoted = {"note"} | CURATOR_TEXT_NAMES | wholly_curator_texts(record.values)
    if result and not supported_all:
        for name in record.values:
            if name not in unquoted and name not in covered:
                problems.append(Problem(record.path, record.line_of(name), name,
                                        "no evidence item supports this field"))
    return result
