"""How much the graph knows: figures per provincial division and per source.

The counts come from named queries (``graph-summary``, ``province-coverage``,
``source-coverage``); the share of each source text that evidence covers needs the texts'
lengths, which the caller passes in (``None`` when the texts are not at hand: the column
is then left out rather than guessed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from .execute import select_frame
from .library import adhoc_query

BEGIN_MARKER = "<!-- BEGIN chainkg stats -->"
END_MARKER = "<!-- END chainkg stats -->"

_SPANS = """
SELECT ?source_id ?start ?end WHERE {
  ?evidence a ckg:Evidence ; ckg:source ?source ; oa:start ?start ; oa:end ?end .
  ?source dcterms:identifier ?source_id .
}
"""


def covered_characters(spans: Iterable[tuple[int, int]]) -> int:
    """Characters inside at least one span (overlapping quotes count once)."""
    total, reach = 0, 0
    for start, end in sorted(spans):
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


@dataclass
class Coverage:
    """The figures of ``chainkg stats``."""

    summary: dict[str, int]
    divisions: pd.DataFrame
    sources: pd.DataFrame
    texts_measured: bool


def coverage(graph, text_lengths: Mapping[str, int] | None = None) -> Coverage:
    """The figures for a built graph; text_lengths maps source id -> characters."""
    summary_row = select_frame(graph, "graph-summary").iloc[0]
    summary = {name: int(value) for name, value in summary_row.items()}
    divisions = select_frame(graph, "province-coverage")
    sources = select_frame(graph, "source-coverage")
    if text_lengths is not None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for row in select_frame(graph, adhoc_query(_SPANS)).itertuples(index=False):
            spans.setdefault(str(row.source_id), []).append((int(row.start), int(row.end)))
        shares = []
        for source_id in sources["source_id"]:
            length = text_lengths[str(source_id)]
            covered = covered_characters(spans.get(str(source_id), []))
            shares.append(round(100 * covered / length, 1) if length else 0.0)
        sources = sources.assign(text_covered_percent=shares)
    return Coverage(summary, divisions, sources, text_lengths is not None)


def _markdown_table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    # Hand-written: pandas' to_markdown needs tabulate, a dependency for ten lines.
    def escape(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return lines


def coverage_markdown(cov: Coverage) -> str:
    """The figures as Markdown, the text that goes between the markers of docs/coverage.md."""
    s = cov.summary
    lines = [
        f"{s['sources']} sources; {s['records']} curated entities with {s['evidence_spans']} "
        f"evidence spans; {s['documents']} policy documents, {s['chains']} designated "
        f"industrial chains and {s['quantified_targets']} quantified targets; "
        f"{s['divisions_covered']} of 34 provincial-level divisions have at least one policy "
        "document or designated chain"
        + (f" ({s['divisions_named']} with a document or a named chain; "
           f"{s['divisions_covered'] - s['divisions_named']} only with a stated number of "
           "designated chains that the source does not name)."
           if s["divisions_covered"] != s["divisions_named"] else "."),
        "",
        "Per provincial division (counting its cities and districts; China stands for "
        "national items; *stated chains* is the largest number of designated chains a record "
        "of the division itself states, named or not):",
        "",
    ]
    rows = [[str(r.division_label), str(r.documents), str(r.chains), str(r.stated_chains),
             str(r.quantified_targets), str(r.technologies), str(r.sources)]
            for r in cov.divisions.itertuples()]
    lines += _markdown_table(["division", "documents", "chains", "stated chains",
                              "quantified targets", "technologies", "sources"], rows,
                             {1, 2, 3, 4, 5, 6})
    lines += ["", "Per source:", ""]
    header = ["source", "date", "entities", "evidence spans"]
    if cov.texts_measured:
        header.append("text covered by evidence")
    rows = []
    for r in cov.sources.itertuples():
        date = "" if pd.isna(r.date) else str(r.date)
        row = [f"`{r.source_id}`", date, str(r.records), str(r.evidence_spans)]
        if cov.texts_measured:
            row.append(f"{r.text_covered_percent:.1f}%")
        rows.append(row)
    lines += _markdown_table(header, rows, {2, 3, 4})
    if not cov.texts_measured:
        lines += ["", "The share of each text covered by evidence needs the source texts "
                      "(CHAINKG_SOURCES was not set), so it is left out."]
    return "\n".join(lines) + "\n"


def replace_between_markers(document: str, section: str) -> str:
    """The document with the text between the stats markers replaced by section."""
    begin, end = document.find(BEGIN_MARKER), document.find(END_MARKER)
    if begin == -1 or end < begin:
        raise ValueError(f"the document has no {BEGIN_MARKER} ... {END_MARKER} section")
    return document[:begin + len(BEGIN_MARKER)] + "\n" + section + document[end:]
