"""``chainkg site``: every explorer page as static files with relative links.

The folder can be published as it is on any static host or opened from disk: a page per
IRI at ``PATH/index.html`` with its Turtle, N-Triples and JSON-LD beside it as
``PATH.ttl``, ``PATH.nt`` and ``PATH.jsonld``, the overview at ``index.html``, the
timelines, the ontology reference and the full graph view. The same graph gives the same
bytes. The folder is written whole or not at all: the pages are staged in a sibling
folder and swapped in, and a folder that is not an earlier site is never replaced.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .explorer import Explorer, Linker

MARKER = ".chainkg-site"


class SiteError(Exception):
    """The output folder cannot be written (exists and is not a chainkg site)."""


def site_files(explorer: Explorer, graph_view_html: str | None = None) -> dict[str, bytes]:
    """Every file of the site by relative path."""
    files: dict[str, bytes] = {}
    for path in explorer.paths():
        linker = Linker(path, static=True)
        page = explorer.page(path, linker_static=True)
        files[linker.file(path)] = page.body
        if path not in ("", "timeline"):
            for ext in ("ttl", "nt", "jsonld"):
                files[f"{path}.{ext}"] = explorer.page(f"{path}.{ext}").body
    if graph_view_html is not None:
        files["graph/index.html"] = graph_view_html.encode("utf-8")
    files[MARKER] = f"chainkg explorer site {explorer.digest}\n".encode()
    return dict(sorted(files.items()))


def write_site(files: dict[str, bytes], out_dir: Path) -> int:
    """Write the files into out_dir, replacing an earlier site there; returns the count."""
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or (
            any(out_dir.iterdir()) and not (out_dir / MARKER).is_file())):
        raise SiteError(f"{out_dir}: exists and is not a chainkg site (no {MARKER}); "
                        "choose an empty or new folder")
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        for relative, data in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            folder.chmod(0o777 & ~umask)
        old = None
        if out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old.", dir=parent))
            os.replace(out_dir, old / "site")
        os.replace(staging, out_dir)
        if old is not None:
            shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)


def build_site(kg, out_dir: Path) -> int:
    """The site of a loaded KnowledgeGraph into out_dir; the number of files written."""
    from ..network.export import to_networkx
    from ..network.view import render

    explorer = Explorer.from_kg(kg)
    # From the explorer's copy, whose triples are in sorted order: the same bytes every run.
    view = render(to_networkx(explorer.graph)).html
    return write_site(site_files(explorer, view), out_dir)
