"""Who speaks: one speaker per person, from labels, phrases in the text, and metadata.

Label variants of one person are merged: with and without a title
("AMBASSADOR LINDA THOMAS-GREENFIELD", "AMBASSADOR THOMAS-GREENFIELD"), capitals
against title case, a surname or first name alone against the full name in an
earlier label or in the text ("HALE:" and "Fiona Hale"). The text is read once
(a name index and one pass of role phrases), so the cost stays linear.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .labels import Label, grammar, name_key, nfc, role_from_word, title_case
from .metadata import SpeakerNote

ALIAS_SEPARATOR = " | "
_TOKEN = re.compile(r"[^\W\d_][\w'’\-.]*")
_PLAIN_TITLES = {"mr", "mrs", "ms", "miss", "mx"}


@dataclass
class Speaker:
    key: str  # slug of the name; unique within an episode
    name: str
    label: str = ""
    role: str | None = None
    role_origin: str | None = None
    description: str | None = None
    description_origin: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str = "name"  # name | question | answer | generic | unlabelled


def slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", nfc(name).casefold()).strip("-_") or "speaker"


# --- names in the text, read once --------------------------------------------

def _stop_words() -> set[str]:
    g = grammar()
    words = {w for t in g["titles"] for w in t.split()} | set(g["not_speakers"])
    words |= {w for vocab in g["role_words"].values() for w in vocab}
    return words | {"i'm", "i’m", "i've", "we're", "it's", "that's", "thank", "thanks", "hi", "hello", "welcome", "good", "dear", "ask"}


@dataclass
class NameIndex:
    """Full names the text writes in mixed case, found by surname or by first name."""

    by_last: dict[str, Counter] = field(default_factory=dict)
    by_first: dict[str, Counter] = field(default_factory=dict)
    casing: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> "NameIndex":
        index = cls()
        stop = _stop_words()
        run: list[str] = []
        end = -1
        for m in _TOKEN.finditer(text):
            word = m.group(0).rstrip(".")
            capital = word[:1].isupper() and not word.isupper() or (len(word) > 1 and word[0].isupper() and word[1:2] in "'’")
            joined = m.start() - end == 1 and text[end] in " \u00a0"
            if not (capital and joined and run):
                index._add(run, stop)
                run = []
            if capital:
                run.append(word)
            end = m.end()
            if word.endswith(("'s", "’s")) or m.group(0).endswith("."):
                index._add(run, stop)
                run = []
        index._add(run, stop)
        return index

    def _add(self, run: list[str], stop: set[str]) -> None:
        words = [re.sub(r"['’]s$", "", w) for w in run]
        while words and words[0].casefold() in stop:
            words = words[1:]
        if len(words) < 2:
            return
        for n in (2, 3):
            if len(words) >= n:
                last = " ".join(words[-n:])
                self.by_last.setdefault(name_key(words[-1]), Counter())[last] += 1
                first = " ".join(words[:n])
                self.by_first.setdefault(name_key(words[0]), Counter())[first] += 1
        for n in range(2, min(len(words), 3) + 1):
            for i in range(len(words) - n + 1):
                self.casing.setdefault(name_key(" ".join(words[i:i + n])), " ".join(words[i:i + n]))

    def full_name(self, word: str) -> str | None:
        """The one full name the text gives for a surname or a first name, if exactly one stands out."""
        key = name_key(word)
        for table in (self.by_last, self.by_first):
            counts = table.get(key)
            if counts:
                best = sorted(counts.items(), key=lambda kv: (-kv[1], len(kv[0].split())))
                names = {name_key(n) for n, _ in best}
                two_word = {n for n in names if len(n.split()) == 2}
                if len(two_word) == 1 or len(names) == 1:
                    return best[0][0]
                return None
        return None

    def cased(self, name: str) -> str:
        """A label in capitals takes the casing the text uses for it, else title case."""
        if not name.isupper():
            return name
        return self.casing.get(name_key(name)) or title_case(name)


# --- roles and descriptions the text states, read in one pass ----------------

_NAME = r"(?P<{g}>[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){{0,2}})"
# A name in capitalised words only (for cues that list two names: "moderated by Leah Kim of WHBR and Marcus Bell").
_CAPNAME = r"(?P<{g}>(?-i:[^\W\d_a-zß-ÿ])[\w'’\-]*(?:[ \t]+(?-i:[^\W\d_a-zß-ÿ])[\w'’\-]*){{0,2}})"
_HOST = re.compile(
    r"(?P<desc>(?:[A-Z][\w.]*\s+)*[A-Z][\w.]*['’]s\s+)?(?P<cue>\b(?i:co-?host|host|co-?anchor|anchor|moderator|presenter))(?i:s)?\s+"
    + _CAPNAME.format(g="name") + r"(?:,?\s+and\s+" + _CAPNAME.format(g="name2") + r")?",
)
_MODERATED = re.compile(r"\bmoderated by\s+" + _CAPNAME.format(g="name") + r"(?:\s+of\s+[^,.;]+?(?=,?\s+and\s|[,.;]|$))?(?:,?\s+and\s+" + _CAPNAME.format(g="name2") + r")?", re.I)
_REPORTER = re.compile(
    r"\b(?:correspondent|reporter)\s+" + _NAME.format(g="name")
    + r"|" + _NAME.format(g="name2") + r"\s+(?:reports|reported|has the story|has this report|begins our coverage|files this report)\b",
    re.I,
)
_INTERVIEWER = re.compile(r"\binterview(?:ed)?\s+by\s+" + _NAME.format(g="name"), re.I)
_APPOSITIVE = re.compile(_NAME.format(g="name") + r",\s+(?P<lead>(?:the|a|an)\s+)?(?P<desc>[^,.;:?!\n]{3,120}?)[,.;]")
_SELF_INTRO = re.compile(r"\bI['’]m\s+" + _NAME.format(g="name"))


def _capitalised_tail(words: str) -> str:
    """The capitalised words at the end of a captured name ("for Afghanistan Zalmay Khalilzad" -> all three)."""
    out = []
    for word in reversed(words.split()):
        if not word[:1].isupper():
            break
        out.append(word)
    return " ".join(reversed(out))


def _capitalised_head(words: str) -> str:
    out = []
    for word in words.split():
        if not word[:1].isupper():
            break
        out.append(word)
    return " ".join(out)


@dataclass
class TextFacts:
    hosts: dict[str, str | None] = field(default_factory=dict)  # name key -> description ("The World's host")
    reporters: set[str] = field(default_factory=set)
    interviewers: list[str] = field(default_factory=list)  # names, in order
    host_names: list[str] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)  # name key (and its 2-3 word tails) -> appositive
    narration_descriptions: dict[str, str] = field(default_factory=dict)


def read_text_facts(narration: str, full_text: str) -> TextFacts:
    facts = TextFacts()
    for text in (narration, full_text):
        for m in _HOST.finditer(text):
            for group in ("name", "name2"):
                name = _capitalised_head(m[group] or "")
                if len(name.split()) >= 2 or (name and group == "name"):
                    key = name_key(name)
                    if key not in facts.hosts:
                        desc = " ".join((m["desc"] + "host").split()) if m["desc"] and group == "name" and m["cue"].lower() == "host" else None
                        facts.hosts[key] = desc
                        facts.host_names.append(name)
        for m in _MODERATED.finditer(text):
            for group in ("name", "name2"):
                name = _capitalised_head(m[group] or "")
                if name and name_key(name) not in facts.hosts:
                    facts.hosts[name_key(name)] = None
                    facts.host_names.append(name)
        for m in _REPORTER.finditer(text):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"])
            if name:
                facts.reporters.add(name_key(name))
        for m in _INTERVIEWER.finditer(text):
            name = _capitalised_head(m["name"])
            if name and name not in facts.interviewers:
                facts.interviewers.append(name)
    # Appositives: in narration any ("Zalmay Khalilzad, US special representative ..., says");
    # in the interview only one that opens with an article ("Lena Ortiz, a historian ...").
    for text, needs_article, into in ((narration, False, facts.narration_descriptions), (full_text, True, facts.descriptions)):
        at = 0
        while (m := _APPOSITIVE.search(text, at)) is not None:
            at = m.start("desc")  # matches may overlap: "For more, I'm joined by Lena Ortiz, a historian..."
            if needs_article and not m["lead"]:
                continue
            desc = m["desc"].strip()
            if len(desc.split()) > 14:
                continue
            words = _capitalised_tail(m["name"]).split()
            for n in range(1, min(len(words), 3) + 1):
                into.setdefault(name_key(" ".join(words[-n:])), desc)
    return facts


def narration_people(narration: str, index: NameIndex, exclude: set[str]) -> list[str]:
    """Full names in the narration, in order of first mention, that open a sentence
    or a paragraph ("Walter Brandt keeps 300 hives ..."): the likely interviewee."""
    found = []
    for m in re.finditer(r"(?:^|(?<=[.!?]\s))" + _NAME.format(g="name"), narration, re.M):
        name = _capitalised_head(m["name"])
        if len(name.split()) >= 2 and name_key(name) not in exclude and name not in found:
            found.append(name)
    return found


# --- speakers from labels ------------------------------------------------------

def find_speakers(
    labels: dict[int, Label], narration: str, full_text: str, notes: tuple[SpeakerNote, ...],
    index: NameIndex | None = None, facts: TextFacts | None = None,
) -> tuple[list[Speaker], dict[int, str]]:
    """Speakers in order of first appearance, and each labelled paragraph's speaker (by name key).

    `labels` maps paragraph positions to their labels; `narration` is the text
    outside the interview, where phrases like "host Marco Werman" or
    "Zalmay Khalilzad, US special representative ..." say who people are.
    """
    index = index or NameIndex.of(full_text)
    facts = facts or read_text_facts(narration, full_text)
    speakers: dict[str, Speaker] = {}  # by name key
    by_paragraph: dict[int, str] = {}
    positions = sorted(labels)

    def add(name: str, label: Label | None, kind: str = "name") -> Speaker:
        key = name_key(name)
        speaker = speakers.get(key)
        if speaker is None:
            speaker = speakers[key] = Speaker(key="", name=name, kind=kind)
        if label is not None:
            if not speaker.label:
                speaker.label = label.written
            if label.written not in speaker.aliases:
                speaker.aliases.append(label.written)
        return speaker

    # Full names first, so that a later "MARTIN:" finds "RACHEL MARTIN".
    for p in positions:
        label = labels[p]
        if label.kind == "name" and len(label.name.split()) > 1 and not _is_initial_form(label.name):
            speaker = add(index.cased(label.name), label)
            by_paragraph[p] = name_key(speaker.name)
    multi = _ShortForms(list(speakers.values()))
    for p in positions:
        if p in by_paragraph:
            continue
        label = labels[p]
        if label.kind in ("question", "answer"):
            speaker = add("Question" if label.kind == "question" else "Answer", label, label.kind)
        elif label.kind == "generic":
            speaker = add(_generic_name(label.name), label, "generic")
        else:
            speaker = _match_short(label.name, multi, index, speakers)
            speaker = add(speaker.name, label) if speaker else add(index.full_name(label.name.split()[-1]) or index.cased(label.name), label)
        by_paragraph[p] = name_key(speaker.name)

    for p in positions:
        speaker = speakers[by_paragraph[p]]
        label = labels[p]
        role = role_from_word(label.role_word) or (role_from_word(label.name) if label.kind == "name" and len(label.name.split()) == 1 else None)
        if role and not speaker.role:
            speaker.role, speaker.role_origin = role, "label"
        elif label.role_word and not role and not speaker.description:
            speaker.description, speaker.description_origin = label.role_word.strip(), "text"
        if label.kind == "generic" and not speaker.role:
            speaker.role, speaker.role_origin = "other", "label"

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
        _read_role_and_description(speaker, facts)
    for p in positions:
        label = labels[p]
        speaker = speakers[by_paragraph[p]]
        if label.title and not speaker.description and label.title.casefold().rstrip(".") not in _PLAIN_TITLES \
                and not label.title.endswith(".") and len(label.title) > 3:
            speaker.description, speaker.description_origin = title_case(label.title).rstrip("."), "text"
    return list(speakers.values()), by_paragraph


def _is_initial_form(name: str) -> bool:
    """"S. O'BRIEN": an initial and a surname."""
    words = name.split()
    return len(words) == 2 and len(words[0].rstrip(".")) == 1


def _generic_name(name: str) -> str:
    return title_case(name) if name.isupper() else name


class _ShortForms:
    """Full-name speakers by surname, by first name and by initial and surname (a dict lookup, not a scan)."""

    def __init__(self, speakers: list[Speaker]):
        self.single: dict[str, list[Speaker]] = {}
        self.initial: dict[tuple[str, str], list[Speaker]] = {}
        for s in speakers:
            parts = name_key(s.name).split()
            for word in dict.fromkeys((parts[-1], parts[0])):
                self.single.setdefault(word, []).append(s)
            self.initial.setdefault((parts[0][:1], parts[-1]), []).append(s)

    def find(self, name: str) -> list[Speaker]:
        words = name_key(name).split()
        if len(words) == 1:
            return self.single.get(words[0], [])
        return self.initial.get((words[0].rstrip(".")[:1], words[-1]), [])


def _match_short(name: str, multi: _ShortForms, index: NameIndex, speakers: dict[str, Speaker]) -> Speaker | None:
    """A surname, a first name or an initial and surname, matched to one full-name speaker."""
    hits = multi.find(name)
    if len(hits) == 1:
        return hits[0]
    if len(name.split()) == 1 and not hits:
        full = index.full_name(name)
        if full:
            return speakers.get(name_key(full)) or Speaker(key="", name=full)
    return None


def _read_role_and_description(speaker: Speaker, facts: TextFacts) -> None:
    key = name_key(speaker.name)
    if key in facts.hosts and not speaker.role:
        speaker.role, speaker.role_origin = "host", "text"
        if facts.hosts[key] and not speaker.description:
            speaker.description, speaker.description_origin = facts.hosts[key], "text"
    if key in facts.reporters and not speaker.role:
        speaker.role, speaker.role_origin = "reporter", "text"
    if key in (name_key(n) for n in facts.interviewers) and not speaker.role:
        speaker.role, speaker.role_origin = "host", "text"
    for table in (facts.narration_descriptions, facts.descriptions):
        if key in table and not speaker.description:
            speaker.description, speaker.description_origin = table[key], "text"


def interview_parties(narration: str, index: NameIndex, facts: TextFacts) -> tuple[str | None, str | None]:
    """The interviewer and the interviewee the byline or intro names, if it does
    ("Interview by Priya Raman", "host Ruth Adeyemi"; the person the intro opens a sentence with)."""
    interviewer = (facts.interviewers or [None])[0] or (facts.host_names or [None])[0]
    exclude = {name_key(interviewer)} if interviewer else set()
    exclude |= set(facts.hosts) | set(facts.reporters)
    people = narration_people(narration, index, exclude)
    return interviewer, (people[0] if len(people) >= 1 else None)


def settle_parties(
    speakers: list[Speaker], by_paragraph: dict[int, str], narration: str, index: NameIndex, facts: TextFacts,
    unlabelled_side: str | None = None,
) -> Speaker | None:
    """Give "Question" and "Answer" the names the byline or intro gives the
    interviewer and the interviewee, and add the side that is never labelled
    (`unlabelled_side` is "question" or "answer"), named from the intro when it
    can be ("host Ruth Adeyemi spoke with ..."), else "Interviewer" or
    "Interviewee". Returns the added speaker, if any. Renames in place."""
    interviewer, interviewee = interview_parties(narration, index, facts)
    known = {name_key(s.name): s for s in speakers}
    renamed: dict[str, str] = {}
    for speaker in list(speakers):
        if speaker.kind not in ("question", "answer"):
            continue
        name = interviewer if speaker.kind == "question" else interviewee
        if name and name_key(name) not in known:
            renamed[name_key(speaker.name)] = name_key(name)
            speaker.name = name
            known[name_key(name)] = speaker
            _read_role_and_description(speaker, facts)
    for p, key in by_paragraph.items():
        by_paragraph[p] = renamed.get(key, key)
    if unlabelled_side is None:
        return None
    name = interviewer if unlabelled_side == "question" else interviewee
    fallback = "Interviewer" if unlabelled_side == "question" else "Interviewee"
    if name and name_key(name) in known:
        return known[name_key(name)]
    speaker = Speaker(key="", name=name or fallback, kind="unlabelled")
    _read_role_and_description(speaker, facts)
    speakers.append(speaker)
    return speaker


_OPENING = re.compile(r"\b(?:this is|welcome|you['’]re (?:listening to|watching))\b|^\W*And I['’]m\b", re.I)


def self_introduced_hosts(speakers: list[Speaker], opening: list[tuple[str, str]]) -> None:
    """Whoever opens the program by introducing themselves ("Hi, I'm Dana
    Whitfield, and this is Kitchen Table Economics.", "And I'm Kofi Mensah.")
    is a host; `opening` is the first few labelled paragraphs as (speaker name key, words)."""
    by_key = {name_key(s.name): s for s in speakers}
    for key, words in opening:
        speaker = by_key.get(key)
        m = _SELF_INTRO.search(words)
        if speaker is None or speaker.role or not m or not _OPENING.search(words):
            continue
        said = name_key(_capitalised_head(m["name"])).split()
        if said and said[0] == name_key(speaker.name).split()[0]:
            speaker.role, speaker.role_origin = "host", "text"


def introducers_of_reporters(speakers: list[Speaker], spoken: list[tuple[str, str]]) -> None:
    """Whoever hands over to a correspondent in their own words ("Special
    correspondent Kira Bell has the story.") is the program's anchor: a host.
    `spoken` is (speaker key, words) for every attributed paragraph."""
    by_key = {s.key: s for s in speakers}
    reporters = {name_key(s.name) for s in speakers if s.role == "reporter"}
    for key, words in spoken:
        speaker = by_key.get(key)
        if speaker is None or speaker.role or not reporters:
            continue
        for m in _REPORTER.finditer(words):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"])
            if name_key(name) in reporters:
                speaker.role, speaker.role_origin = "host", "text"
                break


def name_forms(speaker: Speaker) -> tuple[str, ...]:
    """How the other side may address a speaker: full name, first name, surname."""
    words = speaker.name.split()
    if speaker.kind in ("question", "answer", "generic") or not words:
        return ()
    return tuple(dict.fromkeys([speaker.name, words[0], words[-1]]))


def assign_roles(speakers: list[Speaker], questioner: str | None, clips_only: set[str] = frozenset(), asks_only: set[str] = frozenset()) -> None:
    """Speakers the text gives no role: the questioner (and "Question") is the
    host when there is no other host; a speaker heard only in recordings
    ("(SOUNDBITE OF ARCHIVED RECORDING)" just before each of their labels), and
    one who only ever asks questions while a host leads (an audience member at a
    town hall), is other; every other speaker is a guest."""
    has_host = any(s.role == "host" for s in speakers)
    for speaker in speakers:
        if speaker.role:
            continue
        if speaker.kind == "question" or speaker.kind == "unlabelled" and speaker.key == questioner:
            speaker.role = "host"
            has_host = True
        elif speaker.kind == "answer":
            speaker.role = "guest"
        elif speaker.key == questioner and not has_host:
            speaker.role, has_host = "host", True
        elif speaker.key in clips_only:
            speaker.role = "other"
        elif speaker.key in asks_only and has_host and speaker.key != questioner:
            speaker.role = "other"
        else:
            speaker.role = "guest"
        speaker.role_origin = "inferred"


def unique_slugs(speakers: list[Speaker]) -> dict[str, str]:
    """Give every speaker its slug key; return name key -> slug."""
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
