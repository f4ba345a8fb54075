"""Curation helpers: find a quote's offsets, and fill them into a record file in place.

The fix edits only the ``start``/``end`` scalars (located with PyYAML's node marks) so
comments and layout survive; no YAML library round-trips a file without reformatting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.files import write_atomically
from ..core.paths import data_layout, display_path
from .records import FILE_SHAPE, CurationError, Problem, load_yaml
from .sources import Source, load_manifest, locate, near_match, read_text


@dataclass
class OffsetFix:
    line: int
    quote: str
    old: tuple[str, str]
    new: tuple[int, int] | None
    message: str


def _records_node(root: yaml.Node | None, display: str) -> yaml.SequenceNode:
    """The list under ``records:``; a file of another shape is a located CurationError."""
    if not isinstance(root, yaml.MappingNode):
        shape = {yaml.SequenceNode: "a list (put it under 'records:' and add 'source: <source "
                 "id>' above it)", yaml.ScalarNode: "a single value"}.get(type(root),
                                                                       "an empty file")
        line = root.start_mark.line + 1 if root is not None else 1
        raise CurationError([Problem(display, line, "(file)",
                                     f"expected a mapping with keys 'source' and 'records', got "
                                     f"{shape}; {FILE_SHAPE}")])
    records = next((v for k, v in root.value if k.value == "records"), None)
    if not isinstance(records, yaml.SequenceNode):
        line = (records or root).start_mark.line + 1
        raise CurationError([Problem(display, line, "records", "expected a list of records")])
    return records


def _scalar(mapping: yaml.MappingNode, key: str) -> yaml.ScalarNode | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
            return value_node
    return None


def fix_offsets(path: Path, sources_dir: Path, write: bool = True) -> list[OffsetFix]:
    """Set start/end of every evidence item whose quote occurs exactly once in its source.

    A quote that already stands at its offsets keeps them; one that occurs several times
    or nowhere is reported and left alone.
    """
    layout = data_layout()
    manifest, _ = load_manifest(layout.sources_manifest, display_path(layout.sources_manifest))
    text = path.read_text(encoding="utf-8")
    display = display_path(path)
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:  # the same located message as validate's
        load_yaml(path, display)
        raise AssertionError("unreachable") from exc
    records = _records_node(root, display)
    default_source = _scalar(root, "source")
    cache: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    fixes: list[OffsetFix] = []
    for record in records.value:
        if not isinstance(record, yaml.MappingNode):
            continue
        evidence = next((v for k, v in record.value if k.value == "evidence"), None)
        if not isinstance(evidence, yaml.SequenceNode):
            continue
        for item in evidence.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            quote_node = _scalar(item, "quote")
            start_node, end_node = _scalar(item, "start"), _scalar(item, "end")
            if quote_node is None or start_node is None or end_node is None:
                continue
            source_node = _scalar(item, "source") or default_source
            source: Source | None = manifest.get(source_node.value if source_node else "")
            quote = quote_node.value
            line = quote_node.start_mark.line + 1
            old = (start_node.value, end_node.value)
            if source is None:
                fixes.append(OffsetFix(line, quote, old, None, "unknown source"))
                continue
            if source.id not in cache:
                cache[source.id] = read_text(sources_dir, source)
            source_text = cache[source.id]
            if old[0].isdigit() and old[1].isdigit() and \
                    source_text[int(old[0]):int(old[1])] == quote:
                continue
            spans = locate(source_text, quote)
            if len(spans) != 1:
                near = None if spans else near_match(source_text, quote)
                where = "nowhere" if not spans else f"{len(spans)} times"
                fixes.append(OffsetFix(line, quote, old, None,
                                       f"quote occurs {where}" + (f" ({near})" if near else "")))
                continue
            new = spans[0]
            edits.append((start_node.start_mark.index, start_node.end_mark.index, str(new[0])))
            edits.append((end_node.start_mark.index, end_node.end_mark.index, str(new[1])))
            fixes.append(OffsetFix(line, quote, old, new, "fixed"))
    for begin, finish, replacement in sorted(edits, reverse=True):
        text = text[:begin] + replacement + text[finish:]
    if write and edits:
        write_atomically({path.name: text.encode("utf-8")}, path.parent)
    return fixes
