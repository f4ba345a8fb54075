"""Compile the curated records, ontology, vocabularies and reference data into RDF.

``compile`` turns inputs into one rdflib Graph (remembering where each triple came from),
``validate`` checks it (SHACL, quality rules, quotes against sources), ``serialize`` writes
the deterministic outputs and ``pipeline.build`` does all three, writing nothing on error.
"""

from .compile import Compilation, compile_graph
from .pipeline import BuildResult, build, class_counts
from .serialize import OUTPUT_NAMES, serialize_all, sorted_ntriples
from .validate import find_duplicate_records, validate, validate_compilation

__all__ = ["OUTPUT_NAMES", "BuildResult", "Compilation", "build", "class_counts",
           "compile_graph", "find_duplicate_records", "serialize_all", "sorted_ntriples",
           "validate", "validate_compilation"]
