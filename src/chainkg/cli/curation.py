"""``chainkg build``, ``validate`` and ``locate``: the curation commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.files import missing_folder
from ..core.paths import data_layout, default_build_dir, default_sources_dir, display_path
from ..curation.records import CurationError


def _sources_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", type=Path, default=None, metavar="DIR",
                        help="folder of full source texts; check every quote against it "
                             "(default: $CHAINKG_SOURCES when set)")


def _resolve_sources(args: argparse.Namespace) -> Path | None:
    return args.sources if args.sources is not None else default_sources_dir()


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from ..build import build

    out_dir = args.out or default_build_dir()
    if args.out is not None and (problem := missing_folder(args.out)):
        print(f"chainkg build: {problem}", file=sys.stderr)
        return 2
    try:
        result = build(out_dir, sources_dir=_resolve_sources(args))
    except CurationError as exc:
        _print_problems(exc.problems)
        print(f"build failed: nothing written to {display_path(out_dir)}", file=sys.stderr)
        return 1
    print(f"built {result.triples} triples in {result.seconds:.2f} s")
    for path in result.outputs:
        print(f"  wrote {display_path(path)}")
    from ..build.summary import class_tree

    tree = class_tree(result.compilation.graph, result.class_counts)
    print("(indented: subclasses of the class above; an entity typed with both is counted "
          "in both)")
    print("entities per class:")
    width = max(2 * depth + len(name) for depth, name, _ in tree)
    for depth, name, count in tree:
        print(f"  {'  ' * depth}{name:<{width - 2 * depth}}  {count:>5}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..build import validate

    sources_dir = _resolve_sources(args)
    problems = validate(sources_dir=sources_dir)
    if problems:
        _print_problems(problems)
        return 1
    checked = f", quotes checked against {display_path(sources_dir)}" if sources_dir else \
        " (quotes not checked: give --sources DIR or set CHAINKG_SOURCES)"
    print(f"valid: records, SHACL shapes and quality rules pass{checked}")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    from ..curation.locate import fix_offsets
    from ..curation.sources import load_manifest, locate, read_text

    sources_dir = _resolve_sources(args)
    if sources_dir is None:
        print("chainkg locate: give --sources DIR or set CHAINKG_SOURCES", file=sys.stderr)
        return 2
    if args.fix:
        try:
            fixes = fix_offsets(args.fix, sources_dir)
        except CurationError as exc:
            _print_problems(exc.problems)
            return 1
        unresolved = [f for f in fixes if f.new is None]
        for fix in fixes:
            state = f"{fix.new[0]}-{fix.new[1]}" if fix.new else fix.message
            print(f"{display_path(args.fix)}:{fix.line}: {state}: {fix.quote[:60]}")
        print(f"{len(fixes) - len(unresolved)} offset(s) set, {len(unresolved)} unresolved")
        return 1 if unresolved else 0
    if not args.quote or not args.source:
        print("chainkg locate: give --source ID and a QUOTE, or --fix FILE", file=sys.stderr)
        return 2
    layout = data_layout()
    manifest, _ = load_manifest(layout.sources_manifest, str(layout.sources_manifest))
    if args.source not in manifest:
        print(f"chainkg locate: unknown source '{args.source}'", file=sys.stderr)
        return 2
    text = read_text(sources_dir, manifest[args.source])
    spans = locate(text, args.quote)
    if not spans:
        print(f"chainkg locate: quote not found in source '{args.source}'", file=sys.stderr)
        return 1
    if len(spans) == 1:
        start, end = spans[0]
        print(f"start: {start}\nend: {end}")
        return 0
    # Several matches: a record needs one, so show each with its context to choose from
    # (or to lengthen the quote until it is unique).
    print(f"{len(spans)} matches in source '{args.source}'; quote more words to make it "
          "unique, or pick one:")
    width = len(str(spans[-1][1]))
    for number, (start, end) in enumerate(spans, start=1):
        print(f"  {number:>{len(str(len(spans)))}}. start: {start:>{width}}  end: {end:>{width}}"
              f"  {_context(text, start, end)}")
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    from ..build import find_duplicate_records

    report = find_duplicate_records()
    if report.problems:
        _print_problems(report.problems)
        return 1
    for duplicate in report.unresolved:
        print(f"{duplicate.kind:<8} {duplicate.describe()}")
    if args.all:
        for duplicate, pair in report.declared_distinct:
            print(f"distinct {duplicate.describe()}: {pair.reason}")
    print(f"{len(report.unresolved)} unresolved ({len(report.exact)} exact), "
          f"{len(report.declared_distinct)} declared distinct in graph/distinct.yaml")
    return 1 if report.unresolved else 0


def _context(text: str, start: int, end: int, around: int = 30) -> str:
    """The match in [brackets] with up to ``around`` characters each side, on one line."""
    before = " ".join(text[max(0, start - around):start].split(" ")).replace("\n", " ")
    after = text[end:end + around].replace("\n", " ")
    return (("…" if start > around else "") + before + "[" + text[start:end] + "]" + after
            + ("…" if end + around < len(text) else ""))


def cmd_extract(args: argparse.Namespace) -> int:
    from ..core.files import write_atomically
    from ..curation.extract import extract_source, render_drafts

    try:
        drafts, _ = extract_source(args.source, _resolve_sources(args))
    except (KeyError, FileNotFoundError) as exc:
        print(f"chainkg extract: {exc.args[0]}", file=sys.stderr)
        return 2
    text = render_drafts(drafts)
    if args.output:
        write_atomically({args.output.name: text.encode("utf-8")}, args.output.parent)
        print(f"{len(drafts.records)} draft record(s) written to {display_path(args.output)}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from ..curation.extract import extract_source
    from ..curation.review import AcceptError, accept, compare, load_records

    try:
        drafts, _ = extract_source(args.source, _resolve_sources(args))
    except (KeyError, FileNotFoundError) as exc:
        print(f"chainkg review: {exc.args[0]}", file=sys.stderr)
        return 2
    path = data_layout().records_dir / f"{drafts.source}.yaml"
    if args.accept:
        try:
            written = accept(drafts, args.accept, path)
        except AcceptError as exc:
            print(f"chainkg review: {exc}", file=sys.stderr)
            return 2
        for record_id in written:
            print(f"accepted {record_id} into {display_path(path)}")
        print("next: chainkg validate (it names every field still to fill in)")
        return 0
    result = compare(drafts, load_records(path))
    by_id = drafts.by_id()
    for draft_id, record_id in result.matched:
        print(f"matched      {draft_id} = {record_id}")
    for draft_id, record_id, diffs in result.conflicting:
        print(f"conflicting  {draft_id} ~ {record_id}: differs in {', '.join(diffs)}")
    for draft_id in result.new:
        draft = by_id[draft_id]
        main_span = next((e for e in draft.evidence if not e.supports or "label" in e.supports),
                         draft.evidence[0])
        print(f"new          {draft_id} ({draft.type}): {main_span.quote[:70]}")
    for record_id in result.missed:
        print(f"missed       {record_id}")
    print(f"{len(result.matched)} matched, {len(result.conflicting)} conflicting, "
          f"{len(result.new)} new, {len(result.missed)} missed")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="compile records, ontology and vocabularies into RDF files",
                       description="Compile and validate; write Turtle, sorted N-Triples and "
                                   "JSON-LD to the build folder (nothing is written on error).")
    p.add_argument("-o", "--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: graph/build); its parent folder must exist")
    _sources_arg(p)
    p.set_defaults(handler=cmd_build)

    p = sub.add_parser("validate", help="check records with SHACL, quality rules and sources",
                       description="Report every problem as FILE:LINE: FIELD: MESSAGE.")
    _sources_arg(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("duplicates", help="list records that may name the same entity twice",
                       description="Pairs of records of one type and jurisdiction whose labels "
                                   "are equal after normalisation (exact) or at least "
                                   "90%% alike (similar, rapidfuzz). Exit 1 while any pair is "
                                   "neither merged nor declared distinct in "
                                   "graph/distinct.yaml.")
    p.add_argument("--all", action="store_true",
                   help="also list the pairs declared distinct, with their reasons")
    p.set_defaults(handler=cmd_duplicates)

    p = sub.add_parser("locate", help="find a quote's character offsets in a source text",
                       description="Print start/end of a quote, or fill in the offsets of a "
                                   "record file with --fix.")
    p.add_argument("quote", nargs="?", help="the verbatim quote")
    p.add_argument("--source", help="source id, as in graph/sources.yaml")
    p.add_argument("--fix", type=Path, metavar="FILE",
                   help="set start/end of every evidence quote in FILE that occurs exactly once")
    _sources_arg(p)
    p.set_defaults(handler=cmd_locate)

    p = sub.add_parser("extract", help="draft records from a source text (for review)",
                       description="Write draft records for one source (an id of "
                                   "graph/sources.yaml or a path to a text) in the record file "
                                   "format, each with its evidence and the rule that found it.")
    p.add_argument("source", metavar="SOURCE_ID|PATH")
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help="write the drafts to FILE instead of standard output")
    _sources_arg(p)
    p.set_defaults(handler=cmd_extract)

    p = sub.add_parser("review", help="compare drafts with curated records; accept drafts",
                       description="List drafts as matched, conflicting or new and curated "
                                   "records as missed; --accept moves drafts into the record "
                                   "file of the source.")
    p.add_argument("source", metavar="SOURCE_ID")
    p.add_argument("--accept", nargs="+", metavar="ID", default=None,
                   help="draft ids to move into graph/records/SOURCE_ID.yaml")
    _sources_arg(p)
    p.set_defaults(handler=cmd_review)
