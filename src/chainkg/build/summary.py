"""The build's summary of entities per class, laid out as the class hierarchy.

A flat list hid that ``ckg:ProvincialDivision 34`` is ``ckg:Province 23`` +
``ckg:AutonomousRegion 5`` + ``ckg:Municipality 4`` + ``ckg:SpecialAdministrativeRegion 2``
(the divisions are typed with both classes). Here each class comes under its nearest
counted superclass (``rdfs:subClassOf``, followed through classes that have no entities),
indented.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDFS


def class_tree(graph: Graph, counts: dict[str, int]) -> list[tuple[int, str, int]]:
    """(depth, class CURIE, count) in display order: roots by name, children below them.

    ``counts`` are entities per class as ``class_counts`` gives them (one per rdf:type
    triple: an entity typed with a class and its superclass is counted in both).
    """
    manager = graph.namespace_manager
    iris = {}
    for subject in set(graph.subjects(RDFS.subClassOf)) | set(graph.objects(None,
                                                                             RDFS.subClassOf)):
        curie = manager.normalizeUri(subject)
        if curie in counts:
            iris[curie] = subject

    def parent(curie: str) -> str | None:
        """The nearest superclass with entities (breadth first; by name on a tie)."""
        level, seen = [iris[curie]] if curie in iris else [], set()
        while level:
            ups = {up for node in level for up in graph.objects(node, RDFS.subClassOf)
                   if up not in seen}
            seen |= ups
            found = sorted(c for c in (manager.normalizeUri(u) for u in ups)
                           if c in counts and c != curie)
            if found:
                return found[0]
            level = sorted(ups)
        return None

    children: dict[str | None, list[str]] = {}
    for curie in sorted(counts):
        children.setdefault(parent(curie), []).append(curie)
    rows: list[tuple[int, str, int]] = []

    def walk(node: str | None, depth: int) -> None:
        for child in children.get(node, []):
            rows.append((depth, child, counts[child]))
            walk(child, depth + 1)

    walk(None, 0)
    return rows
