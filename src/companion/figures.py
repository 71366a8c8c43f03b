"""Figures cited in a text: counts, money, percentages, fractions, durations,
dates, months, years, decades and ranges, with values, units and hedges.

Pure functions: `extract(text, reference)` returns figures with offsets into `text`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .dates import DATE, MONTHS, to_date
from .numbers import NUMBER_WORDS, SCALES, digits_to_number, words_to_number

# --- building blocks -------------------------------------------------------
_W = "|".join(NUMBER_WORDS)
WORDS = rf"(?:(?:an?|one)[ -](?:hundred|thousand|million|billion|trillion|dozen)\b|(?:{_W})\b(?:(?:[ -]|[ ]and[ ])(?:{_W})\b)*)"
# Digits not glued to a word ("COVID-19", "F-16") and not an ordinal ("21st").
DIGITS = r"(?<![\w.,/#])(?<!\w-)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d/]|[.,]\d|(?:st|nd|rd|th)\b)"
SCALE = r"(?:[ ](?:hundred|thousand|million|billion|trillion)\b|[ ]?bn\b)"
NUMBER = rf"(?:{DIGITS}{SCALE}?|{WORDS})"
PLURAL_SCALES = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pounds sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "rupee": "INR", "rupees": "INR", "afghani": "AFN", "afghanis": "AFN",
}
TIME_UNITS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour", "minute": "minute",
              "second": "second", "decade": "decade", "century": "century", "centuries": "century"}
FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
             "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
FULL_MONTHS = [m for m in calendar.month_name if m and m != "May"]  # "May" is also a verb
NAMED_DATES = {"9/11": dt.date(2001, 9, 11)}  # slash forms that name an event, not a fraction

_SIGN = "|".join(re.escape(s) for s in CURRENCY_SIGNS)
_CURWORD = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_UNIT = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|century|centuries)\b"
_FRAC = "|".join(sorted(FRACTIONS, key=len, reverse=True))

# (rule, kind, pattern, starts with a number), most specific first; the longest
# match at a place wins. Patterns that start with a number are tried only where a
# number starts (much faster than scanning the whole text with each of them).
PATTERNS = [
    ("named_date", "date", re.compile(r"(?<![\d/])(?:" + "|".join(re.escape(k) for k in NAMED_DATES) + r")(?![\d/])"), False),
    ("written_date", "date", DATE, False),
    ("numeric_date", "date", re.compile(r"(?<![\d/])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>\d{4})(?![\d/])"), False),
    ("month", "month", re.compile(r"\b(?P<month>" + "|".join(FULL_MONTHS) + r")\b(?:\s+(?P<year>(?:1[6-9]|20)\d\d)\b)?"), False),
    ("decade", "decade", re.compile(r"(?<![\w'’])(?P<decade>(?:1[5-9]|20)\d0)s\b|['’](?P<short>\d0)s\b"), False),
    ("money_sign", "money", re.compile(rf"(?P<sign>{_SIGN})\s?(?P<num>{NUMBER})", re.I), False),
    ("money_words", "money", re.compile(rf"(?P<num>{NUMBER}|\b(?:dozens|hundreds|thousands|millions|billions|trillions)(?: of)?)\s+(?P<cur>{_CURWORD})\b", re.I), True),
    ("percent", "percent", re.compile(rf"(?P<num>{NUMBER})\s?(?P<pct>%|percent\b|per cent\b|percentage points?\b)", re.I), True),
    ("range", "duration", re.compile(rf"(?P<lo>{NUMBER})\s*(?:to|-|–|or)\s*(?P<hi>{NUMBER})[ -](?P<unit>{_UNIT})", re.I), True),
    ("duration", "duration", re.compile(rf"(?P<num>{NUMBER})[ -](?P<unit>{_UNIT})", re.I), True),
    ("range", "count", re.compile(rf"\bbetween\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})|(?P<lo2>{DIGITS})\s?[-–]\s?(?P<hi2>{DIGITS})", re.I), False),
    ("fraction_ratio", "fraction", re.compile(r"\b(?P<n>one|two|three|four|five|six|seven|eight|nine|\d)\s+(?:in|out of)\s+(?P<d>two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|a hundred|\d{1,3})\b(?!\s*(?:%|percent))", re.I), False),
    ("fraction_words", "fraction", re.compile(rf"\b(?:(?P<fnum>a|an|one|two|three|four|five|six|seven|eight|nine)[ -])?(?P<fden>{_FRAC})\b", re.I), False),
    ("fraction_digits", "fraction", re.compile(r"(?<![\d/])(?P<n>\d+)/(?P<d>\d+)(?![\d/])"), False),
    ("year", "year", re.compile(r"(?<![\w.,$#])(?P<year>1[6-9]\d\d|20\d\d)(?![\d,.%]\d|\w)"), False),
    ("plural_scale", "count", re.compile(r"\b(?:tens of |hundreds of )?(?P<plural>dozens|hundreds|thousands|millions|billions|trillions)\b", re.I), False),
    ("digits", "count", re.compile(rf"{DIGITS}{SCALE}?"), True),
    ("number_words", "count", re.compile(rf"\b{WORDS}", re.I), True),
]

_ANCHOR = re.compile(rf"{DIGITS}|\b{WORDS}|\b(?:dozens|hundreds|thousands|millions|billions|trillions)\b", re.I)

QUALIFIERS = re.compile(
    r"\b(?P<q>somewhere (?:around|between)|just over|just under|more than|less than|fewer than|at least|at most|up to|"
    r"upwards of|close to|an estimated|around|about|roughly|approximately|nearly|almost|over|under|some)\s+$", re.I)
LOWER_BOUNDS = {"more than", "over", "at least", "upwards of", "just over"}
UPPER_BOUNDS = {"less than", "fewer than", "under", "at most", "up to", "just under"}
# A number right after these words labels a part or an item, not a quantity.
_LABEL_BEFORE = re.compile(r"(?:\b(?:part|chapter|section|episode|season|act|step|phase|round|number|page|no)\.?|#)\s*$", re.I)
_SMALL = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
_TIME_OR_SCALE = re.compile(rf"\s*(?:{_UNIT}|hundred|thousand|million|billion|trillion|percent|%|{_CURWORD})", re.I)
# Titles never end a sentence; the other abbreviations do not when a number follows ("No. 1", "Sept. 11").
_TITLES = {"mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt"}
_ABBREVIATIONS = _TITLES | {"no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "u.s"}
_STOP_AFTER = {"that", "which", "who", "than", "and", "but", "or", "because", "while", "on", "for", "since", "if",
               "when", "as", "by", "from", "with", "at", "in", "is", "are", "was", "were", "will", "would",
               "between", "last", "next", "this", "every", "each", "per", "up", "down", "ago", "now", "a", "an"}
_EDGE_WORDS = {"up", "from", "by", "to", "of", "at", "in", "on", "down", "and", "but", "so", "yet"}
# Words after a figure that describe a state, not what is counted ("half complete").
_STATES = {"complete", "completed", "done", "finished", "gone", "over", "full", "empty", "lower", "higher", "more", "less"}
_PREDICATE = {"far", "much", "still", "now", "is", "are", "was", "were", "has", "have", "had", "at", "lower", "higher",
              "more", "less", "will", "would", "stood", "stands", "reached", "rose", "fell", "spent", "cost", "costs",
              "could", "should", "may", "might", "can", "must", "say", "says", "said"}
_ORDINAL_NOUN = re.compile(r"\s+(?:times?|terms?|rounds?|place|party|wave|way|attempt|season|world|person|day|week|month|year|century|consecutive|straight)\b", re.I)
_PRONOUNS = {"one", "it", "they", "we", "he", "she", "this", "that", "i", "you"}


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str
    rule: str
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    is_range: bool = False
    unit: str | None = None
    date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    is_approximate: bool = False
    qualifier: str | None = None
    subject: str | None = None
    sentence: str = ""


def extract(text: str, reference: dt.date | None = None) -> list[Figure]:
    """Every figure in `text`, in order. `reference` (the broadcast date) resolves
    dates that have no year ("Sept. 11")."""
    candidates = []
    anchors = [m.start() for m in _ANCHOR.finditer(text)]
    for priority, (rule, kind, pattern, number_led) in enumerate(PATTERNS):
        if number_led:
            matches = (pattern.match(text, at) for at in anchors)
        else:
            matches = pattern.finditer(text)
        for match in matches:
            if match and match.group(0).strip():
                candidates.append((match.start(), -(match.end() - match.start()), priority, rule, kind, match))
    candidates.sort(key=lambda c: c[:3])
    figures: list[Figure] = []
    taken_until = -1
    for start, _, _, rule, kind, match in candidates:
        if start < taken_until:
            continue
        figure = _interpret(text, rule, kind, match, reference)
        if figure is not None:
            figures.append(figure)
            taken_until = match.end()
    return figures


def _interpret(text: str, rule: str, kind: str, m: re.Match, reference: dt.date | None) -> Figure | None:
    start, end = m.start(), m.end()
    before = text[max(0, start - 40):start]
    fields: dict = {}
    if rule == "named_date":
        day = NAMED_DATES[m.group(0)]
        fields = {"date": day.isoformat(), "period": (day, day)}
    elif rule == "written_date":
        day = _resolve_day(m["month"], m["day"], m["year"], reference)
        if day is None and m["year"]:
            return None
        fields = {"date": day and day.isoformat(), "period": (day, day) if day else None,
                  "rule": rule if m["year"] else ("written_date_nearest_broadcast" if day else "written_date_no_year")}
    elif rule == "numeric_date":
        day = to_date(calendar.month_name[int(m["m"])], m["d"], int(m["y"]))
        if day is None:
            return None
        fields = {"date": day.isoformat(), "period": (day, day)}
    elif rule == "month":
        month = MONTHS[m["month"].lower()]
        year = int(m["year"]) if m["year"] else _nearest_month_year(month, reference)
        if year is None:
            fields = {"rule": "month_no_year"}
        else:
            last = calendar.monthrange(year, month)[1]
            fields = {"period": (dt.date(year, month, 1), dt.date(year, month, last))}
    elif rule == "decade":
        if m["decade"]:
            first = int(m["decade"])
        else:
            return None  # "'90s" needs a century the text does not give
        fields = {"value": float(first), "period": (dt.date(first, 1, 1), dt.date(first + 9, 12, 31))}
    elif rule == "year":
        year = int(m["year"])
        fields = {"value": float(year), "period": (dt.date(year, 1, 1), dt.date(year, 12, 31))}
    elif rule in ("money_sign", "money_words"):
        unit = CURRENCY_SIGNS.get(m["sign"]) if rule == "money_sign" else CURRENCY_WORDS[m["cur"].lower()]
        value, approximate = _number(m["num"])
        if value is None:
            return None
        fields = {"value": value, "unit": unit, "approximate": approximate}
    elif rule == "percent":
        value, approximate = _number(m["num"])
        unit = "percentage_point" if "point" in m["pct"].lower() else "percent"
        fields = {"value": value, "unit": unit, "approximate": approximate}
    elif rule == "range":
        lo, _ = _number(m["lo"] or m["lo2"])
        hi, _ = _number(m["hi"] or m["hi2"])
        if lo is None or hi is None or lo >= hi:
            return None
        if kind == "count" and _looks_like_years(lo, hi) and re.fullmatch(r"[\d\s\-–a-z]+", m.group(0)):
            kind = "year"  # "between 2019 and 2022", "2019-2022"
            fields = {"value_min": lo, "value_max": hi, "is_range": True,
                      "period": (dt.date(int(lo), 1, 1), dt.date(int(hi), 12, 31))}
            return _figure(text, rule, kind, start, end, fields, before)
        unit = TIME_UNITS.get(m["unit"].lower().rstrip("s"), TIME_UNITS.get(m["unit"].lower())) if kind == "duration" else None
        fields = {"value_min": lo, "value_max": hi, "is_range": True, "unit": unit}
    elif rule == "duration":
        value, approximate = _number(m["num"])
        if value is None:
            return None
        unit_word = m["unit"].lower()
        fields = {"value": value, "unit": TIME_UNITS.get(unit_word, TIME_UNITS.get(unit_word.rstrip("s"))), "approximate": approximate}
    elif rule == "fraction_ratio":
        n, d = _number(m["n"])[0], _number(m["d"])[0]
        if not n or not d or n >= d:
            return None
        fields = {"value": n / d}
    elif rule == "fraction_words":
        numerator = 1.0 if not m["fnum"] or m["fnum"].lower() in ("a", "an") else words_to_number(m["fnum"])
        if not m["fnum"] and m["fden"].lower() != "half":
            return None  # "quarter", "third" alone are mostly not amounts ("the third time")
        if _ORDINAL_NOUN.match(text[end:]):
            return None  # "a third time", "a fifth term": ordinals
        fields = {"value": numerator / FRACTIONS[m["fden"].lower()]}
    elif rule == "fraction_digits":
        n, d = int(m["n"]), int(m["d"])
        if d == 0 or n >= d:
            return None
        fields = {"value": n / d}
    elif rule == "plural_scale":
        fields = {"value": float(PLURAL_SCALES[m["plural"].lower()]), "approximate": True}
    elif rule in ("digits", "number_words"):
        words = m.group(0)
        if _LABEL_BEFORE.search(before):
            return None  # "No. 1", "Part one", "#2"
        if rule == "number_words":
            lowered = words.lower()
            if lowered == "one" and not _TIME_OR_SCALE.match(text[end:]):
                return None  # the pronoun or determiner "one"
            if _is_enumeration(text, start, end):
                return None  # "Two, they have ..."
            if lowered in _SMALL and re.search(r"\bthe\s+$", before, re.I):
                return None  # "the two sides": a definite reference, not a figure
        value, approximate = _number(words)
        if value is None:
            return None
        fields = {"value": value, "approximate": approximate}
    return _figure(text, rule, kind, start, end, fields, before)


def _figure(text, rule, kind, start, end, fields, before) -> Figure:
    qualifier = None
    q = QUALIFIERS.search(before)
    if q and kind not in ("date", "month", "year", "decade"):
        qualifier = " ".join(q["q"].lower().split())
    value = fields.get("value")
    value_min, value_max = fields.get("value_min"), fields.get("value_max")
    if qualifier in LOWER_BOUNDS:
        value_min = value
    elif qualifier in UPPER_BOUNDS:
        value_max = value
    period = fields.get("period")
    return Figure(
        start=start, end=end, text=text[start:end], kind=kind, rule=fields.get("rule", rule), value=value,
        value_min=value_min, value_max=value_max, is_range=fields.get("is_range", False), unit=fields.get("unit"),
        date=fields.get("date"), period_start=period and period[0].isoformat(), period_end=period and period[1].isoformat(),
        is_approximate=bool(fields.get("approximate") or qualifier), qualifier=qualifier,
        subject=_subject(text, start, end) if kind in ("count", "money", "percent", "fraction") else None,
        sentence=_sentence(text, start),
    )


def _number(words: str) -> tuple[float | None, bool]:
    """A value, and whether the words make it approximate ("millions of")."""
    words = words.strip()
    lowered = words.lower().rstrip(" of")
    if lowered in PLURAL_SCALES:
        return float(PLURAL_SCALES[lowered]), True
    digits = re.match(r"[\d,.]+", words)
    if digits:
        value = digits_to_number(digits.group(0))
        rest = words[digits.end():].strip().lower()
        if rest == "bn":
            rest = "billion"
        return value * SCALES.get(rest, 1), False
    return words_to_number(words), False


def _looks_like_years(lo: float, hi: float) -> bool:
    return 1600 <= lo <= 2099 and 1600 <= hi <= 2099


def _is_enumeration(text: str, start: int, end: int) -> bool:
    at_sentence_start = re.search(r"(?:^|[.!?:;]\s+)$", text[:start]) is not None
    return at_sentence_start and text[end:end + 1] == ","


def _resolve_day(month: str, day: str, year: str | None, reference: dt.date | None) -> dt.date | None:
    if year:
        return to_date(month, day, int(year))
    if reference is None:
        return None
    options = [to_date(month, day, reference.year + k) for k in (-1, 0, 1)]
    options = [d for d in options if d]
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


def _nearest_month_year(month: int, reference: dt.date | None) -> int | None:
    if reference is None:
        return None
    return min((reference.year + k for k in (-1, 0, 1)), key=lambda y: abs((dt.date(y, month, 15) - reference).days))


def _sentence(text: str, position: int) -> str:
    """The sentence of `text` that holds `position`."""
    start = 0
    for m in re.finditer(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])", text):
        if m.start() >= position:
            break
        word = re.search(r"([\w.]+)\.$", text[:m.start()].rstrip("\"”’)"))
        if word and word.group(1).lower() in _ABBREVIATIONS and text[m.end():m.end() + 1].isdigit():
            continue  # "No. 1", "Sept. 11"
        if word and word.group(1).lower() in _TITLES:
            continue
        start = m.end()
    end = len(text)
    for m in re.finditer(r"[.!?](?=[\"”’)]?(?:\s|$))", text[position:]):
        candidate = position + m.end()
        word = re.search(r"([\w.]+)$", text[:candidate - 1])
        following = text[candidate:].lstrip()[:1]
        if word and word.group(1).lower() in _ABBREVIATIONS and following.isdigit():
            continue
        end = candidate
        break
    return text[start:end].strip()


def _subject(text: str, start: int, end: int) -> str | None:
    """What a quantity counts, as a short phrase of the text: the words after it
    ("45,000 Afghan security forces have died"), else the clause before it
    ("US troops' fatalities far lower, but still at 2,300")."""
    after = re.match(r"[^,.;:!?—–()]*", text[end:]).group(0)
    words = after.split()
    if words and words[0].lower() == "of":
        words = words[1:]
    phrase = []
    for word in words[:8]:
        # "to" may go on a phrase ("Afghans go to school") but not open one ("dollars to wage a war").
        if word.lower() in _STOP_AFTER or (word.lower() == "to" and not phrase) or re.search(r"\d", word):
            break
        phrase.append(word)
    if phrase and phrase[0].lower() not in _STATES:
        return " ".join(phrase)
    # Nothing after it: look back through the clauses of its sentence.
    head = text[:start]
    cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    clauses = re.split(r"[,;:—–]", head[cut + 1:])
    for clause in reversed(clauses[-3:]):
        if re.search(r"\d", clause):
            continue
        words = clause.split()
        while words and words[0].lower() in _EDGE_WORDS:
            words = words[1:]
        phrase = []
        for word in words:
            if word.lower() in _PREDICATE:
                break
            phrase.append(word)
        phrase = phrase[-8:]
        while phrase and phrase[-1].lower() in _EDGE_WORDS:
            phrase.pop()
        if phrase and any(w[0].isalpha() for w in phrase) and " ".join(phrase).lower() not in _PRONOUNS:
            return " ".join(phrase)
    return None
