"""Draft records and mentions, and their YAML form (the record file format plus a
``draft`` key per record that names the rule and its confidence)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class Span:
    quote: str
    start: int
    end: int
    supports: tuple[str, ...] = ()


@dataclass
class Draft:
    """One proposed record: never a fact until a curator accepts it."""

    id: str
    type: str
    label: str
    fields: dict[str, Any]
    evidence: list[Span]
    rule: str
    confidence: float
    kind: str = ""          # for quantified items: target, achievement or baseline
    key: tuple = ()         # what makes two drafts the same proposal (deduplication)

    def record(self) -> dict[str, Any]:
        """The record as it goes into a record file (without the draft metadata)."""
        result: dict[str, Any] = {"id": self.id, "type": self.type, "label": {"en": self.label}}
        for name, value in self.fields.items():
            if value is None or value == [] or value == "":
                continue
            result[name] = value
        result["evidence"] = [_evidence_item(span) for span in self.evidence]
        return result


def _evidence_item(span: Span) -> dict[str, Any]:
    item: dict[str, Any] = {"quote": span.quote, "start": span.start, "end": span.end}
    if span.supports:
        item["supports"] = list(span.supports)
    return item


@dataclass
class Mention:
    """A vocabulary concept, division or candidate term named in the text."""

    kind: str      # jurisdiction, technology, chain-term, candidate-term
    id: str
    label: str
    span: Span
    rule: str
    count: int = 1


@dataclass
class Drafts:
    source: str
    records: list[Draft] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def by_id(self) -> dict[str, Draft]:
        return {d.id: d for d in self.records}

    def mention_ids(self, kind: str) -> set[str]:
        return {m.id for m in self.mentions if m.kind == kind}

    def jurisdiction_facts(self) -> set[str]:
        """The divisions and cities a drafted fact is about: the jurisdiction of a document,
        target, observation, body or chain, the place of a city, and each drafted city.
        A place named only in passing ("exports to Shanghai") is a mention, not a fact."""
        found: set[str] = set()
        for draft in self.records:
            for name in JURISDICTION_FIELDS:
                value = draft.fields.get(name)
                if isinstance(value, str) and value:
                    found.add(value)
            if draft.type in ("City", "District"):
                found.add(draft.id)
        return found


JURISDICTION_FIELDS = ("jurisdiction", "located_in", "ref_area")


def slug(text: str, limit: int = 60) -> str:
    """A record id made of lower-case ASCII letters, digits and '-'."""
    value = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", ""))
    value = value.strip("-")[:limit].strip("-")
    return value or "x"


def _needs_escapes(value: Any) -> bool:
    """Text that YAML would fold or refuse unless it is double-quoted with escapes: line
    and paragraph separators (NEL, U+2028, U+2029), CR, and characters that do not print."""
    if isinstance(value, str):
        return not value.isprintable() or any(c in value for c in "\x85\u2028\u2029\r")
    if isinstance(value, dict):
        return any(_needs_escapes(v) for v in value.values())
    if isinstance(value, list):
        return any(_needs_escapes(v) for v in value)
    return False


def flow(value: Any) -> str:
    """A YAML value on one line, as curators write them (``{en: ...}``, ``[a, b]``)."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                            width=1 << 30, sort_keys=False,
                            default_style='"' if _needs_escapes(value) else None)
    dumped = dumped.strip()
    if dumped.endswith("\n..."):
        dumped = dumped[: -len("\n...")]
    elif dumped.endswith("..."):
        dumped = dumped[:-3].rstrip()
    return dumped


def render_record(record: dict[str, Any], indent: str = "  ") -> str:
    """One record in the layout of graph/records/*.yaml."""
    lines = [f"{indent}- id: {flow(record['id'])}"]
    inner = indent + "  "
    for name, value in record.items():
        if name in ("id", "evidence"):
            continue
        lines.append(f"{inner}{name}: {flow(value)}")
    lines.append(f"{inner}evidence:")
    for item in record["evidence"]:
        lines.append(f"{inner}  - quote: {flow(item['quote'])}")
        lines.append(f"{inner}    start: {item['start']}")
        lines.append(f"{inner}    end: {item['end']}")
        if item.get("supports"):
            lines.append(f"{inner}    supports: {flow(item['supports'])}")
    return "\n".join(lines) + "\n"


def render_drafts(drafts: Drafts) -> str:
    """The drafts file: deterministic YAML, records sorted by id, mentions by kind and id."""
    out = [
        "# Draft records proposed by `chainkg extract`: proposals with evidence, not facts.",
        "# Review them with `chainkg review SOURCE --accept ID...`; the `draft` key of each",
        "# record names the rule that proposed it and its confidence, and is dropped on accept.",
        f"source: {flow(drafts.source)}",
        "records:" if drafts.records else "records: []",
    ]
    for draft in sorted(drafts.records, key=lambda d: d.id):
        text = render_record(draft.record())
        meta: dict[str, Any] = {"rule": draft.rule, "confidence": draft.confidence}
        if draft.kind:
            meta["kind"] = draft.kind
        out.append(text + f"    draft: {flow(meta)}\n")
    groups = (("jurisdictions", "jurisdiction"), ("technologies", "technology"),
              ("chain_terms", "chain-term"), ("candidate_terms", "candidate-term"))
    for title, kind in groups:
        items = sorted((m for m in drafts.mentions if m.kind == kind),
                       key=lambda m: (m.id, m.span.start))
        if not items:
            out.append(f"{title}: []")
            continue
        out.append(f"{title}:")
        for m in items:
            out.append(f"  - id: {flow(m.id)}")
            out.append(f"    label: {flow(m.label)}")
            out.append(f"    quote: {flow(m.span.quote)}")
            out.append(f"    start: {m.span.start}")
            out.append(f"    end: {m.span.end}")
            out.append(f"    occurrences: {m.count}")
            out.append(f"    rule: {flow(m.rule)}")
    return "\n".join(out).rstrip("\n") + "\n"
