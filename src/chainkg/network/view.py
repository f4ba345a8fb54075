"""Interactive graph views: one self-contained HTML page that works with no network at all.

pyvis assembles the vis-network nodes and edges; the page comes from this package's own
Jinja2 template (``templates/view.html``) because pyvis's stock template links Bootstrap
and, in every mode, some script from a CDN. vis-network's script and stylesheet are read
from the pyvis package and inlined.

Scale: a view above ``max_nodes`` keeps the most connected nodes (the nearest to the focus
first) and says so on the page. Start positions always come from Python (networkx's spring
layout, multilevel above ``SKELETON_NODES``); up to ``PHYSICS_MAX_NODES`` nodes the browser
refines them with a fixed number of vis-network physics iterations and then turns physics
off; larger views are drawn with physics off, so the tab never freezes.

Tooltips and every other text reach the page as data and are put in with ``textContent``;
labels such as ``<img src=x onerror=...>`` show as text.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..core.files import write_atomically
from .analytics import ITEM_CATEGORIES, JURISDICTION, PROVENANCE_CLASSES, TARGETS_TECHNOLOGY
from .export import JOIN, ExportError, resolve_node

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIEWS = ("full", "province-technology", "plans-targets")
# How the tests, benchmarks and screenshots start Debian's Chromium on a page of this module:
# headless as root, and with the background services off so that it makes no request of
# its own (on a closed network they fail by the dozen).
HEADLESS_CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--disable-component-update",
                          "--disable-sync", "--no-first-run"]
DEFAULT_MAX_NODES = 1000
# Up to this many nodes vis-network physics refines the start layout, then stops; above it
# the start layout is final and physics stays off.
PHYSICS_MAX_NODES = 2000
SKELETON_NODES = 300
MAX_EVIDENCE = 3
QUOTE_CHARS = 280
LABEL_CHARS = 40
LAYOUT_SEED = 7
# networkx gives the start, so a short refinement is enough; every iteration delays the
# stable layout (see docs/benchmarks.md).
STABILIZATION_ITERATIONS = 40

# category: (legend title, colour, vis shape)
CATEGORY_STYLE: dict[str, tuple[str, str, str]] = {
    "division": ("Administrative divisions", "#4e79a7", "dot"),
    "organization": ("Organisations", "#f28e2b", "square"),
    "document": ("Policy documents", "#e15759", "diamond"),
    "measure": ("Measures and incentives", "#76b7b2", "triangle"),
    "target": ("Targets", "#59a14f", "triangleDown"),
    "statement": ("Statements", "#edc948", "star"),
    "person": ("People and posts", "#b07aa1", "dot"),
    "place": ("Clusters and platforms", "#ff9da7", "hexagon"),
    "product": ("Products", "#9c755f", "square"),
    "indicator": ("Indicators and observations", "#bab0ac", "diamond"),
    "technology": ("Technologies", "#17becf", "dot"),
    "chain-strategy": ("Chain strategies", "#d62728", "star"),
    "instrument": ("Policy instruments", "#8c564b", "triangle"),
    "concept": ("Other vocabulary terms", "#c7c7c7", "dot"),
    "period": ("Plan periods", "#7f7f7f", "square"),
    "evidence": ("Evidence spans", "#d4d4d4", "dot"),
    "source": ("Source documents", "#4d4d4d", "square"),
    "other": ("Other", "#999999", "dot"),
}
# What plans-targets shows around the plans, measures and targets.
PLAN_CONTEXT = frozenset({"division", "organization", "technology", "chain-strategy",
                          "instrument", "product", "place"})


@dataclass
class View:
    """A rendered page and what it shows."""

    html: str
    nodes: int
    edges: int
    total_nodes: int
    notice: str
    physics: bool


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


CURATOR_NOTES = (("ckg:curatorTranslation", "curator's translation"),
                 ("ckg:curatorIdentification", "curator's identification"))


def curator_note(attrs: dict, lang: str) -> str:
    """Whether a node's label in lang is the curator's words rather than a source's: the
    export keeps the marked texts as ``ckg:curatorTranslation@zh`` and the like."""
    label = attrs[f"label_{lang}"]
    for key, note in CURATOR_NOTES:
        if label and label in str(attrs.get(f"{key}@{lang}", "")).split(JOIN):
            return note
    return ""


def evidence_index(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, str]]]:
    """For each node, the evidence it was derived from: quote and source, for tooltips."""
    index: dict[str, list[dict[str, str]]] = defaultdict(list)
    for node, target, key in graph.edges(keys=True):
        if key != "prov:wasDerivedFrom":
            continue
        attrs = graph.nodes[target]
        if attrs["category"] == "evidence":
            sources = [graph.nodes[s]["label"] for _, s, k in graph.out_edges(target, keys=True)
                       if k == "ckg:source"]
            span = f"{attrs.get('oa:start', '?')}–{attrs.get('oa:end', '?')}"
            index[node].append({"quote": _short(str(attrs.get("oa:exact", "")), QUOTE_CHARS),
                                "source": f"{', '.join(sources) or 'unknown source'}, "
                                          f"characters {span}"})
        else:
            index[node].append({"quote": "", "source": attrs["label"]})
    return index


def induced(graph: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """The subgraph on nodes, in the graph's own node and edge order. networkx's
    ``subgraph().copy()`` walks the kept nodes as a set, whose order changes with the
    string hash seed of each run, so views would differ byte for byte between runs."""
    keep = set(nodes)
    result = graph.__class__()
    result.graph.update(graph.graph)
    result.add_nodes_from((n, attrs) for n, attrs in graph.nodes(data=True) if n in keep)
    result.add_edges_from((u, v, k, attrs) for u, v, k, attrs in
                          graph.edges(keys=True, data=True) if u in keep and v in keep)
    return result


def without_provenance(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Drop evidence spans and source documents (they are shown in tooltips instead)."""
    drop = set(PROVENANCE_CLASSES)
    keep = [n for n, types in graph.nodes(data="types") if not drop & set(types.split())]
    return induced(graph, keep)


def province_technology(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Provinces and the technologies their plans, measures and targets name."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for item, category in graph.nodes(data="category"):
        if category not in ITEM_CATEGORIES:
            continue
        out = list(graph.out_edges(item, keys=True))
        provinces = [t for _, t, k in out if k == JURISDICTION
                     and "ckg:ProvincialDivision" in graph.nodes[t]["types"].split()]
        techs = [t for _, t, k in out if k == TARGETS_TECHNOLOGY
                 and graph.nodes[t]["category"] == "technology"]
        for province in provinces:
            for tech in techs:
                counts[(province, tech)] += 1
    result = nx.MultiDiGraph()
    for node in sorted({n for pair in counts for n in pair}):
        result.add_node(node, **graph.nodes[node])
    for (province, tech), count in sorted(counts.items()):
        result.add_edge(province, tech, key="targets", predicate="", weight=count,
                        label=f"targets ({count})", label_zh="")
    return result


def plans_targets(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Plans, measures and targets with the places, bodies and technologies they name."""
    core = {n for n, c in graph.nodes(data="category") if c in ITEM_CATEGORIES}
    context = {m for n in core for m in nx.all_neighbors(graph, n)
               if graph.nodes[m]["category"] in PLAN_CONTEXT}
    return induced(graph, core | context)


def select(graph: nx.MultiDiGraph, view: str = "full", focus: str | None = None,
           depth: int = 1) -> nx.MultiDiGraph:
    """The view's graph, cut to the ego network of ``focus`` when given."""
    if view == "province-technology":
        graph = province_technology(graph)
    elif view == "plans-targets":
        graph = plans_targets(graph)
    elif view != "full":
        raise ExportError(f"unknown view '{view}'; use one of {', '.join(VIEWS)}")
    if focus is not None:
        center = resolve_node(graph, focus)
        graph = nx.ego_graph(graph, center, radius=depth, undirected=True)
    return graph


def trim(graph: nx.MultiDiGraph, max_nodes: int, focus: str | None = None
         ) -> tuple[nx.MultiDiGraph, str]:
    """Keep at most max_nodes: nearest to the focus first, then the most connected."""
    total = graph.number_of_nodes()
    if total <= max_nodes:
        return graph, ""
    distance: dict[str, int] = {}
    if focus is not None:
        center = resolve_node(graph, focus)
        distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True),
                                                         center)
    ranked = sorted(graph.nodes, key=lambda n: (distance.get(n, 0), -graph.degree(n), n))
    kept = induced(graph, ranked[:max_nodes])
    which = "nearest to the focus, then the most connected" if focus else "the most connected"
    notice = (f"Showing {max_nodes:,} of {total:,} nodes ({which}) to keep the page "
              "responsive. Narrow it with --focus or --view, or raise --max-nodes.")
    return kept, notice


def layout(graph: nx.MultiDiGraph, seed: int = LAYOUT_SEED) -> dict[str, tuple[float, float]]:
    """Seeded start positions in screen pixels.

    Up to ``SKELETON_NODES`` nodes: networkx's spring layout. Larger graphs: the spring layout
    of the most connected ``SKELETON_NODES`` nodes, then every other node placed next to the
    neighbour through which a breadth-first walk from that skeleton reaches it. networkx's
    force-directed layouts cost O(n^2) per step, too slow for thousands of nodes, and no
    networkx layout does this multilevel start; the browser refines it.
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    simple = nx.Graph(graph.to_undirected(as_view=True))
    rng = random.Random(seed)
    if n <= SKELETON_NODES:
        positions = {v: tuple(p) for v, p in
                     nx.spring_layout(simple, seed=seed, iterations=50).items()}
    else:
        core = sorted(simple, key=lambda v: (-simple.degree(v), v))[:SKELETON_NODES]
        positions = {v: tuple(p) for v, p in
                     nx.spring_layout(simple.subgraph(core), seed=seed, iterations=50).items()}
        spread = 1.0 / math.sqrt(SKELETON_NODES)
        queue = deque(core)
        while queue:
            node = queue.popleft()
            x, y = positions[node]
            for neighbour in sorted(simple[node]):
                if neighbour not in positions:
                    angle = rng.uniform(0, 2 * math.pi)
                    radius = spread * rng.uniform(0.3, 1.0)
                    positions[neighbour] = (x + radius * math.cos(angle),
                                            y + radius * math.sin(angle))
                    queue.append(neighbour)
        for node in sorted(set(simple) - positions.keys()):  # not connected to the skeleton
            angle = rng.uniform(0, 2 * math.pi)
            positions[node] = (1.2 * math.cos(angle), 1.2 * math.sin(angle))
    scale = max(250.0, 40.0 * math.sqrt(n))
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1))
            for node, (x, y) in positions.items()}


def vis_options(physics: bool, large: bool) -> dict:
    stabilization = {"enabled": physics, "iterations": STABILIZATION_ITERATIONS,
                     "updateInterval": 25, "fit": True}
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "nodes": {"borderWidth": 1, "font": {"size": 12, "color": "#1f2933"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#a7b1bb", "highlight": "#3e4c59", "hover": "#3e4c59"},
            "font": {"size": 9, "color": "#52606d", "strokeWidth": 2, "align": "middle"},
            "smooth": False,
            "width": 1,
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "centralGravity": 0.3,
                          "springLength": 110, "springConstant": 0.04, "damping": 0.5,
                          "avoidOverlap": 0.2},
            "minVelocity": 0.75,
            "stabilization": stabilization,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "navigationButtons": False,
                        "keyboard": False},
    }


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


def render(graph: nx.MultiDiGraph, *, view: str = "full", focus: str | None = None,
           depth: int = 1, max_nodes: int = DEFAULT_MAX_NODES, evidence: bool = False,
           title: str | None = None, seed: int = LAYOUT_SEED) -> View:
    """Render a page from the export graph (as :func:`chainkg.export.to_networkx` makes it).

    Evidence spans and sources become tooltip text; with ``evidence=True`` they are drawn
    as nodes too.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network

    if max_nodes < 1:
        raise ExportError("--max-nodes must be at least 1")
    if depth < 0:
        raise ExportError("--depth must be 0 or more")
    quotes = evidence_index(graph)
    drawn = graph if evidence else without_provenance(graph)
    drawn = select(drawn, view, focus, depth)
    total = drawn.number_of_nodes()
    drawn, notice = trim(drawn, max_nodes, focus)
    n = drawn.number_of_nodes()
    physics = n <= PHYSICS_MAX_NODES
    positions = layout(drawn, seed)

    # Directed: pyvis checks every earlier edge for duplicates in undirected networks.
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node, attrs in drawn.nodes(data=True):
        category = attrs["category"]
        _, color, shape = CATEGORY_STYLE.get(category, CATEGORY_STYLE["other"])
        found = quotes.get(node, [])
        tip = {"id": node, "label": attrs["label"], "en": attrs["label_en"],
               "zh": attrs["label_zh"], "cls": attrs["class"], "evidence": found[:MAX_EVIDENCE],
               "more": max(0, len(found) - MAX_EVIDENCE),
               "en_by": curator_note(attrs, "en"), "zh_by": curator_note(attrs, "zh")}
        x, y = positions[node]
        net.add_node(node, label=_short(attrs["label"], LABEL_CHARS), shape=shape, color=color,
                     size=round(8 + 4 * math.sqrt(drawn.degree(node)), 1), x=x, y=y,
                     category=category, tip=tip)
    for source, target, key, attrs in drawn.edges(keys=True, data=True):
        # Both ends come from the same graph; skip pyvis's linear node-existence check.
        net.edges.append(Edge(source, target, True, label=attrs["label"],
                              title=f"{attrs['label']} ({key})").options)

    counts: dict[str, int] = defaultdict(int)
    for _, category in drawn.nodes(data="category"):
        counts[category] += 1
    legend = [{"category": c, "title": CATEGORY_STYLE[c][0], "color": CATEGORY_STYLE[c][1],
               "shape": CATEGORY_STYLE[c][2], "count": counts[c]}
              for c in CATEGORY_STYLE if counts.get(c)]
    heading = title or {"full": "chainkg graph",
                        "province-technology": "chainkg: provinces and technologies",
                        "plans-targets": "chainkg: plans, measures and targets"}[view]
    if focus is not None:
        heading += f" around {focus} (depth {depth})"
    vis_js, vis_css = _vis_assets()
    env = Environment(loader=FileSystemLoader(TEMPLATES),
                      autoescape=select_autoescape(["html"]), keep_trailing_newline=True)
    html = env.get_template("view.html").render(
        title=heading, notice=notice, legend=legend, node_count=f"{n:,}",
        edge_count=f"{drawn.number_of_edges():,}",
        data={"nodes": net.nodes, "edges": net.edges},
        options=vis_options(physics, large=not physics), vis_js=vis_js, vis_css=vis_css)
    return View(html, n, drawn.number_of_edges(), total, notice, physics)


def write(view: View, out: Path) -> Path:
    return write_atomically({out.name: view.html.encode("utf-8")}, out.parent)[0]
