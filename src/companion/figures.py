"""Figures cited in a text: counts, money, percentages, fractions, durations,
measures, clock times, dates, months, years, decades and ranges, with values,
units and hedges.

Pure functions: `extract(text, reference)` returns figures with offsets into `text`.

The vocabularies (units, currencies, hedges, scale words) and the table of
numbers that are not figures are data files in figure_rules/; this module is
their interpreter. The cost is linear in the text: one scan finds every place
where a figure may start, and all other work looks at a bounded window around
that place (sentences are found once per text, on demand).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass

from . import dates
from .figure_rules import load
from .numbers import NUMBER_WORDS, ORDINALS, SCALES, digits_to_number, words_to_number
from .timecodes import TIMECODE

_UNITS = load("units")
_CURRENCIES = load("currencies")
_HEDGES = load("hedges")
_SCALES = load("scales")


def _alt(words) -> str:
    """An alternation of literal words, longest first (so the longest wins)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _lookup(table: dict) -> dict[str, str]:
    return {word.lower(): unit for unit, words in table.items() for word in words}


DURATION_UNITS = _lookup(_UNITS["duration"])
MEASURE_UNITS = _lookup(_UNITS["measure"])
PERCENT_UNITS = _lookup(_UNITS["percent"])
MEASURE_BEFORE = _lookup(_UNITS["measure_before"])
CURRENCY_SIGNS: dict[str, str] = _CURRENCIES["signs"]
CURRENCY_CODES = set(_CURRENCIES["codes"])
CURRENCY_WORDS: dict[str, str | None] = {**_CURRENCIES["words"], **_CURRENCIES["national"]}
CENTS = set(_CURRENCIES["cents"])
SHORT_SCALES: dict[str, int] = _SCALES["short_scales"]
PLURAL_RANGES: dict[str, list[int]] = _SCALES["plural_ranges"]
PLURAL_MULTIPLIERS: dict[str, int] = _SCALES["plural_multipliers"]
FRACTIONS: dict[str, int] = _SCALES["fractions"]
VAGUE_MULTIPLIERS: dict[str, list[int]] = _SCALES["vague_multipliers"]
HEDGE_BOUND = {w.lower(): bound for bound, words in _HEDGES["before"].items() for w in words}
POST_HEDGE_BOUND = {w.lower(): bound for bound, words in _HEDGES["after"].items() for w in words}
NOT_BEFORE_DURATIONS = set(_HEDGES["not_before_durations"])
NAMED_DATES = {"9/11": dt.date(2001, 9, 11)}  # slash forms that name an event, not a fraction
ALL_UNIT_WORDS = [*DURATION_UNITS, *MEASURE_UNITS]
UNIT_BETWEEN = _UNITS["between"]  # "23 consecutive years"
ONE_OF_UNITS = _UNITS["one_of"]  # "almost a mile wide"
_UNIT_LEAD = re.compile(rf"^(?:of\s+)?(?:(?:{_alt(UNIT_BETWEEN)})\s+)?")
_TEMPERATURE = _UNITS["temperature"]
_TEMPERATURE_CONTEXT = re.compile(rf"\b(?:{_alt(_TEMPERATURE['context'])})\b", re.I)
_TEMPERATURE_LAST_WORDS = {w.split()[-1] for w in _TEMPERATURE["elided_after"]}
_TEMPERATURE_BEFORE = re.compile(
rf"\b(?P<words>{_alt(_TEMPERATURE['elided_after'])})\s+$", re.I)
HEDGE_NOT_AFTER = {hedge: set(words) for hedge, words in _HEDGES["not_after"].items()}

# --- numbers ---------------------------------------------------------------------
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_SCALE_WORD = "hundred|thousand|million|billion|trillion"
_SMALL = rf"(?:(?:{_TENS})(?:[ -](?:{_ONES}))?|{_TEENS}|{_ONES}|zero)\b"
_GROUP = rf"(?:{_SMALL}(?:[ ](?:{_SCALE_WORD}|dozen)\b)*|an?[ ](?:{_SCALE_WORD}|dozen)\b(?:[ ](?:{_SCALE_WORD})\b)*)"
_AFTER_SCALE = "(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)|(?<=trillion))"
WORDNUM = (
    rf"(?:(?:(?:an?|one)[ ])?(?:half|quarter|third)(?:[ ]of)?(?:[ ]an?)?[ ](?:{_SCALE_WORD})\b"
    rf"|{_GROUP}(?:{_AFTER_SCALE}(?:[ ]|[ ]and[ ]|,[ ]){_GROUP})*"
    rf"(?:[ ]and[ ]an?[ ]half\b(?:[ ](?:{_SCALE_WORD})\b)?)?"
    rf"(?:[ ]point(?:[ ](?:zero|{_ONES})\b)+)?)"
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_WORD_SCALE = rf"[ ](?:{_SCALE_WORD})\b"
_SHORT_SCALE = rf"[ ]?(?:{_alt(SHORT_SCALES)})\b"
PLURAL = (rf"(?:(?P<mult>{_alt(PLURAL_MULTIPLIERS)})\s+of\s+)?(?P<plural>{_alt(PLURAL_RANGES)})\b"
          r"(?:\s+(?:and|upon)\s+(?P=plural)\b)?")
_NUMBER = re.compile(
    rf"(?P<digits>{DIGITS})(?P<wscale>{_WORD_SCALE})?(?P<sscale>{_SHORT_SCALE})?"
    rf"|(?P<words>{WORDNUM})|{PLURAL}", re.I)

_SIGN_ALT = _alt(CURRENCY_SIGNS)
_PREFIX = re.compile(
    rf"(?P<sign>{_SIGN_ALT})\s?(?=[\d.])|(?P<code>{_alt(CURRENCY_CODES)})\s?(?=\d)|(?P<minus>(?i:minus)|[-−](?=\d))\s?"
    rf"|(?P<before>(?i:{_alt(MEASURE_BEFORE)}))[\s-]?(?=\d)")
_RANGE = re.compile(r"\s?[-–—]\s?|\s(?:to|or|and|through|till)\s", re.I)
_TAIL = re.compile(
    rf"(?P<pct>\s?%|[\s-](?:{_alt(PERCENT_UNITS)})\b)"
    rf"|(?P<cur>[\s-](?:of\s)?(?:{_alt(CURRENCY_WORDS)})\b|\s(?:{_alt(CURRENCY_CODES)})\b)"
    rf"|(?P<cents>\s(?:{_alt(CENTS)})\b)"
    rf"|(?P<pounds>\s(?:pounds?|lbs?)\b)"
    rf"|(?P<unit>[\s-]?(?:of\s)?(?:(?:{_alt(UNIT_BETWEEN)})\s)?(?:{_alt(ALL_UNIT_WORDS)})(?![A-Za-z]))"
    r"|(?P<ampm>\s?(?:[ap]\.\s?m\.?|[ap]m\b))"
    rf"|(?P<frac>[\s-](?:{_alt(FRACTIONS)})\b)"
    r"|(?P<ratio>\s(?:in|out\s+of)\s(?=\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred|hundred)\b))",
    re.I)
_POST_HEDGE = re.compile(rf"(?:\s*,?\s+|-)(?P<q>{_alt(POST_HEDGE_BOUND)})\b", re.I)
_HEDGE_BEFORE = re.compile(rf"(?<![\w-])(?P<q>{_alt(HEDGE_BOUND)})\s+$", re.I)
_GLUED_OK = {*(w for w in ALL_UNIT_WORDS if re.fullmatch(r"[a-z]+", w)), "s", "am", "pm", "a", "p", *SHORT_SCALES}

# --- clock times and calendar -----------------------------------------------------------
_ZONES = ["ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT", "GMT", "UTC", "BST",
          "CET", "CEST", "IST", "JST", "AEST", "AEDT"]
_ZONE_WORDS = {"eastern": "ET", "central": "CT", "mountain": "MT", "pacific": "PT"}
TIME = re.compile(
    r"(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?"
    r"(?:\s?(?P<ampm>[AaPp]\.\s?[Mm]\.?|[AaPp][Mm]\b))?"
    rf"(?:\s(?P<zone>{'|'.join(_ZONES)})\b|\s(?P<zword>(?i:eastern|central|mountain|pacific))(?:\s(?i:time))?\b|\s(?P<local>(?i:local time))\b)?")
_FULL_MONTHS = [m for m in calendar.month_name if m]
MONTH_ALONE = re.compile(rf"(?P<month>{'|'.join(_FULL_MONTHS + [m.upper() for m in _FULL_MONTHS])})\b"
                         r"(?:,?\s+(?:of\s+)?(?P<year>(?:1[6-9]|20)\d\d)\b|\s+(?:of\s+)?['’](?P<yy>\d\d)\b(?!['’]?s))?")
_MAY_CONTEXT = re.compile(r"\b(?:in|since|until|till|of|early|late|mid|next|last|this|by|from|through)\s+$", re.I)
_TENS_PLURAL = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}
_ONE_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_CENTURY_WORDS = {"sixteen", "seventeen", "eighteen", "nineteen", "twenty"}

# "nineteen twenty-six", "eighteen oh five", "twenty twenty-four", "nineteen hundred", "the nineteen-eighties"
SPOKEN_YEAR = re.compile(
    rf"(?i:(?P<c>sixteen|seventeen|eighteen|nineteen|twenty)[ -](?:(?P<decades>{'|'.join(_TENS_PLURAL)})"
    rf"|(?P<y>(?:oh|o)[ -](?:{_ONE_WORDS})|hundred|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    rf"nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:{_ONE_WORDS}))?))\b)")
# "the forties", "the late eighties", "the roaring twenties"
DECADE_WORD = re.compile(rf"(?i:{'|'.join(_TENS_PLURAL)})\b")
_DECADE_WORD_BEFORE = re.compile(r"\bthe\s+(?:(?:early|mid|late|roaring|swinging)[\s-]+)?$", re.I)
TWO_DIGIT_YEAR = re.compile(r"['’](?P<yy>\d\d)\b(?![\d'’%]|\.\d)")
DECADE = re.compile(r"(?P<decade>(?:1[5-9]|20)\d0)['’]?s\b|['’](?P<short>\d0)s\b")
YEAR_RANGE_MIN, YEAR_RANGE_MAX = 1600, 2100  # 2100: the horizon of climate talk ("by 2100")

# --- words around figures -----------------------------------------------------------------
_TITLES = {"mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "lt", "col", "sgt"}
_ABBREVIATIONS = _TITLES | {"no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "u.s"}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(\[<]?[A-Z0-9])")
_STOP_AFTER = {"that", "which", "who", "than", "and", "but", "or", "because", "while", "on", "for", "since", "if",
               "when", "as", "by", "from", "with", "at", "in", "is", "are", "was", "were", "will", "would", "of",
               "between", "last", "next", "this", "every", "each", "per", "up", "down", "ago", "now", "a", "an", "the",
               "to", "have", "has", "had", "be", "been", "being", "do", "does", "did", "can", "could", "should", "may",
               "might", "must", "so", "far", "already", "still", "just", "only", "also", "then", "there", "here",
               "into", "onto", "over", "under", "about", "around", "after", "before", "during", "through", "across",
               "against", "without", "within", "like", "more", "less", "fewer", "each", "all", "some", "any", "no",
               "not", "never", "ever", "again", "too", "now", "today", "tonight", "yesterday",
               "tomorrow", "week", "year", "month", "day", "season", "said", "say", "says", "dead", "died", "killed",
               "injured", "hurt", "missing", "left", "went", "got", "lost", "won", "stood", "out", "off", "away",
               "back", "where", "what", "how", "why", "whom", "whose", "it", "its", "they", "them", "their",
               "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "i", "me", "my", "a.m.", "p.m."}
_STATES = {"complete", "completed", "done", "finished", "gone", "over", "full", "empty", "lower", "higher", "more", "less"}
_EDGE_WORDS = {"up", "from", "by", "to", "of", "at", "in", "on", "down", "and", "but", "so", "yet", "still", "even"}
_PREDICATE = {"far", "much", "still", "now", "is", "are", "was", "were", "has", "have", "had", "at", "lower", "higher",
              "more", "less", "will", "would", "stood", "stands", "reached", "rose", "fell", "spent", "cost", "costs",
              "could", "should", "may", "might", "can", "must", "say", "says", "said", "put", "puts", "gave", "give"}
_PRONOUNS = {"one", "it", "they", "we", "he", "she", "this", "that", "i", "you", "them", "it's", "that's", "i'm",
             "we're", "they're", "he's", "she's", "there's", "here's", "what's", "there"}
_MONEY_CONTEXT = re.compile(
    r"\b(?:owe[sd]?|owing|cost|costs|spent|spend|spending|paid|pay|pays|raised?|raising|earn(?:ed|s)?|worth|budget(?:ed)?|"
    r"fined|borrow(?:ed)?|lent|lend|invest(?:ed)?|donated?|sold for|bought for|priced?|bill|revenue|debt|fees?|salary|"
    r"profits?|deficit|funding|aid|fine|wages?|income|sales|turnover|valuation|loans?|lenders?)\b[^.,;:!?]{0,30}$", re.I)
_CHANGE_FROM = re.compile(
    r"\b(?:go|goes|went|gone|going|rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|grew|grow(?:s|n|ing)?|drop(?:s|ped|ping)?|"
    r"climb(?:s|ed|ing)?|jump(?:s|ed|ing)?|increas(?:e[sd]?|ing)|decreas(?:e[sd]?|ing)|cut(?:s|ting)?|rais(?:e[sd]?|ing)|"
    r"lower(?:s|ed|ing)?|reduc(?:e[sd]?|ing)|shr[iau]nk(?:s|ing)?|expand(?:s|ed|ing)?|mov(?:e[sd]?|ing)|chang(?:e[sd]?|ing)|"
    r"slid(?:e|es|ing)?|s[ai]nk(?:s|ing)?|soar(?:s|ed|ing)?|plung(?:e[sd]?|ing)|doubl(?:e[sd]?|ing)|tripl(?:e[sd]?|ing)|"
    r"sw[ui]ng(?:s|ing)?|boost(?:s|ed|ing)?|trimm?(?:s|ed|ing)?|slash(?:es|ed|ing)?|hik(?:e[sd]?|ing)|surg(?:e[sd]?|ing)|"
    r"tumbl(?:e[sd]?|ing)|widen(?:s|ed|ing)?|narrow(?:s|ed|ing)?|shift(?:s|ed|ing)?|up|down)\b[^.,;:!?]{0,40}\bfrom\s+$", re.I)
_NEXT_WORD = re.compile(r"\s+(?:of\s+)?([a-z][\w'’-]*)")


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
    time: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    date_resolution: str | None = None
    is_approximate: bool = False
    qualifier: str | None = None
    subject: str | None = None
    sentence: str = ""


# --- the table of non-figures ----------------------------------------------------------------
@dataclass(frozen=True)
class NotFigureRule:
    id: str
    reason: str
    pattern: re.Pattern
    not_after: re.Pattern | None
    after: re.Pattern | None
    sentence_start: bool
    not_sentence_start: bool
    exclude_words: frozenset
    whole_paragraph: bool
    before: bool
    descending: bool
    requires: tuple
    examples: tuple
    keeps: tuple


def _trie(words) -> str:
    """An alternation of literal words as a trie ("t(?:en|hree|wo)"): the regex
    engine then spends one step per character, not one per word, at each place."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return body

    return build(tree)


_WORD_GROUP = re.compile(r"\(\?i:((?:[a-z&' ]|\\\.)+(?:\|(?:[a-z&' ]|\\\.)+)+)\)")


def _word_groups_as_tries(pattern: str) -> str:
    """"(?i:episode|ep\\.|no\\.)" -> the same words as a trie: tried at every
    number, a long list of words then costs one step per character."""
    return _WORD_GROUP.sub(lambda m: "(?i:" + _trie([w.replace("\\.", ".") for w in m.group(1).split("|")]) + ")", pattern)


def _placeholders(pattern: str) -> str:
    """The table's placeholders as tries of their words: a rule tried at every
    number then costs one step per character, not one per word."""
    pattern = _word_groups_as_tries(pattern)
    return (pattern.replace("{{numword}}", _trie(NUMBER_WORDS))
            .replace("{{ordinal}}", _trie(ORDINALS))
            .replace("{{unit}}", _trie(sorted(set(ALL_UNIT_WORDS))))
            .replace("{{timecode}}", TIMECODE.pattern))


NOT_FIGURES = [
    NotFigureRule(
        id=r["id"], reason=r["reason"], pattern=re.compile(_placeholders(r["pattern"])),
        not_after=re.compile(r["not_after"]) if r.get("not_after") else None,
        after=re.compile(r["after"]) if r.get("after") else None,
        sentence_start=bool(r.get("sentence_start")), not_sentence_start=bool(r.get("not_sentence_start")),
        exclude_words=frozenset(r.get("exclude_words", ())), whole_paragraph=bool(r.get("whole_paragraph")),
        before=bool(r.get("before")), descending=r.get("numbers") == "descending", requires=tuple(r.get("requires", ())),
        examples=tuple(r.get("examples", ())), keeps=tuple(r.get("keeps", ())),
    )
    for r in load("not_figures")
]
_SPAN_RULES = [r for r in NOT_FIGURES if not r.whole_paragraph]
_BEFORE_RULES = [r for r in _SPAN_RULES if r.before]
# The rules in one pattern each: one match per place tells whether any rule may apply.


def _first_chars(pattern: str) -> frozenset | None:
    """The characters a pattern's match can start with, or None when any may
    (or when the pattern is beyond this small reader): a rule then need not be
    tried where it cannot start."""
    import re._constants as C
    import re._parser as parser

    def item(op, av):  # -> (first characters or None, may match nothing)
        if op is C.LITERAL:
            return {chr(av)}, False
        if op is C.IN:
            chars = set()
            for o, a in av:
                if o is C.LITERAL:
                    chars.add(chr(a))
                elif o is C.RANGE and a[1] - a[0] < 300:
                    chars |= {chr(c) for c in range(a[0], a[1] + 1)}
                elif o is C.CATEGORY and a is C.CATEGORY_DIGIT:
                    chars |= set("0123456789")
                else:
                    return None, False
            return chars, False
        if op is C.SUBPATTERN:
            chars = sequence(list(av[3]))
            if chars is not None and av[1] & re.I:
                chars = chars | {c.swapcase() for c in chars} | {c.upper() for c in chars} | {c.lower() for c in chars}
            return chars, False
        if op is C.BRANCH:
            chars = set()
            for branch in av[1]:
                found = sequence(list(branch))
                if found is None:
                    return None, False
                chars |= found
            return chars, False
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            return sequence(list(av[2])), av[0] == 0
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            return set(), True
        return None, False

    def sequence(items):
        chars = set()
        for op, av in items:
            found, optional = item(op, av)
            if found is None:
                return None
            chars |= found
            if not optional:
                return chars
        return None

    try:
        found = sequence(list(parser.parse(pattern)))
    except Exception:  # noqa: BLE001 - a reader for speed only: when unsure, try the rule everywhere
        return None
    return frozenset(found) if found is not None else None


_FIRST = {id(r): _first_chars(r.pattern.pattern) for r in _SPAN_RULES}
_BY_CHAR: dict[tuple[bool, str], list] = {}


def _rules_at(char: str, before: bool) -> list:
    """The rules (span rules, or `before` rules) that may start with `char`;
    listed once per character."""
    key = (before, char)
    if key not in _BY_CHAR:
        _BY_CHAR[key] = [r for r in (_BEFORE_RULES if before else _SPAN_RULES)
                         if _FIRST[id(r)] is None or char in _FIRST[id(r)]]
    return _BY_CHAR[key]
_WHOLE_RULES = [r for r in NOT_FIGURES if r.whole_paragraph]

# --- where a figure may start ---------------------------------------------------------------
# Every alternative starts with a cheap test of the first character, so that the
# scan spends little time at places where nothing can start.
_SIGN_FIRST = "".join(sorted({re.escape(sign[0]) for sign in CURRENCY_SIGNS}))
_ANCHOR_WORDS = sorted({w.lower() for w in [*NUMBER_WORDS, *PLURAL_RANGES, *PLURAL_MULTIPLIERS, *_TENS_PLURAL,
                                            "half", "quarter", "third"]})
_MONTH_FORMS = sorted({form for m in dates.MONTHS for form in (m.capitalize(), m.upper())})
_ANCHOR = re.compile(
    r"(?<![\w$])(?:"  # one shared test: nothing starts inside a word
    r"(?P<num>(?<![.,/#:])(?<!\w-)\.?\d)"
    r"|(?P<word>(?=[A-Za-z])(?:"
    rf"(?i:{_trie(_ANCHOR_WORDS)})(?!\w)"
    r"|(?i:between)\s(?=\S)"
    rf"|(?i:an?)\s(?=(?i:{_trie(sorted({*_SCALE_WORD.split('|'), 'dozen', 'half', 'third', 'quarter', 'fifth', 'tenth', *ONE_OF_UNITS}))})\b)"
    rf"|(?P<month>{_trie(_MONTH_FORMS)})(?!\w)))"
    rf"|(?P<prefix>(?=[{_SIGN_FIRST}A-Za-z−-])(?:{_SIGN_ALT}|(?i:minus)\s|[-−](?=\d)|(?i:magnitude)[\s-](?=\d)"
    rf"|{_trie(sorted(CURRENCY_CODES))}(?=\s?\d))(?=\s?[\d.]))"
    r"|(?P<apos>(?=['’])['’]\d0s\b)"
    r"|(?P<yy>(?=['’])['’]\d\d(?![\d\w'’%]|\.\d))"
    r"|(?P<clockword>(?=[nmNM])(?i:noon|midnight|midday)(?!\w)))"
)


_WRITTEN_YEAR = re.compile(r"(?<![\d,.$])((?:1[6-9]|20)\d\d)(?:['’]?s)?(?!\d|,\d)")
# A year the story set ("in 1927", "since August 1926", "July 4, 1863"), with the word before it.
_MONTH_NAMES_RE = "|".join(sorted({form for m in dates.MONTHS for form in (m.capitalize(), m.upper())}, key=len, reverse=True))
_STORY_YEAR = re.compile(r"(?<![\d,.$])(?:1[6-9]|20)\d\d(?!\d|,\d|['’]?s\b)")
# The words that may stand right before such a year: a preposition, a month and a day.
_STORY_LEAD = re.compile(
    rf"(?:\b(?P<lead>(?i:since|born(?:\s+(?:in|on))?|in|on|by|during|back\s+in|around|circa))\s+)?"
    rf"(?:(?i:the)\s+(?:(?i:early|late|mid|spring|summer|fall|autumn|winter|end|start|beginning)[\s-]+)?(?:of\s+)?)?"
    rf"(?:(?P<month>{_MONTH_NAMES_RE})\.?\s+(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+)?(?:of\s+)?)?$")
# What may stand before a sentence's first word: a sentence end, a line break, a speaker's colon, a cue's tag.
_OPENS = re.compile(r"(?:^|[.!?:]\s+|\n\s*|>\s*|\]\s*|\*\*\s*)[\"“‘(]?$")
# Words that bring an earlier paragraph back to the present, after which its old year no longer holds.
_SCENE_CHANGE = re.compile(r"\b(?:this|last|next)\s+(?:year|month|week)\b|\b(?:today|now|these days|nowadays)\b", re.I)
_IN_SEQUENCE = re.compile(r"\b(?:then|later|that|soon|eventually|finally|afterwards?|next)\b[\s,]*(?:on|in|by)?\s*$", re.I)
STORY_YEARS = 10  # a story set at least this many years before the broadcast places its undated days
STORY_REACH = 600  # characters back that a story's year still reaches
SENTENCE_REACH = 400  # characters kept either side of a figure in its `sentence`
_WORD_BEFORE_STOP = re.compile(r"([\w.]+)\.$")


class _Text:
    """A text with the sentence boundaries found once, on demand."""

    def __init__(self, text: str, before: str = ""):
        self.text = text
        self.before = before  # the end of the paragraphs before this one (see Context)
        self._starts: list[int] | None = None
        self._years: list[tuple[int, int]] | None = None
        self._holds: dict[tuple, bool] = {}

    def starts(self) -> list[int]:
        if self._starts is None:
            text = self.text
            starts = [0]
            for m in _BOUNDARY.finditer(text):
                word = _WORD_BEFORE_STOP.search(text[max(0, m.start() - 12):m.start()].rstrip("\"”’)"))
                after = text[m.end():m.end() + 1]
                if word and word.group(1).lower() in _ABBREVIATIONS and after.isdigit():
                    continue  # "No. 1", "Sept. 11"
                if word and word.group(1).lower() in _TITLES:
                    continue
                starts.append(m.end())
            self._starts = starts
        return self._starts

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        starts = self.starts()
        i = bisect.bisect_right(starts, position) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return starts[i], end

    def sentence(self, position: int) -> str:
        """The sentence around `position`, cut at a word boundary at most
        SENTENCE_REACH characters either side: a text without sentence ends
        (one long unpunctuated line) must not copy itself into every figure."""
        start, end = self.sentence_bounds(position)
        if position - start > SENTENCE_REACH:
            cut = self.text.find(" ", position - SENTENCE_REACH, position)
            start = cut + 1 if cut >= 0 else position - SENTENCE_REACH
        if end - position > SENTENCE_REACH:
            cut = self.text.rfind(" ", position, position + SENTENCE_REACH)
            end = cut if cut > position else position + SENTENCE_REACH
        return self.text[start:end].strip()

    def story_year(self, position: int, reference: dt.date) -> dt.date | str | None:
        """The calendar point the story set last before `position`, when it lies
        at least STORY_YEARS before the broadcast and frames what follows: a date
        to place a day or month told without a year. It frames when it opens its
        sentence ("In 1869, a veteran led nine men ... They set out on May 24")
        or when the date follows in sequence ("since August 1926. Then on April
        21"); a year in passing ("the old record, set in 2007. Rain returned on
        September 8") or a span up to now ("since 1990") does not. "unsure" when
        the last such point dates a person ("born in 1908"); None otherwise."""
        year = None  # the last year written before `position`, in this paragraph or the ones before
        for year in _STORY_YEAR.finditer(self.text, max(0, position - STORY_REACH), position):
            pass
        source, at = self.text, year.start() if year else None
        if year is None:
            for year in _STORY_YEAR.finditer(self.before, max(0, len(self.before) - (STORY_REACH - position))):
                pass
            if year is None:
                return None
            source, at = self.before, year.start() - len(self.before) - 1
        if int(year.group(0)) > reference.year - STORY_YEARS:
            return None
        m = _STORY_LEAD.search(source, max(0, year.start() - 40), year.start())
        lead_start = m.start() if m and m.group(0) else year.start()
        if at < 0 and _SCENE_CHANGE.search(self.before, year.end()):
            return None  # the earlier paragraphs came back to the present after it
        lead = " ".join((m["lead"] or "").lower().split()) if m else ""
        if lead.startswith("born"):
            return "unsure"
        frames = lead != "since" and _OPENS.search(source[max(0, lead_start - 8):lead_start]) is not None
        if not frames and not _IN_SEQUENCE.search(self.text, max(0, position - 24), position):
            return None
        month = dates.MONTHS[m["month"].lower().rstrip(".")] if m and m["month"] else 1
        return _day_in(int(year.group(0)), month, int(m["day"]) if m and m["day"] else 1)

    def previous_sentence(self) -> str:
        """The last sentence of the paragraphs before this one."""
        tail = self.before.rstrip()[-300:]
        ends = [m.end() for m in _BOUNDARY.finditer(tail)]
        return tail[ends[-1]:] if ends else tail

    def holds(self, strings: tuple) -> bool:
        """Whether one of `strings` occurs in the text; answered once per text."""
        if strings not in self._holds:
            self._holds[strings] = any(x in self.text for x in strings)
        return self._holds[strings]

    def nearest_year(self, position: int) -> int | None:
        """The written year (or the first year of a written decade) last before
        `position` in the text, else the first after it; found once per text."""
        if self._years is None:
            self._years = [(m.start(), int(m.group(1))) for m in _WRITTEN_YEAR.finditer(self.text)]
        if not self._years:
            return None
        i = bisect.bisect_left(self._years, (position, 0))
        return self._years[i - 1 if i > 0 else 0][1]  # the story so far first, else what follows

    def at_sentence_start(self, position: int) -> bool:
        """True when only punctuation, a label's colon or a cue's bracket comes before, back to a sentence end."""
        head = self.text[max(0, position - 8):position]
        if position <= 8 and not head.strip(" \"“‘([<*"):
            return True
        return re.search(r"(?:[.!?:]\s+|[\]>]\s*|\*\*\s*)[\"“‘(]?$", head) is not None


@dataclass
class Context:
    """What the earlier paragraphs of the same text say, for the next one: their
    last CONTEXT_REACH characters. A subtitle cue or an answer often leans on
    the paragraph before it: "In 1869, ..." then "They set out on May 24"; "You
    raised prices this year." then "In March and again in September."; "$11"
    then "45 cents". `extract` reads it and then adds the paragraph it read."""

    before: str = ""

    def add(self, text: str) -> None:
        self.before = (self.before + "\n" + text)[-CONTEXT_REACH:] if self.before else text[-CONTEXT_REACH:]


CONTEXT_REACH = 600
WHOLE_RULE_LENGTH = 200  # a cue number or a page's stamp is a short line: longer ones need not be tried



def extract(text: str, reference: dt.date | None = None, context: Context | None = None) -> list[Figure]:
    """Every figure in `text`, in order. `reference` (the broadcast date) resolves
    dates that have no year ("Sept. 11", "last January"). `context`, when given,
    carries what the paragraphs before this one said (a story's year, a tense,
    a currency) and is then extended with this paragraph."""
    before = context.before if context is not None else ""
    if context is not None:
        context.add(text)
    if len(text) <= WHOLE_RULE_LENGTH and any(r.pattern.fullmatch(text.strip()) for r in _WHOLE_RULES):
        return []
    doc = _Text(text, before)
    figures: list[Figure] = []
    taken = 0
    for anchor in _ANCHOR.finditer(text):
        start = anchor.start()
        if start < taken:
            continue
        found = _at(doc, anchor, reference)
        if found is None:
            continue
        if isinstance(found, int):  # a non-figure: skip its words
            taken = max(taken, found)
            continue
        figures.append(_elided_unit(doc, found, next((f for f in reversed(figures[-3:]) if f.kind != "year"), None)))
        taken = found.end
        # A page may glue a clock time to a date's year ("MAY 22, 20245:39 AM ET").
        if found.kind == "date" and text[found.end:found.end + 1].isdigit():
            glued = _clock_time(doc, found.end, reference)
            if glued is not None:
                figures.append(glued)
                taken = glued.end
    return figures


# What may follow the digits of a date or a clock time ("2024-03-14", "6/11/2021",
# "14 March", "1980s", "15:30", "3 p.m."): a cheap test before the date rules.
_CALENDAR_OR_CLOCK = re.compile(r"\d+(?:[-/:]\d|['’]?s\b|(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z]|\s?[AaPp]\.?\s?[Mm]\b|\s?[AaPp]\.\s?[Mm]\.)")


def _at(doc: _Text, anchor: re.Match, reference: dt.date | None) -> Figure | int | None:
    """The figure that starts at an anchor; an int (where to resume) for a
    non-figure; None when nothing is there."""
    text, start = doc.text, anchor.start()
    group = "month" if anchor["month"] else anchor.lastgroup
    if group == "month":
        blocked = _blocked(doc, start)  # "Thanks, June."
        return blocked if blocked is not None else _month_led(doc, start, reference)
    if group == "apos":
        return _decade(doc, DECADE.match(text, start), reference)
    if group == "yy":
        return _two_digit_year(doc, start, reference)
    if group == "word":
        word = anchor.group(0).lower()
        if word in _CENTURY_WORDS:
            spoken = SPOKEN_YEAR.match(text, start)
            if spoken and not _noun_follows(text, spoken.end()):
                return _spoken_year(doc, spoken, reference)
        elif word in _TENS_PLURAL:
            return _spoken_decade(doc, DECADE_WORD.match(text, start), reference)
    if group == "clockword":
        return _spoken_time(doc, start)
    if group == "num" and _CALENDAR_OR_CLOCK.match(text, start):
        for attempt in (_calendar_led, _clock_time):
            found = attempt(doc, start, reference)
            if found is not None:
                return found
    # Number words are mostly pronouns, enumerators, idioms: ask the table of
    # non-figures first. Digits are mostly figures: read the figure first, and
    # ask the table only when there is one.
    if group == "word" and anchor.group(0)[:7].lower() == "between" and not _NUMBER_NEXT.match(text, anchor.end()):
        return None  # "between the two sides": a preposition, with no figure after it
    blocked = _blocked(doc, start) if group == "word" else None
    if blocked is not None:
        return blocked
    found = None
    if _SPOKEN_GATE.match(text, start):  # "half past 10 at night", "six in the morning"
        found = _spoken_time(doc, start)
    if found is None:
        if group == "word" and anchor.group(0).lower().startswith("between"):
            found = _between(doc, start, anchor.end(), reference)
        else:
            found = _quantity(doc, start, reference)
    if found is None or group == "word":
        return found
    blocked = _blocked(doc, start)
    if blocked is None:
        return found
    return max(blocked, found) if isinstance(found, int) else blocked



# --- non-figures -----------------------------------------------------------------------------
_NUMBER_NEXT = re.compile(rf"\s*(?:[\d.$€£¥₹]|(?i:{_trie(sorted({*NUMBER_WORDS, *PLURAL_RANGES, *PLURAL_MULTIPLIERS, 'half', 'a', 'an', 'about', 'around', 'roughly', 'some', 'nearly', 'almost'}))})\b|[A-Z]{3}\s?\d)")


def _blocked(doc: _Text, start: int) -> int | None:
    """The end of a non-figure that covers `start`, or None: the rules that may
    start at the number itself, then the `before` rules at the start of its word
    and of the two words before it ("episode 214", "won 3-1"). The furthest
    reach wins ("Leeds 2, Hull City 1" is one score)."""
    text = doc.text
    reach = _reach(doc, start, start, _rules_at(text[start], False))
    if reach is not None:
        return reach
    at = start
    for _ in range(3):  # the start of this word and of the two words before it
        at = _word_start(text, at)
        if start - at > 40:
            break
        if at != start:
            found = _reach(doc, at, start, _rules_at(text[at], True))
            if found is not None:
                reach = max(reach or 0, found)
        at -= 1
        while at > 0 and text[at - 1] == " ":
            at -= 1
        if at <= 0:
            break
    return reach


def _reach(doc: _Text, position: int, start: int, rules: list) -> int | None:
    """The furthest end, past `start`, of the rules that match at `position`."""
    text, reach = doc.text, None
    for rule in rules:
        if rule.requires and not doc.holds(rule.requires):
            continue
        m = rule.pattern.match(text, position)
        if not m or m.end() <= start:
            continue
        if rule.exclude_words and m.group(0).split()[0].strip(".,") in rule.exclude_words:
            continue
        if rule.sentence_start and not doc.at_sentence_start(position):
            continue
        if rule.not_sentence_start and doc.at_sentence_start(position):
            continue
        if rule.not_after and rule.not_after.search(text, max(0, position - 30), position):
            continue
        if rule.after and not rule.after.search(text, max(0, position - 40), position):
            continue
        if rule.descending and _number_value(m["a"]) < _number_value(m["b"]):
            continue
        reach = max(reach or 0, m.end())
    return reach


def _number_value(words: str) -> float:
    """The value of a rule's captured number: digits or number words."""
    return digits_to_number(words) if words[0].isdigit() else (words_to_number(words) or 0.0)


def _word_start(text: str, position: int) -> int:
    """Where the word that ends at (or holds) `position` starts; at most 40 characters back."""
    lo = max(0, position - 40)
    return max(text.rfind(" ", lo, position), text.rfind("\n", lo, position), text.rfind("\t", lo, position), lo - 1) + 1


# --- calendar figures ----------------------------------------------------------------------
def _month_led(doc: _Text, start: int, reference: dt.date | None) -> Figure | None:
    text = doc.text
    m = dates.DATE.match(text, start)
    if m:
        if m["year"]:
            day = dates.to_date(m["month"], m["day"], int(m["year"]))
            if day:
                return _calendar(doc, m, "date", "written_date", day, day, "explicit")
        else:
            month = dates.MONTHS[m["month"].lower().rstrip(".")]
            return _day_without_year(doc, m, month, int(m["day"]), reference)
    m = MONTH_ALONE.match(text, start)
    if not m:
        return None
    month = dates.MONTHS[m["month"].lower()]
    if m["year"]:
        year = int(m["year"])
        return _calendar(doc, m, "month", "month", dt.date(year, month, 1),
                         dt.date(year, month, calendar.monthrange(year, month)[1]), "explicit")
    if m["yy"] and reference is not None:  # "January of '83"
        lo, hi = doc.sentence_bounds(start)
        year = _century_year(int(m["yy"]), reference, dates.direction(text, start, m.end(), lo, hi))
        return _calendar(doc, m, "month", "month", dt.date(year, month, 1),
                         dt.date(year, month, calendar.monthrange(year, month)[1]), "from_broadcast_date")
    if m["month"].lower() == "may" and not _MAY_CONTEXT.search(text, max(0, start - 12), start):
        return None  # "May" is also a verb
    if m["month"].isupper():
        return None  # a month in capitals alone is a headline word
    if reference is None:
        return _calendar(doc, m, "month", "month_no_year", None, None, "unresolved")
    resolved = _resolve(doc, start, m.end(), month, None, reference)
    if resolved is None:
        return _calendar(doc, m, "month", "month_no_year", None, None, "unresolved")
    year = resolved[0].year
    return _calendar(doc, m, "month", "month_from_context" if resolved[1] == "from_context" else "month",
                     dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), resolved[1])


def _day_without_year(doc: _Text, m: re.Match, month: int, day: int, reference: dt.date | None) -> Figure | None:
    if reference is None:
        return _calendar(doc, m, "date", "written_date_no_year", None, None, "unresolved")
    resolved = _resolve(doc, m.start(), m.end(), month, day, reference)
    if resolved is None:
        return _calendar(doc, m, "date", "written_date_no_year", None, None, "unresolved")
    date, resolution = resolved
    rule = "written_date_from_context" if resolution == "from_context" else "written_date_nearest_broadcast"
    return _calendar(doc, m, "date", rule, date, date, resolution)


def _resolve(doc: _Text, start: int, end: int, month: int, day: int | None, reference: dt.date) -> tuple[dt.date, str] | None:
    """The year of a day or a month written without one ("April 21", "In March").

    In order: "this year", "last year", "next year" beside it; a year the story
    set earlier, for an event told in the past ("since August 1926. Then on April
    21, the levee broke"); else the broadcast date, forward or backward by tense,
    or the nearest when the words give no sign. When the story is set long ago
    but the date cannot be tied to its year ("She was born in 1908. She told me
    about May 1"), the date is left unresolved rather than guessed."""
    text = doc.text
    lo, hi = doc.sentence_bounds(start)
    offset = dates.year_offset(text, start, end, lo, hi) if dates.adjacent(text, start, lo) is None else None
    if offset is not None:
        year = reference.year + offset
        return _day_in(year, month, day), "from_broadcast_date"
    sign = dates.direction(text, start, end, lo, hi)
    if sign == 0 and lo == 0 and doc.before and dates.adjacent(text, start, lo) is None:
        # An answer that names a month alone ("In March and again in September.")
        # takes its year from the sentence before it ("You raised prices this year.");
        # not its tense, which may belong to another speaker's other matter.
        previous = doc.previous_sentence()
        offset = dates.year_offset(previous, 0, len(previous), 0, len(previous), reach=len(previous))
        if offset is not None:
            return _day_in(reference.year + offset, month, day), "from_broadcast_date"
    if sign <= 0 and dates.adjacent(text, start, lo) is None:
        story = doc.story_year(start, reference)
        if isinstance(story, dt.date):
            after = next((d for d in (_day_in(story.year + k, month, day) for k in (0, 1)) if d and d >= story), None)
            if after is not None:
                return after, "from_context"
        elif story == "unsure" and sign < 0:
            return None
    if day is None:
        year = dates.resolve_month(month, reference, sign)
        return (dt.date(year, month, 1), "from_broadcast_date") if year else None
    resolved = dates.resolve_day(month, day, reference, sign)
    return (resolved, "from_broadcast_date") if resolved else None


def _day_in(year: int, month: int, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day or 1)
    except ValueError:
        return None


def _calendar_led(doc: _Text, start: int, reference: dt.date | None) -> Figure | None:
    """Dates that start with digits: ISO, numeric, day-month, named ("9/11")."""
    text = doc.text
    m = dates.ISO_DATE.match(text, start)
    if m:
        day = dates.to_date(calendar.month_name[int(m["m"])], m["d"], int(m["y"]))
        if day:
            return _calendar(doc, m, "date", "iso_date", day, day, "explicit")
    for name, day in NAMED_DATES.items():
        if text.startswith(name, start) and not text[start + len(name):start + len(name) + 1].isdigit():
            end = start + len(name)
            return _calendar_span(doc, start, end, "date", "named_date", day, day, "explicit")
    m = dates.NUMERIC_DATE.match(text, start)
    if m:
        day = dates.to_date(calendar.month_name[int(m["m"])], m["d"], int(m["y"]))
        if day:
            return _calendar(doc, m, "date", "numeric_date", day, day, "explicit")
    m = dates.DAY_MONTH.match(text, start)
    if m:
        month = dates.MONTHS[m["month2"].lower().rstrip(".")]
        if m["year"]:
            day = dates.to_date(m["month2"], m["day"], int(m["year"]))
            if day:
                return _calendar(doc, m, "date", "written_date", day, day, "explicit")
        else:
            return _day_without_year(doc, m, month, int(m["day"]), reference)
    m = DECADE.match(text, start)
    if m and m["decade"]:
        return _decade(doc, m, reference)
    return None


def _decade(doc: _Text, m: re.Match | None, reference: dt.date | None) -> Figure | None:
    if m is None:
        return None
    if m["decade"]:
        return _decade_figure(doc, m.start(), m.end(), int(m["decade"]), "explicit")
    return _short_decade(doc, m.start(), m.end(), int(m["short"]), reference)


def _short_decade(doc: _Text, start: int, end: int, tens: int, reference: dt.date | None) -> Figure:
    """"the '80s", "the eighties": the latest such decade that began by the
    broadcast year. When that is the broadcast's own decade ("the '20s" said in
    2024), the century is ambiguous: a year written in the same paragraph
    decides ("in the 1910s ... in the '20s" is the 1920s); without one the
    decade is left unresolved rather than guessed."""
    if reference is None:
        return _calendar_span(doc, start, end, "decade", "decade", None, None, "unresolved")
    first = (reference.year // 100) * 100 + tens
    if first > reference.year:
        first -= 100
    if first <= reference.year <= first + 9:
        near = doc.nearest_year(start)
        if near is None:
            return _calendar_span(doc, start, end, "decade", "decade", None, None, "unresolved")
        first = first - 100 if near < (reference.year // 100) * 100 else first  # this century or the one before
    return _decade_figure(doc, start, end, first, "from_broadcast_date")


def _decade_figure(doc: _Text, start: int, end: int, first: int, resolution: str) -> Figure:
    figure = _calendar_span(doc, start, end, "decade", "decade", dt.date(first, 1, 1), dt.date(first + 9, 12, 31), resolution)
    return _replace(figure, value=float(first))


def _spoken_decade(doc: _Text, m: re.Match, reference: dt.date | None) -> Figure | int | None:
    """"the forties", "the late eighties": a decade, after "the" only ("in her
    eighties" is an age) and not beside temperatures ("highs in the eighties")."""
    text = doc.text
    if not _DECADE_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start()):
        return m.end()
    if _TEMPERATURE_CONTEXT.search(doc.sentence(m.start())):
        return m.end()
    return _short_decade(doc, m.start(), m.end(), _TENS_PLURAL[m.group(0).lower()], reference)


def _spoken_year(doc: _Text, m: re.Match, reference: dt.date | None) -> Figure:
    """"nineteen twenty-six" is 1926, "eighteen oh five" 1805, "the nineteen-eighties" the 1980s."""
    century = words_to_number(m["c"]) * 100
    if m["decades"]:
        return _decade_figure(doc, m.start(), m.end(), int(century + _TENS_PLURAL[m["decades"].lower()]), "explicit")
    y = m["y"].lower()
    year = int(century + (0 if y == "hundred" else words_to_number(re.sub(r"^o h?[ -]|^oh[ -]", "", y.replace("-", " ")))))
    return _year_figure(doc, m.start(), m.end(), year, year, False)


def _two_digit_year(doc: _Text, start: int, reference: dt.date | None) -> Figure | None:
    """"'28", "in '56": a year of the century that the broadcast date and the
    tense give: the latest such year up to the year after the broadcast, or the
    first one after it when the words look forward ("by '28")."""
    text = doc.text
    m = TWO_DIGIT_YEAR.match(text, start)
    if not m or _noun_follows(text, m.end()):
        return None
    if reference is None:
        return _calendar_span(doc, start, m.end(), "year", "year", None, None, "unresolved")
    lo, hi = doc.sentence_bounds(start)
    year = _century_year(int(m["yy"]), reference, dates.direction(text, start, m.end(), lo, hi))
    figure = _year_figure(doc, start, m.end(), year, year, False)
    return _replace(figure, date_resolution="from_broadcast_date")


def _century_year(yy: int, reference: dt.date, sign: int) -> int:
    year = (reference.year // 100) * 100 + yy
    if sign > 0:
        return year if year >= reference.year else year + 100
    limit = reference.year if sign < 0 else reference.year + 1
    return year if year <= limit else year - 100


def _calendar(doc, m, kind, rule, first, last, resolution) -> Figure:
    return _calendar_span(doc, m.start(), m.end(), kind, rule, first, last, resolution)


def _calendar_span(doc, start, end, kind, rule, first, last, resolution) -> Figure:
    return Figure(
        start=start, end=end, text=doc.text[start:end], kind=kind, rule=rule,
        date=first.isoformat() if kind == "date" and first else None,
        period_start=first and first.isoformat(), period_end=last and last.isoformat(),
        date_resolution=resolution, sentence=doc.sentence(start),
    )


def _clock_time(doc: _Text, start: int, reference: dt.date | None) -> Figure | None:
    """A clock time: "3 p.m.", "7:12 AM ET", "15:30 ET", "11:15 local time". A time
    written H:MM with neither a.m./p.m. nor a zone is left to the timecode rule."""
    text = doc.text
    m = TIME.match(text, start)
    if not m or not (m["ampm"] or m["zone"] or m["zword"] or m["local"]):
        return None
    if m["min"] is None and not m["ampm"]:
        return None  # "5 ET" is not a time
    if text[m.end():m.end() + 1].isalnum() and not m["ampm"]:
        return None
    hour, minute = int(m["h"]), int(m["min"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ampm"][0].lower() == "p" else 0)
    zone = m["zone"] or (_ZONE_WORDS[m["zword"].lower()] if m["zword"] else None)
    return _time_figure(doc, start, m.end(), hour, minute, zone)


def _time_figure(doc: _Text, start: int, end: int, hour: int, minute: int, zone: str | None) -> Figure:
    qualifier, _ = _hedge(doc.text, start, "time")  # "around 2:40 p.m."
    return Figure(start=start, end=end, text=doc.text[start:end], kind="time", rule="clock_time",
                  time=f"{hour:02d}:{minute:02d}", unit=zone, is_approximate=bool(qualifier), qualifier=qualifier,
                  sentence=doc.sentence(start))


_HOUR_WORDS = {w: n for n, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve".split(), start=1)}
_MINUTE_WORDS = {"half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twenty five": 25}
_DAY_PART_WORDS = (r"in\s+the\s+morning|in\s+the\s+afternoon|in\s+the\s+evening|at\s+night|tonight|this\s+morning|"
                   r"this\s+afternoon|this\s+evening|last\s+night|tomorrow\s+morning|tomorrow\s+night")
_DAY_PART = _DAY_PART_WORDS + r"|a\.m\.|p\.m\."  # "half past ten p.m."; "10 p.m." alone is read by TIME
_HOUR = r"1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_SPOKEN_GATE = re.compile(
    rf"(?i:(?:half|quarter|twenty[- ]five|twenty|ten|five)\s+(?:minutes\s+)?(?:past|after|to|till|til|before)\s"
    rf"|(?:{_HOUR})\s+(?:o['’]clock|{_DAY_PART_WORDS}))")
SPOKEN_TIME = re.compile(
    rf"(?i:(?P<noon>noon|midday|midnight)\b"
    rf"|(?:(?P<minutes>half|quarter|twenty[- ]five|twenty|ten|five)\s+(?:minutes\s+)?(?P<rel>past|after|to|till|til|before)\s+)?"
    rf"(?P<hour>{_HOUR})\b(?P<oclock>\s+o['’]clock)?(?:\s+(?P<part>{_DAY_PART}))?)")


def _spoken_time(doc: _Text, start: int) -> Figure | int | None:
    """A clock time in words: "noon", "midnight", "half past 10 at night", "six in
    the morning", "quarter to three in the afternoon". Without a part of the day
    the hour's half of the day is unknown: "half past ten" and "three o'clock" are
    then not figures (as H:MM without a.m. or p.m. is not); "ten to twelve" with
    nothing after may be a range, and is left to the quantity rules."""
    text = doc.text
    m = SPOKEN_TIME.match(text, start)
    if not m:
        return None
    if m["noon"]:
        if re.match(r"\s+oil\b", text[m.end():m.end() + 6], re.I):
            return m.end()  # "burning the midnight oil"
        hour = 0 if m["noon"].lower() == "midnight" else 12
        return _time_figure(doc, start, m.end(), hour, 0, None)
    hour_word = m["hour"].lower()
    hour = int(hour_word) if hour_word.isdigit() else _HOUR_WORDS[hour_word]
    rel = (m["rel"] or "").lower()
    if not m["part"]:
        if m["oclock"] or rel in ("past", "after"):
            return m.end()  # a clock time whose half of the day the words do not give
        return None
    minute = 0
    if m["minutes"]:
        minutes = _MINUTE_WORDS[" ".join(m["minutes"].lower().replace("-", " ").split())]
        if rel in ("past", "after"):
            minute = minutes
        else:  # "quarter to three": 2:45
            hour, minute = (hour - 2) % 12 + 1, 60 - minutes
    part = " ".join(m["part"].lower().split())
    if part in ("in the morning", "this morning", "tomorrow morning", "a.m."):
        hour = 0 if hour == 12 else hour
    elif part in ("at night", "last night", "tomorrow night", "tonight") and (hour == 12 or hour < 5):
        hour = 0 if hour == 12 else hour  # "2 at night" is 02:00; "12 at night" midnight
    elif hour != 12:
        hour += 12
    return _time_figure(doc, start, m.end(), hour, minute, None)


# --- quantities ----------------------------------------------------------------------------------
@dataclass
class _Number:
    start: int
    end: int
    value: float | None
    low: float | None = None   # a vague plural ("millions") gives a range
    high: float | None = None
    scaled: bool = False       # carries a scale word ("3 million")
    digits: bool = False
    integer_digits: bool = False
    short_scale: bool = False
    words: str = ""


_LETTERS = re.compile(r"[^\W\d_]+")


_BARE_SCALE = re.compile(rf"(?i:{_SCALE_WORD})\b")
_VAGUE_BEFORE = re.compile(rf"(?<![\w-])(?P<vague>{_alt(VAGUE_MULTIPLIERS)})\s+$", re.I)


def _read_number(text: str, start: int) -> _Number | None:
    m = _NUMBER.match(text, start)
    if not m:
        return None
    if m["digits"]:
        end = m.end()
        # Digits glued to letters ("49ers", "4G", "21st") are part of a word, unless a unit or scale.
        if text[end:end + 1].isalpha():
            letters = _LETTERS.match(text, end).group(0)
            if letters.lower() not in _GLUED_OK:
                return None
        value = digits_to_number(m["digits"])
        scaled = False
        if m["wscale"]:
            value *= SCALES[m["wscale"].strip().lower()]
            scaled = True
        short = False
        if m["sscale"]:
            value *= SHORT_SCALES[m["sscale"].strip().lower()]
            scaled = short = True
        return _Number(start, end, value, scaled=scaled, digits=True, short_scale=short,
                       integer_digits=m["digits"].isdigit(), words=m.group(0))
    if m["words"]:
        value = words_to_number(m["words"])
        if value is None:
            return None
        scaled = re.search(rf"\b(?:{_SCALE_WORD})\b", m["words"], re.I) is not None
        return _Number(start, m.end(), value, scaled=scaled, words=m["words"])
    plural = m["plural"].lower()
    low, high = PLURAL_RANGES[plural]
    if m["mult"]:
        step = low if plural != "dozens" else 12
        low, high = PLURAL_MULTIPLIERS[m["mult"].lower()] * step, PLURAL_MULTIPLIERS[m["mult"].lower()] * step * 10
    return _Number(start, m.end(), None, low=float(low), high=float(high), scaled=True, words=m.group(0))


def _between(doc: _Text, start: int, after: int, reference: dt.date | None) -> Figure | int | None:
    """"between 30 and 40", "between 2019 and 2022": one range; the words start after "between"."""
    text = doc.text
    at = after
    while at < len(text) and text[at] == " ":
        at += 1
    figure = _quantity(doc, at, reference, between=True)
    return figure if isinstance(figure, Figure) and figure.is_range else None


def _quantity(doc: _Text, start: int, reference: dt.date | None, between: bool = False) -> Figure | int | None:
    text = doc.text
    at, prefix = start, None
    p = _PREFIX.match(text, at)
    if p:
        prefix = p
        at = p.end()
    first = _read_number(text, at)
    if first is None and not prefix:
        bare = _BARE_SCALE.match(text, at)
        vague = bare and _VAGUE_BEFORE.search(text, max(0, start - 14), start)
        if not vague:
            return _one_unit(doc, start) or _fraction_words(doc, start)
        # "a few hundred", "several thousand": a range; its words start at the vague word
        low, high = VAGUE_MULTIPLIERS[" ".join(vague["vague"].lower().split())]
        scale = SCALES[bare.group(0).lower()]
        first = _Number(vague.start(), bare.end(), None, low=float(low * scale), high=float(high * scale), scaled=True,
                        words=bare.group(0))
        start = vague.start()
    if first is None:
        return None
    kind, rule, unit, value_min, value_max, is_range = "count", None, None, None, None, False
    second, reading = None, False

    end = first.end
    # "from 47,800 to 48,100" after a verb of change is a before and an after, not a range.
    change = first.value is not None and _last_word(text, start) == "from" and \
        _CHANGE_FROM.search(text, max(0, start - 60), start) is not None
    joint, unit_first, borrowed = _RANGE.match(text, end), None, None
    if joint is None and first.value is not None and not change:
        # "1.5% to 2%", "5 km to 10 km": a range whose ends each carry the unit
        written = _TAIL.match(text, end)
        if written and written.lastgroup in ("pct", "unit", "cur"):
            joint = _RANGE.match(text, written.end())
            unit_first = written if joint and joint.group(0).strip().lower() != "or" else None
            joint = joint if unit_first else None
    if joint and first.value is not None:
        joiner = joint.group(0).strip().lower()
        at2 = joint.end()
        p2 = _PREFIX.match(text, at2)
        if p2 and (p2["sign"] or p2["code"]):
            at2 = p2.end()
        candidate = _read_number(text, at2)
        if candidate is not None and unit_first is not None and not _same_tail(unit_first, _TAIL.match(text, candidate.end)):
            candidate = None
        if candidate is not None and candidate.value is not None and (joiner != "and" or between) and \
                not (joiner in "-–—" and (first.digits != candidate.digits)) and \
                not (joiner == "or" and first.digits != candidate.digits):
            lo, hi = first.value, candidate.value
            if candidate.scaled and not first.scaled and lo < 1000:
                scale = candidate.value / words_or_digits_base(candidate)
                lo *= scale
            if change and joiner == "to":
                after = _TAIL.match(text, candidate.end)
                if after and after.lastgroup in ("pct", "unit", "cur") and not _TAIL.match(text, end):
                    borrowed = after  # "from 52 to 38 percent": the first is a percentage too
            elif joiner == "or" and not lo < hi <= max(2 * lo, lo + 5):
                pass  # "5 or 50" are two choices; "6 or 7", "two or three" a range
            elif lo < hi:
                second, end = candidate, candidate.end
                value_min, value_max, is_range = lo, hi, True
            elif joiner in "-–—" and first.integer_digits and YEAR_RANGE_MIN <= first.value <= YEAR_RANGE_MAX and \
                    candidate.integer_digits and len(candidate.words) == 2 and candidate.value == (first.value + 1) % 100:
                # "the 2024-25 season", "fiscal 2019-20": a span of two years
                return _year_figure(doc, start, candidate.end, int(first.value), int(first.value) + 1, True)
            elif joiner in "-–—":
                return candidate.end  # "3-1", "2-2": a score or a label, not a range

    elif between:
        return None
    tail = _TAIL.match(text, end) or borrowed
    number = second or first
    value = None if is_range else first.value
    if first.value is None:  # "millions", "tens of thousands"
        value_min, value_max, is_range = first.low, first.high, True
        rule = "plural_scale"
    approximate = first.value is None
    if prefix and prefix["sign"]:
        kind, unit, rule = "money", CURRENCY_SIGNS[prefix["sign"]], "money_sign"
    elif prefix and prefix["code"]:
        kind, unit, rule = "money", prefix["code"], "money_code"
    if (first.short_scale or (second and second.short_scale)) and kind != "money":
        return None
    negative = bool(prefix and prefix["minus"])
    if prefix and prefix["before"]:
        kind, unit, rule = "measure", MEASURE_BEFORE[prefix["before"].lower()], "measure"
    if tail:
        group = tail.lastgroup
        words = tail.group(0).strip(" -").lower()
        if group == "pct" and kind == "count":
            kind, unit, rule = "percent", PERCENT_UNITS["%" if words == "%" else words], "percent"
            end = tail.end()
        elif group == "cur" and kind in ("count", "money"):
            word = re.sub(r"^of\s+", "", words)
            code = word.upper() if word.upper() in CURRENCY_CODES else CURRENCY_WORDS.get(word)
            kind, unit, rule = "money", code, "money_words"
            end = tail.end()
        elif group == "cents" and kind == "count" and number.value is not None:
            kind, rule, unit = "money", "money_words", _currency_before(doc, start)
            value = value and value / 100
            value_min, value_max = value_min and value_min / 100, value_max and value_max / 100
            end = tail.end()
        elif group == "pounds" and kind == "count":
            sentence = doc.sentence(start).lower()
            money = any(re.search(rf"\b{w}\b", sentence) for w in _CURRENCIES["pounds"]["money_words"])
            weight = any(re.search(rf"\b{w}\b", sentence) for w in _CURRENCIES["pounds"]["weight_words"])
            if money == weight:
                return tail.end()  # money or weight: the text does not say
            kind, unit, rule = ("money", "GBP", "money_words") if money else ("measure", "lb", "measure")
            end = tail.end()
        elif group == "unit" and kind in ("count", "measure"):
            word = _UNIT_LEAD.sub("", words)
            if word in DURATION_UNITS and kind == "count":
                kind, unit, rule = "duration", DURATION_UNITS[word], "duration"
            elif word in MEASURE_UNITS:
                kind, unit, rule = "measure", MEASURE_UNITS[word], "measure"
            end = tail.end()
        elif group == "ampm" and kind == "count" and not is_range:
            return _clock_time(doc, start, reference)
        elif group == "frac" and kind == "count" and first.words and not first.digits and not is_range:
            denominator = FRACTIONS[words]
            if first.value >= denominator and first.value != 1:
                return None
            return _quantity_figure(doc, start, tail.end(), "fraction", "fraction_words", first.value / denominator)
        elif group == "ratio" and kind == "count" and not is_range:
            other = _read_number(text, tail.end())
            if other and other.value and first.value and first.value < other.value <= 1000 and not prefix:
                return _quantity_figure(doc, start, other.end, "fraction", "fraction_ratio", first.value / other.value)
    if kind == "count" and not tail and not prefix:
        # "a high of 104", "a low near 50": a temperature whose unit the forecast leaves out
        lead = _hedge_start(text, start)
        elided = _last_word(text, lead) in _TEMPERATURE_LAST_WORDS and \
            _TEMPERATURE_BEFORE.search(text, max(0, start - 40), lead)
        if elided and not _noun_follows(text, end):  # not "hit a high 5 times"
            kind, rule = "measure", "measure"
            unit = _temperature_scale(elided["words"].lower(), value_max if is_range else value, bare=True)
        elif not is_range and first.integer_digits and _blood_pressure(text, start, end, first.value):
            # "120 over 80": a blood pressure reading, each number in mmHg; "over" is no hedge here
            kind, unit, rule, reading = "measure", "mmHg", "measure", True
    elif kind == "measure" and unit == "degree" and _TEMPERATURE_CONTEXT.search(doc.sentence(start)):
        unit = _temperature_scale("", value_max if is_range else value, bare=False)
    if borrowed is not None and tail is borrowed:
        end = first.end  # the unit was read from the second figure's words, which stay its own
    if negative:
        value = None if value is None else -value
        if is_range:
            value_min, value_max = -value_max, -value_min
    # Years: a bare four-digit integer, or a range of them.
    if kind == "count" and first.digits and first.integer_digits and not first.scaled and \
            YEAR_RANGE_MIN <= (first.value or 0) <= YEAR_RANGE_MAX and not negative:
        if not is_range:
            year = int(first.value)
            return _year_figure(doc, start, end, year, year, False)
        if second and second.integer_digits and YEAR_RANGE_MIN <= second.value <= YEAR_RANGE_MAX:
            return _year_figure(doc, start, end, int(first.value), int(second.value), True)
    # Digit fractions ("2/3").
    if kind == "count" and first.integer_digits and text[end:end + 1] == "/" and not is_range:
        m = re.match(r"/(\d+)(?![\d/])", text[end:end + 8])
        if m:
            d = int(m.group(1))
            if d and first.value < d:
                return _quantity_figure(doc, start, end + m.end(), "fraction", "fraction_digits", first.value / d)
            return end + m.end()
    # Money without a currency word: "owed billions", "the bill alone is over 1 billion".
    if kind == "count" and number.scaled and not _noun_follows(text, end) and \
            _MONEY_CONTEXT.search(text, max(0, start - 60), _hedge_start(text, start)):
        kind, rule = "money", "money_context"
    rule = rule or ("digits" if first.digits else "number_words")
    if kind == "count" and first.words and not first.digits and first.value == 1 and not first.scaled:
        return None  # "one" alone is a pronoun; the non-figure table keeps the rest
    figure_start = start
    qualifier, bound = _hedge(text, figure_start, kind) if not reading else (None, None)
    post = _POST_HEDGE.match(text, end)
    if post and qualifier is None:
        qualifier, bound = post["q"].lower(), POST_HEDGE_BOUND[post["q"].lower()]
    if qualifier and not is_range:
        if bound == "lower":
            value_min = value
        elif bound == "upper":
            value_max = value
    return Figure(
        start=figure_start, end=end, text=text[figure_start:end], kind=kind, rule=rule,
        value=value, value_min=value_min, value_max=value_max, is_range=is_range, unit=unit,
        is_approximate=bool(approximate or qualifier), qualifier=qualifier,
        subject=_subject(doc, figure_start, end, kind, number.end),
        sentence=doc.sentence(figure_start),
    )


_READING_AFTER = re.compile(r"\s+over\s+(\d{2,3})\b(?![.,]?\d)")
_READING_BEFORE = re.compile(r"(?<![\d.,])(\d{2,3})\s+over\s+$")


def _blood_pressure(text: str, start: int, end: int, value: float) -> bool:
    """Whether a number is one side of a blood pressure reading "A over B": A
    (systolic) 70-260, B (diastolic) 30-160, B below A and at least 0.4 A, and no
    noun after B ("120 over 80", "150 over 95?"; not "won 120 over 80 votes")."""
    after = _READING_AFTER.match(text, end)
    if after:
        systolic, diastolic, tail = value, float(after.group(1)), after.end()
    else:
        before = _READING_BEFORE.search(text, max(0, start - 12), start)
        if not before:
            return False
        systolic, diastolic, tail = float(before.group(1)), value, end
    return 70 <= systolic <= 260 and 30 <= diastolic <= 160 and 0.4 * systolic <= diastolic < systolic and \
        not _noun_follows(text, tail) and not re.match(r"\s*(?:%|[-–])", text[tail:tail + 3])


def _temperature_scale(words: str, value: float | None, bare: bool) -> str | None:
    """Fahrenheit when no Celsius air temperature could be this high; else the scale stays unknown."""
    above = _TEMPERATURE["fahrenheit_above_low"] if re.search(r"\blows?\b", words) else _TEMPERATURE["fahrenheit_above"]
    if value is not None and value > above:
        return "degree_fahrenheit"
    return "degree"


_CURRENCY_MENTION = re.compile(
    rf"(?P<sign>{_SIGN_ALT})\s?\d|\b(?P<code>{_alt(CURRENCY_CODES)})\b|\b(?P<word>{_alt(CURRENCY_WORDS)})\b", re.I)
CENTS_OF = set(_CURRENCIES["cents_of"])


def _currency_before(doc: _Text, start: int) -> str | None:
    """The currency of the money named last in the 300 characters before a
    figure in cents, in its paragraph, when it has cents ("$1.27, compared with
    87 cents": USD). Not from earlier paragraphs: "The loonie is up two cents"
    after talk of dollars may be Canadian or US cents."""
    last = None
    for last in _CURRENCY_MENTION.finditer(doc.text, max(0, start - 300), start):
        pass
    if last is None:
        return None
    if last["sign"]:
        code = CURRENCY_SIGNS[last["sign"]]
    elif last["code"]:
        code = last["code"].upper()
    else:
        code = CURRENCY_WORDS.get(last["word"].lower())
    return code if code in CENTS_OF else None


_ELIDED_KINDS = ("duration", "measure", "percent", "money")
_ELIDED_AFTER = re.compile(r"\s*(?:[,.;:!?)\]\"”]|$|(?:to|in|on|at|for|than|instead|before|after|ago|earlier|later|now|then|last|this|next|or|and|but)\b)", re.I)


def _elided_unit(doc: _Text, figure: Figure, previous: Figure | None) -> Figure:
    """A bare number that answers a figure with a unit earlier in its sentence
    takes that unit: "It took eight months, and I said it would take three",
    "30 days instead of 14 to respond", "from a 6.8 to a 5.8", "rose to $45 from
    42". Only when nothing that it could count follows it, and when its value
    is within a factor of ten of the other's."""
    if figure.kind != "count" or figure.subject or previous is None or previous.kind not in _ELIDED_KINDS or \
            previous.unit in (None, "percentage_point", "basis_point") and previous.kind != "money":
        return figure
    if doc.sentence_bounds(figure.start)[0] > previous.start or not _ELIDED_AFTER.match(doc.text, figure.end):
        return figure
    mine = figure.value if figure.value is not None else figure.value_max
    theirs = previous.value if previous.value is not None else previous.value_max
    if not mine or not theirs or not 0.1 <= mine / theirs <= 10:
        return figure
    return _replace(figure, kind=previous.kind, unit=previous.unit, rule="unit_from_context")


def _same_tail(a: re.Match, b: re.Match | None) -> bool:
    """Whether two unit words after numbers name the same unit ("%" and "percent" do)."""
    if b is None or a.lastgroup != b.lastgroup:
        return False
    words = [re.sub(r"^of\s+", "", m.group(0).strip(" -").lower()) for m in (a, b)]
    table = PERCENT_UNITS if a.lastgroup == "pct" else {**DURATION_UNITS, **MEASURE_UNITS} if a.lastgroup == "unit" else {}
    return table.get(words[0], words[0]) == table.get(words[1], words[1])


def _noun_follows(text: str, end: int) -> bool:
    """True when a lower-case word that may be a noun follows ("5 million people")."""
    m = _NEXT_WORD.match(text, end)
    return bool(m) and m.group(1).lower() not in _STOP_AFTER and m.group(1).lower() not in _VERBS


def words_or_digits_base(n: _Number) -> float:
    """The value of a number without its scale word ("7 million" -> 7)."""
    m = re.match(r"[\d,.]+", n.words)
    if m:
        return digits_to_number(m.group(0))
    base = re.sub(rf"\s+(?:{_SCALE_WORD})\s*$", "", n.words, flags=re.I)
    return words_to_number(base) or 1.0


_ONE_UNIT = re.compile(rf"(?:an?|one)\s+(?P<unit>{_alt(ONE_OF_UNITS)})\b(?!-)", re.I)
_PER_UNIT = re.compile(rf"(?:[\d%]|\b(?:{_alt(CURRENCY_WORDS)}|{_alt(CENTS)}|{_alt(ALL_UNIT_WORDS)}))\S*\s+$", re.I)
_NOT_ONE_UNIT = re.compile(r"\s+of\s+(?:a|an|the|my|our|your|his|her|their|it|this|that)\b", re.I)


def _one_unit(doc: _Text, start: int) -> Figure | None:
    """"almost a mile wide", "a foot of snow": a measure of one. Not a price per
    unit ("$4 a gallon", "60 miles an hour") and not "a mile of the road"
    (a part of something)."""
    text = doc.text
    m = _ONE_UNIT.match(text, start)
    if not m or _PER_UNIT.search(text, max(0, start - 30), start) or _NOT_ONE_UNIT.match(text, m.end()):
        return None
    unit = MEASURE_UNITS[m["unit"].lower()]
    qualifier, bound = _hedge(text, start, "measure")
    return Figure(start=start, end=m.end(), text=text[start:m.end()], kind="measure", rule="measure", value=1.0,
                  value_min=1.0 if bound == "lower" else None, value_max=1.0 if bound == "upper" else None,
                  unit=unit, is_approximate=bool(qualifier), qualifier=qualifier, sentence=doc.sentence(start))


_FRACTION_WORDS = re.compile(rf"(?:(?P<a>an?|one)\s+)?(?P<den>{_alt(FRACTIONS)})\b", re.I)
_HALF_A_UNIT = re.compile(rf"\s+an?\s+(?P<unit>{_alt(DURATION_UNITS)})\b", re.I)


def _fraction_words(doc: _Text, start: int) -> Figure | int | None:
    """"half", "a third", "a quarter of the vote", "half an hour"."""
    text = doc.text
    m = _FRACTION_WORDS.match(text, start)
    if not m:
        return None
    den = m["den"].lower()
    after = text[m.end():m.end() + 30]
    unit = _HALF_A_UNIT.match(after)
    if den == "half" and unit:  # "half an hour", "half a century"
        end = m.end() + unit.end()
        word = unit["unit"].lower()
        qualifier, bound = _hedge(text, start, "duration")
        return Figure(start=start, end=end, text=text[start:end], kind="duration", rule="duration", value=0.5,
                      value_min=0.5 if bound == "lower" else None, value_max=0.5 if bound == "upper" else None,
                      unit=DURATION_UNITS[word], is_approximate=bool(qualifier), qualifier=qualifier,
                      sentence=doc.sentence(start))
    if den != "half" and not m["a"]:
        return None  # "third", "quarter" alone are mostly ordinals or names
    following = re.match(r"\s+([a-z][\w'’-]*)", after)
    if den != "half" and following and following.group(1).lower() not in _STOP_AFTER | _VERBS:
        return None  # "a third night", "a quarter century": ordinals and names
    if re.match(r"-\w", after):
        return None  # "third-generation", "half-time": compounds
    return _quantity_figure(doc, start, m.end(), "fraction", "fraction_words", 1 / FRACTIONS[den])


def _quantity_figure(doc: _Text, start: int, end: int, kind: str, rule: str, value: float) -> Figure:
    text = doc.text
    qualifier, bound = _hedge(text, start, kind)
    return Figure(start=start, end=end, text=text[start:end], kind=kind, rule=rule, value=value,
                  value_min=value if bound == "lower" else None, value_max=value if bound == "upper" else None,
                  is_approximate=bool(qualifier), qualifier=qualifier,
                  subject=_subject(doc, start, end, kind, end), sentence=doc.sentence(start))


def _year_figure(doc: _Text, start: int, end: int, first: int, last: int, is_range: bool) -> Figure:
    return Figure(start=start, end=end, text=doc.text[start:end], kind="year", rule="range" if is_range else "year",
                  value=None if is_range else float(first), value_min=float(first) if is_range else None,
                  value_max=float(last) if is_range else None, is_range=is_range,
                  period_start=dt.date(first, 1, 1).isoformat(), period_end=dt.date(last, 12, 31).isoformat(),
                  date_resolution="explicit", sentence=doc.sentence(start))


def _hedge_start(text: str, start: int) -> int:
    m = _hedge_match(text, start)
    return m.start() if m and _hedge(text, start, "")[0] else start


def _last_word(text: str, start: int) -> str:
    """The word right before `start` (lower-case), or "" when no space ends the
    text before it: a cheap test before the searches that must end there."""
    if not text[start - 1:start].isspace():
        return ""
    m = _LAST_WORD.search(text, max(0, start - 24), start)
    return m.group(1).lower() if m else ""


_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.'’]*)\s+$")



_HEDGE_LAST_WORDS = {q.split()[-1] for q in HEDGE_BOUND}


def _hedge_match(text: str, start: int) -> re.Match | None:
    if _last_word(text, start) not in _HEDGE_LAST_WORDS:
        return None
    return _HEDGE_BEFORE.search(text, max(0, start - 40), start)


def _hedge(text: str, start: int, kind: str) -> tuple[str | None, str | None]:
    m = _hedge_match(text, start)
    if not m:
        return None, None
    q = " ".join(m["q"].lower().split())
    before = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
    word = before.group(1).lower() if before else ""
    if kind in ("duration", "time") and q in NOT_BEFORE_DURATIONS and word != "in":
        return None, None  # "over five years" is a span; "in under eight hours" a bound
    if word in HEDGE_NOT_AFTER.get(q, ()):
        return None, None  # "What about 2100?"
    return q, HEDGE_BOUND[q]


_WORD_BEFORE = re.compile(r"([A-Za-z']+)[\s,]*$")


def _replace(figure: Figure, **changes) -> Figure:
    from dataclasses import replace

    return replace(figure, **changes)


# --- subjects -------------------------------------------------------------------------------------
_SUBJECT_KINDS = ("count", "money", "percent", "fraction", "measure")
_VAGUE = re.compile(rf"(?:{PLURAL}|(?i:an?\s+dozen|dozens|scores))", re.I)
# Common verbs: a noun phrase stops before them ("Millions of Afghans go to school").
_VERBS = {"go", "goes", "come", "comes", "get", "gets", "live", "lives", "work", "works", "make", "makes", "take",
          "takes", "see", "sees", "know", "knows", "think", "want", "wants", "need", "needs", "use", "uses", "find",
          "give", "gives", "tell", "feel", "become", "leave", "leaves", "mean", "keep", "let", "begin", "seem",
          "help", "show", "hear", "play", "run", "move", "believe", "bring", "happen", "write", "sit", "stand",
          "lose", "pay", "meet", "include", "continue", "set", "learn", "change", "lead", "watch", "follow",
          "stop", "create", "speak", "read", "spend", "grow", "open", "walk", "win", "offer", "remember", "love",
          "consider", "appear", "buy", "wait", "serve", "die", "send", "expect", "build", "stay", "fall", "cut",
          "reach", "kill", "remain", "raise", "pass", "sell", "require", "report", "decide", "travel", "vote",
          "fled", "flee", "face", "receive", "fear", "risk", "face", "earn", "owe", "are", "were", "did", "came",
          "went", "fell", "rose", "took", "made", "gave", "ran", "sat", "saw", "told", "got", "put", "held"}


def _subject(doc: _Text, start: int, end: int, kind: str, number_end: int) -> str | None:
    """What a quantity counts, as a noun phrase of the text: the words after it
    ("45,000 Afghan security forces have died" -> "Afghan security forces"); for
    money, measures and percentages only what follows "of" ("300 tonnes of
    sediment"); for counts with nothing after them, the clause before them
    ("US troops' fatalities far lower, but still at 2,300"). Never a hedge, a
    verb or a date; empty when unsure."""
    if kind not in _SUBJECT_KINDS:
        return None
    text = doc.text
    sentence_start, sentence_end = doc.sentence_bounds(start)
    window = text[end:min(sentence_end, end + 120)]
    after = re.match(r"[^,.;:!?—–()\"“”\[\]]*", window).group(0)
    words = after.split()
    if kind == "fraction" and words and words[0].lower() in _STATES:
        # "the withdrawal is more than half complete": the clause before says what
        return _subject_before(text, sentence_start, _hedge_start(text, start))
    if kind != "count":
        if not words or words[0].lower() != "of":
            return None
        words = words[1:]
        if words and words[0].lower() in ("the", "a", "an", "its", "their", "our", "his", "her"):
            words = words[1:]
    elif words and words[0].lower() == "of":
        if not _VAGUE.match(text, start):
            return None  # "4,000 of them", "three of the ..."
        words = words[1:]  # "Millions of Afghans", "a dozen of the schools"
    phrase = _noun_phrase(words)
    if phrase:
        return phrase
    if kind != "count" or re.match(r"\s*[\w$€£]", window):
        return None  # words follow it, but not a noun phrase: do not guess
    return _subject_before(text, sentence_start, _hedge_start(text, start))


_ADVERBS = {"overnight", "annually", "daily", "weekly", "monthly", "yearly", "online", "offline", "abroad",
            "nationwide", "worldwide", "statewide", "overall", "clear", "ahead", "behind", "apart", "together", "alone",
            "total", "combined", "apiece", "each", "instead", "altogether", "later", "earlier", "since"}
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "mice", "feet", "teeth", "geese", "police", "cattle"}


def _plural_head(bare: str) -> bool:
    """A word that looks like a plural noun: the head of the phrase ("families", "people")."""
    return bare in _IRREGULAR_PLURALS or (len(bare) > 3 and bare.endswith("s") and not bare.endswith(("ss", "us", "is", "'s", "’s")))


def _noun_phrase(words: list[str]) -> str | None:
    phrase = []
    for word in words[:6]:
        bare = word.lower().strip("'’\"")
        if bare in _STOP_AFTER or bare in _VERBS or re.search(r"\d", word) or (phrase and re.fullmatch(r"[a-z]{3,}ed", bare)):
            break
        if bare in _STATES or bare in HEDGE_BOUND or bare in _ADVERBS:
            break
        if phrase and re.fullmatch(r"[a-z]{3,}ing", bare):
            break  # "volunteers walking"
        if phrase and _plural_head(phrase[-1].lower().strip("\"")) and not phrase[-1].endswith(("'", "’")):
            break  # the noun phrase ends at its plural head ("people depend", "points clear")
        phrase.append(word)
    if not phrase:
        return None
    if phrase[0].lower() in _STATES or phrase[0].lower().endswith("ly"):
        return None
    return " ".join(phrase)


def _subject_before(text: str, sentence_start: int, start: int) -> str | None:
    head = text[max(sentence_start, start - 160):start]
    head = head[head.rfind(":") + 1:]  # never across a label's colon
    clauses = re.split(r"[,;:—–]", head)
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
        lowered = [w.lower().strip("'’\"") for w in phrase]
        if not phrase or not any(w[0].isalpha() for w in phrase):
            continue
        if any(w in _PRONOUNS or w in HEDGE_BOUND or w in NUMBER_WORDS for w in lowered):
            return None
        if " ".join(lowered) in HEDGE_BOUND:
            return None
        return " ".join(phrase)
    return None
