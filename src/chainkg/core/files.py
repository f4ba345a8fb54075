"""Files written whole or not at all."""

from __future__ import annotations

import os
import sys
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


_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False when
    the system offers no such call. os has no binding for it, hence ctypes."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here
            return False
        raise OSError(errno, os.strerror(errno), str(second))
    return True


STAGING_PREFIX = ".staging-"


def replace_directory(outputs: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Make ``out_dir`` hold ``outputs`` (other files in it are kept), all old or all new
    even if the process is killed midway.

    The set is written to a staging folder next to ``out_dir`` and swapped in with one
    rename-exchange; the old set is then deleted. Staging folders left by a killed run
    are removed first.
    """
    import shutil

    out_dir = Path(out_dir)
    parent, name = out_dir.parent, out_dir.name
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"cannot write {out_dir}: it is not a directory")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        for stale in parent.glob(f".{name}{STAGING_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
        if out_dir.is_dir():  # temporary files of single-file writes that were killed
            for stale in out_dir.glob(".chainkg.*"):
                stale.unlink(missing_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}{STAGING_PREFIX}"))
    except OSError as exc:
        raise WriteError(f"cannot write in {parent}: {exc.strerror or exc}") from None
    try:
        os.chmod(staging, 0o777 & ~_umask())
        if out_dir.is_dir():
            # Anything else in the folder survives the swap (hard links cost no copy).
            for entry in out_dir.iterdir():
                if entry.name in outputs or entry.name.startswith(".chainkg."):
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    # Folders written next to the build (rendered notebooks, benchmark
                    # results) are carried over as a tree of hard links: the old set
                    # stays whole until the swap.
                    shutil.copytree(entry, staging / entry.name, symlinks=True,
                                    copy_function=_link_or_copy)
                    continue
                _link_or_copy(entry, staging / entry.name)
        for file_name, data in outputs.items():
            (staging / file_name).write_bytes(data)
        if out_dir.is_dir():
            if not _exchange(staging, out_dir):
                old = staging.with_name(staging.name + "-old")
                os.replace(out_dir, old)
                os.replace(staging, out_dir)
                staging = old
        else:
            os.replace(staging, out_dir)
    except WriteError:
        raise
    except OSError as exc:
        raise WriteError(f"cannot write {out_dir}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / file_name for file_name in outputs]



def _link_or_copy(source, target) -> None:
    """A hard link where the file system allows one (no bytes copied), else a copy."""
    import shutil

    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


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


def refresh_generated(path: Path, text: str, check: bool, command: str) -> int:
    """Write a generated file that is committed (a reference table, a generated section of a
    document), or with ``check`` only say whether the committed one is current.

    Returns 0 when it was written or is current, 1 when ``check`` finds it stale (the
    message names the command that rewrites it). Writing goes through write_atomically."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check:
        if current != text:
            print(f"{path} is out of date: run {command}", file=sys.stderr)
            return 1
        print(f"{path} is current")
        return 0
    write_atomically({path.name: text.encode("utf-8")}, path.parent)
    print(f"wrote {path}")
    return 0
