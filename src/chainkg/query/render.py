"""Query results as text: an aligned table for people, and the SPARQL 1.1 result formats.

- ``table``: aligned columns; IRIs shortened with the project's prefixes, long values cut.
- ``csv``: SPARQL 1.1 Query Results CSV (plain values, full IRIs; CRLF line ends).
- ``tsv``: SPARQL 1.1 Query Results TSV (terms in N-Triples syntax, lossless).
- ``json``: SPARQL 1.1 Query Results JSON, the format endpoints speak (lossless).
- ``ttl``, ``nt``, ``jsonld`` for CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from ..core.namespaces import PREFIXES
from .errors import QueryError
from .results import RDF_LANGSTRING, XSD_STRING, Cell, Result

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


# Large amounts in words, for tables only (CSV, TSV, JSON and the API keep exact values).
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
          (Decimal(10) ** 6, "million"))
# Units that add no word after a number: "12 lighthouse factories", not "12 count".
UNITLESS = frozenset({"count", "rank"})


def readable_number(text: str) -> str:
    """``2200000000000`` -> ``2.2 trillion``; ``300000`` -> ``300,000``; ``12.5`` stays."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    for scale, word in SCALES:
        if abs(value) >= scale:
            return f"{value / scale:.4g} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return text


def readable(result: Result, units: Mapping[str, str]) -> Result:
    """Amount columns as words with their unit (``2.2 trillion yuan``), for the table.

    ``units`` maps an amount column to the column that holds its unit (the query header's
    ``# unit:`` lines); cells of other columns are left as they are.
    """
    index = {name: i for i, name in enumerate(result.variables)}
    pairs = [(index[a], index.get(u)) for a, u in units.items() if a in index]
    if not pairs:
        return result
    rows = []
    for row in result.rows:
        cells = list(row)
        for amount, unit in pairs:
            cell = cells[amount]
            if cell is None or cell[0] != "literal":
                continue
            text = readable_number(cell[1])
            unit_cell = row[unit] if unit is not None else None
            if unit_cell is not None and unit_cell[1] not in UNITLESS:
                text = f"{text} {unit_cell[1]}"
            cells[amount] = ("literal", text, XSD_STRING, None)
        rows.append(tuple(cells))
    return Result(result.form, list(result.variables), rows, columns={})


def project(result: Result, names: Sequence[str]) -> Result:
    """Only the named columns, in that order; an unknown name is a ``QueryError``."""
    index = {name: i for i, name in enumerate(result.variables)}
    for name in names:
        if name not in index:
            close = difflib.get_close_matches(name, result.variables, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise QueryError(f"--columns: no column {name!r} (columns: "
                             f"{', '.join(result.variables)}){hint}")
    picked = [index[name] for name in names]
    rows = [tuple(row[i] for i in picked) for row in result.rows]
    columns = {n: t for n, t in result.columns.items() if n in names}
    return Result(result.form, list(names), rows, columns=columns)


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
