"""Podcasting 2.0 HTML: <cite>Name:</cite> <time>0:00</time> <p>words</p>.

    <cite>Kevin:</cite>
    <time>0:00</time>
    <p>Welcome back to the show.</p>

Each block element (<p>, <div>, <li>, a heading...) is a paragraph. A <cite>
outside a paragraph (or at its start) names the speaker of the paragraphs that
follow, up to the next <cite>; a <time> there gives the start time of the next
paragraph. Tags are left out of the text and entities are decoded; <script>,
<style> and comments are skipped; <title> (or else the first heading) is the
episode's title. Without any <cite>, a paragraph may open with "Name:".
"""

from __future__ import annotations

import html
import re

from ..timecodes import parse_timecode
from . import cues
from .base import Reading, TextBuilder
from .cues import Unit

FORMAT = "html"
SUFFIXES = (".html", ".htm")
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<script\b[^<>]*>.*?(?:</script\s*>|\Z)|<style\b[^<>]*>.*?(?:</style\s*>|\Z)"
    r"|<[!?][^<>]*>"
    r"|<(?P<close>/)?(?P<tag>[A-Za-z][\w:-]*)[^<>]*>"
    rf"|{cues.ENTITY.pattern}",
    re.S,
)
BLOCKS = {
    "p", "div", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "section", "article", "main", "header",
    "footer", "nav", "aside", "table", "tr", "td", "th", "figure", "figcaption", "body", "html", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_START = re.compile(r"\s*<(?:!doctype\b|html\b|head\b|body\b|p\b|cite\b|time\b|div\b|!--)", re.I)


def sniff(text: str) -> bool:
    return _START.match(text.lstrip("\ufeff")) is not None


def read(text: str, path: object = "") -> Reading:
    events = list(_events(text))
    has_cite = any(kind == "open" and value == "cite" for kind, _, _, value in events)
    reader = _Reader(text, has_cite)
    for event in events:
        reader.feed(*event)
    reader.flush()
    units = reader.units
    if not has_cite:
        units = _prefixed(text, units)
    return Reading(FORMAT, cues.join_units(units, text, mode="none"), layout="cues", merge_marked=True, title=reader.title)


def _events(text: str):
    """('text'|'entity'|'open'|'close'|'skip', start, end, value) in document order."""
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            yield ("text", pos, m.start(), None)
        token = m.group(0)
        if token.startswith("&"):
            yield ("entity", m.start(), m.end(), html.unescape(token))
        elif m["tag"]:
            yield ("close" if m["close"] else "open", m.start(), m.end(), m["tag"].lower())
        else:
            yield ("skip", m.start(), m.end(), None)
        pos = m.end()
    if pos < len(text):
        yield ("text", pos, len(text), None)


class _Reader:
    def __init__(self, text: str, has_cite: bool):
        self.text = text
        self.has_cite = has_cite
        self.units: list[Unit] = []
        self.builder = TextBuilder(text)
        self.speaker: str | None = None
        self.time: float | None = None
        self.kind: str | None = None
        self.title: str | None = None
        self.capture: str | None = None  # "cite", "time" or "title" while inside one
        self.captured: list[str] = []
        self.seen_cite = False
        self.in_head = False

    def feed(self, kind: str, start: int, end: int, value) -> None:
        if kind == "open" or kind == "close":
            self.tag(kind, value, start)
        elif kind in ("text", "entity"):
            chars = self.text[start:end] if kind == "text" else value
            if self.capture:
                self.captured.append(chars)
            elif self.in_head:
                pass
            elif kind == "text":
                self.builder.copy(start, end)
            else:
                self.builder.decoded(value, start, end)

    def tag(self, kind: str, name: str, at: int) -> None:
        if self.capture and name in BLOCKS:  # an unclosed <cite> or <time> ends at the next block
            self.captured_element(self.capture, " ".join("".join(self.captured).split()))
            self.capture = None
        if name == "head":
            self.flush()  # a <head> among the paragraphs (a damaged page) ends the one before it
            self.in_head = kind == "open"
            return
        if name in ("cite", "time", "title"):
            if kind == "open" and (name == "title" or not self.builder.parts):
                self.flush()
                self.capture, self.captured = name, []
                return
            if kind == "close" and self.capture == name:
                self.captured_element(name, " ".join("".join(self.captured).split()))
                self.capture = None
                return
            return  # a <cite> or <time> inside a paragraph's words is just words
        if name == "br":
            self.builder.gap(at)
        elif name in BLOCKS:
            self.flush()
            if kind == "open" and name in HEADINGS:
                self.kind = "heading"

    def captured_element(self, name: str, content: str) -> None:
        if name == "title":
            self.title = self.title or content or None
        elif name == "cite":
            self.speaker = content.rstrip(":").strip() or None
            self.seen_cite = True
        elif name == "time":
            self.time = parse_timecode(content)

    def flush(self) -> None:
        if self.builder.parts:
            kind = None
            if self.kind == "heading":
                kind = "headline" if self.title is None else "other"
                self.title = self.title or self.builder.text
            elif self.has_cite and not self.seen_cite:
                kind = "intro"  # before the first speaker is named
            self.units.append(Unit(self.builder.first, self.builder, self.speaker, start_time=self.time, kind=kind))
            self.time = None
        self.builder = TextBuilder(self.text)
        self.kind = None


def _prefixed(text: str, units: list[Unit]) -> list[Unit]:
    """Without <cite>, a paragraph may open with a caption-style "Name:" label."""
    counts: dict[str, int] = {}
    found = []
    for unit in units:
        m = cues.PREFIX.match(unit.builder.text)
        name = cues.prefix_name(m) if m and m["name"] else None
        found.append((m, name))
        if name:
            counts[name] = counts.get(name, 0) + 1
    sure = cues.confident_names(counts)
    out = []
    for unit, (m, name) in zip(units, found):
        if name in sure and unit.kind is None and m.end() < len(unit.builder.text):
            unit.builder = _drop_head(text, unit.builder, m.end())
            unit.speaker, unit.marked = name, True
        out.append(unit)
    return out


def _drop_head(text: str, builder: TextBuilder, n: int) -> TextBuilder:
    """A builder for the same words without the first n characters of its text."""
    rest = TextBuilder(text)
    for k, (at, start, end) in enumerate(builder.pieces):
        stop = builder.pieces[k + 1][0] if k + 1 < len(builder.pieces) else builder.length
        if stop <= n:
            continue
        chars = builder.text[at:stop]
        if end - start == len(chars):  # verbatim: copy from the cut
            cut = max(0, n - at)
            rest.copy(start + cut, end)
        else:
            rest.decoded(chars, start, end)
    return rest


def decode(slice_: str) -> str:
    """The validation rule: the slice read with the reader's own tokens (_events): text as
    it stands, entities decoded, a <br> as a space, other tags, comments and scripts left out."""
    words = []
    for kind, start, end, value in _events(slice_):
        if kind == "text":
            words.append(slice_[start:end])
        elif kind == "entity":
            words.append(value)
        elif value == "br":
            words.append(" ")
    return "".join(words)
