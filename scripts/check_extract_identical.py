"""Whether `chainkg extract`'s quick scans give exactly the drafts of the plain ``re`` scans
they stand for, on the source texts and on texts made from them.

Usage: CHAINKG_SOURCES=DIR python scripts/check_extract_identical.py [--digests FILE [--write]]

For every ``*.txt`` under the sources folder, the drafts file (``render_drafts``) of the
text as it is, of the text as one paragraph (line breaks made spaces) and of the text cut
into one line per sentence; of the texts joined and repeated to 1 MB; and of a 300 kB mix
of random slices of the texts and random characters (cut-off sentences, stray brackets and
digits): each is made with the quick scans (extract/scan.py) and again with
``reference_scans()``, and the two must be byte-identical (exit 1 naming the cases that
differ). ``--digests FILE --write`` also stores a SHA-256 of each output, and ``--digests
FILE`` compares with a stored file, to show that a change made only for speed elsewhere
(a cache, a rewritten loop) leaves every draft as it was between two versions of the code.
``tests/test_extract_identical.py`` runs the same comparison of the two scans.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Characters the mix draws between slices: the ones the rules split, bracket and count on.
_NOISE = " \n\n.,;:()“”\"'-–%0123456789年月日市省区县链强补的 ABCxyz\t\u3000"


def _texts(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.glob("**/*.txt"))}


def _mix(corpus: str, size: int, seed: int = 12) -> str:
    """Random slices of the corpus glued with random characters: deterministic for a seed."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        start = rng.randrange(len(corpus))
        piece = corpus[start:start + rng.randint(1, 300)]
        noise = "".join(rng.choice(_NOISE) for _ in range(rng.randint(0, 4)))
        parts.append(piece + noise)
        total += len(piece) + len(noise)
    return "".join(parts)


def cases(folder: Path) -> dict[str, str]:
    """Name -> text of every case whose drafts are compared."""
    texts = _texts(folder)
    out: dict[str, str] = {}
    for name, text in texts.items():
        out[name] = text
        out[f"{name} (one paragraph)"] = text.replace("\n", " ")
        out[f"{name} (one line per sentence)"] = (text.replace(". ", ".\n")
                                                  .replace("。", "。\n"))
    corpus = "\n\n".join(texts.values())
    out["all texts repeated to 1 MB"] = (corpus * (1_000_000 // len(corpus) + 1))[:1_000_000]
    out["300 kB of random slices and characters"] = _mix(corpus, 300_000)
    return out


def drafts(text: str) -> str:
    """The drafts file of a text (source id "t", year from the text)."""
    from chainkg.curation.extract import extract, render_drafts
    from chainkg.curation.extract.gazetteer import gazetteer_for_current_data

    return render_drafts(extract(text, "t", None, gazetteer_for_current_data()))


def scans_differ(text: str) -> bool:
    """Whether the quick scans and the reference scans give different drafts of a text."""
    from chainkg.curation.extract.scan import reference_scans

    quick = drafts(text)
    with reference_scans():
        reference = drafts(text)
    return quick != reference


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digests", type=Path, help="a JSON file of SHA-256 digests of the "
                        "outputs, to compare with (or, with --write, to write)")
    parser.add_argument("--write", action="store_true", help="write the --digests file")
    args = parser.parse_args(argv)
    folder = os.environ.get("CHAINKG_SOURCES")
    if not folder:
        print("set CHAINKG_SOURCES to the folder of source texts", file=sys.stderr)
        return 2
    all_cases = cases(Path(folder))
    differing = [name for name, text in all_cases.items() if scans_differ(text)]
    for name in differing:
        print(f"quick and reference scans differ: {name}")
    print(f"{len(all_cases) - len(differing)} of {len(all_cases)} outputs identical "
          "with quick and reference scans")
    if args.digests is None:
        return 1 if differing else 0
    found = {name: hashlib.sha256(drafts(text).encode("utf-8")).hexdigest()
             for name, text in all_cases.items()}
    if args.write:
        from chainkg.core.files import refresh_generated

        refresh_generated(args.digests, json.dumps(found, indent=1, sort_keys=True) + "\n",
                          False, "")
        return 1 if differing else 0
    stored = json.loads(args.digests.read_text(encoding="utf-8"))
    changed = sorted(name for name in set(found) | set(stored)
                     if found.get(name) != stored.get(name))
    for name in changed:
        print(f"different drafts from {args.digests}: {name}")
    return 1 if differing or changed else 0

if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
