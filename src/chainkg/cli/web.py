"""``chainkg serve``: the graph over HTTP; ``chainkg site``: the explorer as static files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import STORES, KnowledgeGraph
from ..core.paths import display_path
from ..web.serve import ServeError, make_server, warn_if_exposed


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        print(f"chainkg serve: port {args.port} is out of range (0-65535; 0 picks a free one)",
              file=sys.stderr)
        return 2
    kg = KnowledgeGraph.load(args.build_dir, store=args.store)
    try:
        server = make_server(kg, args.host, args.port, workers=args.workers)
    except ServeError as exc:
        print(f"chainkg serve: {exc}", file=sys.stderr)
        return 2
    warn_if_exposed(args.host)
    print(f"serving the chainkg graph read-only on {server.url}/ "
          f"(SPARQL endpoint {server.url}/sparql); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    import time

    from ..web.site import SiteError, build_site

    started = time.perf_counter()
    kg = KnowledgeGraph.load(args.build_dir)
    try:
        count = build_site(kg, args.out)
    except SiteError as exc:
        print(f"chainkg site: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {count} files of the explorer site to {display_path(args.out)} "
          f"in {time.perf_counter() - started:.1f} s; open {display_path(args.out / 'index.html')}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("site", help="write the explorer as a static site",
                       description="Write every explorer page (overview map, province "
                                   "profiles, a page per IRI with its Turtle, N-Triples and "
                                   "JSON-LD, timelines, ontology, the graph view) as static "
                                   "files with relative links; byte-identical across runs.")
    s.add_argument("-o", "--out", type=Path, required=True, metavar="DIR",
                   help="output folder (created; an earlier site there is replaced)")
    s.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build)")
    s.set_defaults(handler=cmd_site)

    p = sub.add_parser("serve", help="serve a read-only SPARQL endpoint and the named queries",
                       description="Serve the built graph over HTTP: a SPARQL 1.1 Protocol "
                                   "endpoint at /sparql, the named queries at /queries/NAME, "
                                   "and the graph view at /view. Read-only. Each query runs "
                                   "in a worker process under a time limit (10 s).")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks one)")
    p.add_argument("--workers", type=int, default=3,
                   help="query worker processes, the most queries run at once (default 3)")
    p.add_argument("--store", choices=STORES, default="oxigraph", help="triple store")
    p.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                   help="folder of the built graph (default: graph/build)")
    p.set_defaults(handler=cmd_serve)
