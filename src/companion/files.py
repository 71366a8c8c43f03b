"""Reading files that may be hostile: regular files only, never more than a limit.

`os.stat` says 0 bytes for /dev/zero and a FIFO blocks whoever opens it, so
the file is opened without blocking, checked with fstat, and read up to the
limit plus one byte whatever its size claims.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileProblem(ValueError):
    """A file that cannot or must not be read; the message says why, without the
    path: "no such file", "cannot be read: ...", or "is ..." (a FIFO, too big)."""


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def check_regular_file(path: Path | str, limit: int) -> None:
    """FileProblem unless `path` (after symlinks) is a regular file of at most `limit` bytes."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileProblem("no such file") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(f"is {kind(info.st_mode)}, not a regular file")
    if info.st_size > limit:
        raise FileProblem(f"is {info.st_size:,} bytes; the limit is {limit:,} bytes")


def read_regular_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileProblem otherwise."""
    check_regular_file(path, limit)  # before opening: opening a device can have effects
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FileProblem("no such file") from None
    except OSError as exc:
        raise FileProblem(f"cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"is {kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise FileProblem(f"is {info.st_size:,} bytes; the limit is {limit:,} bytes")
        chunks, size = [], 0
        try:
            while size <= limit:
                chunk = handle.read(min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            raise FileProblem(f"cannot be read: {exc.strerror}") from None
    if size > limit:  # it grew, or its size lied
        raise FileProblem(f"is over {limit:,} bytes, the limit")
    return b"".join(chunks)
