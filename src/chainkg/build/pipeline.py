"""``build``: compile, validate, and write the outputs only when nothing is wrong."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..core.files import write_atomically
from ..core.namespaces import ID
from ..core.paths import DataLayout
from ..curation.records import CurationError
from .compile import Compilation, compile_graph
from .serialize import serialize_all
from .validate import validate_compilation


@dataclass
class BuildResult:
    outputs: list[Path]
    triples: int
    class_counts: dict[str, int]
    seconds: float
    compilation: Compilation


def class_counts(graph: Graph) -> dict[str, int]:
    """Entities per class, for the curated and reference namespaces only."""
    counts: Counter[str] = Counter()
    for subject, cls in graph.subject_objects(RDF.type):
        if isinstance(subject, URIRef) and str(subject).startswith(str(ID)):
            counts[graph.namespace_manager.normalizeUri(cls)] += 1
    return dict(sorted(counts.items()))


def build(out_dir: Path, layout: DataLayout | None = None, sources_dir: Path | None = None,
          shacl: bool = True) -> BuildResult:
    """Compile and validate; write the outputs only if there is no problem."""
    started = time.perf_counter()
    compilation = compile_graph(layout)
    problems = validate_compilation(compilation, layout, sources_dir=sources_dir, shacl=shacl)
    if problems:
        raise CurationError(problems)
    outputs = serialize_all(compilation.graph)
    written = write_atomically(outputs, out_dir)
    return BuildResult(written, len(compilation.graph), class_counts(compilation.graph),
                       time.perf_counter() - started, compilation)
