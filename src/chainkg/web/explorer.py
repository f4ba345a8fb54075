"""The linked-data explorer: a page for every IRI of the graph, the overview map, the
timelines and the ontology reference, as pure functions of the built graph.

Every IRI under ``https://w3id.org/chainkg/`` has a local path (``id/CN-SD``,
``vocab/technology/robot``, ``source/…``, ``ontology``): the server answers it with HTML,
Turtle, N-Triples or JSON-LD (``Accept`` or a ``.ttl``/``.nt``/``.jsonld`` extension) and
``chainkg site`` writes the same pages as static files. Pages are rendered with Jinja2
(autoescaped) from ``templates/``; nothing on a page loads anything from elsewhere.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS

from ..core.namespaces import BASE, CKG, ID, OA, SOURCE, VOCAB, bind_prefixes

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = {"ttl": "text/turtle", "nt": "application/n-triples",
           "jsonld": "application/ld+json", "html": "text/html"}
ACCEPT = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
          "text/html": "html", "application/xhtml+xml": "html"}
ONTOLOGY = URIRef(BASE + "ontology")
DIVISION_TYPES = (CKG.ProvincialDivision, CKG.Nation)
DOCUMENT = CKG.PolicyDocument
CHAIN_CHIEF = VOCAB["policy-instrument/chain-chief-system"]
COMPOSITION = VOCAB["quantity-kind/composition"]
COUNTS_CHAINS = VOCAB["target-kind/industrial-chain"]
FOCUS_MAX = 12
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)


def choose_format(accept: str) -> str:
    """The format an ``Accept`` header prefers among HTML and the RDF syntaxes (HTML if none)."""
    ranked = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        weight = 1.0
        for piece in pieces[1:]:
            if piece.startswith("q="):
                try:
                    weight = float(piece[2:])
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranked.append((-weight, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        if media in ACCEPT:
            return ACCEPT[media]
    return "html"


def split_extension(path: str) -> tuple[str, str | None]:
    """``id/CN-SD.ttl`` → (``id/CN-SD``, ``ttl``); a path without a known extension is kept."""
    stem, dot, ext = path.rpartition(".")
    if dot and ext in ("ttl", "nt", "jsonld", "html") and "/" not in ext:
        return stem, ext
    return path, None


def local_path(node) -> str | None:
    """The explorer path of an IRI of this project (``id/CN-SD``), None for other IRIs."""
    text = str(node)
    if not isinstance(node, URIRef) or not text.startswith(BASE):
        return None
    rest = text[len(BASE):]
    if rest.startswith("ontology"):
        return "ontology" + ("#" + rest.split("#", 1)[1] if "#" in rest else "")
    return rest


@dataclass
class Linker:
    """Links from one page: absolute paths on the server, relative file paths in a site.

    A standalone file (``chainkg view``'s overview) names in ``targets`` the few paths it
    can reach (its own sections, the graph view beside it); every other path gets no link
    (``""``), so that the file has no link that leads nowhere offline.
    """

    here: str
    static: bool
    targets: dict[str, str] | None = None

    @property
    def standalone(self) -> bool:
        return self.targets is not None

    def file(self, path: str) -> str:
        if path.endswith((".ttl", ".nt", ".jsonld")):
            return path
        return "index.html" if path == "" else f"{path}/index.html"

    def href(self, path: str) -> str:
        if self.targets is not None:
            return self.targets.get(path, "")
        path, _, anchor = path.partition("#")
        suffix = f"#{anchor}" if anchor else ""
        if not self.static:
            return "/" + quote(path) + suffix
        here_dir = posixpath.dirname(self.file(self.here))
        if path == self.here and anchor:
            return suffix
        return quote(posixpath.relpath(self.file(path), here_dir or ".")) + suffix


@dataclass
class Page:
    """A rendered page or data file: its media type and bytes."""

    media: str
    body: bytes


class Explorer:
    """Pages of one built graph; every method is a pure function of the graph."""

    def __init__(self, graph: Graph, digest: str):
        self.graph = Graph()
        bind_prefixes(self.graph)
        # Sorted, so that everything that walks the graph meets triples in one order.
        for triple in sorted(graph):
            self.graph.add(triple)
        # Named queries run on the graph as given (Oxigraph from KnowledgeGraph.load, where
        # the chain model's queries take milliseconds; rdflib's engine takes minutes).
        self.query_graph = graph
        self.digest = digest
        self.env = Environment(loader=FileSystemLoader(TEMPLATES),
                               autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.globals["shade"] = shade

    @classmethod
    def from_kg(cls, kg) -> Explorer:
        """From a ``KnowledgeGraph``; the ETag digest covers the build and the page code."""
        digest = hashlib.sha256()
        nt = kg.build_dir / "chainkg.nt" if kg.build_dir is not None else None
        if nt is not None and nt.is_file():
            digest.update(nt.read_bytes())
        else:
            digest.update(kg.graph.serialize(format="nt").encode("utf-8"))
        for source in sorted([Path(__file__), Path(__file__).with_name("geo.py"),
                              *TEMPLATES.glob("*.html")]):
            digest.update(source.read_bytes())
        return cls(kg.graph, digest.hexdigest()[:20])

    # --- labels and terms -------------------------------------------------------------

    def label(self, node, lang: str = "en") -> str:
        if isinstance(node, Literal):
            return str(node)
        found = None
        for predicate in LABEL_PREDICATES:
            for value in sorted(self.graph.objects(node, predicate)):
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
                if found is None and isinstance(value, Literal) and lang == "en" \
                        and value.language is None:
                    found = str(value)
        if found is not None:
            return found
        if lang != "en":
            return ""
        return self.graph.namespace_manager.normalizeUri(node) if isinstance(node, URIRef) \
            else str(node)

    def link(self, node, linker: Linker) -> dict:
        """What a template needs to show a node: text, zh text, href (None for literals)."""
        if isinstance(node, Literal):
            return {"text": str(node), "zh": "", "href": None,
                    "lang": node.language or None}
        path = local_path(node)
        # Outside links too are left out of a standalone file: it works with no network.
        external = "" if linker.standalone else str(node)
        href = linker.href(path) if path is not None else external
        return {"text": self.label(node), "zh": self.label(node, "zh"), "href": href,
                "lang": None, "external": path is None}

    def types(self, node) -> list[URIRef]:
        return sorted(t for t in self.graph.objects(node, RDF.type) if isinstance(t, URIRef))

    def is_a(self, node, cls: URIRef) -> bool:
        return any(t == cls or (t, RDFS.subClassOf, cls) in self.graph
                   or self._superclass(t, cls) for t in self.graph.objects(node, RDF.type))

    def _superclass(self, cls, target, seen=None) -> bool:
        seen = seen or set()
        for parent in self.graph.objects(cls, RDFS.subClassOf):
            if parent == target:
                return True
            if parent not in seen:
                seen.add(parent)
                if self._superclass(parent, target, seen):
                    return True
        return False

    # --- which pages exist -------------------------------------------------------------

    @cached_property
    def resources(self) -> list[URIRef]:
        """Every IRI of this project that the graph describes, except ontology terms."""
        found = set()
        for subject in self.graph.subjects():
            path = local_path(subject)
            if path is not None and not path.startswith("ontology") \
                    and not path.startswith(".well-known"):
                found.add(subject)
        return sorted(found)

    def resource_for(self, path: str) -> URIRef | None:
        node = URIRef(BASE + path)
        if (node, None, None) in self.graph and not path.startswith("ontology"):
            return node
        return None

    # --- RDF descriptions --------------------------------------------------------------

    def description(self, node: URIRef) -> Graph:
        """The node's own triples and those of its evidence spans."""
        sub = Graph()
        for triple in self.graph.triples((node, None, None)):
            sub.add(triple)
        for evidence in self.graph.objects(node, PROV.wasDerivedFrom):
            for triple in self.graph.triples((evidence, None, None)):
                sub.add(triple)
        return sub

    def ontology_graph(self) -> Graph:
        sub = Graph()
        for subject in set(self.graph.subjects()):
            if str(subject).startswith(BASE + "ontology") or \
                    str(subject).startswith(BASE + ".well-known/genid/"):
                for triple in self.graph.triples((subject, None, None)):
                    sub.add(triple)
        return sub

    def rdf(self, graph: Graph, fmt: str) -> Page:
        from ..build.serialize import serialize_all

        data = serialize_all(graph)
        name = {"ttl": "chainkg.ttl", "nt": "chainkg.nt", "jsonld": "chainkg.jsonld"}[fmt]
        return Page(FORMATS[fmt], data[name])

    # --- HTML --------------------------------------------------------------------------

    def render(self, template: str, linker: Linker, **context) -> Page:
        nav = [("", "Overview 概览"), ("timeline", "Timelines 时间线"),
               ("ontology", "Ontology 本体"), ("graph", "Full graph 全图")]
        html = self.env.get_template(template).render(
            linker=linker, href=linker.href, static=linker.static,
            standalone=linker.standalone,
            nav=[{"href": linker.href(p), "text": t, "current": p == linker.here}
                 for p, t in nav if linker.href(p)],
            **context)
        return Page("text/html", html.encode("utf-8"))

    def facts(self, node: URIRef, linker: Linker) -> list[dict]:
        """Each property of the node with its values and the evidence that supports it."""
        by_property: dict[URIRef, list[dict]] = defaultdict(list)
        spans = []
        for evidence in sorted(self.graph.objects(node, PROV.wasDerivedFrom)):
            if (evidence, RDF.type, CKG.Evidence) not in self.graph:
                continue      # derived from a whole table (the divisions), shown as a fact
            span = self.evidence(evidence, linker)
            spans.append(span)
            for prop in self.graph.objects(evidence, CKG.supportsProperty):
                by_property[prop].append(span)
        rows = []
        predicates = sorted(set(self.graph.predicates(node, None)))
        for predicate in predicates:
            values = sorted((v for v in self.graph.objects(node, predicate)
                             if predicate != PROV.wasDerivedFrom
                             or (v, RDF.type, CKG.Evidence) not in self.graph),
                            key=lambda v: (isinstance(v, Literal), self.label(v), str(v)))
            if not values:
                continue
            rows.append({"predicate": self.link(predicate, linker),
                         "curie": self.graph.namespace_manager.normalizeUri(predicate),
                         "values": [self.link(v, linker) for v in values],
                         "evidence": by_property.get(predicate, [])})
        return rows, spans

    def evidence(self, evidence: URIRef, linker: Linker) -> dict:
        source = self.graph.value(evidence, CKG.source)
        start = self.graph.value(evidence, OA.start)
        end = self.graph.value(evidence, OA.end)
        return {"quote": str(self.graph.value(evidence, OA.exact) or ""),
                "href": linker.href(local_path(evidence)),
                "source": self.link(source, linker) if source is not None else None,
                "where": f"{start}–{end}"}

    def incoming(self, node: URIRef, linker: Linker, limit: int = 300) -> list[dict]:
        rows = []
        for subject, predicate in sorted(self.graph.subject_predicates(node)):
            if predicate == PROV.wasDerivedFrom or predicate == RDF.type:
                continue
            rows.append({"subject": self.link(subject, linker),
                         "predicate": self.link(predicate, linker)})
        return rows[:limit]

    def instances(self, node: URIRef, linker: Linker, limit: int = 300) -> list[dict]:
        return [self.link(s, linker) for s in sorted(self.graph.subjects(RDF.type, node))][:limit]

    def focus_svg(self, node: URIRef, linker: Linker) -> dict | None:
        """A small radial graph of the node's neighbours (no evidence spans, no literals)."""
        neighbours: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
        for predicate, obj in self.graph.predicate_objects(node):
            if isinstance(obj, URIRef) and predicate not in (RDF.type, PROV.wasDerivedFrom) \
                    and local_path(obj) is not None and not local_path(obj).startswith("ontology"):
                neighbours[obj].append(("out", self.label(predicate)))
        for subject, predicate in self.graph.subject_predicates(node):
            if predicate != PROV.wasDerivedFrom and local_path(subject) is not None \
                    and "/evidence/" not in str(subject):
                neighbours[subject].append(("in", self.label(predicate)))
        if not neighbours:
            return None
        chosen = sorted(neighbours, key=lambda n: (self.label(n), str(n)))[:FOCUS_MAX]
        width, height, radius = 640, 360, 140
        items = []
        for index, other in enumerate(chosen):
            angle = 2 * math.pi * index / len(chosen) - math.pi / 2
            x = round(width / 2 + radius * 1.7 * math.cos(angle), 1)
            y = round(height / 2 + radius * math.sin(angle), 1)
            text = self.label(other)
            edges = "; ".join(f"{'→' if d == 'out' else '←'} {p}"
                              for d, p in sorted(neighbours[other]))
            items.append({"x": x, "y": y, "text": text if len(text) <= 28 else text[:27] + "…",
                          "full": text, "edges": edges,
                          "href": linker.href(local_path(other))})
        return {"width": width, "height": height, "cx": width / 2, "cy": height / 2,
                "center": self.label(node), "nodes": items,
                "more": max(0, len(neighbours) - len(chosen))}

    def curator_note(self, node, text: str) -> str:
        """The marker's label ("curator's translation", "curator's identification") when the
        curator, not a source, wrote this label of the node; "" otherwise."""
        for marker in (CKG.curatorTranslation, CKG.curatorIdentification):
            if text and any(str(value) == text for value in self.graph.objects(node, marker)):
                return self.label(marker)
        return ""

    def resource_page(self, node: URIRef, linker: Linker) -> Page:
        facts, spans = self.facts(node, linker)
        path = local_path(node)
        context = {
            "title": self.label(node), "zh": self.label(node, "zh"), "iri": str(node),
            "title_by": self.curator_note(node, self.label(node)),
            "zh_by": self.curator_note(node, self.label(node, "zh")),
            "types": [self.link(t, linker) for t in self.types(node)],
            "facts": facts, "spans": spans,
            "incoming": self.incoming(node, linker),
            "focus": self.focus_svg(node, linker),
            "formats": [(ext, linker.href(f"{path}.{ext}")) for ext in ("ttl", "nt", "jsonld")],
            "profile": None, "quotes": None, "members": None,
        }
        if any(self.is_a(node, t) for t in DIVISION_TYPES):
            context["profile"] = self.profile(node, linker)
        if self.is_a(node, CKG.SourceDocument):
            context["quotes"] = self.source_quotes(node, linker)
        if (node, RDF.type, SKOS.ConceptScheme) in self.graph:
            context["members"] = [self.link(c, linker) for c in
                                  sorted(self.graph.subjects(SKOS.inScheme, node),
                                         key=lambda c: (self.label(c), str(c)))]
        return self.render("resource.html", linker, **context)

    def source_quotes(self, source: URIRef, linker: Linker) -> list[dict]:
        rows = []
        for evidence in self.graph.subjects(CKG.source, source):
            start = int(self.graph.value(evidence, OA.start) or 0)
            for entity in self.graph.subjects(PROV.wasDerivedFrom, evidence):
                rows.append((start, str(entity), {"entity": self.link(entity, linker),
                                                  **self.evidence(evidence, linker)}))
        return [row for _, _, row in sorted(rows, key=lambda r: (r[0], r[1]))]

    def select(self, name: str, **params) -> list[dict[str, str | None]]:
        """Rows of a named query of the library as dicts of text (None when unbound)."""
        from ..query import get_query, run

        result = run(self.query_graph, get_query(name), params)
        return [{n: (None if v is None else v[1]) for n, v in zip(result.variables, row,
                                                                 strict=True)}
                for row in result.rows]

    def _linked(self, iri: str | None, linker: Linker) -> dict | None:
        return self.link(URIRef(iri), linker) if iri else None

    def designated_chains(self, division: URIRef, linker: Linker) -> dict:
        """The chain model's answers for one division: designated chains, chiefs, masters."""
        code = str(self.graph.value(division, CKG.iso3166Code) or "")
        if not code or division == CN:
            return {"chains": [], "chiefs": [], "masters": []}
        chains = [{"chain": self._linked(r["chain"], linker), "level": r["level_label"] or "",
                   "industry": self._linked(r["industry"], linker),
                   "document": self._linked(r["document"], linker),
                   "evidence": self.supporting(URIRef(r["chain"]), RDFS.label, linker)}
                  for r in self.select("key-chains", province=code)]
        chiefs = [{"post": self._linked(r["post"], linker), "role": r["role_label"] or "",
                   "chain": self._linked(r["chain"], linker),
                   "holder": self._linked(r["holder"], linker),
                   "ex_officio": self._linked(r["ex_officio"], linker),
                   "evidence": self.supporting(URIRef(r["post"]), RDFS.label, linker)}
                  for r in self.select("chain-chiefs", province=code)]
        masters = [{"chain": self._linked(r["chain"], linker),
                    "enterprise": self._linked(r["enterprise"], linker),
                    "evidence": self.supporting(URIRef(r["chain"]), CKG.chainMaster, linker)}
                   for r in self.select("chain-masters", province=code)]
        return {"chains": chains, "chiefs": chiefs, "masters": masters}

    # --- province profile --------------------------------------------------------------

    def items_of(self, division: URIRef) -> set[URIRef]:
        return set(self.graph.subjects(CKG.jurisdiction, division)) | \
            set(self.graph.subjects(CKG.locatedIn, division))

    def year_of(self, node: URIRef) -> int | None:
        """A document's year: its start year, else the year of its earliest source."""
        for predicate in (DCTERMS.issued, CKG.startYear):
            value = self.graph.value(node, predicate)
            if value is not None:
                return int(str(value)[:4])
        years = [int(str(d)[:4]) for e in self.graph.objects(node, PROV.wasDerivedFrom)
                 for s in self.graph.objects(e, CKG.source)
                 for d in self.graph.objects(s, DCTERMS.date)]
        return min(years) if years else None

    def supporting(self, node: URIRef, prop: URIRef, linker: Linker) -> dict | None:
        """The first evidence span that supports one property of a node."""
        for evidence in sorted(self.graph.objects(node, PROV.wasDerivedFrom)):
            if (evidence, CKG.supportsProperty, prop) in self.graph:
                return self.evidence(evidence, linker)
        spans = sorted(self.graph.objects(node, PROV.wasDerivedFrom))
        return self.evidence(spans[0], linker) if spans else None

    def target_row(self, target: URIRef, linker: Linker) -> dict:
        def concept(prop):
            value = self.graph.value(target, prop)
            return self.label(value) if value is not None else ""

        value = self.graph.value(target, CKG.targetValue)
        low, high = self.graph.value(target, CKG.minValue), self.graph.value(target, CKG.maxValue)
        if value is not None:
            figure = f"{concept(CKG.comparator)} {_number(value)} {concept(CKG.unit)}".strip()
        elif low is not None or high is not None:
            figure = f"{_number(low) if low is not None else '…'}–" \
                     f"{_number(high) if high is not None else '…'} {concept(CKG.unit)}"
        else:
            figure = ""
        deadline = self.graph.value(target, CKG.deadlineYear)
        return {"target": self.link(target, linker), "figure": figure.strip(),
                "counted": concept(CKG.countedKind),
                "deadline": int(deadline) if deadline is not None else None,
                "evidence": self.supporting(target, CKG.targetValue if value is not None
                                            else CKG.deadlineYear, linker)}

    def profile(self, division: URIRef, linker: Linker) -> dict:
        items = self.items_of(division)
        documents = sorted(((self.year_of(d), self.label(d), d) for d in items
                            if self.is_a(d, DOCUMENT)), key=lambda r: (r[0] or 0, r[1], r[2]))
        targets = [self.target_row(t, linker) for t in sorted(items)
                   if self.is_a(t, CKG.Target)]
        targets.sort(key=lambda r: (r["deadline"] or 9999, r["target"]["text"]))
        strategies = defaultdict(list)
        for document in items:
            for strategy in self.graph.objects(document, CKG.chainStrategy):
                strategies[strategy].append(document)
        chains = [{"strategy": self.link(s, linker),
                   "documents": [self.link(d, linker) for d in sorted(docs)],
                   "evidence": self.supporting(sorted(docs)[0], CKG.chainStrategy, linker)}
                  for s, docs in sorted(strategies.items())]
        chiefs = [{"item": self.link(m, linker),
                   "evidence": self.supporting(m, CKG.usesInstrument, linker)}
                  for m in sorted(items) if (m, CKG.usesInstrument, CHAIN_CHIEF) in self.graph]
        clusters = [self.link(c, linker) for c in sorted(items)
                    if self.is_a(c, CKG.IndustrialCluster)]
        # "the first batch of 12 key industrial chains": a number of designated chains that
        # the source states without naming them (the chains are no records of their own).
        stated = [{"observation": self.link(o, linker),
                   "count": int(self.graph.value(o, CKG.observedValue).toPython()),
                   "evidence": self.supporting(o, CKG.observedValue, linker)}
                  for o in sorted(items)
                  if (o, CKG.quantityKind, COMPOSITION) in self.graph
                  and (o, CKG.countedKind, COUNTS_CHAINS) in self.graph
                  and self.graph.value(o, CKG.observedValue) is not None]
        posts = []
        for organisation in sorted(items):
            for post in sorted(self.graph.subjects(ORG.postIn, organisation)):
                for person in self.graph.objects(post, ORG.heldBy):
                    posts.append({"post": self.link(post, linker),
                                  "person": self.link(person, linker),
                                  "organisation": self.link(organisation, linker)})
        national = self.national_technologies()
        local = defaultdict(set)
        for item in items:
            for technology in self.graph.objects(item, CKG.targetsTechnology):
                local[technology].add(item)
        technologies = [{"technology": self.link(t, linker), "items": len(local[t]),
                         "divisions": len(national.get(t, ())),
                         "national": CN in national.get(t, ())}
                        for t in sorted(local, key=lambda t: (-len(local[t]), self.label(t)))]
        sources = sorted({s for i in items for e in self.graph.objects(i, PROV.wasDerivedFrom)
                          for s in self.graph.objects(e, CKG.source)})
        return {
            "documents": [{"year": y, "document": self.link(d, linker),
                           "type": self.link(self.types(d)[0], linker),
                           "evidence": self.supporting(d, RDFS.label, linker)}
                          for y, _, d in documents],
            "targets": targets, "chains": chains, "chiefs": chiefs, "clusters": clusters,
            "stated": stated, "designated": self.designated_chains(division, linker),
            "posts": posts, "technologies": technologies,
            "sources": [self.link(s, linker) for s in sources],
            "national_divisions": len({d for ds in national.values() for d in ds} - {CN}),
        }

    @cached_property
    def _national(self) -> dict[URIRef, set[URIRef]]:
        result: dict[URIRef, set[URIRef]] = defaultdict(set)
        for item, technology in self.graph.subject_objects(CKG.targetsTechnology):
            for predicate in (CKG.jurisdiction, CKG.locatedIn):
                for division in self.graph.objects(item, predicate):
                    if any(self.is_a(division, t) for t in DIVISION_TYPES):
                        result[technology].add(division)
        return dict(result)

    def national_technologies(self) -> dict[URIRef, set[URIRef]]:
        """For each technology, the divisions (and CN) that target it."""
        return self._national

    # --- overview, timelines, ontology ------------------------------------------------

    def divisions(self) -> list[URIRef]:
        return sorted(self.graph.subjects(RDF.type, CKG.ProvincialDivision)) + \
            [d for d in [CN] if (d, None, None) in self.graph]

    def division_counts(self, division: URIRef) -> dict[str, int]:
        items = self.items_of(division)
        return {"documents": sum(1 for i in items if self.is_a(i, DOCUMENT)),
                "targets": sum(1 for i in items if self.is_a(i, CKG.Target)),
                "chains": len({s for i in items for s in self.graph.objects(i, CKG.chainStrategy)})
                + sum(1 for i in items if self.is_a(i, CKG.IndustrialCluster)),
                "items": len(items)}

    def overview_page(self, linker: Linker) -> Page:
        return self.render("overview.html", linker, **self.overview(linker))

    def standalone_overview(self, graph_file: str | None = None,
                            title: str | None = None) -> Page:
        """The overview as one offline file: the map and the matrix, and below them the
        profile of every division that has something in the graph, where the map and the
        tables link to; ``graph_file``, when given, is the full graph view's file name
        beside it (the "Full graph" link). Nothing else is linked: the file has no link
        that leads nowhere when it is opened from disk."""
        with_items = [d for d in self.divisions() if self.division_counts(d)["items"]]
        anchors = {local_path(d): "profile-" + local_path(d).rsplit("/", 1)[-1]
                   for d in with_items}
        targets = {"": "#main", **{path: f"#{anchor}" for path, anchor in anchors.items()}}
        if graph_file:
            targets["graph"] = quote(graph_file)
        linker = Linker("", static=True, targets=targets)
        context = self.overview(linker)
        if title:
            context["title"] = title
        context["profiles"] = [
            {"anchor": anchors[local_path(d)], "division": self.link(d, linker),
             "counts": self.division_counts(d), "profile": self.profile(d, linker)}
            for d in with_items]
        return self.render("overview.html", linker, **context)

    def overview(self, linker: Linker) -> dict:
        """What the overview shows: the map's shapes and shades, the division ×
        strategy/technology matrix and the counts of every division."""
        from .geo import china_map

        shapes = china_map()
        rows = []
        by_zh = {}
        for division in self.divisions():
            counts = self.division_counts(division)
            entry = {"division": self.link(division, linker),
                     "code": str(self.graph.value(division, CKG.iso3166Code) or ""),
                     **counts}
            rows.append(entry)
            by_zh[self.label(division, "zh")] = entry
        top = {key: max([r[key] for r in rows] + [1]) for key in ("documents", "targets",
                                                                  "chains", "items")}
        regions = []
        for name in sorted(shapes.paths):
            entry = by_zh.get(name)
            regions.append({"d": shapes.paths[name], "entry": entry, "name": name,
                            "x": shapes.centroids[name][0], "y": shapes.centroids[name][1]})
        strategies = sorted(self.graph.subjects(SKOS.inScheme, VOCAB["chain-strategy"]))
        top_technologies = sorted(self.graph.subjects(SKOS.topConceptOf, VOCAB["technology"]),
                                  key=lambda t: self.label(t))
        matrix_rows = []
        for row in sorted((r for r in rows if r["items"]),
                          key=lambda r: (-r["items"], r["division"]["text"])):
            division = URIRef(BASE + "id/" + row["code"]) if row["code"] else None
            if division is None:
                continue
            items = self.items_of(division)
            strategy_cells = [sum(1 for i in items if (i, CKG.chainStrategy, s) in self.graph)
                              for s in strategies]
            technology_cells = []
            for top_concept in top_technologies:
                technology_cells.append(sum(1 for i in items for t in self.graph.objects(
                    i, CKG.targetsTechnology) if self._under(t, top_concept)))
            matrix_rows.append({"division": row["division"], "strategies": strategy_cells,
                                "technologies": technology_cells})
        shown = [i for i, t in enumerate(top_technologies)
                 if any(r["technologies"][i] for r in matrix_rows)]
        for row in matrix_rows:
            row["technologies"] = [row["technologies"][i] for i in shown]
        return dict(
            title="chainkg: Chinese industrial-chain policy", profiles=[], shapes=shapes,
            regions=regions, top=top, rows=rows, matrix=matrix_rows,
            strategies=[self.link(s, linker) for s in strategies],
            technologies=[self.link(top_technologies[i], linker) for i in shown],
            totals=self.totals())

    def totals(self) -> dict[str, int]:
        """The figures of ``chainkg stats`` (the graph-summary query), so that the landing
        page and the coverage report never disagree."""
        from ..query.execute import select_frame

        summary = select_frame(self.graph, "graph-summary").iloc[0]
        totals = {key: int(summary[key]) for key in (
            "documents", "chains", "quantified_targets", "divisions_covered")}
        totals["divisions"] = len(set(self.graph.subjects(RDF.type, CKG.ProvincialDivision)))
        return totals

    def _under(self, concept: URIRef, top: URIRef) -> bool:
        seen = set()
        stack = [concept]
        while stack:
            current = stack.pop()
            if current == top:
                return True
            seen.add(current)
            stack.extend(p for p in self.graph.objects(current, SKOS.broader) if p not in seen)
        return False

    def timeline_page(self, linker: Linker) -> Page:
        diffusion: dict[str, dict] = {}
        years: set[int] = set()
        for cell in self.select("policy-diffusion"):
            instrument = URIRef(cell["instrument"])
            year = int(cell["first_year"])
            years.add(year)
            evidence = URIRef(cell["first_evidence"])
            entry = diffusion.setdefault(str(instrument), {
                "instrument": self.link(instrument, linker), "years": defaultdict(list)})
            entry["years"][year].append({
                "division": self.link(URIRef(cell["province"]), linker),
                "items": int(cell["items"]), "evidence": self.evidence(evidence, linker)})
        # The chain-chief row comes from the chain model's own adoption query, which also
        # counts chief posts and chains with a chief, dated by issue date when stated.
        adoption = self.select("chain-chief-adoption")
        if adoption:
            entry = {"instrument": self.link(CHAIN_CHIEF, linker), "years": defaultdict(list)}
            for row in adoption:
                year = int(str(row["since"])[:4])
                years.add(year)
                first = URIRef(row["first_item"])
                entry["years"][year].append({
                    "division": self.link(URIRef(row["province"]), linker),
                    "items": int(row["items"]),
                    "evidence": self.supporting(first, CKG.usesInstrument, linker)})
            diffusion[str(CHAIN_CHIEF)] = entry
        chain_first = str(CHAIN_CHIEF)
        ordered = sorted(diffusion.values(), key=lambda e: (
            e["instrument"]["href"] != linker.href(local_path(URIRef(chain_first))),
            e["instrument"]["text"]))
        due = defaultdict(list)
        for target in sorted(self.graph.subjects(RDF.type, CKG.QuantifiedTarget)):
            row = self.target_row(target, linker)
            division = self.graph.value(target, CKG.jurisdiction)
            row["division"] = self.link(division, linker) if division is not None else None
            due[row["deadline"]].append(row)
        for rows in due.values():
            rows.sort(key=lambda r: (r["division"]["text"] if r["division"] else "",
                                     r["target"]["text"]))
        documents = []
        for document in self.graph.subjects(RDF.type, None):
            if self.is_a(document, DOCUMENT) and local_path(document) is not None:
                division = self.graph.value(document, CKG.jurisdiction)
                documents.append({"year": self.year_of(document),
                                  "document": self.link(document, linker),
                                  "division": self.link(division, linker) if division else None})
        unique = {d["document"]["href"]: d for d in documents}
        documents = sorted(unique.values(), key=lambda d: (d["year"] or 0, d["document"]["text"]))
        return self.render(
            "timeline.html", linker, title="Timelines: policy diffusion and targets due",
            diffusion=[{**e, "years": {y: e["years"].get(y, []) for y in sorted(years)}}
                       for e in ordered],
            years=sorted(years),
            due=[(year, due[year]) for year in sorted(due, key=lambda y: (y is None, y or 0))],
            documents=documents)

    def ontology_page(self, linker: Linker) -> Page:
        classes, properties = [], []
        terms = sorted(s for s in set(self.graph.subjects())
                       if isinstance(s, URIRef) and str(s).startswith(str(CKG)))
        for term in terms:
            kinds = set(self.graph.objects(term, RDF.type))
            entry = {"id": str(term)[len(str(CKG)):], "iri": str(term),
                     "label": self.label(term), "zh": self.label(term, "zh"),
                     "definition": self._literal(term, SKOS.definition),
                     "comment": self._literal(term, RDFS.comment),
                     "parents": [self.link(p, linker) for p in
                                 sorted(self.graph.objects(term, RDFS.subClassOf))
                                 if isinstance(p, URIRef)]
                     + [self.link(p, linker) for p in
                        sorted(self.graph.objects(term, RDFS.subPropertyOf))],
                     "domain": [self.link(d, linker) for d in
                                sorted(self.graph.objects(term, RDFS.domain))
                                if isinstance(d, URIRef)],
                     "range": [self.link(r, linker) for r in
                               sorted(self.graph.objects(term, RDFS.range))
                               if isinstance(r, URIRef)]}
            if OWL.Class in kinds:
                entry["examples"] = [self.link(s, linker) for s in
                                     sorted(self.graph.subjects(RDF.type, term))[:3]]
                entry["count"] = len(set(self.graph.subjects(RDF.type, term)))
                classes.append(entry)
            elif kinds & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                          RDF.Property}:
                uses = sorted(self.graph.subject_objects(term))
                entry["examples"] = [{"subject": self.link(s, linker),
                                      "object": self.link(o, linker)} for s, o in uses[:3]]
                entry["count"] = len(uses)
                entry["kind"] = "object property" if OWL.ObjectProperty in kinds else \
                    "datatype property" if OWL.DatatypeProperty in kinds else "property"
                properties.append(entry)
        return self.render(
            "ontology.html", linker, title=self.label(ONTOLOGY), zh=self.label(ONTOLOGY, "zh"),
            description=self._literal(ONTOLOGY, DCTERMS.description), classes=classes,
            properties=properties,
            formats=[(ext, linker.href(f"ontology.{ext}")) for ext in ("ttl", "nt", "jsonld")])

    def _literal(self, node, predicate, lang: str = "en") -> str:
        values = sorted(self.graph.objects(node, predicate))
        for value in values:
            if isinstance(value, Literal) and value.language in (lang, None):
                return str(value)
        return ""

    # --- dispatch ----------------------------------------------------------------------

    def page(self, path: str, linker_static: bool = False, accept: str = "") -> Page | None:
        """The page at a path (no leading slash), or None. ``.ttl``/``.nt``/``.jsonld``
        extensions and the Accept header choose the syntax of an IRI's description."""
        stem, ext = split_extension(path.strip("/"))
        fmt = ext or choose_format(accept)
        linker = Linker(stem, linker_static)
        if stem == "":
            return self.overview_page(linker) if fmt == "html" else None
        if stem == "timeline":
            return self.timeline_page(linker) if fmt == "html" else None
        if stem == "ontology":
            return self.ontology_page(linker) if fmt == "html" else \
                self.rdf(self.ontology_graph(), fmt)
        node = self.resource_for(stem)
        if node is None:
            return None
        if fmt == "html":
            return self.resource_page(node, linker)
        return self.rdf(self.description(node), fmt)

    def paths(self) -> list[str]:
        """Every page path: the overview, timelines, ontology and one per IRI."""
        return ["", "timeline", "ontology", *(local_path(r) for r in self.resources)]


CN = ID["CN"]


def shade(value: int, top: int) -> str:
    """Map fill: light to dark blue by the square root of value/top (the page's script
    recomputes it the same way when the reader picks another measure)."""
    if not value:
        return "#f0f0f0"
    fraction = math.sqrt(value / top)
    low, high = (222, 235, 247), (8, 69, 148)
    return "rgb(" + ",".join(str(round(a + (b - a) * fraction + 1e-9))
                             for a, b in zip(low, high, strict=True)) + ")"


def _number(value) -> str:
    """A figure as people write it: 12, 1.5, 100,000,000,000."""
    try:
        number = float(str(value))
    except ValueError:
        return str(value)
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.6g}"


__all__ = ["Explorer", "Linker", "Page", "choose_format", "local_path", "split_extension",
           "SOURCE"]
