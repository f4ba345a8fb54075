"""One resolver for every parameter that names something in the graph.

People type ``山东``, ``Shandong``, ``Shandong Province``, ``CN-SD`` or ``id:CN-SD`` for the
same division; ``补链``, ``patching`` or ``make up the chain`` for the same chain strategy;
``deadlineYear`` or ``deadline year`` for ``ckg:deadlineYear``. ``Resolver.resolve(text,
kind)`` turns any of these into the one IRI, and on a miss says what was close ("did you
mean ...", from difflib over the names of that kind only: a property parameter suggests
properties, never classes).

Kinds:

- ``division``: a provincial-level division or the nation (``ckg:ProvincialDivision``,
  ``ckg:Nation``); names with or without 省/市/自治区/壮族自治区/特别行政区 ... or
  Province/Municipality/Autonomous Region ...
- ``entity``: any resource under ``id:`` (curated entities and divisions)
- ``concept/SCHEME``: a concept of one vocabulary (``skos:inScheme``)
- ``property``: a property declared in the graph or named by ``ckg:supportsProperty``
- ``node``: anything under the chainkg namespaces (``id:``, ``vocab:``, ``src:``): what
  ``chainkg view --focus`` accepts

Names are every ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and
``skos:notation`` in either language and the IRI's own id, compared without case,
spaces, hyphens or underscores. The index is read from the graph itself with one SPARQL
query (so it works the same on Oxigraph, rdflib and a remote endpoint), only when a value
is not already an id, CURIE or IRI of the graph, and is kept for the graph's lifetime.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from ..core.namespaces import CKG, ID, PREFIXES, SOURCE, VOCAB

ENTITY_KINDS = ("division", "entity", "property", "node")
CONCEPT_PREFIX = "concept/"
# Suffixes of provincial-level division names, longest first, so that
# "广西壮族自治区" loses "壮族自治区" and not only "自治区".
DIVISION_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市",
                     "specialadministrativeregion", "zhuangautonomousregion",
                     "huiautonomousregion", "uyghurautonomousregion", "autonomousregion",
                     "municipality",
                     "province", "sar", "city")
_PNAME = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*):(\S+)$")

INDEX_QUERY = """
SELECT ?r ?name ?preferred WHERE {
  { ?r rdfs:label|skos:prefLabel ?name . BIND(true AS ?preferred) }
  UNION { ?r skos:altLabel|skos:notation ?name . BIND(false AS ?preferred) }
  FILTER(isIRI(?r))
}
"""
KIND_QUERY = """
SELECT DISTINCT ?r ?kind WHERE {
  { ?r a ckg:ProvincialDivision . BIND("division" AS ?kind) }
  UNION { ?r a ckg:Nation . BIND("division" AS ?kind) }
  UNION { ?r skos:inScheme ?scheme . BIND(STR(?scheme) AS ?kind) }
  UNION { ?r a ?type .
          FILTER(?type IN (owl:ObjectProperty, owl:DatatypeProperty, owl:AnnotationProperty,
                           rdf:Property))
          BIND("property" AS ?kind) }
  UNION { ?evidence ckg:supportsProperty ?r . BIND("property" AS ?kind) }
}
"""


def key(text: str) -> str:
    """The comparison form of a name: NFKC, case-folded, without spaces and punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _without_suffix(name_key: str) -> str:
    for suffix in DIVISION_SUFFIXES:
        if name_key.endswith(suffix) and len(name_key) > len(suffix):
            return name_key[: -len(suffix)]
    return name_key


def local_id(iri: str) -> str:
    """The id part of a chainkg IRI: ``CN-SD``, ``robot``, ``deadlineYear``."""
    for base in (str(ID), str(SOURCE)):
        if iri.startswith(base):
            return iri[len(base):]
    if iri.startswith(str(VOCAB)):
        return iri[len(str(VOCAB)):].split("/", 1)[-1]
    return re.split(r"[#/]", iri)[-1]


def compact(iri: str) -> str:
    """``https://w3id.org/chainkg/id/CN-SD`` -> ``id:CN-SD`` (the longest namespace wins)."""
    names = [(prefix, str(ns)) for prefix, ns in PREFIXES.items() if iri.startswith(str(ns))]
    if not names:
        return f"<{iri}>"
    prefix, ns = max(names, key=lambda item: len(item[1]))
    return f"{prefix}:{iri[len(ns):]}"


def expand(text: str) -> str | None:
    """A CURIE of the project's prefixes or an ``<IRI>``/absolute IRI as an IRI string."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    match = _PNAME.match(text)
    if match and match.group(1) in PREFIXES:
        return str(PREFIXES[match.group(1)]) + match.group(2)
    if "://" in text or text.startswith("urn:"):
        return text
    return None


@dataclass
class LabelIndex:
    """Names to IRIs, and what kind of thing each IRI is."""

    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, labels: Iterable[tuple[str, str, str | None, bool]],
                  kinds: Iterable[tuple[str, str]]) -> LabelIndex:
        """Build from (iri, name, language, preferred label?) and (iri, kind) rows."""
        index = cls()
        for iri, kind in kinds:
            if kind.startswith(str(VOCAB)):
                kind = CONCEPT_PREFIX + kind[len(str(VOCAB)):]
            index.kinds[iri].add(kind)
        seen = set()
        for iri, name, lang, preferred in sorted(
                labels, key=lambda r: (r[0], not r[3], r[2] != "en", r[1])):
            if iri not in seen:
                seen.add(iri)
                index.add(iri, local_id(iri))
                if iri.startswith(str(CKG)):
                    index.add(iri, compact(iri))
            index.add(iri, name)
            if preferred and lang in ("en", None, "") and iri not in index.labels:
                index.labels[iri] = name
        for iri, kinds_of in index.kinds.items():
            if iri not in seen:
                index.add(iri, local_id(iri))
            if iri.startswith(str(ID)):
                kinds_of.add("entity")
        for iri in seen:
            if iri.startswith(str(ID)):
                index.kinds[iri].add("entity")
            if iri.startswith((str(ID), str(VOCAB), str(SOURCE))):
                index.kinds[iri].add("node")
        for iri, kinds_of in list(index.kinds.items()):
            if iri.startswith((str(ID), str(VOCAB), str(SOURCE))):
                kinds_of.add("node")
        return index

    def add(self, iri: str, name: str) -> None:
        name_key = key(name)
        if not name_key:
            return
        self.names[name_key].add(iri)
        if "division" in self.kinds.get(iri, ()):
            self.names[_without_suffix(name_key)].add(iri)

    def of_kind(self, iris: Iterable[str], kind: str) -> set[str]:
        return {iri for iri in iris if kind in self.kinds.get(iri, ())}

    def lookup(self, text: str, kind: str) -> set[str]:
        name_key = key(text)
        found = self.of_kind(self.names.get(name_key, ()), kind)
        if not found and kind == "division":
            found = self.of_kind(self.names.get(_without_suffix(name_key), ()), kind)
        return found

    def suggest(self, text: str, kind: str, n: int = 3) -> list[str]:
        """IRIs of the kind whose names are closest to ``text`` (difflib ratio >= 0.6)."""
        keys = [k for k, iris in self.names.items()
                if {i for i in self.of_kind(iris, kind) if "/evidence/" not in i}]
        close = difflib.get_close_matches(key(text), keys, n=n * 2, cutoff=0.6)
        out: list[str] = []
        for name_key in close:
            for iri in sorted(self.of_kind(self.names[name_key], kind)):
                if iri not in out and "/evidence/" not in iri:
                    out.append(iri)
        return out[:n]

    def describe(self, iri: str) -> str:
        label = self.labels.get(iri)
        return f"{compact(iri)} ({label})" if label else compact(iri)


class ResolveError(ValueError):
    """A name that matches nothing, or more than one thing, of the wanted kind."""


class Resolver:
    """Resolves names against one graph; ``index_rows`` reads the graph's names and kinds."""

    def __init__(self, index_rows: Callable[[], tuple[list, list]],
                 exists: Callable[[str], bool]):
        self._index_rows = index_rows
        self._exists = exists
        self._index: LabelIndex | None = None

    @property
    def index(self) -> LabelIndex:
        if self._index is None:
            labels, kinds = self._index_rows()
            self._index = LabelIndex.from_rows(labels, kinds)
        return self._index

    def _direct(self, text: str, kind: str) -> list[str]:
        """IRIs the text names without any label: a full IRI, a CURIE or an id."""
        iri = expand(text)
        if iri is not None:
            return [iri]
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*(/[A-Za-z0-9_.\-]+)*", text):
            return []
        if kind == "division":
            return [str(ID[text.upper()])]
        if kind == "entity":
            return [str(ID[text])]
        if kind.startswith(CONCEPT_PREFIX) and "/" not in text:
            return [f"{VOCAB}{kind[len(CONCEPT_PREFIX):]}/{text}"]
        if kind == "property":
            return [str(CKG[text])]
        if kind == "node":
            return [str(ID[text]), f"{VOCAB}{text}"]
        return []

    def resolve(self, text: str, kind: str) -> URIRef:
        """The one IRI of ``kind`` that ``text`` names; ``ResolveError`` says why not."""
        text = str(text).strip()
        if not text:
            raise ResolveError("expected a name or an id")
        direct = self._direct(text, kind)
        if kind == "entity" and direct and not direct[0].startswith(str(ID)):
            raise ResolveError(f"expected an entity id such as CN-JL or an IRI under {ID}")
        if kind.startswith(CONCEPT_PREFIX) and direct and not direct[0].startswith(
                f"{VOCAB}{kind[len(CONCEPT_PREFIX):]}/"):
            raise ResolveError(f"expected a concept id of scheme {kind[len(CONCEPT_PREFIX):]} "
                               f"or an IRI under {VOCAB}{kind[len(CONCEPT_PREFIX):]}/")
        for iri in direct:
            if self._fits(iri, kind):
                return URIRef(iri)
        found = self.index.lookup(text, kind)
        if len(found) == 1:
            return URIRef(found.pop())
        if found:
            names = ", ".join(self.index.describe(iri) for iri in sorted(found))
            raise ResolveError(f"{text!r} names more than one {self._noun(kind)}: {names}; "
                               "give the id")
        if direct and self._exists(direct[0]):
            what = f"{compact(direct[0])} is not a {self._noun(kind)}"
        elif direct:
            what = f"{direct[0]} is not in the graph"
        else:
            what = f"no {self._noun(kind)} is named {text!r}"
        suggestions = self.index.suggest(text, kind)
        if suggestions:
            what += "; did you mean " + ", ".join(self.index.describe(s) for s in suggestions)
            what += "?"
        raise ResolveError(what)

    def _fits(self, iri: str, kind: str) -> bool:
        # Ids and IRIs are checked with one lookup, not the label index, so that the usual
        # case (an ISO code, an id) costs nothing on a large graph.
        if kind == "division":
            return re.fullmatch(re.escape(str(ID)) + r"CN(-[A-Z]{2})?", iri) is not None \
                and self._exists(iri)
        if kind.startswith(CONCEPT_PREFIX):
            return iri.startswith(f"{VOCAB}{kind[len(CONCEPT_PREFIX):]}/") and self._exists(iri)
        if kind == "property":
            return kind in self.index.kinds.get(iri, ())
        if kind == "entity":
            return iri.startswith(str(ID)) and self._exists(iri)
        if kind == "node":
            return iri.startswith((str(ID), str(VOCAB), str(SOURCE))) and self._exists(iri)
        return self._exists(iri)

    @staticmethod
    def _noun(kind: str) -> str:
        if kind.startswith(CONCEPT_PREFIX):
            return f"concept of {kind[len(CONCEPT_PREFIX):]}"
        return kind


_RESOLVERS: dict[int, tuple[Callable[[], object], Resolver]] = {}


def cached(source: object, make: Callable[[], Resolver]) -> Resolver:
    """The resolver of ``source``, made once per live object (weakly referenced)."""
    entry = _RESOLVERS.get(id(source))
    if entry is not None and entry[0]() is source:
        return entry[1]
    resolver = make()
    try:
        ref = weakref.ref(source)
    except TypeError:  # pyoxigraph stores take no weak references: no cache for them
        return resolver
    _RESOLVERS[id(source)] = (ref, resolver)
    weakref.finalize(source, _RESOLVERS.pop, id(source), None)
    return resolver
