"""Which part of the page or broadcast each paragraph belongs to.

The furniture patterns (site menus, banners, copyright lines, disclaimers,
"Related:" lines, sound cues...) are data in page_furniture.yaml; this module
holds the small interpreters: the patterns, the site-menu run, the page's
date lines, and the order of the header (caption, headline, standfirst, credit).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .dates import MONTHS, to_date
from .labels import Label

_TERMINAL = tuple(".?!:;\"”’)]…")
# Only these may follow the interview; anything else after it is still interview.
TRAILING_KINDS = {"audio", "closing_note", "newsletter_promo", "related", "boilerplate", "editors_note", "photo_caption", "non_speech"}
_NON_SPEECH = re.compile(r"[(\[][^()\[\]]*[)\]]")


@dataclass(frozen=True)
class Pattern:
    kind: str
    regex: re.Pattern
    whole: bool
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@cache
def furniture() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("page_furniture.yaml").read_text(encoding="utf-8"))


@cache
def patterns() -> tuple[Pattern, ...]:
    found = []
    for entry in furniture()["kinds"]:
        for p in entry["patterns"]:
            flags = 0 if p.get("case") else re.I
            found.append(Pattern(entry["kind"], re.compile(p["pattern"], flags), bool(p.get("whole")),
                                 tuple(p.get("examples", ())), tuple(p.get("not", ()))))
    return tuple(found)


def furniture_kind(text: str) -> str | None:
    """The kind of a page-furniture line ("Related: ...", "(SOUNDBITE OF MUSIC)", "Watch CBS News"...), if it is one."""
    for pattern in patterns():
        if (pattern.regex.fullmatch(text) if pattern.whole else pattern.regex.match(text)):
            return pattern.kind
    if page_date(text) is not None or _is_time_line(text):
        return "boilerplate"
    if _NON_SPEECH.fullmatch(text):
        return "non_speech"
    return None


# --- the page's date lines -------------------------------------------------

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_IN_LINE = re.compile(
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s+)?(?P<month>{_MONTH_RE})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s*(?P<year>(?:19|20)\d\d)",
    re.I,
)
_TIME_IN_LINE = re.compile(r"[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?\s?m\.?)?", re.I)


def page_date(text: str) -> dt.date | None:
    """The date of a line that holds only a date (and perhaps a time, a zone,
    a lead word such as "Aired", and an outlet after a slash): "MARCH 14,
    20244:12 PM ET" is March 14, 2024 at 4:12 PM (a date glued to a time)."""
    if len(text) > 80:
        return None
    match = _DATE_IN_LINE.search(text)
    if not match:
        return None
    rest = text[:match.start()] + " " + text[match.end():]
    if not _only_time_zone_and_outlet(rest):
        return None
    return to_date(match["month"].capitalize(), match["day"], int(match["year"]))


def _is_time_line(text: str) -> bool:
    """"2:14 p.m. EDT" alone on its line."""
    match = _TIME_IN_LINE.search(text)
    return bool(match) and len(text) < 40 and _only_time_zone_and_outlet(text[:match.start()] + " " + text[match.end():]) and not text[:match.start()].strip()


def _only_time_zone_and_outlet(rest: str) -> bool:
    """What is left of a date line once its date is taken out: times, zones,
    lead words ("Aired", "Updated") and, after a slash, a short outlet name."""
    f = furniture()
    parts = re.split(r"\s[/|]\s", _TIME_IN_LINE.sub(" ", rest))
    words = [w for w in re.split(r"[\s,\-–—·•|/]+", parts[0].casefold()) if w]
    allowed = set(f["dateline_zones"]) | {w for lead in f["dateline_lead_words"] for w in lead.split()} | {"at"}
    return all(w in allowed for w in words) and all(len(p.split()) <= 4 for p in parts[1:])


# --- the site menu -----------------------------------------------------------

def _is_menu_item(text: str) -> bool:
    f = furniture()
    words = text.split()
    if not words or len(words) > f["navigation_item_max_words"] or len(text) > f["navigation_item_max_chars"]:
        return False
    if text.endswith(tuple("?!:;,")):
        return False
    return not text.endswith(".") or not any(c.islower() for c in text)  # "U.S." is a menu item; "Yes." is not


def _menu_run(texts: list[str], kinds: list[str | None], end: int) -> None:
    """Short lines at the very top of the page, before the headline, are the site's menu."""
    i = 0
    while i < end and (kinds[i] == "boilerplate" or (kinds[i] is None and _is_menu_item(texts[i]))):
        i += 1
    run = [j for j in range(i) if kinds[j] is None]
    if len(run) + sum(1 for j in range(i) if kinds[j] == "boilerplate") >= furniture()["navigation_run"] and i < end:
        for j in run:
            kinds[j] = "boilerplate"


# --- the whole page ----------------------------------------------------------

def classify(texts: list[str], labels: list[Label | None]) -> list[str]:
    """One segment kind per paragraph, from page furniture, labels and position."""
    kinds = [furniture_kind(t) for t in texts]
    labelled = [i for i, label in enumerate(labels) if label is not None and kinds[i] is None]
    if labelled:
        first = labelled[0]
        if _opening_question(texts, kinds, first):
            first -= 1
        last = len(texts) - 1
        while last > labelled[-1] and kinds[last] in TRAILING_KINDS:
            last -= 1
        for i in range(first, last + 1):
            if kinds[i] is None:
                kinds[i] = "interview"
        header_end = first
    else:
        header_end = len(texts)
    _menu_run(texts, kinds, header_end)
    _classify_header(texts, kinds, header_end)
    for i in range(len(texts)):
        if kinds[i] is None:
            kinds[i] = "other"
        elif kinds[i] == "non_speech" and not (labelled and labelled[0] < i):
            kinds[i] = "other"  # a bracketed line outside an interview is no sound cue
    return kinds


def _opening_question(texts: list[str], kinds: list[str | None], first: int) -> bool:
    """Where only the answers are labelled, the interview opens with the
    interviewer's unlabelled question just before the first label ("Priya,
    you're the county engineer. Why did the levee fail?"). It must follow at
    least a headline and a standfirst."""
    before = first - 1
    if before < 0 or kinds[before] is not None or "?" not in texts[before]:
        return False
    return sum(1 for i in range(before) if kinds[i] is None) >= 2


def _classify_header(texts: list[str], kinds: list[str | None], end: int) -> None:
    """Before the interview: caption, headline, standfirst, credit, then intro.

    The headline is the first of the opening paragraphs that reads like a
    title (no closing punctuation, not a byline, not a program name in
    capitals). What stands before it is a photo caption (a descriptive
    sentence, perhaps with its credit line) or the program's name.
    """
    free = [i for i in range(end) if kinds[i] is None]
    headline = next((i for i in free[:4] if _is_title_like(texts[i], 30) and not _is_program_name(texts[i]) and not _is_byline(texts[i])), None)
    if headline is not None:
        for i in free:
            if i < headline:
                kinds[i] = "credit" if _is_program_name(texts[i]) else "photo_caption"
        kinds[headline] = "headline"
        after = [i for i in free if i > headline]
        if after and not _is_title_like(texts[after[0]], 8) and texts[after[0]].endswith(_TERMINAL):
            kinds[after[0]] = "standfirst"
            after = after[1:]
        if after and _is_title_like(texts[after[0]], 8) and not _is_byline(texts[after[0]]):
            kinds[after[0]] = "credit"
    for i in free:
        if kinds[i] is None:
            kinds[i] = "intro"


def _is_title_like(text: str, max_words: int) -> bool:
    return not text.endswith(_TERMINAL) and len(text.split()) <= max_words


def _is_program_name(text: str) -> bool:
    """"CNN TOWN HALL", "STATE OF THE CITY": a short line in capitals."""
    return text.isupper() and len(text.split()) <= 6 and not text.endswith(_TERMINAL)


def _is_byline(text: str) -> bool:
    return re.match(r"(?:(?:interview|interviewed|reporting|story|words|text|photos?|written|edited)\s+)?by\s", text, re.I) is not None
