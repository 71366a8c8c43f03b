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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from .labels import Label, split_title, grammar, name_key, nfc, role_from_word, title_case
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
    """Full names the text writes in mixed case, found by surname, by first name,
    by initials ("JM" for Jonah Mireles) or by the office the text gives them
    ("Principal Deputy Press Secretary Tobias Reyna", "Roy Rourke, Chairman of the
    Committee"). Every two or three neighbouring capitalised words that are not
    titles or role words are a candidate, so a name inside a long headline of
    capitalised words is found too."""

    by_last: dict[str, Counter] = field(default_factory=dict)
    by_first: dict[str, Counter] = field(default_factory=dict)
    by_initials: dict[str, Counter] = field(default_factory=dict)
    by_office: dict[str, Counter] = field(default_factory=dict)
    casing: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> "NameIndex":
        index = cls()
        stop = _stop_words()
        heads = set(grammar()["office_heads"])
        run: list[str] = []
        end = -1
        for m in _TOKEN.finditer(text):
            word = m.group(0).rstrip(".")
            capital = word[:1].isupper() and not word.isupper() or (len(word) > 1 and word[0].isupper() and word[1:2] in "'’")
            joined = m.start() - end == 1 and text[end] in " \u00a0"
            if not (capital and joined and run):
                index._add(run, stop, heads)
                run = []
            if capital:
                run.append(word)
            end = m.end()
            if word.endswith(("'s", "’s")) or m.group(0).endswith("."):
                index._add(run, stop, heads)
                run = []
        index._add(run, stop, heads)
        for m in _OFFICE_AFTER.finditer(text):
            index._add_offices(m["office"].split(), m["name"], heads, before=False)
        for m in _office_for_matches(text):
            index._add_offices(m["office"].split(), m["name"], heads, before=True)
            index.by_office.setdefault(" ".join(m[0][:m.start("name") - m.start()].casefold().split()), Counter())[m["name"]] += 1
        return index

    def _add(self, run: list[str], stop: set[str], heads: set[str]) -> None:
        words = [re.sub(r"['’]s$", "", w) for w in run]
        free = [w.casefold() not in stop for w in words]
        for i in range(len(words)):
            for n in (2, 3):
                if i + n > len(words) or not all(free[i:i + n]):
                    continue
                name = " ".join(words[i:i + n])
                self.by_last.setdefault(name_key(words[i + n - 1]), Counter())[name] += 1
                self.by_first.setdefault(name_key(words[i]), Counter())[name] += 1
                self.by_initials.setdefault("".join(w[0] for w in words[i:i + n]).casefold(), Counter())[name] += 1
                self.casing.setdefault(name_key(name), name)
                if n == 2 and i > 0:
                    self._add_offices(words[max(0, i - 5):i], name, heads, before=True)

    def _add_offices(self, words: list[str], name: str, heads: set[str], before: bool) -> None:
        """The office's words that end on an office word stand for the name: right
        before it ("Secretary", "Press Secretary", "Deputy Press Secretary" of
        "Deputy Press Secretary Tobias Reyna"), or from the start of an office
        after it ("Chairman", "Chairman of the Committee")."""
        folded = [w.casefold().strip(",.") for w in words]
        skip = ("of", "the", "and", "for", "a", "an")
        for last, word in enumerate(folded):
            if word not in heads or (before and last != len(folded) - 1):
                continue
            for first in range(last + 1):
                if folded[first] not in skip:
                    self.by_office.setdefault(" ".join(folded[first:last + 1]), Counter())[name] += 1

    def full_name(self, word: str) -> str | None:
        """The one full name the text gives for a surname or a first name, if exactly one stands out."""
        key = name_key(word)
        for table in (self.by_last, self.by_first):
            counts = table.get(key)
            if counts:
                return _one(counts)
        return None

    def by_initials_of(self, letters: str) -> str | None:
        counts = self.by_initials.get(letters.casefold())
        return _one(counts) if counts else None

    def holder(self, office: str) -> str | None:
        """The one person the text gives an office ("chairman", "deputy spokesperson"), if exactly one."""
        counts = self.by_office.get(" ".join(office.casefold().split()))
        if not counts or len({name_key(n) for n in counts}) != 1:
            return None
        return next(iter(counts))

    def cased(self, name: str) -> str:
        """A label in capitals takes the casing the text uses for it, else title case."""
        if not name.isupper():
            return name
        return self.casing.get(name_key(name)) or title_case(name)


def _one(counts: Counter) -> str | None:
    best = sorted(counts.items(), key=lambda kv: (-kv[1], len(kv[0].split())))
    names = {name_key(n) for n, _ in best}
    two_word = {n for n in names if len(n.split()) == 2}
    if len(two_word) == 1 or len(names) == 1:
        return best[0][0]
    return None


# "Ingrid Halvorsen, Secretary of State"; "Jane Roe, the deputy spokesperson,": a name and the office after it.
_OFFICE_AFTER = re.compile(
    r"(?P<name>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,2}),[ \t]+(?:the[ \t]+)?(?P<office>[\w'’\-]+(?:[ \t]+[\w'’\-]+){0,5})"
)


@cache
def _office_for() -> re.Pattern:
    """"Assistant Secretary for Water Security Rowan Pike": an office, what it is for, and the
    name, the last two capitalised words before a word in lower case."""
    heads = "|".join(sorted(grammar()["office_heads"], key=len, reverse=True))
    cap = r"[A-Z][\w'’\-]*"
    return re.compile(
        rf"(?P<office>(?:{cap}[ \t]+){{0,4}}(?i:{heads}))[ \t]+(?:for|of|on)[ \t]+(?:the[ \t]+)?(?:{cap}[ \t]+){{1,5}}?"
        rf"(?P<name>{cap}[ \t]+{cap})\b(?![ \t]+{cap})"
    )


# Every office_for match holds " for|of|on " then a capital, on one line (its
# pattern never crosses a line break). Looking for that first is 30 times cheaper
# than trying the office words at every position, so the full pattern runs only
# on the lines that have it; its matches are the same as on the whole text.
_OFFICE_FOR_HINT = re.compile(r"[ \t](?:for|of|on)[ \t]+(?:the[ \t]+)?[A-Z]")


def _office_for_matches(text: str) -> Iterator[re.Match]:
    pattern = _office_for()
    done = 0  # the end of the last line searched
    for hint in _OFFICE_FOR_HINT.finditer(text):
        if hint.start() < done:
            continue
        start = text.rfind("\n", 0, hint.start()) + 1
        end = text.find("\n", hint.end())
        done = len(text) if end < 0 else end
        yield from pattern.finditer(text, start, done)


# --- who asks and who answers, read from the record's own cues -----------------

@dataclass
class Positional:
    names: dict[int, str] = field(default_factory=dict)  # label position -> the name it stands for
    roles: dict[int, str] = field(default_factory=dict)  # label position -> the role its cue gives (examiner, named questioner: other; witness: guest)


@cache
def _cues() -> dict[str, tuple[re.Pattern, ...]]:
    name = r"[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,2}"
    g = grammar()
    return {kind: tuple(re.compile(p.replace("{NAME}", name)) for p in g[kind]) for kind in ("examiner_cues", "witness_cues", "floor_cues")}


def positional_names(texts: list[str], labels: dict[int, Label], facts: TextFacts | None = None) -> Positional:
    """Names for "Q."/"A."/"QUESTION:"/"THE WITNESS:" labels from the cues around
    them, in one pass: the lawyer of the latest "BY MR. DALTON:" heading asks,
    the witness last sworn answers, and the questioner a moderator has just
    named asks (until the moderator speaks again). A label that names a role and
    no one ("HOST:", "MODERATOR:", a voice tag "<v Host>") stands for the person
    it introduces in its own first words ("Welcome to Soil Matters. I'm Nadia
    Brandt."), or else for the one host or moderator the text names ("moderated
    by Leah Kim"); see role_word_holders."""
    cues = _cues()
    out = Positional()
    for p, name in role_word_holders(texts, labels, facts).items():
        out.names[p] = name
    examiner = witness = floor = None
    floor_setter: str | None = None
    for i, text in enumerate(texts):
        label = labels.get(i)
        if label is None:
            heading = next((m for c in cues["examiner_cues"] if (m := c.fullmatch(text.strip()))), None)
            if heading:
                examiner = heading["name"]
        sworn = next((m for c in cues["witness_cues"] if (m := c.search(text))), None)
        if sworn:
            witness = sworn["name"]
        if label is None:
            continue
        if label.kind == "question" and (examiner or floor):
            out.names[i], out.roles[i] = examiner or floor, "other"
        elif label.kind == "answer" and witness and examiner:
            out.names[i], out.roles[i] = witness, "guest"
        elif label.kind == "office" and witness and name_key(label.name) in ("the witness", "the deponent"):
            out.names[i], out.roles[i] = witness, "guest"
        speaker = name_key(label.name)
        words = text[label.words_at:] if label.words_at is not None else ""
        named = next((m for c in cues["floor_cues"] if (m := c.search(words))), None)
        if named and label.kind not in ("question", "answer"):
            floor, floor_setter = named["name"], speaker
        elif speaker == floor_setter:
            floor = floor_setter = None
    return out


def role_word_holders(texts: list[str], labels: dict[int, Label], facts: TextFacts | None = None) -> dict[int, str]:
    """Label position -> the person a role-word label ("HOST", "MODERATOR", "ANCHOR") stands for.

    That person introduces themselves in the label's first paragraph ("I'm
    Nadia Brandt", at the opening of the program or of the paragraph); failing
    that, a host-role label is the one host the text names ("host Nadia Brandt",
    "moderated by Leah Kim"). With two hosts in the text, or none, the label
    keeps its word."""
    first: dict[str, int] = {}
    for p in sorted(labels):
        label = labels[p]
        if label.kind == "name" and len(label.name.split()) == 1 and role_from_word(label.name):
            first.setdefault(name_key(label.name), p)
    named: dict[str, str] = {}
    for key, p in first.items():
        label = labels[p]
        words = texts[p][label.words_at:] if label.words_at is not None else (texts[p + 1] if p + 1 < len(texts) else "")
        m = _SELF_INTRO.search(words[:300])
        said = _capitalised_head(m["name"]) if m else ""
        if len(said.split()) >= 2 and (_OPENING.search(words[:300]) or m.start() < 40):
            named[key] = said
        elif role_from_word(label.name) == "host" and facts is not None and len({name_key(n) for n in facts.host_names}) == 1:
            named[key] = facts.host_names[0]
    return {p: named[name_key(label.name)] for p, label in labels.items()
            if label.kind == "name" and name_key(label.name) in named}


# --- roles and descriptions the text states, read in one pass ----------------

# The lookbehind only saves time: a name found from a letter inside a word would
# have been found from the letter before it, earlier, so no match changes; without
# it a pattern that opens with a name is retried at every letter of the text.
_NAME = r"(?<![^\W\d_])(?P<{g}>[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){{0,2}})"
# A name in capitalised words only (for cues that list two names: "moderated by Leah Kim of WHBR and Marcus Bell").
_CAPNAME = r"(?P<{g}>(?-i:[^\W\d_a-zß-ÿ])[\w'’\-]*(?:[ \t]+(?-i:[^\W\d_a-zß-ÿ])[\w'’\-]*){{0,2}})"
_HOST = re.compile(
    r"(?P<desc>(?:[A-Z][\w.]*\s+)*[A-Z][\w.]*['’]s\s+)?(?P<cue>\b(?i:co-?host|host|co-?anchor|anchor|moderator|presenter))(?i:s)?\s+"
    + _CAPNAME.format(g="name") + r"(?:,?\s+and\s+" + _CAPNAME.format(g="name2") + r")?",
)
_MODERATED = re.compile(r"\bmoderated by\s+" + _CAPNAME.format(g="name") + r"(?:\s+of\s+[^,.;]+?(?=,?\s+and\s|[,.;]|$))?(?:,?\s+and\s+" + _CAPNAME.format(g="name2") + r")?", re.I)
def _phrases(key: str) -> str:
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(grammar()[key], key=len, reverse=True))


@cache
def _role_phrases() -> tuple[re.Pattern, re.Pattern]:
    reporter = re.compile(
        rf"\b(?:{_phrases('reporter_before_name')})\s+" + _NAME.format(g="name")
        + r"|" + _NAME.format(g="name2") + rf"\s+(?:{_phrases('reporter_after_name')})\b",
        re.I,
    )
    other = re.compile(
        rf"\b(?:{_phrases('other_before_name')}),?\s+" + _CAPNAME.format(g="name")
        + r"|" + _CAPNAME.format(g="name2") + rf"\s+(?:{_phrases('other_after_name')})\b",
        re.I,
    )
    interviewer = re.compile(
        r"\binterview(?:ed)?\s+by\s+" + _NAME.format(g="name")
        + r"|" + _CAPNAME.format(g="name2") + rf"\s+(?:{_phrases('interviewer_after_name')})\b"
        + r"|^By\s+" + _CAPNAME.format(g="name3") + r"(?=\s*(?:[|,·•\-–—]|$))",
        re.I | re.M,
    )
    return reporter, interviewer, other


@cache
def _guest_list() -> re.Pattern:
    """"Our panel this week: Ravi Anand, Colette Bry and Sam Ojo": a cue and a list of names."""
    name = r"(?-i:[A-Z])[\w'’\-]*(?:[ \t]+(?-i:[A-Z])[\w'’\-]*){1,2}"
    return re.compile(rf"\b(?:{_phrases('guest_before_name')})(?:[ \t]+(?:is|are|includes?))?[ \t]*[:,]?[ \t]+(?P<names>{name}(?:(?:,[ \t]+|,?[ \t]+and[ \t]+){name})*)", re.I)


def _names_in_list(names: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s+(?:and\s+)?|\s+and\s+", names) if n.strip()]


# An appositive description: "Lena Ortiz, a historian at the university," (not a relative clause: "Abe, who runs ...").
# Not a relative clause or a participle ("Abe, who runs ...", "ROSA IBARRA, having been sworn").
_APPOSITIVE = re.compile(
    _NAME.format(g="name") + r",[ \t]+(?!(?:who|whom|whose|which|that|where|when|having|being|after|before|while|and|or|but)\b)"
    r"(?P<lead>(?:the|a|an)\s+)?(?P<desc>[^,.;:?!\n]{3,120}?)(?:[,.;]|$)",
    re.M,
)
# A part of a title after a comma, in capitals or capitalised words: ", OFFICE OF RAIL SAFETY", ", University of Wexford".
_TITLE_PART = re.compile(r",[ \t]+((?:[A-Z][\w'’&\-]*|of|the|and|for)(?:[ \t]+(?:[A-Z][\w'’&\-]*|of|the|and|for)){0,7})(?=[,.;]|$)", re.M)


def _appositive(m: re.Match, text: str) -> str | None:
    """The description an appositive gives, over commas while each part is a title's
    ("Director, Office of Rail Safety, National Transportation Safety Board"); None for
    a name alone ("Vale, Dunmore, and Ashcroft")."""
    desc, end = m["desc"].strip(), m.end("desc")
    words = desc.split()
    offices = set(grammar()["office_heads"]) | {w for vocab in grammar()["role_words"].values() for w in vocab}
    if len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(w.casefold() in offices for w in words):
        return None  # another name in a list
    while (part := _TITLE_PART.match(text, end)) is not None and desc[:1].isupper():
        desc, end = desc + ", " + part[1], part.end()
    return desc


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
    bylines: list[str] = field(default_factory=list)  # "By Maren Holt" at the start of a line
    others: set[str] = field(default_factory=set)  # callers and contestants
    guests: set[str] = field(default_factory=set)  # panelists and guests the page lists
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
        reporter, interviewer, other = _role_phrases()
        for m in _guest_list().finditer(text):
            facts.guests.update(name_key(n) for n in _names_in_list(m["names"]))
        for m in other.finditer(text):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"])
            if name:
                facts.others.add(name_key(name))
        for m in reporter.finditer(text):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"])
            if name:
                facts.reporters.add(name_key(name))
        for m in interviewer.finditer(text):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"]) if m["name2"] else _capitalised_head(m["name3"])
            if len(name.split()) >= 2 and name not in facts.interviewers:
                (facts.bylines if m["name3"] else facts.interviewers).append(name)
    # Appositives: in narration any ("Zalmay Khalilzad, US special representative ..., says");
    # in the interview only one that opens with an article ("Lena Ortiz, a historian ...").
    for text, needs_article, into in ((narration, False, facts.narration_descriptions), (full_text, True, facts.descriptions)):
        at = 0
        while (m := _APPOSITIVE.search(text, at)) is not None:
            at = m.start("desc")  # matches may overlap: "For more, I'm joined by Lena Ortiz, a historian..."
            if needs_article and not m["lead"]:
                continue
            desc = _appositive(m, text)
            if desc is None or len(desc.split()) > 14:
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
    index: NameIndex | None = None, facts: TextFacts | None = None, positional: Positional | None = None,
) -> tuple[list[Speaker], dict[int, str], set[int]]:
    """Speakers in order of first appearance, each labelled paragraph's speaker (by name key), and
    the labels matched only by a near spelling ("QUYAE:" for Nana Quaye), which are unsure.

    `labels` maps paragraph positions to their labels; `narration` is the text
    outside the interview, where phrases like "host Marco Werman" or
    "Zalmay Khalilzad, US special representative ..." say who people are;
    `positional` gives the names that cues in the record give "Q."/"A."/
    "QUESTION:" labels (see positional_names).
    """
    index = index or NameIndex.of(full_text)
    facts = facts or read_text_facts(narration, full_text)
    positional = positional or Positional()
    speakers: dict[str, Speaker] = {}  # by name key
    by_paragraph: dict[int, str] = {}
    positions = sorted(labels)
    heads = set(grammar()["office_heads"])
    misspelt: set[int] = set()
    titled: dict[str, set[str]] = {}  # a title as labels write it ("mayor") -> the speakers labelled with it

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

    def name_of(p: int) -> tuple[str, str]:
        label = labels[p]
        if p in positional.names:
            _, name = split_title(positional.names[p], grammar())
            return name, "name"
        return label.name, label.kind

    # Full names first, so that a later "MARTIN:" finds "RACHEL MARTIN". An initial and a surname
    # ("R. HOLLOWAY") waits for the full name, unless no full name has that surname ("A MARTINEZ, HOST:").
    full_surnames = {name_key(n.split()[-1]) for n, k in map(name_of, positions) if k == "name" and len(n.split()) > 1 and not _is_initial_form(n)}
    for p in positions:
        label = labels[p]
        name, kind = name_of(p)
        if kind == "name" and len(name.split()) > 1 and not (_is_initial_form(name) and name_key(name.split()[-1]) in full_surnames):
            office = index.holder(name) if name.split()[-1].casefold() in heads else None  # "DEPUTY SPOKESPERSON:"
            speaker = add(office or index.cased(name), label)
            by_paragraph[p] = name_key(speaker.name)
            if label.title and p not in positional.names:
                titled.setdefault(label.title.casefold().rstrip("."), set()).add(name_key(speaker.name))
    multi = _ShortForms(list(speakers.values()))

    def holder_of(office: str) -> str | None:
        """The one person the text gives the office, or else the one speaker whose label has it as a
        title ("THE MAYOR:" after "MAYOR TOM REILLY:")."""
        found = index.holder(office)
        if found is None and len(titled.get(office.casefold(), ())) == 1:
            found = speakers[next(iter(titled[office.casefold()]))].name
        return found
    for p in positions:
        if p in by_paragraph:
            continue
        label = labels[p]
        name, kind = name_of(p)
        if kind in ("question", "answer"):
            plain = name.casefold() in ("q", "question", "a", "answer", "interviewer")
            speaker = add(("Question" if kind == "question" else "Answer") if plain else index.cased(name), label, kind)
        elif kind == "generic":
            speaker = add(_generic_name(name), label, "generic")
        elif kind == "office":
            holder = holder_of(name.split(None, 1)[1])  # "The CHAIRMAN." -> the chairman the text names
            found = _match_short(holder, multi, index, speakers) if holder else None
            speaker = add(found.name, label) if found else add(holder, label) if holder else add(name, label, "office")
        else:
            holder = holder_of(name) if name.casefold() in heads else None  # "Spokesperson:" for the one the text names
            found = _match_short(holder, multi, index, speakers) or speakers.get(name_key(holder)) or Speaker(key="", name=holder) \
                if holder else _match_short(name, multi, index, speakers)
            if found is None and 2 <= len(name) <= 3 and name.isupper() and name.isalpha():
                found = _match_initials(name, multi, index, speakers)  # "JM:" for Jonah Mireles
            if found is None and len(name.split()) == 1 and len(name) >= 4 and index.full_name(name) is None:
                found = _match_misspelt(name, multi)  # "QUYAE:" for Nana Quaye
                if found is not None:
                    misspelt.add(p)
            speaker = add(found.name, label) if found else add(index.full_name(name.split()[-1]) or index.cased(name), label)
        by_paragraph[p] = name_key(speaker.name)

    offices = {role: set(words) for role, words in grammar()["office_labels"].items()}
    for p in positions:
        speaker = speakers[by_paragraph[p]]
        label = labels[p]
        role = role_from_word(label.role_word) or (role_from_word(label.name) if label.kind == "name" and len(label.name.split()) == 1 else None)
        role = role or role_from_word(label.note) or role_from_word(label.title)  # "MODERATOR LEAH KIM:"
        if label.kind == "office":
            office = label.name.split(None, 1)[1].casefold()
            role = next((r for r, words in offices.items() if office in words), None)
        if role and not speaker.role:
            speaker.role, speaker.role_origin = role, "label"
        elif label.role_word and not role and not speaker.description:
            speaker.description, speaker.description_origin = label.role_word.strip(), "text"
        if label.note and " " in label.note and not role_from_word(label.note) and not speaker.description:
            speaker.description, speaker.description_origin = label.note, "text"  # "Mr. WALT EMBRY (Poultry Extension Agent, ...):"
        if label.kind == "generic" and not speaker.role and label.name.split()[0].casefold() not in grammar()["numbered_voices"]:
            speaker.role, speaker.role_origin = "other", "label"
    for p, role in positional.roles.items():
        speaker = speakers[by_paragraph[p]]
        if not speaker.role:
            speaker.role, speaker.role_origin = role, "text"

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
    return list(speakers.values()), by_paragraph, misspelt


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
        self.initials: dict[str, list[Speaker]] = {}
        for s in speakers:
            parts = name_key(s.name).split()
            for word in dict.fromkeys((parts[-1], parts[0])):
                self.single.setdefault(word, []).append(s)
            self.initial.setdefault((parts[0][:1], parts[-1]), []).append(s)
            if len(parts) > 1:
                self.initials.setdefault("".join(w[:1] for w in parts), []).append(s)

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


def _match_misspelt(name: str, multi: _ShortForms) -> Speaker | None:
    """The one full-name speaker whose surname or first name is one slip away from `name`
    (a letter added, dropped, changed, or two swapped; two slips for names of eight letters or more)."""
    word = name_key(name)
    limit = 2 if len(word) >= 8 else 1
    hits = {id(s): s for key, found in multi.single.items() if abs(len(key) - len(word)) <= limit and _slips(key, word, limit) <= limit
            for s in found}
    return next(iter(hits.values())) if len(hits) == 1 else None


def _slips(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps of neighbouring letters (optimal string alignment), stopping past `limit`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def _match_initials(letters: str, multi: _ShortForms, index: NameIndex, speakers: dict[str, Speaker]) -> Speaker | None:
    """"JM" for the one speaker (or else the one full name in the text) whose initials these are."""
    hits = multi.initials.get(letters.casefold(), [])
    if len(hits) == 1:
        return hits[0]
    if not hits:
        full = index.by_initials_of(letters)
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
    if key in facts.others and not speaker.role:
        speaker.role, speaker.role_origin = "other", "text"
    if key in facts.guests and not speaker.role:
        speaker.role, speaker.role_origin = "guest", "text"
    if key in (name_key(n) for n in facts.interviewers) and not speaker.role:
        speaker.role, speaker.role_origin = "host", "text"
    for table in (facts.narration_descriptions, facts.descriptions):
        if key in table and not speaker.description:
            speaker.description, speaker.description_origin = table[key], "text"


def speaker_named(speakers: list[Speaker], name: str, index: NameIndex, facts: TextFacts) -> Speaker:
    """The speaker a name in the text stands for ("Stéphane Dujarric" for the speaker of "Spokesman:"
    labels, whom the text names so): one of `speakers` by full name or surname, else a new one (appended)."""
    name = index.cased(name)
    for speaker in speakers:
        if name_key(speaker.name) == name_key(name):
            return speaker
    found = _ShortForms(speakers).find(name)
    if len(found) == 1:
        return found[0]
    speaker = Speaker(key="", name=name)
    _read_role_and_description(speaker, facts)
    speakers.append(speaker)
    return speaker


def interview_parties(narration: str, index: NameIndex, facts: TextFacts, speakers: list[Speaker] = ()) -> tuple[str | None, str | None]:
    """The interviewer and the interviewee the byline or intro names, if it does
    ("Interview by Priya Raman", "host Ruth Adeyemi"; the person the intro opens a sentence with).
    Where the page also labels people by name ("**Lena Marsh:**" beside "**A:**"), the interviewee
    is one of them if the intro names one, and the interviewer, if the text names none, is the one
    speaker a label makes the host ("SAM OKORO, HOST:")."""
    named = {name_key(s.name): s for s in speakers if s.kind == "name"}
    hosts = [s.name for s in named.values() if s.role == "host"]
    qa = {s.kind for s in speakers} >= {"question", "answer"}  # an interview's two sides, not a briefing's questioners
    interviewer = (facts.interviewers or facts.host_names or facts.bylines or (hosts if qa and len(hosts) == 1 else None) or [None])[0]
    exclude = {name_key(interviewer)} if interviewer else set()
    exclude |= set(facts.hosts) | set(facts.reporters)
    people = narration_people(narration, index, exclude)
    folded = narration.casefold()
    mentioned = [s.name for k, s in named.items() if k not in exclude and len(k.split()) > 1 and k in folded]
    labelled = [n for n in people if name_key(n) in named] or (mentioned if qa and len(mentioned) == 1 else [])
    return interviewer, (labelled or people or [None])[0]


def settle_parties(
    speakers: list[Speaker], by_paragraph: dict[int, str], narration: str, index: NameIndex, facts: TextFacts,
    unlabelled_side: str | None = None,
) -> Speaker | None:
    """Give "Question" and "Answer" the names the byline or intro gives the
    interviewer and the interviewee, and add the side that is never labelled
    (`unlabelled_side` is "question" or "answer"), named from the intro when it
    can be ("host Ruth Adeyemi spoke with ..."), else "Interviewer" or
    "Interviewee". Returns the added speaker, if any. Renames in place."""
    interviewer, interviewee = interview_parties(narration, index, facts, speakers)
    known = {name_key(s.name): s for s in speakers}
    renamed: dict[str, str] = {}
    for speaker in list(speakers):
        if speaker.kind not in ("question", "answer"):
            continue
        name = interviewer if speaker.kind == "question" else interviewee
        if not name:
            continue
        person = known.get(name_key(name))
        if person is None:
            renamed[name_key(speaker.name)] = name_key(name)
            speaker.name = name
            known[name_key(name)] = speaker
            _read_role_and_description(speaker, facts)
        elif person is not speaker and person.kind == "name":
            # "**Q:**" on a page that also labels the host by name: one person under two labels.
            renamed[name_key(speaker.name)] = name_key(person.name)
            person.aliases.extend(a for a in speaker.aliases if a not in person.aliases)
            speakers.remove(speaker)
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
    cohost = re.compile(r"\bI['’]m\s+" + _CAPNAME.format(g="name") + rf",?\s+and\s+(?:{_phrases('cohost_cues')}),?\s+" + _CAPNAME.format(g="name2"))
    for key, words in opening:
        speaker = by_key.get(key)
        pair = cohost.search(words)
        if speaker is not None and pair and name_key(pair["name"]).split()[0] == name_key(speaker.name).split()[0]:
            partner = by_key.get(name_key(pair["name2"])) or next(iter(_ShortForms(speakers).find(pair["name2"].split()[-1])), None)
            for who in (speaker, partner):
                if who is not None and (not who.role or who.role_origin == "inferred"):
                    who.role, who.role_origin = "host", "text"
        m = _SELF_INTRO.search(words)
        if speaker is None or speaker.role or not m or not _OPENING.search(words):
            continue
        said = name_key(_capitalised_head(m["name"])).split()
        if said and said[0] == name_key(speaker.name).split()[0]:
            speaker.role, speaker.role_origin = "host", "text"


def self_introduced_callers(speakers: list[Speaker], first_words: list[tuple[str, str]]) -> None:
    """Whoever opens their first turn by introducing themselves with a place ("Hi, Marla.
    This is June from Duluth.") is a caller: other. `first_words` is (speaker name key,
    words of their first labelled paragraph)."""
    intro = re.compile(rf"(?:^|[.!?,]\s+)(?:{_phrases('caller_intros')})\s+(?P<name>[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*)?\s+(?:from|in|calling from)\s+[A-Z]", re.I)
    by_key = {name_key(s.name): s for s in speakers}
    for key, words in first_words:
        speaker = by_key.get(key)
        m = intro.search(words[:160])
        if speaker is None or speaker.role or not m:
            continue
        if name_key(m["name"]) == name_key(speaker.name).split()[0]:
            speaker.role, speaker.role_origin = "other", "text"


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
        for m in _role_phrases()[0].finditer(words):
            name = _capitalised_head(m["name"]) if m["name"] else _capitalised_tail(m["name2"])
            if name_key(name) in reporters:
                speaker.role, speaker.role_origin = "host", "text"
                break


def name_forms(speaker: Speaker) -> tuple[str, ...]:
    """How the other side may address a speaker: full name, first name, surname."""
    words = speaker.name.split()
    if speaker.kind in ("question", "answer", "generic", "office") or not words:
        return ()
    return tuple(dict.fromkeys([speaker.name, words[0], words[-1]]))


def assign_roles(speakers: list[Speaker], questioner: str | None, clips_only: set[str] = frozenset(), asks_only: set[str] = frozenset(),
                 answers: set[str] | None = None) -> None:
    """Speakers the text gives no role: the questioner (and "Question") is the
    host when there is no other host; a speaker heard only in recordings
    ("(SOUNDBITE OF ARCHIVED RECORDING)" just before each of their labels), one
    who only ever asks questions while a host leads (an audience member at a
    town hall), and, while a host leads, one who never answers anyone's
    question (a voice in a reporter's package, a clip in a program's opening,
    a senator questioning a witness) is other; every other speaker is a guest.
    `answers` holds the speakers who reply to someone else's question (None:
    unknown, everyone may be a guest)."""
    has_host = any(s.role == "host" or s.kind == "question" for s in speakers)
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
        elif answers is not None and has_host and speaker.key not in answers and speaker.key != questioner:
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
