"""Month names, written dates ("June 11, 2021", "Sept. 11", "14 March 2024",
"2024-03-14") and how a date without a year resolves against the broadcast date."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_NAMES = sorted({form for m in MONTHS for form in (m.capitalize(), m.upper())}, key=len, reverse=True)
_MONTH = r"(?P<month>" + "|".join(_NAMES) + r")\.?"
# A year, also when a page glued a clock time to it ("MAY 22, 20245:39 AM ET").
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)(?:\b|(?=\d{1,2}:[0-5]\d))"
# "June 11, 2021" or "Sept. 11" (the day may carry st/nd/rd/th).
DATE = re.compile(_MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR + r")?")
# "14 March 2024", "14th of March".
DAY_MONTH = re.compile(r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.replace("?P<month>", "?P<month2>") + r"\b(?:,?\s+(?P<year>(?:1[6-9]|20)\d\d)\b)?")
ISO_DATE = re.compile(r"(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])")
NUMERIC_DATE = re.compile(r"(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4})(?![\d/])")

# Words that place an event before or after the moment of speaking. "next" and
# "last" count only right before the date ("last January"); the others anywhere
# in the sentence, and the one nearest the date wins.
_ADJACENT = re.compile(r"\b(?P<word>next|last|this coming|coming|past|previous|upcoming|by|until|till)\s+(?:the\s+)?$", re.I)
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|going to|gonna|plans? to|planned for|scheduled|expected|due|"
    r"from now|upcoming|deadline|starts?|begins?|opens?|comes? out|airs?|takes? effect|launch(?:es)?|back on)\b", re.I)
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|since|earlier|happened|began|came|went|fell|broke|hit|struck|took|made|saw|won|lost|"
    r"ran|rose|stood|left|met|said|told|became|grew|held|kept|led|sent|spent|built|caught|flew|fought|found|gave|"
    r"got|knew|paid|put|sold|shot|thought|wrote|[a-z]{2,}ed)\b", re.I)
# Words ending in -ed that are no sign of the past, or point to the future.
_NOT_PAST = {"need", "needed", "speed", "seed", "feed", "bed", "red", "hundred", "scheduled", "expected", "planned",
             "supposed", "slated", "based", "called", "named", "united", "indeed", "proceed", "exceed", "succeed"}


def to_date(month: str, day: str, year: int) -> dt.date | None:
    try:
        return dt.date(year, MONTHS[month.lower().rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def direction(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> int:
    """+1 when the words around a date put it after the moment of speaking, -1
    before, 0 when they give no sign. Looks only inside the sentence."""
    adjacent = _ADJACENT.search(text, max(sentence_start, start - 20), start)
    if adjacent:
        return -1 if adjacent["word"].lower() in ("last", "past", "previous") else 1
    lo, hi = max(sentence_start, start - 120), min(sentence_end, end + 120)
    best, sign = None, 0
    for pattern, s in ((_FUTURE, 1), (_PAST, -1)):
        for m in pattern.finditer(text, lo, hi):
            if s < 0 and m.group(0).lower() in _NOT_PAST:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            if best is None or distance < best:
                best, sign = distance, s
    return sign


def resolve_day(month: int, day: int, reference: dt.date, sign: int) -> dt.date | None:
    """The date of `month`/`day` in the year that puts it after the reference
    (sign +1), before it (-1), or nearest to it (0)."""
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    return _pick(options, reference, sign, lambda d: d)


def resolve_month(month: int, reference: dt.date, sign: int) -> int | None:
    """The year of a month named without one, by the same rule as resolve_day."""
    options = [(reference.year + k, month) for k in (-1, 0, 1)]
    chosen = _pick(options, reference, sign, lambda ym: dt.date(ym[0], ym[1], 15), month_of=True)
    return chosen[0] if chosen else None


def _pick(options, reference, sign, as_date, month_of=False):
    if not options:
        return None
    this = (reference.year, reference.month)
    if sign > 0:
        later = [o for o in options if (o >= this if month_of else as_date(o) >= reference)]
        return min(later, key=as_date) if later else None
    if sign < 0:
        earlier = [o for o in options if (o <= this if month_of else as_date(o) <= reference)]
        return max(earlier, key=as_date) if earlier else None
    return min(options, key=lambda o: abs((as_date(o) - reference).days))


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
