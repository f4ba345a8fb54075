"""Write the record-type reference of docs/curating.md from the schema and the shapes.

    python scripts/curating_reference.py           # rewrite the tables between the markers
    python scripts/curating_reference.py --check   # exit 1 if they are out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "curating.md"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(REPO / "src"))
    from chainkg.core.files import refresh_generated
    from chainkg.core.paths import data_layout
    from chainkg.curation.guide import record_reference, replace_reference

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    document = GUIDE.read_text(encoding="utf-8")
    updated = replace_reference(document, record_reference(data_layout(REPO)))
    return refresh_generated(GUIDE, updated, args.check, "python scripts/curating_reference.py")

if __name__ == "__main__":
    sys.exit(main())
