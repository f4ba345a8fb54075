"""Load benchmark of the explorer's page routes: N requests at concurrency C against a
server on 127.0.0.1, p50/p95/p99 latency per route kind, errors counted; and the time of
``chainkg site`` for the whole graph.

``page_routes(explorer)`` and ``load(base, routes, ...)`` are plain functions, so a server
benchmark can add these routes to its own run.

Usage::

    python scripts/bench_pages.py [--requests 5000] [--concurrency 32] [--site]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from chainkg.api import KnowledgeGraph
from chainkg.web.serve import make_server


def page_routes(explorer) -> list[tuple[str, str, dict[str, str]]]:
    """(kind, path, headers) for every page kind: overview, timelines, ontology, every
    division's profile, every entity, concept and source page, and RDF by Accept."""
    routes = [("overview", "/", {}), ("timeline", "/timeline", {}),
              ("ontology", "/ontology", {})]
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
        routes.append((kind, "/" + path, {}))
        if kind == "entity":
            routes.append(("entity.ttl", "/" + path, {"Accept": "text/turtle"}))
    return routes


def load(base: str, routes, total: int, concurrency: int) -> dict[str, list[float]]:
    """Request routes round-robin; latency in ms per kind, and 'errors' for non-200s."""
    local = threading.local()
    timings: dict[str, list[float]] = defaultdict(list)
    lock = threading.Lock()

    def one(index: int) -> None:
        kind, path, headers = routes[index % len(routes)]
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        response = session.get(base + path, headers=headers, timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            timings[kind].append(elapsed)
            if response.status_code != 200:
                timings["errors"].append(1.0)

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(total)))
    return timings


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] \
        if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--site", action="store_true", help="also time chainkg site")
    args = parser.parse_args()
    kg = KnowledgeGraph.load()
    server = make_server(kg, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        routes = page_routes(server.explorer)
        started = time.perf_counter()
        warm = load(base, routes, len(routes), args.concurrency)  # first render of each page
        warm_s = time.perf_counter() - started
        started = time.perf_counter()
        timings = load(base, routes, args.requests, args.concurrency)
        wall = time.perf_counter() - started
    finally:
        server.shutdown()
        server.server_close()
    errors = len(timings.pop("errors", [])) + len(warm.pop("errors", []))
    print(f"{len(routes)} routes; first render of all: {warm_s:.1f} s; then {args.requests} "
          f"requests at concurrency {args.concurrency} in {wall:.1f} s "
          f"({args.requests / wall:.0f} req/s), {errors} errors")
    print("| route | requests | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for kind in sorted(timings):
        values = timings[kind]
        print(f"| {kind} | {len(values)} | {percentile(values, 50):.1f} | "
              f"{percentile(values, 95):.1f} | {percentile(values, 99):.1f} |")
    if args.site:
        from chainkg.web.site import build_site

        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            count = build_site(kg, Path(tmp) / "site")
            print(f"chainkg site: {count} files in {time.perf_counter() - started:.1f} s")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
