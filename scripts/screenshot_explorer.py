"""Make docs/explorer-map.png, docs/explorer-profile.png and docs/explorer-timeline.png: the
explorer's overview map, Shandong's profile and the timelines, served on 127.0.0.1 and shot
in headless Chromium.

Chinese labels need a CJK font in the system (Debian: fonts-noto-cjk).

Usage::

    python scripts/screenshot_explorer.py [--out-dir docs]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from chainkg.api import KnowledgeGraph
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS
from chainkg.web.serve import make_server

REPO = Path(__file__).resolve().parent.parent
SHOTS = {"explorer-map.png": ("/", None),
         "explorer-profile.png": ("/id/CN-SD", None),
         "explorer-timeline.png": ("/timeline", None)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = make_server(KnowledgeGraph.load(), "127.0.0.1", 0).start()
    base = server.url
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=HEADLESS_CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name, (path, _) in SHOTS.items():
                page.goto(base + path, wait_until="load")
                out = args.out_dir / name
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                print(f"wrote {out}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
