"""Load and abuse benchmark for ``chainkg serve`` (127.0.0.1 only, bounded).

Starts ``chainkg serve`` on a free loopback port and measures (``--parts``, default all):

- ``queries``: ``--requests`` GETs (default 5,000) at ``--concurrency`` 32, each on a new
  connection, of the cheap route (``/queries``, the listing) and of a named query
  (``/queries/targets?province=CN-AH``): p50/p95/p99/max latency and errors;
- ``runaway``: the same runs while two runaway queries keep two query workers busy;
- ``pages``: the explorer's page routes: one first request of every page (the server
  renders each page once), then ``--requests`` GETs at ``--concurrency``, the route kinds
  taking turns (the map/landing page, division profiles, entity pages in HTML and in
  Turtle by ``Accept``, concepts, sources, evidence spans, timelines, ontology, and a
  SPARQL query on ``/sparql``), each kind walking its pages round-robin: p50/p95/p99/max
  per kind;
- ``attacks``: each one-request attack of the hardening tests, with the server's resident
  memory (server and workers, peak over the run) after each and whether it still answers;
- ``site``: the time of ``chainkg site`` for the whole graph (a subprocess, into a
  temporary folder).

Prints a Markdown report; exits 1 if any load run had an error. Usage::

    python scripts/bench_serve.py [--requests 5000] [--concurrency 32] [--build-dir DIR]
                                  [--parts queries,runaway,pages,attacks,site]
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
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psutil

MAX_REQUESTS = 20_000
PARTS = ("queries", "runaway", "pages", "attacks", "site")
PAGE_SPARQL = ("SELECT ?plan ?label WHERE { ?plan a/rdfs:subClassOf* ckg:PolicyDocument ; "
               'rdfs:label ?label . FILTER(LANG(?label) = "en") } ORDER BY ?label')
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
    return figures([seconds * 1000 for status, seconds in results if status == 200],
                   sum(1 for status, _ in results if status != 200), wall)


def figures(latencies: list[float], errors: int, wall: float | None = None) -> dict:
    """p50/p95/p99/max of the answered requests' latencies (ms), and the error count."""
    latencies = sorted(latencies)
    nan = float("nan")
    quantiles = (statistics.quantiles(latencies, n=100, method="inclusive")
                 if len(latencies) > 1 else [nan] * 99)
    return {"errors": errors, "requests": len(latencies) + errors, "p50": quantiles[49],
            "p95": quantiles[94], "p99": quantiles[98],
            "max": latencies[-1] if latencies else nan,
            "rps": len(latencies) / wall if wall else nan}


def page_routes(build_dir: Path | None) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """The explorer's page routes by kind: (path, headers) for the map, every division's
    profile, every entity (HTML and Turtle), concept, source and evidence page, the
    timelines, the ontology and a SPARQL query. The paths come from the explorer of the
    same build the server loads."""
    from chainkg.api import KnowledgeGraph
    from chainkg.web.explorer import Explorer

    explorer = Explorer.from_kg(KnowledgeGraph.load(build_dir))
    routes: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    routes["map (/)"].append(("/", {}))
    routes["timeline"].append(("/timeline", {}))
    routes["ontology"].append(("/ontology", {}))
    for path in explorer.paths()[3:]:
        if path.startswith("id/CN"):
            kind = "profile"
        elif "/evidence/" in path:
            kind = "evidence"
        elif path.startswith("vocab/"):
            kind = "concept"
        elif path.startswith("source/"):
            kind = "source"
        else:
            kind = "entity"
            routes["entity, Turtle by Accept"].append(("/" + quote(path),
                                                       {"Accept": "text/turtle"}))
        routes[kind].append(("/" + quote(path), {}))
    routes["sparql"].append(("/sparql?query=" + quote(PAGE_SPARQL), {}))
    return dict(routes)


def load_routes(port: int, routes: dict[str, list[tuple[str, dict[str, str]]]],
                requests: int, concurrency: int, deadline: float = 600.0) -> dict[str, dict]:
    """``requests`` GETs, the kinds taking turns and each kind walking its routes: the
    figures of each kind and of all together (``"all"``)."""
    kinds = sorted(routes)
    schedule = []
    for index in range(requests):
        kind = kinds[index % len(kinds)]
        path, headers = routes[kind][(index // len(kinds)) % len(routes[kind])]
        schedule.append((kind, path, headers))
    started = time.perf_counter()

    def one(item: tuple[str, str, dict]) -> tuple[str, int, float]:
        kind, path, headers = item
        if time.perf_counter() - started > deadline:
            return kind, -1, deadline
        status, seconds = get(port, path, timeout=30.0, headers=headers)
        return kind, status, seconds

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, schedule))
        wall = time.perf_counter() - started
    by_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for kind, status, seconds in results:
        by_kind[kind].append((status, seconds))
        by_kind["all"].append((status, seconds))
    return {kind: figures([s * 1000 for status, s in rows if status == 200],
                          sum(1 for status, _ in rows if status != 200),
                          wall if kind == "all" else None)
            for kind, rows in by_kind.items()}


def warm_routes(port: int, routes: dict[str, list[tuple[str, dict[str, str]]]],
                concurrency: int) -> tuple[int, int, float]:
    """Every route once (the server renders each page on its first request): the number
    of routes, the errors and the seconds."""
    every = [item for kind in sorted(routes) for item in routes[kind]]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        statuses = list(pool.map(lambda item: get(port, item[0], timeout=120.0,
                                                  headers=item[1])[0], every))
    return len(every), sum(1 for s in statuses if s != 200), time.perf_counter() - started


def time_site(build_dir: Path | None) -> tuple[str, float]:
    """``chainkg site`` for the whole graph into a temporary folder: its report line and
    the wall-clock seconds of the whole command (start-up and graph loading included)."""
    with tempfile.TemporaryDirectory(prefix="chainkg-bench-site-") as tmp:
        args = [sys.executable, "-m", "chainkg", "site", "-o", str(Path(tmp) / "site")]
        if build_dir is not None:
            args += ["--build-dir", str(build_dir)]
        started = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"chainkg site failed: {done.stderr.strip()}")
    return done.stdout.strip(), seconds


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
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"comma-separated parts to run (default: {','.join(PARTS)})")
    parser.add_argument("--baseline-src", type=Path, default=None, metavar="DIR",
                        help="also load a server run from another checkout's src/ (the query "
                             "load runs only: the attacks would take it down)")
    args = parser.parse_args()
    if not 1 <= args.requests <= MAX_REQUESTS or not 1 <= args.concurrency <= 256:
        parser.error(f"--requests 1..{MAX_REQUESTS}, --concurrency 1..256")
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    if unknown := sorted(set(parts) - set(PARTS)):
        parser.error(f"unknown part {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    errors = 0

    def row(who: str, name: str, figures: dict) -> None:
        nonlocal errors
        errors += figures["errors"]
        print(f"| {who} | {name} | {figures['errors']} | {figures['p50']:.1f} | "
              f"{figures['p95']:.1f} | {figures['p99']:.1f} | {figures['max']:.1f} | "
              f"{figures['rps']:.0f} |", flush=True)

    load_average = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average (1, 5, 15 min) at the start: {load_average}\n")
    if "queries" in parts or "runaway" in parts:
        print(f"## chainkg serve: {args.requests:,} requests at concurrency "
              f"{args.concurrency}, a new connection each\n")
        print("| server | run | errors | p50 ms | p95 ms | p99 ms | max ms | req/s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
    if args.baseline_src is not None and "queries" in parts:
        baseline = Server(args.build_dir, args.baseline_src)
        try:
            for path in ("/queries", "/queries/targets?province=CN-AH"):
                row("baseline", f"`{path}` alone",
                    load(baseline.port, path, args.requests, args.concurrency, deadline=120))
        finally:
            baseline.stop()
    routes = page_routes(args.build_dir) if "pages" in parts else {}
    server = Server(args.build_dir)
    try:
        port = server.port
        get(port, "/queries/targets?province=CN-AH")  # warm
        if "queries" in parts:
            row("this", "`/queries` alone",
                load(port, "/queries", args.requests, args.concurrency))
            row("this", "`/queries/targets?province=CN-AH` alone",
                load(port, "/queries/targets?province=CN-AH", args.requests, args.concurrency))
        if "runaway" in parts:
            stop = threading.Event()

            def runaway(index: int) -> None:
                while not stop.is_set():
                    get(port, "/sparql?query=" + quote(HEAVY + " " * index))

            heavy = [threading.Thread(target=runaway, args=(i,), daemon=True)
                     for i in range(2)]
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

        if "pages" in parts:
            count, warm_errors, warm_seconds = warm_routes(port, routes, args.concurrency)
            errors += warm_errors
            print(f"\n## Page routes: {args.requests:,} requests at concurrency "
                  f"{args.concurrency}, a new connection each, the kinds taking turns\n")
            print(f"First request of each of the {count:,} routes (each page rendered once): "
                  f"{warm_seconds:.1f} s, {warm_errors} errors.\n")
            results = load_routes(port, routes, args.requests, args.concurrency)
            print("| route | pages | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for kind in [*sorted(routes), "all"]:
                f = results[kind]
                pages = len(routes[kind]) if kind in routes else count
                print(f"| {kind} | {pages:,} | {f['requests']:,} | {f['errors']} | "
                      f"{f['p50']:.1f} | {f['p95']:.1f} | {f['p99']:.1f} | {f['max']:.1f} |",
                      flush=True)
            errors += results["all"]["errors"]
            print(f"\nAll kinds together: {results['all']['rps']:.0f} requests/s.")

        if "attacks" in parts:
            print("\n## One request each: answer, peak memory (server and workers), still up\n")
            print("| attack | answer | peak RSS MB | RSS after MB | next request |")
            print("|---|---|---:|---:|---|")
            for name, attack in attacks(port):
                server.reset_peak()
                answer = attack()
                time.sleep(0.3)
                status, _ = get(port, "/queries/plans-by-province?province=CN-JL")
                print(f"| {name} | {answer} | {server.peak / 1e6:.0f} | "
                      f"{server.rss() / 1e6:.0f} | {'200' if status == 200 else status} |",
                      flush=True)
    finally:
        server.stop()
    if "site" in parts:
        line, seconds = time_site(args.build_dir)
        print(f"\n## chainkg site\n\n`{line}`; the whole command: {seconds:.1f} s.")
    print(f"\nLoad average (1, 5, 15 min) at the end: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
