"""The explorer in headless Chromium: every page type renders without a console error or a
request outside its origin, keyboard navigation reaches a profile from the map, Chinese
text renders, and axe-core finds no serious or critical accessibility violation."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import require, require_tool

from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/timeline", "/ontology", "/id/CN-SD", "/id/CN-HL",
         "/id/heilongjiang-chain-chief-scheme", "/vocab/technology/robot", "/vocab/technology",
         "/source/01_heilongjiang-chain-chief",
         "/id/heilongjiang-chain-chief-scheme/evidence/277-366"]


@pytest.fixture(scope="module")
def browser():
    chromium = require_tool("chromium")
    require(AXE.is_file(), "axe-core is not installed (npm install --prefix tests)")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    require(bool(fonts.strip()), "no Chinese font (Debian: fonts-noto-cjk)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium,
                                              args=HEADLESS_CHROMIUM_ARGS)
        yield instance
        instance.close()


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    return page, errors, requests


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_accessibly_from_its_own_origin(server, browser, path):
    page, errors, requests = open_page(browser, server + path)
    assert page.locator("h1").count() == 1
    assert errors == []
    assert requests and all(r.startswith(server + "/") for r in requests), requests
    assert_chinese_and_accessible(page)
    page.close()


def assert_chinese_and_accessible(page):
    """Chinese text is laid out in a CJK font, and axe-core finds no serious or critical
    violation."""
    zh = page.locator("[lang=zh]").first
    box = zh.bounding_box()
    assert box is not None and box["width"] > 0
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '山东省')")
    # axe-core, injected from the tests' own copy (the page's CSP is left as it is).
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    assert violations == []


def test_chinese_glyphs_are_drawn(server, browser):
    """The zh name is drawn with real glyphs: a CJK font is in use and three ideographs are
    about three ems wide."""
    page, errors, _ = open_page(browser, server + "/id/CN-SD")
    zh = page.locator("p.zh[lang=zh]").first
    assert zh.inner_text() == "山东省"
    width = page.evaluate("""() => {
        const p = document.querySelector('p.zh[lang=zh]');
        const r = document.createRange(); r.selectNodeContents(p);
        return r.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize);
    }""")
    assert 2.8 <= width <= 3.2
    page.close()


def test_keyboard_reaches_a_profile_from_the_map(server, browser):
    page, errors, _ = open_page(browser, server + "/")
    reached = None
    for _ in range(60):
        page.keyboard.press("Tab")
        reached = page.evaluate("""() => {
            const a = document.activeElement;
            return a && a.closest('#map') ? a.getAttribute('href') : null;
        }""")
        if reached:
            break
    assert reached is not None and reached.startswith("/id/CN-")
    page.keyboard.press("Enter")
    page.wait_for_url(server + reached)
    assert page.locator("h1").count() == 1
    # The shading switch works from the keyboard too.
    page.go_back()
    page.locator("#shade-by input[value=targets]").focus()
    page.keyboard.press("Space")
    fill = page.locator('#map a[href="/id/CN-SD"] path').get_attribute("fill")
    assert fill.startswith("rgb(")
    assert errors == []
    page.close()


def test_static_site_pages_render_from_disk(built, browser, tmp_path):
    from chainkg.cli import main

    out = tmp_path / "site"
    assert main(["site", "-o", str(out), "--build-dir", str(built)]) == 0
    for relative in ("index.html", "id/CN-SD/index.html", "timeline/index.html"):
        page, errors, requests = open_page(browser, (out / relative).as_uri())
        assert errors == []
        assert all(r.startswith("file://") for r in requests), requests
        page.locator("a", has_text="Timelines").first.click()
        page.wait_for_url("**/timeline/index.html")
        page.close()


def test_view_overview_file_renders_offline(built, browser, tmp_path):
    """``chainkg view``'s overview from disk: no console error, no request outside the
    file, Chinese renders, axe is content; the map opens a profile in the file, and the
    full graph is one click away."""
    from chainkg.cli import main

    out = tmp_path / "overview.html"
    assert main(["view", "-o", str(out), "--build-dir", str(built)]) == 0
    page, errors, requests = open_page(browser, out.as_uri())
    assert page.locator("h1").count() == 1
    assert requests == [out.as_uri()]
    assert_chinese_and_accessible(page)
    page.locator('#map a[href="#profile-CN-HL"]').click()
    page.wait_for_url(out.as_uri() + "#profile-CN-HL")
    heading = page.locator("#profile-CN-HL-h")
    assert heading.inner_text() == "Heilongjiang 黑龙江省" and heading.is_visible()
    # The shading switch works offline too.
    page.locator("#shade-by input[value=targets]").check()
    assert page.locator('#map a[href="#profile-CN-SD"] path').get_attribute("fill") \
        .startswith("rgb(")
    page.locator("header a", has_text="Full graph").click()
    page.wait_for_url((tmp_path / "overview-graph.html").as_uri())
    page.wait_for_function("window.chainkgView && window.chainkgView.ready", timeout=60_000)
    assert errors == []
    assert all(r.startswith("file://") for r in requests), requests
    page.close()
