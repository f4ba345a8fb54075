"""Chinese labels render as glyphs, not missing-glyph boxes, in the view's browser.

A font without a character draws its .notdef glyph, the same box for every missing
character. The check draws each Chinese character of the page's labels with the fonts the
page uses (the page's own text and vis-network's canvas labels) and compares the pixels
with those of an unassigned code point: a character drawn like that reference, or two
different characters drawn alike, are boxes. ``scripts/system-deps.sh`` installs
``fonts-noto-cjk``; with a font configuration that leaves it out, the same check finds
the boxes (the second test), so it cannot pass by accident.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_tool

from chainkg.network import view
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

LABEL = "山东省制造业创新能力提升三年行动计划"  # a plan's zh label in the fixture graph
UNASSIGNED = "\U0003FFFD"  # no font has a glyph for it: the missing-glyph reference

PAGE_CHARACTERS = """() => Array.from(new Set(window.chainkgView.nodes.get()
    .map(n => (n.tip.zh || '') + n.label).join('').match(/[\\u4e00-\\u9fff]/g) || []))"""

GLYPH_CHECK = """([chars, reference]) => {
    const fonts = [getComputedStyle(document.body).font, '24px arial'];
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const draw = (font, ch) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = font.replace(/\\d+px/, '40px');
        ctx.textBaseline = 'top';
        ctx.fillText(ch, 4, 4);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
    };
    const missing = new Set();
    for (const font of fonts) {
        const box = draw(font, reference);
        const seen = new Map();
        for (const ch of chars) {
            const pixels = draw(font, ch);
            if (pixels === box || seen.has(pixels)) { missing.add(ch); }
            if (seen.has(pixels)) { missing.add(seen.get(pixels)); }
            seen.set(pixels, ch);
        }
    }
    return Array.from(missing).sort();
}"""


def missing_glyphs(path: Path, chars: list[str] | None = None,
                   env: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The Chinese characters checked (by default every one in the page's node data) and
    those the page's fonts draw as missing-glyph boxes in headless Chromium."""
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium,
                                             args=HEADLESS_CHROMIUM_ARGS, env=env)
        try:
            page = browser.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_function("window.chainkgView && window.chainkgView.ready",
                                   timeout=60_000)
            chars = chars or page.evaluate(PAGE_CHARACTERS)
            return chars, page.evaluate(GLYPH_CHECK, [chars, UNASSIGNED])
        finally:
            browser.close()


@pytest.fixture(scope="module")
def page_path(kg, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cjk") / "chainkg.html"
    path.write_text(view.render(kg.to_networkx()).html, encoding="utf-8")
    return path


def test_chinese_labels_have_glyphs(page_path):
    chars, missing = missing_glyphs(page_path)
    assert len(chars) > 100 and set(LABEL) <= set(chars)
    assert missing == [], (
        "Chinese characters render as boxes: install a CJK font (scripts/system-deps.sh "
        "installs fonts-noto-cjk)")


def test_the_check_finds_boxes_without_a_cjk_font(page_path, tmp_path):
    """The same page with fontconfig limited to DejaVu (no CJK): every character is a box."""
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    assert fonts.is_dir(), "DejaVu fonts are needed for the control"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    import os

    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    assert missing_glyphs(page_path, list(LABEL), env)[1] == sorted(set(LABEL))
