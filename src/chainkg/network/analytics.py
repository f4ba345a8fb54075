"""Network analytics on the exported graph, as pandas DataFrames and printed tables.

Every function takes the networkx MultiDiGraph of :func:`chainkg.export.to_networkx`.

Definitions
    A *jurisdiction item* is a policy document, measure (or incentive) or target. A province
    (any ``ckg:ProvincialDivision``) *targets* a technology or chain strategy if one of its
    jurisdiction items (``ckg:jurisdiction`` → the province) names it with
    ``ckg:targetsTechnology`` / ``ckg:chainStrategy``. A *plan* (policy document) targets a
    technology if it names it itself or one of its parts (``ckg:partOfPolicy`` → the plan)
    does. Only direct links count: naming ``basic-parts`` does not name its broader
    ``five-basics``.

    The same rule gives the rows of the named query ``chain-strategies`` (one row per
    item, strategy and division); ``tests/test_query_output.py`` checks that the two agree.
    Statements (what experts or ministers said) are not jurisdiction items.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pandas as pd
from networkx.algorithms import bipartite

JURISDICTION = "ckg:jurisdiction"
TARGETS_TECHNOLOGY = "ckg:targetsTechnology"
CHAIN_STRATEGY = "ckg:chainStrategy"
PART_OF_POLICY = "ckg:partOfPolicy"
PROVINCE_CLASS = "ckg:ProvincialDivision"
ITEM_CATEGORIES = frozenset({"document", "measure", "target"})
FEATURE_PREDICATES = (TARGETS_TECHNOLOGY, CHAIN_STRATEGY)
LOUVAIN_SEED = 42
# Provenance nodes left out of analyses and views unless asked for: they hang off every
# entity and would dominate degree and PageRank.
PROVENANCE_CLASSES = ("ckg:Evidence", "ckg:SourceDocument", "prov:Entity")
ANALYSES = ("technologies", "similarity", "centrality", "components", "communities")


def without_unused_vocabulary(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Leave out vocabulary terms (``vocab:`` nodes) that no entity uses.

    A term is used when an edge links it with a node outside the vocabularies; its broader
    terms (``skos:broader``, up to the top) stay too, as the context of the used term.
    Unused terms would otherwise be components and communities of their own and dilute
    centrality.
    """
    def vocabulary(node: str) -> bool:
        return node.startswith("vocab:")

    used = {n for n in graph if vocabulary(n) and any(
        not vocabulary(other) for other in (*graph.predecessors(n), *graph.successors(n)))}
    frontier = list(used)
    while frontier:
        node = frontier.pop()
        for _, up, key in graph.out_edges(node, keys=True):
            if key == "skos:broader" and up not in used:
                used.add(up)
                frontier.append(up)
    keep = [n for n in graph if not vocabulary(n) or n in used]
    return graph.subgraph(keep).copy()


def _is_province(graph: nx.MultiDiGraph, node: str) -> bool:
    return PROVINCE_CLASS in graph.nodes[node]["types"].split()


def _out(graph: nx.MultiDiGraph, node: str, predicate: str) -> list[str]:
    return sorted(target for _, target, key in graph.out_edges(node, keys=True)
                  if key == predicate)


def _in(graph: nx.MultiDiGraph, node: str, predicate: str) -> list[str]:
    return sorted(source for source, _, key in graph.in_edges(node, keys=True)
                  if key == predicate)


def _items(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n, category in graph.nodes(data="category") if category in ITEM_CATEGORIES]


def province_features(graph: nx.MultiDiGraph) -> nx.Graph:
    """Bipartite graph: provinces (bipartite=0) – technologies and strategies (bipartite=1)."""
    result = nx.Graph()
    for item in _items(graph):
        provinces = [p for p in _out(graph, item, JURISDICTION) if _is_province(graph, p)]
        if not provinces:
            continue
        features = [f for predicate in FEATURE_PREDICATES for f in _out(graph, item, predicate)]
        for province in provinces:
            result.add_node(province, bipartite=0)
            for feature in features:
                result.add_node(feature, bipartite=1)
                result.add_edge(province, feature)
    return result


def technologies(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Technologies ranked by how many provinces, then plans, then items target them."""
    provinces: dict[str, set[str]] = defaultdict(set)
    plans: dict[str, set[str]] = defaultdict(set)
    items: dict[str, set[str]] = defaultdict(set)
    for item in _items(graph):
        techs = [t for t in _out(graph, item, TARGETS_TECHNOLOGY)
                 if graph.nodes[t]["category"] == "technology"]
        if not techs:
            continue
        owners = {p for p in _out(graph, item, JURISDICTION) if _is_province(graph, p)}
        documents = set(_out(graph, item, PART_OF_POLICY))
        if graph.nodes[item]["category"] == "document":
            documents.add(item)
        for tech in techs:
            items[tech].add(item)
            provinces[tech] |= owners
            plans[tech] |= documents
    rows = []
    for tech in sorted(set(provinces) | set(plans)):
        if not provinces[tech] and not plans[tech]:
            continue
        attrs = graph.nodes[tech]
        rows.append({
            "technology": tech,
            "label_en": attrs["label_en"],
            "label_zh": attrs["label_zh"],
            "provinces": len(provinces[tech]),
            "plans": len(plans[tech]),
            "items": len(items[tech]),
            "province_names": ", ".join(sorted(graph.nodes[p]["label"]
                                               for p in provinces[tech])),
        })
    columns = ["technology", "label_en", "label_zh", "provinces", "plans", "items",
               "province_names"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["provinces", "plans", "items", "technology"],
                              ascending=[False, False, False, True], kind="stable")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame.reset_index(drop=True)


def similarity(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Province pairs sharing a technology or strategy, with their Jaccard similarity.

    The weights come from networkx's Jaccard-weighted bipartite projection; pairs with
    nothing in common are not listed.
    """
    features = province_features(graph)
    provinces = sorted(n for n, side in features.nodes(data="bipartite") if side == 0)
    projected = bipartite.overlap_weighted_projected_graph(features, provinces, jaccard=True)
    rows = []
    for a, b, weight in projected.edges(data="weight"):
        a, b = sorted((a, b))
        shared = set(features[a]) & set(features[b])
        union = set(features[a]) | set(features[b])
        rows.append({
            "province_a": a,
            "province_b": b,
            "label_a": graph.nodes[a]["label"],
            "label_b": graph.nodes[b]["label"],
            "jaccard": weight,
            "shared": len(shared),
            "union": len(union),
            "shared_items": ", ".join(sorted(graph.nodes[f]["label"] for f in shared)),
        })
    columns = ["province_a", "province_b", "label_a", "label_b", "jaccard", "shared", "union",
               "shared_items"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["jaccard", "province_a", "province_b"],
                              ascending=[False, True, True], kind="stable")
    return frame.reset_index(drop=True)


def centrality(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Degree (counting every edge) and PageRank (rank flows along edge direction).

    Vocabulary terms no entity uses are left out (``without_unused_vocabulary``).
    """
    graph = without_unused_vocabulary(graph)
    rank = nx.pagerank(graph) if graph.number_of_nodes() else {}
    rows = [{
        "node": node,
        "label": attrs["label"],
        "class": attrs["class"],
        "degree": graph.degree(node),
        "in_degree": graph.in_degree(node),
        "out_degree": graph.out_degree(node),
        "pagerank": rank.get(node, 0.0),
    } for node, attrs in graph.nodes(data=True)]
    columns = ["node", "label", "class", "degree", "in_degree", "out_degree", "pagerank"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["pagerank", "degree", "node"], ascending=[False, False, True],
                              kind="stable")
    return frame.reset_index(drop=True)


def _undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected graph, weight = number of edges between the two nodes."""
    result = nx.Graph()
    result.add_nodes_from(graph.nodes)
    for source, target in graph.edges():
        if result.has_edge(source, target):
            result[source][target]["weight"] += 1
        else:
            result.add_edge(source, target, weight=1)
    return result


def _group_rows(graph: nx.MultiDiGraph, groups: list[set[str]], name: str,
                top: int = 5) -> pd.DataFrame:
    ordered = sorted((sorted(group) for group in groups), key=lambda g: (-len(g), g[0]))
    rows = []
    for index, members in enumerate(ordered, start=1):
        by_degree = sorted(members, key=lambda n: (-graph.degree(n), n))
        categories = Counter(graph.nodes[n]["category"] for n in members)
        rows.append({
            name: index,
            "size": len(members),
            "categories": ", ".join(f"{c} {k}" for c, k in
                                    sorted(categories.items(), key=lambda i: (-i[1], i[0]))),
            "hubs": ", ".join(graph.nodes[n]["label"] for n in by_degree[:top]),
            "members": " ".join(members),
        })
    return pd.DataFrame(rows, columns=[name, "size", "categories", "hubs", "members"])


def components(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Weakly connected components, largest first; isolated nodes are components too.

    Vocabulary terms no entity uses are left out (``without_unused_vocabulary``).
    """
    graph = without_unused_vocabulary(graph)
    return _group_rows(graph, list(nx.weakly_connected_components(graph)), "component")


def communities(graph: nx.MultiDiGraph, seed: int = LOUVAIN_SEED) -> pd.DataFrame:
    """Louvain communities of the undirected, edge-count-weighted graph (fixed seed).

    Vocabulary terms no entity uses are left out (``without_unused_vocabulary``).
    """
    graph = without_unused_vocabulary(graph)
    found = nx.community.louvain_communities(_undirected(graph), weight="weight", seed=seed)
    return _group_rows(graph, [set(c) for c in found], "community")


ANALYSIS_FUNCTIONS = {
    "technologies": technologies,
    "similarity": similarity,
    "centrality": centrality,
    "components": components,
    "communities": communities,
}


def format_table(frame: pd.DataFrame, width: int = 60) -> str:
    """A plain-text table, long cells cut to ``width`` characters."""
    if frame.empty:
        return "(no rows)"
    shown = frame.copy()
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(
                lambda v: v if len(str(v)) <= width else str(v)[:width - 1] + "…")
    return shown.to_string(index=False, float_format=lambda v: f"{v:.4f}")
