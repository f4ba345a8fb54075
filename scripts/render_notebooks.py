#!/usr/bin/env python3
"""Execute the notebooks and render them to HTML for people without Jupyter.

Usage: python scripts/render_notebooks.py [--build-dir DIR] [--out DIR] [--timeout S]
                                          [NOTEBOOK ...]

Each notebook of ``notebooks/`` (or each one named) runs top to bottom in a fresh
kernel that runs this very interpreter, with ``notebooks/`` as its working folder,
``$CHAINKG_BUILD_DIR`` set to the build folder (built first if it has no ``chainkg.nt``)
and ``MPLBACKEND=Agg``. For each notebook the executed ``.ipynb`` and a ``.html`` page go
to ``--out`` (default: ``notebooks/`` in the build folder, i.e. ``graph/build/notebooks/``),
written atomically.

The pages work offline. nbconvert's ``lab`` template loads require.js, MathJax and
mermaid from CDNs; the template below extends it and leaves those script blocks out (the
notebooks use no widgets, LaTeX or mermaid diagrams). Its CSS is inlined by nbconvert,
charts are PNG ``data:`` URIs, and the interactive views are self-contained iframes.

Exit codes: 0 every notebook ran, 1 a cell failed (the others are still rendered),
2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
KERNEL = "chainkg-python"
DEFAULT_TIMEOUT = 600

# The lab template without the blocks that fetch scripts from CDNs (require.js, MathJax,
# mermaid, widget managers); nbconvert has no switch that turns all of them off.
OFFLINE_TEMPLATE = "chainkg-offline.html.j2"
OFFLINE_TEMPLATE_TEXT = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


class NotebookFailed(RuntimeError):
    """A cell raised; the message names the notebook, the cell and the error."""


def kernel_env(build_dir: Path) -> dict[str, str]:
    """The kernel's environment: this one, pointed at the build, with a headless backend."""
    return {**os.environ, "CHAINKG_BUILD_DIR": str(build_dir.resolve()), "MPLBACKEND": "Agg"}


def _kernel_registered() -> bool:
    return any((Path(entry) / "kernels" / KERNEL).is_dir()
               for entry in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if entry)


def use_this_python_as_kernel() -> None:
    """Register a kernel spec for this very interpreter, first on ``JUPYTER_PATH``.

    A plain ``python3`` kernel name resolves through the user's Jupyter folders first and
    may start some other Python without chainkg; this spec always runs ``sys.executable``.
    """
    import json
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="chainkg-jupyter-"))
    spec_dir = root / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (chainkg)", "language": "python"}), encoding="utf-8")
    previous = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(root), previous]))


def execute(path: Path, build_dir: Path, timeout: int = DEFAULT_TIMEOUT):
    """Run a notebook top to bottom; the executed notebook, or ``NotebookFailed``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    if not _kernel_registered():
        use_this_python_as_kernel()
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=timeout,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(env=kernel_env(build_dir))
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        where = next((f"cell {index}" for index, cell in enumerate(nb.cells)
                      if any(o.get("output_type") == "error" for o in cell.get("outputs", []))),
                     "a cell")
        detail = (f"{exc.ename}: {exc.evalue}" if isinstance(exc, CellExecutionError)
                  else str(exc).strip().splitlines()[0])
        raise NotebookFailed(f"{display(path)}: {where} failed: {detail}") from exc
    return nb


def to_html(nb) -> str:
    """An offline HTML page of an executed notebook (see the module docstring)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", embed_images=True,
                            extra_loaders=[DictLoader({OFFLINE_TEMPLATE: OFFLINE_TEMPLATE_TEXT})])
    exporter.template_file = OFFLINE_TEMPLATE
    body, _ = exporter.from_notebook_node(nb)
    return body


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def ensure_build(build_dir: Path) -> None:
    """Build once here, so that the kernels do not each start a build of their own."""
    if not (build_dir / "chainkg.nt").is_file():
        from chainkg.build import build

        print(f"building the graph in {display(build_dir)}")
        build(build_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Execute the notebooks and render each to an offline HTML page.")
    parser.add_argument("notebooks", nargs="*", type=Path, metavar="NOTEBOOK",
                        help="notebooks to render (default: every notebooks/*.ipynb)")
    parser.add_argument("--build-dir", type=Path, default=None, metavar="DIR",
                        help="graph build the notebooks read (default: $CHAINKG_BUILD_DIR or "
                             "graph/build; built if it has no chainkg.nt)")
    parser.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="output folder (default: BUILD_DIR/notebooks)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, metavar="S",
                        help=f"seconds a cell may run (default {DEFAULT_TIMEOUT})")
    args = parser.parse_args(argv)

    from chainkg.core.files import write_atomically
    from chainkg.core.paths import default_build_dir

    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"render_notebooks: {path}: not a notebook file", file=sys.stderr)
            return 2
    if args.timeout < 1:
        print("render_notebooks: --timeout must be at least 1", file=sys.stderr)
        return 2
    build_dir = (args.build_dir or default_build_dir()).resolve()
    out = args.out or build_dir / "notebooks"
    ensure_build(build_dir)

    import nbformat

    failed = 0
    for path in paths:
        try:
            nb = execute(path, build_dir, args.timeout)
        except NotebookFailed as exc:
            print(f"render_notebooks: {exc}", file=sys.stderr)
            failed += 1
            continue
        outputs = {f"{path.stem}.ipynb": nbformat.writes(nb).encode("utf-8"),
                   f"{path.stem}.html": to_html(nb).encode("utf-8")}
        for written in write_atomically(outputs, out):
            print(f"wrote {display(written)}")
    if failed:
        print(f"{failed} of {len(paths)} notebook(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
