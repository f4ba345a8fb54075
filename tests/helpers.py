"""Helpers for tests that edit a private copy of the fixture data."""

from __future__ import annotations

from pathlib import Path

from conftest import compose_data

RECORDS = Path("graph/records/000_514a004910d82cf7.yaml")


def copy_data(dest: Path) -> Path:
    """Copy the live ontology and reference table and the fixture records and manifest."""
    return compose_data(dest)


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old; return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old):], encoding="utf-8")
    return text.count("\n", 0, index) + 1 + old[: len(old) - len(old.lstrip("\n"))].count("\n")


def line_of(path: Path, text: str, after: str = "") -> int:
    """1-based line of the first occurrence of text (after the first occurrence of after)."""
    content = path.read_text(encoding="utf-8")
    start = content.index(after) if after else 0
    return content.count("\n", 0, content.index(text, start)) + 1
