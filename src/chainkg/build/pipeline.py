"""``build``: compile, validate, and write the outputs only when nothing is wrong.

The outputs are written as one set: ``chainkg.ttl``, ``chainkg.nt``, ``chainkg.jsonld``
and ``build-info.json`` go to a staging folder that replaces the build folder in one
step (``chainkg.core.files.replace_directory``), so a killed build leaves the old set or
the new one, never a mix. ``build-info.json`` records what the set was built from (a
hash of every input file and the package version) and the hash of each output, so that
loading can tell a stale, foreign or damaged build (``check_build``).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..core.files import replace_directory
from ..core.namespaces import ID
from ..core.paths import DataLayout, data_layout
from ..curation.records import CurationError
from .compile import Compilation, compile_graph
from .serialize import serialize_all
from .validate import validate_compilation

BUILD_INFO = "build-info.json"


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


def input_files(layout: DataLayout) -> list[Path]:
    """Every file the build reads."""
    files = [layout.ontology, layout.shapes, layout.sources_manifest]
    for folder, pattern in ((layout.vocab_dir, "*.ttl"), (layout.rules_dir, "*.rq"),
                            (layout.records_dir, "*.yaml"), (layout.reference_dir, "*")):
        if folder.is_dir():
            files += sorted(p for p in folder.glob(pattern) if p.is_file())
    return files


def input_digest(layout: DataLayout) -> str:
    """SHA-256 over the inputs' paths (relative to the data folder) and contents."""
    digest = hashlib.sha256()
    for path in input_files(layout):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"(unreadable)"
        digest.update(path.relative_to(layout.root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def build_info(layout: DataLayout, outputs: dict[str, bytes]) -> bytes:
    from .. import __version__

    # The data folder is named so that a build can be checked against, and rebuilt from,
    # the data it came from (the same on every run from the same folder).
    info = {"chainkg": __version__, "data": str(layout.root.resolve()),
            "inputs": input_digest(layout),
            "outputs": {name: hashlib.sha256(data).hexdigest()
                        for name, data in sorted(outputs.items())}}
    return (json.dumps(info, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _read_info(build_dir: Path) -> dict | None:
    try:
        info = json.loads((build_dir / BUILD_INFO).read_text(encoding="utf-8"))
        return info if isinstance(info, dict) and isinstance(info.get("outputs"), dict) \
            else None
    except (OSError, ValueError):
        return None


def built_from(build_dir: Path) -> DataLayout:
    """The data a build folder was built from, when it says so and that folder exists;
    else the current data."""
    info = _read_info(build_dir)
    root = Path(info["data"]) if info and isinstance(info.get("data"), str) else None
    if root is not None and (root / "ontology" / "chainkg.ttl").is_file():
        return DataLayout(root, in_checkout=True)
    return data_layout()


def check_build(build_dir: Path, layout: DataLayout | None = None,
                check_inputs: bool = True) -> str | None:
    """Why the build folder cannot be trusted (missing, damaged, stale, other version),
    or None when it matches its inputs (those of ``layout``, by default the data it was
    built from)."""
    from .. import __version__

    if not (build_dir / "chainkg.nt").is_file():
        return "it has no chainkg.nt"
    info = _read_info(build_dir)
    if info is None:
        return f"it has no readable {BUILD_INFO}"
    outputs = info["outputs"]
    if info.get("chainkg") != __version__:
        return f"it was built by chainkg {info.get('chainkg')}, this is {__version__}"
    for name, expected in sorted(outputs.items()):
        try:
            actual = hashlib.sha256((build_dir / name).read_bytes()).hexdigest()
        except OSError:
            return f"{name} is missing"
        if actual != expected:
            return f"{name} is damaged or truncated (its hash differs from {BUILD_INFO})"
    if check_inputs and info.get("inputs") != input_digest(layout or built_from(build_dir)):
        return "the records or the ontology changed since it was built"
    return None


def build(out_dir: Path, layout: DataLayout | None = None, sources_dir: Path | None = None,
          shacl: bool = True) -> BuildResult:
    """Compile and validate; write the outputs only if there is no problem."""
    started = time.perf_counter()
    layout = layout or data_layout()
    compilation = compile_graph(layout)
    problems = validate_compilation(compilation, layout, sources_dir=sources_dir, shacl=shacl)
    if problems:
        raise CurationError(problems)
    outputs = serialize_all(compilation.graph)
    outputs[BUILD_INFO] = build_info(layout, outputs)
    written = replace_directory(outputs, Path(out_dir))
    return BuildResult(written, len(compilation.graph), class_counts(compilation.graph),
                       time.perf_counter() - started, compilation)
