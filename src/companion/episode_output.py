"""One transcript in, that episode's share of the package out: a pure function.

`build_episode_output` takes a transcript's bytes and metadata text and returns
everything the package needs from that episode: its rows, already written as
CSV lines in the schema's column order, the files it adds under data/source/,
and the report for the person building. Nothing here depends on the other
episodes, so episodes can be built in any process or on any machine and
assembled afterwards (see assemble.py), and a result can be cached as bytes
(`EpisodeOutput.to_bytes`, read back with `from_bytes`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from dataclasses import asdict, dataclass, field
from functools import cache
from operator import itemgetter

from .episode import Report, build_episode
from .errors import InputError
from .metadata import Metadata, parse_metadata
from .package import TranscriptInput, format_value
from .readers import detect_format, parse_format, read_transcript, source_suffix
from .schemas import TABLES, field_names, load_schema
from .source import decode_transcript, sha256


@dataclass(frozen=True)
class TableChunk:
    """An episode's rows of one table as CSV lines (no header), UTF-8."""

    body: bytes  # or a memoryview of a serialised EpisodeOutput
    rows: int

    def _row_ends(self):
        """The text, and the (characters, bytes) read after each row: rows are
        found by reading them back, since a cell may hold a newline (lines are
        not rows). Only at a part boundary, which is rare."""
        text = str(self.body, "utf-8")
        read = [0, 0]

        def lines():
            for line in io.StringIO(text, newline=""):
                read[0] += len(line)
                read[1] += len(line.encode("utf-8"))
                yield line

        return text, ((read[0], read[1]) for _ in csv.reader(lines()))

    def split(self, rows: int) -> tuple["TableChunk", "TableChunk"]:
        """The first `rows` rows and the rest (for a multipart table's part boundary)."""
        text, ends = self._row_ends()
        consumed = 0
        for _, (consumed, _) in zip(range(rows), ends):
            pass
        return (TableChunk(text[:consumed].encode("utf-8"), rows),
                TableChunk(text[consumed:].encode("utf-8"), self.rows - rows))

    def rows_within(self, size: int) -> int:
        """How many of the first rows fit in `size` bytes (for a part's byte limit)."""
        fitted = 0
        for _, used in self._row_ends()[1]:
            if used > size:
                break
            fitted += 1
        return fitted


@dataclass(frozen=True)
class EpisodeOutput:
    path: str  # the transcript, for messages
    episode_id: str
    episode: dict  # the episodes row, for the package descriptor
    tables: dict[str, TableChunk]
    files: dict[str, bytes]  # path in the package -> bytes (the source, its original, its metadata)
    report: Report = field(default_factory=Report)

    def to_bytes(self) -> bytes:
        """A self-checking serialisation (for the cache and for moving results between processes)."""
        blobs: list[bytes] = []
        offset = 0

        def place(data: bytes) -> list[int]:
            nonlocal offset
            blobs.append(data)
            offset += len(data)
            return [offset - len(data), len(data)]

        header = {
            "path": self.path, "episode_id": self.episode_id, "episode": self.episode,
            "report": asdict(self.report),
            "tables": {name: [*place(chunk.body), chunk.rows] for name, chunk in self.tables.items()},
            "files": {rel: place(data) for rel, data in self.files.items()},
        }
        head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        payload = b"".join(blobs)
        return _MAGIC + struct.pack("<QI", len(head), zlib.crc32(payload, zlib.crc32(head))) + head + payload

    @classmethod
    def from_bytes(cls, data: bytes, verify: bool = True) -> "EpisodeOutput":
        """Read back `to_bytes`; ValueError when the bytes are not one intact result.

        The parts are views into `data`, not copies. `verify=False` skips the
        checksum, for bytes that come straight from a worker rather than from disk."""
        start = len(_MAGIC) + 12
        if not data.startswith(_MAGIC) or len(data) < start:
            raise ValueError("not an episode result")
        size, crc = struct.unpack_from("<QI", data, len(_MAGIC))
        view = memoryview(data)
        head, payload = view[start:start + size], view[start + size:]
        if len(head) != size or (verify and zlib.crc32(payload, zlib.crc32(head)) != crc):
            raise ValueError("episode result is damaged")
        end = len(payload)

        def part(offset: int, length: int) -> memoryview:
            if not (0 <= offset and 0 <= length and offset + length <= end):
                raise ValueError("a part lies outside the result")
            return payload[offset:offset + length]

        try:
            h = json.loads(bytes(head))
            report = Report(**h["report"])
            tables = {name: TableChunk(part(o, n), rows) for name, (o, n, rows) in h["tables"].items()}
            files = {rel: part(o, n) for rel, (o, n) in h["files"].items()}
            return cls(h["path"], h["episode_id"], h["episode"], tables, files, report)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"episode result is damaged ({exc})") from None


_MAGIC = b"companion-episode-output 1\n"


def build_episode_output(item: TranscriptInput, encoding: str = "utf-8", fmt: str | None = None) -> EpisodeOutput:
    """Every row and file one transcript contributes to a package.

    The metadata file's `encoding`, when it sets one, wins over `encoding`
    (the command's --encoding). The format is `fmt` (the command's --format)
    or else detected from the content, the file's suffix a hint. Raises
    InputError on bad input.
    """
    if item.metadata_text is not None:
        metadata = parse_metadata(item.metadata_text, item.metadata_path)
    else:
        metadata = Metadata(path=item.metadata_path or "")
    source = decode_transcript(item.raw, item.path, metadata.episode.get("encoding") or encoding)
    eid = metadata.episode.get("episode_id") or episode_id_from_name(item)
    chosen = parse_format(fmt) if fmt else detect_format(source.text, item.suffix, item.path)
    reading = read_transcript(source.text, chosen, item.path)
    suffix = source_suffix(chosen)
    utf8 = item.raw if source.encoding == "utf-8" else source.text.encode("utf-8")  # one copy when nothing changed
    facts = {"episode_id": eid, "source_path": f"data/source/{eid}{suffix}", "original_encoding": source.encoding,
             "source_sha256": sha256(utf8), "original_sha256": sha256(item.raw), "original_path": None}
    files = {facts["source_path"]: utf8}
    if utf8 != item.raw:
        facts["original_path"] = f"data/source/original/{eid}{suffix}"
        files[facts["original_path"]] = item.raw
    if metadata.path and item.metadata_text is not None:
        files[f"data/source/{eid}.yaml"] = item.metadata_text.encode("utf-8")
    rows, report = build_episode(source.text, facts, metadata, reading)
    tables = {name: encode_rows(name, rows.get(name, [])) for name in TABLES}
    return EpisodeOutput(item.path, eid, rows["episodes"][0], tables, files, report)


def episode_id_from_name(item: TranscriptInput) -> str:
    eid = re.sub(r"[^a-z0-9._-]+", "-", item.stem.lower()).strip("-._")
    if not eid:
        raise InputError(item.path, "cannot make an episode id from the file name; set episode_id in the metadata file")
    return eid


@cache
def _layout(table: str) -> tuple[list[str], frozenset[str], itemgetter, tuple[int, ...]]:
    """The schema's columns, and which of them need format_value: booleans and
    numbers. Other cells are str, int or None, which the csv module writes the
    same way (None as an empty cell)."""
    columns = field_names(table)
    special = tuple(i for i, f in enumerate(load_schema(table)["fields"]) if f["type"] in ("boolean", "number"))
    return columns, frozenset(columns), itemgetter(*columns), special


def encode_rows(table: str, rows: list[dict]) -> TableChunk:
    """Rows as CSV lines with the schema's columns in the schema's order."""
    columns, names, values, special = _layout(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    write = writer.writerow
    for row in rows:
        if row.keys() != names:
            raise ValueError(f"{table}: row keys {sorted(set(row) ^ names)} differ from the schema")
        cells = values(row)
        if special:
            cells = list(cells)
            for i in special:
                cells[i] = format_value(cells[i])
        write(cells)
    return TableChunk(out.getvalue().encode("utf-8"), len(rows))


def header_line(table: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(field_names(table))
    return out.getvalue().encode("utf-8")
