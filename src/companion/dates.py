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

# Words that place an event before or after the moment of speaking. Right
# before the date, "next", "last", "no earlier than" decide alone; "by",
# "until" lean forward only when the clause gives no tense ("By March the
# river had risen" looks back). Elsewhere the tense nearest the date decides,
# inside its clause first, then inside its sentence.
_ADJACENT = re.compile(
    r"\b(?P<word>next|last|this coming|coming|past|previous|upcoming|no earlier than|no later than|not before|not until|"
    r"as early as|as soon as|effective|starting|beginning)\s+(?:the\s+|on\s+|in\s+)?$", re.I)
_WEAK_ADJACENT = re.compile(r"\b(?:by|until|till)\s+(?:the\s+)?$", re.I)
# Tense, read word by word (set lookups are cheaper than a long alternation
# tried at every character): single words, and a few phrases of the future.
_FUTURE_WORDS = {"will", "won't", "shall", "gonna", "scheduled", "expected", "due", "upcoming", "deadline", "start",
                 "starts", "begin", "begins", "open", "opens", "air", "airs", "launch", "launches", "slated"}
_FUTURE_PHRASES = re.compile(
    r"\b(?:going to|plans? to|planned for|from now|comes? out|takes? effect|back on|go(?:es)? on sale|kicks? off|"
    r"(?:is|are) set (?:for|to)|(?:is|are) due)\b", re.I)
_PAST_WORDS = {"was", "were", "had", "did", "ago", "earlier", "happened", "began", "came", "went", "fell", "broke",
               "struck", "took", "made", "saw", "won", "lost", "ran", "rose", "stood", "left", "met", "said", "told",
               "became", "grew", "held", "kept", "led", "sent", "spent", "built", "caught", "flew", "fought", "found",
               "gave", "got", "knew", "paid", "sold", "shot", "thought", "wrote"}
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Words ending in -ed that are no sign of the past, or point to the future. Forms
# that are present and past alike ("put", "set", "cut", "hit") are not in _PAST_WORDS.
_NOT_PAST = {"need", "needed", "speed", "seed", "feed", "bed", "red", "hundred", "scheduled", "expected", "planned",
             "supposed", "slated", "based", "called", "named", "united", "indeed", "proceed", "exceed", "succeed",
             "proposed", "projected", "forecasted", "anticipated", "intended", "aimed", "tied", "priced", "covered",
             "limited", "located", "shed"}
# A participle right before these words describes ("priced from", "covered
# through June"); it says nothing of when the event happened.
_PARTICIPLE_AFTER = re.compile(r"\s+(?:from|at|through|thru|until|till|between)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:—–()]")
# "this year", "last year", "next year" near the date fix its year outright.
_YEAR_WORDS = re.compile(r"\b(?P<which>this|last|next|past)\s+year\b|\bthe\s+(?P<which2>previous|following)\s+year\b", re.I)


def to_date(month: str, day: str, year: int) -> dt.date | None:
    try:
        return dt.date(year, MONTHS[month.lower().rstrip(".")], int(day))
    except (ValueError, KeyError):
        return None


def adjacent(text: str, start: int, sentence_start: int) -> int | None:
    """-1 or +1 when a word right before the date places it ("last January",
    "next September", "no earlier than March"); else None."""
    m = _ADJACENT.search(text, max(sentence_start, start - 24), start)
    if not m:
        return None
    return -1 if m["word"].lower() in ("last", "past", "previous") else 1


def direction(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> int:
    """+1 when the words around a date put it after the moment of speaking, -1
    before, 0 when they give no sign. Looks only inside the sentence."""
    placed = adjacent(text, start, sentence_start)
    if placed is not None:
        return placed
    lo, hi = max(sentence_start, start - 120), min(sentence_end, end + 120)
    clause_lo = max([lo] + [m.end() for m in _CLAUSE_END.finditer(text, lo, start)])
    clause_end = _CLAUSE_END.search(text, end, hi)
    clause_hi = clause_end.start() if clause_end else hi
    sign = _nearest_tense(text, start, end, clause_lo, clause_hi)
    if sign:
        return sign
    if _WEAK_ADJACENT.search(text, max(sentence_start, start - 12), start):
        return 1
    return _nearest_tense(text, start, end, lo, hi)


def _nearest_tense(text: str, start: int, end: int, lo: int, hi: int) -> int:
    best, sign = None, 0
    for m in _WORD.finditer(text, lo, hi):
        word = m.group(0).lower()
        if word in _FUTURE_WORDS or word.endswith("'ll"):
            s = 1
        elif (word in _PAST_WORDS or (len(word) >= 4 and word.endswith("ed"))) and word not in _NOT_PAST and \
                not _PARTICIPLE_AFTER.match(text, m.end()):
            s = -1
        else:
            continue
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best:
            best, sign = distance, s
    for m in _FUTURE_PHRASES.finditer(text, lo, hi):
        distance = start - m.end() if m.end() <= start else m.start() - end
        if best is None or distance < best:
            best, sign = distance, 1
    return sign


def tense(sentence: str) -> int:
    """+1, -1 or 0: the tense of a sentence, by the word nearest its end."""
    return _nearest_tense(sentence, len(sentence), len(sentence), 0, len(sentence))


def year_offset(text: str, start: int, end: int, sentence_start: int, sentence_end: int, reach: int = 30) -> int | None:
    """0, -1 or +1 when "this year", "last year" or "next year" stands within a
    few words of the date in its sentence ("In March this year"); else None."""
    lo, hi = max(sentence_start, start - reach), min(sentence_end, end + reach)
    m = None
    for found in _YEAR_WORDS.finditer(text, lo, hi):
        m = found if m is None or abs(found.start() - start) < abs(m.start() - start) else m
    if m is None:
        return None
    which = (m["which"] or m["which2"]).lower()
    return {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "following": 1}[which]


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
