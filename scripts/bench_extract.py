"""Speed of `chainkg extract` on a 5 MB text made of the dev articles repeated.

Usage: CHAINKG_SOURCES=DIR python scripts/bench_extract.py [--megabytes 5]
Prints the setup time (gazetteers and patterns, once per process) and the extraction
time and characters per second for 0.5 MB and the full size, side by side.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from chainkg.curation.extract import extract
from chainkg.curation.extract.gazetteer import gazetteer_for_current_data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    folder = os.environ.get("CHAINKG_SOURCES")
    if not folder:
        print("set CHAINKG_SOURCES to the folder of source texts", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("**/*.txt"))]
    corpus = "\n\n".join(texts)
    size = int(args.megabytes * 1_000_000)
    big = (corpus * (size // len(corpus) + 1))[:size]
    started = time.perf_counter()
    gazetteer = gazetteer_for_current_data()
    extract("Shanxi will build 3 plants by 2025.", "warmup", 2024, gazetteer)
    setup = time.perf_counter() - started
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPU(s)")
    print(f"setup (gazetteers, patterns): {setup:.2f} s")
    for label, text in (("0.5 MB", big[:500_000]), (f"{args.megabytes:g} MB", big)):
        started, cpu = time.perf_counter(), time.process_time()
        drafts = extract(text, "bench", 2024, gazetteer)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{label:>7}: {seconds:6.2f} s wall, {cpu:6.2f} s CPU, "
              f"{len(text) / cpu:>10,.0f} characters/CPU-second, "
              f"{len(drafts.records):,} drafts, {len(drafts.mentions):,} mentions")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPU(s) "
          "(wall time includes waiting for other processes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
