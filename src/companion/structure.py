"""Which part of the page or broadcast each paragraph belongs to."""

from __future__ import annotations

import re

from .labels import Label

_FURNITURE = [
    # (kind, pattern) tried in order on a paragraph's text
    ("related", re.compile(r"Related\s*:\s*\S")),
    ("editors_note", re.compile(r"Editor['’]?s['’]? note\s*:", re.I)),
    ("audio", re.compile(r"(Listen|Hear)\b.*\b(here|below|above|interview|part|audio|episode|podcast|conversation)\b", re.I)),
    ("closing_note", re.compile(r".*\b(has|have) been (lightly |slightly )?edited\b|.*\bedited (and condensed )?for (length|clarity)|Copyright\b|©", re.I)),
    ("newsletter_promo", re.compile(r"(Sign up|Subscribe)\b|.*\bnewsletter\b", re.I)),
    ("non_speech", re.compile(r"[(\[][^()\[\]]*[)\]]")),
]
_TERMINAL = tuple(".?!:;\"”’)]…")
# Only these may follow the interview; anything else after it is still interview.
TRAILING_KINDS = {"audio", "closing_note", "newsletter_promo", "related"}


def furniture_kind(text: str) -> str | None:
    """The kind of a page-furniture line ("Related: ...", "(SOUNDBITE OF MUSIC)"...), if it is one."""
    for kind, pattern in _FURNITURE:
        if pattern.fullmatch(text) if kind == "non_speech" else pattern.match(text):
            return kind
    return None


def classify(texts: list[str], labels: list[Label | None]) -> list[str]:
    """One segment kind per paragraph, from page furniture, labels and position."""
    kinds = [furniture_kind(t) for t in texts]
    labelled = [i for i, label in enumerate(labels) if label is not None and kinds[i] is None]
    if labelled:
        first = labelled[0]
        last = len(texts) - 1
        while last > labelled[-1] and kinds[last] in TRAILING_KINDS:
            last -= 1
        for i in range(first, last + 1):
            if kinds[i] is None:
                kinds[i] = "interview"
        header_end = first
    else:
        header_end = len(texts)
    _classify_header(texts, kinds, header_end)
    for i in range(len(texts)):
        if kinds[i] is None:
            kinds[i] = "other"
        elif kinds[i] == "non_speech" and not (labelled and labelled[0] < i):
            kinds[i] = "other"  # a bracketed line outside an interview is no sound cue
    return kinds


def _classify_header(texts: list[str], kinds: list[str | None], end: int) -> None:
    """Before the interview: caption, headline, standfirst, credit, then intro.

    The headline is the first of the opening paragraphs without closing
    punctuation; what stands before it is a photo caption.
    """
    free = [i for i in range(end) if kinds[i] is None]
    headline = next((i for i in free[:3] if _is_title_like(texts[i], 30)), None)
    if headline is not None:
        for i in free:
            if i < headline:
                kinds[i] = "photo_caption"
        kinds[headline] = "headline"
        after = [i for i in free if i > headline]
        if after and not _is_title_like(texts[after[0]], 8) and texts[after[0]].endswith(_TERMINAL):
            kinds[after[0]] = "standfirst"
            after = after[1:]
        if after and _is_title_like(texts[after[0]], 8) and not texts[after[0]].lower().startswith("by "):
            kinds[after[0]] = "credit"
    for i in free:
        if kinds[i] is None:
            kinds[i] = "intro"


def _is_title_like(text: str, max_words: int) -> bool:
    return not text.endswith(_TERMINAL) and len(text.split()) <= max_words
