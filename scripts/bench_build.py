"""Build and validation time and peak memory as the curated graph grows.

    python scripts/bench_build.py [--scales 1 10 100] [--write-docs]

The curated records are replicated N times with every record id renamed (``r3-<id>``, so
files stay sorted and references point within their copy); the ontology, vocabularies,
divisions and sources stay as they are. Each scale runs in a fresh interpreter, so its
peak resident memory (``ru_maxrss``) is its own: compile (YAML to RDF), validate (SHACL
shapes, SPARQL-based constraints, quality rules) and serialise (Turtle, N-Triples,
JSON-LD) are timed separately. ``--write-docs`` replaces the section of
``docs/benchmarks.md`` between the ``bench_build`` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "benchmarks.md"
START, END = "<!-- bench_build:start -->", "<!-- bench_build:end -->"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
clock, cpu = time.perf_counter, time.process_time
t0, c0 = clock(), cpu()
from chainkg.build.compile import compile_graph
from chainkg.build.serialize import serialize_all
from chainkg.build.validate import validate_compilation
from chainkg.core.paths import data_layout
t1, c1 = clock(), cpu()
layout = data_layout(Path(sys.argv[1]))
compilation = compile_graph(layout)
t2, c2 = clock(), cpu()
problems = validate_compilation(compilation, layout)
t3, c3 = clock(), cpu()
outputs = serialize_all(compilation.graph)
t4, c4 = clock(), cpu()
assert not problems, [str(p) for p in problems[:5]]
print(json.dumps({"triples": len(compilation.graph), "records": len(compilation.records),
                  "import": t1 - t0, "compile": t2 - t1, "validate": t3 - t2,
                  "serialize": t4 - t3, "compile_cpu": c2 - c1, "validate_cpu": c3 - c2,
                  "serialize_cpu": c4 - c3, "maxrss_mib": resource.getrusage(
                      resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def replicate(dest: Path, copies: int) -> Path:
    """A data folder with the curated records copied ``copies`` times under new ids."""
    import yaml

    sys.path.insert(0, str(REPO / "src"))
    from chainkg.curation.schema import fields_for

    shutil.copytree(REPO / "ontology", dest / "ontology")
    shutil.copytree(REPO / "graph" / "reference", dest / "graph" / "reference")
    shutil.copy2(REPO / "graph" / "sources.yaml", dest / "graph" / "sources.yaml")
    (dest / "graph" / "records").mkdir(parents=True)
    files = {path: yaml.safe_load(path.read_text(encoding="utf-8"))
             for path in sorted((REPO / "graph" / "records").glob("*.yaml"))}
    curated = {record["id"] for data in files.values() for record in data["records"]}
    for path, data in files.items():
        for k in range(copies):
            def rename(value, k=k):
                if isinstance(value, list):
                    return [rename(item) for item in value]
                return f"r{k}-{value}" if isinstance(value, str) and value in curated else value

            records = []
            for record in data["records"]:
                fields = fields_for(record["type"])
                copy = {key: (rename(value) if key in fields and fields[key].kind == "ref"
                              else value) for key, value in record.items()}
                copy["id"] = f"r{k}-{record['id']}"
                records.append(copy)
            out = dest / "graph" / "records" / f"{path.stem}-r{k}.yaml"
            out.write_text(yaml.safe_dump({"source": data["source"], "records": records},
                                          allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def measure(copies: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = replicate(Path(tmp) / "data", copies)
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        env.pop("CHAINKG_DATA", None)
        result = subprocess.run([sys.executable, "-c", CHILD, str(data)], capture_output=True,
                                text=True, env=env, check=True)
    return {"copies": copies, **json.loads(result.stdout)}


def machine() -> str:
    cpu = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        mem = int(handle.readline().split()[1]) / 1024 / 1024
    import pyoxigraph
    import pyshacl
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores, {mem:.1f} GiB RAM; Python "
            f"{platform.python_version()}, rdflib {rdflib.__version__}, pySHACL "
            f"{pyshacl.__version__}, pyoxigraph {pyoxigraph.__version__}")


STAGES = ("compile", "validate", "serialize")


def table(rows: list[dict]) -> str:
    lines = ["| copies | records | triples | compile s | validate s | serialise s | "
             "build s | build CPU s | per 1,000 triples ms | peak RSS MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        total = sum(row[stage] for stage in STAGES)
        cpu = sum(row[f"{stage}_cpu"] for stage in STAGES)
        lines.append(f"| {row['copies']} | {row['records']:,} | {row['triples']:,} | "
                     f"{row['compile']:.2f} | {row['validate']:.2f} | {row['serialize']:.2f} | "
                     f"{total:.2f} | {cpu:.2f} | {1000 * 1000 * total / row['triples']:.0f} | "
                     f"{row['maxrss_mib']:.0f} |")
    return "\n".join(lines)


def growth(rows: list[dict]) -> str:
    """How much each stage's CPU time grows from one scale to the next, beside the triples:
    near-linear growth has the stage ratios close to the triples ratio."""
    lines = ["| copies | triples × | compile CPU × | validate CPU × | serialise CPU × | "
             "build CPU × |", "|---|---:|---:|---:|---:|---:|"]
    for before, after in pairwise(rows):
        cells = [after["triples"] / before["triples"]]
        cells += [after[f"{stage}_cpu"] / before[f"{stage}_cpu"] for stage in STAGES]
        cells.append(sum(after[f"{stage}_cpu"] for stage in STAGES)
                     / sum(before[f"{stage}_cpu"] for stage in STAGES))
        lines.append(f"| {before['copies']} → {after['copies']} | "
                     + " | ".join(f"{cell:.1f}" for cell in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    for copies in args.scales:
        rows.append(measure(copies))
        print(json.dumps(rows[-1]), flush=True)
    load = os.getloadavg()[0]
    text = table(rows) + ("\n\n" + growth(rows) if len(rows) > 1 else "")
    print(text)
    if args.write_docs:
        command = " ".join(["python scripts/bench_build.py",
                            *(sys.argv[1:] if argv is None else argv)])
        section = (f"{START}\n## Build and validation (`chainkg build`)\n\nMeasured by "
                   f"`{command}` on: {machine()}.\n\n"
                   "The curated records replicated N times under new ids (sources, "
                   "ontology, vocabularies and divisions shared); each scale in a fresh "
                   "interpreter. *build s* is compile + validate + serialise (wall clock), "
                   "without interpreter start and imports; *build CPU s* is the process's "
                   "CPU time for the same stages, which other work on the machine inflates "
                   f"less (load average {load:.1f} at the end of the run). The second table "
                   "divides each stage's CPU time by the one at the previous scale.\n\n"
                   + text + "\n" + END + "\n")
        document = DOCS.read_text(encoding="utf-8")
        if START in document:
            document = (document[:document.index(START)] + section
                        + document[document.index(END) + len(END) + 1:])
        else:
            document = document.rstrip("\n") + "\n\n" + section
        DOCS.write_text(document, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
