"""Transcription services' text exports (Otter, Descript, Rev): a speaker line with a time, then the words.

    Ana Souza  0:22                     (Otter: the name, two spaces, the time)
    Rivers move more than we think.

    Ana Souza (00:01:23): Rivers ...    (Rev; the words may also start on the next line)
    [00:01:23] Ana Souza: Rivers ...    (Descript)
    Ana Souza 00:01:23                  (a name and a time alone on a line)

A speaker line names the speaker of every paragraph up to the next speaker
line, and gives the start time of the first. Speaker lines are not
paragraphs; the words are, each non-empty line one, exactly as written. The
page's other lines (a title, menus before the first speaker line) are read by
the same structure rules as plain text; the footer "Transcribed by
https://otter.ai" is not speech.
"""

from __future__ import annotations

import re

from ..timecodes import parse_timecode
from .base import Paragraph, Reading, lines
from .cues import TIMECODE_PATTERN as _TC
from .cues import speaker_name

FORMAT = "export"
SUFFIXES = ()
# A name, with the label grammar's descriptor and parentheticals ("Judy Woodruff, Host", "Ana (voice-over)").
_NAME = r"(?P<name>[^\W\d_][\w.'’\-]*(?:[ \t][\w.'’\-]+){0,4}(?:[ \t]*,[ \t]*[^,:()\n]{1,40}?)?(?:[ \t]*\([^()\n]{1,40}\))*)"
# (service, pattern) tried in order on each line; "rest" holds words on the same line.
SHAPES = [
    ("descript", re.compile(rf"\[(?P<time>{_TC})\][ \t]*{_NAME}[ \t]*:(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$")),
    ("rev", re.compile(rf"{_NAME}[ \t]*\((?P<time>{_TC})\)[ \t]*:?(?:[ \t]+(?P<rest>\S.*?))?[ \t]*$")),
    ("otter", re.compile(rf"{_NAME}[ \t]+(?P<time>{_TC})[ \t]*$")),
]
FOOTERS = [re.compile(r"Transcribed by https?://otter\.ai\S*", re.I)]


def header(text: str, start: int, end: int) -> re.Match | None:
    """The speaker line at text[start:end], if it is one."""
    for _, shape in SHAPES:
        m = shape.match(text, start, end)
        if m and speaker_name(" ".join(m["name"].split()), strict=False):
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
    speaker, time = None, None
    for number, start, end in lines(text):
        if text[start:start + 1] == "\ufeff":
            start += 1
        if not text[start:end].strip():
            continue
        m = header(text, start, end) if end - start < 500 else None
        if m:
            speaker, time = " ".join(m["name"].split()), parse_timecode(m["time"])
            if not m.groupdict().get("rest"):
                continue
            start, end = m.start("rest"), m.end("rest")
        words = text[start:end].strip()
        at = start + text[start:end].index(words)
        if any(f.fullmatch(words) for f in FOOTERS):
            paragraphs.append(Paragraph(len(paragraphs), number, at, at + len(words), words, kind="other"))
            continue
        paragraphs.append(Paragraph(len(paragraphs), number, at, at + len(words), words, speaker=speaker, start_time=time))
        time = None
    return Reading(FORMAT, paragraphs, layout="page", merge_marked=True)


def decode(slice_: str) -> str:
    """The validation rule: a paragraph's text is exactly its slice."""
    return slice_
