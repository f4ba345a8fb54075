"""Query results as text: an aligned table for people, and the SPARQL 1.1 result formats.

- ``table``: aligned columns; IRIs shortened with the project's prefixes, long values cut.
- ``csv``: SPARQL 1.1 Query Results CSV (plain values, full IRIs; CRLF line ends).
- ``tsv``: SPARQL 1.1 Query Results TSV (terms in N-Triples syntax, lossless).
- ``json``: SPARQL 1.1 Query Results JSON, the format endpoints speak (lossless).
- ``ttl``, ``nt``, ``jsonld`` for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from ..core.namespaces import PREFIXES
from .results import RDF_LANGSTRING, XSD_STRING, Cell, Result

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def render(result: Result, fmt: str, max_width: int = 60) -> str:
    """The result as text in one of the output formats (see the module docstring)."""
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        text = result.graph.serialize(format=RDFLIB_FORMATS[fmt])
        return text if text.endswith("\n") else text + "\n"
    if result.form == "ASK":
        return _render_boolean(bool(result.boolean), fmt)
    if fmt == "csv":
        return _render_csv(result)
    if fmt == "tsv":
        return _render_tsv(result)
    if fmt == "json":
        return _render_json(result)
    return _render_table(result, max_width)


def _render_boolean(value: bool, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    if fmt == "csv":
        return f"_askResult\r\n{str(value).lower()}\r\n"
    if fmt == "tsv":
        return f"?_askResult\n{str(value).lower()}\n"
    return f"{str(value).lower()}\n"


def _render_csv(result: Result) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if cell is None else cell[1] for cell in row])
    return out.getvalue()


def _render_tsv(result: Result) -> str:
    lines = ["\t".join(f"?{var}" for var in result.variables)]
    lines += ["\t".join(_nt(cell) for cell in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _nt(cell: Cell | None) -> str:
    if cell is None:
        return ""
    kind, value, datatype, lang = cell
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    if datatype == RDF_LANGSTRING:
        return f'"{escaped}"@{lang}'
    if datatype in (None, XSD_STRING):
        return f'"{escaped}"'
    return f'"{escaped}"^^<{datatype}>'


def _render_json(result: Result) -> str:
    bindings = []
    for row in result.rows:
        binding = {}
        for var, cell in zip(result.variables, row, strict=True):
            if cell is None:
                continue
            kind, value, datatype, lang = cell
            term: dict[str, str] = {"type": kind, "value": value}
            if kind == "literal":
                if datatype == RDF_LANGSTRING:
                    term["xml:lang"] = lang or ""
                elif datatype and datatype != XSD_STRING:
                    term["datatype"] = datatype
            binding[var] = term
        bindings.append(binding)
    document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _compact(cell: Cell | None) -> str:
    if cell is None:
        return ""
    kind, value, _, _ = cell
    if kind == "uri":
        names = [(prefix, str(ns)) for prefix, ns in PREFIXES.items() if value.startswith(str(ns))]
        if names:
            prefix, ns = max(names, key=lambda item: len(item[1]))
            return f"{prefix}:{value[len(ns):]}"
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    return " ".join(value.split())


def _width(text: str) -> int:
    """Columns the text takes in a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    if limit <= 0 or _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _render_table(result: Result, max_width: int) -> str:
    header = list(result.variables)
    body = [[_cut(_compact(cell), max_width) for cell in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    lines = [line(header), line(["-" * w for w in widths])] + [line(r) for r in body]
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"
