"""docs/model.md is current (regenerating gives the same bytes) and its worked SPARQL
examples run and answer."""

from __future__ import annotations

import re

from conftest import REPO
from rdflib import Graph

from chainkg.build.modeldoc import BEGIN, END, reference, update

DOC = REPO / "docs" / "model.md"


def test_model_reference_is_current(curated_built):
    """Generated from the curated graph, as scripts/model_doc.py does."""
    graph = Graph().parse(curated_built / "chainkg.nt", format="nt")
    current = DOC.read_text(encoding="utf-8")
    assert update(current, graph) == current, "run python scripts/model_doc.py"


def test_model_reference_lists_every_term_with_labels_and_an_example(built):
    graph = Graph().parse(built / "chainkg.nt", format="nt")
    text = reference(graph)
    assert text.startswith(BEGIN) and text.rstrip().endswith(END)
    assert ("| `ckg:deadlineYear` | DatatypeProperty | deadline year | 目标年份 | The year by "
            "which a target is to be reached, as an integer. | `ckg:Target` | `xsd:integer` | "
            '`id:anhui-key-parts-suppliers ckg:deadlineYear "2023"^^xsd:integer` |') in text
    assert "| `ckg:SourceDocument` |" in text and "| `ckg:countedKind` |" in text
    terms = re.findall(r"^\| `ckg:(\w+)` \|", text, flags=re.M)
    declared = set(re.findall(r"^ckg:(\w+) a owl:", (REPO / "ontology" / "chainkg.ttl")
                              .read_text(encoding="utf-8"), flags=re.M))
    assert set(terms) == declared


def test_worked_examples_answer(kg):
    examples = re.findall(r"```sparql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(examples) == 3
    revenue, robots, evidence = (kg.sparql(text) for text in examples)
    assert revenue["year"].tolist() == [2021, 2024, 2025]
    assert len(robots) > 0
    assert evidence["quote"].tolist() == ["build 1 2 lighthouse factories"]
