"""Plain text: every non-empty line is a paragraph; speaker labels are left to the label grammar."""

from __future__ import annotations

from .base import Paragraph


def read(text: str) -> list[Paragraph]:
    """Every non-empty line is a paragraph; offsets point at its stripped words."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        words = line.strip().lstrip("\ufeff").strip()
        if words:
            start = offset + line.index(words)
            paragraphs.append(Paragraph(len(paragraphs), line_number, start, start + len(words), words))
        offset += len(line) + 1
    return paragraphs
