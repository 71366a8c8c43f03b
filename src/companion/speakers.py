"""Who speaks: speakers from labels, from phrases in the text, and from metadata."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .labels import Label, display_name, name_key, role_from_word
from .metadata import SpeakerNote


@dataclass
class Speaker:
    key: str  # slug of the name; unique within an episode
    name: str
    label: str = ""
    role: str | None = None
    role_origin: str | None = None
    description: str | None = None
    description_origin: str | None = None


def slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", name).casefold()).strip("-_") or "speaker"


def find_speakers(
    labels: dict[int, Label], narration: str, full_text: str, notes: tuple[SpeakerNote, ...]
) -> tuple[list[Speaker], dict[int, str]]:
    """Speakers in order of first appearance, and each labelled paragraph's speaker key.

    `labels` maps paragraph positions to their labels; `narration` is the text
    outside the interview, where phrases like "host Marco Werman" or
    "Zalmay Khalilzad, US special representative ..." say who people are.
    """
    speakers: dict[str, Speaker] = {}  # by name_key
    by_paragraph: dict[int, str] = {}

    shown_as: dict[str, str] = {}  # display_name scans the whole text: once per name, not once per label

    def add(name: str, label: str = "") -> Speaker:
        shown = shown_as.get(name) or shown_as.setdefault(name, display_name(name, full_text))
        speaker = speakers.setdefault(name_key(shown), Speaker(key="", name=shown, label=label))
        return speaker

    # Full names first, so that a later "MARTIN:" finds "RACHEL MARTIN".
    for position, label in labels.items():
        if len(label.name.split()) > 1 or label.role_word:
            speaker = add(label.name, label.name)
            role = role_from_word(label.role_word)
            if role and not speaker.role:
                speaker.role, speaker.role_origin = role, "label"
            elif label.role_word and not role and not speaker.description:
                speaker.description, speaker.description_origin = label.role_word.strip(), "text"
            by_paragraph[position] = name_key(speaker.name)
    for position, label in labels.items():
        if position in by_paragraph:
            continue
        surname = name_key(label.name)
        match = next((k for k, s in speakers.items() if name_key(s.name).split()[-1] == surname), None)
        by_paragraph[position] = match or name_key(add(label.name, label.name).name)

    for note in notes:
        key = name_key(note.name)
        if key not in speakers:
            key = next((k for k, s in speakers.items() if k.split()[-1] == key.split()[-1] and len(key.split()) == 1), key)
        speaker = speakers.setdefault(key, Speaker(key="", name=note.name))
        if note.role:
            speaker.role, speaker.role_origin = note.role, "metadata"
        if note.description:
            speaker.description, speaker.description_origin = note.description, "metadata"

    for speaker in speakers.values():
        _read_role_and_description(speaker, narration, full_text)
    keys = _unique_slugs(list(speakers.values()))
    return list(speakers.values()), {p: keys[k] for p, k in by_paragraph.items()}


def _read_role_and_description(speaker: Speaker, narration: str, full_text: str) -> None:
    name = r"\s+".join(re.escape(w) for w in speaker.name.split())
    host = re.search(rf"(?P<desc>(?:[A-Z][\w.]*\s+)*[A-Z][\w.]*['’]s\s+)?(?:host|anchor)\s+{name}\b", narration)
    if host and not speaker.role:
        speaker.role, speaker.role_origin = "host", "text"
        if host["desc"] and not speaker.description:
            speaker.description = " ".join((host["desc"] + "host").split())
            speaker.description_origin = "text"
    # An appositive: "Zalmay Khalilzad, US special representative for ..., says"
    # In narration any appositive counts; in the interview itself ("I'm joined
    # by Lena Ortiz, a historian ...") only one that opens with an article.
    for text, lead in ((narration, r"(?:the\s+|a\s+|an\s+)?"), (full_text, r"(?:the|a|an)\s+")):
        appositive = re.search(rf"\b{name},\s+{lead}(?P<desc>[^,.;:?!\n]{{3,120}}?)[,.;]", text)
        if appositive and not speaker.description and len(appositive["desc"].split()) <= 14:
            speaker.description, speaker.description_origin = appositive["desc"].strip(), "text"


def assign_roles(speakers: list[Speaker], questioner: str | None, clips_only: set[str] = frozenset()) -> None:
    """Speakers the text gives no role: the questioner is the host when there is
    no other host; a speaker heard only in recordings ("(SOUNDBITE OF ARCHIVED
    RECORDING)" just before each of their labels) is other; every other
    labelled speaker is a guest."""
    has_host = any(s.role == "host" for s in speakers)
    for speaker in speakers:
        if speaker.role:
            continue
        if speaker.key == questioner and not has_host:
            speaker.role, has_host = "host", True
        elif speaker.key in clips_only:
            speaker.role = "other"
        else:
            speaker.role = "guest" if has_host or questioner else "other"
        speaker.role_origin = "inferred"


def _unique_slugs(speakers: list[Speaker]) -> dict[str, str]:
    keys: dict[str, str] = {}
    used: set[str] = set()
    for speaker in speakers:
        base = slug(speaker.name)
        key, n = base, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        speaker.key = key
        keys[name_key(speaker.name)] = key
    return keys
