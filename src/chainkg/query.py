"""``chainkg query``: ask the graph a named question, or any SPARQL, and print the answer.

Output formats:

- ``table`` (default for SELECT): aligned columns for people; IRIs shortened with the
  project's prefixes, long values cut to ``--max-width`` characters.
- ``csv``: SPARQL 1.1 Query Results CSV (plain values, full IRIs; CRLF line ends).
- ``tsv``: SPARQL 1.1 Query Results TSV (terms in N-Triples syntax, lossless).
- ``json``: SPARQL 1.1 Query Results JSON, the format endpoints speak (lossless).
- ``ttl``, ``nt``, ``jsonld`` (CONSTRUCT and DESCRIBE; ``ttl`` is their default).

Exit codes: 0 answered, 1 the endpoint or store failed, 2 bad query, parameter or usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import unicodedata
from pathlib import Path

from .querylib import (
    Cell,
    QueryError,
    Result,
    get_query,
    list_queries,
    query_from_file,
    run,
)

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "query", help="answer a named question (competency query) or any SPARQL query",
        description="Run a named query of the library (chainkg query --list) or a SPARQL "
                    "file, on the built graph or on a remote SPARQL endpoint.",
        epilog="examples:\n"
               "  chainkg query --list\n"
               "  chainkg query plans-by-province\n"
               "  chainkg query targets --param deadline=2025 --param province=CN-JL\n"
               "  chainkg query label-search --param text=机器人 --format csv\n"
               "  chainkg query province-graph --param province=Jilin --format ttl\n"
               "  echo 'SELECT * WHERE { ?s a ckg:ActionPlan }' | chainkg query --file -\n"
               "  chainkg query targets --endpoint http://127.0.0.1:8890/sparql "
               "--default-graph https://w3id.org/chainkg/graph",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", nargs="?", help="name of a query of the library")
    p.add_argument("--list", action="store_true", help="list the named queries and parameters")
    p.add_argument("--file", metavar="FILE", help="run the SPARQL in FILE ('-' reads stdin)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a query parameter (repeatable)")
    p.add_argument("-f", "--format", choices=SELECT_FORMATS + GRAPH_FORMATS, default=None,
                   help="output format (default: table for SELECT, ttl for CONSTRUCT)")
    p.add_argument("--store", choices=("oxigraph", "memory"), default="oxigraph",
                   help="local store to load the built graph into (default: oxigraph)")
    p.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build; built if missing)")
    p.add_argument("--endpoint", metavar="URL",
                   help="query this SPARQL 1.1 endpoint instead of the local graph")
    p.add_argument("--default-graph", metavar="IRI",
                   help="with --endpoint: the named graph to query (default-graph-uri)")
    p.add_argument("--max-width", type=int, default=60, metavar="N",
                   help="table format: cut values to N characters (0: never; default 60)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="write to FILE (atomically) instead of standard output")
    p.set_defaults(handler=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    from .remote import RemoteError

    try:
        if args.list:
            if args.name or args.file:
                raise QueryError("--list takes no query name or --file")
            _write(args.output, _listing())
            return 0
        query = _resolve_query(args)
        params = _parse_params(args.param)
        form = query.form
        fmt = args.format or ("ttl" if form in ("CONSTRUCT", "DESCRIBE") else "table")
        if form in ("CONSTRUCT", "DESCRIBE") and fmt not in GRAPH_FORMATS:
            raise QueryError(f"a {form} query gives a graph: use --format "
                             f"{', '.join(GRAPH_FORMATS)}")
        if form in ("SELECT", "ASK") and fmt not in SELECT_FORMATS:
            raise QueryError(f"a {form} query gives a table: use --format "
                             f"{', '.join(SELECT_FORMATS)}")
        if args.default_graph and not args.endpoint:
            raise QueryError("--default-graph needs --endpoint")
        source = _source(args)
        result = run(source, query, params)
    except QueryError as exc:
        print(f"chainkg query: {exc}", file=sys.stderr)
        return 2
    except RemoteError as exc:
        print(f"chainkg query: {exc}", file=sys.stderr)
        return 1
    _write(args.output, render(result, fmt, args.max_width))
    return 0


def _resolve_query(args: argparse.Namespace):
    if args.file and args.name:
        raise QueryError("give a query name or --file, not both")
    if args.file:
        text = sys.stdin.read() if args.file == "-" else None
        return query_from_file(args.file, text)
    if not args.name:
        raise QueryError("give a query name (chainkg query --list shows them) or --file")
    return get_query(args.name)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r}: write KEY=VALUE")
        if key.strip() in params:
            raise QueryError(f"--param {key.strip()} given twice")
        params[key.strip()] = value
    return params


def _source(args: argparse.Namespace):
    if args.endpoint:
        from .remote import Endpoint

        return Endpoint(args.endpoint, args.default_graph)
    from .api import KnowledgeGraph

    return KnowledgeGraph.load(args.build_dir, store=args.store).graph


def _listing() -> str:
    lines = []
    for query in list_queries():
        lines.append(f"{query.name}  ({query.form}) {query.title}")
        for param in query.params:
            lines.append(f"    --param {param.describe()}")
    return "\n".join(lines) + "\n"


def _write(output: Path | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from .build import write_atomically

    output = output.resolve()
    write_atomically({output.name: text.encode("utf-8")}, output.parent)


# --------------------------------------------------------------------------- rendering

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
    from .querylib import RDF_LANGSTRING, XSD_STRING

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
    from .querylib import RDF_LANGSTRING, XSD_STRING

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
    from .namespaces import PREFIXES

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
