"""Speaker labels in their several shapes.

- "Marco Werman: Where do..."       a name and a colon at the start of a line
- "STEVE INSKEEP, HOST: Good..."     NPR's first label, with a role after a comma
- "INSKEEP: Thanks."                 NPR's later, surname-only labels
- "Judy Woodruff:"                   PBS: the label alone, the words in the next paragraphs
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A name is one to five words; each must start with a capital or with a letter
# of a script that has no case (Arabic, Dari, Pashto...): checked in _is_name_word.
# Combining marks (\p{M} in other engines) let a decomposed "José" (NFD) be a name.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"(?:[^\W\d_][\w{_MARKS}.'’\-]*|#\d+)"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,4}}"
_PARTICLES = {"de", "van", "von", "da", "al", "bin", "la", "le", "del", "der", "ibn"}
_LABEL = re.compile(rf"(?P<name>{_NAME})(?:,[ \t]*(?P<role>[A-Za-z][\w .'’\-]*?))?[ \t]*:(?:[ \t]+(?P<rest>\S.*))?$", re.S)

# Words that head a line like a label but name no speaker.
NOT_SPEAKERS = {
    "related", "note", "editor", "editors", "correction", "update", "updated", "listen", "photo",
    "credit", "source", "sources", "transcript", "copyright", "advertisement", "watch", "read",
    "subscribe", "sign", "disclaimer", "warning", "caption", "image", "video", "audio", "more",
    "also", "see", "by", "and", "but", "so", "the", "a", "an", "it", "this", "that", "there",
    "here", "today", "tomorrow", "yesterday", "now", "then", "well", "yes", "no", "q", "a",
}

ROLE_WORDS = {"host": "host", "anchor": "host", "byline": "reporter", "reporter": "reporter", "correspondent": "reporter"}


@dataclass(frozen=True)
class Label:
    name: str  # as written, e.g. "STEVE INSKEEP"
    role_word: str | None  # e.g. "HOST"
    words_at: int | None  # offset of the spoken words within the paragraph; None for a label alone on its line


def parse_label(text: str) -> Label | None:
    """The label a paragraph starts with, if any; unlikely names are rejected."""
    match = _LABEL.match(text)
    if not match:
        return None
    name = match["name"]
    words = name.split()
    if words[0].lower().rstrip(".") in NOT_SPEAKERS or len(name) > 60:
        return None
    if not _is_name_word(words[0]) or not all(_is_name_word(w) or w in _PARTICLES for w in words[1:]):
        return None
    role = match["role"]
    if role is not None and len(role.split()) > 6:
        return None
    return Label(name, role, match.start("rest") if match["rest"] else None)


def _is_name_word(word: str) -> bool:
    first = word[0]
    return word.startswith("#") or first.isupper() or (first.isalpha() and not first.islower())


def is_confident_label(label: Label, label_counts: dict[str, int]) -> bool:
    """A one-word label ("Washington: ...") is a speaker only if it is in capitals
    (or in a script without case) or recurs; longer names and labels with a role
    are speakers."""
    if label.role_word or len(label.name.split()) > 1:
        return True
    caseless = not any(c.isupper() or c.islower() for c in label.name)  # Arabic script, say
    return label.name.isupper() or caseless or label_counts.get(label.name, 0) > 1


def name_key(name: str) -> str:
    """Names compare in NFC, case-folded: a decomposed "José" is the same person."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def display_name(name: str, text: str) -> str:
    """An all-capitals label takes the casing the text uses elsewhere, else title case."""
    if not name.isupper():
        return name
    pattern = r"\b" + r"\s+".join(re.escape(w) for w in name.split()) + r"\b"
    for match in re.finditer(pattern, text, re.I):
        if not match.group(0).isupper():
            return " ".join(match.group(0).split())
    return name.title()


def role_from_word(word: str | None) -> str | None:
    if not word:
        return None
    return ROLE_WORDS.get(word.strip().casefold())
