"""The offline graph view: what it draws, and the page in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import REPO, require_tool
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from chainkg.cli import main
from chainkg.core.namespaces import ID, OA, PROV
from chainkg.network import analytics, view
from chainkg.network.export import to_networkx
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

ARTIFACTS = REPO / "test-artifacts"
INJECTION = "<img src=x onerror=alert(1)>"
SCRIPT_QUOTE = "</script><script>alert(2)</script>"
LINK_ZH = '<a href="javascript:alert(3)">链接</a>'
PLAN = "shandong-innovation-capability-plan"


@pytest.fixture(scope="module")
def full(kg) -> nx.MultiDiGraph:
    return kg.to_networkx()


def scaled(base: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """Copies of the curated entities sharing divisions and vocabulary: a bigger real shape."""
    shared = {n for n, c in base.nodes(data="category")
              if c in {"division", "technology", "chain-strategy", "instrument", "concept",
                       "period", "source"}}

    def rename(node: str, k: int) -> str:
        return node if node in shared else f"{node}~{k}"

    result = nx.MultiDiGraph()
    for k in range(copies):
        for node, attrs in base.nodes(data=True):
            result.add_node(rename(node, k), **attrs)
        for u, v, key, attrs in base.edges(keys=True, data=True):
            result.add_edge(rename(u, k), rename(v, k), key=key, **attrs)
    return result


def test_full_view_draws_the_export_without_provenance(kg, full):
    page = view.render(full)
    expected = kg.to_networkx(drop_classes=list(analytics.PROVENANCE_CLASSES))
    assert (page.nodes, page.edges) == (expected.number_of_nodes(), expected.number_of_edges())
    assert page.physics and not page.notice
    with_evidence = view.render(full, evidence=True)
    assert (with_evidence.nodes, with_evidence.edges) == (full.number_of_nodes(),
                                                          full.number_of_edges())
    assert with_evidence.physics is True


def test_the_page_loads_nothing_from_outside(full):
    html = view.render(full).html
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg|googleapis|bootstrap\.(min\.)?(css|js)", html)
    assert view.render(full).html == html  # deterministic


def test_province_technology_view(full):
    page = view.province_technology(view.without_provenance(full))
    # 7 provinces name technologies (Hubei names none) and 34 technologies are named;
    # edges: Anhui 6, Heilongjiang 3, Hunan 3, Jilin 4, Liaoning 3, Shandong 17, Shanghai 3.
    provinces = sorted(n for n, c in page.nodes(data="category") if c == "division")
    assert provinces == ["id:CN-AH", "id:CN-HL", "id:CN-HN", "id:CN-JL", "id:CN-LN",
                         "id:CN-SD", "id:CN-SH"]
    assert page.number_of_nodes() == 41 and page.number_of_edges() == 39
    assert page.edges["id:CN-AH", "vocab:technology/new-energy-vehicle",
                      "targets"]["label"] == "targets (10)"  # the NEV plan and 9 of its parts
    assert page.edges["id:CN-JL", "vocab:technology/intelligent-manufacturing",
                      "targets"]["label"] == "targets (2)"  # the plan and a target


def test_plans_targets_view_and_focus(full):
    plans = view.plans_targets(view.without_provenance(full))
    core = {n for n, c in plans.nodes(data="category") if c in analytics.ITEM_CATEGORIES}
    assert len(core) == 12 + 28 + 30  # documents, measures and incentives, targets
    assert all(c in view.PLAN_CONTEXT for n, c in plans.nodes(data="category") if n not in core)
    ego = view.select(view.without_provenance(full), focus="CN-HB", depth=1)
    # Hubei: its plan, 3 measures/targets... everything with jurisdiction CN-HB, and CN.
    assert sorted(ego) == ["id:CN", "id:CN-HB", "id:hubei-chain-chief-implementation-plan",
                           "id:hubei-chain-space-platforms-per-chain",
                           "id:hubei-distinctive-industrial-clusters",
                           "id:hubei-enterprise-resource-exchange",
                           "id:hubei-key-industrial-parks"]


def test_budget_trims_with_a_notice(full):
    big = scaled(view.without_provenance(full), 12)
    assert big.number_of_nodes() > 1000
    page = view.render(big, max_nodes=400)
    assert page.nodes == 400 and page.total_nodes == big.number_of_nodes()
    assert f"Showing 400 of {big.number_of_nodes():,} nodes" in page.notice
    assert page.notice in page.html and page.physics is True
    huge = view.render(scaled(view.without_provenance(full), 40), max_nodes=2500)
    assert huge.nodes == 2500 and huge.physics is False  # above PHYSICS_MAX_NODES


def test_view_command(built, tmp_path, capsys):
    out = tmp_path / "v.html"
    assert main(["view", "--build-dir", str(built), "-o", str(out), "--focus", "CN-JL"]) == 0
    assert "wrote" in capsys.readouterr().out and out.stat().st_size > 500_000
    assert main(["view", "--build-dir", str(built), "-o", str(out), "--focus", "CN-XX"]) == 2
    assert "--focus CN-XX: https://w3id.org/chainkg/id/CN-XX is not in the graph" in \
        capsys.readouterr().err
    assert main(["view", "--build-dir", str(built), "-o", str(out), "--max-nodes", "0"]) == 2


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=HEADLESS_CHROMIUM_ARGS)
        yield instance
        instance.close()


class Page:
    """A loaded page with every request, console message and dialog recorded."""

    def __init__(self, browser, path: Path):
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.chainkgView && window.chainkgView.ready",
                                    timeout=60_000)

    def hover(self, node: str) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        # The layout is frozen first and the pointer lands on the node directly, never
        # crossing another node on its way (whose tooltip would show first).
        x, y = self.page.evaluate("""id => {
            const net = window.chainkgView.network;
            net.stopSimulation();
            net.focus(id, {scale: 1.5, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", node)
        self.page.mouse.move(x + 1, y + 1)
        self.page.mouse.move(x, y)
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        return tooltip.inner_text()


def write_page(graph: nx.MultiDiGraph, path: Path, **options) -> view.View:
    page = view.render(graph, **options)
    view.write(page, path)
    return page


@pytest.mark.browser
def test_page_in_chromium(browser, full, tmp_path):
    path = tmp_path / "chainkg.html"
    rendered = write_page(full, path)
    page = Page(browser, path)
    assert page.console == []
    assert page.requests and all(url.startswith(("file:", "data:")) for url in page.requests)
    assert page.page.evaluate("[chainkgView.nodes.length, chainkgView.edges.length]") == [
        rendered.nodes, rendered.edges]
    assert page.page.evaluate("chainkgView.physics") is True
    legend = page.page.locator("#legend li")
    categories = {c for _, c in view.without_provenance(full).nodes(data="category")}
    assert legend.count() == len(categories)
    assert "Administrative divisions" in page.page.locator("#legend").inner_text()

    text = page.hover(f"id:{PLAN}")
    assert "Shandong three-year action plan" in text
    assert "山东省制造业创新能力提升三年行动计划" in text
    assert "ckg:ActionPlan" in text and "“" in text and "characters" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "view-tooltip.png"))

    # The class filter hides a category; the search box selects and focuses a node.
    page.page.locator('#legend input[data-category="division"]').uncheck()
    hidden = page.page.evaluate(
        "chainkgView.nodes.get({filter: n => n.hidden}).map(n => n.category)")
    # China, the 34 provincial-level divisions and the 6 Anhui cities
    assert hidden == ["division"] * 41
    page.page.fill("#search", "Shanghai")
    page.page.press("#search", "Enter")
    assert page.page.evaluate("chainkgView.network.getSelectedNodes()") == ["id:CN-SH"]
    assert "上海市" in page.page.locator("#details").inner_text()
    assert page.console == [] and page.dialogs == []


@pytest.mark.browser
def test_labels_and_quotes_render_as_text(browser, built, tmp_path):
    rdf = Graph()
    rdf.parse(built / "chainkg.nt", format="nt")
    plan = ID[PLAN]
    rdf.remove((plan, RDFS.label, None))
    rdf.add((plan, RDFS.label, Literal(INJECTION, lang="en")))
    rdf.add((plan, RDFS.label, Literal(LINK_ZH, lang="zh")))
    evidence = sorted(rdf.objects(plan, PROV.wasDerivedFrom))[0]
    rdf.set((evidence, OA.exact, Literal(SCRIPT_QUOTE)))
    path = tmp_path / "injection.html"
    write_page(to_networkx(rdf), path)
    page = Page(browser, path)
    text = page.hover(f"id:{PLAN}")
    assert INJECTION in text and LINK_ZH in text and SCRIPT_QUOTE in text
    assert page.page.evaluate("document.querySelectorAll('img, iframe').length") == 0
    assert page.page.evaluate("document.querySelectorAll('.vis-tooltip a').length") == 0
    page.page.fill("#search", INJECTION)
    page.page.press("#search", "Enter")
    assert INJECTION in page.page.locator("#details").inner_text()
    page.page.wait_for_timeout(300)
    assert page.dialogs == [] and page.console == []
    assert all(url.startswith(("file:", "data:")) for url in page.requests)
    assert not any(url.endswith("/x") for url in page.requests)


@pytest.mark.browser
def test_a_trimmed_big_view_stays_responsive(browser, full, tmp_path):
    big = scaled(view.without_provenance(full), 20)
    path = tmp_path / "big.html"
    rendered = write_page(big, path, max_nodes=1000)
    page = Page(browser, path)
    assert page.page.evaluate("[chainkgView.nodes.length, chainkgView.physics]") == [1000, True]
    assert rendered.notice and rendered.notice in page.page.locator("#notice").inner_text()
    # The page answers input once drawn: the search selects a node at once.
    page.page.fill("#search", "Jilin")
    page.page.press("#search", "Enter")
    assert page.page.evaluate("chainkgView.network.getSelectedNodes()") == ["id:CN-JL"]
    assert page.console == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "view-1000.png"))


# --- the default: the overview file and the full graph beside it --------------------------


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def full_view_size(kg) -> tuple[int, int]:
    """Nodes and edges of the full view: the export without provenance (the live
    vocabularies are part of it, so the figure follows them)."""
    graph = kg.to_networkx(drop_classes=list(analytics.PROVENANCE_CLASSES))
    return graph.number_of_nodes(), graph.number_of_edges()


def test_view_command_writes_the_overview_and_the_graph_beside_it(kg, built, tmp_path,
                                                                    capsys):
    """``chainkg view`` with no option: the overview (map, matrix, profiles) in the build
    folder's chainkg.html, the full graph view beside it, every link resolving offline,
    the same bytes on a second run."""
    import shutil

    build = tmp_path / "build"
    shutil.copytree(built, build)
    before = {p.name for p in build.iterdir()}
    assert main(["view", "--build-dir", str(build)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert {p.name for p in build.iterdir()} - before == {"chainkg.html", "chainkg-graph.html"}
    overview, graph = build / "chainkg.html", build / "chainkg-graph.html"
    nodes, edges = full_view_size(kg)
    assert out[0] == ("overview: the map, the division matrix and 9 division profiles; "
                      f"beside it the full graph view of {nodes} nodes and {edges} edges")
    assert out[1:] == [f"  wrote {overview}", f"  wrote {graph}"]
    html = overview.read_text(encoding="utf-8")
    assert html.count("<h1>") == 1 and "<script src" not in html and "<link" not in html
    # Every link is a section of the file or the graph view beside it; nothing else.
    hrefs = links(html)
    assert hrefs.count("chainkg-graph.html") == 2  # the navigation and the introduction
    for href in hrefs:
        if href != "chainkg-graph.html":
            assert href.startswith("#") and f'id="{href[1:]}"' in html, href
    # The map links the divisions that have a profile, to that profile.
    svg = html.split('<svg id="map"')[1].split("</svg>")[0]
    mapped = re.findall(r'<a href="#profile-(CN-[A-Z]{2})" aria-label="', svg)
    profiles = re.findall(r'<section id="profile-(CN(?:-[A-Z]{2})?)"', html)
    assert len(profiles) == 9 and set(mapped) == set(profiles) - {"CN"}
    assert re.search(r'<a href="#profile-CN-SD" aria-label="Shandong 山东省: 5 documents, '
                     r'\d+ chains and clusters, \d+ targets">', svg)
    matrix = html.split('id="h-matrix"')[1].split("</section>")[0]
    assert '<th scope="row"><a href="#profile-CN-SD">Shandong</a>' in matrix
    # A profile with its evidence quoted in place.
    hl = html.split('<section id="profile-CN-HL"')[1].split('<section id="profile-')[0]
    assert '<h3 id="profile-CN-HL-h">Heilongjiang <span lang="zh" class="zh">黑龙江省</span>' in hl
    assert 'id="profile-CN-HL-docs"' in hl and 'id="profile-CN-HL-targets"' in hl
    assert "industrial chain chief" in hl and "characters 277–366" in hl
    assert "need the server" not in html and "chainkg site -o DIR" in html
    assert graph.read_text(encoding="utf-8").count("window.chainkgView") >= 1
    first = {p.name: p.read_bytes() for p in (overview, graph)}
    assert main(["view", "--build-dir", str(build), "-o", str(tmp_path / "again.html")]) == 0
    assert (tmp_path / "again.html").read_bytes() == first["chainkg.html"].replace(
        b"chainkg-graph.html", b"again-graph.html")
    assert (tmp_path / "again-graph.html").read_bytes() == first["chainkg-graph.html"]
    assert main(["view", "--build-dir", str(build)]) == 0
    assert {p.name: p.read_bytes() for p in (overview, graph)} == first


def test_graph_views_and_options_with_the_overview(kg, built, tmp_path, capsys):
    nodes, edges = full_view_size(kg)
    out = tmp_path / "full.html"
    assert main(["view", "--build-dir", str(built), "--view", "full", "-o", str(out)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.html"]
    assert capsys.readouterr().out.startswith(f"view of {nodes} nodes and {edges} edges")
    assert main(["view", "--build-dir", str(built), "--view", "overview", "--focus", "CN-SD",
                 "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        "chainkg view: --focus draws a graph view; use it with --view full (or "
        "province-technology, plans-targets), not --view overview\n")
    # The graph options shape the graph view beside the overview.
    small = tmp_path / "small.html"
    assert main(["view", "--build-dir", str(built), "--max-nodes", "20", "-o", str(small)]) == 0
    assert "full graph view of 20 nodes" in capsys.readouterr().out
    assert f"Showing 20 of {nodes} nodes" in (tmp_path / "small-graph.html").read_text()


def test_overview_file_escapes_text(kg):
    from chainkg.web.explorer import Explorer

    explorer = Explorer.from_kg(kg)
    probe = Explorer(explorer.graph, "test")
    probe.graph.set((ID["CN-SD"], RDFS.label, Literal(INJECTION, lang="en")))
    html = probe.standalone_overview("g.html").body.decode()
    assert INJECTION not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
