"""Assembling a package: rows in, file contents out (no I/O here)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import __version__
from .episode import Report
from .errors import InputError
from .package_metadata import PackageMetadata
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


def build_files(
    inputs: list[TranscriptInput],
    encoding: str | None = None,
    created: str | None = None,
    fmt: str | None = None,
    package: PackageMetadata | None = None,
) -> tuple[dict[str, bytes], list[Report]]:
    """Every file of the package, keyed by its path relative to datapackage.json.

    Each transcript's format is detected from its content (the suffix a hint)
    unless `fmt` names one for all of them. `package` is the package-level
    metadata (package.yaml and the command's options). Held in memory: for one
    episode or a few; `companion build` streams the same episodes through the
    same Assembler into a folder (corpus.py)."""
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
    assembler.finish(created, package)
    return assembler.sink.close(), reports


def format_value(value: object) -> str:
    """A cell as the CSV holds it: empty for None, true/false, integral numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    return str(value)


def describe(episodes: list[dict], created: str | None, package: PackageMetadata | None = None) -> dict:
    """The datapackage.json descriptor; every value comes from the inputs, none from the clock.

    What the user gave (package.yaml, the command's options) is used as given.
    Defaults claim nothing: no license, no version, and no author; the tool
    that made the tables is named as a contributor with the role `tool`, and
    each publisher named in an episode's metadata as `rightsHolder`.
    """
    package = package or PackageMetadata()
    single = episodes[0] if len(episodes) == 1 else None
    dates = sorted(e["broadcast_date"] for e in episodes if e.get("broadcast_date"))
    created = created or (f"{dates[-1]}T00:00:00Z" if dates else None)
    programs = sorted({e["program"] for e in episodes if e.get("program")})
    publishers = sorted({e["publisher"] for e in episodes if e.get("publisher")})
    contributors = [dict(c) for c in package.contributors or ()]
    titles = {c.get("title") for c in contributors}
    contributors += [{"title": p, "roles": ["rightsHolder"]} for p in publishers if p not in titles]
    contributors.append({"title": f"companion {__version__}", "roles": ["tool"]})
    descriptor = {
        "$schema": DATAPACKAGE_SCHEMA,
        "name": package.name or (f"{single['episode_id']}-companion" if single else "interview-companion"),
        "title": package.title
        or (f"Companion data: {single['title']}" if single and single.get("title") else f"Companion data for {len(episodes)} interview transcript(s)"),
        "description": package.description
        or (
            "Tables made from a broadcast interview transcript: the page's segments, the paragraphs, "
            "speaker turns, speakers, links and figures cited, each row tied to the source text by "
            "character offsets and marked with how its facts were obtained (label, inference or annotation)."
        ),
        "version": package.version,
        "homepage": package.homepage,
        "created": created,
        "keywords": list(package.keywords) if package.keywords is not None else ["transcript", "speaker turns", *programs],
        "contributors": contributors,
        "sources": [
            {"title": e.get("title") or e["episode_id"], **({"path": e["source_url"]} if e.get("source_url") else {})}
            for e in episodes
        ],
        "licenses": [dict(x) for x in package.licenses] if package.licenses else None,
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
    return {k: v for k, v in descriptor.items() if v is not None}
