"""The graph as a network: a networkx MultiDiGraph, and GraphML, GEXF, JSON and CSV files.

What becomes a node
    Every typed resource of the chainkg namespaces: curated entities and reference divisions
    (``id:``, including plan periods and their years), evidence spans
    (``id:{record}/evidence/{start}-{end}``), source documents (``src:``) and the SKOS concepts
    of the vocabularies (``vocab:{scheme}/{id}``: technologies, chain strategies, units, ...).
    Not nodes: ontology classes and properties, concept schemes and outside IRIs (Wikidata
    items, web addresses). ``drop_classes`` / ``keep_classes`` narrow the set by class
    (a node matches a class if any of its rdf:types is that class, e.g. ``ckg:Evidence`` or
    ``ckg:ProvincialDivision``).

What becomes an edge
    Every triple whose subject and object are both nodes, except rdf:type. The graph is a
    ``networkx.MultiDiGraph`` keyed by the predicate's CURIE: two resources may be linked by
    several predicates (a measure's ``ckg:jurisdiction`` and ``ckg:about`` can both be
    ``id:CN``) and RDF has no duplicate triples, so ``(subject, object, predicate)`` is unique.
    Edges carry ``predicate`` (IRI), ``label`` and ``label_zh`` (the property's rdfs:label
    from the ontology; for reused W3C properties without one, the local name in words).

What becomes an attribute
    Node ids are CURIEs (``id:CN-SD``, ``vocab:technology/robot``, ``src:000_...``). Every
    node has ``iri``, ``class`` (its most specific rdf:type), ``types`` (all of them, space
    separated), ``category`` (a colour family for views), ``label``, ``label_en`` and
    ``label_zh`` ("" when missing). Literals become attributes named by the predicate's
    CURIE, with ``@lang`` for language-tagged text (``dcterms:title@en``, ``oa:exact``):
    integers stay int, decimals become float, everything else str. Objects that are not
    nodes (``owl:sameAs`` Wikidata items, ``ckg:supportsProperty``, ``skos:inScheme``) become
    CURIE strings. Several values are sorted and joined with `` | ``. Values are only
    str/int/float/bool, so GraphML and GEXF files open in Gephi.

Files are deterministic: nodes and edges are sorted, and GEXF's date stamp is left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from ..core.files import write_atomically
from ..core.namespaces import ID, PREFIXES, SOURCE, VOCAB
from ..curation.schema import (
    DIVISION_TYPES,
    DOCUMENT_TYPES,
    MEASURE_TYPES,
    ORGANIZATION_TYPES,
    PLACE_LIKE_TYPES,
    STATEMENT_TYPES,
    TARGET_TYPES,
)

FORMATS = ("graphml", "gexf", "json", "csv")
JOIN = " | "
NODE_NAMESPACES = (str(ID), str(VOCAB), str(SOURCE))
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel)
FIXED_NODE_ATTRIBUTES = ("iri", "class", "types", "category", "label", "label_en", "label_zh")
EDGE_ATTRIBUTES = ("predicate", "label", "label_zh")
INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long,
                 XSD.short, XSD.nonPositiveInteger, XSD.negativeInteger}
FLOAT_TYPES = {XSD.decimal, XSD.double, XSD.float}

# Colour families of views and the ``category`` attribute, by class local name.
CATEGORIES: dict[str, str] = {
    **{name: "division" for name in DIVISION_TYPES | {"ProvincialDivision",
                                                      "AdministrativeDivision"}},
    **{name: "organization" for name in ORGANIZATION_TYPES},
    **{name: "document" for name in DOCUMENT_TYPES | {"PolicyDocument"}},
    **{name: "measure" for name in MEASURE_TYPES},
    **{name: "target" for name in TARGET_TYPES},
    **{name: "statement" for name in STATEMENT_TYPES},
    **{name: "place" for name in PLACE_LIKE_TYPES | {"IndustrialChain"}},
    "Person": "person", "Post": "person",
    "Product": "product",
    "Indicator": "indicator", "IndicatorObservation": "indicator",
    "QuantifiedObservation": "indicator", "Event": "statement",
    "Evidence": "evidence",
    "SourceDocument": "source", "Entity": "source",
    "ProperInterval": "period", "Instant": "period",
}
# Concepts are grouped by scheme; schemes not named here share "concept".
CONCEPT_CATEGORIES = {"technology": "technology", "chain-strategy": "chain-strategy",
                      "policy-instrument": "instrument"}


class ExportError(ValueError):
    """Bad export input, such as an unknown class or format; the message says which."""


_NAMESPACES = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()),
                     key=lambda item: -len(item[0]))


def curie(iri: str) -> str:
    """``https://w3id.org/chainkg/id/CN-SD`` → ``id:CN-SD``; unknown namespaces stay IRIs."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(name: str) -> str:
    """A CURIE with a known prefix, or an IRI, as a full IRI."""
    if "://" in name:
        return name
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in PREFIXES:
        known = ", ".join(sorted(PREFIXES))
        raise ExportError(f"'{name}' is neither an IRI nor a CURIE with a known prefix "
                          f"({known})")
    return str(PREFIXES[prefix]) + local


def resolve_node(graph: nx.MultiDiGraph, name: str) -> str:
    """Find a node by CURIE, IRI or bare entity id (``CN-SD`` means ``id:CN-SD``)."""
    for candidate in (name, curie(name), f"id:{name}"):
        if candidate in graph:
            return candidate
    raise ExportError(f"no node '{name}' in the graph (give an entity id such as CN-SD, a CURIE "
                      "such as vocab:technology/robot, or a full IRI)")


def words(local_name: str) -> str:
    """``wasDerivedFrom`` → ``was derived from``: a label for properties without rdfs:label."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local_name).lower()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _is_node_iri(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(NODE_NAMESPACES)


def _value(literal: Literal) -> str | int | float | bool:
    datatype = literal.datatype
    try:
        if datatype in INTEGER_TYPES:
            return int(literal)
        if datatype in FLOAT_TYPES:
            return float(literal)
        if datatype == XSD.boolean:
            return bool(literal.toPython())
    except (TypeError, ValueError):
        pass
    return str(literal)


def _labels(values: Iterable[Literal]) -> tuple[str, str]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for value in values:
        by_lang[value.language or ""].append(str(value))
    en = min(by_lang.get("en", []) or by_lang.get("", []), default="")
    zh = min(by_lang.get("zh", []), default="")
    return en, zh


@dataclass(frozen=True)
class _Schema:
    """What the graph says about its classes and properties."""

    superclasses: dict[str, set[str]]
    property_labels: dict[str, tuple[str, str]]


def _schema(graph: Graph) -> _Schema:
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents[str(sub)].add(str(sup))
    ancestors: dict[str, set[str]] = {}

    def walk(cls: str) -> set[str]:
        if cls not in ancestors:
            ancestors[cls] = set()
            for parent in parents.get(cls, ()):
                ancestors[cls] |= {parent} | walk(parent)
        return ancestors[cls]

    for cls in list(parents):
        walk(cls)
    labels: dict[str, list[Literal]] = defaultdict(list)
    for prop, label in graph.subject_objects(RDFS.label):
        if isinstance(prop, URIRef) and isinstance(label, Literal) \
                and not str(prop).startswith(NODE_NAMESPACES):
            labels[str(prop)].append(label)
    return _Schema(ancestors, {prop: _labels(values) for prop, values in labels.items()})


def _most_specific(types: set[str], schema: _Schema) -> str:
    specific = [t for t in types
                if not any(t in schema.superclasses.get(other, ()) for other in types)]
    return sorted(specific or types, key=curie)[0]


def _category(cls: str, scheme: str) -> str:
    if scheme:
        return CONCEPT_CATEGORIES.get(scheme, "concept")
    return CATEGORIES.get(_local(cls), "other")


def _class_set(names: Iterable[str] | None) -> set[str] | None:
    if names is None:
        return None
    return {expand(name) for name in names}


def to_networkx(graph: Graph, drop_classes: Iterable[str] | None = None,
                keep_classes: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Build the MultiDiGraph of resources (see the module docstring for the rules).

    rdflib's own converter turns every literal into a node; this keeps literals as
    attributes and walks the triples once per node subject.
    """
    drop, keep = _class_set(drop_classes), _class_set(keep_classes)
    schema = _schema(graph)
    types: dict[URIRef, set[str]] = defaultdict(set)
    for subject, cls in graph.subject_objects(RDF.type):
        if _is_node_iri(subject) and isinstance(cls, URIRef):
            types[subject].add(str(cls))
    all_classes = set().union(*types.values()) if types else set()
    for name, wanted in (("--drop-class", drop), ("--keep-class", keep)):
        for cls in sorted(wanted or ()):
            if cls not in all_classes:
                raise ExportError(f"{name} {curie(cls)}: no resource in the graph has this "
                                  "class")
    nodes = {}
    for subject, classes in types.items():
        if str(SKOS.ConceptScheme) in classes:
            continue
        if drop and classes & drop:
            continue
        if keep is not None and not classes & keep:
            continue
        nodes[subject] = classes

    node_attrs: dict[str, dict] = {}
    edges: list[tuple[str, str, str, dict]] = []
    for subject in sorted(nodes, key=lambda s: curie(str(s))):
        literal_values: dict[str, list] = defaultdict(list)
        labels: list[Literal] = []
        for predicate, obj in graph.predicate_objects(subject):
            if predicate == RDF.type or isinstance(obj, BNode):
                continue
            if isinstance(obj, Literal):
                if predicate in LABEL_PREDICATES:
                    labels.append(obj)
                    continue
                key = curie(str(predicate)) + (f"@{obj.language}" if obj.language else "")
                literal_values[key].append(_value(obj))
            elif obj in nodes:
                prop = str(predicate)
                en, zh = schema.property_labels.get(prop, (words(_local(prop)), ""))
                edges.append((curie(str(subject)), curie(str(obj)), curie(prop),
                              {"predicate": prop, "label": en, "label_zh": zh}))
            else:
                literal_values[curie(str(predicate))].append(curie(str(obj)))
        classes = nodes[subject]
        cls = _most_specific(classes, schema)
        node_id = curie(str(subject))
        scheme = node_id.removeprefix("vocab:").split("/")[0] if node_id.startswith("vocab:") \
            else ""
        en, zh = _labels(labels)
        attrs: dict = {
            "iri": str(subject),
            "class": curie(cls),
            "types": " ".join(sorted(curie(t) for t in classes)),
            "category": _category(cls, scheme),
            "label": en or zh or node_id.split(":", 1)[1],
            "label_en": en,
            "label_zh": zh,
        }
        for key in sorted(literal_values):
            values = literal_values[key]
            if len(values) == 1:
                attrs[key] = values[0]
            else:
                attrs[key] = JOIN.join(sorted(str(v) for v in values))
        node_attrs[node_id] = attrs

    _unify_types(node_attrs)
    result = nx.MultiDiGraph()
    for node_id in sorted(node_attrs):
        result.add_node(node_id, **node_attrs[node_id])
    for source, target, key, data in sorted(edges, key=lambda e: e[:3]):
        result.add_edge(source, target, key=key, **data)
    return result


def _unify_types(node_attrs: dict[str, dict]) -> None:
    """Give each attribute one type across nodes (str if they disagree), as GraphML needs."""
    seen: dict[str, set[type]] = defaultdict(set)
    for attrs in node_attrs.values():
        for key, value in attrs.items():
            seen[key].add(type(value))
    mixed = {key for key, kinds in seen.items() if len(kinds) > 1}
    if mixed:
        for attrs in node_attrs.values():
            for key in mixed & attrs.keys():
                attrs[key] = str(attrs[key])


# --- files ---------------------------------------------------------------------------------


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
    text = "\n".join(nx.generate_gexf(graph, encoding="utf-8", prettyprint=True)) + "\n"
    # networkx stamps today's date; leave it out so the same graph gives the same bytes.
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text).encode("utf-8")


def json_bytes(graph: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def node_columns(graph: nx.MultiDiGraph) -> list[str]:
    extra = sorted({key for _, attrs in graph.nodes(data=True) for key in attrs}
                   - set(FIXED_NODE_ATTRIBUTES))
    return ["id", *FIXED_NODE_ATTRIBUTES, *extra]


def csv_bytes(graph: nx.MultiDiGraph) -> tuple[bytes, bytes]:
    """Nodes (one row each, one column per attribute, "" when absent) and edges."""
    columns = node_columns(graph)
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(columns)
    for node, attrs in graph.nodes(data=True):
        writer.writerow([node, *(attrs.get(c, "") for c in columns[1:])])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["source", "target", "key", *EDGE_ATTRIBUTES])
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        writer.writerow([source, target, key, *(attrs[c] for c in EDGE_ATTRIBUTES)])
    return nodes.getvalue().encode("utf-8"), edges.getvalue().encode("utf-8")


def csv_paths(out: Path) -> tuple[Path, Path]:
    """``out/chainkg.csv`` (or ``out/chainkg``) → ``chainkg.nodes.csv``, ``chainkg.edges.csv``."""
    stem = out.name.removesuffix(".csv")
    return out.with_name(f"{stem}.nodes.csv"), out.with_name(f"{stem}.edges.csv")


def write(graph: nx.MultiDiGraph, fmt: str, out: Path) -> list[Path]:
    """Write one format; each file goes to a temporary name first, then is renamed."""
    if fmt == "csv":
        nodes_path, edges_path = csv_paths(out)
        nodes, edges = csv_bytes(graph)
        return write_atomically({nodes_path.name: nodes}, nodes_path.parent) + \
            write_atomically({edges_path.name: edges}, edges_path.parent)
    encoders = {"graphml": graphml_bytes, "gexf": gexf_bytes, "json": json_bytes}
    if fmt not in encoders:
        raise ExportError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
    return write_atomically({out.name: encoders[fmt](graph)}, out.parent)
