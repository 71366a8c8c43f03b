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
from .labels import Label, grammar

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
    words = [w for w in re.split(r"[\s,:\-–—·•|/]+", parts[0].casefold()) if w]
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
        lead = _lead_before(texts, kinds, first)
        if lead is not None:
            first = lead + 1  # a spokesperson's opening remarks, before the first label, are speech
        last = len(texts) - 1
        while last > labelled[-1] and kinds[last] in TRAILING_KINDS:
            last -= 1
        # After the last label, page furniture (an end mark, a credit line, a promo) closes the interview.
        last = next((i - 1 for i in range(labelled[-1] + 1, last + 1) if kinds[i] in TRAILING_KINDS - {"non_speech"}), last)
        for i in range(first):
            if kinds[i] == "other":
                kinds[i] = None  # a heading before the interview may be the page's title ("# Episode 12: ...")
        for i in range(first, last + 1):
            if kinds[i] is None:
                kinds[i] = "interview"
        _headings_and_trailers(texts, kinds, labels, labelled)
        header_end = first
    else:
        header_end = len(texts)
    _menu_run(texts, kinds, header_end)
    _classify_header(texts, kinds, header_end)
    for i in range(len(texts)):
        if kinds[i] is None:
            kinds[i] = "other"
        elif kinds[i] == "non_speech" and not (labelled and header_end < i):
            kinds[i] = "other"  # a bracketed line outside an interview is no sound cue
    return kinds


_SPEECH = re.compile(r"\b(?:I|I['’](?:m|d|ll|ve)|we|we['’](?:re|ll|ve)|you|Good (?:morning|afternoon|evening))\b")


@cache
def _leads() -> tuple[re.Pattern, ...]:
    name = r"[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,3}"
    return tuple(re.compile(p.replace("{NAME}", name)) for p in grammar()["transcript_leads"])


def transcript_lead(text: str) -> str | None:
    """The person a page's lead says the transcript is of ("... noon briefing by Stéphane Dujarric, ..."), if any."""
    m = next((m for pattern in _leads() if (m := pattern.search(text))), None)
    return m["name"] if m else None


def _lead_before(texts: list[str], kinds: list[str | None], first: int) -> int | None:
    """The lead paragraph, when speech follows it before the first label."""
    for i in range(first):
        if kinds[i] is None and transcript_lead(texts[i]):
            gap = [j for j in range(i + 1, first) if kinds[j] is None]
            return i if any(_SPEECH.search(texts[j]) for j in gap) else None
    return None


def lead_speaker(texts: list[str], kinds: list[str]) -> tuple[str, int] | None:
    """The person whose opening remarks the interview begins with, unlabelled, and the
    position where they end (the first label), when a lead names them."""
    first = next((i for i, k in enumerate(kinds) if k == "interview"), None)
    if not first:
        return None
    name = next((transcript_lead(texts[i]) for i in range(first - 1, -1, -1) if kinds[i] not in ("boilerplate", "other")), None)
    return (name, first) if name else None


def _headings_and_trailers(texts: list[str], kinds: list[str | None], labels: list[Label | None], labelled: list[int]) -> None:
    """Lines of the interview that no one says: a heading in capitals without
    closing punctuation in an interview written in mixed case ("STATEMENT OF
    ..."), and, where the page labels every paragraph of speech, unlabelled
    lines after the last label (a show's sign-off text, a promo)."""
    spoken = [i for i in range(labelled[0], labelled[-1] + 1) if kinds[i] == "interview"]
    mixed = sum(any(c.islower() for c in texts[i]) for i in spoken) > len(spoken) / 2
    for i in spoken:
        if mixed and labels[i] is None and not any(c.islower() for c in texts[i]) and sum(c.isupper() for c in texts[i]) > 3 \
                and not texts[i].rstrip().endswith(tuple(".?!…\"”’")):
            kinds[i] = "other"
    every = len(labelled) >= 6 and all(labels[i] is not None or (labels[i - 1] is not None and labels[i - 1].words_at is None)
                                       for i in spoken if kinds[i] == "interview")
    if every:
        for i in range(labelled[-1] + 1, len(texts)):
            if kinds[i] == "interview" and not (labels[i - 1] is not None and labels[i - 1].words_at is None):
                kinds[i] = "other"


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
    capitals, not a show's two-word name right before a longer title). What
    stands before it is a photo caption (a descriptive sentence, perhaps with
    its credit line) or the program's name. Right after a photo's credit line,
    a short sentence followed by a longer one is the headline even when it ends
    with a period ("Estonia's forests are a carbon sink. Or they were.").
    """
    free = [i for i in range(end) if kinds[i] is None]
    credit = next((i for i in range(min(end, 8)) if kinds[i] == "photo_caption"), None)
    headline = _headline(texts, [i for i in free if credit is None or i > credit])
    if headline is None and credit is not None:
        headline = _headline(texts, free)
    if headline is not None:
        for i in free:
            if i < headline:
                kinds[i] = "credit" if _is_program_name(texts[i]) or _is_show_name(texts, i, headline) else "photo_caption"
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


def _headline(texts: list[str], candidates: list[int]) -> int | None:
    first = candidates[:4]
    if len(first) >= 2 and not _is_title_like(texts[first[0]], 30) and len(texts[first[0]].split()) <= 20 \
            and len(texts[first[1]].split()) > len(texts[first[0]].split()) and texts[first[1]].endswith(_TERMINAL) \
            and _after_credit(texts, first[0]):
        return first[0]
    for n, i in enumerate(first):
        if _is_title_like(texts[i], 30) and not _is_program_name(texts[i]) and not _is_byline(texts[i]) \
                and not (n + 1 < len(first) and _is_show_name(texts, i, first[n + 1])):
            return i
    return None


def _after_credit(texts: list[str], i: int) -> bool:
    """Does the paragraph come right after a photo's credit line ("Courtesy of ...", "Credit: ...")?"""
    return i > 0 and any(p.kind == "photo_caption" and (p.regex.fullmatch(texts[i - 1]) if p.whole else p.regex.match(texts[i - 1]))
                         for p in patterns())


def _is_show_name(texts: list[str], i: int, following: int) -> bool:
    """"CNN Newsroom" right before "Bridge Inspections Lag in Half the States; ...": a show's name of
    at most three words before a longer title."""
    return (len(texts[i].split()) <= 3 and _is_title_like(texts[i], 3) and _is_title_like(texts[following], 30)
            and len(texts[following].split()) >= 6 and i < following)


def _is_title_like(text: str, max_words: int) -> bool:
    return not text.endswith(_TERMINAL) and len(text.split()) <= max_words


def _is_program_name(text: str) -> bool:
    """"CNN TOWN HALL", "STATE OF THE CITY": a short line in capitals."""
    return text.isupper() and len(text.split()) <= 6 and not text.endswith(_TERMINAL)


def _is_byline(text: str) -> bool:
    return re.match(r"(?:(?:interview|interviewed|reporting|story|words|text|photos?|written|edited)\s+)?by\s", text, re.I) is not None
