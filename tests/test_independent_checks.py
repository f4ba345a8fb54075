"""Checks by tools other than the ones that wrote the outputs: rapper, pyoxigraph, OWL-RL."""

from __future__ import annotations

import subprocess
from pathlib import Path

import owlrl
import pyoxigraph
import pytest
from conftest import REPO, require_tool
from rdflib import Graph, Namespace
from rdflib.namespace import FOAF, RDF

from chainkg.core.namespaces import ID

OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def rapper_count(path: Path, syntax: str) -> int:
    """Parse with Raptor (C, independent of rdflib) and return its triple count."""
    rapper = require_tool("rapper")
    result = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    return int(result.stderr.split("returned ")[1].split(" triples")[0])


@pytest.mark.parametrize(("name", "syntax"), [("chainkg.nt", "ntriples"),
                                              ("chainkg.ttl", "turtle")])
def test_rapper_parses_the_outputs(built, name, syntax):
    expected = len((built / "chainkg.nt").read_text(encoding="utf-8").splitlines())
    assert rapper_count(built / name, syntax) == expected


@pytest.mark.parametrize("path", sorted((REPO / "ontology").rglob("*.ttl")),
                         ids=lambda p: p.name)
def test_rapper_parses_the_hand_edited_turtle(path):
    assert rapper_count(path, "turtle") == len(Graph().parse(path, format="turtle"))


@pytest.mark.parametrize(("name", "fmt"), [("chainkg.nt", pyoxigraph.RdfFormat.N_TRIPLES),
                                           ("chainkg.ttl", pyoxigraph.RdfFormat.TURTLE),
                                           ("chainkg.jsonld", pyoxigraph.RdfFormat.JSON_LD)])
def test_oxigraph_parses_every_output_to_the_same_triples(built, name, fmt):
    """Raptor has no JSON-LD parser; Oxigraph's (Rust) parser checks all three formats."""
    reference = set((built / "chainkg.nt").read_text(encoding="utf-8").splitlines())
    with (built / name).open("rb") as handle:
        triples = {f"{t} ." for t in pyoxigraph.parse(handle, format=fmt)}
    assert len(triples) == len(reference)
    assert triples == reference


def owlrl_errors(graph: Graph) -> list[str]:
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return sorted(str(message) for message in graph.objects(None, OWLRL_ERRORS.error))


def test_ontology_and_data_are_consistent_under_owl_rl(built):
    graph = Graph().parse(built / "chainkg.nt", format="nt")
    size = len(graph)
    assert owlrl_errors(graph) == []
    assert len(graph) > size  # the closure did infer something


def test_owl_rl_detects_an_inconsistency(built):
    """Typing an organisation as a person clashes with the disjointness axiom."""
    graph = Graph().parse(built / "chainkg.nt", format="nt")
    graph.add((ID.miit, RDF.type, FOAF.Person))
    errors = owlrl_errors(graph)
    assert len(errors) >= 1
    assert any("miit" in error and "disjoint" in error.lower() for error in errors), errors
