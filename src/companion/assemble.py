"""Assembling a package from episode outputs, streamed in order.

`Assembler.add` takes one episode's output (episode_output.py) at a time and
appends its rows to the tables' CSV files straight away, so no table is ever
held whole in memory: only the episodes rows are kept, for the descriptor.
`finish` writes the schemas and datapackage.json. Every file goes through a
sink: `FolderSink` writes into a staging folder (output.py swaps it into
place) and records each file's sha256; `MemorySink` keeps the files as bytes
(for small builds and tests). Both produce the same bytes.

Big tables: past `max_rows` data rows, or past `max_bytes` (half of what
`companion validate` reads of one CSV file), a table is written as several parts,
`data/NAME-001.csv`, `data/NAME-002.csv`..., listed in order in the resource's
`path` (a Data Package multipart resource). Each part starts with the header
row, so that each opens on its own in a spreadsheet: frictionless skips the
first line of every part after the first when the dialect has a header, and
datapackage-py skips it when it equals the first part's header.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from pathlib import Path, PurePosixPath

from .episode_output import EpisodeOutput, TableChunk, header_line
from .errors import InputError
from .package import describe
from .package_metadata import PackageMetadata
from .sandbox import MAX_TABLE_BYTES
from .schemas import TABLES, schema_bytes

FILE_MODE, DIR_MODE = 0o644, 0o755  # as output.py writes them, whatever the umask
# Excel and LibreOffice open at most 1,048,576 rows, the header included.
SPREADSHEET_ROWS = 1_048_575
# validate refuses a CSV file over MAX_TABLE_BYTES (a bound on hostile input), so
# a part stays well under it: a package that builds must validate.
PART_BYTES = MAX_TABLE_BYTES // 2


class MemorySink:
    """Files kept in memory: path -> bytes."""

    def __init__(self) -> None:
        self.files: dict[str, bytearray] = {}

    def append(self, rel: str, data: bytes) -> None:
        self.files.setdefault(rel, bytearray()).extend(data)

    def write(self, rel: str, data: bytes) -> None:
        if rel in self.files:
            raise InputError(rel, "is written twice")
        self.files[rel] = bytearray(data)

    def rename(self, old: str, new: str) -> None:
        self.files[new] = self.files.pop(old)

    def close(self) -> dict[str, bytes]:
        return {rel: bytes(data) for rel, data in sorted(self.files.items())}


class FolderSink:
    """Files written under a (staging) folder; `close` returns each file's sha256.

    Rows go straight to the files with one write call per episode and table;
    the hashes are computed, and finished files flushed to disk (fsync), on a
    second thread (both let go of the GIL), so that they overlap with writing."""

    _FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self._open: dict[str, int] = {}  # rel -> file descriptor, for tables being filled
        self._written: set[str] = set()
        self._made: set[str] = {""}
        self._digests: dict[str, object] = {}  # owned by the hashing thread until close()
        self._sync_error: OSError | None = None
        self._queue: queue.Queue = queue.Queue(maxsize=512)
        self._thread = threading.Thread(target=self._hash, name="companion-hash", daemon=True)
        self._thread.start()

    def _hash(self) -> None:
        while True:
            message = self._queue.get()
            if message is None:
                return
            if message[0] == "data":
                _, rel, data = message
                digest = self._digests.get(rel)
                if digest is None:
                    digest = self._digests[rel] = hashlib.sha256()
                digest.update(data)
            elif message[0] == "sync":  # a finished file, flushed to disk here rather than on the main thread
                try:
                    fd = os.open(os.path.join(self.folder, message[1]), os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
                except OSError as exc:
                    self._sync_error = self._sync_error or exc
            else:  # ("rename", old, new)
                self._digests[message[2]] = self._digests.pop(message[1], None) or hashlib.sha256()

    def _create(self, rel: str) -> int:
        _check_relative(rel)
        if rel in self._written:
            raise InputError(rel, "is written twice")
        self._written.add(rel)
        self._make_folder(rel.rpartition("/")[0])
        fd = os.open(os.path.join(self.folder, rel), self._FLAGS, FILE_MODE)
        os.fchmod(fd, FILE_MODE)  # whatever the umask
        return fd

    def _make_folder(self, rel: str) -> None:
        if rel in self._made:
            return
        self._make_folder(rel.rpartition("/")[0])
        path = os.path.join(self.folder, rel)
        os.mkdir(path, DIR_MODE)
        os.chmod(path, DIR_MODE)  # whatever the umask
        self._made.add(rel)

    @staticmethod
    def _write_all(fd: int, data) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]

    def append(self, rel: str, data) -> None:
        fd = self._open.get(rel)
        if fd is None:
            fd = self._open[rel] = self._create(rel)
        self._write_all(fd, data)
        self._queue.put(("data", rel, data))

    def write(self, rel: str, data) -> None:
        fd = self._create(rel)
        try:
            self._write_all(fd, data)
        finally:
            os.close(fd)
        self._queue.put(("data", rel, data))
        self._queue.put(("sync", rel))

    def _seal(self, rel: str) -> None:
        fd = self._open.pop(rel)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def rename(self, old: str, new: str) -> None:
        _check_relative(new)
        if old in self._open:
            self._seal(old)
        os.rename(os.path.join(self.folder, old), os.path.join(self.folder, new))
        self._written.discard(old)
        self._written.add(new)
        self._queue.put(("rename", old, new))

    def close(self) -> dict[str, str]:
        """Flush and close every file; return path -> sha256 of every file written."""
        for rel in list(self._open):
            self._seal(rel)
        self._stop()
        if self._sync_error is not None:
            raise self._sync_error
        return {rel: self._digests[rel].hexdigest() if rel in self._digests else hashlib.sha256().hexdigest()
                for rel in sorted(self._written)}

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def abort(self) -> None:
        for fd in self._open.values():
            os.close(fd)
        self._open.clear()
        self._stop()


def _check_relative(rel: str) -> None:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in parts) or "\x00" in rel:
        raise ValueError(f"refusing to write {rel!r}: not a plain relative path")


class _Table:
    """One table's CSV parts, filled in order."""

    def __init__(self, name: str, sink, max_rows: int, max_bytes: int) -> None:
        self.name, self.sink, self.max_rows, self.max_bytes = name, sink, max_rows, max_bytes
        self.header = header_line(name)
        self.parts: list[str] = []
        self.rows_in_part = 0
        self.bytes_in_part = 0
        self._start_part()

    def _part_name(self, number: int) -> str:
        return f"data/{self.name}-{number:03d}.csv"

    def _start_part(self) -> None:
        if len(self.parts) == 1:  # the table outgrew one file: its first part gets a number too
            self.sink.rename(self.parts[0], self._part_name(1))
            self.parts[0] = self._part_name(1)
        rel = f"data/{self.name}.csv" if not self.parts else self._part_name(len(self.parts) + 1)
        self.parts.append(rel)
        self.sink.append(rel, self.header)
        self.rows_in_part = 0
        self.bytes_in_part = len(self.header)

    def add(self, chunk: TableChunk) -> None:
        while chunk.rows:
            room = self.max_rows - self.rows_in_part
            if len(chunk.body) > self.max_bytes - self.bytes_in_part:
                room = min(room, chunk.rows_within(self.max_bytes - self.bytes_in_part))
                if room == 0 and self.rows_in_part == 0:
                    room = 1  # one row longer than a part holds: it gets a part of its own
            if room == 0:
                self._start_part()
                continue
            if chunk.rows > room:
                head, chunk = chunk.split(room)
            else:
                head, chunk = chunk, TableChunk(b"", 0)
            self.sink.append(self.parts[-1], head.body)
            self.rows_in_part += head.rows
            self.bytes_in_part += len(head.body)


class Assembler:
    """Episodes in, package files out, in the order the episodes are added."""

    def __init__(self, sink, max_rows: int = SPREADSHEET_ROWS, max_bytes: int = PART_BYTES) -> None:
        if max_rows < 1 or max_bytes < 1:
            raise ValueError("max_rows and max_bytes must be at least 1")
        self.sink = sink
        self.tables = {name: _Table(name, sink, max_rows, max_bytes) for name in TABLES}
        self.episodes: list[dict] = []
        self.seen: dict[str, str] = {}  # episode id -> transcript path
        self.written_sources: set[str] = set()

    def check(self, output: EpisodeOutput) -> None:
        """Raise InputError when this episode cannot join the package (its id is taken)."""
        if output.episode_id in self.seen:
            raise InputError(output.path, f"episode id {output.episode_id!r} is already used by {self.seen[output.episode_id]}")

    def add(self, output: EpisodeOutput) -> None:
        self.check(output)
        for rel in output.files:
            if rel in self.written_sources:
                raise InputError(output.path, f"{rel} is also written by another episode; set distinct episode ids")
        self.seen[output.episode_id] = output.path
        for rel, data in output.files.items():
            self.sink.write(rel, data)
            self.written_sources.add(rel)
        for name in TABLES:
            self.tables[name].add(output.tables[name])
        self.episodes.append(output.episode)

    def finish(self, created: str | None = None, package: PackageMetadata | None = None) -> dict:
        """Write the package metadata file (if any), the schemas and
        datapackage.json; return the descriptor."""
        if not self.episodes:
            raise InputError("(no transcripts)", "nothing to build: give at least one transcript")
        if package is not None and package.text is not None:  # kept beside the transcripts, as their metadata files are
            kept = f"data/source/{PurePosixPath(package.path.replace(chr(92), '/')).name}"
            if kept in self.written_sources:
                raise InputError(package.path, f"{kept} is also an episode's file; rename that episode")
            self.sink.write(kept, package.text.encode("utf-8"))
        for name in TABLES:
            self.sink.write(f"schemas/{name}.schema.json", schema_bytes(name))
        descriptor = describe(self.episodes, created, package)
        for resource in descriptor["resources"]:
            parts = self.tables[resource["name"]].parts
            if len(parts) > 1:
                resource["path"] = parts
                resource.pop("scheme", None)  # frictionless picks its multipart loader itself
        self.sink.write("datapackage.json", (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return descriptor
