"""Files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file to a temporary name first, then rename: never a half-written file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed later
                dir=out_dir, prefix=f".{name}.", delete=False)
            with handle:
                handle.write(data)
            staged.append((name, Path(handle.name)))
            # NamedTemporaryFile creates 0600 files; give outputs the usual umask mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(handle.name, 0o666 & ~umask)
    except BaseException:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    written = []
    for name, temp in staged:
        target = out_dir / name
        os.replace(temp, target)
        written.append(target)
    return written



def missing_folder(path: Path) -> str | None:
    """Why ``path`` cannot be written as an output named with ``-o``, or None if it can.

    Every command that writes a file named on its command line refuses a folder that does
    not exist, rather than creating it: a typo in the path should not leave new folders
    behind. (Default output folders, such as the build folder, are created as needed.)
    """
    folder = Path(path).expanduser().absolute().parent
    if folder.is_dir():
        return None
    if folder.exists():
        return f"cannot write {path}: {folder} is not a folder"
    return f"cannot write {path}: folder {folder} does not exist (create it first)"
