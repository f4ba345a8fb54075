"""The record format: which record types exist and how each YAML field maps to RDF.

This table is the single place that ties curated YAML to the ontology; the loader,
the compiler and the validator all read it, and the SHACL shapes state which of
these fields are required.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDFS, SDO, SKOS

from ..core.namespaces import CKG


@dataclass(frozen=True)
class Field:
    """One YAML field of a record.

    kind is one of: ``text`` (language map or English string), ``texts`` (list of
    those), ``year``, ``date`` (ISO 8601 ``YYYY-MM-DD``), ``int``, ``nonneg_int``,
    ``decimal``, ``ref`` (ids of entities whose type is in ``targets``), ``concept`` (ids
    of concepts in scheme ``targets``), ``text_refs`` (a curator-text marker: which texts
    of the record the curator wrote).
    """

    name: str
    predicate: URIRef
    kind: str
    targets: str = ""
    many: bool = False


# Groups of record types that a reference may point at.
DIVISION_TYPES = frozenset({"Nation", "Province", "Municipality", "AutonomousRegion",
                            "SpecialAdministrativeRegion", "City", "District"})
ORGANIZATION_TYPES = frozenset({"GovernmentBody", "StateCouncil", "Ministry",
                                "ProvincialGovernment", "ProvincialDepartment",
                                "ExecutiveMeeting", "Enterprise", "University", "AcademicUnit",
                                "ResearchInstitute", "Forum"})
DOCUMENT_TYPES = frozenset({"ActionPlan", "ImplementationPlan", "DevelopmentPlan", "ProductList",
                            "GuidingOpinion", "Initiative", "MeetingDecision",
                            "GovernmentWorkReport", "PressBriefing", "WorkPlan", "Plan",
                            "PolicyMeasures"})
MEASURE_TYPES = frozenset({"Measure", "Incentive"})
TARGET_TYPES = frozenset({"Target", "QuantifiedTarget"})
STATEMENT_TYPES = frozenset({"Statement", "ExpertStatement"})
PLACE_LIKE_TYPES = frozenset({"IndustrialCluster", "Platform", "IndustrialPark"})
OBSERVATION_TYPES = frozenset({"IndicatorObservation", "QuantifiedObservation"})
OTHER_TYPES = frozenset({"Person", "Post", "Product", "Indicator", "IndustrialChain", "Event"})

REF_GROUPS: dict[str, frozenset[str]] = {
    "division": DIVISION_TYPES,
    "organization": ORGANIZATION_TYPES,
    "document": DOCUMENT_TYPES,
    "person": frozenset({"Person"}),
    "post": frozenset({"Post"}),
    "product": frozenset({"Product"}),
    "indicator": frozenset({"Indicator"}),
    "chain": frozenset({"IndustrialChain"}),
}
ANY = "any"

# Record types curators may write (divisions other than cities come from reference data).
CURATED_TYPES = (ORGANIZATION_TYPES | DOCUMENT_TYPES | MEASURE_TYPES | TARGET_TYPES
                 | STATEMENT_TYPES | PLACE_LIKE_TYPES | OBSERVATION_TYPES | OTHER_TYPES
                 | {"City", "District"})
ALL_TYPES = CURATED_TYPES | DIVISION_TYPES


def ref_allows(targets: str, record_type: str) -> bool:
    if targets == ANY:
        return True
    return any(record_type in REF_GROUPS[group] for group in targets.split("|"))


# Curator-text markers: the texts of a record (its labels, titles, ...) that no source states
# because the curator translated them (a Chinese label for an English source) or identified
# them (a full name or abbreviation from general knowledge). Each entry names a text field,
# optionally with a language: ``translated: [label.zh, title.zh]``, ``identified:
# [alt_labels.en]``. Marked texts need no quote and must not be named in ``supports``; in
# RDF each marked literal is repeated under ckg:curatorTranslation or
# ckg:curatorIdentification (see ontology/chainkg.ttl).
CURATOR_TEXT_FIELDS = (
    Field("translated", CKG.curatorTranslation, "text_refs", many=True),
    Field("identified", CKG.curatorIdentification, "text_refs", many=True),
)
CURATOR_TEXT_NAMES = frozenset(f.name for f in CURATOR_TEXT_FIELDS)
TEXT_KINDS = frozenset({"text", "texts"})


def text_languages(value: object) -> set[str]:
    """The languages a text field's value is written in (a plain string is English)."""
    if isinstance(value, str):
        return {"en"}
    if isinstance(value, dict):
        return {str(lang) for lang in value}
    if isinstance(value, list):
        return set().union(*(text_languages(item) for item in value)) if value else set()
    return set()


def split_text_ref(entry: str) -> tuple[str, str | None]:
    """``"label.zh"`` -> ``("label", "zh")``; ``"alt_labels"`` -> ``("alt_labels", None)``."""
    name, _, lang = entry.partition(".")
    return name, lang or None


def curator_marked(values: dict) -> dict[str, set[str]]:
    """For each text field, the languages the record marks as curator texts."""
    marked: dict[str, set[str]] = {}
    for marker in CURATOR_TEXT_NAMES:
        entries = values.get(marker)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, str):
                continue
            name, lang = split_text_ref(entry)
            languages = {lang} if lang else text_languages(values.get(name))
            marked.setdefault(name, set()).update(languages)
    return marked


def wholly_curator_texts(values: dict) -> set[str]:
    """Text fields every language of which is a curator text: no quote can support them."""
    return {name for name, langs in curator_marked(values).items()
            if name in values and text_languages(values[name]) <= langs}


COMMON_FIELDS = (
    Field("label", RDFS.label, "text"),
    Field("alt_labels", SKOS.altLabel, "texts", many=True),
    Field("description", DCTERMS.description, "text"),
    Field("note", SKOS.editorialNote, "text"),
) + CURATOR_TEXT_FIELDS

_technologies = Field("technologies", CKG.targetsTechnology, "concept", "technology", many=True)
_strategies = Field("chain_strategies", CKG.chainStrategy, "concept", "chain-strategy", many=True)
_instruments = Field("instruments", CKG.usesInstrument, "concept", "policy-instrument", many=True)
_jurisdiction = Field("jurisdiction", CKG.jurisdiction, "ref", "division")
_located_in = Field("located_in", CKG.locatedIn, "ref", "division")
_part_of_policy = Field("part_of", CKG.partOfPolicy, "ref", "document")
_involves = Field("involves", CKG.involvesOrganization, "ref", "organization", many=True)
_about = Field("about", CKG.about, "ref", ANY, many=True)
_comparator = Field("comparator", CKG.comparator, "concept", "comparator")
_unit = Field("unit", CKG.unit, "concept", "unit")
_counts = Field("counts", CKG.countedKind, "concept", "target-kind")
_scope = Field("scope", CKG.scope, "concept", "target-scope")
_items = Field("items", CKG.countedItem, "ref", ANY, many=True)
_level = Field("level", CKG.chainLevel, "concept", "chain-level")

_ORGANIZATION = (
    _located_in,
    _jurisdiction,
    Field("part_of", ORG.subOrganizationOf, "ref", "organization"),
    _technologies,
)
_DOCUMENT = (
    Field("title", DCTERMS.title, "text"),
    Field("issued_by", CKG.issuedBy, "ref", "organization", many=True),
    Field("unnamed_co_issuers", CKG.unnamedCoIssuerCount, "nonneg_int"),
    Field("approved_by", CKG.approvedBy, "ref", "organization", many=True),
    _jurisdiction,
    Field("start_year", CKG.startYear, "year"),
    Field("end_year", CKG.endYear, "year"),
    Field("status", CKG.status, "concept", "document-status"),
    _strategies,
    _technologies,
    _instruments,
    Field("products", CKG.listsProduct, "ref", "product", many=True),
    _part_of_policy,
    Field("issued_date", DCTERMS.issued, "date"),
)
_MEASURE = (_part_of_policy, _jurisdiction, _strategies, _technologies, _instruments, _involves,
            _about)
_TARGET = (
    _part_of_policy,
    _jurisdiction,
    _counts,
    Field("value", CKG.targetValue, "decimal"),
    Field("min_value", CKG.minValue, "decimal"),
    Field("max_value", CKG.maxValue, "decimal"),
    _comparator,
    _unit,
    _scope,
    Field("deadline_year", CKG.deadlineYear, "year"),
    _items,
    _strategies,
    _technologies,
    _involves,
)
_OBSERVATION = (
    _part_of_policy,
    _jurisdiction,
    Field("kind", CKG.quantityKind, "concept", "quantity-kind"),
    _counts,
    Field("value", CKG.observedValue, "decimal"),
    Field("min_value", CKG.minValue, "decimal"),
    Field("max_value", CKG.maxValue, "decimal"),
    _comparator,
    _unit,
    _scope,
    Field("year", CKG.refYear, "year"),
    _items,
    _technologies,
    _involves,
    _about,
)
_CHAIN = (
    _jurisdiction,
    _level,
    _technologies,
    Field("designated_in", CKG.designatedIn, "ref", "document"),
    Field("chief", CKG.chainChief, "ref", "post", many=True),
    Field("chain_masters", CKG.chainMaster, "ref", "organization", many=True),
    _strategies,
)
_EVENT = (
    Field("event_kind", CKG.eventKind, "concept", "event-kind"),
    Field("date", SDO.startDate, "date"),
    _located_in,
    Field("organised_by", SDO.organizer, "ref", "organization", many=True),
    _involves,
    _about,
    _technologies,
)
_STATEMENT = (
    Field("stated_by", CKG.statedBy, "ref", "person"),
    Field("in_capacity", CKG.statedInCapacity, "ref", "post"),
    Field("claim", CKG.claim, "text"),
    _about,
    _strategies,
    _technologies,
)
_PLACE_LIKE = (
    _located_in,
    Field("planned_in", CKG.plannedIn, "ref", "document"),
    _strategies,
    _technologies,
    _involves,
)

SPECIFIC_FIELDS: dict[str, tuple[Field, ...]] = {
    **{t: _ORGANIZATION for t in ORGANIZATION_TYPES},
    **{t: _DOCUMENT for t in DOCUMENT_TYPES},
    "Measure": _MEASURE,
    "Incentive": _MEASURE + (
        Field("incentive_kind", CKG.incentiveKind, "concept", "incentive-kind"),
        Field("beneficiary", CKG.beneficiary, "text"),
    ),
    **{t: _TARGET for t in TARGET_TYPES},
    **{t: _STATEMENT for t in STATEMENT_TYPES},
    **{t: _PLACE_LIKE for t in PLACE_LIKE_TYPES},
    "IndustrialCluster": _PLACE_LIKE + (_level,),
    "IndustrialPark": _PLACE_LIKE + (
        Field("built_by", CKG.builtBy, "ref", "organization|division", many=True),),
    "City": (_located_in,),
    "District": (_located_in,),
    "QuantifiedObservation": _OBSERVATION,
    "IndustrialChain": _CHAIN,
    "Event": _EVENT,
    "Person": (),
    "Post": (
        Field("held_by", ORG.heldBy, "ref", "person"),
        Field("post_in", ORG.postIn, "ref", "organization"),
        Field("role", ORG.role, "concept", "role"),
        Field("held_ex_officio_by", CKG.heldExOfficioBy, "ref", "post"),
    ),
    "Product": (_technologies,),
    "Indicator": (_unit,),
    "IndicatorObservation": (
        Field("indicator", CKG.indicator, "ref", "indicator"),
        Field("ref_area", CKG.refArea, "ref", "division"),
        Field("year", CKG.refYear, "year"),
        Field("value", CKG.observedValue, "decimal"),
        _comparator,
        _unit,
    ),
}

# Keys that every record may carry besides its fields.
STRUCTURAL_KEYS = ("id", "type", "evidence")
EVIDENCE_KEYS = ("quote", "start", "end", "source", "supports")


def fields_for(record_type: str) -> dict[str, Field]:
    """All fields a record of this type may carry, by name."""
    return {f.name: f for f in COMMON_FIELDS + SPECIFIC_FIELDS.get(record_type, ())}


_CLASS_OVERRIDES = {"Person": FOAF.Person, "Post": ORG.Post}


def class_iri(record_type: str) -> URIRef:
    """The OWL class of a record type: ckg:<Type>, or the W3C class it reuses."""
    return _CLASS_OVERRIDES.get(record_type, CKG[record_type])
