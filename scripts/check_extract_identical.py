"""Digests of `chainkg extract`'s output on the source texts, to show that a change meant
only for speed leaves every draft as it was.

Usage: CHAINKG_SOURCES=DIR python scripts/check_extract_identical.py [--write]

For every ``*.txt`` under the sources folder, the drafts file (``render_drafts``) of the
text as it is, of the text as one paragraph (line breaks made spaces) and of the text cut
into one line per sentence; of the texts joined and repeated to 1 MB; and of a 300 kB mix
of random slices of the texts and random characters (cut-off sentences, stray brackets and
digits). Each output is hashed (SHA-256), so no draft of any text is stored.
Without ``--write`` it compares them with ``tests/expected/extract_digests.json`` and names
the texts whose output differs (exit 1); with ``--write`` it stores them, for a change
that is meant to change the drafts (a new rule, a new vocabulary term).
``tests/test_extract_identical.py`` runs the same comparison.
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
EXPECTED = REPO / "tests" / "expected" / "extract_digests.json"
COMMAND = "CHAINKG_SOURCES=DIR python scripts/check_extract_identical.py --write"
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


def digests(folder: Path) -> dict[str, str]:
    """Name -> SHA-256 of the drafts file of each case (source id "t", year from the text)."""
    from chainkg.curation.extract import extract, render_drafts
    from chainkg.curation.extract.gazetteer import gazetteer_for_current_data

    gazetteer = gazetteer_for_current_data()
    return {name: hashlib.sha256(render_drafts(extract(text, "t", None, gazetteer))
                                 .encode("utf-8")).hexdigest()
            for name, text in cases(folder).items()}


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    return sorted(name for name in set(found) | set(expected)
                  if found.get(name) != expected.get(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true",
                        help=f"store the digests in {EXPECTED.relative_to(REPO)}")
    args = parser.parse_args(argv)
    folder = os.environ.get("CHAINKG_SOURCES")
    if not folder:
        print("set CHAINKG_SOURCES to the folder of source texts", file=sys.stderr)
        return 2
    found = digests(Path(folder))
    if args.write:
        from chainkg.core.files import refresh_generated

        return refresh_generated(EXPECTED, json.dumps(found, indent=1, sort_keys=True) + "\n",
                                 False, COMMAND)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    changed = differences(found, expected)
    for name in changed:
        print(f"different drafts: {name}")
    print(f"{len(found) - len(changed)} of {len(found)} outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
