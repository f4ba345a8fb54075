"""A seeded generator of synthetic chainkg graphs shaped like the real build, for benchmarks.

The real graph is a few thousand triples; query and load costs only show at scale. This
module writes N-Triples with the real ontology, SKOS vocabularies and the 34 provincial
divisions (+ CN) exactly as ``chainkg build`` makes them (it calls the compiler's own
loaders), a technology taxonomy grown to a few hundred concepts with ``skos:broader``, and
then "bundles" of one policy document each with its measures, quantified targets,
enterprise, source document, indicator observations, sometimes a person with a post and a
statement, and evidence nodes (source, offsets, quote, supported properties) for every
record, using the predicates of ``chainkg.curation.schema``. Bundles are added until the requested
triple count is reached, so the count is exact up to one bundle.

Output is deterministic: the same size, seed and generator version give the same bytes.

Usage::

    python scripts/synthetic.py --size 100000 --out /tmp/synthetic.nt [--seed 20240601]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS, TIME, XSD

from chainkg.build.compile import decimal_literal, load_divisions, load_vocabularies
from chainkg.build.serialize import sorted_ntriples
from chainkg.core.namespaces import CKG, ID, OA, SOURCE, VOCAB
from chainkg.core.paths import DataLayout, data_layout

# Bump when the output for a given (size, seed) changes, so cached files are regenerated.
GENERATOR_VERSION = 2
DEFAULT_SEED = 20240601
SYNTHETIC_TECH_CONCEPTS = 320
# The province whose entities benchmarks pass to selective queries.
FOCUS_DIVISION = "CN-JL"

DOCUMENT_CLASSES = ("ActionPlan", "ImplementationPlan", "DevelopmentPlan", "ProductList",
                    "GuidingOpinion", "Initiative", "MeetingDecision")
DOCUMENT_WEIGHTS = (40, 20, 12, 8, 8, 6, 6)
DOCUMENT_WORDS = {
    "ActionPlan": ("action plan", "行动方案"),
    "ImplementationPlan": ("implementation plan", "实施方案"),
    "DevelopmentPlan": ("development plan", "发展规划"),
    "ProductList": ("list of key products", "重点产品目录"),
    "GuidingOpinion": ("guiding opinions", "指导意见"),
    "Initiative": ("initiative", "倡议"),
    "MeetingDecision": ("executive meeting decision", "常务会议决定"),
}
TOPICS = ("intelligent manufacturing", "digital transformation", "new energy vehicles",
          "industrial internet", "robot industry", "new materials", "green manufacturing",
          "high-end equipment", "basic software", "power batteries", "petrochemical industry",
          "agri-food processing", "optoelectronics", "5G applications", "industrial foundation")
TECH_WORDS = ("sensor", "chip", "robot", "battery", "laser", "drive", "controller", "alloy",
              "coating", "reducer", "bearing", "display", "fibre", "membrane", "platform",
              "engine", "inverter", "module", "software", "network")
INDICATORS = (("manufacturing-value-added-share", "share of manufacturing in GDP",
               "制造业增加值占比", "percent"),
              ("digital-economy-share", "share of the digital economy in GDP",
               "数字经济占比", "percent"),
              ("high-tech-enterprises", "number of high-tech enterprises", "高新技术企业数量",
               "count"),
              ("industrial-robot-density", "industrial robot density", "工业机器人密度", "count"),
              ("rd-expenditure", "research and development expenditure", "研发经费支出", "yuan"),
              ("industrial-output", "industrial output value", "工业总产值", "yuan"),
              ("innovation-rank", "regional innovation capability rank", "区域创新能力排名",
               "rank"),
              ("cloud-adoption", "share of enterprises using cloud services", "企业上云比例",
               "percent"))

_RDF_TYPE = f"<{RDF.type}>"


def iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


def lang(text: str, tag: str) -> str:
    return f'"{_escape(text)}"@{tag}'


def plain(text: str) -> str:
    return f'"{_escape(text)}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{datatype}>'


def integer(value: int) -> str:
    return typed(value, XSD.integer)


def decimal(value: int | float) -> str:
    """The canonical form the build writes ("300.0", "12.5")."""
    return typed(decimal_literal(Decimal(str(value))), XSD.decimal)


def concept(scheme: str, concept_id: str) -> str:
    return iri(f"{VOCAB}{scheme}/{concept_id}")


P = {name: iri(str(term)) for name, term in {
    "label": RDFS.label, "altLabel": SKOS.altLabel, "prefLabel": SKOS.prefLabel,
    "definition": SKOS.definition, "inScheme": SKOS.inScheme, "broader": SKOS.broader,
    "title": DCTERMS.title, "description": DCTERMS.description, "temporal": DCTERMS.temporal,
    "identifier": DCTERMS.identifier, "publisher": DCTERMS.publisher,
    "language": DCTERMS.language, "date": DCTERMS.date,
    "derived": PROV.wasDerivedFrom, "hasBeginning": TIME.hasBeginning, "hasEnd": TIME.hasEnd,
    "inXSDgYear": TIME.inXSDgYear, "subOrganizationOf": ORG.subOrganizationOf,
    "heldBy": ORG.heldBy, "postIn": ORG.postIn, "role": ORG.role,
    "start": OA.start, "end": OA.end, "exact": OA.exact,
}.items()}
for _name in ("jurisdiction", "issuedBy", "approvedBy", "status", "startYear", "endYear",
              "chainStrategy", "targetsTechnology", "usesInstrument", "listsProduct",
              "partOfPolicy", "involvesOrganization", "countedKind", "comparator", "unit",
              "scope", "targetValue", "minValue", "maxValue", "deadlineYear", "indicator",
              "refArea", "refYear", "observedValue", "statedBy", "statedInCapacity", "claim",
              "about", "locatedIn", "source", "supportsProperty", "incentiveKind",
              "beneficiary", "sha256"):
    P[_name] = iri(str(CKG[_name]))


def cls(name: str) -> str:
    overrides = {"Person": FOAF.Person, "Post": ORG.Post, "ProperInterval": TIME.ProperInterval,
                 "Instant": TIME.Instant}
    return iri(str(overrides.get(name, CKG[name])))


def entity(entity_id: str) -> str:
    return iri(f"{ID}{entity_id}")


@dataclass
class Division:
    code: str
    name_en: str
    name_zh: str
    record_type: str


@dataclass
class _State:
    """What the generator has emitted so far that later bundles refer to."""

    rng: random.Random
    divisions: list[Division]
    concepts: dict[str, list[str]]
    technologies: list[str]
    emitted_shared: set[str] = field(default_factory=set)
    departments: dict[str, list[str]] = field(default_factory=dict)
    counter: int = 0


def base_lines(layout: DataLayout) -> tuple[list[str], dict[str, list[str]], list[Division]]:
    """Ontology, vocabularies and divisions as the real build makes them, as sorted lines."""
    graph = Graph()
    graph.parse(layout.ontology, format="turtle")
    vocab_graph, concept_sets = load_vocabularies(layout)
    graph += vocab_graph
    types = load_divisions(layout, graph)
    # The build's own writer: sorted lines, axiom blank nodes skolemised as in chainkg.nt.
    lines = sorted_ntriples(graph).splitlines()
    divisions = []
    for code in sorted(types):
        subject = ID[code]
        labels = {lit.language: str(lit) for lit in graph.objects(subject, RDFS.label)}
        divisions.append(Division(code, labels["en"], labels["zh"], types[code]))
    concepts = {scheme: sorted(ids) for scheme, ids in concept_sets.items()}
    return lines, concepts, divisions


def taxonomy_lines(state: _State) -> Iterator[str]:
    """Grow the technology scheme to a few hundred concepts, each under an existing one."""
    rng = state.rng
    scheme = iri(f"{VOCAB}technology")
    for number in range(SYNTHETIC_TECH_CONCEPTS):
        parent = rng.choice(state.technologies)
        word = rng.choice(TECH_WORDS)
        concept_id = f"synthetic-{word}-{number:03d}"
        node = concept("technology", concept_id)
        yield f"{node} {_RDF_TYPE} {iri(str(SKOS.Concept))} ."
        yield f"{node} {P['inScheme']} {scheme} ."
        yield f"{node} {P['broader']} {concept('technology', parent)} ."
        yield f"{node} {P['prefLabel']} {lang(f'{word} technology {number}', 'en')} ."
        yield f"{node} {P['prefLabel']} {lang(f'{word}技术{number}', 'zh')} ."
        yield (f"{node} {P['definition']} "
               f"{lang(f'A synthetic {word} technology under {parent}.', 'en')} .")
        state.technologies.append(concept_id)


class _Bundle:
    """One policy document and everything curated from the same source text."""

    def __init__(self, state: _State, number: int):
        self.s = state
        self.rng = state.rng
        self.number = number
        self.lines: list[str] = []
        # subject -> properties emitted for it, for the evidence spans to support
        self.facts: dict[str, list[str]] = {}
        # subject -> its Chinese labels: the English source text does not give them, so they
        # are marked as the curator's translations, as curated records mark theirs
        self.translations: dict[str, list[str]] = {}
        self.source = iri(f"{SOURCE}synthetic-{number:06d}")
        self.offset = self.rng.randrange(200, 2000)

    def add(self, subject: str, predicate: str, obj: str) -> None:
        if predicate == "label" and obj.endswith("@zh"):
            self.translations.setdefault(subject, []).append(obj)
        if predicate in P:
            self.facts.setdefault(subject, []).append(predicate)
            predicate = P[predicate]
        self.lines.append(f"{subject} {predicate} {obj} .")

    def first(self, key: str) -> bool:
        """True the first time a shared node (period, year, government) is asked for."""
        if key in self.s.emitted_shared:
            return False
        self.s.emitted_shared.add(key)
        return True

    def evidence(self, record_id: str, *quotes: str) -> None:
        """Evidence spans for a record, which between them support every fact it has.

        Call it after the record's facts: each span supports a share of its properties,
        as the validator's facts-have-evidence rule asks.
        """
        subject = entity(record_id)
        supported = list(dict.fromkeys(self.facts.pop(subject, [])))
        for text in self.translations.pop(subject, []):
            self.lines.append(f"{subject} {iri(str(CKG.curatorTranslation))} {text} .")
        # A title stands in the first quote ("The <title> was issued"), as the
        # curator-texts-are-marked rule asks of a title.
        first = ["title"] if "title" in supported else []
        supported = [name for name in supported if name != "title"]
        for index, quote in enumerate(quotes):
            start = self.offset + self.rng.randrange(0, 40)
            end = start + len(quote)
            self.offset = end + self.rng.randrange(2, 200)
            node = iri(f"{ID}{record_id}/evidence/{start}-{end}")
            self.lines.append(f"{subject} {P['derived']} {node} .")
            self.add(node, _RDF_TYPE, cls("Evidence"))
            self.add(node, "label", lang(f"evidence for {record_id} at {start}-{end}", "en"))
            self.add(node, "source", self.source)
            self.add(node, "start", typed(start, XSD.nonNegativeInteger))
            self.add(node, "end", typed(end, XSD.nonNegativeInteger))
            self.add(node, "exact", plain(quote))
            for predicate in (first if index == 0 else []) + supported[index::len(quotes)]:
                self.add(node, "supportsProperty", P[predicate])
            self.facts.pop(node, None)

    def pick(self, scheme: str) -> str:
        return self.rng.choice(self.s.concepts[scheme])

    def technologies(self, low: int, high: int) -> list[str]:
        return self.rng.sample(self.s.technologies, self.rng.randint(low, high))

    def period(self, start: int, end: int) -> str:
        """The time:ProperInterval the compiler makes for a document's years."""
        node = entity(f"period/{start}-{end}")
        if not self.first(f"period/{start}-{end}"):
            return node
        self.lines += [f"{node} {_RDF_TYPE} {cls('ProperInterval')} .",
                       f"{node} {P['label']} {lang(f'{start}–{end}', 'en')} .",
                       f"{node} {P['label']} {lang(f'{start}—{end}年', 'zh')} ."]
        for year, link in ((start, "hasBeginning"), (end, "hasEnd")):
            instant = entity(f"year/{year}")
            self.lines.append(f"{node} {P[link]} {instant} .")
            if self.first(f"year/{year}"):
                self.lines += [f"{instant} {_RDF_TYPE} {cls('Instant')} .",
                               f"{instant} {P['label']} {lang(str(year), 'en')} .",
                               f"{instant} {P['label']} {lang(f'{year}年', 'zh')} .",
                               f"{instant} {P['inXSDgYear']} {typed(year, XSD.gYear)} ."]
        return node

    def government(self, division: Division) -> str:
        national = division.code == "CN"
        gov_id = "state-council" if national else f"{division.code.lower()}-government"
        node = entity(gov_id)
        label_en = "State Council" if national else f"{division.name_en} Provincial Government"
        label_zh = "国务院" if national else f"{division.name_zh}人民政府"
        if self.first(gov_id):
            self.add(node, _RDF_TYPE,
                     cls("StateCouncil" if national else "ProvincialGovernment"))
            self.add(node, "label", lang(label_en, "en"))
            self.add(node, "label", lang(label_zh, "zh"))
            self.add(node, "jurisdiction", entity(division.code))
            self.evidence(gov_id, f"the {label_en}")
        return node

    def department(self, division: Division) -> str:
        """An issuing department: a new one now and then, otherwise one already made."""
        pool = self.s.departments.setdefault(division.code, [])
        if pool and self.rng.random() > 0.25:
            return entity(self.rng.choice(pool))
        national = division.code == "CN"
        dept_id = f"{division.code.lower()}-department-{len(pool) + 1:03d}"
        topic = self.rng.choice(TOPICS)
        label = (f"Ministry of {topic} {len(pool) + 1}" if national
                 else f"{division.name_en} Department of {topic} {len(pool) + 1}")
        node = entity(dept_id)
        self.add(node, _RDF_TYPE, cls("Ministry" if national else "ProvincialDepartment"))
        self.add(node, "label", lang(label, "en"))
        self.add(node, "label", lang(f"{division.name_zh}{topic}厅{len(pool) + 1}", "zh"))
        self.add(node, "jurisdiction", entity(division.code))
        government = self.government(division)
        self.add(node, "subOrganizationOf", government)
        self.evidence(dept_id, f"the {label} issued the document")
        pool.append(dept_id)
        return node

    def build(self) -> list[str]:
        rng = self.rng
        n = self.number
        # CN counts twice: national documents are more common than any one province's. The
        # first bundle is in the focus division, so that even the smallest graph has one.
        division = rng.choice(self.s.divisions + [self.s.divisions[0]])
        if n == 1:
            division = next(d for d in self.s.divisions if d.code == FOCUS_DIVISION)
        div = entity(division.code)
        prefix = f"{division.code.lower()}-{n:06d}"
        # The first bundles cycle through the document classes, so small graphs hold each.
        doc_class = (DOCUMENT_CLASSES[n - 1] if n <= len(DOCUMENT_CLASSES)
                     else rng.choices(DOCUMENT_CLASSES, DOCUMENT_WEIGHTS)[0])
        topic = rng.choice(TOPICS)
        kind_en, kind_zh = DOCUMENT_WORDS[doc_class]
        start = rng.randint(2015, 2025)
        end = start + rng.randint(2, 5)

        # the source document
        src = self.source
        title = f"{division.name_en} issues {kind_en} on {topic} ({start}-{end})"
        self.add(src, _RDF_TYPE, cls("SourceDocument"))
        self.add(src, "label", lang(title, "en"))
        self.add(src, "title", lang(title, "en"))
        self.add(src, "identifier", plain(f"synthetic-{n:06d}"))
        self.add(src, "publisher", plain(rng.choice(("Xinhua", "People's Daily",
                                                     "China Daily", "Provincial gazette"))))
        self.add(src, "language", typed("en", XSD.language))
        self.add(src, "date", typed(start, XSD.gYear))
        self.add(src, "sha256", plain(hashlib.sha256(title.encode()).hexdigest()))

        # the document
        plan_id = f"{prefix}-plan"
        plan = entity(plan_id)
        plan_title = f"{kind_en.capitalize()} for {topic} in {division.name_en} ({start}-{end})"
        self.add(plan, _RDF_TYPE, cls(doc_class))
        self.add(plan, "label", lang(f"{division.name_en} {kind_en} for {topic} ({start}-{end})",
                                     "en"))
        self.add(plan, "label", lang(f"{division.name_zh}{topic}{kind_zh}（{start}—{end}年）",
                                     "zh"))
        self.add(plan, "title", lang(plan_title, "en"))
        self.add(plan, "jurisdiction", div)
        issuers = [self.department(division) for _ in range(rng.randint(1, 2))]
        for issuer in dict.fromkeys(issuers):
            self.add(plan, "issuedBy", issuer)
        if rng.random() < 0.2:
            self.add(plan, "approvedBy", self.government(division))
        status = rng.choices(("released", "agreed-in-principle", "to-be-formulated"),
                             (80, 10, 10))[0]
        self.add(plan, "status", concept("document-status", status))
        self.add(plan, "startYear", integer(start))
        self.add(plan, "endYear", integer(end))
        self.add(plan, "temporal", self.period(start, end))
        for strategy in rng.sample(self.s.concepts["chain-strategy"], rng.randint(1, 2)):
            self.add(plan, "chainStrategy", concept("chain-strategy", strategy))
        plan_techs = self.technologies(2, 4)
        for tech in plan_techs:
            self.add(plan, "targetsTechnology", concept("technology", tech))
        if rng.random() < 0.4:
            self.add(plan, "usesInstrument", concept("policy-instrument",
                                                     self.pick("policy-instrument")))
        self.evidence(plan_id, f"The {plan_title} was issued",
                      f"focus on {topic} and {', '.join(plan_techs)}")

        # an enterprise the document involves
        ent_id = f"{prefix}-enterprise"
        enterprise = entity(ent_id)
        word = rng.choice(TECH_WORDS)
        self.add(enterprise, _RDF_TYPE, cls("Enterprise"))
        self.add(enterprise, "label", lang(f"{division.name_en} {word.capitalize()} Group {n}",
                                           "en"))
        self.add(enterprise, "label", lang(f"{division.name_zh}{word}集团{n}", "zh"))
        # A short name the source does not give: the curator's identification, which no
        # evidence span supports (so it is kept out of the facts the spans share).
        short_name = lang(f"{word.upper()}-{n}", "en")
        self.lines.append(f"{enterprise} {P['altLabel']} {short_name} .")
        self.lines.append(f"{enterprise} {iri(str(CKG.curatorIdentification))} {short_name} .")
        self.add(enterprise, "locatedIn", div)
        self.add(enterprise, "targetsTechnology", concept("technology", rng.choice(plan_techs)))
        self.evidence(ent_id, f"{division.name_en} {word.capitalize()} Group {n} will lead")

        # measures
        for m in range(rng.randint(2, 4)):
            measure_id = f"{prefix}-measure-{m}"
            measure = entity(measure_id)
            incentive = rng.random() < 0.15
            action = rng.choice(("support", "build", "cultivate", "promote", "upgrade"))
            text = f"{action} {topic} enterprises in {division.name_en}"
            self.add(measure, _RDF_TYPE, cls("Incentive" if incentive else "Measure"))
            self.add(measure, "label", lang(f"{text} (measure {m + 1})", "en"))
            self.add(measure, "description", lang(f"{text.capitalize()}.", "en"))
            self.add(measure, "partOfPolicy", plan)
            self.add(measure, "jurisdiction", div)
            self.add(measure, "chainStrategy", concept("chain-strategy",
                                                       self.pick("chain-strategy")))
            for tech in rng.sample(plan_techs, rng.randint(1, 2)):
                self.add(measure, "targetsTechnology", concept("technology", tech))
            if rng.random() < 0.3:
                self.add(measure, "involvesOrganization", enterprise)
            if incentive:
                self.add(measure, "incentiveKind", concept("incentive-kind",
                                                           self.pick("incentive-kind")))
                self.add(measure, "beneficiary", lang(f"{topic} enterprises", "en"))
            self.evidence(measure_id, text, f"{action} {topic}")

        # quantified targets
        for t in range(rng.randint(2, 4)):
            target_id = f"{prefix}-target-{t}"
            target = entity(target_id)
            kind = self.pick("target-kind")
            comparator = rng.choices(("more-than", "at-least", "exactly", "at-most", "range"),
                                     (30, 30, 25, 5, 10))[0]
            unit = rng.choices(("count", "percent", "yuan"), (70, 20, 10))[0]
            value = rng.randint(1, 500) * (10 ** 8 if unit == "yuan" else 1)
            deadline = end if rng.random() < 0.8 else rng.randint(start + 1, end)
            self.add(target, _RDF_TYPE, cls("QuantifiedTarget"))
            self.add(target, "label", lang(f"{value} {kind.replace('-', ' ')} by {deadline} "
                                           f"({division.name_en})", "en"))
            self.add(target, "partOfPolicy", plan)
            self.add(target, "jurisdiction", div)
            self.add(target, "countedKind", concept("target-kind", kind))
            if comparator == "range":
                self.add(target, "minValue", decimal(value))
                self.add(target, "maxValue", decimal(value + rng.randint(1, 50)))
            else:
                self.add(target, "targetValue", decimal(value))
            self.add(target, "comparator", concept("comparator", comparator))
            self.add(target, "unit", concept("unit", unit))
            self.add(target, "scope", concept("target-scope", self.pick("target-scope")))
            self.add(target, "deadlineYear", integer(deadline))
            for tech in rng.sample(plan_techs, rng.randint(0, 2)):
                self.add(target, "targetsTechnology", concept("technology", tech))
            self.evidence(target_id, f"by {deadline}, {value} {kind.replace('-', ' ')}",
                          f"the number of {kind.replace('-', ' ')} will reach {value}")

        # indicator observations
        for o in range(rng.randint(1, 3)):
            ind_id, ind_en, ind_zh, unit = rng.choice(INDICATORS)
            indicator = entity(f"indicator-{ind_id}")
            if self.first(f"indicator-{ind_id}"):
                self.add(indicator, _RDF_TYPE, cls("Indicator"))
                self.add(indicator, "label", lang(ind_en, "en"))
                self.add(indicator, "label", lang(ind_zh, "zh"))
                self.add(indicator, "unit", concept("unit", unit))
                self.evidence(f"indicator-{ind_id}", f"the {ind_en}")
            year = rng.randint(2010, 2024)
            obs_id = f"{prefix}-observation-{o}"
            obs = entity(obs_id)
            value = round(rng.uniform(1, 100), 1)
            self.add(obs, _RDF_TYPE, cls("IndicatorObservation"))
            self.add(obs, "label", lang(f"{ind_en} of {division.name_en} in {year}", "en"))
            self.add(obs, "label", lang(f"{year}年{division.name_zh}{ind_zh}", "zh"))
            self.add(obs, "indicator", indicator)
            self.add(obs, "refArea", div)
            self.add(obs, "refYear", integer(year))
            self.add(obs, "observedValue", decimal(value))
            self.add(obs, "comparator", concept("comparator",
                                                rng.choice(("exactly", "more-than"))))
            self.add(obs, "unit", concept("unit", unit))
            self.evidence(obs_id, f"in {year} the {ind_en} reached {value}")

        # now and then an official or expert with a post and a statement
        if rng.random() < 0.3 or n <= 2:
            person_id = f"{prefix}-person"
            person = entity(person_id)
            surname = rng.choice(("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang"))
            given = rng.choice(("Wei", "Fang", "Min", "Jing", "Lei", "Jun", "Yan", "Tao"))
            name = f"{surname} {given} {n}"
            self.add(person, _RDF_TYPE, cls("Person"))
            self.add(person, "label", lang(name, "en"))
            self.add(person, "label", lang(f"{surname}{given}{n}", "zh"))
            self.evidence(person_id, f"said {name}")
            role = self.pick("role")
            post_id = f"{prefix}-post"
            post = entity(post_id)
            organisation = issuers[0]
            self.add(post, _RDF_TYPE, cls("Post"))
            self.add(post, "label", lang(f"{role.replace('-', ' ')} ({name})", "en"))
            self.add(post, "heldBy", person)
            self.add(post, "postIn", organisation)
            self.add(post, "role", concept("role", role))
            self.evidence(post_id, f"{name}, {role.replace('-', ' ')}")
            statement_id = f"{prefix}-statement"
            statement = entity(statement_id)
            claim = f"{topic.capitalize()} is the key to upgrading {division.name_en}'s chains."
            self.add(statement, _RDF_TYPE,
                     cls("ExpertStatement" if rng.random() < 0.5 or n == 1 else "Statement"))
            self.add(statement, "label", lang(f"{name} on {topic}", "en"))
            self.add(statement, "statedBy", person)
            self.add(statement, "statedInCapacity", post)
            self.add(statement, "claim", lang(claim, "en"))
            self.add(statement, "about", plan)
            self.add(statement, "chainStrategy", concept("chain-strategy",
                                                         self.pick("chain-strategy")))
            self.add(statement, "targetsTechnology", concept("technology", plan_techs[0]))
            self.evidence(statement_id, claim, f"{name} said")
        return self.lines


def generate_lines(size: int, seed: int = DEFAULT_SEED,
                   layout: DataLayout | None = None) -> Iterator[str]:
    """N-Triples lines, unique, until at least ``size`` lines (or one bundle past it)."""
    lines, concepts, divisions = base_lines(layout or data_layout())
    state = _State(random.Random(seed), divisions, concepts, list(concepts["technology"]))
    yield from lines
    count = len(lines)
    for line in taxonomy_lines(state):
        yield line
        count += 1
    number = 0
    while count < size:
        number += 1
        bundle = _Bundle(state, number).build()
        # A bundle is ~250 lines: stop before it when that lands closer to the size.
        if count + len(bundle) > size and size - count < count + len(bundle) - size:
            break
        yield from bundle
        count += len(bundle)


def write_synthetic(path: Path, size: int, seed: int = DEFAULT_SEED) -> int:
    """Write the graph to ``path`` atomically; return the number of triples."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temp = Path(temp_name)
    try:
        with open(fd, "w", encoding="utf-8") as handle:
            batch: list[str] = []
            for line in generate_lines(size, seed):
                batch.append(line)
                if len(batch) >= 100_000:
                    handle.write("\n".join(batch) + "\n")
                    count += len(batch)
                    batch = []
            if batch:
                handle.write("\n".join(batch) + "\n")
                count += len(batch)
        # mkstemp makes 0600 files; give the output the usual umask mode.
        umask = os.umask(0)
        os.umask(umask)
        temp.chmod(0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return count


_FOCUS_KINDS = ("plan", "enterprise", "person", "post", "statement", "measure-0", "target-0",
                "observation-0")


def focus_entities(path: Path, division: str = FOCUS_DIVISION) -> dict[str, str]:
    """Ids of the first document, enterprise, person ... generated in one division.

    Benchmarks give them to queries that take an entity, so that a selective query
    touches one province. A kind the division lacks (small graphs have few people) falls
    back to the first of that kind anywhere.
    """
    pattern = re.compile(rf"^<{re.escape(str(ID))}(([a-z-]+)-\d+-"
                         rf"({'|'.join(_FOCUS_KINDS)}))> <{re.escape(str(RDF.type))}>")
    wanted = division.lower()
    found: dict[str, str] = {}
    anywhere: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            match = pattern.match(line)
            if not match:
                continue
            entity_id, where, kind = match.groups()
            anywhere.setdefault(kind, entity_id)
            if where == wanted:
                found.setdefault(kind, entity_id)
                if len(found) == len(_FOCUS_KINDS):
                    break
    return {"division": division, **anywhere, **found}


def parse_size(text: str) -> int:
    """``10k``, ``1M``, ``3m`` or a plain number."""
    text = text.strip()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    number = text[:-1] if factor != 1 else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a size: {text!r} (use e.g. 10k, 1M, 3000000)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, required=True, help="triples, e.g. 100k")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="N-Triples file to write")
    args = parser.parse_args(argv)
    count = write_synthetic(args.out, args.size, args.seed)
    print(f"wrote {count} triples to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
