"""Markdown: a page of text, as plain text, with Markdown's own speaker labels and headings.

    # Episode 12: Rivers that move
    **Ana Souza:** \\[00:02:15\\] Rivers move more than we think.
    **Tom:** Do they?

Every non-empty line is a paragraph, as in plain text. A heading is a
paragraph of its own (the first one is the episode's title); `**Name:**`,
`**Name**:` and `__Name:__` labels give the speaker; timestamps `\\[00:02:15\\]`,
`[00:02:15]` or `(00:02:15)` next to a label give the start time. Labels,
timestamps, heading marks, list bullets and quote marks lie outside the
paragraph's offsets; inline markup inside the words is kept as written, so a
paragraph's text is exactly its slice. A line wholly in emphasis
(`*Recorded on location.*`) is a note, not speech. Front matter (`---` ... `---`) is not
text; its `title:` is the title. Other labels ("Name: words") are left to the
plain-text label grammar.
"""

from __future__ import annotations

import re

from ..timecodes import parse_timecode
from . import cues
from .base import Paragraph, Reading, lines

FORMAT = "markdown"
SUFFIXES = (".md", ".markdown")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"[ \t]{0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_COMMENT = re.compile(r"[ \t]*<!--.*-->[ \t]*$")
_MARKS = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")
_TC = cues.TIMECODE_PATTERN
_STAMP = re.compile(rf"(?:\\?\[(?P<a>{_TC})\\?\]|\((?P<b>{_TC})\))[ \t]*:?[ \t]*")
_LABEL = re.compile(r"(?P<open>\*\*|__)(?P<name>[^*_\n:]{1,60}?)[ \t]*(?::(?P=open)|(?P=open)[ \t]*:)[ \t]*")
_ASIDE = re.compile(r"(?P<m>\*{1,2}|_{1,2})(?!\s)[^*_]+(?<!\s)(?P=m)")  # a line wholly in emphasis: a note, not speech
_FRONT = re.compile(r"\ufeff?---[ \t]*$")
_FRONT_END = re.compile(r"(?:---|\.\.\.)[ \t]*$")
_TITLE = re.compile(r"title[ \t]*:[ \t]*(?P<q>[\"']?)(?P<title>.*?)(?P=q)[ \t]*$")


def sniff(text: str) -> bool:
    """Markdown's own labels (**Name:**) on two lines or more."""
    found = 0
    for _, start, end in lines(text):
        m = _MARKS.match(text, start, end)
        if _LABEL.match(text, m.end(), end) or (_STAMP.match(text, m.end(), end) and _LABEL.match(text, _STAMP.match(text, m.end(), end).end(), end)):
            found += 1
            if found >= 2:
                return True
    return False


def read(text: str, path: object = "") -> Reading:
    all_lines = list(lines(text))
    title = None
    skip = 0
    if all_lines and _FRONT.match(text, all_lines[0][1], all_lines[0][2]):
        for i, (_, start, end) in enumerate(all_lines[1:200], start=1):
            if _FRONT_END.match(text, start, end):
                skip = i + 1
                break
        for _, start, end in all_lines[1:skip]:
            m = _TITLE.match(text, start, end)
            if m and m["title"]:
                title = m["title"]
    paragraphs: list[Paragraph] = []
    pending_speaker, pending_time = None, None
    heading_seen = False
    for number, start, end in all_lines[skip:]:
        if not text[start:end].strip().lstrip("\ufeff").strip() or _RULE.match(text, start, end) or _COMMENT.match(text, start, end):
            continue
        if text[start] == "\ufeff":
            start += 1
        heading = _HEADING.match(text, start, end)
        if heading and heading["text"].strip():
            kind = "other" if heading_seen else "headline"
            heading_seen = True
            title = title or heading["text"].strip()
            paragraphs.append(_paragraph(text, len(paragraphs), number, heading.start("text"), heading.end("text"), kind=kind))
            continue
        pos = _MARKS.match(text, start, end).end()
        speaker, time = None, None
        for _ in range(3):  # timestamp, label, timestamp: in either order
            stamp = _STAMP.match(text, pos, end)
            if stamp and time is None:
                time = parse_timecode(stamp["a"] or stamp["b"])
                pos = stamp.end()
                continue
            label = _LABEL.match(text, pos, end)
            if label and speaker is None and cues.speaker_name(" ".join(label["name"].split())):
                speaker = " ".join(label["name"].split())
                pos = label.end()
                continue
            break
        if not text[pos:end].strip():  # a label or timestamp alone: it is for the next paragraph
            pending_speaker = speaker or pending_speaker
            pending_time = time if time is not None else pending_time
            continue
        aside = speaker is None and pending_speaker is None and _ASIDE.fullmatch(text[pos:end].strip())
        paragraphs.append(_paragraph(
            text, len(paragraphs), number, pos, end, kind="other" if aside else None,
            speaker=speaker or pending_speaker, start_time=time if time is not None else pending_time,
        ))
        pending_speaker, pending_time = None, None
    return Reading(FORMAT, paragraphs, layout="page", title=title)


def _paragraph(text: str, position: int, number: int, start: int, end: int, **facts) -> Paragraph:
    words = text[start:end].strip()
    at = start + text[start:end].index(words)
    return Paragraph(position, number, at, at + len(words), words, **facts)


def decode(slice_: str) -> str:
    """The validation rule: a paragraph's text is exactly its slice."""
    return slice_
