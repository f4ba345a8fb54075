"""``chainkg export``, ``analyze`` and ``view``: the graph as a network."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.files import missing_folder
from ..core.paths import default_build_dir, display_path
from ..network.analytics import ANALYSES, ANALYSIS_FUNCTIONS, PROVENANCE_CLASSES, format_table
from ..network.export import FORMATS, ExportError, to_networkx, write
from ..network.view import DEFAULT_MAX_NODES, VIEWS, render
from ..network.view import write as write_view

if TYPE_CHECKING:
    from rdflib import Graph


def register(sub) -> None:
    _register_export(sub)
    _register_analyze(sub)
    _register_view(sub)


def add_graph_arguments(parser) -> None:
    """Options shared by export, analyze and view: which build, which classes."""
    parser.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                        help="folder with chainkg.nt (default: graph/build; built if missing)")
    parser.add_argument("--drop-class", action="append", default=None, metavar="CLASS",
                        help="leave out nodes of this class (CURIE or IRI, e.g. ckg:Evidence); "
                             "repeatable")
    parser.add_argument("--keep-class", action="append", default=None, metavar="CLASS",
                        help="keep only nodes of these classes (e.g. ckg:ProvincialDivision); "
                             "repeatable")


def load_rdf(build_dir: Path | None) -> Graph:
    from ..api import KnowledgeGraph

    return KnowledgeGraph.load(build_dir).graph


def cmd_export(args) -> int:
    if problem := missing_folder(args.out):
        print(f"chainkg export: {problem}", file=sys.stderr)
        return 2
    if args.format is None:
        args.format = args.out.suffix.lstrip(".").lower() if args.out.suffix else ""
        if args.format not in FORMATS:
            print(f"chainkg export: cannot tell the format from '{args.out}'; give --format "
                  f"({', '.join(FORMATS)})", file=sys.stderr)
            return 2
    try:
        graph = to_networkx(load_rdf(args.build_dir), args.drop_class, args.keep_class)
    except ExportError as exc:
        print(f"chainkg export: {exc}", file=sys.stderr)
        return 2
    written = write(graph, args.format, args.out)
    print(f"exported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges "
          f"as {args.format}")
    for path in written:
        print(f"  wrote {display_path(path)}")
    return 0


def _register_export(sub) -> None:
    p = sub.add_parser(
        "export", help="write the graph as a network: GraphML, GEXF, JSON or CSV",
        description="Resources become nodes (with IRI, class, en/zh labels and literal "
                    "attributes), object properties become edges. GraphML and GEXF open in "
                    "Gephi; csv writes NAME.nodes.csv and NAME.edges.csv.")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="file format (default: from the -o suffix)")
    p.add_argument("-o", "--out", type=Path, required=True, metavar="FILE",
                   help="output file; its folder must exist")
    add_graph_arguments(p)
    p.set_defaults(handler=cmd_export)



def cmd_analyze(args) -> int:
    drop = args.drop_class
    if drop is None and not args.evidence:
        drop = list(PROVENANCE_CLASSES)
    try:
        graph = to_networkx(load_rdf(args.build_dir), drop, args.keep_class)
    except ExportError as exc:
        print(f"chainkg analyze: {exc}", file=sys.stderr)
        return 2
    frame = ANALYSIS_FUNCTIONS[args.what](graph)
    if args.what in ("components", "communities") and not args.members:
        frame = frame.drop(columns="members")
    if args.top is not None:
        frame = frame.head(args.top)
    if args.format == "csv":
        sys.stdout.write(frame.to_csv(index=False, lineterminator="\n"))
    else:
        print(format_table(frame))
    return 0


def _register_analyze(sub) -> None:
    p = sub.add_parser(
        "analyze", help="network analytics: technologies, similarity, centrality, communities",
        description="technologies: ranked by how many provinces and plans target them; "
                    "similarity: Jaccard similarity of provinces over technologies and chain "
                    "strategies; centrality: degree and PageRank; components; communities: "
                    "Louvain (seed 42). Evidence and sources are left out unless --evidence.")
    p.add_argument("--what", choices=ANALYSES, default="technologies",
                   help="which analysis (default: technologies)")
    p.add_argument("--top", type=int, default=None, metavar="N", help="print the first N rows")
    p.add_argument("--format", choices=("table", "csv"), default="table",
                   help="readable table (default) or CSV")
    p.add_argument("--members", action="store_true",
                   help="list every member of each component or community")
    p.add_argument("--evidence", action="store_true",
                   help="keep evidence spans and source documents as nodes")
    add_graph_arguments(p)
    p.set_defaults(handler=cmd_analyze)


def cmd_view(args) -> int:
    from ..query.execute import resolver_for
    from ..query.resolve import ResolveError

    if args.out is not None and (problem := missing_folder(args.out)):
        print(f"chainkg view: {problem}", file=sys.stderr)
        return 2
    if args.view is None:
        args.view = "full" if args.focus is not None else "overview"
    if args.view == "overview":
        return _overview(args)
    rdf = load_rdf(args.build_dir)
    focus = args.focus
    if focus is not None:
        # The same names as query parameters: an id, a CURIE, an IRI or any label.
        try:
            focus = str(resolver_for(rdf).resolve(focus, "node"))
        except ResolveError as exc:
            print(f"chainkg view: --focus {args.focus}: {exc}", file=sys.stderr)
            return 2
    try:
        graph = to_networkx(rdf, args.drop_class, args.keep_class)
        page = render(graph, view=args.view, focus=focus, depth=args.depth,
                      max_nodes=args.max_nodes, evidence=args.evidence, title=args.title)
    except ExportError as exc:
        print(f"chainkg view: {exc}", file=sys.stderr)
        return 2
    out = args.out or (args.build_dir or default_build_dir()) / "chainkg.html"
    path = write_view(page, out)
    mode = "physics until stable" if page.physics else "layout from networkx, physics off"
    print(f"view of {page.nodes} nodes and {page.edges} edges ({mode})")
    if page.notice:
        print(page.notice)
    print(f"  wrote {display_path(path)}")
    return 0


def _overview(args) -> int:
    """The default: the overview with the division profiles, the full graph beside it."""
    from ..api import KnowledgeGraph
    from ..web.overview import write_overview

    if args.focus is not None:
        print("chainkg view: --focus draws a graph view; use it with --view full (or "
              "province-technology, plans-targets), not --view overview", file=sys.stderr)
        return 2
    kg = KnowledgeGraph.load(args.build_dir)
    out = args.out or (args.build_dir or default_build_dir()) / "chainkg.html"
    try:
        written = write_overview(kg, out, drop_class=args.drop_class,
                                 keep_class=args.keep_class, max_nodes=args.max_nodes,
                                 evidence=args.evidence, title=args.title)
    except ExportError as exc:
        print(f"chainkg view: {exc}", file=sys.stderr)
        return 2
    graph = written.graph
    print(f"overview: the map, the division matrix and {written.profiles} division profiles; "
          f"beside it the full graph view of {graph.nodes} nodes and {graph.edges} edges")
    if graph.notice:
        print(graph.notice)
    for path in written.paths:
        print(f"  wrote {display_path(path)}")
    return 0


def _register_view(sub) -> None:
    p = sub.add_parser(
        "view", help="write the overview and the interactive graph view: offline HTML files",
        description="By default the overview: a map of China's provincial-level divisions "
                    "shaded by what the graph holds, the division × chain-strategy/technology "
                    "matrix and every division's profile with its evidence, in one file, and "
                    "beside it (NAME-graph.html, one click away) the full graph view. The "
                    "graph views (--view full, --focus, ...) draw nodes coloured and shaped "
                    "by class with a legend, sized by degree, edge labels, tooltips with "
                    "labels and evidence quotes, search and class filter. Every file works "
                    "from file:// with no network.")
    p.add_argument("-o", "--out", type=Path, default=None, metavar="FILE",
                   help="output file (default: chainkg.html in the build folder); its folder "
                        "must exist")
    p.add_argument("--view", choices=("overview", *VIEWS), default=None,
                   help="overview (default; the full graph beside it), full graph (the "
                        "default with --focus), provinces and the technologies they target, "
                        "or plans with their measures and targets")
    p.add_argument("--focus", metavar="ENTITY",
                   help="draw only the neighbourhood of this node (a graph view): an id such "
                        "as CN-SD, a CURIE, an IRI or a name in English or Chinese (Shandong, "
                        "山东)")
    p.add_argument("--depth", type=int, default=1, metavar="N",
                   help="neighbourhood radius for --focus (default 1)")
    p.add_argument("--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N",
                   help=f"node budget; larger views are trimmed with a notice (default "
                        f"{DEFAULT_MAX_NODES})")
    p.add_argument("--evidence", action="store_true",
                   help="draw evidence spans and source documents as nodes too")
    p.add_argument("--title", help="page heading of a graph view; the overview's window title")
    add_graph_arguments(p)
    p.set_defaults(handler=cmd_view)
