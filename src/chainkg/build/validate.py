"""Validate the compiled graph: SHACL shapes, quality rules, and quotes against sources."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SH

from ..core.namespaces import ID
from ..core.paths import DataLayout, data_layout, display_path
from ..curation.duplicates import (
    DuplicateReport,
    duplicate_report,
    exact_duplicate_problems,
    load_distinct,
)
from ..curation.records import Problem
from ..curation.schema import fields_for
from ..curation.sources import locate, read_text, sha256_text
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


def run_shacl(compilation: Compilation, shapes_path: Path) -> list[Problem]:
    """pySHACL over the whole graph; each result located at its record's file and line."""
    import pyshacl

    shapes = Graph().parse(shapes_path, format="turtle")
    conforms, results, _ = pyshacl.validate(
        compilation.graph, shacl_graph=shapes, inference="none", advanced=True,
        allow_warnings=True, meta_shacl=False,
    )
    if conforms:
        return []
    problems = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "SHACL violation")
        value = results.value(result, SH.value)
        if value is not None:
            message += f" (value: {value})"
        predicate = path if isinstance(path, URIRef) else None
        name = _field_name(compilation, focus, predicate)
        where = compilation.origins.get((focus, predicate)) if predicate else None
        record_id = str(focus).removeprefix(str(ID))
        if where is not None:
            problems.append(Problem(where[0], where[1], where[2], message, record_id))
        elif focus in compilation.entity_origins:
            file, line = compilation.entity_origins[focus]
            problems.append(Problem(file, line, name, message, record_id))
        else:
            label = compilation.graph.namespace_manager.normalizeUri(focus)
            problems.append(Problem(GRAPH_FILE, 0, name, f"{label}: {message}"))
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


def run_rules(compilation: Compilation, rules_dir: Path) -> list[Problem]:
    """Each ``*.rq`` quality rule is a SELECT whose rows are violations."""
    problems = []
    store = oxigraph_store(compilation.graph)
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
            hint = (f"; it occurs at {', '.join(f'{s}-{e}' for s, e in spans)}" if spans
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
        # A field the loader already rejected is missing from the graph: SHACL would only
        # repeat that as "needs a ...", so such results are left out.
        reported = {(p.record, p.field) for p in problems}
        problems += [p for p in run_shacl(compilation, layout.shapes)
                     if (p.record, p.field) not in reported]
        if not problems:
            problems += run_rules(compilation, layout.rules_dir)
    if sources_dir is not None:
        problems += check_quotes(compilation, sources_dir)
    return sorted(set(problems))


def validate(layout: DataLayout | None = None, sources_dir: Path | None = None) -> list[Problem]:
    """Compile and check everything; an empty list means the curated data is sound."""
    layout = layout or data_layout()
    return validate_compilation(compile_graph(layout), layout, sources_dir=sources_dir)
