"""``chainkg serve``: a read-only SPARQL 1.1 endpoint and the named queries over HTTP.

Routes (all GET; ``/sparql`` also takes POST as the SPARQL 1.1 Protocol says):

- ``/``                      the explorer's overview: map, division × strategy matrix
- ``/id/…``, ``/vocab/…``, ``/source/…``, ``/ontology``, ``/timeline``: the explorer
                             (``chainkg.web.explorer``): HTML, or Turtle, N-Triples, JSON-LD
                             by Accept or a ``.ttl``/``.nt``/``.jsonld`` extension; ETag and
                             304 on ``If-None-Match``
- ``/endpoint``              an HTML page: the named queries, a query form, the graph view
- ``/sparql``                SPARQL 1.1 Protocol query operation (``query=``; form or
                             ``application/sparql-query`` body). Updates are refused (403).
- ``/queries``               the named queries and their parameters, as JSON
- ``/queries/NAME``          run a named query; other URL parameters are its parameters
- ``/view``, ``/graph``      the interactive graph view (``chainkg view``), self-contained

Result formats follow ``format=`` (``json``, ``csv``, ``tsv``, ``html``, ``ttl``, ``nt``,
``jsonld``) or else the Accept header; the default is SPARQL JSON results for SELECT/ASK
and Turtle for CONSTRUCT/DESCRIBE. Errors are ``text/plain`` with one line: 400 for a bad
query or parameter, 404 for an unknown route or query.

The server binds to 127.0.0.1 unless told otherwise, never changes the graph, and never
fetches anything (SERVICE is refused, see ``chainkg.query.sparql.refuse_network_access``). It is the
standard library's threading HTTP server: a read-only endpoint over one in-process store
needs no framework, and none of the SPARQL servers on PyPI serves this project's named
queries with typed parameters.
"""

from __future__ import annotations

import html
import json
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from ..api import KnowledgeGraph
from ..query import (
    NamedQuery,
    QueryError,
    Result,
    UnknownQueryError,
    adhoc_query,
    get_query,
    list_queries,
    run,
)
from .explorer import Explorer, Page, choose_format, split_extension

MAX_BODY = 1_000_000
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
SELECT_FORMATS = ("json", "csv", "tsv", "html")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
ACCEPTED = {
    "application/sparql-results+json": "json", "application/json": "json",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
    "text/turtle": "ttl", "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "jsonld",
}
RESERVED = {"format"}


class HttpError(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def negotiate(form: str, requested: str | None, accept: str) -> str:
    """The output format: ``format=`` first, then the Accept header, then the default."""
    allowed = GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else SELECT_FORMATS
    if requested:
        if requested not in allowed:
            raise HttpError(HTTPStatus.BAD_REQUEST,
                            f"format {requested!r} does not fit a {form} query; use one of "
                            f"{', '.join(allowed)}")
        return requested
    ranked = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        weight = 1.0
        for piece in pieces[1:]:
            if piece.startswith("q="):
                try:
                    weight = float(piece[2:])
                except ValueError:
                    weight = 0.0
        ranked.append((-weight, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        fmt = ACCEPTED.get(media)
        if fmt in allowed:
            return fmt
    return allowed[0]


def render_html_table(result: Result, title: str) -> str:
    """A SELECT result as an HTML page; every value is escaped."""
    head = "".join(f"<th>{html.escape(v)}</th>" for v in result.variables)
    rows = []
    for row in result.rows:
        cells = "".join(f"<td>{html.escape('' if c is None else c[1])}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return PAGE.format(title=html.escape(title), body=(
        f"<p>{len(result.rows)} row(s)</p><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"))


def render_result(result: Result, fmt: str, title: str) -> bytes:
    from ..query.render import render

    if fmt == "html":
        if result.form == "ASK":
            text = PAGE.format(title=html.escape(title),
                               body=f"<p>{str(bool(result.boolean)).lower()}</p>")
        else:
            text = render_html_table(result, title)
    else:
        text = render(result, fmt)
    return text.encode("utf-8")


def index_page(queries: list[NamedQuery]) -> str:
    items = []
    for query in queries:
        params = ", ".join(html.escape(p.describe()) for p in query.params) or "no parameters"
        items.append(
            f'<li><a href="/queries/{quote(query.name)}?format=html">'
            f"{html.escape(query.name)}</a>: {html.escape(query.title)} "
            f"<small>({params})</small></li>")
    body = (
        "<p>A read-only SPARQL 1.1 endpoint at <code>/sparql</code>; the project's prefixes "
        "(<code>ckg:</code>, <code>id:</code>, <code>skos:</code>, …) are predeclared.</p>"
        '<form action="/sparql" method="post"><input type="hidden" name="format" value="html">'
        '<textarea name="query" rows="6" cols="90">'
        "SELECT ?plan ?label WHERE { ?plan a/rdfs:subClassOf* ckg:PolicyDocument ; "
        "rdfs:label ?label . FILTER(LANG(?label) = \"en\") } ORDER BY ?label</textarea><br>"
        '<button type="submit">Run</button></form>'
        f"<h2>Named queries</h2><ul>{''.join(items)}</ul>"
        '<p><a href="/view">Interactive graph view</a> · <a href="/queries">queries as JSON</a>'
        "</p>")
    return PAGE.format(title="chainkg", body=body)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:80em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;
text-align:left;vertical-align:top}}th{{background:#f3f3f3}}</style></head>
<body><h1>{title}</h1>{body}</body></html>
"""


class ChainkgServer(ThreadingHTTPServer):
    """Holds the loaded graph; each request runs in its own thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], kg: KnowledgeGraph):
        super().__init__(address, Handler)
        self.kg = kg
        # rdflib's in-memory store is not safe for concurrent readers; Oxigraph is.
        self.lock = threading.Lock() if kg.store == "memory" else None
        self._view: bytes | None = None
        self._explorer = None
        self._pages: dict[tuple[str, str], Page] = {}
        self._pages_lock = threading.Lock()

    @property
    def explorer(self) -> Explorer:
        with self._pages_lock:
            if self._explorer is None:
                self._explorer = Explorer.from_kg(self.kg)
            return self._explorer

    def page(self, path: str, accept: str) -> Page | None:
        """An explorer page, rendered once per path and format (the graph never changes)."""
        stem, ext = split_extension(path.strip("/"))
        key = (stem, ext or choose_format(accept))
        cached = self._pages.get(key)
        if cached is None:
            explorer = self.explorer
            with self._pages_lock:
                cached = self._pages.get(key)
                if cached is None:
                    cached = explorer.page(f"{stem}.{key[1]}" if key[1] != "html" else stem)
                    if cached is not None:
                        self._pages[key] = cached
        return cached

    def answer(self, query: NamedQuery, params: dict[str, str]) -> Result:
        if self.lock is None:
            return run(self.kg.graph, query, params)
        with self.lock:
            return run(self.kg.graph, query, params)

    def view_page(self) -> bytes:
        if self._view is None:
            from ..network.view import render

            self._view = render(self.kg.to_networkx()).html.encode("utf-8")
        return self._view


class Handler(BaseHTTPRequestHandler):
    server: ChainkgServer
    server_version = "chainkg"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._dispatch(body=None)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send_error(HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                       f"request body over {MAX_BODY} bytes"))
            return
        self._dispatch(body=self.rfile.read(length))

    def do_PUT(self) -> None:  # noqa: N802
        self._send_error(HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "this endpoint is read-only"))

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _dispatch(self, body: bytes | None) -> None:
        try:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            if body is not None:
                params.update(self._body_params(body))
            self._route(url.path, params)
        except HttpError as exc:
            self._send_error(exc)
        except UnknownQueryError as exc:
            self._send_error(HttpError(HTTPStatus.NOT_FOUND, str(exc)))
        except QueryError as exc:
            self._send_error(HttpError(HTTPStatus.BAD_REQUEST, str(exc)))

    def _body_params(self, body: bytes) -> dict[str, str]:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        text = body.decode("utf-8", errors="replace")
        if content_type == "application/sparql-query":
            return {"query": text}
        if content_type == "application/sparql-update":
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
        if content_type in ("application/x-www-form-urlencoded", ""):
            return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"unsupported request body type {content_type!r}")

    def _route(self, path: str, params: dict[str, str]) -> None:
        if path == "/endpoint":
            self._send(HTTPStatus.OK, "html", index_page(list_queries()).encode("utf-8"))
        elif path == "/sparql":
            self._sparql(params)
        elif path == "/queries":
            listing = [{"name": q.name, "title": q.title, "description": q.description,
                        "form": q.form,
                        "params": [{"name": p.name, "type": p.type,
                                    "default": None if p.default is None else str(p.default),
                                    "required": p.required, "help": p.help}
                                   for p in q.params]}
                       for q in list_queries()]
            self._send(HTTPStatus.OK, "json-plain",
                       (json.dumps(listing, ensure_ascii=False, indent=1) + "\n").encode())
        elif path.startswith("/queries/"):
            query = get_query(path.removeprefix("/queries/"))
            args = {k: v for k, v in params.items() if k not in RESERVED}
            self._answer(query, args, params.get("format"))
        elif path in ("/view", "/graph"):
            self._send(HTTPStatus.OK, "html", self.server.view_page())
        else:
            page = self.server.page(path, self.headers.get("Accept") or "")
            if page is None:
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such page: {path}")
            self._send_page(page)

    def _send_page(self, page: Page) -> None:
        """An explorer page with caching headers: its ETag is the build's digest."""
        etag = f'"{self.server.explorer.digest}"'
        wanted = [tag.strip() for tag in (self.headers.get("If-None-Match") or "").split(",")]
        fresh = etag in wanted or "*" in wanted
        self.send_response(HTTPStatus.NOT_MODIFIED if fresh else HTTPStatus.OK)
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "public, no-cache")
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        if fresh:
            self.end_headers()
            return
        self.send_header("Content-Type", f"{page.media}; charset=utf-8")
        self.send_header("Content-Length", str(len(page.body)))
        if page.media == "text/html":
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; script-src 'unsafe-inline'; "
                             "style-src 'unsafe-inline'; img-src data:; form-action 'self'")
        self.end_headers()
        self.wfile.write(page.body)

    def _sparql(self, params: dict[str, str]) -> None:
        if "update" in params:
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only: no updates")
        text = params.get("query")
        if not text:
            raise HttpError(HTTPStatus.BAD_REQUEST, "missing 'query' parameter")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise HttpError(HTTPStatus.BAD_REQUEST,
                            "this endpoint serves one graph: default-graph-uri and "
                            "named-graph-uri are not supported")
        self._answer(adhoc_query(text, origin="query"), {}, params.get("format"))

    def _answer(self, query: NamedQuery, args: dict[str, str], requested: str | None) -> None:
        fmt = negotiate(query.form, requested, self.headers.get("Accept") or "")
        result = self.server.answer(query, args)
        self._send(HTTPStatus.OK, fmt, render_result(result, fmt, query.title or query.name))

    def _send(self, status: HTTPStatus, fmt: str, payload: bytes) -> None:
        media = "application/json" if fmt == "json-plain" else MEDIA_TYPES[fmt]
        self.send_response(status)
        self.send_header("Content-Type", f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if fmt == "html":
            # The pages inline everything they use; nothing may be loaded from elsewhere.
            self.send_header("Content-Security-Policy",
                             "default-src 'none'; script-src 'unsafe-inline'; "
                             "style-src 'unsafe-inline'; img-src data:; form-action 'self'")
        self.end_headers()
        self.wfile.write(payload)

    def _send_error(self, error: HttpError) -> None:
        payload = (error.message + "\n").encode("utf-8")
        self.send_response(error.status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        if error.status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, POST")
        self.end_headers()
        self.wfile.write(payload)


def make_server(kg: KnowledgeGraph, host: str = "127.0.0.1", port: int = 8000
                ) -> ChainkgServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever()."""
    return ChainkgServer((host, port), kg)
