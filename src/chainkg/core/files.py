"""Files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(OSError):
    """An output cannot be written; the message is one line that names the file."""


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_atomically(outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file to a temporary name first, then rename: never a half-written file.

    A target that is a directory, or a folder that cannot be written, raises ``WriteError``
    before anything is written; temporary files never outlive a failure.
    """
    for name in outputs:
        target = out_dir / name
        if target.is_dir():
            raise WriteError(f"cannot write {target}: it is a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in outputs.items():
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed later
                dir=out_dir, prefix=f".{name}.", delete=False)
            staged.append((name, Path(handle.name)))
            with handle:
                handle.write(data)
            # NamedTemporaryFile creates 0600 files; give outputs the usual umask mode.
            os.chmod(handle.name, 0o666 & ~_umask())
        written = []
        for name, temp in staged:
            target = out_dir / name
            os.replace(temp, target)
            written.append(target)
        return written
    except OSError as exc:
        raise WriteError(f"cannot write in {out_dir}: {exc.strerror or exc}") from None
    finally:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
