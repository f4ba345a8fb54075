"""Make docs/view.png: the graph view of the curated graph in headless Chromium, one tooltip open.

Chinese labels need a CJK font in the system (Debian: fonts-noto-cjk).

Usage::

    python scripts/screenshot.py [--out docs/view.png] [--node ID]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from chainkg.api import KnowledgeGraph
from chainkg.network import view
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "view.png")
    parser.add_argument("--node", default="id:shandong-innovation-capability-plan",
                        help="node whose tooltip is shown")
    parser.add_argument("--scale", type=float, default=1.1, help="zoom around the node")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    page_data = view.render(KnowledgeGraph.load().to_networkx())
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = Path(tmp) / "chainkg.html"
        view.write(page_data, path)
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=HEADLESS_CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(path.as_uri())
        page.wait_for_function("window.chainkgView && window.chainkgView.ready")
        x, y = page.evaluate("""([id, scale]) => {
            const net = window.chainkgView.network;
            net.focus(id, {scale: scale, animation: false});
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", [args.node, args.scale])
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y, steps=4)
        page.locator("div.vis-tooltip").wait_for(state="visible")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
