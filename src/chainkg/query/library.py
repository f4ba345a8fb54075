"""The named query library: competency questions as SPARQL files with a header.

Named queries live in ``chainkg/queries/*.rq`` (inside the package, so a wheel carries
them). Each file opens with a header of comment lines::

    # title: Quantified targets
    # description: Targets with a number, ...
    #   (a line that starts with "#" and two spaces continues the previous entry)
    # param: deadline : integer = (none) -- only targets due by this year
    # param: province : division = (none) -- ISO code such as CN-JL, or a name
    # param: entity : entity -- no "=": the parameter is required
    # column: value : decimal
    # show: target_label, comparator, value, deadline_year
    # unit: value, min_value, max_value = unit

``param`` declares ``NAME : TYPE [= DEFAULT] [-- help]``: no ``=`` means required,
``= (none)`` means optional and left unbound, any other default is parsed with the type.
``column`` fixes the dtype of a result column (``integer``, ``decimal``, ``boolean`` or
``string``) so that it does not depend on which rows a filter leaves. Parameter types are
listed in ``PARAM_TYPES``. ``show`` names the columns the ``table`` format prints by
default (a table is for people on a terminal; CSV, JSON, TSV and the API always carry
every column). ``unit`` says which column holds the unit of amount columns, so that the
table can print ``2.2 trillion yuan`` where the data says ``2200000000000``.
The header ends at the first blank line or line that is not a
comment; comments after it are free text.

Parameters are bound as RDF terms, never pasted into the query text as the user typed
them: on rdflib's store through ``initBindings``; on Oxigraph and remote endpoints as a
``VALUES`` block of serialised terms placed first in the WHERE group (Oxigraph's own
``substitutions`` demand, in pyoxigraph 0.5, that the variable be projected, and leave
``BOUND(?p)`` false for a substituted variable, so the ``!BOUND(?p) || ...`` form of an
optional filter lets every row pass; see docs/architecture.md). The two bindings
agree when a parameter variable is used in the top-level group of WHERE (triple patterns,
FILTER, EXISTS) or in a subquery that projects it; the named queries keep to that, and
the tests check every query on both stores. A grouped subquery is best avoided where a
parameter can leave it without rows: rdflib 7.6 then yields one empty solution from the
GROUP BY (``evalAggregateJoin``), which joins with every row of the outer patterns, and
Oxigraph evaluates the whole subquery before the VALUES block filters it.

Stable API (also used by ``scripts/bench_query.py``):

- ``list_queries()`` -> every ``NamedQuery``, sorted by name
- ``get_query(name)`` -> one ``NamedQuery`` (``UnknownQueryError`` otherwise)
- ``select_frame(source, query, **params)`` -> ``pandas.DataFrame`` of a SELECT on an
  rdflib ``Graph`` (Oxigraph-backed graphs are queried on their pyoxigraph ``Store``), a
  ``pyoxigraph.Store`` or a ``remote.Endpoint``
- ``run(source, query, params)`` -> ``Result`` (solutions, graph or boolean), for any form

Result columns are typed in one place (``_typed_column``): integers as pandas ``Int64``
(nullable, always, so the dtype does not change when a filter removes the missing values),
decimals and doubles as ``float64``, booleans as ``boolean``, everything else (IRIs as full
IRI strings, labels as their text) as ``string``.

Example::

    >>> from chainkg.query import get_query, select_frame
    >>> from chainkg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> select_frame(kg.graph, get_query("targets"), province="CN-JL")["value"].tolist()
    [100.0, 300.0, 300.0, 12.0]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef

from .errors import ParameterError, QueryError, QueryHeaderError, UnknownQueryError
from .params import PARAM_TYPES, QueryParam, param_type
from .results import COLUMN_TYPES
from .sparql import parse_sparql, strip_comments

QUERY_PACKAGE = "chainkg.query.queries"


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query with a title, a description, declared parameters and column types."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[QueryParam, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)
    origin: str = "query"
    show: tuple[str, ...] = ()
    units: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE (checks the syntax on first use)."""
        return parse_sparql(self.text, self.origin)[0]

    @functools.cached_property
    def prepared(self):
        """rdflib's prepared query, reused on every run against an rdflib store."""
        return parse_sparql(self.text, self.origin)[1]

    def param(self, name: str) -> QueryParam:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"{self.name}: unknown parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, Any] | None = None, resolver: Any = None
             ) -> dict[str, URIRef | Literal]:
        """Check and convert parameter values (raw text or Python values) to RDF terms.

        Unknown names, missing required parameters and values of the wrong type raise
        ``ParameterError``; defaults fill in what is not given. A ``resolver`` of the graph
        (``chainkg.query.resolve``) lets names stand for divisions, entities and concepts.
        """
        values = dict(values or {})
        bound: dict[str, URIRef | Literal] = {}
        for name in values:
            self.param(name)
        for param in self.params:
            raw = values.get(param.name)
            if raw is not None:
                bound[param.name] = param.parse(raw, self.name, resolver)
            elif param.required:
                raise ParameterError(f"{self.name}: missing required parameter "
                                     f"{param.name} ({param.type})")
            elif param.default is not None:
                bound[param.name] = param.parse(param.default, self.name)
        return bound


_HEADER_LINE = re.compile(r"^#\s?([a-z]+):\s*(.*?)\s*$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*?)\s*$")
_PARAM_DECL = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s*:\s*(?P<type>[a-z][a-z0-9/\-]*)"
    r"(?:\s*=\s*(?P<default>\(none\)|[^\s].*?))?(?:\s+--\s*(?P<help>.*))?$")
_COLUMN_DECL = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)$")
_NAME_LIST = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*$")
_UNIT_DECL = re.compile(r"^(?P<names>[^=]+?)\s*=\s*(?P<unit>[A-Za-z_][A-Za-z0-9_]*)$")
HEADER_KEYS = ("title", "description", "param", "column", "show", "unit")


def parse_query_text(text: str, name: str, origin: str, require_header: bool = True
                     ) -> NamedQuery:
    """Read the header of a query file; a malformed header raises ``QueryHeaderError``.

    Files outside the library (``chainkg query --file``) may omit the header.
    """
    entries: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped or entries:
                break
            continue
        if stripped.rstrip("#").strip() == "":
            continue
        if match := _HEADER_LINE.match(stripped):
            key, value = match.groups()
            if key not in HEADER_KEYS:
                raise QueryHeaderError(f"{origin}:{number}: unknown header key {key!r} "
                                       f"(use {', '.join(HEADER_KEYS)})")
            entries.append((number, key, value))
        elif (match := _CONTINUATION.match(line.rstrip())) and entries:
            number0, key, value = entries[-1]
            entries[-1] = (number0, key, f"{value} {match.group(1)}".strip())
        elif require_header or entries:
            raise QueryHeaderError(f"{origin}:{number}: header line is not 'KEY: VALUE' "
                                   f"(or a continuation indented by two spaces): {stripped}")
    header_end = entries[-1][0] if entries else 0
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER_LINE.match(line.strip())
        if number > header_end and match and match.group(1) in HEADER_KEYS and \
                (entries or require_header):
            raise QueryHeaderError(f"{origin}:{number}: '# {match.group(1)}:' after the header "
                                   "has ended (a blank line ends it); move it up")
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    columns: dict[str, str] = {}
    show: tuple[str, ...] = ()
    units: dict[str, str] = {}
    for number, key, value in entries:
        if key == "show":
            if show or not _NAME_LIST.match(value):
                raise QueryHeaderError(f"{origin}:{number}: show must read 'NAME, NAME, ...' "
                                       "and be given once")
            show = tuple(name.strip() for name in value.split(","))
        elif key == "unit":
            match = _UNIT_DECL.match(value)
            if not match or not _NAME_LIST.match(match.group("names")):
                raise QueryHeaderError(f"{origin}:{number}: unit must read "
                                       f"'NAME, NAME = UNIT_COLUMN': {value}")
            for column in match.group("names").split(","):
                units[column.strip()] = match.group("unit")
        elif key in ("title", "description"):
            if key in fields:
                raise QueryHeaderError(f"{origin}:{number}: {key} given twice")
            if not value:
                raise QueryHeaderError(f"{origin}:{number}: empty {key}")
            fields[key] = value
        elif key == "param":
            params.append(_parse_param(value, f"{origin}:{number}"))
            if [p.name for p in params].count(params[-1].name) > 1:
                raise QueryHeaderError(f"{origin}:{number}: parameter {params[-1].name} "
                                       "declared twice")
        else:
            match = _COLUMN_DECL.match(value)
            if not match or match.group("type") not in COLUMN_TYPES:
                raise QueryHeaderError(f"{origin}:{number}: column must read 'NAME : TYPE' with "
                                       f"TYPE one of {', '.join(COLUMN_TYPES)}: {value}")
            columns[match.group("name")] = match.group("type")
    if require_header:
        for key in ("title", "description"):
            if key not in fields:
                raise QueryHeaderError(f"{origin}:1: header lacks '# {key}: ...'")
    body_vars = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", strip_comments(text)))
    for column in (*show, *units, *units.values()):
        if column not in body_vars:
            raise QueryHeaderError(f"{origin}: column {column} is named in the header but the "
                                   f"query has no ?{column}")
    for param in params:
        if param.name not in body_vars:
            raise QueryHeaderError(f"{origin}: parameter {param.name} is declared but the query "
                                   f"never uses ?{param.name}")
    return NamedQuery(name=name, text=text, title=fields.get("title", ""),
                      description=fields.get("description", ""), params=tuple(params),
                      columns=columns, origin=origin, show=show, units=units)


def _parse_param(value: str, where: str) -> QueryParam:
    match = _PARAM_DECL.match(value)
    if not match:
        raise QueryHeaderError(f"{where}: param must read 'NAME : TYPE [= DEFAULT] [-- help]': "
                               f"{value}")
    name, type_name, default, help_text = match.group("name", "type", "default", "help")
    try:
        param_type(type_name)
    except KeyError:
        raise QueryHeaderError(f"{where}: unknown parameter type {type_name!r} (use "
                               f"{', '.join(PARAM_TYPES)} or concept/SCHEME)") from None
    param = QueryParam(name=name, type=type_name, required=default is None,
                       default=None if default in (None, "(none)") else default,
                       help=(help_text or "").strip())
    if param.default is not None:
        try:
            param.parse(param.default)
        except ParameterError as exc:
            raise QueryHeaderError(f"{where}: bad default: {exc}") from None
    return param


@functools.cache
def _library() -> dict[str, NamedQuery]:
    queries = {}
    for entry in sorted(resources.files(QUERY_PACKAGE).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            queries[name] = parse_query_text(entry.read_text(encoding="utf-8"), name,
                                              f"queries/{entry.name}")
    return queries


def list_queries() -> list[NamedQuery]:
    """Every named query of the library, sorted by name."""
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """The named query ``name`` (``UnknownQueryError`` lists close names otherwise)."""
    try:
        return _library()[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, list(_library()), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else \
            "; 'chainkg query --list' shows them"
        raise UnknownQueryError(f"unknown query {name!r}{hint}") from None


# rdflib's parser checks a query at about 30 microseconds a character (a 350 KB VALUES
# block took 10 s, 50 MB would take half an hour and gigabytes): longer texts are refused.
MAX_QUERY_CHARS = 100_000


def check_query_size(text: str, origin: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"{origin}: the query is {len(text):,} characters; the limit is "
                         f"{MAX_QUERY_CHARS:,} (pass values as parameters or load data into "
                         "the graph rather than writing it into the query)")


def query_from_file(path: Path | str, text: str | None = None) -> NamedQuery:
    """A query read from a file (``-`` with ``text`` for stdin); the header is optional."""
    origin = "<stdin>" if str(path) == "-" else str(path)
    if text is None:
        try:
            with open(path, "rb") as handle:
                data = handle.read(4 * MAX_QUERY_CHARS + 1)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{origin}: cannot read: {exc}") from None
    check_query_size(text, origin)
    return parse_query_text(text, Path(origin).stem, origin, require_header=False)


def adhoc_query(text: str, origin: str = "query") -> NamedQuery:
    check_query_size(text, origin)
    return parse_query_text(text, "query", origin, require_header=False)


def plain_query(text: str, origin: str = "query") -> NamedQuery:
    """SPARQL text whose comments are only comments: no header is read, so ``# param:``
    lines declare nothing (what an endpoint receives from a client that already bound the
    parameters)."""
    check_query_size(text, origin)
    return NamedQuery(name="query", text=text, origin=origin)


