"""``chainkg view``'s default: the explorer's overview as one offline HTML file, with the
full graph view written beside it.

The overview is the server's landing page (the map of provincial-level divisions shaded by
what the graph holds, the division × chain-strategy/technology matrix) with every
division's profile as a section of the same file, so that a click on the map lands on
something that exists when the file is opened from disk. Its "Full graph" link is a
relative link to ``NAME-graph.html`` beside it. Both files are written together, whole or
not at all, and the same graph gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.files import write_atomically
from ..network.export import to_networkx
from ..network.view import DEFAULT_MAX_NODES, View, render
from .explorer import Explorer


@dataclass
class Overview:
    """What :func:`write_overview` wrote: the two files, the profiles and the graph view."""

    paths: list[Path]
    profiles: int
    graph: View


def graph_file_name(name: str) -> str:
    """The full graph view's file beside the overview: ``chainkg.html`` → ``chainkg-graph.html``."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-graph.{suffix}" if dot and stem else f"{name}-graph.html"


def overview_files(kg, name: str, *, drop_class: list[str] | None = None,
                   keep_class: list[str] | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                   evidence: bool = False, title: str | None = None
                   ) -> tuple[dict[str, bytes], int, View]:
    """The overview named ``name`` and its full graph view, by file name; the number of
    profiles in the overview; the graph view. The class and size options shape the graph
    view as they do for ``chainkg view --view full``."""
    explorer = Explorer.from_kg(kg)
    graph_name = graph_file_name(name)
    # From the explorer's copy, whose triples are in sorted order: the same bytes every run.
    graph = render(to_networkx(explorer.graph, drop_class, keep_class), max_nodes=max_nodes,
                   evidence=evidence)
    page = explorer.standalone_overview(graph_name, title)
    profiles = page.body.count(b'<section id="profile-')
    return {name: page.body, graph_name: graph.html.encode("utf-8")}, profiles, graph


def write_overview(kg, out: Path, **options) -> Overview:
    """Write the overview to ``out`` and the full graph view beside it (see
    :func:`overview_files` for the options)."""
    out = Path(out)
    files, profiles, graph = overview_files(kg, out.name, **options)
    return Overview(write_atomically(files, out.parent), profiles, graph)
