"""Queries of the HTTP server run in worker processes that can be stopped.

Oxigraph evaluates a query in native code: pyoxigraph 0.5 offers no timeout, no
cancellation and no memory limit for a query, and a thread stuck in it cannot be
interrupted. A process can: each worker loads the graph once, answers one request at a
time over a pipe, and is killed (its memory returned to the system) when a query runs
past the time limit. Its address space is capped (``RLIMIT_AS``), so a query that builds
a huge intermediate string, such as nested ``REPLACE`` calls asking for gigabytes, fails
in the worker instead of taking the server down; the worker is then replaced.

A request is a tuple (see ``handle``); the answer is ``(status, content type, body)``,
rendered in the worker so that the server process never holds a large result.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path

Reply = tuple[int, str, bytes]
TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Limits:
    """What one query may use; every value is checked by the tests over HTTP."""

    seconds: float = 10.0           # wall-clock time of a query
    rows: int = 100_000             # solutions or result triples
    response_bytes: int = 32_000_000
    memory_bytes: int = 1_000_000_000  # address space a worker may add to what it loaded
    recycle_bytes: int = 400_000_000   # a worker left holding more is replaced


def text_reply(status: int, message: str) -> Reply:
    return int(status), TEXT, (message + "\n").encode("utf-8")


# ---------------------------------------------------------------- in the worker process


def _worker_main(conn: Connection, ntriples: str, store: str, memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    from ..api import load_graph

    graph = load_graph(Path(ntriples), store)
    _limit_memory(memory_bytes)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(handle(graph, request))


def _limit_memory(extra: int) -> None:
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))


def handle(graph, request: tuple) -> Reply:
    """Answer one request: ``("sparql", text, format, accept, limits)``,
    ``("named", name, params, format, accept, limits)`` or ``("view",)``."""
    from ..query import QueryError, UnknownQueryError, get_query, run
    from ..query.library import plain_query
    from .formats import HttpError, media_type, negotiate, render_result

    try:
        kind = request[0]
        if kind == "view":
            from ..network.export import to_networkx
            from ..network.view import render

            return 200, "text/html; charset=utf-8", render(to_networkx(graph)).html.encode()
        if kind == "sparql":
            _, text, requested, accept, limits = request
            query, args = plain_query(text), {}
        else:
            _, name, args, requested, accept, limits = request
            query = get_query(name)
        fmt = negotiate(query.form, requested, accept)
        result = run(graph, query, args, max_rows=limits.rows)
        body = render_result(result, fmt, query.title or query.name)
        if len(body) > limits.response_bytes:
            return text_reply(HTTPStatus.BAD_REQUEST,
                              f"the answer is {len(body):,} bytes; the limit is "
                              f"{limits.response_bytes:,}: add a LIMIT or narrow the query")
        return 200, media_type(query.form, fmt), body
    except HttpError as exc:
        return text_reply(exc.status, exc.message)
    except UnknownQueryError as exc:
        return text_reply(HTTPStatus.NOT_FOUND, str(exc))
    except QueryError as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, str(exc).splitlines()[0])
    except MemoryError:
        return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                          "query stopped: it needed more memory than a query may use")
    except RecursionError:
        return text_reply(HTTPStatus.BAD_REQUEST, "query stopped: it is nested too deeply")
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes a 500
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR,
                          f"internal error: {type(exc).__name__}: {first}".rstrip(": "))


# ---------------------------------------------------------------- in the server process


class Worker:
    """One worker process and the server's end of its pipe; used by one thread at a time."""

    def __init__(self, ntriples: Path, store: str, limits: Limits):
        self.ntriples, self.store, self.limits = ntriples, store, limits
        self.process: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.start()

    def start(self) -> None:
        # A fresh interpreter (``python -m chainkg.web.worker``), not multiprocessing's
        # fork (the server has threads) or spawn (which re-runs the caller's main script,
        # so a script calling make_server without a __main__ guard would start itself).
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "chainkg.web.worker", str(child.fileno()),
             str(self.ntriples), self.store, str(self.limits.memory_bytes)],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float = 120.0) -> None:
        assert self.conn is not None
        if not self.conn.poll(timeout) or self.conn.recv() != "ready":
            raise RuntimeError("a query worker did not start")

    def call(self, request: tuple, seconds: float) -> Reply:
        """Send a request and wait for the answer; past ``seconds`` kill and replace."""
        assert self.conn is not None and self.process is not None
        try:
            self.conn.send(request)
            if self.conn.poll(seconds):
                reply = self.conn.recv()
                # Memory a big answer took is not given back to the system; start afresh.
                if memory_of([self.process.pid]) > self.limits.recycle_bytes:
                    self.restart()
                return reply
            reply = text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                               f"query stopped: it ran past the time limit of {seconds:g} s")
        except (EOFError, OSError, BrokenPipeError):
            # The worker died mid-query: the address-space cap made an allocation fail
            # (Rust aborts the process then) or the system killed it.
            reply = text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                               "query stopped: it needed more memory than a query may use "
                               f"({self.limits.memory_bytes // 1_000_000:,} MB)")
        self.restart()
        return reply

    def restart(self) -> None:
        self.stop()
        self.start()
        self.wait_ready()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait(timeout=10)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


class WorkerPool:
    """A fixed number of started workers."""

    def __init__(self, ntriples: Path, store: str, size: int, limits: Limits):
        self.limits = limits
        self.workers = [Worker(ntriples, store, limits) for _ in range(size)]
        for worker in self.workers:
            worker.wait_ready()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()

    def pids(self) -> list[int]:
        return [w.pid for w in self.workers if w.pid is not None]


def memory_of(pids: list[int]) -> int:
    """Resident bytes of the given processes (for ``/status`` and the benchmark)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                total += next(int(line.split()[1]) * 1024 for line in status
                              if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total


if __name__ == "__main__":  # python -m chainkg.web.worker FD NTRIPLES STORE MEMORY_BYTES
    _fd, _ntriples, _store, _memory = sys.argv[1:5]
    _worker_main(Connection(int(_fd)), _ntriples, _store, int(_memory))
