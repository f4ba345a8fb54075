"""Query results in one normal form, and as typed pandas DataFrames.

A result term is a ``Cell``: (kind, value, datatype, language). Every backend (rdflib,
Oxigraph, a remote endpoint) is read into that form by one function each, and every
column's dtype is decided in one place (``_typed_column``): integers as pandas ``Int64``
(nullable, always, so the dtype does not change when a filter removes the missing values),
decimals and doubles as ``float64``, booleans as ``boolean``, everything else (IRIs as full
IRI strings, labels as their text) as ``string``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from pandas.arrays import BooleanArray, IntegerArray
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from .errors import QueryError

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
        return ("literal", canonical_number(value, XSD_INTEGER), XSD_INTEGER, None)
    if datatype == XSD_DECIMAL:
        value = canonical_number(value, datatype)
    return ("literal", value, datatype or XSD_STRING, None)


def canonical_number(value: str, datatype: str) -> str:
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


def frame_from_ox(variables: list[str], solutions: list, columns: Mapping[str, str]
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


