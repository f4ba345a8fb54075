"""The ``chainkg`` command: a thin layer over the Python API, one subcommand per job.

Each module of this package registers the subcommands of one layer.

Exit codes: 0 success, 1 the curated data has problems, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__

Handler = Callable[[argparse.Namespace], int]


def build_parser(extra: list[Callable[[argparse._SubParsersAction], None]] | None = None
                 ) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chainkg",
        description="An open knowledge graph of Chinese industrial-chain policy.",
    )
    parser.add_argument("--version", action="version", version=f"chainkg {__version__}")
    parser.add_argument("--data", type=Path, default=None, metavar="DIR",
                        help="work on the ontology and records under DIR instead of the "
                             "installed ones (sets $CHAINKG_DATA)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for register in extra or _registered_commands():
        register(sub)
    return parser


def _registered_commands() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands contributed by other modules, each with a ``register(subparsers)``."""
    import importlib

    registers = []
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"chainkg.cli.{module_name}")
        registers.append(module.register)
    return registers


# The modules of chainkg.cli that add subcommands, in --help order; each defines
# register(subparsers). Subcommands appear as: build, validate, duplicates, locate
# (curation); query, push (query); stats; serve (web); export, analyze, view (network).
COMMAND_MODULES: list[str] = ["curation", "query", "stats", "web", "network"]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        # A subcommand may explain leftovers better than argparse's "unrecognized
        # arguments" (``--param deadline 2025`` means ``--param deadline=2025``).
        explain = getattr(args, "explain_extras", None)
        message = explain(args, extras) if explain else None
        if message is None:
            parser.error(f"unrecognized arguments: {' '.join(extras)}")
        print(f"chainkg {args.command}: {message}", file=sys.stderr)
        return 2
    if args.data is not None:
        if not (args.data / "ontology" / "chainkg.ttl").is_file():
            print(f"chainkg: {args.data} has no ontology/chainkg.ttl", file=sys.stderr)
            return 2
        os.environ["CHAINKG_DATA"] = str(args.data)
    handler: Handler = args.handler
    from ..core.files import WriteError
    from ..curation.records import CurationError

    try:
        return handler(args)
    except BrokenPipeError:
        return 0
    except WriteError as exc:
        print(f"chainkg {args.command}: {exc}", file=sys.stderr)
        return 2
    except CurationError as exc:  # a stale build that could not be rebuilt
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"chainkg {args.command}: {getattr(exc, 'reason', 'the build failed')}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
