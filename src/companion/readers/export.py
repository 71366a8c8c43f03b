"""Transcription services' text exports (Otter, Descript, Rev): a speaker line with a time, then the words.

    Ana Souza  0:22                     (Otter: the name, two spaces, the time)
    Rivers move more than we think.

    Ana Souza (00:01:23): Rivers ...    (Rev; the words may also start on the next line)
    [00:01:23] Ana Souza: Rivers ...    (Descript)
    Ana Souza 00:01:23                  (a name and a time alone on a line)

A speaker line names the speaker of every paragraph up to the next speaker
line, and gives the start time of the first. Speaker lines are not
paragraphs; the words are, each non-empty line one, exactly as written. Lines
before the first speaker line are the page's heading and intro; the footer
"Transcribed by https://otter.ai" is not speech.
"""

from __future__ import annotations

import re

from ..timecodes import parse_timecode
from .base import Paragraph, Reading, lines
from .cues import TIMECODE_PATTERN as _TC
from .cues import looks_like_name

FORMAT = "export"
SUFFIXES = ()
_NAME = r"(?P<name>[^\W\d_][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,4})"
# (service, pattern) tried in order on each line; "rest" holds words on the same line.
SHAPES = [
    ("descript", re.compile(rf"\[(?P<time>{_TC})\][ \t]*{_NAME}[ \t]*:(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$")),
    ("rev", re.compile(rf"{_NAME}[ \t]*\((?P<time>{_TC})\)[ \t]*:?(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$")),
    ("otter", re.compile(rf"{_NAME}[ \t]+(?P<time>{_TC})[ \t]*$")),
]
FOOTERS = [re.compile(r"Transcribed by https?://otter\.ai\S*[ \t]*$", re.I)]
_TITLE_WORDS = 14


def header(text: str, start: int, end: int) -> re.Match | None:
    """The speaker line at text[start:end], if it is one."""
    for _, shape in SHAPES:
        m = shape.match(text, start, end)
        if m and looks_like_name(m["name"]):
            return m
    return None


def sniff(text: str) -> bool:
    """Two speaker lines or more."""
    found = 0
    for _, start, end in lines(text):
        if end - start < 200 and header(text, start + (text[start:start + 1] == "\ufeff"), end):
            found += 1
            if found >= 2:
                return True
    return False


def read(text: str, path: object = "") -> Reading:
    paragraphs: list[Paragraph] = []
    speaker, time, seen = None, None, False
    title = None
    for number, start, end in lines(text):
        if text[start:start + 1] == "\ufeff":
            start += 1
        if not text[start:end].strip():
            continue
        m = header(text, start, end) if end - start < 500 else None
        if m:
            speaker, time, seen = " ".join(m["name"].split()), parse_timecode(m["time"]), True
            if not m.groupdict().get("rest"):
                continue
            start, end = m.start("rest"), m.end("rest")
        kind = None
        if any(f.match(text, start + len(text[start:end]) - len(text[start:end].lstrip()), end) for f in FOOTERS):
            kind = "other"
        elif not seen:
            words = text[start:end].strip()
            if title is None and not paragraphs and len(words.split()) <= _TITLE_WORDS and not words.endswith((".", "?", "!")):
                kind, title = "headline", words
            else:
                kind = "intro"
        words = text[start:end].strip()
        at = start + text[start:end].index(words)
        paragraphs.append(Paragraph(
            len(paragraphs), number, at, at + len(words), words,
            speaker=speaker if kind is None else None, start_time=time if kind is None else None, kind=kind,
        ))
        if kind is None:
            time = None
    return Reading(FORMAT, paragraphs, layout="cues", title=title)


def decode(slice_: str) -> str:
    """The validation rule: a paragraph's text is exactly its slice."""
    return slice_
