"""Assembling a package: rows in, file contents out (no I/O here)."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from . import __version__
from .episode import Report, build_episode
from .errors import InputError
from .metadata import Metadata, parse_metadata
from .package_metadata import PackageMetadata
from .readers import detect_format, parse_format, read_transcript, source_suffix
from .schemas import TABLES, field_names, schema_bytes
from .source import decode_transcript, sha256

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
    metadata (package.yaml and the command's options).
    """
    package = package or PackageMetadata()
    if not inputs:
        raise InputError("(no transcripts)", "nothing to build: give at least one transcript")
    files: dict[str, bytes] = {}
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    reports: list[Report] = []
    seen: dict[str, str] = {}
    for item in inputs:
        source = decode_transcript(item.raw, item.path, encoding)
        metadata = parse_metadata(item.metadata_text, item.metadata_path) if item.metadata_text is not None else Metadata(path=item.metadata_path or "")
        eid = metadata.episode.get("episode_id") or _episode_id(item)
        if eid in seen:
            raise InputError(item.path, f"episode id {eid!r} is already used by {seen[eid]}")
        seen[eid] = item.path
        chosen = parse_format(fmt) if fmt else detect_format(source.text, item.suffix, item.path)
        reading = read_transcript(source.text, chosen, item.path)
        suffix = source_suffix(chosen)
        facts = {"episode_id": eid, "source_path": f"data/source/{eid}{suffix}", "original_encoding": source.encoding}
        files[facts["source_path"]] = source.utf8
        facts["source_sha256"] = sha256(source.utf8)
        facts["original_sha256"] = sha256(source.raw)
        facts["original_path"] = None
        if source.raw != source.utf8:
            facts["original_path"] = f"data/source/original/{eid}{suffix}"
            files[facts["original_path"]] = source.raw
        if metadata.path and item.metadata_text is not None:
            files[f"data/source/{eid}.yaml"] = item.metadata_text.encode("utf-8")
        rows, report = build_episode(source.text, facts, metadata, reading)
        reports.append(report)
        for name in TABLES:
            tables[name].extend(rows.get(name, []))
    if package.text is not None:  # kept beside the transcripts, as their metadata files are
        file_name = PurePosixPath(package.path.replace("\\", "/")).name
        kept = f"data/source/{file_name}"
        if kept in files:
            raise InputError(package.path, f"{kept} is also an episode's file; rename that episode")
        files[kept] = package.text.encode("utf-8")
    for name in TABLES:
        files[f"data/{name}.csv"] = to_csv(name, tables[name])
        files[f"schemas/{name}.schema.json"] = schema_bytes(name)
    descriptor = describe(tables["episodes"], created, package)
    files["datapackage.json"] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return dict(sorted(files.items())), reports


def _episode_id(item: TranscriptInput) -> str:
    eid = re.sub(r"[^a-z0-9._-]+", "-", item.stem.lower()).strip("-._")
    if not eid:
        raise InputError(item.path, "cannot make an episode id from the file name; set episode_id in the metadata file")
    return eid


def format_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
            return str(int(value))
        return repr(value)
    return str(value)


def to_csv(table: str, rows: list[dict]) -> bytes:
    """CSV text with the schema's columns in the schema's order."""
    columns = field_names(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if set(row) != set(columns):
            raise ValueError(f"{table}: row keys {sorted(set(row) ^ set(columns))} differ from the schema")
        writer.writerow([format_value(row[c]) for c in columns])
    return out.getvalue().encode("utf-8")


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
