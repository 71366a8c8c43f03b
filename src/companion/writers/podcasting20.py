"""A package's turns as the transcript files the Podcasting 2.0 <podcast:transcript> tag points to.

`companion export podcasting20 PACKAGE --out FOLDER` writes, for each episode,
EPISODE.json (Podcasting 2.0 JSON: one segment per turn) and EPISODE.html
(<cite>, <time>, <p>), and also EPISODE.srt and EPISODE.vtt (one cue per turn,
the speaker as a "Name:" prefix and a <v Name> voice tag) when every turn has
its start and end time. Reading these files back with `companion build` gives
the same speakers, words and times.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from ..timecodes import format_timecode
from . import Export
from .tables import PackageData

DESCRIPTION = "Podcasting 2.0 transcripts of the turns: JSON and HTML, and SRT and WebVTT where turns have times"
OUTPUT = "folder"
NEEDS_VALID_PACKAGE = True  # companion export validates first: the files promise the package's turns, times and speakers


def episode_turns(package: PackageData) -> dict[str, list[dict]]:
    """Each episode's turns in order, with the speaker's name."""
    names = {s["speaker_id"]: s["name"] for s in package.tables.get("speakers", [])}
    turns: dict[str, list[dict]] = {e["episode_id"]: [] for e in package.tables["episodes"]}
    for turn in sorted(package.tables.get("turns", []), key=lambda t: (t["episode_id"], t["position"])):
        turns[turn["episode_id"]].append({**turn, "name": names[turn["speaker_id"]]})
    return turns


def to_json(turns: list[dict]) -> str:
    segments = []
    for t in turns:
        segment = {"speaker": t["name"]}
        if t["start_time"] is not None:
            segment["startTime"] = t["start_time"]
        if t["end_time"] is not None:
            segment["endTime"] = t["end_time"]
        segment["body"] = " ".join(t["text"].split())
        segments.append(segment)
    return json.dumps({"version": "1.0.0", "segments": segments}, indent=2, ensure_ascii=False) + "\n"


def to_html(turns: list[dict]) -> str:
    out = []
    for t in turns:
        out.append(f"<cite>{html.escape(t['name'])}:</cite>")
        if t["start_time"] is not None:
            out.append(f"<time>{format_timecode(t['start_time'])}</time>")
        out.extend(f"<p>{html.escape(paragraph)}</p>" for paragraph in t["text"].split("\n"))
    return "\n".join(out) + "\n"


def to_srt(turns: list[dict]) -> str:
    cues = []
    for n, t in enumerate(turns, start=1):
        timing = f"{format_timecode(t['start_time'], ',')} --> {format_timecode(t['end_time'], ',')}"
        cues.append(f"{n}\n{timing}\n{t['name']}: {' '.join(t['text'].split())}\n")
    return "\n".join(cues)


def to_vtt(turns: list[dict]) -> str:
    cues = ["WEBVTT\n"]
    for t in turns:
        timing = f"{format_timecode(t['start_time'])} --> {format_timecode(t['end_time'])}"
        words = html.escape(" ".join(t["text"].split()), quote=False)
        cues.append(f"{timing}\n<v {html.escape(t['name'], quote=False)}>{words}\n")
    return "\n".join(cues)


def file_stems(episodes) -> dict[str, str]:
    """Each episode's file name: its id where that is a plain file name (as the schema's
    pattern makes it), else a slug of it; never two alike."""
    stems, used = {}, set()
    for episode in episodes:
        stem = episode if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}", str(episode)) else (
            re.sub(r"[^A-Za-z0-9._-]+", "-", str(episode)).strip("-._")[:200] or "episode")
        name, n = stem, 2
        while name.casefold() in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name.casefold())
        stems[episode] = name
    return stems


def render(package: PackageData, out: Path) -> Export:
    files = {}
    by_episode = episode_turns(package)
    for episode, stem in file_stems(by_episode).items():
        turns = by_episode[episode]
        files[f"{stem}.json"] = to_json(turns)
        files[f"{stem}.html"] = to_html(turns)
        if turns and all(t["start_time"] is not None and t["end_time"] is not None for t in turns):
            files[f"{stem}.srt"] = to_srt(turns)
            files[f"{stem}.vtt"] = to_vtt(turns)
    return Export(files={name: text.encode("utf-8") for name, text in files.items()})
