"""What every reader returns: the episode's paragraphs, tied to the source text by offsets."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# A piece of a paragraph's text: text[at:next piece's at] comes from source[start:end].
# When the two lengths agree the piece is copied verbatim and maps character by
# character; otherwise it was decoded (an entity, a JSON escape, a run of
# whitespace or markup read as one space) and maps as a whole.
Piece = tuple[int, int, int]  # (at, start, end)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the source: a non-empty line of plain text, or one cue of a timed format.

    `start`/`end` are half-open offsets into the decoded source text, around
    the spoken words only (no timecode, tag or speaker markup). `text` is what
    they hold: exactly `source[start:end]` when `pieces` is None; otherwise the
    slice with its markup left out, entities and escapes decoded and runs of
    whitespace read as one space, and `pieces` says where each part of `text`
    comes from. Readers of formats that carry the speaker or the cue times fill
    in `speaker`, `start_time` and `end_time`; the plain-text reader leaves
    them empty and the label grammar decides.
    """

    position: int  # 0-based among paragraphs
    line_number: int  # 1-based line in the file where the paragraph starts
    start: int  # offsets into the text, half-open
    end: int
    text: str
    speaker: str | None = None  # the speaker's name as the file gives it, when the format carries one
    start_time: float | None = None  # seconds from the start of the audio
    end_time: float | None = None
    kind: str | None = None  # a segment kind the format itself marks (a Markdown heading is a headline)
    new_speaker: bool = False  # the file marks a change of speaker here without a name ("- ", ">>")
    pieces: tuple[Piece, ...] | None = field(default=None, repr=False)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets of `text[i:j]` (j > i)."""
        if self.pieces is None:
            return self.start + i, self.start + j
        return self._offset(i, False), self._offset(j - 1, True)

    def _offset(self, i: int, end: bool) -> int:
        k = bisect.bisect_right(self.pieces, (i, float("inf"), 0)) - 1
        at, start, stop = self.pieces[k]
        length = (self.pieces[k + 1][0] if k + 1 < len(self.pieces) else len(self.text)) - at
        if length == stop - start:  # verbatim
            return start + (i - at) + (1 if end else 0)
        return stop if end else start


@dataclass(frozen=True)
class Reading:
    """A transcript as one reader understood it: paragraphs plus the episode facts the file states."""

    format: str
    paragraphs: list[Paragraph]
    # "page": a page of text (plain text, Markdown, a service export) whose
    # layout the structure rules read; "cues": every paragraph is a cue of
    # speech (subtitles, JSON, HTML), apart from bracketed sounds.
    layout: str = "page"
    # Do paragraphs whose speaker the format gives merge into the turn before
    # when the speaker is the same? Yes where the markup lies outside the
    # words (cues, an export's speaker lines); no where a label in the text
    # opens a turn, as in plain text and Markdown.
    merge_marked: bool = False
    title: str | None = None
    language: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def duration_seconds(self) -> float | None:
        """Taken from the last cue: the latest end time of any cue, if the format gives end times."""
        ends = [p.end_time for p in self.paragraphs if p.end_time is not None]
        return max(ends) if ends else None


class TextBuilder:
    """Builds a paragraph's text from parts of the source, remembering where each part came from.

    Runs of whitespace become one space, so that the text reads as words
    whatever the markup around them.
    """

    _SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one plain space

    def __init__(self, source: str):
        self.source = source
        self.parts: list[str] = []
        self.pieces: list[Piece] = []
        self.length = 0
        self.first: int | None = None  # source offset of the first character
        self.last: int | None = None  # source offset after the last character
        self._gap: int | None = None  # where a pending space starts

    def copy(self, start: int, end: int) -> None:
        """Source text taken as it stands, with whitespace runs read as one space."""
        source = self.source
        words_start, words_end = start, end
        while words_start < end and source[words_start].isspace():
            words_start += 1
        while words_end > words_start and source[words_end - 1].isspace():
            words_end -= 1
        if words_start > start and self._gap is None:
            self._gap = start
        pos = words_start
        for m in self._SPACE.finditer(source, words_start, words_end):
            self._verbatim(pos, m.start())
            if self._gap is None:
                self._gap = m.start()
            pos = m.end()
        self._verbatim(pos, words_end)
        if words_end < end and self._gap is None and words_end > words_start:
            self._gap = words_end

    def decoded(self, chars: str, start: int, end: int) -> None:
        """Characters that source[start:end] stands for (an entity, an escape)."""
        if chars.isspace() or not chars:
            if chars and self._gap is None:
                self._gap = start
            return
        self._flush_gap(start)
        self._add(chars, start, end)

    def gap(self, start: int) -> None:
        """Markup or a line break between words: one space if words follow."""
        if self._gap is None:
            self._gap = start

    def extend(self, other: "TextBuilder") -> None:
        """Append another builder's text after a space (the markup between them: a timing line, JSON syntax)."""
        if not other.parts:
            return
        if self.parts:
            self.gap(self.last)
        self._flush_gap(other.first)
        if self.first is None:
            self.first = other.first
        shift = self.length
        self.pieces.extend((at + shift, s, e) for at, s, e in other.pieces)
        self.parts.extend(other.parts)
        self.length += other.length
        self.last = other.last

    def _verbatim(self, start: int, end: int) -> None:
        if start >= end:
            return
        self._flush_gap(start)
        piece = self.source[start:end]
        if self.pieces:
            at, s, e = self.pieces[-1]
            if e == start and self.length - at == e - s:  # extends a verbatim piece
                self.parts.append(piece)
                self.pieces[-1] = (at, s, end)
                self.length += len(piece)
                self.last = end
                return
        self._add(piece, start, end)

    def _flush_gap(self, upto: int) -> None:
        if self._gap is not None and self.parts:
            self._add(" ", self._gap, upto)
        self._gap = None

    def _add(self, chars: str, start: int, end: int) -> None:
        if self.first is None:
            self.first = start
        self.pieces.append((self.length, start, end))
        self.parts.append(chars)
        self.length += len(chars)
        self.last = end

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def paragraph(self, position: int, line_number: int, **facts) -> Paragraph | None:
        """The paragraph built so far, or None when it holds no words."""
        text = self.text
        if not text.strip():
            return None
        verbatim = len(self.pieces) == 1 and self.pieces[0][2] - self.pieces[0][1] == len(text)
        return Paragraph(position, line_number, self.first, self.last, text,
                         pieces=None if verbatim else tuple(self.pieces), **facts)


# Where a line ends in the line-based formats: LF, CR LF or a lone CR (the WebVTT
# parser's rule, and the srt library's). A lone CR left inside a line would reach
# a paragraph's text, and an unquoted CR in a CSV cell ends its row.
LINE_END = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """1-based line numbers of offsets in a text, in O(log n) each."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in LINE_END.finditer(text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def lines(text: str):
    """(line_number, start, end) of every line; `end` stops before the line's end (LF, CR LF or a lone CR)."""
    start, number = 0, 1
    for brk in LINE_END.finditer(text):
        yield number, start, brk.start()
        start, number = brk.end(), number + 1
    yield number, start, len(text)
