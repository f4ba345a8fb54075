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
from typing import Any

import pandas as pd
from rdflib import Graph

from .core.namespaces import bind_prefixes
from .core.paths import default_build_dir

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
        """Load ``chainkg.nt`` from the build folder, building it first if it is missing,
        damaged or stale (see ``chainkg.build.pipeline.check_build``).

        store is ``"oxigraph"`` (oxrdflib, the default) or ``"memory"`` (rdflib's own).
        """
        if store not in STORES:
            raise ValueError(f"unknown store {store!r}; use one of {', '.join(STORES)}")
        build_dir = Path(build_dir) if build_dir is not None else default_build_dir()
        ntriples = build_dir / "chainkg.nt"
        from .build.pipeline import build, built_from, check_build

        # A build that is missing, damaged (a truncated chainkg.nt), of another version or
        # older than the records is rebuilt; a failed rebuild raises CurationError with
        # every problem, and an unwritable folder WriteError.
        reason = "a rebuild was asked for" if rebuild else check_build(build_dir)
        if reason is not None:
            from .core.paths import display_path
            from .curation.records import CurationError

            try:
                build(build_dir, layout=built_from(build_dir))
            except CurationError as exc:
                exc.reason = (f"the build in {display_path(build_dir)} cannot be used ({reason}) "
                              "and rebuilding it failed")
                raise
        return cls(load_graph(ntriples, store), store, build_dir)

    def query(self, name: str, **params: Any) -> pd.DataFrame | Graph | bool:
        """Run a named query of the library: a typed DataFrame for SELECT queries.

        Parameters are keyword arguments, as Python values or as text; a wrong name or
        value raises ``chainkg.query.ParameterError``. Integer columns are pandas
        ``Int64``, decimals ``float64``, labels and IRIs ``string``. CONSTRUCT queries
        (``province-graph``) give an rdflib Graph.

        Example::

            >>> kg = KnowledgeGraph.load()
            >>> targets = kg.query("targets", deadline=2025, province="CN-JL")
            >>> targets[["target_label", "comparator", "value"]].head(2)  # doctest: +SKIP
            >>> kg.query("label-search", text="机器人")["resource"].unique().tolist()
            ['https://w3id.org/chainkg/vocab/technology/robot']
        """
        from .query import get_query

        return self._answer(get_query(name), params)

    def sparql(self, text: str, **params: Any) -> pd.DataFrame | Graph | bool:
        """Run SPARQL text: a DataFrame for SELECT, a Graph for CONSTRUCT/DESCRIBE, a bool
        for ASK. The project's prefixes (``ckg:``, ``id:``, ``skos:`` ...) are predeclared.

        A header of ``# param: NAME : TYPE = DEFAULT`` comment lines (as in the library)
        lets keyword arguments be bound as RDF terms.

        Example::

            >>> kg.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a ckg:ActionPlan }")["n"][0]
            3
        """
        from .query import adhoc_query

        return self._answer(adhoc_query(text), params)

    @staticmethod
    def queries() -> pd.DataFrame:
        """The named queries: name, form, title, parameters and description, one row each.

        Example::

            >>> KnowledgeGraph.queries()["name"].tolist()[:2]
            ['actors-by-province', 'chain-strategies']
        """
        from .query import list_queries

        rows = [{"name": q.name, "form": q.form, "title": q.title,
                 "parameters": ", ".join(p.describe() for p in q.params),
                 "description": q.description} for q in list_queries()]
        return pd.DataFrame(rows, columns=["name", "form", "title", "parameters",
                                           "description"]).astype("string")

    def coverage(self, sources_dir: Path | str | None = None, layout=None):
        """The figures of ``chainkg stats``: totals, per provincial division, per source.

        With the folder of source texts, each source also gets the share of its text that
        evidence covers (the manifest of ``layout``, by default the data in use, says which
        file is which); without it that column is left out.
        """
        from .curation.sources import load_manifest, read_text
        from .query.coverage import coverage

        lengths = None
        if sources_dir is not None:
            from .core.paths import data_layout, display_path

            manifest_path = (layout or data_layout()).sources_manifest
            manifest, _ = load_manifest(manifest_path, display_path(manifest_path))
            lengths = {source.id: len(read_text(Path(sources_dir), source))
                       for source in manifest.values()}
        return coverage(self.graph, lengths)

    def _answer(self, query, params: dict[str, Any]) -> pd.DataFrame | Graph | bool:
        from .query import run, select_frame

        if query.form == "SELECT":
            return select_frame(self.graph, query, **params)
        result = run(self.graph, query, params)
        return bool(result.boolean) if query.form == "ASK" else result.graph

    def to_networkx(self, drop_classes: list[str] | None = None,
                    keep_classes: list[str] | None = None):
        """The graph as a networkx MultiDiGraph: resources are nodes, literals attributes.

        See :mod:`chainkg.network.export` for which resources become nodes; e.g.
        ``kg.to_networkx(drop_classes=["ckg:Evidence"])``. Analytics taking this graph are
        in :mod:`chainkg.network.analytics`.
        """
        from .network.export import to_networkx

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
