"""``chainkg serve``: the graph over HTTP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..api import STORES, KnowledgeGraph
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


def register(sub: argparse._SubParsersAction) -> None:
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
