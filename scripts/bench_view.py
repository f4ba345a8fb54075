"""Benchmark the graph view: HTML generation in Python and the layout in headless Chromium.

Graphs are shaped like the real one: the curated graph (evidence folded into tooltips, as
``chainkg view`` draws it) cut to its most connected nodes for small sizes, and for larger
sizes copies of its curated entities that share the divisions and vocabularies, so hubs
such as China and the technology taxonomy grow as they would with more records.

For each size it reports the median of several runs of: generating the HTML (``view.render``),
loading the page until the layout is stable (navigation start to the moment physics has
stopped, or to the first drawing when physics is off), and one zoom step (moveTo to the next
drawn frame) to show the page still answers.

Usage::

    python scripts/bench_view.py [--runs 3] [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from chainkg.api import KnowledgeGraph
from chainkg.network import view
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
START, END = "<!-- bench_view:start -->", "<!-- bench_view:end -->"
SHARED = {"division", "technology", "chain-strategy", "instrument", "concept", "period", "source"}
ZOOM_STEP = """() => new Promise(resolve => {
    const net = window.chainkgView.network, t = performance.now();
    net.once("afterDrawing", () => resolve(performance.now() - t));
    net.moveTo({scale: net.getScale() * 1.2});
})"""


def synthetic(base: nx.MultiDiGraph, nodes: int) -> nx.MultiDiGraph:
    """A graph of exactly ``nodes`` nodes shaped like ``base`` (see the module docstring)."""
    shared = {n for n, c in base.nodes(data="category") if c in SHARED}
    per_copy = base.number_of_nodes() - len(shared)
    copies = max(1, math.ceil((nodes - len(shared)) / per_copy))
    grown = nx.MultiDiGraph()
    for k in range(copies):
        def name(node: str, k: int = k) -> str:
            return node if node in shared or k == 0 else f"{node}~{k}"
        for node, attrs in base.nodes(data=True):
            grown.add_node(name(node), **attrs)
        for u, v, key, attrs in base.edges(keys=True, data=True):
            grown.add_edge(name(u), name(v), key=key, **attrs)
    trimmed, _ = view.trim(grown, nodes)
    return trimmed


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB RAM; "
            f"Python {platform.python_version()}, networkx {nx.__version__}, {chromium} "
            "(headless, --disable-gpu)")


def measure(browser, path: Path) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(path.as_uri())
    page.wait_for_function("window.chainkgView && window.chainkgView.ready", timeout=600_000)
    ready = page.evaluate("window.chainkgView.readyAt")
    zoom = page.evaluate(ZOOM_STEP)
    page.close()
    return ready, zoom


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, default=None, metavar="MARKDOWN",
                        help="replace the view section of this file with the results")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    base = view.without_provenance(KnowledgeGraph.load().to_networkx())
    cases = [("curated graph", base, view.DEFAULT_MAX_NODES)]
    for size in (100, 1000, 5000):
        cases.append((f"synthetic {size:,}", synthetic(base, size), view.DEFAULT_MAX_NODES))
    cases.append(("synthetic 5,000, --max-nodes 5000", synthetic(base, 5000), 5000))
    rows = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=HEADLESS_CHROMIUM_ARGS)
        for name, graph, budget in cases:
            render_s, ready_ms, zoom_ms = [], [], []
            for run in range(args.runs):
                started = time.perf_counter()
                page = view.render(graph, max_nodes=budget)
                render_s.append(time.perf_counter() - started)
                path = Path(tmp) / f"view-{run}.html"
                view.write(page, path)
                ready, zoom = measure(browser, path)
                ready_ms.append(ready)
                zoom_ms.append(zoom)
            rows.append((name, graph.number_of_nodes(), page.nodes, page.edges,
                         "on until stable" if page.physics else "off (networkx layout)",
                         path.stat().st_size / 1e6, statistics.median(render_s),
                         statistics.median(ready_ms) / 1000, statistics.median(zoom_ms)))
            print(f"{name}: {rows[-1]}", file=sys.stderr)
        browser.close()
    table = [
        "| graph | nodes | drawn nodes | drawn edges | physics | HTML MB | generate s "
        "| load to stable layout s | zoom step ms |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        *(f"| {r[0]} | {r[1]:,} | {r[2]:,} | {r[3]:,} | {r[4]} | {r[5]:.2f} | {r[6]:.2f} "
          f"| {r[7]:.2f} | {r[8]:.0f} |" for r in rows),
    ]
    section = "\n".join([
        START,
        "## Graph view (`chainkg view`)",
        "",
        "Measured by `scripts/bench_view.py` (median of "
        f"{args.runs} runs) on: {machine()}.",
        "",
        "*generate*: `chainkg.network.view.render` in Python, layout included. *load to stable "
        "layout*: navigation start in headless Chromium to the moment physics stops "
        f"(up to {view.PHYSICS_MAX_NODES:,} nodes: networkx's spring layout, multilevel above "
        f"{view.SKELETON_NODES} nodes, refined by {view.STABILIZATION_ITERATIONS} vis-network "
        "iterations) or to the first drawing (larger views: the same start layout, physics "
        "off). *zoom step*: one zoom to the next "
        "drawn frame once the page is ready. Above the budget (default "
        f"{view.DEFAULT_MAX_NODES:,} nodes) the view keeps the most connected nodes and "
        "says so on the page.",
        "",
        *table,
        END,
    ])
    print(section)
    if args.write:
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else \
            "# Benchmarks\n"
        if START in text and END in text:
            text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
