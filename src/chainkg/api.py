"""The Python API: ``KnowledgeGraph.load()`` gives the built graph, ready to query.

Example::

    >>> from chainkg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> len(kg.graph) > 0
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .namespaces import bind_prefixes
from .paths import default_build_dir

STORES = ("oxigraph", "memory")


@dataclass
class KnowledgeGraph:
    """The built chainkg graph in an rdflib Graph (Oxigraph-backed by default)."""

    graph: Graph
    store: str = "oxigraph"
    build_dir: Path | None = None

    @classmethod
    def load(cls, build_dir: Path | str | None = None, store: str = "oxigraph",
             rebuild: bool = False) -> KnowledgeGraph:
        """Load ``chainkg.nt`` from the build folder, building it first if it is missing.

        store is ``"oxigraph"`` (oxrdflib, the default) or ``"memory"`` (rdflib's own).
        """
        if store not in STORES:
            raise ValueError(f"unknown store {store!r}; use one of {', '.join(STORES)}")
        build_dir = Path(build_dir) if build_dir is not None else default_build_dir()
        ntriples = build_dir / "chainkg.nt"
        if rebuild or not ntriples.is_file():
            from .build import build

            build(build_dir)
        return cls(load_graph(ntriples, store), store, build_dir)

    def to_networkx(self, drop_classes=None, keep_classes=None):
        """The graph as a networkx MultiDiGraph: resources are nodes, literals attributes.

        See :mod:`chainkg.export` for which resources become nodes; e.g.
        ``kg.to_networkx(drop_classes=["ckg:Evidence"])``. Analytics taking this graph are
        in :mod:`chainkg.analytics`.
        """
        from .export import to_networkx

        return to_networkx(self.graph, drop_classes, keep_classes)


def load_graph(ntriples: Path, store: str = "oxigraph") -> Graph:
    """Parse an N-Triples file into the chosen store (Oxigraph's native parser when it can)."""
    if store == "oxigraph":
        graph = Graph(store="Oxigraph")
        graph.parse(ntriples, format="ox-nt")
    else:
        graph = Graph()
        graph.parse(ntriples, format="nt")
    bind_prefixes(graph)
    return graph
