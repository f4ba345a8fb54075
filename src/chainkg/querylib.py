"""The named query library: competency questions as SPARQL files, and one way to run them.

Named queries live in ``chainkg/queries/*.rq`` (inside the package, so a wheel carries
them). Each file opens with a header of comment lines::

    # title: Quantified targets
    # description: Targets with a number, ...
    #   (a line that starts with "#" and two spaces continues the previous entry)
    # param: deadline : integer = (none) -- only targets due by this year
    # param: province : division = (none) -- ISO code such as CN-JL, or a name
    # param: entity : entity -- no "=": the parameter is required
    # column: value : decimal

``param`` declares ``NAME : TYPE [= DEFAULT] [-- help]``: no ``=`` means required,
``= (none)`` means optional and left unbound, any other default is parsed with the type.
``column`` fixes the dtype of a result column (``integer``, ``decimal``, ``boolean`` or
``string``) so that it does not depend on which rows a filter leaves. Parameter types are
listed in ``PARAM_TYPES``. The header ends at the first blank line or line that is not a
comment; comments after it are free text.

Parameters are bound as RDF terms, never pasted into the query text as the user typed
them: on rdflib's store through ``initBindings``; on Oxigraph and remote endpoints as a
``VALUES`` block of serialised terms placed first in the WHERE group (Oxigraph's own
``substitutions`` demand that the variable be projected and applied the binding after the
FILTERs in pyoxigraph 0.5, so it cannot express an optional filter). The two bindings
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

    >>> from chainkg.querylib import get_query, select_frame
    >>> from chainkg import KnowledgeGraph
    >>> kg = KnowledgeGraph.load()
    >>> select_frame(kg.graph, get_query("targets"), province="CN-JL")["value"].tolist()
    [100.0, 300.0, 300.0, 12.0]
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import rdflib.plugins.sparql
from pandas.arrays import BooleanArray, IntegerArray
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .namespaces import ID, PREFIXES, VOCAB

# rdflib would otherwise fetch the IRIs of FROM / FROM NAMED clauses (files and URLs).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

QUERY_PACKAGE = "chainkg.queries"

XSD_NS = str(XSD)
XSD_STRING = XSD_NS + "string"
RDF_LANGSTRING = str(RDF.langString)
INTEGER_TYPES = frozenset(XSD_NS + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
XSD_DECIMAL = XSD_NS + "decimal"
XSD_INTEGER = XSD_NS + "integer"
FLOAT_TYPES = frozenset(XSD_NS + name for name in ("decimal", "double", "float"))
BOOLEAN_TYPE = XSD_NS + "boolean"
COLUMN_TYPES = ("integer", "decimal", "boolean", "string")


class QueryError(ValueError):
    """A query or its parameters cannot be run; the message is one line for people."""


class QueryHeaderError(QueryError):
    """A named query file has a malformed header."""


class UnknownQueryError(QueryError):
    pass


class ParameterError(QueryError):
    pass


class QuerySyntaxError(QueryError):
    """SPARQL that does not parse; ``line`` and ``column`` are 1-based when known."""

    def __init__(self, message: str, origin: str = "query", line: int | None = None,
                 column: int | None = None) -> None:
        where = f"{origin}:{line}:{column}" if line is not None else origin
        super().__init__(f"{where}: SPARQL syntax error: {message}")
        self.line, self.column = line, column


# --------------------------------------------------------------------------- parameters

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9_.\-]+)*$")
_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*$")
_PNAME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*):([A-Za-z0-9_][A-Za-z0-9_.\-]*)$")


@functools.cache
def _divisions() -> dict[str, str]:
    """ISO code, English and Chinese name (lower-cased) of each division -> its ISO code."""
    from .paths import data_layout

    names = {"cn": "CN", "china": "CN", "中国": "CN", "中华人民共和国": "CN"}
    with open(data_layout().reference_dir / "provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["iso_3166_2"]
            for key in (code, row["name_en"], row["name_zh"]):
                if key:
                    names[key.strip().lower()] = code
    return names


def _parse_integer(raw: Any) -> Literal:
    if isinstance(raw, bool):
        raise ValueError("expected an integer")
    if isinstance(raw, int):
        return Literal(raw)
    text = str(raw).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError("expected an integer such as 2025")
    return Literal(int(text))


def _parse_decimal(raw: Any) -> Literal:
    if isinstance(raw, bool):
        raise ValueError("expected a number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError("expected a number such as 12.5") from None
    if not value.is_finite():
        raise ValueError("expected a finite number")
    return Literal(value, datatype=XSD.decimal)


def _parse_boolean(raw: Any) -> Literal:
    if isinstance(raw, bool):
        return Literal(raw)
    text = str(raw).strip().lower()
    if text in ("true", "yes", "1"):
        return Literal(True)
    if text in ("false", "no", "0"):
        return Literal(False)
    raise ValueError("expected true or false")


def _parse_string(raw: Any) -> Literal:
    text = str(raw)
    if not text:
        raise ValueError("expected a non-empty text")
    return Literal(text)


def _parse_division(raw: Any) -> URIRef:
    key = str(raw).strip()
    if key.startswith(str(ID)):
        key = key[len(str(ID)):]
    elif key.startswith("id:"):
        key = key[3:]
    code = _divisions().get(key.lower())
    if code is None:
        raise ValueError("unknown division; give an ISO code such as CN-JL or a name such "
                         "as Jilin (graph/reference/provinces.csv lists them)")
    return ID[code]


def _parse_iri(raw: Any) -> URIRef:
    text = str(raw).strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    match = _PNAME_RE.match(text)
    if match and match.group(1) in PREFIXES:
        return URIRef(str(PREFIXES[match.group(1)]) + match.group(2))
    if not _IRI_RE.match(text) or "://" not in text and not text.startswith("urn:"):
        raise ValueError("expected an absolute IRI or a prefixed name such as ckg:Target")
    return URIRef(text)


def _parse_entity(raw: Any) -> URIRef:
    text = str(raw).strip()
    if _ID_RE.match(text):
        return ID[text]
    iri = _parse_iri(text)
    if not str(iri).startswith(str(ID)):
        raise ValueError(f"expected an entity id such as CN-JL or an IRI under {ID}")
    return iri


def _concept_parser(scheme: str):
    base = f"{VOCAB}{scheme}/"

    def parse(raw: Any) -> URIRef:
        text = str(raw).strip()
        if _ID_RE.match(text) and "/" not in text:
            return URIRef(base + text)
        iri = _parse_iri(text)
        if not str(iri).startswith(base):
            raise ValueError(f"expected a concept id of scheme {scheme} or an IRI under {base}")
        return iri

    return parse


# Parameter types: name -> (parser to an RDF term, whether the term must exist in the graph).
PARAM_TYPES: dict[str, tuple[Any, bool]] = {
    "integer": (_parse_integer, False),
    "decimal": (_parse_decimal, False),
    "boolean": (_parse_boolean, False),
    "string": (_parse_string, False),
    "division": (_parse_division, False),
    "entity": (_parse_entity, True),
    "property": (_parse_iri, False),
    "iri": (_parse_iri, False),
}
CONCEPT_TYPE_PREFIX = "concept/"


def _param_type(name: str) -> tuple[Any, bool]:
    if name.startswith(CONCEPT_TYPE_PREFIX) and re.fullmatch(r"[a-z][a-z0-9-]*",
                                                             name[len(CONCEPT_TYPE_PREFIX):]):
        return _concept_parser(name[len(CONCEPT_TYPE_PREFIX):]), True
    if name in PARAM_TYPES:
        return PARAM_TYPES[name]
    raise KeyError(name)


@dataclass(frozen=True)
class QueryParam:
    """A declared query parameter; ``default`` is None when optional and unbound."""

    name: str
    type: str
    required: bool
    default: Any = None
    help: str = ""

    def parse(self, raw: Any, origin: str = "") -> URIRef | Literal:
        """Turn a user's value into the RDF term the query is bound with."""
        parser, _ = _param_type(self.type)
        try:
            return parser(raw)
        except ValueError as exc:
            where = f"{origin}: " if origin else ""
            raise ParameterError(f"{where}parameter {self.name}={raw!s}: {exc} "
                                 f"(type {self.type})") from None

    @property
    def must_exist(self) -> bool:
        return _param_type(self.type)[1]

    def describe(self) -> str:
        default = "required" if self.required else (
            "optional" if self.default is None else f"default {self.default}")
        return f"{self.name} ({self.type}, {default})" + (f": {self.help}" if self.help else "")


# --------------------------------------------------------------------------- named queries

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

    @functools.cached_property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE (checks the syntax on first use)."""
        return _parsed(self.text, self.origin)[0]

    @functools.cached_property
    def prepared(self):
        """rdflib's prepared query, reused on every run against an rdflib store."""
        return _parsed(self.text, self.origin)[1]

    def param(self, name: str) -> QueryParam:
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(f"{self.name}: unknown parameter {name!r} (parameters: {known})")

    def bind(self, values: Mapping[str, Any] | None = None) -> dict[str, URIRef | Literal]:
        """Check and convert parameter values (raw text or Python values) to RDF terms.

        Unknown names, missing required parameters and values of the wrong type raise
        ``ParameterError``; defaults fill in what is not given.
        """
        values = dict(values or {})
        bound: dict[str, URIRef | Literal] = {}
        for name in values:
            self.param(name)
        for param in self.params:
            raw = values.get(param.name)
            if raw is not None:
                bound[param.name] = param.parse(raw, self.name)
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
HEADER_KEYS = ("title", "description", "param", "column")


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
    for number, key, value in entries:
        if key in ("title", "description"):
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
    body_vars = set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", _strip_comments(text)))
    for param in params:
        if param.name not in body_vars:
            raise QueryHeaderError(f"{origin}: parameter {param.name} is declared but the query "
                                   f"never uses ?{param.name}")
    return NamedQuery(name=name, text=text, title=fields.get("title", ""),
                      description=fields.get("description", ""), params=tuple(params),
                      columns=columns, origin=origin)


def _parse_param(value: str, where: str) -> QueryParam:
    match = _PARAM_DECL.match(value)
    if not match:
        raise QueryHeaderError(f"{where}: param must read 'NAME : TYPE [= DEFAULT] [-- help]': "
                               f"{value}")
    name, type_name, default, help_text = match.group("name", "type", "default", "help")
    try:
        _param_type(type_name)
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


def query_from_file(path: Path | str, text: str | None = None) -> NamedQuery:
    """A query read from a file (``-`` with ``text`` for stdin); the header is optional."""
    origin = "<stdin>" if str(path) == "-" else str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{origin}: cannot read: {exc}") from None
    return parse_query_text(text, Path(origin).stem, origin, require_header=False)


def adhoc_query(text: str, origin: str = "query") -> NamedQuery:
    return parse_query_text(text, "query", origin, require_header=False)


# --------------------------------------------------------------------------- syntax

@functools.lru_cache(maxsize=256)
def _parsed(text: str, origin: str):
    """Parse with rdflib: the query form, and a prepared query; syntax errors get line:col."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseException as exc:
        raise QuerySyntaxError(_pyparsing_message(exc), origin, exc.lineno, exc.col) from None
    except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes and the like
        raise QuerySyntaxError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                               origin) from None
    name = prepared.algebra.name
    forms = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK",
             "DescribeQuery": "DESCRIBE"}
    return forms.get(name, name), prepared


def _pyparsing_message(exc) -> str:
    line = exc.line.strip()
    near = line[max(0, exc.col - 1 - (len(exc.line) - len(exc.line.lstrip()))):][:30]
    return f"unexpected input near {near!r}" if near else "unexpected end of query"


def _strip_comments(text: str) -> str:
    return "".join(tok for kind, tok in _tokens(text) if kind != "comment")


_STRING_RE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                        r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_IRIREF_RE = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _tokens(text: str) -> Iterable[tuple[str, str]]:
    """Split SPARQL into comments, strings, IRIs and other text (enough to find braces).

    No SPARQL library exposes a tokenizer with positions, so this small scanner finds the
    WHERE group for the VALUES block without being fooled by braces in strings or comments.
    """
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char == "#":
            end = text.find("\n", pos)
            end = size if end < 0 else end
            yield "comment", text[pos:end]
            pos = end
        elif char in "\"'":
            match = _STRING_RE.match(text, pos)
            end = match.end() if match else size
            yield "string", text[pos:end]
            pos = end
        elif char == "<" and (match := _IRIREF_RE.match(text, pos)):
            yield "iri", match.group(0)
            pos = match.end()
        else:
            end = pos + 1
            while end < size and text[end] not in "#\"'<":
                end += 1
            yield "text", text[pos:end]
            pos = end


def with_values(text: str, form: str, bindings: Mapping[str, URIRef | Literal]) -> str:
    """The query with ``VALUES (?a ?b) { (t1 t2) }`` first in its WHERE group.

    Terms are serialised by rdflib (``Term.n3()``), which escapes quotes and newlines.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(_n3(bindings[n]) for n in names) + ") }\n")
    at = _where_offset(text, form)
    return text[:at] + block + text[at:]


@functools.lru_cache(maxsize=256)
def _where_offset(text: str, form: str) -> int:
    """Where the VALUES block goes: just after the brace that opens the WHERE group (cached:
    scanning the text cost more per call than many queries take on Oxigraph)."""
    offset, depth, seen_where, top_level_groups = 0, 0, False, 0
    for kind, token in _tokens(text):
        if kind == "text":
            for match in re.finditer(r"[{}]|\bWHERE\b", token, re.I):
                if match.group(0) == "{":
                    if depth == 0:
                        top_level_groups += 1
                        wanted = 2 if form == "CONSTRUCT" else 1
                        if seen_where or top_level_groups == wanted:
                            return offset + match.end()
                    depth += 1
                elif match.group(0) == "}":
                    depth -= 1
                elif depth == 0:
                    seen_where = True
        offset += len(token)
    raise QueryError("cannot find the WHERE group of the query to bind parameters in")


def _n3(term: URIRef | Literal) -> str:
    """A term in N-Triples syntax on one line (IRIs were checked when the value was parsed)."""
    if not isinstance(term, Literal):
        return f"<{term}>"
    lexical = str(term)
    if term.datatype is not None and str(term.datatype) in FLOAT_TYPES | INTEGER_TYPES:
        lexical = _canonical_number(lexical, str(term.datatype))
    escaped = "".join(_ECHAR.get(ch, ch) for ch in lexical)
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype is not None:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


# --------------------------------------------------------------------------- results

Cell = tuple[str, str, str | None, str | None]
"""A result term: (kind ``uri``/``bnode``/``literal``, value, datatype IRI, language)."""


@dataclass
class Result:
    """What a query returned: ``variables``/``rows`` (SELECT), ``graph`` or ``boolean``."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Cell | None, ...]] = field(default_factory=list)
    graph: Graph | None = None
    boolean: bool | None = None
    columns: Mapping[str, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        return frame_from_cells(self.variables, self.rows, self.columns)


def literal_cell(value: str, datatype: str | None, lang: str | None) -> Cell:
    """The one normal form of a literal: plain strings carry xsd:string, tagged ones
    rdf:langString with a lower-case tag, integers of every derived type xsd:integer, and
    integers and decimals their canonical lexical form (stores and remote endpoints differ
    in all of these)."""
    if lang:
        return ("literal", value, RDF_LANGSTRING, lang.lower())
    if datatype in INTEGER_TYPES:
        # Oxigraph stores xsd:nonNegativeInteger and the other derived types as xsd:integer;
        # rdflib and Virtuoso keep them. Every backend reports xsd:integer.
        return ("literal", _canonical_number(value, XSD_INTEGER), XSD_INTEGER, None)
    if datatype == XSD_DECIMAL:
        value = _canonical_number(value, datatype)
    return ("literal", value, datatype or XSD_STRING, None)


def _canonical_number(value: str, datatype: str) -> str:
    """XSD 1.1 canonical form ("100.0" and "100" are one decimal): Oxigraph stores numbers
    canonically, rdflib keeps the lexical form it read, endpoints vary."""
    try:
        number = Decimal(value.strip())
    except ArithmeticError:
        return value
    if not number.is_finite():
        return value
    if datatype == XSD_DECIMAL:
        text = format(number.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    return str(int(number)) if number == number.to_integral_value() else value


def rdflib_cell(term) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        return literal_cell(str(term), str(term.datatype) if term.datatype else None,
                            term.language)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    return ("uri", str(term), None, None)


def ox_cell(term) -> Cell | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return literal_cell(term.value, term.datatype.value, term.language)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    return ("uri", term.value, None, None)


def _typed_column(name: str, values: list[str | None], datatypes: set[str],
                  declared: str | None) -> pd.api.extensions.ExtensionArray | Any:
    """One result column as a typed pandas array (the single place that decides dtypes).

    ``values`` are lexical forms (None when unbound); ``datatypes`` the set of datatype
    IRIs of the literals in the column, with ``uri``/``bnode`` standing for resources.
    """
    kind = declared
    if kind is None:
        if datatypes and datatypes <= INTEGER_TYPES:
            kind = "integer"
        elif datatypes and datatypes <= INTEGER_TYPES | FLOAT_TYPES:
            kind = "decimal"
        elif datatypes == {BOOLEAN_TYPE}:
            kind = "boolean"
        else:
            kind = "string"
    # The extension arrays are built from numpy arrays and a mask: ``pd.array(values,
    # dtype=...)`` looks the dtype up by name and infers on every call, which cost more than
    # the query itself for the small results most named queries give.
    try:
        if kind == "integer":
            mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
            numbers = np.fromiter((0 if v is None else _integer(v) for v in values),
                                  dtype="int64", count=len(values))
            return IntegerArray(numbers, mask)
        if kind == "decimal":
            return np.fromiter((math.nan if v is None else float(v) for v in values),
                               dtype="float64", count=len(values))
        if kind == "boolean":
            mask = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
            flags = np.fromiter((v is not None and v.strip() in ("true", "1") for v in values),
                                dtype=bool, count=len(values))
            return BooleanArray(flags, mask)
    except (ValueError, ArithmeticError, OverflowError):
        bad = next(v for v in values if v is not None and not _parses(v))
        raise QueryError(f"column {name}: {bad!r} is not of type {kind}") from None
    return _STRING_ARRAY._from_sequence(values, dtype=_STRING_DTYPE)


_STRING_DTYPE = pd.StringDtype()
_STRING_ARRAY = _STRING_DTYPE.construct_array_type()


def _integer(value: str) -> int:
    """An xsd:integer's lexical form as int ("+7", " 7 " and "7.0" from some endpoints)."""
    try:
        return int(value)
    except ValueError:
        return int(Decimal(value))


def _parses(value: str) -> bool:
    try:
        Decimal(value)
    except ArithmeticError:
        return False
    return True


def frame_from_cells(variables: list[str], rows: list[tuple[Cell | None, ...]],
                     columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    columns = columns or {}
    data = {}
    for index, var in enumerate(variables):
        values = [None if row[index] is None else row[index][1] for row in rows]
        datatypes = {cell[2] or cell[0] for row in rows if (cell := row[index]) is not None}
        data[var] = _typed_column(var, values, datatypes, columns.get(var))
    return _frame(data, variables)


def _frame(data: dict[str, Any], variables: list[str]) -> pd.DataFrame:
    """One DataFrame of already typed columns (no copy, no dtype inference)."""
    return pd.DataFrame(data, columns=variables, copy=False)


def _frame_from_ox(variables: list[str], solutions: list, columns: Mapping[str, str]
                   ) -> pd.DataFrame:
    """A DataFrame straight from pyoxigraph terms, without converting them to rdflib terms."""
    import pyoxigraph as ox

    literal, blank = ox.Literal, ox.BlankNode
    data = {}
    for index, var in enumerate(variables):
        terms = [solution[index] for solution in solutions]
        values: list[str | None] = []
        datatypes: set[str] = set()
        for term in terms:
            if term is None:
                values.append(None)
            elif type(term) is literal:
                values.append(term.value)
                datatypes.add(RDF_LANGSTRING if term.language else term.datatype.value)
            else:
                values.append(term.value)
                datatypes.add("bnode" if type(term) is blank else "uri")
        data[var] = _typed_column(var, values, datatypes, columns.get(var))
    return _frame(data, variables)


# --------------------------------------------------------------------------- backends

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


def _exists(source, iri: URIRef) -> bool:
    from .remote import Endpoint

    if isinstance(source, Endpoint):
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


class NetworkAccessError(QueryError):
    """A local query asked for something on the network (SERVICE)."""


def refuse_network_access(query: NamedQuery) -> None:
    """Local stores never reach out: both rdflib and Oxigraph would run SERVICE as a live
    HTTP request (and rdflib would load FROM graphs, which ``SPARQL_LOAD_GRAPHS = False``
    turns off at import). Remote endpoints decide for themselves."""
    pending = [_parsed(query.text, query.origin)[1].algebra]
    while pending:
        node = pending.pop()
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise NetworkAccessError(f"{query.origin}: SERVICE is not allowed on the local "
                                     "graph: chainkg does not fetch from the network")
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)


def _check_exists(source, query: NamedQuery, bindings: Mapping[str, Any]) -> None:
    for param in query.params:
        if param.name in bindings and param.must_exist and not _exists(source,
                                                                       bindings[param.name]):
            raise ParameterError(f"{query.name}: parameter {param.name}: {bindings[param.name]} "
                                 "is not in the graph")


def run(source, query: NamedQuery, params: Mapping[str, Any] | None = None) -> Result:
    """Run a query of any form on an rdflib Graph, a pyoxigraph Store or an Endpoint."""
    from .remote import Endpoint

    form = query.form
    bindings = query.bind(params)
    _check_exists(source, query, bindings)
    if isinstance(source, Endpoint):
        return source.run(query, form, bindings)
    refuse_network_access(query)
    target = _oxigraph_target(source)
    if target is not None:
        store, name = target
        results = _ox_query(store, name, with_values(query.text, form, bindings))
        if form == "SELECT":
            variables = [v.value for v in results.variables]
            return Result(form, variables, [tuple(ox_cell(t) for t in s) for s in results],
                          columns=query.columns)
        if form == "ASK":
            return Result(form, boolean=bool(results))
        return Result(form, graph=_graph_from_ox(results))
    result = source.query(query.prepared, initBindings=bindings)
    if form == "SELECT":
        variables = [str(v) for v in result.vars]
        return Result(form, variables, [tuple(rdflib_cell(t) for t in row) for row in result],
                      columns=query.columns)
    if form == "ASK":
        return Result(form, boolean=bool(result.askAnswer))
    graph = Graph()
    for triple in result:
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
    bindings = query.bind(params)
    _check_exists(source, query, bindings)
    store, name = target
    results = _ox_query(store, name, with_values(query.text, "SELECT", bindings))
    variables = [v.value for v in results.variables]
    return _frame_from_ox(variables, list(results), query.columns)


def _graph_from_ox(triples) -> Graph:
    """A CONSTRUCT result as an Oxigraph-backed rdflib Graph, loaded in one call.

    Adding triples one at a time to an in-memory Graph took 7x as long as the query at 10k
    result triples; rdflib's own N-Triples parser was slower still. Serialising pyoxigraph's
    triples and parsing them with Oxigraph's parser (oxrdflib's ``ox-nt``) stays native.
    """
    import pyoxigraph as ox

    data = triples.serialize(format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(store="Oxigraph")
    if data:
        graph.parse(data=data, format="ox-nt")
    return _with_prefixes(graph)


def _with_prefixes(graph: Graph) -> Graph:
    from .namespaces import bind_prefixes

    bind_prefixes(graph)
    return graph
