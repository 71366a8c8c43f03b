"""Plain text: every non-empty line is a paragraph; speaker labels are left to the label grammar.

A line ends at LF, CR LF, a lone CR, NEL (U+0085), LINE SEPARATOR (U+2028),
PARAGRAPH SEPARATOR (U+2029), VT or FF: Unicode's mandatory line breaks
(UAX #14), so a file saved by an old Mac editor or a word processor splits
like an LF file. CR LF counts as one break. The break characters stay in the
source text and offsets count them, like any other character.
"""

from __future__ import annotations

import re

from .base import Paragraph

LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def read(text: str) -> list[Paragraph]:
    """Every non-empty line is a paragraph; offsets point at its stripped words."""
    paragraphs: list[Paragraph] = []
    start = 0
    line_number = 1
    for brk in [*LINE_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        line = text[start:end]
        words = line.strip().lstrip("\ufeff").strip()
        if words:
            at = start + line.index(words)
            paragraphs.append(Paragraph(len(paragraphs), line_number, at, at + len(words), words))
        if brk:
            start, line_number = brk.end(), line_number + 1
    return paragraphs
