"""``chainkg stats``: what the graph holds, per provincial division and per source."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.files import write_atomically
from ..core.paths import default_sources_dir, display_path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats", help="figures: documents, chains, targets, technologies, sources, coverage",
        description="Totals, then per provincial division the documents, designated chains, "
                    "quantified targets, technologies and sources, and per source its "
                    "entities, evidence spans and (with the source texts) the share of its "
                    "text covered by evidence.")
    p.add_argument("--sources", type=Path, default=None, metavar="DIR",
                   help="folder of source texts, to measure coverage (default: "
                        "$CHAINKG_SOURCES when set)")
    p.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build; built if missing)")
    p.add_argument("--update", type=Path, default=None, metavar="FILE",
                   help="rewrite the section between the chainkg stats markers of FILE "
                        "(docs/coverage.md) instead of printing")
    p.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    from ..api import KnowledgeGraph
    from ..query.coverage import coverage_markdown, replace_between_markers

    sources_dir = args.sources if args.sources is not None else default_sources_dir()
    # A document is regenerated from a fresh build, never from a stale one.
    kg = KnowledgeGraph.load(args.build_dir, rebuild=args.update is not None)
    try:
        text = coverage_markdown(kg.coverage(sources_dir))
    except FileNotFoundError as exc:
        print(f"chainkg stats: source text not found: {exc.filename}", file=sys.stderr)
        return 2
    if args.update is None:
        sys.stdout.write(text)
        return 0
    try:
        document = args.update.read_text(encoding="utf-8")
        updated = replace_between_markers(document, text)
    except (OSError, ValueError) as exc:
        print(f"{display_path(args.update)}:1: (file): {exc}", file=sys.stderr)
        return 2
    write_atomically({args.update.name: updated.encode("utf-8")}, args.update.parent)
    print(f"updated {display_path(args.update)}")
    return 0
