"""``chainkg serve``: a read-only SPARQL 1.1 endpoint and the named queries over HTTP.

Routes (see ``chainkg.web.app.routes``; ``/sparql`` also takes POST as the SPARQL 1.1
Protocol says):

- ``/``                      the explorer's overview: map, division × strategy matrix
- ``/id/…``, ``/vocab/…``, ``/source/…``, ``/ontology``, ``/timeline``: the explorer
                             (``chainkg.web.explorer``): HTML, or Turtle, N-Triples, JSON-LD
                             by Accept or a ``.ttl``/``.nt``/``.jsonld`` extension; ETag and
                             304 on ``If-None-Match``
- ``/endpoint``              an HTML page: the named queries, a query form, the graph view
- ``/sparql``                SPARQL 1.1 Protocol query operation (``query=``; form or
                             ``application/sparql-query`` body). Updates are refused.
- ``/queries``               the named queries and their parameters, as JSON
- ``/queries/NAME``          run a named query; other URL parameters are its parameters
- ``/view``, ``/graph``      the interactive graph view (``chainkg view``), self-contained

Result formats follow ``format=`` (``json``, ``xml``, ``csv``, ``tsv``, ``html``; ``ttl``,
``nt``, ``jsonld``, ``xml`` for graphs) or else the Accept header with its q-values; the
default is SPARQL JSON results for SELECT/ASK and Turtle for CONSTRUCT/DESCRIBE. Errors are
``text/plain`` with one line: 400 for a bad query or parameter, 404 for an unknown route
or query, 503 for a query stopped by a limit, 500 for anything unexpected.

Limits (``chainkg.web.worker.Limits``): every query runs in a worker process that is
killed past the time limit (10 s) or when it needs more memory than allowed (1 GB of
address space), and may return at most 100,000 rows and 32 MB; at most ``workers``
queries run at once (ad hoc SPARQL on all but one worker); request bodies over 1 MB and
request heads that take more than 10 s are refused.

Why Starlette on Uvicorn rather than the standard library's ``http.server``: the
threading server gave one thread per connection (500 idle connections held 500
threads), a listen backlog of 5 that dropped connections at 32 concurrent clients,
read a body of ``Content-Length: -1`` to the end and crashed on ``abc``, and had no way
to time a request out. Uvicorn's event loop holds idle connections for the cost of a
socket, h11 refuses malformed framing with a 400, and the backlog is 2,048; Starlette
gives the route table that pages plug into. The one addition is a deadline for the
request head (``_HeadDeadline``): Uvicorn only times out idle keep-alive connections.

The server binds to 127.0.0.1 unless told otherwise, never changes the graph, and never
fetches anything (SERVICE is refused, see ``chainkg.query.sparql.refuse_network_access``).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from pathlib import Path

import uvicorn

from ..api import KnowledgeGraph
from .app import LOOPBACK_NAMES, QueryService, SecurityLayer, create_app
from .worker import Limits

HEAD_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
BACKLOG = 2048


class ServeError(Exception):
    """The server cannot start; the message is one line."""


class _HeadDeadline:
    """Added to Uvicorn's HTTP protocol: a deadline for each request head, and security
    headers on its own 400 answer (malformed requests never reach the application)."""

    _head_timer = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._arm_head_timer()

    def connection_lost(self, exc) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_deadline)

    def _head_deadline(self) -> None:
        waiting_for_head = self.cycle is None or self.cycle.response_complete
        if waiting_for_head and not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        body = b"bad request: malformed HTTP (for example a Content-Length that is not a " \
               b"number)\n"
        self.transport.write(
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"x-content-type-options: nosniff\r\n"
            b"content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n"
            b"connection: close\r\n\r\n" + body)
        self.transport.close()


try:  # llhttp through httptools when installed (about twice as fast), else h11
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - httptools is a dependency
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base


class _Protocol(_HeadDeadline, _Base):  # type: ignore[valid-type, misc]
    pass


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ChainkgServer:
    """The server: a bound socket, the query workers, and Uvicorn serving the app."""

    def __init__(self, ntriples: Path, store: str = "oxigraph", host: str = "127.0.0.1",
                 port: int = 8000, workers: int = 3, limits: Limits | None = None, kg=None):
        if not 0 <= port <= 65535:
            raise ServeError(f"port {port} is out of range (0-65535; 0 picks a free one)")
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            family, _, _, _, address = infos[0]
            self.socket = socket.socket(family, socket.SOCK_STREAM)
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind(address)
            self.socket.listen(BACKLOG)
        except (OSError, OverflowError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ServeError(f"cannot listen on {host}:{port}: {reason}") from None
        self.socket.set_inheritable(False)
        self.server_address = self.socket.getsockname()[:2]
        self.loopback = is_loopback(host)
        self.service = QueryService(ntriples, store, workers, limits)
        self.app: SecurityLayer = create_app(
            self.service, allowed_hosts=LOOPBACK_NAMES if self.loopback else None, kg=kg)
        config = uvicorn.Config(self.app, http=_Protocol, backlog=BACKLOG,
                                timeout_keep_alive=KEEP_ALIVE_SECONDS, log_config=None,
                                log_level="warning", access_log=False, server_header=False,
                                lifespan="off", limit_concurrency=2000)
        self.uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def serve_forever(self) -> None:
        self.uvicorn.run(sockets=[self.socket])

    def start(self) -> ChainkgServer:
        """Serve from a background thread (tests, notebooks); ``shutdown`` stops it."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True,
                                        name="chainkg-serve")
        self._thread.start()
        while not self.uvicorn.started and self._thread.is_alive():
            self._thread.join(0.02)
        return self

    def shutdown(self) -> None:
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)

    def server_close(self) -> None:
        self.service.close()
        self.socket.close()


def make_server(kg: KnowledgeGraph, host: str = "127.0.0.1", port: int = 8000,
                workers: int = 3, limits: Limits | None = None) -> ChainkgServer:
    """A server for a loaded graph bound to host:port (port 0 picks a free one); call
    ``serve_forever()`` or ``start()``. Queries run on the build's ``chainkg.nt``."""
    if kg.build_dir is None:
        raise ServeError("the graph was not loaded from a build folder")
    return ChainkgServer(Path(kg.build_dir) / "chainkg.nt", kg.store, host, port, workers,
                         limits, kg=kg)


def warn_if_exposed(host: str) -> None:
    if not is_loopback(host):
        print(f"chainkg serve: warning: listening on {host}, beyond this machine: anyone who "
              "can reach it can query the graph", file=sys.stderr, flush=True)
