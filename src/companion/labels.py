"""Speaker labels: a name plus optional decorations, in any combination.

    [indent][list marker][emphasis][timestamp] [TITLE] NAME [, DESCRIPTOR] [(PARENTHETICAL)] [timestamp][emphasis]:

- "Marco Werman: Where do..."               a name and a colon
- "STEVE INSKEEP, HOST: Good..."             a descriptor after a comma (the role)
- "  • Kira Bell (voice-over):"              a list marker and a parenthetical (the delivery)
- "AMBASSADOR LINDA THOMAS-GREENFIELD:"      a title before the name
- "**Mei:** [00:00:03] Welcome back"         Markdown emphasis and a timestamp
- "[21:00:14] DAN WHITAKER, CNN ANCHOR:"     a timestamp before the label
- "Ben 0:04 Welcome, everyone."              a timestamp instead of the colon
- "UNIDENTIFIED PERSON #1:", "Speaker 2:", "Audience member:"   people with no name
- "Q:", "A:", "QUESTION:", "ANSWER:"         the two sides of an interview

The vocabularies (titles, role words, parentheticals, false labels such as
"Note:" and "Photo:", scripture books) are data in label_grammar.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .timecodes import TIMECODE, to_seconds


@cache
def grammar() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("label_grammar.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Label:
    name: str  # the name as written, without its title: "LINDA THOMAS-GREENFIELD", "Mei", "Q"
    role_word: str | None  # the descriptor after a comma, e.g. "HOST", "CNN ANCHOR"
    words_at: int | None  # offset of the spoken words in the paragraph; None for a label alone on its line
    title: str | None = None  # "AMBASSADOR", "Dr."
    delivery: str | None = None  # voice_over, translated, phone, on_camera, video (paragraphs.delivery)
    doubt: bool = False  # "(?)", "(UNKNOWN)": the transcriber was not sure who spoke
    time: float | None = None  # the timestamp written with the label, in seconds
    written: str = ""  # the label as written, without markers, emphasis, timestamps and colon
    kind: str = "name"  # name | question | answer | generic (a person with no name)
    note: str | None = None  # another parenthetical, e.g. a party "(R-IA)"
    colon: bool = True  # False for "Name 0:22" (a timestamp instead of the colon)


# Combining marks (\p{M} elsewhere; \w misses them) let a decomposed "José" (NFD) be a name.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"(?:[^\W_][\w{_MARKS}.'’\-]*|#\d+)"
_HEAD = re.compile(
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,6}}?)"
    r"(?:[ \t]*,[ \t]*(?P<desc>[^:()\n,]{1,80}?))?"
    r"(?P<parens>(?:[ \t]*\([^()\n]{1,40}\))*)"
    r"(?:[ \t]*,[ \t]*(?P<desc2>[^:()\n]{1,80}?))?"
    r"[ \t]*(?P<close>\*\*|__|\*|_)?[ \t]*"
    r"(?:(?P<colon>:)|[ \t]+\[?(?P<time>" + TIMECODE.pattern + r")\]?(?=[ \t]|$))"
)
_TIME_FIRST = re.compile(r"\[?(?P<time>" + TIMECODE.pattern + r")\]?[ \t]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_label(text: str) -> Label | None:
    """The label a paragraph starts with, if any; unlikely names are rejected."""
    g = grammar()
    at = _skip_marker(text, g)
    at, opener = _skip_emphasis(text, at, g)
    time = None
    first = _TIME_FIRST.match(text, at)
    if first:
        time, at = to_seconds(_timecode(first)), first.end()
    head = _HEAD.match(text, at)
    if not head or len(head["name"]) > 60:
        return None
    if head["colon"] is None and head["time"] is None:
        return None
    written_end = head.start("close") if head["close"] else head.end()
    written = text[head.start():written_end].rstrip(" \t:").strip()
    if head["time"] is not None:
        written = text[head.start():head.start("time")].rstrip(" \t[")
    rest_at = head.end()
    if head["colon"] is not None:
        if any(text.startswith(s, rest_at) for s in g["not_after_colon"]):
            return None
        rest_at = _skip_closer(text, rest_at)
        after = _TIME_FIRST.match(text, _skip_space(text, rest_at))
        if after:
            time = time if time is not None else to_seconds(_timecode(after))
            rest_at = after.end()
    else:
        time = to_seconds(_timecode(head, "time"))
    rest_at = _skip_space(text, rest_at)
    words_at = rest_at if rest_at < len(text) else None

    name = head["name"]
    kind = _qa_kind(name, g)
    title = None
    if kind is None:
        title, name = _split_title(name, g)
        if not name or not _is_name(name, g):
            return None
        kind = "generic" if _is_generic(name, g) else "name"
        if head["colon"] is None and name.split()[0].casefold() in g["scripture_books"]:
            return None
    elif head["time"] is not None:
        return None
    desc = " ".join(d.strip() for d in (head["desc"], head["desc2"]) if d and d.strip()) or None
    if desc and (len(desc.split()) > 8 or not (desc[0].isupper() or desc[0].isdigit() or desc[0] in "\"“'‘")):
        return None  # "Grace, the rule is: ask first" is prose, not a name and a descriptor
    delivery, doubt, note = _parentheticals(head["parens"], g)
    if words_at is not None and delivery is None:
        delivery = _spoken_parenthetical(text[words_at:], g)
    return Label(nfc(name), desc, words_at, title, delivery, doubt, time, written, kind, note, head["colon"] is not None)


def _timecode(match: re.Match, group: str = "time") -> re.Match:
    return TIMECODE.fullmatch(match[group])


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def _skip_marker(text: str, g: dict) -> int:
    at = _skip_space(text, 0)
    for marker in g["list_markers"]:
        if text.startswith(marker, at) and text[at + len(marker):at + len(marker) + 1] in (" ", "\t"):
            return _skip_space(text, at + len(marker))
    return at


def _skip_emphasis(text: str, at: int, g: dict) -> tuple[int, str | None]:
    for mark in g["emphasis"]:
        if text.startswith(mark, at):
            return at + len(mark), mark
    return at, None


def _skip_closer(text: str, at: int) -> int:
    for mark in ("**", "__", "*", "_"):
        if text.startswith(mark, at):
            return at + len(mark)
    return at


def _qa_kind(name: str, g: dict) -> str | None:
    if name in g["question_labels"]:
        return "question"
    if name in g["answer_labels"]:
        return "answer"
    return None


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(t.split()) for t in grammar()["titles"]), key=len, reverse=True))


def _split_title(name: str, g: dict) -> tuple[str | None, str]:
    """("AMBASSADOR", "LINDA THOMAS-GREENFIELD") from "AMBASSADOR LINDA THOMAS-GREENFIELD"."""
    words = name.split()
    for title in _titles():
        n = len(title)
        if len(words) > n and tuple(w.casefold().rstrip(".") for w in words[:n]) == title:
            return " ".join(words[:n]), " ".join(words[n:])
    return None, name


def _is_name(name: str, g: dict) -> bool:
    words = name.split()
    if words[0].casefold().rstrip(".") in g["not_speakers"] or " ".join(words[:2]).casefold() in g["not_speakers"]:
        return False
    generic = set(g["generic_people"])
    particles = set(g["particles"])
    if len(words) == 1 and len(words[0].rstrip(".")) < 2:
        return False  # an initial alone ("A:") is not a name
    for i, word in enumerate(words):
        if word.startswith("#") or word.isdigit():
            if i == 0 or words[i - 1].casefold() not in generic:
                return False  # only "Speaker 2", "PERSON #1" carry a number
        elif _starts_like_name(word):
            continue
        elif i > 0 and (word in particles or word.casefold() in generic):
            continue
        else:
            return False
    return True


def _starts_like_name(word: str) -> bool:
    first = word[0]
    return first.isupper() or (first.isalpha() and not first.islower())


def _is_generic(name: str, g: dict) -> bool:
    return name.split()[0].casefold() in g["generic_people"]


def _parentheticals(parens: str, g: dict) -> tuple[str | None, bool, str | None]:
    delivery, doubt, notes = None, False, []
    for inner in re.findall(r"\(([^()]*)\)", parens or ""):
        key = " ".join(inner.casefold().split()).strip(" .")
        found = next((kind for kind, words in g["delivery"].items() if key in words), None)
        if found:
            delivery = delivery or found
        elif key in g["doubt"] or key.rstrip("?") == "" or key.endswith("?"):
            doubt = True
        else:
            notes.append(inner.strip())
    return delivery, doubt, ", ".join(notes) or None


def _spoken_parenthetical(words: str, g: dict) -> str | None:
    """NPR writes some deliveries at the start of the words: "(Through interpreter) My grandfather..."."""
    m = re.match(r"\(([^()]{1,40})\)", words)
    if not m:
        return None
    key = " ".join(m[1].casefold().split()).strip(" .")
    return next((kind for kind, vocab in g["delivery"].items() if key in vocab and kind == "translated"), None)


def label_key(label: Label) -> str:
    return name_key(label.name)


def is_confident_label(label: Label, label_counts: dict[str, int], text: str = "") -> bool:
    """Is this candidate really a speaker label?

    A label with a role, a title or a parenthetical, a multi-word name, a
    question/answer label and a generic person are; a one-word name only if it
    is in capitals (or a script without case) or recurs ("Washington: ..." once
    is a dateline). A label written once whose words do not end like speech
    ("Kitchen Table Economics, Episode 9: Why eggs cost so much") is a title.
    A timestamp instead of a colon ("Ben 0:04 ...") counts only where the
    shape recurs.
    """
    count = label_counts.get(label_key(label), 0)
    if not label.colon:
        return count > 1
    if count <= 1 and label.words_at is not None and text and not _ends_like_speech(text):
        return False
    if label.kind != "name" or label.role_word or label.title or label.delivery or label.doubt or len(label.name.split()) > 1:
        return True
    caseless = not any(c.isupper() or c.islower() for c in label.name)  # Arabic script, say
    return label.name.isupper() or caseless or count > 1


def _ends_like_speech(text: str) -> bool:
    return text.rstrip().endswith(tuple(".?!…\"”’)—–-:;*]"))


def name_key(name: str) -> str:
    return " ".join(nfc(name).casefold().split())


def role_from_word(word: str | None) -> str | None:
    """The role a descriptor states ("CNN WHITE HOUSE CORRESPONDENT" -> reporter), if any."""
    if not word:
        return None
    words = set(re.split(r"[\s,/]+", word.casefold()))
    for role, vocab in grammar()["role_words"].items():
        if words & set(vocab):
            return role
    return None


def title_case(name: str) -> str:
    """"THOMAS-GREENFIELD" -> "Thomas-Greenfield", "O'BRIEN" -> "O'Brien"; mixed case stays as written."""
    if not name.isupper():
        return name
    def word(m: re.Match) -> str:
        head, apostrophe, tail = m["head"], m["apostrophe"] or "", m["tail"] or ""
        tail = tail.capitalize() if len(head) == 1 else tail.lower()  # O'Brien, but Beeler's
        return head.capitalize() + apostrophe + tail

    return re.sub(r"(?P<head>[^\W\d_]+)(?:(?P<apostrophe>['’])(?P<tail>[^\W\d_]+))?", word, name)
