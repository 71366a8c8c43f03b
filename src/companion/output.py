"""Reading inputs and writing packages: the only module that touches the disk."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import InputError
from .package import TranscriptInput
from .source import MAX_BYTES


def read_input(path: Path) -> TranscriptInput:
    """A transcript's bytes and, when `talk.yaml` sits next to `talk.txt`, its metadata."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a transcript file")
    size = path.stat().st_size
    if size > MAX_BYTES:  # refuse before reading it all into memory
        raise InputError(path, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None
    meta = path.with_suffix(".yaml")
    if not meta.is_file():
        return TranscriptInput(str(path), raw)
    try:
        text = meta.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(meta, f"metadata is not valid UTF-8 (byte offset {exc.start})") from None
    return TranscriptInput(str(path), raw, str(meta), text)


def write_package(files: dict[str, bytes], out: Path) -> None:
    """Write a whole package into `out`, replacing any package there at once."""
    with staged_package(out) as staging:
        _write_all(files, staging.folder)


class Staging:
    """The folder a package is written into before it is swapped into place."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.hashes: dict[str, str] = {}  # path -> sha256 of every file written, for the caller to fill


@contextlib.contextmanager
def staged_package(out: Path) -> Iterator[Staging]:
    """A staging folder beside `out`, swapped in for `out` when the block ends
    without an exception, removed when it raises.

    Everything is written into the staging folder and renamed into place, so a
    failed or killed build leaves the previous package as it was.
    """
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(out, "output path exists and is not a folder")
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InputError(out, f"cannot write the output folder: {blocked} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "datapackage.json").is_file():
        raise InputError(out, "output folder is not empty and holds no datapackage.json; refusing to replace it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise InputError(out, f"cannot write the output folder: {exc.strerror}") from None
    try:
        yield Staging(staging)
        os.chmod(staging, 0o755)
        if out.exists():
            if not _exchange(staging, out):
                old = staging.with_suffix(".old")
                os.rename(out, old)  # without renameat2 a kill here leaves `out` missing
                os.rename(staging, out)
                staging = old
            shutil.rmtree(staging)  # now the previous package
        else:
            os.rename(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(out, f"cannot write the package: {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE).
    Returns False where the system cannot, so the caller falls back to two renames."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def update_in_place(files: dict[str, bytes], root: Path) -> list[str]:
    """Rebuild a package that lives among other files (the repository itself).

    Each changed file is staged and then renamed over the old one, with
    datapackage.json last; files already identical are left untouched.
    Returns the paths that changed.
    """
    changed = [rel for rel, data in files.items() if _read(root / rel) != data]
    changed.sort(key=lambda rel: rel == "datapackage.json")
    staging = Path(tempfile.mkdtemp(prefix=".companion-build.", dir=root))
    try:
        _write_all({rel: files[rel] for rel in changed}, staging)
        for rel in changed:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, root / rel)
    except OSError as exc:
        raise InputError(root, f"cannot write the package: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changed


def _write_all(files: dict[str, bytes], folder: Path) -> None:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
