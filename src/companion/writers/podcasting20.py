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
from pathlib import Path

from ..errors import InputError
from ..timecodes import format_timecode
from .tables import PackageData

DESCRIPTION = "Podcasting 2.0 transcripts of the turns: JSON and HTML, and SRT and WebVTT where turns have times"


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


def write(package: PackageData, out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(out, "output path exists and is not a folder")
    files = {}
    for episode, turns in episode_turns(package).items():
        files[f"{episode}.json"] = to_json(turns)
        files[f"{episode}.html"] = to_html(turns)
        if turns and all(t["start_time"] is not None and t["end_time"] is not None for t in turns):
            files[f"{episode}.srt"] = to_srt(turns)
            files[f"{episode}.vtt"] = to_vtt(turns)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(out, f"cannot write the export: {exc.strerror}") from None
