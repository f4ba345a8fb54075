"""The package layout stays layered: no import cycles, and no layer imports a higher one.

The layers follow the data (docs/architecture.md): core → curation → build → query →
network → api → web → cli. Every import is counted, including those inside functions,
because a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "src" / "chainkg"

# Lowest first. A module may import modules of its own layer and of lower layers only.
LAYERS = ["core", "curation", "build", "query", "network", "api", "web", "cli"]
# Modules outside the layers: the package's own entry points, allowed to import anything.
TOP_LEVEL = {"chainkg", "chainkg.__main__"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The chainkg modules ``name`` imports (absolute or relative, anywhere in the file)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts)
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # ``from .x import y`` may name a submodule y or an attribute of x.
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("chainkg") and target != name:
                found.add(target)
    return found


def layer_of(module: str) -> int | None:
    if module in TOP_LEVEL:
        return None
    first = module.split(".")[1]
    return LAYERS.index(first)


def import_graph() -> nx.DiGraph:
    modules = package_modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imported_modules(name, path, set(modules)):
            # A package's __init__ re-exporting its own modules is not a dependency of
            # those modules on the package.
            if name.startswith(target + ".") and target != "chainkg":
                continue
            graph.add_edge(name, target)
    return graph


def test_every_module_belongs_to_a_layer():
    for name in package_modules():
        if name in TOP_LEVEL:
            continue
        assert name.split(".")[1] in LAYERS, f"{name} is in no layer; add it to one"


def test_no_import_cycles():
    graph = import_graph()
    graph.remove_nodes_from(TOP_LEVEL)
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))
    assert cycles == [], f"import cycles: {cycles}"


def test_lower_layers_never_import_higher_ones():
    violations = []
    for source, target in import_graph().edges:
        source_layer, target_layer = layer_of(source), layer_of(target)
        if source_layer is None or target_layer is None:
            if source_layer is not None and target == "chainkg":
                continue  # the package's version string
            continue
        if target_layer > source_layer:
            violations.append(f"{source} ({LAYERS[source_layer]}) imports {target} "
                              f"({LAYERS[target_layer]})")
    assert violations == []


@pytest.mark.parametrize("source, planted", [
    ("chainkg.core.paths", "from ..query import run"),
    ("chainkg.query.sparql", "from ..network.export import to_networkx"),
])
def test_the_check_catches_a_planted_violation(tmp_path, source, planted):
    modules = package_modules()
    path = modules[source]
    copy = tmp_path / path.name
    copy.write_text(path.read_text(encoding="utf-8") + f"\n{planted}\n", encoding="utf-8")
    targets = imported_modules(source, copy, set(modules))
    higher = [t for t in targets if layer_of(t) is not None and layer_of(t) > layer_of(source)]
    assert higher, f"the planted import {planted!r} was not seen"


def test_the_cycle_check_catches_a_planted_cycle():
    graph = import_graph()
    graph.add_edge("chainkg.core.namespaces", "chainkg.build.compile")
    graph.remove_nodes_from(TOP_LEVEL)
    assert list(nx.simple_cycles(graph))
