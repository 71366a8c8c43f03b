"""Assembling a package: rows in, file contents out (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from . import __version__
from .episode import Report
from .errors import InputError
from .schemas import TABLES

DATAPACKAGE_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"


@dataclass(frozen=True)
class TranscriptInput:
    """One transcript as read from disk: its name, bytes, and metadata text (if any)."""

    path: str  # for messages
    raw: bytes
    metadata_path: str | None = None
    metadata_text: str | None = None

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path.replace("\\", "/")).stem

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path.replace("\\", "/")).suffix


def build_files(inputs: list[TranscriptInput], encoding: str = "utf-8", created: str | None = None,
                fmt: str | None = None) -> tuple[dict[str, bytes], list[Report]]:
    """Every file of the package, keyed by its path relative to datapackage.json.

    Each transcript's format is detected from its content (the suffix a hint)
    unless `fmt` names one for all of them. Held in memory: for one episode or
    a few; `companion build` streams the same episodes through the same
    Assembler into a folder (corpus.py)."""
    from .assemble import Assembler, MemorySink
    from .episode_output import build_episode_output

    if not inputs:
        raise InputError("(no transcripts)", "nothing to build: give at least one transcript")
    assembler = Assembler(MemorySink())
    reports: list[Report] = []
    for item in inputs:
        output = build_episode_output(item, encoding, fmt)
        assembler.add(output)
        reports.append(output.report)
    assembler.finish(created)
    return assembler.sink.close(), reports


def describe(episodes: list[dict], created: str | None) -> dict:
    """The datapackage.json descriptor; every value comes from the inputs, none from the clock."""
    single = episodes[0] if len(episodes) == 1 else None
    dates = sorted(e["broadcast_date"] for e in episodes if e.get("broadcast_date"))
    created = created or (f"{dates[-1]}T00:00:00Z" if dates else None)
    programs = sorted({e["program"] for e in episodes if e.get("program")})
    publishers = sorted({e["publisher"] for e in episodes if e.get("publisher")})
    descriptor = {
        "$schema": DATAPACKAGE_SCHEMA,
        "name": f"{single['episode_id']}-companion" if single else "interview-companion",
        "title": f"Companion data: {single['title']}" if single and single.get("title") else f"Companion data for {len(episodes)} interview transcript(s)",
        "description": (
            "Tables made from a broadcast interview transcript: the page's segments, the paragraphs, "
            "speaker turns, speakers, links and figures cited, each row tied to the source text by "
            "character offsets and marked with how its facts were obtained (label, inference or annotation)."
        ),
        "version": __version__,
        "created": created,
        "keywords": ["interview", "transcript", "radio", "broadcast", "speaker turns", "conversation analysis", *programs],
        "contributors": [
            {"title": "Companion data package maintainers", "roles": ["creator", "dataCurator"]},
            *({"title": p, "roles": ["rightsHolder"]} for p in publishers),
        ],
        "sources": [
            {"title": e.get("title") or e["episode_id"], **({"path": e["source_url"]} if e.get("source_url") else {})}
            for e in episodes
        ],
        "licenses": [
            {
                "name": "other-closed",
                "title": "Transcript text: all rights reserved by its publisher; quoted here for reference and research. "
                "Code and table design: MIT (see LICENSE).",
            }
        ],
        "resources": [
            {
                "name": name,
                "type": "table",
                "path": f"data/{name}.csv",
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"header": True, "delimiter": ",", "quoteChar": "\"", "doubleQuote": True},
                "schema": f"schemas/{name}.schema.json",
            }
            for name in TABLES
        ],
    }
    if created is None:
        del descriptor["created"]
    return descriptor
