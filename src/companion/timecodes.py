"""Timecodes as transcripts write them: "0:22", "01:02:03", "00:00:04,799" (SRT),
"01:02.500" (WebVTT without hours), "1:02:03.19". Shared by the readers, the
label grammar and the figure rules (a timecode is never a figure)."""

from __future__ import annotations

import re

# [hours:]minutes:seconds[(.|,)fraction]; minutes and seconds below 60 once hours are given.
TIMECODE = re.compile(
    r"(?<![\d:.,])(?:(?P<h>\d{1,3}):(?=[0-5]\d:))?(?P<m>\d{1,3}):(?P<s>[0-5]\d)(?:[.,](?P<f>\d{1,3}))?(?![\d:]|[.,]\d)"
)


def parse_timecode(text: str) -> float | None:
    """Seconds as a float, rounded to the millisecond; None unless `text` is exactly one timecode."""
    m = TIMECODE.fullmatch(text.strip())
    if not m:
        return None
    return to_seconds(m)


def to_seconds(m: re.Match) -> float:
    hours = int(m["h"] or 0)
    fraction = (m["f"] or "").ljust(3, "0")[:3]
    millis = ((hours * 60 + int(m["m"])) * 60 + int(m["s"])) * 1000 + int(fraction or 0)
    return millis / 1000


def format_timecode(seconds: float, sep: str = ".", hours: bool = True) -> str:
    """'01:02:03.500' (WebVTT) or, with sep=',', '01:02:03,500' (SRT)."""
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    head = f"{h:02d}:" if hours or h else ""
    return f"{head}{m:02d}:{s:02d}{sep}{ms:03d}"
