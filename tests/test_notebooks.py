"""The notebooks run top to bottom against a fresh build and show what they claim to.

One session fixture runs ``scripts/render_notebooks.py`` once: every notebook executes in a
kernel running this very interpreter (nbclient, cwd ``notebooks/``, a cell timeout,
``$CHAINKG_BUILD_DIR`` at the fresh build, ``MPLBACKEND=Agg``) and is written to a
temporary folder twice: executed, and as an offline HTML page. The tests read those
outputs. Expected figures come from the curated records (``graph/records/``).
"""

from __future__ import annotations

import base64
import html
import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, require, require_tool
from conftest import load_script as load_named_script

from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

NOTEBOOKS = REPO / "notebooks"
SCRIPT = REPO / "scripts" / "render_notebooks.py"
NAMES = ("01_tour", "02_policy_landscape", "03_interactive_graph")
CELL_TIMEOUT = 300
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE = "Innovation responsibility of traditional manufacturing industry"  # graph/sources.yaml
PUBLISHER = "Traditional Culture Encyclopedia"

# Elements that make a browser fetch a URL; an absolute http(s) or protocol-relative
# address in one of them means the page needs the network.
REMOTE_RESOURCE = re.compile(
    r"<(?:script|img|iframe|link|source|audio|video|embed|object)\b[^>]*?"
    r"\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//", re.I)
REMOTE_CSS = re.compile(r"(?:url\(\s*[\"']?\s*(?:https?:)?//|@import)", re.I)
REMOTE_MODULE = re.compile(r"\bimport\s*\(\s*[\"'](?:https?:)?//", re.I)


def needs_notebook_tools() -> None:
    for module in ("nbclient", "nbformat", "nbconvert", "ipykernel", "matplotlib"):
        require(importlib.util.find_spec(module) is not None,
                f"{module} is not installed (pip install -e '.[notebooks]')")


def load_script():
    return load_named_script("render_notebooks")


@dataclass
class Rendered:
    out: Path
    build: Path
    returncode: int
    stdout: str
    stderr: str

    def notebook(self, name: str):
        import nbformat

        path = self.out / f"{name}.ipynb"
        assert path.is_file(), f"{name} was not executed:\n{self.stderr[-3000:]}"
        return nbformat.read(path, as_version=4)


@pytest.fixture(scope="session")
def rendered(built, tmp_path_factory) -> Rendered:
    """Every notebook executed once, against the session's fresh build, and rendered."""
    needs_notebook_tools()
    out = tmp_path_factory.mktemp("notebooks")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    env.pop("CHAINKG_BUILD_DIR", None)
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--build-dir", str(built), "--out", str(out),
         "--timeout", str(CELL_TIMEOUT)],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=1800)
    return Rendered(out, built, proc.returncode, proc.stdout, proc.stderr)


# --- reading outputs ---------------------------------------------------------------------


def code_cell(nb, fragment: str):
    """The one code cell whose source contains ``fragment``."""
    found = [c for c in nb.cells if c.cell_type == "code" and fragment in c.source]
    assert len(found) == 1, f"{len(found)} code cells contain {fragment!r}"
    return found[0]


def outputs_of(nb, mime: str) -> list[str]:
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if mime in o.get("data", {})]


def stream_text(cell) -> str:
    return "".join(o["text"] for o in cell.outputs if o["output_type"] == "stream"
                   and o["name"] == "stdout")


class _Tables(HTMLParser):
    """Rows of the HTML tables pandas writes; pandas.read_html would need lxml or bs4."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(cell) -> list[list[str]]:
    """Body rows (index cell first) of the DataFrame a cell displays."""
    shown = [o["data"]["text/html"] for o in cell.outputs
             if "text/html" in o.get("data", {})]
    assert len(shown) == 1, f"expected one table output, got {len(shown)}"
    parser = _Tables()
    parser.feed(shown[0])
    body = shown[0].split("<tbody>", 1)[1]
    count = body.count("<tr")
    return parser.rows[-count:]


def srcdocs(markup: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<iframe\b[^>]*?\bsrcdoc="([^"]*)"', markup)]


def remote_references(markup: str) -> list[str]:
    return [m.group(0)[:120] for pattern in (REMOTE_RESOURCE, REMOTE_CSS, REMOTE_MODULE)
            for m in pattern.finditer(markup)]


# --- the committed notebooks -------------------------------------------------------------


def test_notebook_set_is_the_documented_one():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == list(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_no_outputs(name):
    import nbformat

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{name} cell {index} has outputs"
            assert cell.execution_count is None, f"{name} cell {index} has an execution count"


def test_nbstripout_verifies_the_notebooks():
    require(importlib.util.find_spec("nbstripout") is not None,
            "nbstripout is not installed (pip install -e '.[notebooks]')")
    proc = subprocess.run([sys.executable, "-m", "nbstripout", "--verify",
                           *(str(NOTEBOOKS / f"{n}.ipynb") for n in NAMES)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- executed ----------------------------------------------------------------------------


def test_every_notebook_runs_without_error(rendered):
    assert rendered.returncode == 0, rendered.stderr[-3000:]
    for name in NAMES:
        nb = rendered.notebook(name)
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o["output_type"] == "error"]
        assert errors == []
        assert all(c.execution_count is not None for c in nb.cells if c.cell_type == "code")
        assert f"wrote {rendered.out / name}.html" in rendered.stdout


def test_tour_reads_the_fresh_build(rendered):
    nb = rendered.notebook("01_tour")
    printed = stream_text(code_cell(nb, "kg = KnowledgeGraph.load()"))
    assert f"from {rendered.build} (store: oxigraph)" in printed


def test_tour_counts_classes(rendered):
    rows = {row[1]: row[2] for row in table_rows(code_cell(rendered.notebook("01_tour"),
                                                          "COUNT(DISTINCT ?entity)"))}
    assert rows["ckg:ProvincialDivision"] == "34"
    assert rows["ckg:Province"] == "23"
    assert rows["ckg:QuantifiedTarget"] == "14"
    assert rows["ckg:ActionPlan"] == "4"
    assert rows["ckg:City"] == "6"
    assert rows["ckg:Evidence"] == "280"


def test_tour_shows_jilins_targets(rendered):
    rows = table_rows(code_cell(rendered.notebook("01_tour"),
                                'kg.query("targets", province="Jilin")'))
    by_label = {row[1]: row[2:] for row in rows}
    assert len(rows) == 4
    assert by_label["12 lighthouse factories by 2025 (Jilin)"] == [
        "exactly", "12.0", "lighthouse factory", "count", "2025"]
    assert by_label["100 demonstration factories by 2025 (Jilin)"] == [
        "exactly", "100.0", "demonstration factory", "count", "2025"]


def test_tour_shows_named_queries_and_a_profile(rendered):
    nb = rendered.notebook("01_tour")
    listed = {row[1]: row[2] for row in table_rows(code_cell(nb, "kg.queries()"))}
    assert listed["targets"] == "SELECT" and listed["province-graph"] == "CONSTRUCT"
    plans = table_rows(code_cell(nb, 'plans = kg.query("plans-by-province")'))
    assert [row[1] for row in plans] == ["Anhui", "Hubei", "Hunan", "Jilin", *["Shandong"] * 5,
                                         "Shanghai"]
    assert plans[0][3:] == ["DevelopmentPlan", "2021", "2023", "released"]
    assert plans[3][3:] == ["ActionPlan", "2023", "2025", "released"]
    profile = table_rows(code_cell(nb, 'groupby("section", sort=False)'))
    assert profile[-5:] == [["policy document", "1"], ["target", "4"], ["measure", "1"],
                            ["technology", "4"], ["statement about it", "1"]]


def test_tour_traces_the_lighthouse_target_to_its_quote(rendered):
    nb = rendered.notebook("01_tour")
    rows = table_rows(code_cell(nb, 'kg.query("evidence", entity="jilin-lighthouse-factories")'))
    quote = [row for row in rows if row[2] == "build 1 2 lighthouse factories"]
    assert len(rows) == 2 and len(quote) == 1
    assert quote[0][1].endswith("/jilin-lighthouse-factories/evidence/3667-3697")
    assert quote[0][3:6] == ["3667", "3697",
                             "https://w3id.org/chainkg/source/000_514a004910d82cf7"]
    supports = table_rows(code_cell(nb, "GROUP_CONCAT(?property"))
    assert [(row[1:4], sorted(row[4].split(", ")), row[5:]) for row in supports] == [
        (["3478", "3587", "Manufacturing Industry in Jilin Province (2023-2025) proposes to "
          "support more than 300 demonstration projects"],
         ["deadlineYear", "jurisdiction", "partOfPolicy"], [TITLE, PUBLISHER]),
        (["3667", "3697", "build 1 2 lighthouse factories"],
         ["comparator", "countedKind", "label", "scope", "targetValue", "unit"],
         [TITLE, PUBLISHER]),
    ]


def test_tour_shows_the_quote_in_its_source(rendered, sources_dir):
    printed = stream_text(code_cell(rendered.notebook("01_tour"), "read_text(Path(sources_dir)"))
    assert "[3667:3697]" in printed
    assert "[[build 1 2 lighthouse factories]], 100 demonstration factories" in printed


def test_tour_adhoc_sparql_counts_targets(rendered):
    rows = table_rows(code_cell(rendered.notebook("01_tour"), "?in_a_plan"))
    assert [row[1:] for row in rows] == [["Shandong", "12", "6"], ["Anhui", "8", "8"],
                                         ["Jilin", "4", "4"], ["Heilongjiang", "3", "0"],
                                         ["Hubei", "2", "2"], ["Shanghai", "1", "0"]]


def test_landscape_draws_six_charts(rendered):
    nb = rendered.notebook("02_policy_landscape")
    images = outputs_of(nb, "image/png")
    assert len(images) == 6
    for image in images:
        assert base64.b64decode(image).startswith(PNG_SIGNATURE)
    # every chart cell ends in a displayed image, nothing else
    for cell in nb.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            assert [o["output_type"] for o in cell.outputs] == ["display_data"]


def test_landscape_tables(rendered):
    nb = rendered.notebook("02_policy_landscape")
    ranking = table_rows(code_cell(nb, "ranking = analytics.technologies(network)"))
    assert ranking[0][1:3] + ranking[0][4:] == ["1", "advanced manufacturing", "3", "1", "3",
                                                "Heilongjiang, Hunan, Shanghai"]
    pairs = table_rows(code_cell(nb, "pairs = analytics.similarity(network)"))
    assert pairs[0][1:4] == ["Hubei", "Shanghai", "0.400000"]
    assert pairs[0][6] == "building emerging chains, extending advantageous chains"
    targets = table_rows(code_cell(nb, "per_province = (targets.pivot"))
    assert targets == [["Shanghai", "0", "1"], ["Hubei", "1", "1"], ["Heilongjiang", "2", "1"],
                       ["Jilin", "4", "0"], ["Anhui", "4", "4"], ["Shandong", "3", "9"]]
    strategies = table_rows(code_cell(nb, "by_strategy = kg.sparql("))
    # patching, upgrading, extending, building; Heilongjiang's work report names no chain
    # strategy (expanding its 15 key industries is not "upgrading traditional chains")
    assert strategies == [["China", "0", "3", "0", "0"], ["Hubei", "0", "0", "1", "1"],
                          ["Hunan", "1", "0", "0", "0"], ["Jilin", "0", "2", "0", "0"],
                          ["Liaoning", "0", "3", "0", "0"], ["Shandong", "4", "0", "0", "2"],
                          ["Shanghai", "0", "0", "1", "1"]]


def test_interactive_views_are_sandboxed_iframes(rendered):
    nb = rendered.notebook("03_interactive_graph")
    frames = [h for h in outputs_of(nb, "text/html") if "<iframe" in h]
    assert len(frames) == 4
    for frame in frames:
        assert 'sandbox="allow-scripts"' in frame
        assert "allow-same-origin" not in frame
        (page,) = srcdocs(frame)
        assert page.startswith("<!DOCTYPE html>")
        assert "new vis.Network(" in page
        assert remote_references(page) == []
    evidence_view = code_cell(nb, 'focus="jilin-lighthouse-factories"')
    # the target, its plan, Jilin, 2 evidence spans, comparator, counted kind, scope, unit;
    # its 8 links and the plan's jurisdiction
    assert stream_text(evidence_view).startswith("9 nodes, 9 edges")
    assert "12 lighthouse factories by 2025 (Jilin)" in srcdocs(
        evidence_view.outputs[-1]["data"]["text/html"])[0]


def test_rendered_pages_work_offline(rendered):
    for name in NAMES:
        page = (rendered.out / f"{name}.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert remote_references(page) == [], name
        for inner in srcdocs(page):
            assert remote_references(inner) == [], name
    landscape = (rendered.out / "02_policy_landscape.html").read_text(encoding="utf-8")
    assert landscape.count('src="data:image/png;base64,') == 6
    interactive = (rendered.out / "03_interactive_graph.html").read_text(encoding="utf-8")
    assert len(srcdocs(interactive)) == 4
    tour = (rendered.out / "01_tour.html").read_text(encoding="utf-8")
    assert "12 lighthouse factories by 2025 (Jilin)" in tour


# --- the script's errors -----------------------------------------------------------------


def test_render_script_rejects_a_missing_notebook(tmp_path, capsys):
    assert load_script().main([str(tmp_path / "missing.ipynb")]) == 2
    assert "missing.ipynb: not a notebook file" in capsys.readouterr().err


def test_render_script_names_the_failing_cell(built, tmp_path, capsys):
    needs_notebook_tools()
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("raise ValueError('boom')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "out"
    code = load_script().main([str(path), "--build-dir", str(built), "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "broken.ipynb: cell 1 failed: ValueError: boom" in err
    assert "1 of 1 notebook(s) failed" in err
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.browser
def test_rendered_pages_in_chromium(rendered):
    """The HTML pages as a reader sees them: every view draws, every chart loads, and no
    request leaves the machine."""
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=HEADLESS_CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto((rendered.out / "03_interactive_graph.html").as_uri())
            frames = [f for f in page.frames if f.url == "about:srcdoc"]
            assert len(frames) == 4
            for frame in frames:
                frame.wait_for_selector("canvas", timeout=30_000)
            titles = sorted(f.evaluate("document.title") for f in frames)
            assert titles[0] == "Jilin: 12 lighthouse factories by 2025, with its evidence " \
                                "around jilin-lighthouse-factories (depth 1)"
            page.goto((rendered.out / "02_policy_landscape.html").as_uri())
            loaded = page.evaluate("[...document.images].filter(i => i.naturalWidth > 0).length")
            assert loaded == 6
        finally:
            browser.close()
    remote = [url for url in requests if not url.startswith(("file:", "data:", "about:"))]
    assert remote == []
