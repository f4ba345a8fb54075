"""Regenerate the curated graph's expected answers in ``tests/expected/``.

    python scripts/regenerate_expected.py

Builds the curated graph (``graph/records/`` and ``graph/sources.yaml`` with the live
ontology) and writes, for review in the diff:

- ``tests/expected/build.json``: triple count and entities per class;
- ``tests/expected/queries/NAME.tsv``: the answer of every named query that needs no
  parameter, as SPARQL 1.1 TSV (lossless terms), rows sorted.

``tests/test_data_integrity.py`` compares the live answers with these files and, on a
difference, names this command. Run it after curating: the diff shows what the new records
changed in each answer.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXPECTED = REPO / "tests" / "expected"
COMMAND = "python scripts/regenerate_expected.py"


def answerable_queries() -> list:
    """The named queries every parameter of which is optional, in name order."""
    from chainkg.query import list_queries

    return [q for q in list_queries() if not any(p.required for p in q.params)]


def query_answer(graph, query) -> str:
    """One query's answer as sorted SPARQL TSV (or sorted N-Triples for CONSTRUCT)."""
    from chainkg.query import run
    from chainkg.query.render import render

    result = run(graph, query)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        lines = sorted(set(result.graph.serialize(format="nt").splitlines()) - {""})
        return "\n".join(lines) + "\n"
    header, *rows = render(result, "tsv").splitlines()
    return "\n".join([header, *sorted(rows)]) + "\n"


def build_summary(graph) -> str:
    from chainkg.build.pipeline import class_counts

    return json.dumps({"triples": len(graph), "entities_per_class": class_counts(graph)},
                      indent=2, ensure_ascii=False) + "\n"


def answers(build_dir: Path) -> dict[str, str]:
    """Relative path under tests/expected/ -> content, for the build in build_dir."""
    from chainkg import KnowledgeGraph

    graph = KnowledgeGraph.load(build_dir).graph
    files = {"build.json": build_summary(graph)}
    for query in answerable_queries():
        files[f"queries/{query.name}.tsv"] = query_answer(graph, query)
    return files


def expected_files(data_root: Path = REPO) -> dict[str, str]:
    """The expected answers computed from a fresh build of the data in data_root."""
    from chainkg.build import build
    from chainkg.core.paths import data_layout

    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp), layout=data_layout(data_root))
        return answers(Path(tmp))


def read_expected(folder: Path = EXPECTED) -> dict[str, str]:
    """The expected answers as stored."""
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*")) if path.is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO,
                        help="the data folder whose curated graph is described (default: "
                             "this repository)")
    parser.add_argument("--out", type=Path, default=EXPECTED, help="default: tests/expected")
    args = parser.parse_args(argv)
    files = expected_files(args.data)
    queries_dir = args.out / "queries"
    before = read_expected(args.out) if args.out.is_dir() else {}
    if queries_dir.is_dir():
        shutil.rmtree(queries_dir)  # answers of removed queries go too
    for name, content in files.items():
        path = args.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    changed = sorted(name for name in set(before) | set(files)
                     if before.get(name) != files.get(name))
    print(f"wrote {len(files)} expected answers to {args.out}; "
          f"{len(changed)} changed{': ' if changed else ''}{', '.join(changed)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    sys.exit(main())
