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

A name that a format's markup gives (a WebVTT voice, a JSON "speaker" field,
a <cite>, a caption prefix, an export's speaker line) is read by the same
grammar with read_name: "Dr. Amara Osei (via phone)", "JUDY WOODRUFF, HOST",
"Q", "THE MAYOR".

The vocabularies (titles, role words, parentheticals, false labels such as
"Note:" and "Photo:", scripture books) are data in label_grammar.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import yaml

from .timecodes import TIMECODE, to_seconds


@cache
def grammar() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("label_grammar.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Label:
    name: str  # the name as written, without its title: "LINDA THOMAS-GREENFIELD", "Mei", "Q", "The Court"
    role_word: str | None  # the descriptor after a comma, e.g. "HOST", "CNN ANCHOR"
    words_at: int | None  # offset of the spoken words in the paragraph; None for a label alone on its line
    title: str | None = None  # "AMBASSADOR", "Dr."
    delivery: str | None = None  # voice_over, translated, phone, on_camera, video (paragraphs.delivery)
    doubt: bool = False  # "(?)", "(UNKNOWN)": the transcriber was not sure who spoke
    time: float | None = None  # the timestamp written with the label, in seconds
    written: str = ""  # the label as written, without markers, emphasis, timestamps and colon
    kind: str = "name"  # name | question | answer | generic (a person with no name) | office ("THE COURT", "The CHAIRMAN")
    note: str | None = None  # another parenthetical, e.g. a party "(R-IA)", "(Caller)", "(Poultry Extension Agent, ...)"
    colon: bool = True  # False for the other separators below
    separator: str = ":"  # ":" | "." (hearing records: "Senator VALE.") | "gap" ("Q    Yes.") | "time" ("Ben 0:04 Welcome")
    shape: str = ""  # the decorations, e.g. "emphasis time alone": labels of one page share it


# Combining marks go with the letter before them: a name typed in decomposed form ("Jose\u0301") is still one word.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"(?:[^\W_][\w.'’\-{_MARKS}]*|#\d+)"
# The name and its decorations, up to the separator: shared by labels in the text and names a format gives.
_NAME_AND_DECORATIONS = (
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,6}}?)"
    r"(?:[ \t]*,[ \t]*(?P<desc>[^:()\n,]{1,80}?))?"
    r"(?P<parens>(?:[ \t]*\([^()\n]{1,120}\))*)"
    r"(?:[ \t]*,[ \t]*(?P<desc2>[^:()\n]{1,80}?))?"
)
_HEAD = re.compile(
    _NAME_AND_DECORATIONS
    + r"[ \t]*(?P<close>\*\*|__|\*|_)?[ \t]*"
    r"(?:(?P<colon>:)|[ \t]+\[?(?P<time>" + TIMECODE.pattern + r")\]?(?=[ \t]|$))"
)
# A speaker's name as a format's markup gives it (a voice tag, a JSON field, a <cite>, a caption
# prefix, an export's speaker line): the same name and decorations, with nothing after them.
_GIVEN = re.compile(_NAME_AND_DECORATIONS + r"[ \t]*:?[ \t]*")
# Hearing records end the label with a period after a name in capitals: "The CHAIRMAN.", "Senator VALE.", "Dr. SHAW.".
_PERIOD_HEAD = re.compile(rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,4}}?)(?<=[^\W\d_a-zß-ÿ]{{2}})\.(?=[ \t]+\S|[ \t]*$)")
# "Q." and "A." of an examination, and "Q    Yes." of a White House transcript (no colon, a wide gap).
_QA_SHORT = re.compile(r"(?P<name>[A-Z]{1,8})(?:\.[ \t]+|[ \t]{2,}|\t[ \t]*)(?=\S)")
_TIME_FIRST = re.compile(r"\[?(?P<time>" + TIMECODE.pattern + r")\]?[ \t]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_label(text: str) -> Label | None:
    """The label a paragraph starts with, if any; unlikely names are rejected."""
    g = grammar()
    at = _skip_marker(text, g)
    marker = at > 0 and text[:at].strip() != ""
    at, opener = _skip_emphasis(text, at, g)
    time = None
    first = _TIME_FIRST.match(text, at)
    if first:
        time, at = to_seconds(_timecode(first)), first.end()
    shape = " ".join(w for w, on in (("marker", marker), ("emphasis", opener), ("time", time is not None)) if on)
    return (_colon_label(text, at, g, opener, time, shape) or _period_label(text, at, g, time, shape)
            or _short_qa_label(text, at, g, time, shape))


def _colon_label(text: str, at: int, g: dict, opener: str | None, time: float | None, shape: str) -> Label | None:
    head = _HEAD.match(text, at)
    if not head or len(head["name"]) > 60:
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
            shape += " time"
    else:
        time = to_seconds(_timecode(head, "time"))
        shape += " time"
    rest_at = _skip_space(text, rest_at)
    words_at = rest_at if rest_at < len(text) else None
    separator = ":" if head["colon"] is not None else "time"
    label = _read_head(head, g, written, words_at, time, shape, separator, lowercase_ok=bool(opener))
    if label is not None and words_at is not None and label.delivery is None:
        label = replace(label, delivery=_spoken_parenthetical(text[words_at:], g))
    return label


def _read_head(head: re.Match, g: dict, written: str, words_at: int | None, time: float | None, shape: str, separator: str,
               lowercase_ok: bool = False, given: bool = False) -> Label | None:
    """What a name and its decorations say (kind, title, descriptor, delivery, doubt, note, time), or None
    when the words cannot be a speaker's name: one reading for a label in the text and a name a format gives.
    A name the format gives (`given`) may have a short descriptor in lower case ("Carmen Ruiz, producer"):
    its markup already says that it is a name, so it cannot be prose like "Grace, the rule is: ask first"."""
    name = head["name"]
    if lowercase_ok and name.islower():
        name = name.title()  # "**theo:**": Markdown bold makes a lowercase name a label
    kind = _qa_kind(name, g)
    title = None
    if kind is None:
        kind, title, name = _kind_and_name(name, g, decorated=bool(head["desc"] or head["parens"]))
        if kind is None:
            return None
        if separator == "time" and name.split()[0].casefold() in g["scripture_books"]:
            return None
    elif separator == "time":
        return None
    descs = [d.strip() for d in (head["desc"], head["desc2"]) if d and d.strip()]
    desc = ", ".join(descs) or None
    if desc and (len(desc.split()) > 10 or not (desc[0].isupper() or desc[0].isdigit() or desc[0] in "\"“'‘" or role_from_word(desc)
                                                  or (given and len(desc.split()) <= 3))):
        return None  # "Grace, the rule is: ask first" is prose, not a name and a descriptor
    delivery, doubt, note, paren_time = _parentheticals(head["parens"], g)
    if paren_time is not None:
        time = time if time is not None else paren_time  # "Maya Ostrow (00:14):"
        shape += " time"
    written = _PAREN.sub(lambda m: "" if _is_decoration(m[1], g) else m[0], written).strip()  # no "(00:14)", "(voice-over)" in aliases
    shape = " ".join(sorted(set((shape + (" alone" if words_at is None else "")).split())))
    return Label(nfc(name), desc, words_at, title, delivery, doubt, time, nfc(written), kind, note, separator == ":", separator, shape)


def read_name(written: str, time: float | None = None, words: str = "", strict: bool = False) -> Label | None:
    """A speaker's name as a format's markup gives it (a WebVTT voice, a JSON "speaker" field, a
    <cite>, a caption or Markdown label, an export's speaker line), read by the label grammar like a
    label in the text: the title apart ("Dr. Amara Osei"), the descriptor ("JUDY WOODRUFF, HOST"),
    the parenthetical ("WOODRUFF (voice-over)"), "Q"/"A", offices, people with no name. `words` are
    the paragraph's words, which start where the reader says (offset 0); a delivery may open them
    ("(Through interpreter) ..."). None when the grammar cannot read the name. `strict`: read
    it as a label in the text (no lowercase descriptor), for a reader that is still deciding
    whether words in a cue ("Grace, the rule is: ...") are a name at all."""
    written = nfc(" ".join(written.split()))
    head = _GIVEN.fullmatch(written)
    if not written or head is None or len(head["name"]) > 60:
        return None
    g = grammar()
    label = _read_head(head, g, written.rstrip(" :"), 0, time, "given", ":", given=not strict)
    if label is not None and label.delivery is None and words:
        label = replace(label, delivery=_spoken_parenthetical(words, g))
    return label


def _period_label(text: str, at: int, g: dict, time: float | None, shape: str) -> Label | None:
    """"The CHAIRMAN. Good morning.", "Senator VALE. Thank you.": a title (or "The") and a name in capitals, then a period."""
    head = _PERIOD_HEAD.match(text, at)
    if not head:
        return None
    last = head["name"].split()[-1]
    kind, title, name = _kind_and_name(head["name"], g)
    if kind is None or not (title or kind == "office") or not (last.isupper() and len(last) > 1):
        return None  # "SHAW. Yes." without a title, or "The end. Thanks.", is no label
    rest_at = _skip_space(text, head.end() + 1)
    words_at = rest_at if rest_at < len(text) else None
    shape = " ".join(sorted(set((shape + " period" + (" alone" if words_at is None else "")).split())))
    return Label(nfc(name), None, words_at, title, None, False, time, head["name"], kind, None, False, ".", shape)


def _short_qa_label(text: str, at: int, g: dict, time: float | None, shape: str) -> Label | None:
    head = _QA_SHORT.match(text, at)
    if not head:
        return None
    kind = _qa_kind(head["name"], g)
    if kind is None:
        return None
    words_at = _skip_space(text, head.end())
    delivery = _spoken_parenthetical(text[words_at:], g)
    shape = " ".join(sorted(set((shape + " short").split())))
    return Label(head["name"], None, words_at, None, delivery, False, time, head["name"], kind, None, False, "gap", shape)


def _kind_and_name(name: str, g: dict, decorated: bool = False) -> tuple[str | None, str | None, str]:
    """("office", None, "The Court") for "THE COURT"; ("name", "AMBASSADOR", "LINDA THOMAS-GREENFIELD");
    (None, None, name) when the words cannot be a speaker's name."""
    words = name.split()
    if len(words) > 1 and words[0].casefold() == "the":
        rest = " ".join(words[1:]).casefold()
        if any(rest in vocab for vocab in g["office_labels"].values()):
            return "office", None, "The " + (title_case(" ".join(words[1:])) if name.isupper() or words[1].isupper() else " ".join(words[1:]))
        return None, None, name
    title, name = split_title(name, g)
    if not name or not _is_name(name, g, decorated):
        return None, None, name
    return ("generic" if _is_generic(name, g) else "name"), title, name


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


def split_title(name: str, g: dict) -> tuple[str | None, str]:
    """("AMBASSADOR", "LINDA THOMAS-GREENFIELD") from "AMBASSADOR LINDA THOMAS-GREENFIELD"."""
    words = name.split()
    for title in _titles():
        n = len(title)
        if len(words) > n and tuple(w.casefold().rstrip(".") for w in words[:n]) == title:
            return " ".join(words[:n]), " ".join(words[n:])
    return None, name


def _is_name(name: str, g: dict, decorated: bool = False) -> bool:
    """Can these words be a speaker's name? `decorated`: the label has a descriptor or a delivery,
    so a first word that is usually no name ("A" in "A MARTINEZ, HOST:") is an initial."""
    words = name.split()
    initial = decorated and len(words) > 1 and len(words[0]) == 1 and words[0].isupper()
    if not initial and (words[0].casefold().rstrip(".") in g["not_speakers"] or " ".join(words[:2]).casefold() in g["not_speakers"]):
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


def _parentheticals(parens: str, g: dict) -> tuple[str | None, bool, str | None, float | None]:
    delivery, doubt, notes, time = None, False, [], None
    for inner in re.findall(r"\(([^()]*)\)", parens or ""):
        key = " ".join(inner.casefold().split()).strip(" .")
        found = next((kind for kind, words in g["delivery"].items() if key in words), None)
        stamp = TIMECODE.fullmatch(inner.strip())
        if found:
            delivery = delivery or found
        elif stamp:
            time = to_seconds(stamp)
        elif key in g["doubt"] or key.rstrip("?") == "" or key.endswith("?"):
            doubt = True
        else:
            notes.append(inner.strip())
    return delivery, doubt, ", ".join(notes) or None, time


_PAREN = re.compile(r"[ \t]*\(([^()]*)\)")


def _is_decoration(inner: str, g: dict) -> bool:
    """A parenthetical that says how or when, not who: a delivery, a doubt, a timestamp."""
    key = " ".join(inner.casefold().split()).strip(" .")
    return (any(key in words for words in g["delivery"].values()) or key in g["doubt"] or key.rstrip("?") == ""
            or key.endswith("?") or TIMECODE.fullmatch(inner.strip()) is not None)


def _spoken_parenthetical(words: str, g: dict) -> str | None:
    """NPR writes some deliveries at the start of the words: "(Through interpreter) My grandfather..."."""
    m = re.match(r"\(([^()]{1,40})\)", words)
    if not m:
        return None
    key = " ".join(m[1].casefold().split()).strip(" .")
    return next((kind for kind, vocab in g["delivery"].items() if key in vocab and kind == "translated"), None)


def label_key(label: Label) -> str:
    return name_key(label.name)


def is_confident_label(label: Label, label_counts: dict[str, int], text: str = "", shapes: dict[str, int] | None = None,
                       next_text: str = "") -> bool:
    """Is this candidate really a speaker label?

    A label with a role, a title or a parenthetical, a multi-word name, a
    question/answer label, a generic person and an office ("THE COURT") are; a
    one-word name only if it is in capitals (or a script without case), recurs
    ("Washington: ..." once is a dateline), is a role word ("Announcer:",
    "Correspondent:") or is decorated like the page's other labels
    ("Announcer (00:09):" among "Maya Ostrow (00:14):"). A label written once
    whose words do not end like speech ("Kitchen Table Economics, Episode 9:
    Why eggs cost so much") is a title, unless it is plainly a label that wraps
    onto the next line (a name in capitals before words in mixed case, a
    delivery, a title, or a next line that goes on in lower case). A timestamp
    instead of a colon ("Ben 0:04 ..."), "Q." and "Q    " and hearing labels
    ending in a period ("Senator VALE.") count only where the shape recurs.
    """
    count = label_counts.get(label_key(label), 0)
    shapes = shapes or {}
    if label.separator == "time":
        return count > 1 or (label.kind == "generic" and shapes.get(label.shape, 0) > 1)  # "Speaker 3  0:25" once among others
    if label.separator in (".", "gap"):
        return count > 1 or shapes.get(label.shape, 0) > 1
    if count <= 1 and label.words_at is not None and text and not _ends_like_speech(text) and not _wraps(label, text, next_text):
        return False
    if count <= 1 and label.words_at is not None and text[label.words_at:label.words_at + 1].islower() and label.kind == "name":
        return False  # "Hot Tip: freeze it in ice cube trays": speech after a label opens like a sentence
    if label.kind != "name" or label.role_word or label.title or label.delivery or label.doubt or len(label.name.split()) > 1:
        return True
    caseless = not any(c.isupper() or c.islower() for c in label.name)  # Arabic script, say
    if label.name.isupper() or caseless or count > 1 or role_from_word(label.name) or role_from_word(label.note):
        return True
    distinctive = set(label.shape.split()) & {"marker", "emphasis", "time", "alone"}
    return bool(distinctive) and shapes.get(label.shape, 0) > 1


def _wraps(label: Label, text: str, next_text: str) -> bool:
    """A label whose words run on to the next line (a transcript wrapped at a fixed width)."""
    if label.delivery or label.title or label.doubt:
        return True
    words = text[label.words_at:]
    if label.name.isupper() and any(c.islower() for c in words):
        return True
    return next_text[:1].islower()


_CAPITALISED = re.compile(r"\b[^\W\d_][\w'’\-]*")


def select_labels(texts: list[str]) -> tuple[dict[int, Label], dict[int, Label]]:
    """The trusted speaker label of each paragraph that has one, and the
    label-like openings that were not trusted (by position). Counts of names,
    of decorations and of words are taken over the whole page first, in one
    pass. A name in title case written once as a label, with no decoration,
    whose last word the page never uses again ("Hot Tip: ..." among "Jo:" and
    "Eli:") is no more than label-like."""
    candidates = {i: parse_label(t) for i, t in enumerate(texts)}
    words: dict[str, int] = {}
    for t in texts:
        for m in _CAPITALISED.finditer(t):
            key = m.group(0).casefold()
            words[key] = words.get(key, 0) + 1
    counts: dict[str, int] = {}
    shapes: dict[str, int] = {}
    for label in candidates.values():
        if label:
            counts[label_key(label)] = counts.get(label_key(label), 0) + 1
    for i, label in candidates.items():
        if label and (label.kind != "name" or len(label.name.split()) > 1 or label.name.isupper() or counts[label_key(label)] > 1):
            shapes[label.shape] = shapes.get(label.shape, 0) + 1
    trusted, doubtful = {}, {}
    for i, label in candidates.items():
        if label is None:
            continue
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        unmentioned = (label.kind == "name" and counts[label_key(label)] == 1 and len(label.name.split()) > 1 and not label.name.isupper()
                       and not (label.role_word or label.title or label.delivery or label.doubt or label.note)
                       and not {"time", "alone"} & set(label.shape.split())
                       and words.get(label.name.split()[-1].casefold(), 0) <= 1)
        if is_confident_label(label, counts, texts[i], shapes, nxt) and not unmentioned:
            trusted[i] = label
        else:
            doubtful[i] = label
    return trusted, doubtful


# A line that opens like a label the grammar does not take: capitalised words and a colon
# ("THE BAILIFF:", "Deputy Spokesperson (cont'd):"), or a name in capitals and a period ("HALE. Yes.").
_LABEL_LIKE = re.compile(r"\W{0,4}(?:[A-Z][\w.'’\-]*[ \t]+){0,4}[A-Z][\w.'’\-]*[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*:(?:[ \t]|$)"
                         r"|\W{0,4}(?:[A-Z][a-z]{1,4}\.?[ \t]+)?[A-Z]{2,}(?:[ \t]+[A-Z]{2,})*\.[ \t]")


def looks_like_label(text: str) -> bool:
    """Does the paragraph open like a speaker label (whether or not the grammar takes it)?"""
    return _LABEL_LIKE.match(text) is not None


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
