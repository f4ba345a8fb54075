"""``chainkg query`` (ask the graph a named question, or any SPARQL) and ``chainkg push``.

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
import os
import sys
from pathlib import Path

from ..core.files import missing_folder, write_atomically
from ..core.namespaces import SOURCE
from ..core.paths import default_build_dir, default_sources_dir, display_path
from ..query import QueryError, get_query, list_queries, query_from_file, run
from ..query.push import DEFAULT_GRAPH, push
from ..query.remote import RemoteError
from ..query.render import GRAPH_FORMATS, SELECT_FORMATS, project, readable, render
from ..query.results import XSD_STRING, Result


def register(sub: argparse._SubParsersAction) -> None:
    _register_query(sub)
    _register_push(sub)


def _register_query(sub: argparse._SubParsersAction) -> None:
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
    p.add_argument("--columns", metavar="A,B,C",
                   help="only these columns, in this order (every format); 'all' prints every "
                        "column in the table format, whose default is the query's '# show:' set")
    p.add_argument("--sources", type=Path, default=None, metavar="DIR",
                   help="folder of full source texts: results with source, start and end "
                        "columns (evidence) get the whole sentence around each quote "
                        "(default: $CHAINKG_SOURCES when set)")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="write to FILE (atomically) instead of standard output; its folder "
                        "must exist")
    p.set_defaults(handler=cmd_query, explain_extras=_explain_extras)


def _explain_extras(args: argparse.Namespace, extras: list[str]) -> str | None:
    """``--param deadline 2025`` leaves ``2025`` over: say how to write it."""
    for pair in args.param:
        if "=" not in pair and extras and not extras[0].startswith("-"):
            return (f"--param {pair} {extras[0]}: use KEY=VALUE, e.g. "
                    f"--param {pair}={extras[0]}")
    return None


def cmd_query(args: argparse.Namespace) -> int:
    try:
        if args.output is not None and (problem := missing_folder(args.output)):
            raise QueryError(problem)
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
        sources_dir = args.sources if args.sources is not None else default_sources_dir()
        if sources_dir is not None and result.form == "SELECT":
            result = with_sentences(result, sources_dir)
        result, note = _shape(result, query, fmt, args.columns)
    except QueryError as exc:
        print(f"chainkg query: {exc}", file=sys.stderr)
        return 2
    except RemoteError as exc:
        print(f"chainkg query: {exc}", file=sys.stderr)
        return 1
    _write(args.output, render(result, fmt, args.max_width) + note)
    return 0


def _shape(result, query, fmt: str, columns: str | None):
    """Columns and amounts as asked: ``--columns``, or the query's ``# show:`` set for a
    table, whose amounts read as words (CSV, TSV and JSON keep every exact value)."""
    if result.form != "SELECT":
        if columns:
            raise QueryError(f"--columns applies to SELECT queries, not {result.form}")
        return result, ""
    wanted = [c.strip() for c in columns.split(",") if c.strip()] if columns else []
    if fmt == "table":
        result = readable(result, query.units)
        if not columns and query.show:
            wanted = [c for c in query.show if c in result.variables]
            if "sentence" in result.variables and "sentence" not in wanted:
                wanted.append("sentence")
    if wanted == ["all"]:
        return result, ""
    if not wanted:
        return result, ""
    hidden = [v for v in result.variables if v not in wanted]
    result = project(result, wanted)
    note = f"({len(hidden)} more columns: {', '.join(hidden)}; --columns all shows " \
        "every one)\n" if fmt == "table" and not columns and hidden else ""
    return result, note


def with_sentences(result: Result, sources_dir: Path) -> Result:
    """Add a ``sentence`` column: the whole sentence around each quote, from the source text.

    Applies to results with ``source``, ``start`` and ``end`` columns (the evidence query);
    rows whose source text is not in ``sources_dir`` get no sentence.
    """
    from ..core.paths import data_layout
    from ..curation.sources import load_manifest, read_text, sentence_around

    names = result.variables
    if not {"source", "start", "end"} <= set(names) or "sentence" in names:
        return result
    manifest, _ = load_manifest(data_layout().sources_manifest, "sources.yaml")
    texts: dict[str, str | None] = {}
    at = {name: names.index(name) for name in ("source", "start", "end")}
    rows = []
    for row in result.rows:
        source, start, end = (row[at[name]] for name in ("source", "start", "end"))
        sentence = None
        if source and start and end and source[1].startswith(str(SOURCE)):
            source_id = source[1][len(str(SOURCE)):]
            if source_id not in texts:
                try:
                    texts[source_id] = read_text(sources_dir, manifest[source_id])
                except (KeyError, OSError, UnicodeDecodeError):
                    texts[source_id] = None
            text = texts[source_id]
            if text is not None:
                begin, stop = sentence_around(text, int(start[1]), int(end[1]))
                sentence = ("literal", " ".join(text[begin:stop].split()), XSD_STRING, None)
        rows.append((*row, sentence))
    return Result(result.form, [*names, "sentence"], rows, columns=dict(result.columns))


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
        from ..query.remote import Endpoint

        return Endpoint(args.endpoint, args.default_graph)
    from ..api import KnowledgeGraph

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
    output = output.resolve()
    write_atomically({output.name: text.encode("utf-8")}, output.parent)


def _register_push(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "push", help="upload the built graph to a SPARQL Graph Store endpoint (e.g. Virtuoso)",
        description="Replace a named graph on a triple store with the built graph "
                    "(SPARQL 1.1 Graph Store HTTP Protocol, PUT).")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store endpoint, e.g. "
                        "http://127.0.0.1:8890/sparql-graph-crud-auth")
    p.add_argument("--graph", default=DEFAULT_GRAPH, metavar="IRI",
                   help=f"named graph to replace (default: {DEFAULT_GRAPH})")
    p.add_argument("--user", help="user name for HTTP authentication")
    p.add_argument("--password-env", metavar="VAR",
                   help="environment variable that holds the password")
    p.add_argument("--auth", choices=("digest", "basic"), default="digest",
                   help="HTTP authentication scheme (default: digest, as Virtuoso wants)")
    p.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build)")
    p.set_defaults(handler=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    build_dir = args.build_dir or default_build_dir()
    ntriples = build_dir / "chainkg.nt"
    if not ntriples.is_file():
        print(f"chainkg push: {display_path(ntriples)} is missing; run chainkg build first",
              file=sys.stderr)
        return 2
    password = None
    if args.user:
        if not args.password_env:
            print("chainkg push: --user needs --password-env VAR", file=sys.stderr)
            return 2
        password = os.environ.get(args.password_env)
        if password is None:
            print(f"chainkg push: environment variable {args.password_env} is not set",
                  file=sys.stderr)
            return 2
    elif args.password_env:
        print("chainkg push: --password-env needs --user", file=sys.stderr)
        return 2
    try:
        result = push(ntriples, args.endpoint, args.graph, args.user, password, args.auth)
    except RemoteError as exc:
        print(f"chainkg push: {exc}", file=sys.stderr)
        return 1
    print(f"pushed {result.triples} triples to <{result.graph}> at {args.endpoint} "
          f"(HTTP {result.status})")
    return 0
