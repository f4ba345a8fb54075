"""Validate the compiled graph: SHACL shapes, quality rules, and quotes against sources."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH

from ..core.namespaces import ID
from ..core.paths import DataLayout, data_layout, display_path
from ..curation.duplicates import (
    DuplicateReport,
    duplicate_report,
    exact_duplicate_problems,
    load_distinct,
)
from ..curation.records import ABSENT_SUPPORTED, Problem
from ..curation.schema import fields_for
from ..curation.sources import locate, near_match, read_text, sha256_text
from .compile import Compilation, compile_graph

GRAPH_FILE = "(graph)"


def _field_name(compilation: Compilation, focus: URIRef, predicate: URIRef | None) -> str:
    if predicate is None:
        return "(record)"
    if predicate == PROV.wasDerivedFrom:
        return "evidence"
    record_id = str(focus).rsplit("/", 1)[-1]
    record = compilation.records.get(record_id)
    if record is not None:
        for name, spec in fields_for(record.type).items():
            if spec.predicate == predicate:
                return name
    return compilation.graph.namespace_manager.normalizeUri(predicate)


def _shacl_problem(compilation: Compilation, focus, path, message: str, value) -> Problem:
    """One SHACL result, located at the record's file and line (and field, with a path)."""
    if value is not None and value != focus:
        message += f" (value: {value})"
    predicate = path if isinstance(path, URIRef) else None
    name = _field_name(compilation, focus, predicate)
    where = compilation.origins.get((focus, predicate)) if predicate else None
    record_id = str(focus).removeprefix(str(ID))
    if where is not None:
        return Problem(where[0], where[1], where[2], message, record_id)
    if focus in compilation.entity_origins:
        file, line = compilation.entity_origins[focus]
        return Problem(file, line, name, message, record_id)
    label = compilation.graph.namespace_manager.normalizeUri(focus)
    return Problem(GRAPH_FILE, 0, name, f"{label}: {message}")


@dataclass
class SparqlCheck:
    """A SPARQL-based constraint of a node shape, run once over the whole graph."""

    shape: URIRef | BNode
    targets: list[URIRef]
    target_nodes: list[URIRef]
    select: str
    message: str


def split_sparql_constraints(shapes: Graph) -> tuple[Graph, list[SparqlCheck]]:
    """Take the SPARQL-based constraints of node shapes out of the shapes graph.

    pySHACL (0.26) parses a constraint's query again for every focus node, which made it
    most of the build's time; run once on Oxigraph with the focus nodes bound as VALUES,
    the same query gives the same results. Constraints in property shapes, or of shapes
    with targets other than classes and nodes, stay with pySHACL.
    """
    rest = Graph() + shapes
    checks = []
    other_targets = (SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        select = shapes.value(constraint, SH.select)
        if (select is None or (shape, SH.path, None) in shapes
                or any((shape, t, None) in shapes for t in other_targets)
                or shapes.value(constraint, SH.deactivated) == Literal(True)
                or shapes.value(shape, SH.severity, default=SH.Violation) != SH.Violation):
            continue
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        checks.append(SparqlCheck(shape, sorted(shapes.objects(shape, SH.targetClass)),
                                  sorted(shapes.objects(shape, SH.targetNode)), str(select),
                                  str(message or "SPARQL constraint")))
        rest.remove((shape, SH.sparql, constraint))
        rest.remove((constraint, None, None))
    return rest, checks


def _prefixes(shapes: Graph) -> str:
    declared = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for d in shapes.objects(None, SH.declare)}
    bound = {prefix: str(ns) for prefix, ns in shapes.namespaces() if prefix}
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted({**bound, **declared}.items()))


_THIS = re.compile(r"\$this\b")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


def run_sparql_checks(compilation: Compilation, checks: list[SparqlCheck], prefixes: str,
                      store) -> list[Problem]:
    """Each check's SELECT once, with its focus nodes bound to ?this."""
    import pyoxigraph

    problems = []
    focus_cache: dict[URIRef, list[str]] = {}
    for check in checks:
        focus: list[str] = [f"<{node}>" for node in check.target_nodes]
        for cls in check.targets:
            if cls not in focus_cache:
                rows = store.query("SELECT DISTINCT ?s WHERE { ?s a/<http://www.w3.org/2000/"
                                   f"01/rdf-schema#subClassOf>* <{cls}> }}")
                focus_cache[cls] = [str(row["s"]) for row in rows
                                    if isinstance(row["s"], pyoxigraph.NamedNode)]
            focus += focus_cache[cls]
        if not focus:
            continue
        text = _THIS.sub("?this", check.select)
        where = _WHERE.search(text)
        text = (text[:where.end()] + " VALUES ?this { " + " ".join(sorted(set(focus)))
                + " } " + text[where.end():])
        results = store.query(prefixes + text)
        variables = [v.value for v in results.variables]
        for row in results:
            values = {name: row[name] for name in variables if row[name] is not None}
            this = _rdflib_term(values["this"])
            message = _TEMPLATE.sub(lambda m, v=values: str(v[m.group(1)].value)
                                    if m.group(1) in v else m.group(0), check.message)
            path = _rdflib_term(values["path"]) if "path" in values else None
            value = _rdflib_term(values["value"]) if "value" in values else this
            problems.append(_shacl_problem(compilation, this, path, message, value))
    return problems


def _rdflib_term(term):
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    datatype = URIRef(term.datatype.value) if term.language is None else None
    return Literal(term.value, lang=term.language, datatype=datatype)


def run_shacl(compilation: Compilation, shapes_path: Path, store=None) -> list[Problem]:
    """SHACL over the whole graph; each result located at its record's file and line.

    Core constraints run in pySHACL; SPARQL-based ones once each on Oxigraph (see
    ``split_sparql_constraints``).
    """
    import pyshacl

    shapes, checks = split_sparql_constraints(Graph().parse(shapes_path, format="turtle"))
    conforms, results, _ = pyshacl.validate(
        compilation.graph, shacl_graph=shapes, inference="none", advanced=True,
        allow_warnings=True, meta_shacl=False,
    )
    problems = []
    if checks:
        store = store if store is not None else oxigraph_store(compilation.graph)
        problems += run_sparql_checks(compilation, checks, _prefixes(shapes), store)
    if conforms:
        return problems
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        message = str(results.value(result, SH.resultMessage) or "SHACL violation")
        problems.append(_shacl_problem(compilation, focus, results.value(result, SH.resultPath),
                                       message, results.value(result, SH.value)))
    return problems


def oxigraph_store(graph: Graph):
    """The graph in a pyoxigraph store: rdflib's engine needs seconds for these rules."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt").encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def rule_violations(store, rule: Path) -> list[list[str]]:
    """Rows of one quality rule, as lists of plain strings (IRIs and literal values)."""
    rows = []
    for solution in store.query(rule.read_text(encoding="utf-8")):
        rows.append([term.value if term is not None else None for term in solution])
    return rows


def run_rules(compilation: Compilation, rules_dir: Path, store=None) -> list[Problem]:
    """Each ``*.rq`` quality rule is a SELECT whose rows are violations."""
    problems = []
    store = store if store is not None else oxigraph_store(compilation.graph)
    for rule in sorted(rules_dir.glob("*.rq")):
        for row in rule_violations(store, rule):
            focus = URIRef(row[0])
            detail = ", ".join(str(v) for v in row[1:] if v is not None)
            if focus in compilation.entity_origins:
                file, line = compilation.entity_origins[focus]
            else:
                file, line = GRAPH_FILE, 0
            label = compilation.graph.namespace_manager.normalizeUri(focus)
            problems.append(Problem(file, line, f"rule {rule.stem}",
                                    f"{label}: {detail}" if detail else label))
    return problems


def check_quotes(compilation: Compilation, sources_dir: Path) -> list[Problem]:
    """Every quote must stand verbatim at its offsets in a text whose hash matches."""
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for source in compilation.sources.values():
        file = sources_dir / source.file
        if not file.is_file():
            problems.append(Problem(source.path, source.line, "file",
                                    f"source text {display_path(file)} not found"))
            continue
        text = read_text(sources_dir, source)
        digest = sha256_text(text)
        if digest != source.sha256:
            problems.append(Problem(source.path, source.line, "sha256",
                                    f"{source.file} has SHA-256 {digest}, the manifest says "
                                    f"{source.sha256}"))
            continue
        texts[source.id] = text
    for record in compilation.records.values():
        for index, evidence in enumerate(record.evidence):
            text = texts.get(evidence.source)
            if text is None:
                continue
            if text[evidence.start:evidence.end] == evidence.quote:
                continue
            spans = locate(text, evidence.quote)
            near = None if spans else near_match(text, evidence.quote)
            hint = (f"; it occurs at {', '.join(f'{s}-{e}' for s, e in spans)}" if spans
                    else f"; {near}" if near
                    else "; it does not occur anywhere in the source")
            problems.append(Problem(record.path, evidence.line, f"evidence[{index}].quote",
                                    f"quote not found at {evidence.start}-{evidence.end} of "
                                    f"'{evidence.source}'{hint}"))
    return problems


def duplicate_problems(compilation: Compilation, layout: DataLayout) -> list[Problem]:
    """Exact duplicates (one entity curated twice) and a malformed or stale distinct list."""
    display = display_path(layout.distinct_list)
    distinct, problems = load_distinct(layout.distinct_list, display)
    problems += duplicate_report(compilation.records, distinct, display).problems
    return problems + exact_duplicate_problems(compilation.records)


def find_duplicate_records(layout: DataLayout | None = None) -> DuplicateReport:
    """The duplicate report over the whole curated graph (``chainkg duplicates``)."""
    layout = layout or data_layout()
    compilation = compile_graph(layout)
    display = display_path(layout.distinct_list)
    distinct, problems = load_distinct(layout.distinct_list, display)
    report = duplicate_report(compilation.records, distinct, display)
    report.problems = problems + report.problems
    return report


def validate_compilation(compilation: Compilation, layout: DataLayout | None = None,
                         sources_dir: Path | None = None, shacl: bool = True) -> list[Problem]:
    layout = layout or data_layout()
    problems = list(compilation.problems) + duplicate_problems(compilation, layout)
    if shacl:
        store = oxigraph_store(compilation.graph)
        # A field the loader already rejected is missing from the graph: SHACL would only
        # repeat that as "needs a ...", so such results are left out.
        reported = {(p.record, p.field) for p in problems} | compilation.consequences
        shacl_problems = [p for p in run_shacl(compilation, layout.shapes, store)
                          if (p.record, p.field) not in reported]
        # A required field that is missing is reported by SHACL; its name left in an
        # evidence item's supports is the same mistake, not a second one.
        missing = {(p.record, p.field) for p in shacl_problems}
        problems = [p for p in problems if not (
            ABSENT_SUPPORTED in p.message and (p.record, p.message.split("'")[1]) in missing)]
        problems += shacl_problems
        if not problems:
            problems += run_rules(compilation, layout.rules_dir, store)
    if sources_dir is not None:
        problems += check_quotes(compilation, sources_dir)
    return sorted(set(problems))


def validate(layout: DataLayout | None = None, sources_dir: Path | None = None) -> list[Problem]:
    """Compile and check everything; an empty list means the curated data is sound."""
    layout = layout or data_layout()
    return validate_compilation(compile_graph(layout), layout, sources_dir=sources_dir)
