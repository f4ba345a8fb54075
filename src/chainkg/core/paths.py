"""Where the ontology, vocabularies, shapes, records and build folder live.

A wheel carries the data under ``chainkg/data``; a source checkout keeps it at the
top of the repository, where curators edit it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent.parent


@dataclass(frozen=True)
class DataLayout:
    root: Path
    in_checkout: bool

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "chainkg.ttl"

    @property
    def vocab_dir(self) -> Path:
        return self.root / "ontology" / "vocab"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def rules_dir(self) -> Path:
        return self.root / "ontology" / "rules"

    @property
    def records_dir(self) -> Path:
        return self.root / "graph" / "records"

    @property
    def reference_dir(self) -> Path:
        return self.root / "graph" / "reference"

    @property
    def sources_manifest(self) -> Path:
        return self.root / "graph" / "sources.yaml"

    @property
    def distinct_list(self) -> Path:
        """Reviewed pairs of look-alike records that are different entities."""
        return self.root / "graph" / "distinct.yaml"


def data_layout(root: Path | None = None) -> DataLayout:
    """``$CHAINKG_DATA``, else the data the package was installed with, else the checkout."""
    if root is None and (env := os.environ.get("CHAINKG_DATA")):
        root = Path(env)
    if root is not None:
        return DataLayout(Path(root), in_checkout=True)
    packaged = _PACKAGE / "data"
    if (packaged / "ontology" / "chainkg.ttl").is_file():
        return DataLayout(packaged, in_checkout=False)
    return DataLayout(_CHECKOUT, in_checkout=True)


def default_build_dir() -> Path:
    """``$CHAINKG_BUILD_DIR``, else ``graph/build`` of the checkout (or of ``$CHAINKG_DATA``),
    else, for an installed package, a per-user cache folder (``platformdirs``), never the
    current directory."""
    if env := os.environ.get("CHAINKG_BUILD_DIR"):
        return Path(env)
    layout = data_layout()
    if layout.in_checkout:
        return layout.root / "graph" / "build"
    import platformdirs

    from .. import __version__

    return platformdirs.user_cache_path("chainkg") / __version__ / "build"


def default_sources_dir() -> Path | None:
    """The folder of full source texts named by ``$CHAINKG_SOURCES``, if any."""
    env = os.environ.get("CHAINKG_SOURCES")
    return Path(env) if env else None


def display_path(path: Path) -> str:
    """A path as people should read it in messages: relative to the cwd when inside it."""
    cwd = Path.cwd().resolve()
    # The path as named first (a symbolic link is shown as itself), then as resolved.
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        try:
            return str(candidate.relative_to(cwd))
        except ValueError:
            continue
    return str(path)
