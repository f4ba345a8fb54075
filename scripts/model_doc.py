"""Rewrite the generated model reference in docs/model.md from the built graph.

    python scripts/model_doc.py            # builds the graph first if it is missing
    python scripts/model_doc.py --check    # exit 1 if docs/model.md is not current
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chainkg import KnowledgeGraph
from chainkg.build.modeldoc import update
from chainkg.core.files import write_atomically

DOC = Path(__file__).resolve().parent.parent / "docs" / "model.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    parser.add_argument("--build-dir", type=Path, default=None, help="folder of chainkg.nt")
    args = parser.parse_args()
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# The chainkg model\n"
    fresh = update(current, KnowledgeGraph.load(args.build_dir, store="memory").graph)
    if args.check:
        if fresh != current:
            print(f"{DOC} is not current: run python scripts/model_doc.py", file=sys.stderr)
            return 1
        print(f"{DOC} is current")
        return 0
    write_atomically({DOC.name: fresh.encode("utf-8")}, DOC.parent)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
