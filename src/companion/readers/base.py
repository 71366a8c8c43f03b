"""What every reader returns: the episode's paragraphs, tied to the source text by offsets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the source: a non-empty line of plain text, or one cue of a timed format.

    `start`/`end` are half-open offsets into the decoded source text, and
    `text` is what they hold (for formats with markup or escapes, what they
    hold once decoded: see the format's reader). Readers of formats that carry
    the speaker or the cue times fill in `speaker`, `start_time` and `end_time`;
    the plain-text reader leaves them empty and the label grammar decides.
    """

    position: int  # 0-based among paragraphs
    line_number: int  # 1-based line in the file where the paragraph starts
    start: int  # offsets into the text, half-open
    end: int
    text: str
    speaker: str | None = None  # the speaker's name as the file gives it, when the format carries one
    start_time: float | None = None  # seconds from the start of the audio
    end_time: float | None = None
