"""``chainkg site``: the explorer as static files, through the real command."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from chainkg.cli import main


def digest_tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "public"
    assert main(["site", "-o", str(out), "--build-dir", str(built)]) == 0
    return out


def test_site_has_every_page_and_is_byte_identical(site, built, tmp_path, capsys):
    files = digest_tree(site)
    for path in ("index.html", "timeline/index.html", "ontology/index.html", "graph/index.html",
                 "ontology.ttl", "id/CN-HL/index.html", "id/CN-HL.ttl", "id/CN-HL.nt",
                 "id/CN-HL.jsonld", "vocab/technology/robot/index.html",
                 "source/01_heilongjiang-chain-chief/index.html",
                 "id/heilongjiang-chain-chief-scheme/evidence/277-366/index.html"):
        assert path in files, path
    # A second run, into the same folder, gives the same bytes.
    assert main(["site", "-o", str(site), "--build-dir", str(built)]) == 0
    assert digest_tree(site) == files
    out = capsys.readouterr().out
    assert re.search(rf"wrote {len(files)} files of the explorer site to ", out)


def test_every_link_resolves_inside_the_site(site):
    """Relative links only, each to a file of the site (anchors to an element of it)."""
    pages = sorted(site.rglob("*.html"))
    checked = 0
    for page in pages:
        if page.relative_to(site).as_posix() == "graph/index.html":
            continue  # the graph view has no links
        text = page.read_text(encoding="utf-8")
        assert "/endpoint" not in text
        assert "need the server (<code>chainkg serve</code>)" in text
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http://", "https://")):
                assert not href.startswith("https://w3id.org/chainkg/"), (page, href)
                continue
            assert not href.startswith("/"), (page, href)
            target, _, anchor = href.partition("#")
            resolved = (page.parent / unquote(target)).resolve() if target else page
            assert resolved.is_file(), (page, href)
            if anchor:
                assert f'id="{anchor}"' in resolved.read_text(encoding="utf-8"), (page, href)
            checked += 1
    assert checked > 10_000


def test_refuses_a_folder_that_is_not_a_site(built, tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    assert main(["site", "-o", str(folder), "--build-dir", str(built)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"chainkg site: {folder}: exists and is not a chainkg site "
                   "(no .chainkg-site); choose an empty or new folder")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
