"""Run a query on an rdflib Graph, a pyoxigraph Store or a remote endpoint.

``run(source, query, params)`` gives a ``Result`` for any query form; ``select_frame``
gives a SELECT's rows as a typed DataFrame, built on Oxigraph straight from its terms.
Remote endpoints are any object with ``run(query, form, bindings)`` and ``ask(text)``
(``chainkg.query.remote.Endpoint``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import pandas as pd
from rdflib import BNode, Graph, Literal, URIRef

from ..core.namespaces import PREFIXES, bind_prefixes
from .errors import ParameterError, QueryError, QuerySyntaxError
from .library import NamedQuery, adhoc_query, get_query
from .params import resolver_kind
from .resolve import INDEX_QUERY, KIND_QUERY, Resolver, cached
from .results import Result, frame_from_ox, ox_cell, rdflib_cell
from .sparql import refuse_network_access, with_values


@runtime_checkable
class RemoteSource(Protocol):
    """A SPARQL endpoint that runs queries itself (parameters as a VALUES block)."""

    def run(self, query: NamedQuery, form: str, bindings: Mapping[str, URIRef | Literal]
            ) -> Result: ...

    def ask(self, text: str) -> bool: ...


def _oxigraph_target(source) -> tuple[Any, Any] | None:
    """(pyoxigraph Store, graph name to query) behind ``source``, or None for rdflib stores."""
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source, None
    if isinstance(source, Graph):
        try:
            from oxrdflib import OxigraphStore
        except ImportError:  # pragma: no cover - oxrdflib is a dependency
            return None
        if isinstance(source.store, OxigraphStore):
            # oxrdflib keeps its pyoxigraph Store in ``_inner``; parsing put the triples in
            # the named graph that is the rdflib Graph's identifier.
            store = source.store._inner
            identifier = source.identifier
            name = ox.BlankNode(str(identifier)) if isinstance(identifier, BNode) \
                else ox.NamedNode(str(identifier))
            return store, name
    return None


@functools.cache
def _ox_prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def _ox_query(store, graph_name, text: str):
    kwargs: dict[str, Any] = {"prefixes": _ox_prefixes()}
    if graph_name is not None:
        kwargs["default_graph"] = graph_name
    try:
        return store.query(text, **kwargs)
    except SyntaxError as exc:
        message = str(exc).splitlines()[0]
        match = re.search(r"line (\d+) column (\d+)", message)
        raise QuerySyntaxError(message, "query", int(match.group(1)) if match else None,
                               int(match.group(2)) if match else None) from None
    except (RuntimeError, ValueError, OSError) as exc:
        # e.g. "The custom function <urn:f> is not supported": one line, not a traceback.
        raise QueryError(f"query failed: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


class ResultTooLargeError(QueryError):
    """More solutions or triples than the caller allows (``run(..., max_rows=N)``)."""


def _capped(items, max_rows: int | None) -> list:
    """Take at most max_rows items from a lazy result, refusing a longer one."""
    if max_rows is None:
        return list(items)
    taken = list(itertools.islice(items, max_rows + 1))
    if len(taken) > max_rows:
        raise ResultTooLargeError(f"the result has more than {max_rows:,} rows; "
                                  "add a LIMIT or narrow the query")
    return taken


def _exists(source, iri: URIRef) -> bool:
    if isinstance(source, RemoteSource):
        return source.ask(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}")
    target = _oxigraph_target(source)
    if target is not None:
        import pyoxigraph as ox

        store, name = target
        node = ox.NamedNode(str(iri))
        graph = name if name is not None else ox.DefaultGraph()
        return any(True for _ in store.quads_for_pattern(node, None, None, graph)) or \
            any(True for _ in store.quads_for_pattern(None, None, node, graph))
    return (iri, None, None) in source or (None, None, iri) in source


def _check_exists(source, query: NamedQuery, bindings: Mapping[str, Any]) -> None:
    for param in query.params:
        if param.name in bindings and param.must_exist and not _exists(source,
                                                                       bindings[param.name]):
            raise ParameterError(f"{query.name}: parameter {param.name}: {bindings[param.name]} "
                                 "is not in the graph")


def resolver_for(source) -> Resolver:
    """The name resolver of ``source`` (its label index is read from it on first need)."""

    def index_rows() -> tuple[list, list]:
        labels = run(source, adhoc_query(INDEX_QUERY, "label index"))
        kinds = run(source, adhoc_query(KIND_QUERY, "label index"))
        return ([(row[0][1], row[1][1], row[1][3], row[2] is not None and row[2][1] == "true")
                 for row in labels.rows if row[0] and row[1]],
                [(row[0][1], row[1][1]) for row in kinds.rows if row[0] and row[1]])

    return cached(source, lambda: Resolver(index_rows,
                                           lambda iri: _exists(source, URIRef(iri))))


def _bind(source, query: NamedQuery, params: Mapping[str, Any] | None):
    if not params or not any(resolver_kind(p.type) for p in query.params):
        return query.bind(params)
    return query.bind(params, resolver_for(source))


def run(source, query: NamedQuery, params: Mapping[str, Any] | None = None,
        max_rows: int | None = None) -> Result:
    """Run a query of any form on an rdflib Graph, a pyoxigraph Store or an Endpoint.

    ``max_rows`` caps the solutions (or result triples) read from a local store:
    ``ResultTooLargeError`` is raised as soon as one more arrives.
    """
    form = query.form
    bindings = _bind(source, query, params)
    _check_exists(source, query, bindings)
    if isinstance(source, RemoteSource):
        return source.run(query, form, bindings)
    refuse_network_access(query.text, query.origin)
    target = _oxigraph_target(source)
    if target is not None:
        store, name = target
        results = _ox_query(store, name, with_values(query.text, form, bindings))
        try:
            if form == "SELECT":
                variables = [v.value for v in results.variables]
                return Result(form, variables,
                              [tuple(ox_cell(t) for t in s) for s in _capped(results, max_rows)],
                              columns=query.columns)
            if form == "ASK":
                return Result(form, boolean=bool(results))
            return Result(form, graph=_graph_from_ox(_capped(results, max_rows)))
        except (RuntimeError, OSError) as exc:  # evaluation errors surface while iterating
            raise QueryError(f"query failed: {_first_line(exc)}") from None
    try:
        result = source.query(query.prepared, initBindings=bindings)
        if form == "SELECT":
            variables = [str(v) for v in result.vars]
            return Result(form, variables,
                          [tuple(rdflib_cell(t) for t in row) for row in _capped(result, max_rows)],
                          columns=query.columns)
        if form == "ASK":
            return Result(form, boolean=bool(result.askAnswer))
        triples = _capped(result, max_rows)
    except QueryError:
        raise
    except Exception as exc:  # rdflib's evaluator raises bare exceptions (GRAPH ?g, functions)
        raise QueryError(f"query failed: {type(exc).__name__}: {_first_line(exc)}") from None
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return Result(form, graph=_with_prefixes(graph))


def select_frame(source, query: NamedQuery | str, **params: Any) -> pd.DataFrame:
    """A SELECT query's rows as a typed DataFrame (see the module docstring for dtypes).

    ``query`` is a ``NamedQuery`` or the name of one. On Oxigraph the DataFrame is built
    from pyoxigraph's terms directly.
    """
    if isinstance(query, str):
        query = get_query(query)
    if query.form != "SELECT":
        raise QueryError(f"{query.name} is a {query.form} query; it gives a graph, not a table")
    target = _oxigraph_target(source)
    if target is None:
        return run(source, query, params).frame()
    bindings = _bind(source, query, params)
    _check_exists(source, query, bindings)
    store, name = target
    results = _ox_query(store, name, with_values(query.text, "SELECT", bindings))
    variables = [v.value for v in results.variables]
    return frame_from_ox(variables, list(results), query.columns)


def _graph_from_ox(triples) -> Graph:
    """A CONSTRUCT result as an Oxigraph-backed rdflib Graph, loaded in one call.

    Adding triples one at a time to an in-memory Graph took 7x as long as the query at 10k
    result triples; rdflib's own N-Triples parser was slower still. Serialising pyoxigraph's
    triples and parsing them with Oxigraph's parser (oxrdflib's ``ox-nt``) stays native.
    """
    import pyoxigraph as ox

    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(store="Oxigraph")
    if data:
        graph.parse(data=data, format="ox-nt")
    return _with_prefixes(graph)


def _with_prefixes(graph: Graph) -> Graph:
    bind_prefixes(graph)
    return graph
