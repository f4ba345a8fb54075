"""Ask the graph: the named query library, parameters, typed results, stores and endpoints.

Modules, each with one job:

- ``library``: query files with a header (title, description, typed parameters, columns)
- ``params``: parameter types and turning what people type into RDF terms
- ``sparql``: parsing, comments, binding parameters as ``VALUES``, refusing SERVICE
- ``results``: the one normal form of result terms, typed pandas DataFrames
- ``execute``: running a query on Oxigraph, rdflib or a remote endpoint
- ``render``: results as a table, CSV, TSV, JSON or RDF text
- ``remote``: SPARQL 1.1 endpoints (Virtuoso, Fuseki, ...); ``push``: Graph Store uploads

Stable API::

    >>> from chainkg.query import get_query, select_frame
    >>> from chainkg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> select_frame(kg.graph, get_query("targets"), province="CN-JL")["value"].tolist()
    [100.0, 300.0, 300.0, 12.0]
"""

from .errors import (
    NetworkAccessError,
    ParameterError,
    QueryError,
    QueryHeaderError,
    QuerySyntaxError,
    UnknownQueryError,
)
from .execute import run, select_frame
from .library import NamedQuery, adhoc_query, get_query, list_queries, query_from_file
from .params import QueryParam
from .results import Cell, Result

__all__ = ["Cell", "NamedQuery", "NetworkAccessError", "ParameterError", "QueryError",
           "QueryHeaderError", "QueryParam", "QuerySyntaxError", "Result",
           "UnknownQueryError", "adhoc_query", "get_query", "list_queries", "query_from_file",
           "run", "select_frame"]
