"""Load and abuse benchmark for ``chainkg serve`` (127.0.0.1 only, bounded).

Starts ``chainkg serve`` on a free loopback port and measures:

1. ``--requests`` GETs (default 5,000) at ``--concurrency`` 32, each on a new connection,
   of the cheap route (``/queries``, the listing) and of a named query
   (``/queries/targets?province=CN-AH``): p50/p95/p99/max latency and errors;
2. the same cheap run while two runaway queries keep two query workers busy;
3. each one-request attack of the hardening tests, with the server's resident memory
   (server and workers, peak over the run) after each and whether it still answers.

Prints a Markdown report. Usage::

    python scripts/bench_serve.py [--requests 5000] [--concurrency 32] [--build-dir DIR]
                                  [--baseline-src OTHER_CHECKOUT/src]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psutil

MAX_REQUESTS = 20_000
HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Server:
    def __init__(self, build_dir: Path | None, source: Path | None = None):
        args = [sys.executable, "-m", "chainkg", "serve", "--port", "0"]
        if build_dir is not None:
            args += ["--build-dir", str(build_dir)]
        env = dict(os.environ)
        if source is not None:  # another checkout's src/, for a side-by-side baseline
            env["PYTHONPATH"] = str(source)
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            raise SystemExit(f"the server did not start: {line}{self.process.stderr.read()}")
        self.port = int(match.group(1))
        self.peak = 0
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def rss(self) -> int:
        try:
            root = psutil.Process(self.process.pid)
            return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
        except psutil.Error:
            return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.05)

    def reset_peak(self) -> None:
        self.peak = self.rss()

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        self.process.wait(timeout=30)


def get(port: int, path: str, timeout: float = 60.0, headers: dict | None = None
        ) -> tuple[int, float]:
    """One GET on a new connection: (status or -1 on a connection error, seconds)."""
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        response.read()
        status = response.status
        connection.close()
    except (OSError, http.client.HTTPException):
        status = -1
    return status, time.perf_counter() - started


def load(port: int, path: str, requests: int, concurrency: int,
         deadline: float = 600.0) -> dict:
    """``requests`` GETs; past ``deadline`` seconds the rest count as errors (a server
    that stops answering must not hold the benchmark for hours)."""
    started = time.perf_counter()

    def one(_: int) -> tuple[int, float]:
        if time.perf_counter() - started > deadline:
            return -1, deadline
        return get(port, path, timeout=10.0)

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, range(requests)))
        wall = time.perf_counter() - started
    # Latencies of the answered requests; errors are counted, not timed.
    latencies = sorted(seconds * 1000 for status, seconds in results if status == 200)
    nan = float("nan")
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [nan] * 99
    return {"errors": sum(1 for status, _ in results if status != 200),
            "p50": quantiles[49], "p95": quantiles[94], "p99": quantiles[98],
            "max": latencies[-1] if latencies else nan, "rps": len(latencies) / wall}


def raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def attacks(port: int) -> list[tuple[str, callable]]:
    a1000, a4000 = "a" * 1000, "a" * 4000
    bomb = (f'SELECT (STRLEN(REPLACE(REPLACE("{a1000}","a","{a1000}"),"a","{a4000}")) '
            'AS ?n) {}')

    def sparql(text: str):
        return lambda: get(port, "/sparql?query=" + quote(text))[0]

    def content_length(value: str):
        return lambda: int(raw(port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               b"Content-Length: " + value.encode() + b"\r\n\r\nquery=x"
                               ).split(b" ", 2)[1] or 0)

    def idle_connections():
        sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(500)]
        time.sleep(12)  # past the 10 s deadline for a request head
        closed = sum(1 for s in sockets if s.recv(1) == b"")
        for s in sockets:
            s.close()
        return f"{closed}/500 closed"

    return [
        ("1. 6 KB REPLACE string bomb", sparql(bomb)),
        ("2. cartesian SELECT * (row cap)", sparql("SELECT * { ?a ?b ?c . ?d ?e ?f }")),
        ("2. runaway COUNT (time limit)", sparql(HEAVY)),
        ("2. LIMIT 1000000 (row cap)",
         sparql("SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000")),
        ("3. Content-Length: -1", content_length("-1")),
        ("3. Content-Length: abc", content_length("abc")),
        ("4. unknown function <urn:f>(1)", sparql("SELECT (<urn:f>(1) AS ?x) {}")),
        ("5. 500 idle connections", idle_connections),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--baseline-src", type=Path, default=None, metavar="DIR",
                        help="also load a server run from another checkout's src/ (the load "
                             "runs only: the attacks would take it down)")
    args = parser.parse_args()
    if not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.concurrency <= 256:
        parser.error(f"--requests 1..{MAX_REQUESTS}, --concurrency 1..256")
    print(f"## chainkg serve: {args.requests:,} requests at concurrency "
          f"{args.concurrency}, a new connection each\n")
    print("| server | run | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")

    def row(who: str, name: str, figures: dict) -> None:
        print(f"| {who} | {name} | {figures['errors']} | {figures['p50']:.1f} | "
              f"{figures['p95']:.1f} | {figures['p99']:.1f} | {figures['max']:.1f} | "
              f"{figures['rps']:.0f} |", flush=True)

    if args.baseline_src is not None:
        baseline = Server(args.build_dir, args.baseline_src)
        try:
            for path in ("/queries", "/queries/targets?province=CN-AH"):
                row("baseline", f"`{path}` alone",
                    load(baseline.port, path, args.requests, args.concurrency, deadline=120))
        finally:
            baseline.stop()
    server = Server(args.build_dir)
    try:
        port = server.port
        get(port, "/queries/targets?province=CN-AH")  # warm
        row("this", "`/queries` alone", load(port, "/queries", args.requests, args.concurrency))
        row("this", "`/queries/targets?province=CN-AH` alone",
            load(port, "/queries/targets?province=CN-AH", args.requests, args.concurrency))
        stop = threading.Event()

        def runaway(index: int) -> None:
            while not stop.is_set():
                get(port, "/sparql?query=" + quote(HEAVY + " " * index))

        heavy = [threading.Thread(target=runaway, args=(i,), daemon=True) for i in range(2)]
        for thread in heavy:
            thread.start()
        time.sleep(1)
        row("this", "`/queries` while 2 runaway queries run",
            load(port, "/queries", args.requests, args.concurrency))
        row("this", "`/queries/targets?...` while 2 runaway queries run",
            load(port, "/queries/targets?province=CN-AH", args.requests, args.concurrency))
        stop.set()
        for thread in heavy:
            thread.join(timeout=30)

        print("\n## One request each: answer, peak memory (server and workers), still up\n")
        print("| attack | answer | peak RSS MB | RSS after MB | next request |")
        print("|---|---|---:|---:|---|")
        for name, attack in attacks(port):
            server.reset_peak()
            answer = attack()
            time.sleep(0.3)
            status, _ = get(port, "/queries/plans-by-province?province=CN-JL")
            print(f"| {name} | {answer} | {server.peak / 1e6:.0f} | {server.rss() / 1e6:.0f} | "
                  f"{'200' if status == 200 else status} |", flush=True)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
