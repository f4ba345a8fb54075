"""Compile ontology, vocabularies, reference data and curated records into one RDF graph.

The compiler checks what only it can see (ids, references, value types, vocabulary
terms) and remembers where each triple came from, so that SHACL results can be
reported against the record file, line and field too.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from ..core.namespaces import CKG, ID, OA, SOURCE, VOCAB, WD, bind_prefixes, concept_iri
from ..core.paths import DataLayout, data_layout, display_path
from ..curation.records import Problem, Record, parse_record_file
from ..curation.schema import (
    ALL_TYPES,
    CURATOR_TEXT_NAMES,
    DOCUMENT_TYPES,
    TEXT_KINDS,
    Field,
    class_iri,
    fields_for,
    ref_allows,
    split_text_ref,
    text_languages,
    wholly_curator_texts,
)
from ..curation.sources import Source, load_manifest

DIVISION_CLASSES = {
    "province": "Province",
    "municipality": "Municipality",
    "autonomous region": "AutonomousRegion",
    "special administrative region": "SpecialAdministrativeRegion",
}
NATION_ID = "CN"
LANGUAGES = ("en", "zh")


@dataclass
class Compilation:
    """The compiled graph and what is needed to report problems against the records."""

    graph: Graph
    records: dict[str, Record]
    sources: dict[str, Source]
    # (subject, predicate) -> (path, line, field) for every curated fact
    origins: dict[tuple[URIRef, URIRef], tuple[str, int, str]] = field(default_factory=dict)
    entity_origins: dict[URIRef, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # (record id, field) whose SHACL results only repeat a problem reported elsewhere (a
    # reference to a record of unknown type, a term whose concept lacks skos:inScheme).
    consequences: set[tuple[str, str]] = field(default_factory=set)


def decimal_literal(number: Decimal) -> Literal:
    """An xsd:decimal in canonical lexical form ("12.0", "2.5"), as Turtle writes it, so
    that every output format carries the same literal."""
    with localcontext() as context:  # normalize() would round to 28 digits
        context.prec = max(28, len(number.as_tuple().digits))
        text = format(number.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def entity_iri(entity_id: str) -> URIRef:
    return ID[entity_id]


def evidence_iri(record_id: str, start: int, end: int) -> URIRef:
    return ID[f"{record_id}/evidence/{start}-{end}"]


def load_vocabularies(layout: DataLayout) -> tuple[Graph, dict[str, set[str]]]:
    """All SKOS schemes, and the concept ids each scheme holds."""
    graph = Graph()
    for path in sorted(layout.vocab_dir.glob("*.ttl")):
        graph.parse(path, format="turtle")
    concepts: dict[str, set[str]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        scheme_id = str(scheme).removeprefix(str(VOCAB))
        concept_id = str(concept).removeprefix(f"{VOCAB}{scheme_id}/")
        concepts.setdefault(scheme_id, set()).add(concept_id)
    return graph, concepts


def _term_line(text: str, graph: Graph, term: URIRef) -> int:
    """The line where a term is first described (as a subject), else first mentioned."""
    names = [f"<{term}>"] + [f"{prefix}:{str(term)[len(str(ns)):]}"
                             for prefix, ns in graph.namespaces()
                             if prefix and str(term).startswith(str(ns))]
    lines = text.splitlines()
    for test in (str.startswith, str.__contains__):
        for number, line in enumerate(lines, 1):
            if any(test(line.strip(), name) for name in names):
                return number
    return 1


def check_vocabularies(layout: DataLayout) -> list[Problem]:
    """What SHACL cannot locate in a vocabulary file: a concept without its scheme, a
    broader concept that does not exist, a top concept its scheme does not list."""
    graphs: dict[Path, tuple[Graph, str]] = {}
    every = Graph()
    for path in sorted(layout.vocab_dir.glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        graph = Graph().parse(data=text, format="turtle")
        graphs[path] = (graph, text)
        every += graph
    concepts = set(every.subjects(RDF.type, SKOS.Concept))
    problems: list[Problem] = []
    for path, (graph, text) in graphs.items():
        display = display_path(path)

        def problem(term: URIRef, name: str, message: str,
                    display: str = display, graph: Graph = graph, text: str = text) -> None:
            problems.append(Problem(display, _term_line(text, graph, term), name, message))

        def qname(term: URIRef, graph: Graph = graph) -> str:
            return graph.namespace_manager.normalizeUri(term)

        for concept in sorted(graph.subjects(RDF.type, SKOS.Concept)):
            schemes = sorted(graph.objects(concept, SKOS.inScheme))
            if not schemes:
                scheme = str(concept).rsplit("/", 1)[0]
                problem(concept, "skos:inScheme",
                        f"concept {qname(concept)} has no skos:inScheme, so no record can use "
                        f"it; add skos:inScheme <{scheme}>")
            for broader in sorted(graph.objects(concept, SKOS.broader)):
                if broader not in concepts:
                    problem(concept, "skos:broader",
                            f"{qname(concept)} has skos:broader {qname(broader)}, which is not "
                            "a concept of any vocabulary; correct the id or add that concept")
            is_top = not any(graph.objects(concept, SKOS.broader))
            for scheme in schemes + sorted(graph.objects(concept, SKOS.topConceptOf)):
                if (is_top or (concept, SKOS.topConceptOf, scheme) in graph) and \
                        (scheme, SKOS.hasTopConcept, concept) not in every:
                    reason = "it is skos:topConceptOf the scheme" if not is_top else \
                        "it has no skos:broader"
                    problem(concept, "skos:hasTopConcept",
                            f"{qname(concept)} is a top concept ({reason}) but <{scheme}> "
                            "does not list it in skos:hasTopConcept; add it there")
                    break
        for scheme, top in sorted(graph.subject_objects(SKOS.hasTopConcept)):
            if top not in concepts:
                problem(scheme, "skos:hasTopConcept",
                        f"<{scheme}> lists {qname(top)} in skos:hasTopConcept, which is not a "
                        "concept of any vocabulary; correct the id or add that concept")
    return sorted(set(problems))


def load_divisions(layout: DataLayout, graph: Graph) -> dict[str, str]:
    """The nation and the 34 provincial-level divisions; returns id -> record type."""
    types: dict[str, str] = {NATION_ID: "Nation"}
    nation = entity_iri(NATION_ID)
    reference = SOURCE["reference-provinces"]
    graph.add((reference, RDF.type, PROV.Entity))
    graph.add((reference, RDFS.label, Literal("ISO 3166-2:CN provincial-level divisions with "
                                              "Wikidata items", lang="en")))
    graph.add((reference, RDFS.label, Literal("省级行政区参考表", lang="zh")))
    graph.add((nation, RDF.type, CKG.Nation))
    graph.add((nation, RDFS.label, Literal("China", lang="en")))
    graph.add((nation, RDFS.label, Literal("中国", lang="zh")))
    graph.add((nation, SKOS.altLabel, Literal("People's Republic of China", lang="en")))
    graph.add((nation, SKOS.altLabel, Literal("中华人民共和国", lang="zh")))
    graph.add((nation, CKG.iso3166Code, Literal("CN")))
    graph.add((nation, OWL.sameAs, WD.Q148))
    graph.add((nation, PROV.wasDerivedFrom, reference))
    with (layout.reference_dir / "provinces.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["iso_3166_2"]
            division = entity_iri(code)
            record_type = DIVISION_CLASSES[row["type"]]
            types[code] = record_type
            graph.add((division, RDF.type, CKG[record_type]))
            graph.add((division, RDF.type, CKG.ProvincialDivision))
            graph.add((division, RDFS.label, Literal(row["name_en"], lang="en")))
            graph.add((division, RDFS.label, Literal(row["name_zh"], lang="zh")))
            graph.add((division, CKG.iso3166Code, Literal(code)))
            graph.add((division, OWL.sameAs, WD[row["wikidata_qid"].rstrip("?")]))
            graph.add((division, DCTERMS.isPartOf, nation))
            if row["capital_en"]:
                graph.add((division, CKG.seatOfGovernment, Literal(row["capital_en"], lang="en")))
            graph.add((division, PROV.wasDerivedFrom, reference))
    return types


def add_sources(graph: Graph, sources: dict[str, Source]) -> None:
    for source in sources.values():
        node = SOURCE[source.id]
        graph.add((node, RDF.type, CKG.SourceDocument))
        graph.add((node, RDFS.label, Literal(source.title, lang=source.language)))
        graph.add((node, DCTERMS.title, Literal(source.title, lang=source.language)))
        graph.add((node, DCTERMS.identifier, Literal(source.id)))
        graph.add((node, DCTERMS.publisher, Literal(source.publisher)))
        graph.add((node, DCTERMS.language, Literal(source.language, datatype=XSD.language)))
        graph.add((node, CKG.sha256, Literal(source.sha256)))
        if source.url:
            graph.add((node, DCTERMS.source, URIRef(source.url)))
        if source.origin:
            graph.add((node, DCTERMS.bibliographicCitation, Literal(source.origin, lang="en")))
        if source.date:
            graph.add((node, DCTERMS.date, Literal(source.date.isoformat(), datatype=XSD.date)))
        elif source.year:
            graph.add((node, DCTERMS.date, Literal(str(source.year), datatype=XSD.gYear)))
        if source.note:
            graph.add((node, SKOS.editorialNote, Literal(source.note, lang="en")))


def load_records(layout: DataLayout, sources: dict[str, Source] | None = None
                 ) -> tuple[list[Record], list[Problem], set[str]]:
    """Every record file's records and problems, and the ids left out for a wrong type;
    with the manifest's ``sources``, a source that no readable record file curates is a
    problem (its file was deleted, or its ``source:`` changed)."""
    records: list[Record] = []
    problems: list[Problem] = []
    untyped: set[str] = set()
    curated: set[str] = set()
    unreadable = False
    for path in sorted(layout.records_dir.glob("*.yaml")):
        record_file, found = parse_record_file(path, display_path(path))
        problems += found
        if record_file is not None:
            records += record_file.records
            untyped |= record_file.untyped
            curated.add(record_file.source)
        else:
            unreadable = True
    if sources is not None and not unreadable:
        for source in sources.values():
            if source.id not in curated:
                problems.append(Problem(source.path, source.line, "id",
                                        f"no record file in {display_path(layout.records_dir)} "
                                        f"curates source '{source.id}' (was its file "
                                        "deleted?)"))
    return records, problems, untyped


class _RecordCompiler:
    """Turns records into triples, collecting typed problems on the way."""

    def __init__(self, compilation: Compilation, types: dict[str, str],
                 concepts: dict[str, set[str]], untyped: set[str] = frozenset(),
                 unscheduled: set[URIRef] = frozenset()):
        self.c = compilation
        self.types = types
        self.concepts = concepts
        self.untyped = untyped  # ids of records left out for an unknown type
        self.unscheduled = unscheduled  # concepts without skos:inScheme

    def consequence(self, record: Record, name: str) -> None:
        """A value left out because of a problem already reported elsewhere."""
        self.c.consequences.add((record.id, name))

    def problem(self, record: Record, name: str, message: str, line: int | None = None) -> None:
        self.c.problems.append(Problem(record.path, line or record.line_of(name), name, message,
                                       record.id))

    def compile(self, record: Record) -> None:
        graph = self.c.graph
        subject = entity_iri(record.id)
        self.c.entity_origins[subject] = (record.path, record.line)
        graph.add((subject, RDF.type, class_iri(record.type)))
        self.c.origins[(subject, RDF.type)] = (record.path, record.line_of("type"), "type")
        fields = fields_for(record.type)
        emitted: dict[str, URIRef] = {}
        literals: dict[str, list] = {}
        for name, value in record.values.items():
            spec = fields[name]
            if name in CURATOR_TEXT_NAMES:
                continue
            literals[name] = self.objects(record, spec, value)
            for obj in literals[name]:
                graph.add((subject, spec.predicate, obj))
            self.c.origins[(subject, spec.predicate)] = (record.path, record.line_of(name), name)
            emitted[name] = spec.predicate
        for name in sorted(CURATOR_TEXT_NAMES & set(record.values)):
            spec = fields[name]
            for obj in self.curator_texts(record, spec, record.values[name], literals):
                graph.add((subject, spec.predicate, obj))
            self.c.origins[(subject, spec.predicate)] = (record.path, record.line_of(name), name)
        # A quote without `supports` backs every field but the curator's own texts.
        quoted = [name for name in emitted if name not in wholly_curator_texts(record.values)]
        has_period = record.type in DOCUMENT_TYPES and self.add_period(record, subject)
        spans: dict[tuple[int, int], str] = {}
        for evidence in record.evidence:
            node = evidence_iri(record.id, evidence.start, evidence.end)
            # The IRI names the record and the offsets only: two sources quoted at the same
            # offsets for one record would merge into one node with two sources.
            first_source = spans.setdefault((evidence.start, evidence.end), evidence.source)
            if first_source != evidence.source:
                self.problem(record, "evidence", f"quotes from '{first_source}' and "
                             f"'{evidence.source}' at the same offsets {evidence.start}-"
                             f"{evidence.end}; quote one more or one fewer word of either",
                             evidence.line)
                continue
            graph.add((subject, PROV.wasDerivedFrom, node))
            graph.add((node, RDF.type, CKG.Evidence))
            graph.add((node, RDFS.label, Literal(f"evidence for {record.id} at "
                                                 f"{evidence.start}-{evidence.end}", lang="en")))
            graph.add((node, CKG.source, SOURCE[evidence.source]))
            graph.add((node, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
            graph.add((node, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))
            graph.add((node, OA.exact, Literal(evidence.quote)))
            # Every named field becomes ckg:supportsProperty, even one the record lacks or
            # only the curator wrote: the quality rule supports-name-stated-facts reports it.
            supported = evidence.supports or tuple(quoted)
            for name in supported:
                if name in fields:
                    graph.add((node, CKG.supportsProperty, fields[name].predicate))
            if has_period and "start_year" in supported:
                graph.add((node, CKG.supportsProperty, DCTERMS.temporal))
            where = (record.path, evidence.line, "evidence")
            self.c.origins[(node, CKG.source)] = where
            self.c.origins[(node, OA.exact)] = where
            if evidence.source not in self.c.sources:
                self.problem(record, "evidence", f"unknown source '{evidence.source}' "
                             "(not in graph/sources.yaml)", evidence.line)

    def add_period(self, record: Record, subject: URIRef) -> bool:
        start, end = record.values.get("start_year"), record.values.get("end_year")
        if not (isinstance(start, int) and isinstance(end, int)):
            return False
        graph = self.c.graph
        period = ID[f"period/{start}-{end}"]
        graph.add((subject, DCTERMS.temporal, period))
        graph.add((period, RDF.type, TIME.ProperInterval))
        graph.add((period, RDFS.label, Literal(f"{start}–{end}", lang="en")))
        graph.add((period, RDFS.label, Literal(f"{start}—{end}年", lang="zh")))
        for year, link in ((start, TIME.hasBeginning), (end, TIME.hasEnd)):
            instant = ID[f"year/{year}"]
            graph.add((period, link, instant))
            graph.add((instant, RDF.type, TIME.Instant))
            graph.add((instant, RDFS.label, Literal(str(year), lang="en")))
            graph.add((instant, RDFS.label, Literal(f"{year}年", lang="zh")))
            graph.add((instant, TIME.inXSDgYear, Literal(str(year), datatype=XSD.gYear)))
        return True

    def curator_texts(self, record: Record, spec: Field, value: Any,
                      literals: dict[str, list]) -> list[Literal]:
        """The literals a `translated` / `identified` marker names, checked against the record."""
        if not isinstance(value, list) or not value:
            self.problem(record, spec.name, "expected a list of text fields, such as "
                         "[label.zh, title.zh]")
            return []
        fields = fields_for(record.type)
        result: list[Literal] = []
        for index, entry in enumerate(value):
            line = record.line_of(f"{spec.name}[{index}]")
            if not isinstance(entry, str):
                self.problem(record, spec.name, f"expected a text field such as label.zh, got "
                             f"{entry!r}", line)
                continue
            name, lang = split_text_ref(entry)
            target = fields.get(name)
            if target is None or target.kind not in TEXT_KINDS or name == "note":
                texts = sorted(n for n, f in fields.items() if f.kind in TEXT_KINDS
                               and n != "note")
                self.problem(record, spec.name, f"'{entry}': {name} is not a text field of "
                             f"this {record.type}; use one of {', '.join(texts)}", line)
            elif name not in record.values:
                self.problem(record, spec.name, f"'{entry}': the record has no {name}", line)
            elif lang is not None and lang not in text_languages(record.values[name]):
                self.problem(record, spec.name, f"'{entry}': {name} has no '{lang}' text", line)
            else:
                result += [obj for obj in literals.get(name, [])
                           if lang is None or obj.language == lang]
        return result

    def objects(self, record: Record, spec: Field, value: Any) -> list:
        if spec.kind == "texts":
            if not isinstance(value, list):
                self.problem(record, spec.name, "expected a list of labels")
                return []
            result = []
            for index, item in enumerate(value):
                line = record.line_of(f"{spec.name}[{index}]")
                result += self.text(record, spec.name, item, line)
            return result
        if spec.kind == "text":
            return self.text(record, spec.name, value, record.line_of(spec.name))
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not spec.many:
            self.problem(record, spec.name, "expected a single value, not a list")
            return []
        result = []
        for index, item in enumerate(values):
            line = record.line_of(f"{spec.name}[{index}]") if isinstance(value, list) \
                else record.line_of(spec.name)
            obj = self.scalar(record, spec, item, line)
            if obj is not None:
                result.append(obj)
        return result

    def text(self, record: Record, name: str, value: Any, line: int) -> list[Literal]:
        if isinstance(value, str) and value.strip():
            return [Literal(value.strip(), lang="en")]
        if isinstance(value, dict) and value:
            result = []
            previous = None
            for lang, text in value.items():
                if lang not in LANGUAGES and text is None and previous is not None:
                    # YAML reads {en: a, b} as {en: a, b: null}: the comma ended the text.
                    self.problem(record, name, f"unknown language '{lang}': an unquoted comma "
                                 "ends the text inside {...}; quote the text, as in "
                                 f"{{{previous[0]}: '{previous[1]}, {lang}'}}", line)
                elif lang not in LANGUAGES:
                    self.problem(record, name, f"unknown language '{lang}'; use "
                                 f"{' or '.join(LANGUAGES)}", line)
                elif not isinstance(text, str) or not text.strip():
                    self.problem(record, name, f"expected text for '{lang}', got {text!r}", line)
                else:
                    result.append(Literal(text.strip(), lang=lang))
                previous = (lang, text)
            return result
        self.problem(record, name, f"expected text or a map of en/zh texts, got {value!r}", line)
        return []

    def date(self, record: Record, name: str, item: Any, line: int) -> Literal | None:
        """A calendar date; YAML reads an unquoted 2021-04-29 as a date already."""
        if isinstance(item, str):
            with contextlib.suppress(ValueError):
                item = dt.date.fromisoformat(item)
        if isinstance(item, dt.datetime) or not isinstance(item, dt.date) \
                or not 1900 <= item.year <= 2100:
            self.problem(record, name, f"expected a date YYYY-MM-DD (1900-2100), got {item!r}; "
                         "leave the field out when the source gives no full date", line)
            return None
        return Literal(item.isoformat(), datatype=XSD.date)

    def scalar(self, record: Record, spec: Field, item: Any, line: int):
        name = spec.name
        if spec.kind == "year":
            if isinstance(item, bool) or not isinstance(item, int) or not 1900 <= item <= 2100:
                self.problem(record, name, f"expected a year (integer 1900-2100), got {item!r}",
                             line)
                return None
            return Literal(item, datatype=XSD.integer)
        if spec.kind == "date":
            return self.date(record, name, item, line)
        if spec.kind in ("int", "nonneg_int"):
            if isinstance(item, bool) or not isinstance(item, int) or (
                    spec.kind == "nonneg_int" and item < 0):
                wanted = "a non-negative integer" if spec.kind == "nonneg_int" else "an integer"
                self.problem(record, name, f"expected {wanted}, got {item!r}", line)
                return None
            datatype = XSD.nonNegativeInteger if spec.kind == "nonneg_int" else XSD.integer
            return Literal(item, datatype=datatype)
        if spec.kind == "decimal":
            try:
                if isinstance(item, bool) or not isinstance(item, int | float | Decimal):
                    raise InvalidOperation
                number = item if isinstance(item, Decimal) else Decimal(str(item))
            except InvalidOperation:
                self.problem(record, name, f"expected a number, got {item!r}", line)
                return None
            return decimal_literal(number)
        if not isinstance(item, str):
            self.problem(record, name, f"expected an id, got {item!r}", line)
            return None
        if spec.kind == "concept":
            if concept_iri(spec.targets, item) in self.unscheduled:
                self.consequence(record, name)  # reported at the vocabulary file
                return None
            if item not in self.concepts.get(spec.targets, set()):
                self.problem(record, name, f"unknown term '{item}' in vocabulary "
                             f"'{spec.targets}' (ontology/vocab/{spec.targets}.ttl)", line)
                return None
            return concept_iri(spec.targets, item)
        target_type = self.types.get(item)
        if target_type is None and item in self.untyped:
            self.consequence(record, name)  # its type is reported, once
            return None
        if target_type is None:
            self.problem(record, name, f"unknown reference '{item}': no record or division "
                         "has this id", line)
            return None
        if not ref_allows(spec.targets, target_type):
            self.problem(record, name, f"'{item}' is a {target_type}; expected a "
                         f"{spec.targets.replace('|', ' or ')}", line)
            return None
        return entity_iri(item)


def compile_graph(layout: DataLayout | None = None) -> Compilation:
    """Everything into one graph; problems are collected in ``Compilation.problems``."""
    layout = layout or data_layout()
    graph = Graph()
    bind_prefixes(graph)
    graph.parse(layout.ontology, format="turtle")
    vocab_graph, concepts = load_vocabularies(layout)
    graph += vocab_graph
    sources, problems = load_manifest(layout.sources_manifest,
                                      display_path(layout.sources_manifest))
    compilation = Compilation(graph, {}, sources, problems=list(problems))
    add_sources(graph, sources)
    types = load_divisions(layout, graph)
    compilation.problems += check_vocabularies(layout)
    records, problems, untyped = load_records(layout, sources)
    compilation.problems += problems
    for record in records:
        if record.id in types or record.id in compilation.records:
            first = compilation.records.get(record.id)
            where = f"{first.path}:{first.line}" if first else "the reference divisions"
            compilation.problems.append(Problem(record.path, record.line_of("id"), "id",
                                                f"duplicate id '{record.id}' (first defined "
                                                f"in {where})"))
            continue
        types[record.id] = record.type
        compilation.records[record.id] = record
    assert set(types.values()) <= ALL_TYPES
    unscheduled = {concept for concept in vocab_graph.subjects(RDF.type, SKOS.Concept)
                   if (concept, SKOS.inScheme, None) not in vocab_graph}
    compiler = _RecordCompiler(compilation, types, concepts, untyped, unscheduled)
    for record in compilation.records.values():
        compiler.compile(record)
    return compilation
