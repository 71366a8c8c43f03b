"""Month names and written dates ("June 11, 2021", "Sept. 11")."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
# "June 11, 2021" or "Sept. 11" (the day may carry st/nd/rd/th).
DATE = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:1[6-9]|20)\d\d)\b)?")


def to_date(month: str, day: str, year: int) -> dt.date | None:
    try:
        return dt.date(year, MONTHS[month.lower().rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def broadcast_date(text: str) -> dt.date | None:
    """A full date in a sentence that speaks of a broadcast or airing."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(r"\b(broadcast|aired|airs|episode)\b", sentence, re.I):
            for match in DATE.finditer(sentence):
                if match["year"]:
                    date = to_date(match["month"], match["day"], int(match["year"]))
                    if date:
                        return date
    return None
