"""Query parameters: their declared types, and turning what people type into RDF terms.

A parameter is always bound as an RDF term, never pasted into query text as typed.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..core.namespaces import ID, PREFIXES, VOCAB
from ..core.paths import data_layout
from .errors import ParameterError

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9_.\-]+)*$")
_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*$")
_PNAME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*):([A-Za-z0-9_][A-Za-z0-9_.\-]*)$")


@functools.cache
def _divisions() -> dict[str, str]:
    """ISO code, English and Chinese name (lower-cased) of each division -> its ISO code."""
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
# Parameter types whose values name something in the graph: resolved by name (resolve.py).
RESOLVED_TYPES = ("division", "entity", "property")


def resolver_kind(type_name: str) -> str | None:
    """The resolver kind of a parameter type (``None``: the value is not a name)."""
    if type_name in RESOLVED_TYPES or type_name.startswith(CONCEPT_TYPE_PREFIX):
        return type_name
    return None


def param_type(name: str) -> tuple[Any, bool]:
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

    def parse(self, raw: Any, origin: str = "", resolver: Any = None) -> URIRef | Literal:
        """Turn a user's value into the RDF term the query is bound with.

        With a ``resolver`` (``chainkg.query.resolve.Resolver`` of the graph being asked),
        divisions, entities, concepts and properties may be given by any of their names.
        """
        parser, _ = param_type(self.type)
        kind = resolver_kind(self.type)
        try:
            if resolver is not None and kind is not None:
                return self._resolve(raw, kind, resolver, parser)
            return parser(raw)
        except ValueError as exc:
            where = f"{origin}: " if origin else ""
            raise ParameterError(f"{where}parameter {self.name}={raw!s}: {exc} "
                                 f"(type {self.type})") from None

    def _resolve(self, raw: Any, kind: str, resolver: Any, parser: Any) -> URIRef:
        from .resolve import ResolveError

        try:
            return resolver.resolve(str(raw), kind)
        except ResolveError as exc:
            if kind == "division":
                # Keep the familiar advice; add what was close, if anything.
                try:
                    parser(raw)
                except ValueError as plain:
                    hint = str(exc).partition("; did you mean ")[2]
                    raise ValueError(str(plain) + (f"; did you mean {hint}" if hint else "")
                                     ) from None
            raise

    @property
    def must_exist(self) -> bool:
        return param_type(self.type)[1]

    def describe(self) -> str:
        default = "required" if self.required else (
            "optional" if self.default is None else f"default {self.default}")
        return f"{self.name} ({self.type}, {default})" + (f": {self.help}" if self.help else "")


