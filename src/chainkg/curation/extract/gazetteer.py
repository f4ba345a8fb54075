"""Gazetteers built from the project's own vocabularies and reference divisions.

Everything the extractor recognises by name comes from ``ontology/vocab/*.ttl``
(prefLabel and altLabel, English and Chinese), ``graph/reference/provinces.csv`` and
``graph/reference/cities.csv`` (prefecture- and county-level divisions), so a new
vocabulary term or division is recognised without code. Plurals and singulars of the
English labels come from ``inflect``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from ...core.paths import DataLayout, data_layout


@dataclass(frozen=True)
class Division:
    code: str
    name_en: str
    name_zh: str
    kind: str
    capital: str


@dataclass(frozen=True)
class CityRow:
    """A prefecture- or county-level division of ``graph/reference/cities.csv``."""

    adcode: str
    name_zh: str
    name_pinyin: str      # a romanisation of the short name, not an English label
    level: str
    province: str         # ISO 3166-2 code of the provincial-level division
    prefecture: str       # adcode of the prefecture-level division above, or ""

    @property
    def prefecture_level(self) -> bool:
        return self.adcode[4:] == "00"


@dataclass
class Gazetteer:
    divisions: dict[str, Division] = field(default_factory=dict)
    cities: list[CityRow] = field(default_factory=list)
    # scheme -> concept id -> [(label, language)]
    concepts: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    # compiled patterns, built lazily
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # scheme -> lower-cased surface form -> concept id, built lazily (see concept_named)
    surfaces: dict[str, dict[str, str]] = field(default_factory=dict)

    def concept_ids(self, scheme: str) -> set[str]:
        return set(self.concepts.get(scheme, {}))

    def concept_named(self, scheme: str, written: str) -> str | None:
        """The concept of a scheme one of whose labels (singular or plural, en or zh) is
        written ("tonnes", "tons", "GW", "吨" in vocab/unit); None when none is."""
        forms = self.surfaces.get(scheme)
        if forms is None:
            forms = self.surfaces[scheme] = {
                form.lower(): concept
                for concept, labels in sorted(self.concepts.get(scheme, {}).items())
                for form in sorted(surface_forms(labels))}
        return forms.get(written.strip().lower())


def _load_divisions(layout: DataLayout) -> dict[str, Division]:
    path = layout.reference_dir / "provinces.csv"
    result: dict[str, Division] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            result[row["iso_3166_2"]] = Division(row["iso_3166_2"], row["name_en"],
                                                 row["name_zh"], row["type"],
                                                 row.get("capital_en") or "")
    return result


def _load_cities(layout: DataLayout) -> list[CityRow]:
    path = layout.reference_dir / "cities.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [CityRow(row["adcode"], row["name_zh"], row["name_pinyin"], row["level"],
                        row["province"], row["prefecture"]) for row in csv.DictReader(handle)]


def _load_concepts(vocab_dir: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    result: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for path in sorted(vocab_dir.glob("*.ttl")):
        graph = Graph()
        graph.parse(path, format="turtle")
        scheme = path.stem
        concepts: dict[str, list[tuple[str, str]]] = {}
        for concept in sorted(graph.subjects(RDF.type, SKOS.Concept)):
            concept_id = str(concept).rstrip("/").rsplit("/", 1)[-1]
            labels = []
            for predicate in (SKOS.prefLabel, SKOS.altLabel):
                for label in sorted(graph.objects(concept, predicate)):
                    if isinstance(label, Literal) and label.language in ("en", "zh"):
                        labels.append((str(label), label.language))
            concepts[concept_id] = labels
        result[scheme] = concepts
    return result


@lru_cache(maxsize=8)
def _inflector():
    import inflect

    return inflect.engine()


def english_variants(label: str) -> set[str]:
    """The label, and its last word made plural and singular ("robots" <-> "robot")."""
    variants = {label}
    if label.isupper() and label.isalpha():
        return {label, label + "s"}          # acronyms: "NEV", "NEVs"
    if not label or label.isupper() or not label[-1].isalpha():
        return variants
    words = label.split(" ")
    engine = _inflector()
    last = words[-1]
    singular = engine.singular_noun(last)
    if singular:
        variants.add(" ".join(words[:-1] + [singular]))
    else:
        variants.add(" ".join(words[:-1] + [engine.plural_noun(last)]))
    return variants


def surface_forms(labels: list[tuple[str, str]]) -> set[str]:
    forms: set[str] = set()
    for label, language in labels:
        if language == "en":
            forms |= english_variants(label)
        else:
            forms.add(label)
    return forms


_END = ""


def trie_pattern(forms: list[str], fold: bool = True) -> str:
    """A regex matching any of ``forms`` (lower-cased), built as a character trie so that
    each text position tries one branch instead of every form; a space or hyphen in a form
    matches any run of spaces and hyphens. Python's ``re`` has no such optimisation for
    alternations, and this made gazetteer matching about ten times faster."""
    trie: dict = {}
    for form in forms:
        node = trie
        for char in re.sub(r"[\s-]+", " ", form.lower() if fold else form):
            node = node.setdefault(char, {})
        node[_END] = {}

    def emit(node: dict) -> str:
        branches = []
        optional = _END in node
        for char in sorted(k for k in node if k != _END):
            piece = r"[\s-]+" if char == " " else re.escape(char)
            branches.append(piece + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if optional else body

    return emit(trie)


def build_alternation(forms: dict[str, str], case_sensitive: set[str] | None = None) -> str:
    """One regex alternation of literal forms, longest first so the longest match wins."""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    parts = []
    for form in ordered:
        escaped = re.escape(form).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        if case_sensitive is not None and form in case_sensitive:
            escaped = f"(?-i:{escaped})"
        parts.append(escaped)
    return "|".join(parts)


@lru_cache(maxsize=4)
def load_gazetteer(root: str | None = None) -> Gazetteer:
    layout = data_layout(Path(root)) if root else data_layout()
    gazetteer = Gazetteer(_load_divisions(layout), _load_cities(layout),
                          _load_concepts(layout.vocab_dir))
    return gazetteer


def gazetteer_for_current_data() -> Gazetteer:
    """The gazetteer of the data folder in use ($CHAINKG_DATA or the checkout)."""
    return load_gazetteer(str(data_layout().root))
