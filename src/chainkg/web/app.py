"""The ASGI application of ``chainkg serve``: every route in one table (``routes``), the
query service that hands queries to worker processes, and the headers every answer gets.

A new page is a Starlette ``Route`` added to ``routes()`` (or passed as ``extra_routes``
to ``create_app``); its handler reaches the graph through the service::

    service: QueryService = request.app.state.service
    status, content_type, body = await service.named("targets", {"province": "CN-JL"},
                                                     fmt="json")

Everything that touches the graph runs in a worker (see ``chainkg.web.worker``); the
event loop only reads requests, waits and writes answers, so the index, the listing and
cached answers are served while slow queries run.
"""

from __future__ import annotations

import asyncio
import collections
import html
import json
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..query import NamedQuery, list_queries
from ..query.library import MAX_QUERY_CHARS
from ..query.sparql import strip_comments
from .formats import PAGE, HttpError
from .worker import Limits, Reply, WorkerPool, text_reply

MAX_BODY = 1_000_000
BODY_SECONDS = 10.0
READ_ONLY = "updates are not supported by this read-only endpoint"
HTML_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
            "img-src data:; form-action 'self'; frame-ancestors 'none'")
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w\-.]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


class ResponseCache:
    """Answers of the read-only graph, kept by request and bounded by their total bytes."""

    def __init__(self, budget: int = 32_000_000, max_entry: int = 1_000_000):
        self.budget, self.max_entry, self.used = budget, max_entry, 0
        self.entries: collections.OrderedDict[tuple, Reply] = collections.OrderedDict()

    def get(self, key: tuple) -> Reply | None:
        reply = self.entries.get(key)
        if reply is not None:
            self.entries.move_to_end(key)
        return reply

    def put(self, key: tuple, reply: Reply) -> None:
        if reply[0] != 200 or len(reply[2]) > self.max_entry or key in self.entries:
            return
        self.entries[key] = reply
        self.used += len(reply[2])
        while self.used > self.budget:
            _, old = self.entries.popitem(last=False)
            self.used -= len(old[2])


class QueryService:
    """Runs queries in a pool of worker processes, at most ``workers`` at a time.

    Ad hoc SPARQL may hold all but one worker, so a named query (what the pages and the
    listing's links ask for) always finds one within a query's time limit. Requests wait
    at most ``queue_seconds`` for a worker and at most ``max_waiting`` wait at once;
    beyond that the answer is 503.
    """

    def __init__(self, ntriples: Path, store: str = "oxigraph", workers: int = 3,
                 limits: Limits | None = None, queue_seconds: float = 15.0,
                 max_waiting: int = 256):
        self.limits = limits or Limits()
        self.pool = WorkerPool(ntriples, store, max(2, workers), self.limits)
        self.executor = ThreadPoolExecutor(max_workers=len(self.pool.workers),
                                           thread_name_prefix="chainkg-query")
        self.idle: asyncio.Queue | None = None
        self.adhoc_slots = asyncio.Semaphore(len(self.pool.workers) - 1)
        self.queue_seconds, self.max_waiting, self.waiting = queue_seconds, max_waiting, 0
        self.cache = ResponseCache()
        self.view: bytes | None = None

    async def sparql(self, text: str, fmt: str | None = None, accept: str = "") -> Reply:
        key = ("sparql", text, fmt, accept)
        request = ("sparql", text, fmt, accept, self.limits)
        return await self._answer(key, request, adhoc=True)

    async def named(self, name: str, params: dict[str, str], fmt: str | None = None,
                    accept: str = "") -> Reply:
        key = ("named", name, tuple(sorted(params.items())), fmt, accept)
        request = ("named", name, dict(params), fmt, accept, self.limits)
        return await self._answer(key, request, adhoc=False)

    async def view_page(self) -> Reply:
        return await self._answer(("view",), ("view",), adhoc=False)

    async def _answer(self, key: tuple, request: tuple, adhoc: bool) -> Reply:
        if (cached := self.cache.get(key)) is not None:
            return cached
        if self.waiting >= self.max_waiting:
            return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                              "the server is busy with other queries; try again shortly")
        if self.idle is None:
            self.idle = asyncio.Queue()
            for worker in self.pool.workers:
                self.idle.put_nowait(worker)
        self.waiting += 1
        try:
            slot = self.adhoc_slots if adhoc else None
            reply = await asyncio.wait_for(self._run(request, slot), self.queue_seconds
                                           + self.limits.seconds + 60)
        except TimeoutError:
            reply = text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                               "the server is busy with other queries; try again shortly")
        finally:
            self.waiting -= 1
        self.cache.put(key, reply)
        return reply

    async def _run(self, request: tuple, slot: asyncio.Semaphore | None) -> Reply:
        assert self.idle is not None
        if slot is not None:
            try:
                await asyncio.wait_for(slot.acquire(), self.queue_seconds)
            except TimeoutError:
                return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                                  "the server is busy with other queries; try again shortly")
        try:
            try:
                worker = await asyncio.wait_for(self.idle.get(), self.queue_seconds)
            except TimeoutError:
                return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                                  "the server is busy with other queries; try again shortly")
            try:
                loop = asyncio.get_running_loop()
                # The thread waits on the worker's pipe; shielded so that a client leaving
                # does not hand the worker back while it is still busy.
                return await asyncio.shield(loop.run_in_executor(
                    self.executor, worker.call, request, self.limits.seconds))
            finally:
                self.idle.put_nowait(worker)
        finally:
            if slot is not None:
                slot.release()

    def close(self) -> None:
        self.pool.close()
        self.executor.shutdown(wait=False, cancel_futures=True)


# ---------------------------------------------------------------- routes


def reply_response(reply: Reply, extra: dict[str, str] | None = None) -> Response:
    status, content_type, body = reply
    headers = dict(extra or {})
    if content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = HTML_CSP
    return Response(body, status_code=status, headers=headers, media_type=content_type)


def error_response(error: HttpError) -> Response:
    return reply_response(text_reply(error.status, error.message), error.headers)


async def index(request: Request) -> Response:
    return reply_response((200, "text/html; charset=utf-8", request.app.state.index))


async def listing(request: Request) -> Response:
    return reply_response((200, "application/json; charset=utf-8", request.app.state.listing))


async def named_query(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.items() if k != "format"}
    service: QueryService = request.app.state.service
    reply = await service.named(request.path_params["name"], params,
                                request.query_params.get("format"),
                                request.headers.get("accept", ""))
    return reply_response(reply)


async def view(request: Request) -> Response:
    return reply_response(await request.app.state.service.view_page())


async def sparql(request: Request) -> Response:
    """SPARQL 1.1 Protocol query operation: GET ``query=``, POST form or sparql-query."""
    params = dict(request.query_params.items())
    if request.method == "POST":
        params.update(await _body_params(request))
    if "update" in params:
        raise HttpError(HTTPStatus.FORBIDDEN, READ_ONLY)
    text = params.get("query")
    if not text:
        raise HttpError(HTTPStatus.BAD_REQUEST, "missing 'query' parameter")
    if len(text) > MAX_QUERY_CHARS:
        raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"the query is {len(text):,} characters; the limit is "
                        f"{MAX_QUERY_CHARS:,}")
    if _UPDATE.match(strip_comments(text)):
        raise HttpError(HTTPStatus.BAD_REQUEST, READ_ONLY)
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        raise HttpError(HTTPStatus.BAD_REQUEST,
                        "this endpoint serves one graph: default-graph-uri and "
                        "named-graph-uri are not supported")
    service: QueryService = request.app.state.service
    # SPARQLWrapper and others name the format in format= or output=.
    fmt = params.get("format") or params.get("output")
    return reply_response(await service.sparql(text, fmt, request.headers.get("accept", "")))


async def _body_params(request: Request) -> dict[str, str]:
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
        if not length.isdigit():
            raise HttpError(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length!r}")
        raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"request body over {MAX_BODY:,} bytes")
    chunks: list[bytes] = []
    size = 0

    async def read() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_BODY:
                raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                f"request body over {MAX_BODY:,} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(read(), BODY_SECONDS)
    except TimeoutError:
        raise HttpError(HTTPStatus.REQUEST_TIMEOUT,
                        f"the request body did not arrive within {BODY_SECONDS:g} s") from None
    text = b"".join(chunks).decode("utf-8", errors="replace")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-query":
        return {"query": text}
    if content_type == "application/sparql-update":
        raise HttpError(HTTPStatus.FORBIDDEN, READ_ONLY)
    if content_type in ("application/x-www-form-urlencoded", ""):
        return {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
    raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    f"unsupported request body type {content_type!r}")


class ExplorerPages:
    """The explorer's pages (``chainkg.web.explorer``), rendered once per path and format
    in a thread (the graph never changes), from the graph the server process loaded."""

    def __init__(self, kg):
        self.kg = kg
        self._explorer = None
        self._pages: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    @property
    def explorer(self):
        with self._lock:
            if self._explorer is None:
                from .explorer import Explorer

                self._explorer = Explorer.from_kg(self.kg)
            return self._explorer

    def page(self, path: str, accept: str):
        from .explorer import choose_format, split_extension

        stem, ext = split_extension(path.strip("/"))
        key = (stem, ext or choose_format(accept))
        cached = self._pages.get(key)
        if cached is None:
            explorer = self.explorer
            with self._lock:
                cached = self._pages.get(key)
                if cached is None:
                    cached = explorer.page(f"{stem}.{key[1]}" if key[1] != "html" else stem)
                    if cached is not None:
                        self._pages[key] = cached
        return cached


async def explorer_page(request: Request) -> Response:
    """An explorer page with caching headers: its ETag is the build's digest."""
    from starlette.concurrency import run_in_threadpool

    pages: ExplorerPages | None = request.app.state.pages
    path = request.url.path
    page = None if pages is None else await run_in_threadpool(
        pages.page, path, request.headers.get("accept", ""))
    if page is None:
        if path == "/":
            return await index(request)
        raise HttpError(HTTPStatus.NOT_FOUND, f"no such page: {path}")
    etag = f'"{pages.explorer.digest}"'
    wanted = [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]
    headers = {"ETag": etag, "Cache-Control": "public, no-cache", "Vary": "Accept"}
    if etag in wanted or "*" in wanted:
        return Response(status_code=HTTPStatus.NOT_MODIFIED, headers=headers)
    return reply_response((200, f"{page.media}; charset=utf-8", page.body), headers)


def routes(extra: Sequence[BaseRoute] = ()) -> list[BaseRoute]:
    """Every route of the server, in one place; the explorer's pages take every path the
    others leave (``/``, ``/id/…``, ``/vocab/…``, ``/ontology``, ``/timeline``)."""
    return [
        Route("/endpoint", index, methods=["GET", "HEAD"]),
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/queries", listing, methods=["GET", "HEAD"]),
        Route("/queries/{name}", named_query, methods=["GET", "HEAD"]),
        Route("/view", view, methods=["GET", "HEAD"]),
        Route("/graph", view, methods=["GET", "HEAD"]),
        *extra,
        Route("/{path:path}", explorer_page, methods=["GET", "HEAD"]),
    ]


async def _http_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HttpError):
        return error_response(exc)
    assert isinstance(exc, HTTPException)
    if exc.status_code == HTTPStatus.NOT_FOUND:
        return error_response(HttpError(404, f"no such page: {request.url.path}"))
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        return error_response(HttpError(405, "this endpoint is read-only",
                                        dict(exc.headers or {})))
    return error_response(HttpError(exc.status_code, str(exc.detail)))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """Starlette's last handler: one line, not its own "Internal Server Error" page."""
    return error_response(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR,
                                    f"internal error: {type(exc).__name__}"))


def create_app(service: QueryService, extra_routes: Sequence[BaseRoute] = (),
               allowed_hosts: set[str] | None = None, kg=None) -> SecurityLayer:
    """The application: the routes, the service in ``app.state.service``, the explorer's
    pages of ``kg`` (if given) in ``app.state.pages``, and the security layer around it
    (headers on every answer, the Host check, one-line 500s)."""
    app = Starlette(routes=routes(extra_routes),
                    exception_handlers={HttpError: _http_error, HTTPException: _http_error,
                                        Exception: _internal_error})
    app.state.service = service
    app.state.pages = ExplorerPages(kg) if kg is not None else None
    queries = list_queries()
    app.state.index = index_page(queries).encode("utf-8")
    app.state.listing = (json.dumps(query_listing(queries), ensure_ascii=False, indent=1)
                         + "\n").encode("utf-8")
    return SecurityLayer(app, allowed_hosts)


def query_listing(queries: list[NamedQuery]) -> list[dict]:
    return [{"name": q.name, "title": q.title, "description": q.description, "form": q.form,
             "params": [{"name": p.name, "type": p.type,
                         "default": None if p.default is None else str(p.default),
                         "required": p.required, "help": p.help} for p in q.params]}
            for q in queries]


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


# ---------------------------------------------------------------- security layer

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


class SecurityLayer:
    """Around the whole application (outside Starlette's own error handling, so that it
    also covers the 500 answer):

    - every answer gets ``nosniff``, ``X-Frame-Options`` and a CSP with ``frame-ancestors``;
    - the Host header must name this server when it listens on loopback only: a page on
      another site whose name resolves to 127.0.0.1 (DNS rebinding) is refused;
    - an exception that escapes the application becomes a one-line 500, never an empty
      reply.
    """

    def __init__(self, app: Starlette, allowed_hosts: set[str] | None):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.state = app.state

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def secured_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy",
                                    b"default-src 'none'; frame-ancestors 'none'"))
                message = {**message, "headers": headers}
            await send(message)

        host = _host_name(scope)
        if self.allowed_hosts is not None and host is not None \
                and host not in self.allowed_hosts:
            await _plain(secured_send, HTTPStatus.BAD_REQUEST,
                         f"Host {host!r} is not this server; use http://127.0.0.1 or "
                         "http://localhost (requests for other names are refused)")
            return
        try:
            await self.app(scope, receive, secured_send)
        except Exception as exc:  # noqa: BLE001 - the last line: a 500, never an empty reply
            if not started:
                await _plain(secured_send, HTTPStatus.INTERNAL_SERVER_ERROR,
                             f"internal error: {type(exc).__name__}")
            import logging

            logging.getLogger("chainkg.serve").exception("unexpected error")


def _host_name(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[:host.find("]") + 1] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


async def _plain(send, status: int, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": int(status),
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
