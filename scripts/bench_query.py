"""Query benchmark: load times, named-query times and peak memory on synthetic graphs.

For each size (10k, 100k, 1M, 3M triples by default) a seeded synthetic graph shaped like
the real build (``scripts/synthetic.py``) is written once to a cache folder, then measured
in fresh subprocesses, so that one store's heap does not slow another's:

* a timing process loads the graph twice into pyoxigraph (``Store.load``) and through the
  project API (``KnowledgeGraph.load``: oxrdflib, ``parse(format="ox-nt")``), alternating,
  then runs every named query several times, alternating between the project API
  (``KnowledgeGraph.query`` -> DataFrame) and the same SPARQL text on the pyoxigraph store
  (rows read into Python values); two diagnostic paths run alongside: the query library on
  the pyoxigraph store and raw ``Graph.query`` on oxrdflib. Ratios come from this one
  process, side by side;
* an rdflib in-memory process (``KnowledgeGraph.load(store="memory")``) up to
  ``--memory-max`` triples, each query under a timeout;
* one process per store that loads and runs every query once, for its peak RSS
  (``ru_maxrss``: Rust allocations included, which tracemalloc cannot see).

Usage::

    python scripts/bench_query.py [--sizes 10k,100k,1M,3M | --quick] [--write-docs]

Timings are medians; nothing here is asserted by tests, the report states pass or fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

import synthetic  # noqa: E402  (the sibling module, found through the line above)

DEFAULT_SIZES = ("10k", "100k", "1M", "3M")
QUICK_SIZES = ("10k", "100k")
DOCS = REPO / "docs" / "benchmarks.md"
SECTION = "## Query benchmark"
DOCS_INTRO = ("# Benchmarks\n\nMeasured with the scripts in `scripts/` on synthetic graphs "
              "shaped like the real build (`scripts/synthetic.py`). Each section states the "
              "machine, the exact command and the date of its run.\n")
# Goals checked by the report.
LOAD_GOAL = 1.5          # project API load / pyoxigraph Store.load, at 1M triples
MEMORY_GOAL = 10.0       # rdflib in-memory / project API, per query
DIRECT_GOAL = 1.5        # project API / same text on pyoxigraph, per query
SECONDS_GOAL = 1.0       # project API, per query, at 1M triples
GOAL_SIZE = 1_000_000
HARD_NOTE = "over the hard timeout"


# --- the query library -------------------------------------------------------------------
# Everything the benchmark knows about chainkg.query is in this block.

# Values for parameters by type; entity parameters take an entity of the focus division.
FOCUS_TEXT = "robot"
FOCUS_ENTITY_KINDS = {"person": "person", "plan": "plan", "entity": "plan",
                      "statement": "statement", "organisation": "enterprise",
                      "organization": "enterprise"}


def focus_parameters_for(name: str, focus: dict[str, str]) -> dict[str, Any]:
    """Parameters for one named query, chosen so that selective queries touch one province.

    Every division parameter names the focus province; an entity parameter that narrows a
    query (a plan, a person) names one of that province's entities; a required text is a
    word users search for. Other optional parameters keep their defaults.
    """
    from chainkg.query import get_query

    params: dict[str, Any] = {}
    for param in get_query(name).params:
        if param.type == "division":
            params[param.name] = focus["division"]
        elif param.type == "entity" and param.name in FOCUS_ENTITY_KINDS:
            kind = FOCUS_ENTITY_KINDS[param.name]
            if kind in focus:
                params[param.name] = focus[kind]
        elif param.required and param.type == "string":
            params[param.name] = FOCUS_TEXT
        elif param.required:
            raise SystemExit(f"bench_query: no benchmark value for the required parameter "
                             f"{param.name} ({param.type}) of {name}")
    return params


def query_names() -> list[str]:
    from chainkg.query import list_queries

    return [query.name for query in list_queries()]


def query_text(name: str, params: dict[str, Any]) -> str:
    """The exact SPARQL the library sends to Oxigraph: parameters bound in a VALUES block."""
    from chainkg.query import get_query
    from chainkg.query.sparql import with_values

    query = get_query(name)
    return with_values(query.text, query.form, query.bind(params))


def direct_prefixes() -> dict[str, str]:
    """The prefixes the library passes to pyoxigraph, so the same text parses the same."""
    from chainkg.core.namespaces import PREFIXES

    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def run_api(kg: Any, name: str, params: dict[str, Any]) -> Any:
    """The project API: ``KnowledgeGraph.query`` when it exists, else the library function
    it wraps (a DataFrame for SELECT, an rdflib Graph for CONSTRUCT)."""
    if hasattr(kg, "query"):
        return kg.query(name, **params)
    from chainkg.query import get_query, run, select_frame

    query = get_query(name)
    if query.form == "SELECT":
        return select_frame(kg.graph, query, **params)
    result = run(kg.graph, query, params)
    return result.graph if result.graph is not None else result.boolean


def run_library_on_store(store: Any, name: str, params: dict[str, Any]) -> Any:
    """The query library run on the plain pyoxigraph store (no oxrdflib in between)."""
    from chainkg.query import get_query, run, select_frame

    query = get_query(name)
    if query.form == "SELECT":
        return select_frame(store, query, **params)
    result = run(store, query, params)
    return result.graph if result.graph is not None else result.boolean


# --- measuring ---------------------------------------------------------------------------

def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


class QueryTimeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise QueryTimeout


def with_timeout(seconds: float, function: Callable[[], Any]) -> tuple[float | None, Any]:
    """Run pure-Python work (rdflib's engine) under SIGALRM; None seconds on timeout."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return timed(function)
    except QueryTimeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# A query Oxigraph cannot finish in reasonable time would stall the whole run, and Rust code
# cannot be interrupted from Python: a watchdog thread (pyoxigraph releases the GIL while it
# evaluates) writes what the worker has measured so far and ends the process; the parent
# starts a new worker for the queries that are left.
_PARTIAL: dict[str, Any] = {}
_OUT_PATH: list[Path] = []


class watchdog:
    """``with watchdog(name, seconds):`` ends the worker if the block runs too long."""

    def __init__(self, name: str, seconds: float):
        self.name, self.seconds = name, seconds
        self.timer: threading.Timer | None = None

    def _abort(self) -> None:
        result = dict(_PARTIAL, aborted=self.name, rss_mib=peak_rss_mib())
        _OUT_PATH[0].write_text(json.dumps(result), encoding="utf-8")
        os._exit(0)

    def __enter__(self) -> watchdog:
        self.timer = threading.Timer(self.seconds, self._abort)
        self.timer.daemon = True
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.timer is not None
        self.timer.cancel()


def direct_rows(store: Any, text: str) -> Any:
    """The query on pyoxigraph, its results read into Python values (the fair baseline)."""
    import pyoxigraph

    results = store.query(text, prefixes=direct_prefixes())
    if isinstance(results, pyoxigraph.QueryBoolean):
        return bool(results)
    if isinstance(results, pyoxigraph.QueryTriples):
        return [(t.subject.value, t.predicate.value, t.object.value) for t in results]
    return [[term.value if term is not None else None for term in solution]
            for solution in results]


def raw_oxrdflib_rows(graph: Any, text: str) -> Any:
    """The query through rdflib's Graph.query on oxrdflib, rows iterated, no DataFrame."""
    result = graph.query(text, initNs=direct_prefixes())
    if result.type == "ASK":
        return bool(result.askAnswer)
    return [tuple(row) for row in result]


def row_count(result: Any) -> int | None:
    if result is None:
        return None
    if isinstance(result, bool):
        return int(result)
    return len(result)


def load_direct(path: Path) -> Any:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def load_api(path: Path, store: str = "oxigraph") -> Any:
    from chainkg import KnowledgeGraph

    return KnowledgeGraph.load(path.parent, store=store)


# --- workers (each in its own process) ---------------------------------------------------

def worker_timing(spec: dict[str, Any]) -> dict[str, Any]:
    """pyoxigraph direct and the project API side by side in one process."""
    path = Path(spec["file"])
    params = spec["params"]
    names = spec["queries"]
    runs = spec["runs"]
    loads: dict[str, list[float]] = {"direct": [], "api": []}
    store = kg = None
    # a worker started again after an aborted query loads once, untimed
    orders = (("direct", "api"), ("api", "direct")) if spec["time_loads"] else (("direct",
                                                                                 "api"),)
    for order in orders:
        store = kg = None  # drop the previous copies before loading again
        for which in order:
            if which == "direct":
                seconds, store = timed(lambda: load_direct(path))
            else:
                seconds, kg = timed(lambda: load_api(path))
            loads[which].append(seconds)
    import gc

    gc.collect()
    queries: dict[str, Any] = {}
    _PARTIAL.update(loads=loads if spec["time_loads"] else None, queries=queries)
    for name in names:
        text = query_text(name, params[name])
        paths = {
            "direct": lambda t=text: direct_rows(store, t),
            "api": lambda n=name: run_api(kg, n, params[n]),
            "library_on_store": lambda n=name: run_library_on_store(store, n, params[n]),
            "raw_oxrdflib": lambda t=text: raw_oxrdflib_rows(kg.graph, t),
        }
        samples: dict[str, list[float]] = {key: [] for key in paths}
        rows: dict[str, int | None] = {}
        errors: dict[str, str] = {}
        done: set[str] = set()
        for _ in range(runs):
            for key, function in paths.items():
                if key in errors or key in done:
                    continue
                try:
                    with watchdog(name, spec["hard_timeout"]):
                        seconds, result = timed(function)
                except Exception as exc:  # a path that cannot run this query is reported
                    errors[key] = f"{type(exc).__name__}: {exc}"[:300]
                    continue
                samples[key].append(seconds)
                rows[key] = row_count(result)
                if seconds > spec["slow"]:
                    done.add(key)  # one slow run says enough; keep the run short
        queries[name] = {
            "median": {k: statistics.median(v) for k, v in samples.items() if v},
            "samples": samples,
            "rows": rows,
            "errors": errors,
        }
    return {"loads": loads if spec["time_loads"] else None, "queries": queries}


def worker_memory(spec: dict[str, Any]) -> dict[str, Any]:
    """rdflib's in-memory store through the project API, each query under a timeout."""
    path = Path(spec["file"])
    params = spec["params"]
    timeout = spec["timeout"]
    baseline = peak_rss_mib()
    load_seconds, kg = timed(lambda: load_api(path, store="memory"))
    queries: dict[str, Any] = {}
    for name in spec["queries"]:
        samples: list[float] = []
        status, rows, error = "ok", None, None
        for run in range(spec["runs"]):
            try:
                seconds, result = with_timeout(timeout,
                                               lambda n=name: run_api(kg, n, params[n]))
            except Exception as exc:
                status, error = "error", f"{type(exc).__name__}: {exc}"[:300]
                break
            if seconds is None:
                status = "timeout"
                break
            samples.append(seconds)
            rows = row_count(result)
            # one slow run is enough to see a ten-fold gap; keep the run short
            if run == 0 and seconds > spec["slow"]:
                break
        queries[name] = {"median": statistics.median(samples) if samples else None,
                         "samples": samples, "status": status, "rows": rows, "error": error}
    return {"load": load_seconds, "queries": queries, "rss_mib": peak_rss_mib(),
            "baseline_rss_mib": baseline}


def worker_rss(spec: dict[str, Any]) -> dict[str, Any]:
    """Load into one store and run each query once: this process's peak RSS is the figure."""
    path = Path(spec["file"])
    params = spec["params"]
    baseline = peak_rss_mib()
    errors = {}
    if spec["store"] == "direct":
        load_seconds, store = timed(lambda: load_direct(path))
        after_load = peak_rss_mib()
        _PARTIAL.update(load=load_seconds, after_load_rss_mib=after_load, errors=errors)
        for name in spec["queries"]:
            try:
                with watchdog(name, spec["hard_timeout"]):
                    direct_rows(store, query_text(name, params[name]))
            except Exception as exc:
                errors[name] = f"{type(exc).__name__}: {exc}"[:300]
    else:
        load_seconds, kg = timed(lambda: load_api(path))
        after_load = peak_rss_mib()
        _PARTIAL.update(load=load_seconds, after_load_rss_mib=after_load, errors=errors)
        for name in spec["queries"]:
            try:
                with watchdog(name, spec["hard_timeout"]):
                    run_api(kg, name, params[name])
            except Exception as exc:
                errors[name] = f"{type(exc).__name__}: {exc}"[:300]
    return {"load": load_seconds, "rss_mib": peak_rss_mib(), "after_load_rss_mib": after_load,
            "baseline_rss_mib": baseline, "errors": errors}


WORKERS = {"timing": worker_timing, "memory": worker_memory, "rss": worker_rss}


def run_worker(role: str, spec: dict[str, Any], log: Callable[[str], None]) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; its JSON result comes back through a file."""
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        spec_path = Path(tmp) / "spec.json"
        out_path = Path(tmp) / "out.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--worker", role,
             str(spec_path), str(out_path)],
            capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if completed.returncode != 0 or not out_path.is_file():
            raise RuntimeError(f"{role} worker failed (exit {completed.returncode}):\n"
                               f"{completed.stderr[-3000:]}")
        log(f"    {role}{'/' + spec['store'] if 'store' in spec else ''} worker: "
            f"{elapsed:.1f} s")
        return json.loads(out_path.read_text(encoding="utf-8"))


def run_until_done(role: str, spec: dict[str, Any],
                   log: Callable[[str], None]) -> dict[str, Any]:
    """Run a worker; when its watchdog ended it at a query, start another for the rest."""
    remaining = list(spec["queries"])
    merged: dict[str, Any] = {"aborted": []}
    first = True
    while remaining:
        out = run_worker(role, {**spec, "queries": remaining,
                                "time_loads": first and spec.get("time_loads", True)}, log)
        aborted = out.pop("aborted", None)
        for key, value in out.items():
            if key == "queries":
                merged.setdefault("queries", {}).update(value)
            elif key == "errors":
                merged.setdefault("errors", {}).update(value)
            elif key == "rss_mib":
                merged[key] = max(merged.get(key, 0.0), value)
            elif first or key not in merged:
                merged[key] = value
        first = False
        if aborted is None:
            break
        log(f"      {aborted}: over {spec['hard_timeout']:.0f} s, stopped")
        merged["aborted"].append(aborted)
        remaining = remaining[remaining.index(aborted) + 1:]
    return merged


def worker_main(role: str, spec_path: Path, out_path: Path) -> int:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    _OUT_PATH.append(out_path)
    result = WORKERS[role](spec)
    out_path.write_text(json.dumps(result), encoding="utf-8")
    return 0


# --- the synthetic graphs ----------------------------------------------------------------

def cached_graph(cache_dir: Path, size: int, seed: int,
                 log: Callable[[str], None]) -> tuple[Path, dict[str, Any]]:
    """``{cache}/synthetic-{size}-s{seed}-v{version}/chainkg.nt`` (a build folder the
    project API loads as is) and its facts, generated on first use."""
    folder = cache_dir / f"synthetic-{size}-s{seed}-v{synthetic.GENERATOR_VERSION}"
    path = folder / "chainkg.nt"
    facts_path = folder / "facts.json"
    if path.is_file() and facts_path.is_file():
        return path, json.loads(facts_path.read_text(encoding="utf-8"))
    log(f"  generating {size:,} triples into {folder}")
    seconds, triples = timed(lambda: synthetic.write_synthetic(path, size, seed))
    facts = {"triples": triples, "bytes": path.stat().st_size, "generate_seconds": seconds,
             "focus": synthetic.focus_entities(path)}
    facts_path.write_text(json.dumps(facts, indent=2), encoding="utf-8")
    return path, facts


# --- the report --------------------------------------------------------------------------

def machine() -> dict[str, str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB RAM"
    except OSError:
        pass
    versions = {name: metadata.version(name)
                for name in ("rdflib", "pyoxigraph", "oxrdflib", "pandas")}
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **versions,
    }


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def size_label(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def memory_cell(entry: dict[str, Any] | None, timeout: float) -> tuple[str, float | None]:
    """The in-memory time as shown, and the time the ratio uses (a lower bound on timeout)."""
    if entry is None:
        return "skipped", None
    if entry["status"] == "timeout":
        return f"> {timeout:.0f} s (timeout)", timeout
    if entry["status"] == "error":
        return "error", None
    return fmt_seconds(entry["median"]), entry["median"]


def evaluate(results: list[dict[str, Any]], timeout: float) -> list[dict[str, Any]]:
    """Pass/fail per goal with the figures that decide it: the goals are set at 1M triples;
    the other sizes are reported the same way, marked "reported"."""
    goals = []
    for size_result in results:
        size = size_result["size"]
        label = size_label(size)
        is_goal = size == GOAL_SIZE
        suffix = "" if is_goal else " (reported)"
        queries = size_result["timing"]["queries"]
        loads = size_result["timing"]["loads"]
        ratio = min(loads["api"]) / min(loads["direct"])
        goals.append({"size": size, "goal": f"{label}: load through the project API within "
                                            f"{LOAD_GOAL}× of pyoxigraph's Store.load{suffix}",
                      "passed": ratio <= LOAD_GOAL,
                      "detail": f"{fmt_ratio(ratio)} ({fmt_seconds(min(loads['api']))} vs "
                                f"{fmt_seconds(min(loads['direct']))})"})
        memory = size_result.get("memory")
        if memory is not None:
            failures = []
            for name, entry in queries.items():
                api = entry["median"].get("api")
                _, mem = memory_cell(memory["queries"].get(name), timeout)
                if entry.get("stopped"):
                    failures.append(f"{name} (stopped on Oxigraph)")
                elif api is None or mem is None:
                    failures.append(f"{name} (not measured)")
                elif mem / api < MEMORY_GOAL:
                    failures.append(f"{name} {fmt_ratio(mem / api)}")
            goals.append({"size": size,
                          "goal": f"{label}: every named query ≥ {MEMORY_GOAL:.0f}× faster "
                                  f"than rdflib in-memory{suffix}",
                          "passed": not failures,
                          "detail": "all pass" if not failures else "; ".join(failures)})
        failures = []
        for name, entry in queries.items():
            api, direct = entry["median"].get("api"), entry["median"].get("direct")
            if entry.get("stopped"):
                failures.append(f"{name} ({HARD_NOTE})")
            elif api is None or direct is None:
                failures.append(f"{name} (not measured)")
            elif api / direct > DIRECT_GOAL:
                failures.append(f"{name} {fmt_ratio(api / direct)} "
                                f"({fmt_seconds(api)} vs {fmt_seconds(direct)})")
        goals.append({"size": size,
                      "goal": f"{label}: every named query within {DIRECT_GOAL}× of the same "
                              f"text on pyoxigraph{suffix}",
                      "passed": not failures,
                      "detail": "all pass" if not failures else "; ".join(failures)})
        if size >= GOAL_SIZE:
            slow = [f"{name} " + (f"({HARD_NOTE})" if entry.get("stopped")
                                  else fmt_seconds(entry["median"].get("api")))
                    for name, entry in queries.items()
                    if entry["median"].get("api") is None
                    or entry["median"]["api"] > SECONDS_GOAL]
            goals.append({"size": size,
                          "goal": f"{label}: no named query over {SECONDS_GOAL:.0f} s{suffix}",
                          "passed": not slow,
                          "detail": "all pass" if not slow else "; ".join(slow)})
    # the goals first, then what is reported for the other sizes
    return sorted(goals, key=lambda g: (g["size"] != GOAL_SIZE, g["size"]))


def render(results: list[dict[str, Any]], config: dict[str, Any]) -> str:
    """The Markdown section: machine, command, date, tables, goals."""
    info = config["machine"]
    timeout = config["timeout"]
    out = [SECTION, ""]
    out.append(f"Run on {config['date']} with `{config['command']}`.")
    out.append("")
    out.append(f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, "
               f"{info['os']}; Python {info['python']}, rdflib {info['rdflib']}, "
               f"pyoxigraph {info['pyoxigraph']}, oxrdflib {info['oxrdflib']}, "
               f"pandas {info['pandas']}.")
    out.append("")
    out.append(
        "Graphs: `scripts/synthetic.py` (seed "
        f"{config['seed']}): the real ontology, vocabularies and 34 divisions + CN, a "
        f"technology taxonomy of {synthetic.SYNTHETIC_TECH_CONCEPTS} more SKOS concepts, and "
        "bundles of one policy document with its measures, quantified targets, enterprise, "
        "indicator observations, people, posts, statements and evidence spans, spread evenly "
        "over the divisions (CN twice as often). Parameters (the same at every size) make "
        "selective queries touch one province: "
        + "; ".join(f"`{name}` " + (" ".join(f"{k}={v}" for k, v in params.items()) or
                                    "(defaults)")
                    for name, params in config["params"].items()) + ".")
    out.append("")
    out.append(
        f"Method: each size runs in fresh processes. Times are medians of {config['runs']} "
        "runs, taken alternately in one process for *API* (`KnowledgeGraph.query`, Oxigraph "
        "through oxrdflib, rows to a pandas DataFrame) and *direct* (the same SPARQL text on a "
        "`pyoxigraph.Store`, rows read into Python values); *lib@store* is the query library "
        "run on that pyoxigraph store, *raw* is `Graph.query` on oxrdflib with rows iterated "
        "(no DataFrame): they show where the API's time goes. *memory* is rdflib's in-memory "
        f"store through the same API, in its own process, up to {size_label(config['memory_max'])}"
        f" triples, each query under a {timeout:.0f} s timeout (a run slower than "
        f"{config['slow']:.0f} s is not repeated; a timeout counts as {timeout:.0f} s, a lower "
        "bound on its ratio). An Oxigraph run slower than that is not repeated either; one "
        f"over {config['hard_timeout']:.0f} s is stopped by a watchdog (Rust code cannot be "
        "interrupted) and the remaining queries run in a new process. Loads are the best of "
        "two per store, alternating order. Peak RSS is `ru_maxrss` of a process that loads "
        "one store and runs every query once.")
    out.append("")

    out.append("### Load and memory")
    out.append("")
    out.append("| triples | file | pyoxigraph load | API load | API/direct | rdflib load | "
               "peak RSS pyoxigraph | peak RSS API | peak RSS rdflib |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        loads = r["timing"]["loads"]
        direct, api = min(loads["direct"]), min(loads["api"])
        memory = r.get("memory")
        out.append("| " + " | ".join([
            f"{r['triples']:,}",
            f"{r['bytes'] / 2 ** 20:.0f} MiB",
            fmt_seconds(direct), fmt_seconds(api), fmt_ratio(api / direct),
            fmt_seconds(memory["load"]) if memory else "skipped",
            f"{r['rss']['direct']['rss_mib']:,.0f} MiB",
            f"{r['rss']['api']['rss_mib']:,.0f} MiB",
            f"{memory['rss_mib']:,.0f} MiB" if memory else "skipped",
        ]) + " |")
    out.append("")

    out.append("### Named queries")
    out.append("")
    out.append("| triples | query | rows | API | direct | API/direct | lib@store | raw | "
               "memory | memory/API |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    notes = []
    for r in results:
        memory = r.get("memory")
        for name, entry in r["timing"]["queries"].items():
            med = entry["median"]
            api, direct = med.get("api"), med.get("direct")
            mem_entry = memory["queries"].get(name) if memory else None
            shown, mem = memory_cell(mem_entry, timeout)
            rows = entry["rows"].get("api", entry["rows"].get("direct"))
            counts = {k: v for k, v in entry["rows"].items() if v is not None}
            if mem_entry and mem_entry.get("rows") is not None:
                counts["memory"] = mem_entry["rows"]
            if len(set(counts.values())) > 1:
                notes.append(f"{size_label(r['size'])} `{name}`: row counts differ {counts}")
            for key, error in entry["errors"].items():
                notes.append(f"{size_label(r['size'])} `{name}` {key}: {error}")
            if mem_entry and mem_entry.get("error"):
                notes.append(f"{size_label(r['size'])} `{name}` memory: {mem_entry['error']}")
            if entry.get("stopped"):
                over = f"> {config['hard_timeout']:.0f} s (stopped)"
                out.append(f"| {size_label(r['size'])} | `{name}` | – | {over} | {over} | – | "
                           f"– | – | {shown} | – |")
                continue
            out.append("| " + " | ".join([
                size_label(r["size"]), f"`{name}`", "–" if rows is None else f"{rows:,}",
                fmt_seconds(api), fmt_seconds(direct),
                fmt_ratio(api / direct) if api and direct else "–",
                fmt_seconds(med.get("library_on_store")), fmt_seconds(med.get("raw_oxrdflib")),
                shown, fmt_ratio(mem / api) if mem and api else "–",
            ]) + " |")
    out.append("")
    skipped = [size_label(r["size"]) for r in results if r.get("memory") is None]
    if skipped:
        out.append(f"rdflib in-memory was not run at {', '.join(skipped)} triples "
                   f"(above `--memory-max {size_label(config['memory_max'])}`: minutes per "
                   "query and load).")
        out.append("")
    if notes:
        out.append("Notes:")
        out.append("")
        out += [f"- {note}" for note in notes]
        out.append("")

    out.append("### Goals")
    out.append("")
    out.append("| goal | result | figures |")
    out.append("|---|---|---|")
    for goal in config["goals"]:
        out.append(f"| {goal['goal']} | {'pass' if goal['passed'] else '**fail**'} | "
                   f"{goal['detail']} |")
    out.append("")
    out.append(
        "Reading the tables: *lib@store* close to *API* means oxrdflib adds nothing (the "
        "library queries the pyoxigraph store inside oxrdflib's graph); *API* − *direct* is "
        "then the library's own work per call (binding, building the DataFrame, or the rdflib "
        "Graph of a CONSTRUCT), a millisecond or two that dominates the ratio of queries that "
        "take about a millisecond on pyoxigraph. A query slow on *direct* too is slow in "
        "Oxigraph itself; rows that differ between stores would be listed under Notes.")
    out.append("")
    return "\n".join(out)


START, END = "<!-- bench_query:start -->", "<!-- bench_query:end -->"


def write_docs(section: str, docs: Path = DOCS) -> None:
    """Replace (or add) only this benchmark's section of docs/benchmarks.md: the text
    between its markers, or a "## Query benchmark" section without them."""
    text = docs.read_text(encoding="utf-8") if docs.is_file() else DOCS_INTRO
    block = f"{START}\n{section.rstrip()}\n{END}"
    marked = re.compile(rf"{re.escape(START)}.*?{re.escape(END)}", re.S)
    bare = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |^<!-- |\Z)", re.S | re.M)
    if marked.search(text):
        text = marked.sub(lambda _: block, text, count=1)
    elif bare.search(text):
        text = bare.sub(lambda _: block + "\n\n", text, count=1)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    docs.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=docs.parent, prefix=f".{docs.name}.")
    with open(fd, "w", encoding="utf-8") as handle:
        handle.write(text.rstrip() + "\n")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
    os.replace(temp, docs)


# --- main --------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[int]:
    sizes = [synthetic.parse_size(part) for part in text.split(",") if part.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("--sizes needs at least one size")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        if len(argv) != 4 or argv[1] not in WORKERS:
            print("usage: bench_query.py --worker ROLE SPEC OUT", file=sys.stderr)
            return 2
        return worker_main(argv[1], Path(argv[2]), Path(argv[3]))

    from chainkg.core.paths import default_build_dir

    parser = argparse.ArgumentParser(
        description="Time loads, named queries and peak memory on synthetic graphs.")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="comma-separated triple counts (default 10k,100k,1M,3M)")
    parser.add_argument("--quick", action="store_true", help="only 10k and 100k")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median)")
    parser.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where generated graphs are kept (default graph/build/bench)")
    parser.add_argument("--memory-max", type=synthetic.parse_size, default=1_000_000,
                        help="largest size run on rdflib's in-memory store (default 1M)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds per query on rdflib's in-memory store (default 30)")
    parser.add_argument("--slow", type=float, default=3.0,
                        help="an in-memory run slower than this is not repeated (default 3)")
    parser.add_argument("--hard-timeout", type=float, default=30.0,
                        help="seconds after which an Oxigraph query is abandoned (default 30)")
    parser.add_argument("--queries", default=None,
                        help="comma-separated query names (default: every named query)")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"write the report into {DOCS.relative_to(REPO)}")
    parser.add_argument("--json", type=Path, default=None, help="also write raw results here")
    parser.add_argument("--report-from", type=Path, default=None, metavar="JSON",
                        help="measure nothing: print (and with --write-docs write) the report "
                             "of an earlier run saved with --json")
    args = parser.parse_args(argv)
    if args.report_from:
        try:
            saved = json.loads(args.report_from.read_text(encoding="utf-8"))
            config, results = saved["config"], saved["results"]
        except (OSError, ValueError, KeyError) as exc:
            print(f"bench_query: cannot read {args.report_from}: {exc}", file=sys.stderr)
            return 2
        config["goals"] = evaluate(results, config["timeout"])
        section = render(results, config)
        print(section)
        if args.write_docs:
            write_docs(section)
        return 0
    if args.sizes and args.quick:
        parser.error("use either --sizes or --quick")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = sorted(set(args.sizes or [synthetic.parse_size(s) for s in
                                      (QUICK_SIZES if args.quick else DEFAULT_SIZES)]))
    cache_dir = args.cache_dir or default_build_dir() / "bench"
    names = query_names()
    if args.queries:
        wanted = [n.strip() for n in args.queries.split(",") if n.strip()]
        unknown = sorted(set(wanted) - set(names))
        if unknown:
            parser.error(f"unknown query name(s): {', '.join(unknown)}; "
                         f"known: {', '.join(names)}")
        names = wanted

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    results = []
    for size in sizes:
        log(f"{size_label(size)} triples")
        path, facts = cached_graph(cache_dir, size, args.seed, log)
        params = {name: focus_parameters_for(name, facts["focus"]) for name in names}
        base = {"file": str(path), "params": params, "queries": names,
                "hard_timeout": args.hard_timeout}
        result: dict[str, Any] = {"size": size, "triples": facts["triples"],
                                  "bytes": facts["bytes"], "params": params}
        timing = run_until_done("timing", {**base, "runs": args.runs, "slow": args.slow}, log)
        stopped = {"median": {}, "samples": {}, "rows": {}, "errors": {}, "stopped": True}
        timing["queries"] = {name: timing["queries"].get(name, stopped) for name in names}
        result["timing"] = timing
        result["rss"] = {store: run_until_done("rss", {**base, "store": store}, log)
                         for store in ("direct", "api")}
        if size <= args.memory_max:
            result["memory"] = run_worker(
                "memory", {**base, "runs": args.runs, "timeout": args.timeout,
                           "slow": args.slow}, log)
        results.append(result)
    log(f"done in {time.perf_counter() - started:.0f} s")

    command = "python scripts/bench_query.py" + "".join(
        f" {shlex.quote(a)}" for a in argv)
    config = {"machine": machine(), "command": command, "date": date.today().isoformat(),
              "runs": args.runs, "seed": args.seed, "timeout": args.timeout, "slow": args.slow,
              "memory_max": args.memory_max, "params": results[-1]["params"],
              "hard_timeout": args.hard_timeout}
    differing = [size_label(r["size"]) for r in results if r["params"] != config["params"]]
    if differing:
        log(f"warning: query parameters differ at {', '.join(differing)} (see --json)")
    config["goals"] = evaluate(results, args.timeout)
    section = render(results, config)
    print(section)
    if args.json:
        args.json.write_text(json.dumps({"config": config, "results": results}, indent=1),
                             encoding="utf-8")
    if args.write_docs:
        write_docs(section)
        log(f"wrote {DOCS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
