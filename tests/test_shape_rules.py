"""The cross-field rules of the shapes (years, offsets, ranges, co-issuers): each one is
reported with its message at the record, exactly as curators read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import RECORDS, line_of, replace_once

from chainkg.cli import main

ANHUI = Path("graph/records/03_anhui-nev-plan-2021-2023.yaml")


@pytest.fixture
def data(private_data):
    """The private copy of the data of conftest, under the name these tests use."""
    return private_data


def validate(capsys) -> list[str]:
    assert main(["--data", ".", "validate"]) == 1
    return capsys.readouterr().err.strip().splitlines()


def record_line(path: Path, record: str) -> int:
    return line_of(path, f"  - id: {record}\n")


def test_end_year_before_start_year(data, capsys):
    plan = "jilin-intelligent-digital-transformation-plan"
    line = record_line(data / RECORDS, plan)
    text = (data / RECORDS).read_text(encoding="utf-8")
    at = text.index("    end_year: 2025\n", text.index(f"  - id: {plan}\n"))
    (data / RECORDS).write_text(text[:at] + "    end_year: 2020\n" + text[at + 19:],
                                encoding="utf-8")
    assert validate(capsys) == [
        f"{RECORDS}:{line}: (record): end_year must not be before start_year",
        "1 problem(s) found",
    ]


def test_unnamed_co_issuers_without_a_named_issuer(data, capsys):
    records = data / RECORDS
    text = records.read_text(encoding="utf-8")
    at = text.index("    unnamed_co_issuers: 3\n")
    record = text[:at].rindex("\n  - id: ") + 9
    record_id = text[record:].split("\n", 1)[0]
    issued = text.rindex("    issued_by: ", 0, at)
    issued_end = text.index("\n", issued) + 1
    records.write_text(text[:issued] + text[issued_end:], encoding="utf-8")
    replace_once(records, "supports: [label, title, issued_by, unnamed_co_issuers,",
                 "supports: [label, title, unnamed_co_issuers,")
    line = record_line(records, record_id)
    assert validate(capsys) == [
        f"{RECORDS}:{line}: (record): unnamed_co_issuers needs at least one named issuer "
        "(issued_by)",
        "1 problem(s) found",
    ]


@pytest.mark.parametrize(("old", "new"), [
    ("    min_value: 3\n    max_value: 5\n", "    min_value: 5\n    max_value: 3\n"),
    ("    max_value: 5\n    comparator: range\n", "    max_value: 5\n    comparator: at-least\n"),
], ids=["min-above-max", "range-without-comparator"])
def test_a_range_needs_the_range_comparator_and_min_below_max(data, capsys, old, new):
    line = record_line(data / ANHUI, "anhui-nev-enterprises-2023")
    replace_once(data / ANHUI, old, new)
    assert validate(capsys) == [
        f"{ANHUI}:{line}: (record): a range (min_value/max_value) needs the comparator "
        "'range', and min below max",
        "1 problem(s) found",
    ]


def test_evidence_end_not_after_start_in_the_graph():
    """Records cannot express it (the loader refuses end <= start), so the shape is checked
    on a graph edited directly."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    from chainkg.build.compile import compile_graph
    from chainkg.build.validate import run_shacl
    from chainkg.core.namespaces import ID, OA
    from chainkg.core.paths import data_layout

    compilation = compile_graph()
    node = ID["jilin-lighthouse-factories/evidence/3667-3697"]
    compilation.graph.set((node, OA.end, Literal(3600, datatype=XSD.nonNegativeInteger)))
    problems = run_shacl(compilation, data_layout().shapes)
    assert [(p.path, p.line, p.field, p.message) for p in problems] == [
        ("(graph)", 0, "(record)", "<https://w3id.org/chainkg/id/jilin-lighthouse-factories/"
         "evidence/3667-3697>: end "
         "offset must exceed start offset")]


def test_every_sparql_constraint_runs_once_on_oxigraph_not_per_focus_node():
    """pySHACL parses a SPARQL constraint's query once per focus node; the validator runs
    each one once instead, so the shapes it hands to pySHACL hold none."""
    from rdflib import Graph
    from rdflib.namespace import SH

    from chainkg.build.validate import split_sparql_constraints
    from chainkg.core.paths import data_layout

    shapes = Graph().parse(data_layout().shapes, format="turtle")
    rest, checks = split_sparql_constraints(shapes)
    assert len(checks) == len(set(shapes.objects(None, SH.sparql))) >= 4
    assert not list(rest.triples((None, SH.sparql, None)))
    assert not list(rest.triples((None, SH.select, None)))
