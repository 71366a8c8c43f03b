"""Assembling a package from episode outputs, streamed in order.

`Assembler.add` takes one episode's output (episode_output.py) at a time and
appends its rows to the tables' CSV files straight away, so no table is ever
held whole in memory: only the episodes rows are kept, for the descriptor.
`finish` writes the schemas and datapackage.json. Every file goes through a
sink: `FolderSink` writes into a staging folder (output.py swaps it into
place) and records each file's sha256; `MemorySink` keeps the files as bytes
(for small builds and tests). Both produce the same bytes.

Big tables: past `max_rows` data rows a table is written as several parts,
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
from pathlib import Path, PurePosixPath

from .episode_output import EpisodeOutput, TableChunk, header_line
from .errors import InputError
from .package import describe
from .schemas import TABLES, schema_bytes

# Excel and LibreOffice open at most 1,048,576 rows, the header included.
SPREADSHEET_ROWS = 1_048_575


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
    """Files written under a (staging) folder; `hashes` records each file's sha256."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hashes: dict[str, str] = {}
        self._open: dict[str, tuple] = {}  # rel -> (file, running sha256)
        self._made: set[str] = set()

    def _create(self, rel: str):
        _check_relative(rel)
        if rel in self.hashes or rel in self._open:
            raise InputError(rel, "is written twice")
        parent = PurePosixPath(rel).parent
        if str(parent) not in self._made:
            (self.folder / parent).mkdir(parents=True, exist_ok=True)
            self._made.add(str(parent))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        return os.fdopen(os.open(self.folder / rel, flags, 0o644), "wb", buffering=1 << 20)

    def append(self, rel: str, data: bytes) -> None:
        if rel not in self._open:
            self._open[rel] = (self._create(rel), hashlib.sha256())
        handle, digest = self._open[rel]
        handle.write(data)
        digest.update(data)

    def write(self, rel: str, data: bytes) -> None:
        with self._create(rel) as handle:
            handle.write(data)
        self.hashes[rel] = hashlib.sha256(data).hexdigest()

    def _seal(self, rel: str) -> None:
        handle, digest = self._open.pop(rel)
        handle.close()
        self.hashes[rel] = digest.hexdigest()

    def rename(self, old: str, new: str) -> None:
        if old in self._open:
            self._seal(old)
        _check_relative(new)
        os.rename(self.folder / old, self.folder / new)
        self.hashes[new] = self.hashes.pop(old)

    def close(self) -> dict[str, str]:
        for rel in list(self._open):
            self._seal(rel)
        return dict(sorted(self.hashes.items()))

    def abort(self) -> None:
        for handle, _ in self._open.values():
            handle.close()
        self._open.clear()


def _check_relative(rel: str) -> None:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or "\\" in rel or any(p in ("..", ".", "") for p in parts) or "\x00" in rel:
        raise ValueError(f"refusing to write {rel!r}: not a plain relative path")


class _Table:
    """One table's CSV parts, filled in order."""

    def __init__(self, name: str, sink, max_rows: int) -> None:
        self.name, self.sink, self.max_rows = name, sink, max_rows
        self.header = header_line(name)
        self.parts: list[str] = []
        self.rows_in_part = 0
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

    def add(self, chunk: TableChunk) -> None:
        while chunk.rows:
            room = self.max_rows - self.rows_in_part
            if room == 0:
                self._start_part()
                continue
            if chunk.rows > room:
                head, chunk = chunk.split(room)
            else:
                head, chunk = chunk, TableChunk(b"", 0)
            self.sink.append(self.parts[-1], head.body)
            self.rows_in_part += head.rows


class Assembler:
    """Episodes in, package files out, in the order the episodes are added."""

    def __init__(self, sink, max_rows: int = SPREADSHEET_ROWS) -> None:
        if max_rows < 1:
            raise ValueError("max_rows must be at least 1")
        self.sink = sink
        self.tables = {name: _Table(name, sink, max_rows) for name in TABLES}
        self.episodes: list[dict] = []
        self.seen: dict[str, str] = {}  # episode id -> transcript path

    def check(self, output: EpisodeOutput) -> None:
        """Raise InputError when this episode cannot join the package (its id is taken)."""
        if output.episode_id in self.seen:
            raise InputError(output.path, f"episode id {output.episode_id!r} is already used by {self.seen[output.episode_id]}")

    def add(self, output: EpisodeOutput) -> None:
        self.check(output)
        self.seen[output.episode_id] = output.path
        for rel, data in output.files.items():
            self.sink.write(rel, data)
        for name in TABLES:
            self.tables[name].add(output.tables[name])
        self.episodes.append(output.episode)

    def finish(self, created: str | None = None) -> dict:
        """Write the schemas and datapackage.json; return the descriptor."""
        if not self.episodes:
            raise InputError("(no transcripts)", "nothing to build: give at least one transcript")
        for name in TABLES:
            self.sink.write(f"schemas/{name}.schema.json", schema_bytes(name))
        descriptor = describe(self.episodes, created)
        for resource in descriptor["resources"]:
            parts = self.tables[resource["name"]].parts
            if len(parts) > 1:
                resource["path"] = parts
                resource.pop("scheme", None)  # frictionless picks its multipart loader itself
        self.sink.write("datapackage.json", (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        return descriptor
