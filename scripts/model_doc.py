"""Rewrite the generated model reference in docs/model.md from a fresh build of the curated
graph (in a temporary folder, so a stale graph/build cannot leak in).

    python scripts/model_doc.py            # rewrite docs/model.md
    python scripts/model_doc.py --check    # exit 1 if docs/model.md is not current
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rdflib import Graph

from chainkg.build import build
from chainkg.build.modeldoc import update
from chainkg.core.files import refresh_generated
from chainkg.core.paths import data_layout

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "model.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that it is current")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        build(Path(folder), layout=data_layout(REPO))
        graph = Graph().parse(Path(folder) / "chainkg.nt", format="nt")
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# The chainkg model\n"
    fresh = update(current, graph)
    return refresh_generated(DOC, fresh, args.check, "python scripts/model_doc.py")

if __name__ == "__main__":
    raise SystemExit(main())
