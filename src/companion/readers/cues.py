"""What the timed formats share: speaker markers inside cue text, and cues that continue a sentence.

A *unit* is one cue, or one speaker's part of a cue (a cue can hold a change
of speaker: two voice spans, or two lines that open with "- Name:"). Units
become paragraphs: a unit that goes on with the sentence of the one before it
(that one ends without closing punctuation, and nothing marks a new speaker)
joins its paragraph, since cues are cut for display, not by sentence.

Speaker markers at the start of a cue line, as caption files write them:

    Name: words        [Name] words        - Name: words        >> NAME: words
    - words            >> words            (a change of speaker, unnamed)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import grammar, read_name, role_from_word
from ..timecodes import TIMECODE
from .base import LineIndex, Paragraph, TextBuilder, lines

# Words that make a bracketed cue a sound, not a name: "[MUSIC]", "[Laughter]".
SOUND_WORDS = {
    "music", "laughter", "laughs", "laughing", "laugh", "applause", "inaudible", "crosstalk", "silence",
    "noise", "sighs", "sigh", "coughs", "cough", "pause", "static", "beep", "beeps", "cheering", "cheers",
    "indistinct", "chuckles", "chuckling", "chuckle", "singing", "sings", "gasps", "gasp", "clapping",
    "overlapping", "unintelligible", "background", "soundbite", "sound", "audio", "clip", "recording",
    "theme", "jingle", "bell", "phone", "ringing", "door", "footsteps", "breathing", "whispers", "whispering",
    "foreign", "speaking", "blank", "end", "intro", "outro", "ad", "break", "sponsor", "silent",
}
_PARTICLES = {"de", "van", "von", "da", "al", "bin", "la", "le", "del", "der", "ibn", "du", "di"}
_NAME = r"[^\W\d_][\w.'’\-]*(?:[ \t]+[\w.'’\-]+){0,3}"
# A name with the label grammar's decorations: a descriptor after a comma and parentheticals
# ("JUDY WOODRUFF, HOST", "WOODRUFF (voice-over)"); labels.read_name reads them.
DECORATED = _NAME + r"(?:[ \t]*,[ \t]*[^,:()\[\]\n]{1,60}?)?(?:[ \t]*\([^()\n]{1,60}\))*"
# A marker at the start of a line of cue text.
PREFIX = re.compile(
    rf"(?P<dash>(?:-|–|—|>>)(?=\s|$))?[ \t]*"
    rf"(?:(?P<name>{DECORATED})[ \t]*:(?=\s|$)|\[(?P<bracket>{DECORATED})\](?:[ \t]*:)?(?=[ \t]*\S)|)[ \t]*"
)  # always matches (at worst, empty): a line may open with any character, a NEL or U+2028 too
_TERMINAL = re.compile(r"[.?!…—]['\"”’)\]]*$|--$")
ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_SOUND = re.compile(r"[\[(][^\[\]()]*[\])]")
# A timecode as a pattern without named groups, to use more than once in one pattern.
TIMECODE_PATTERN = re.sub(r"\(\?P<\w+>", "(?:", TIMECODE.pattern)
PAUSE = 2.0  # seconds of silence across which cues never join one paragraph


def looks_like_name(name: str) -> bool:
    """One to four words, each capitalised (or a number, as in "Speaker 2"), not a common word."""
    words = name.split()
    if not words or len(name) > 40 or words[0].casefold().rstrip(".") in grammar()["not_speakers"]:
        return False
    if any(w.lower().strip(".'’") in SOUND_WORDS for w in words):
        return False

    def capital(word: str) -> bool:
        first = word[0]
        return first.isupper() or (first.isalpha() and not first.islower())

    return capital(words[0]) and all(capital(w) or w.isdigit() or w in _PARTICLES for w in words[1:])


def _core(name: str) -> str:
    """The name without its decorations: "JUDY WOODRUFF" of "JUDY WOODRUFF, HOST (voice-over)"."""
    return re.split(r"[ \t]*[,(]", name, maxsplit=1)[0]


def speaker_name(name: str, strict: bool = True) -> bool:
    """Can a name that a file writes as a label (a caption prefix, a Markdown or export label) be a
    speaker? The name itself must look like one, and its decorations must be what the label grammar
    reads (labels.read_name); "Q" and "A" are the two sides of an interview, and "THE MAYOR" an office.
    `strict=False` for a line whose shape alone makes it a speaker line (an export's name and time),
    which may carry a lowercase descriptor ("Carmen Ruiz, producer  0:02")."""
    label = read_name(name, strict=strict)
    if label is not None and label.kind in ("question", "answer", "office"):
        return True
    core = _core(name)
    return looks_like_name(core) and (core == name or label is not None)


def confident_names(counts: dict[str, int]) -> set[str]:
    """Names seen in cue prefixes that are speakers: longer names, names in capitals or in a
    script without case, names with a title, descriptor or delivery the grammar reads, and
    one-word names that recur (a lone "Look:" is a sentence)."""
    sure = set()
    for name, n in counts.items():
        core = _core(name)
        caseless = not any(c.isupper() or c.islower() for c in core)
        if len(core.split()) > 1 or core.isupper() or caseless or n > 1 or _decorated(name):
            sure.add(name)
    return sure


def _decorated(name: str) -> bool:
    """Does the name carry a decoration the grammar knows: a role word after the comma ("Dana, HOST"),
    a delivery, a doubt, a title? ("Okay, Dana" has a comma and a capital, but no decoration.)"""
    label = read_name(name, strict=True) if _core(name) != name or " " in name else None
    return label is not None and bool(role_from_word(label.role_word) or label.delivery or label.doubt or label.title)


# Capitalised words that open a sentence with a colon in speech ("Look: it's late").
COLON_WORDS = {
    "look", "listen", "remember", "question", "questions", "answer", "example", "first", "second", "third",
    "step", "tip", "fact", "truth", "point", "problem", "thing", "reason", "plus", "result", "rule", "lesson",
    "okay", "ok", "hey", "please", "warning", "spoiler", "bonus", "reminder", "quote", "summary", "conclusion",
    "meanwhile", "finally", "also", "again", "seriously", "honestly", "basically", "anyway", "yeah", "nope",
    "wait", "why", "what", "how", "who", "when", "where", "which", "because", "imagine", "translation",
}


def opens_cue(name: str | None) -> bool:
    """A one-word name used once is still a speaker when it opens a cue, as caption
    files write speaker names, unless it is a word that opens sentences with a colon,
    or it carries a comma or parentheses that are no decoration the grammar knows."""
    if name is None or _core(name).casefold() in COLON_WORDS:
        return False
    return _core(name) == name or _decorated(name)


def prefix_name(match: re.Match) -> str | None:
    name = match["name"] or match["bracket"]
    return " ".join(name.split()) if name and speaker_name(" ".join(name.split())) else None


def is_sound(text: str) -> bool:
    """A cue that is wholly a bracketed sound: "[MUSIC]", "(laughter)"."""
    return _SOUND.fullmatch(text) is not None


@dataclass
class Unit:
    """One cue, or one speaker's part of one."""

    offset: int  # source offset where the unit's text starts (for its line number)
    builder: TextBuilder
    speaker: str | None = None
    new_speaker: bool = False
    start_time: float | None = None
    end_time: float | None = None
    kind: str | None = None
    marked: bool = False  # opens with a marker in its text ("Name:", "- "): never joins the unit before
    ends_paragraph: bool = False  # the file ends a paragraph here (a JSON body ending in a newline)


def ends_sentence(text: str) -> bool:
    return _TERMINAL.search(text) is not None


def punctuated(units: list[Unit]) -> bool:
    """Does the file end its sentences with punctuation? (Many captioners' output does not.)"""
    ends = [ends_sentence(u.builder.text) for u in units if u.builder.parts]
    return bool(ends) and sum(ends) >= max(1, len(ends) // 20)


def join_units(units: list[Unit], source: str, mode: str = "sentence", pause: float = PAUSE) -> list[Paragraph]:
    """Paragraphs from units: a unit joins the paragraph before it when it goes on with
    that paragraph's sentence, names no other speaker, and follows without a pause.

    mode "sentence" joins only in a file that ends its sentences with
    punctuation; "pause" (for unpunctuated word-level files) joins the words of
    one speaker up to a pause; "none" keeps every unit a paragraph.
    """
    index = LineIndex(source)
    units = [u for u in units if u.builder.parts]
    join = mode == "pause" or (mode == "sentence" and punctuated(units))
    groups: list[list[Unit]] = []
    for unit in units:
        last = groups[-1][-1] if groups else None
        if last is not None and join and _continues(groups[-1], unit, pause, mode == "sentence"):
            groups[-1].append(unit)
        else:
            groups.append([unit])
    paragraphs = []
    for group in groups:
        builder = TextBuilder(source)
        for unit in group:
            builder.extend(unit.builder)
        first = group[0]
        paragraph = builder.paragraph(
            len(paragraphs), index.line(builder.first), speaker=first.speaker, start_time=first.start_time,
            end_time=group[-1].end_time, kind=first.kind, new_speaker=first.new_speaker,
        )
        if paragraph is not None:
            paragraphs.append(paragraph)
    return paragraphs


def _continues(group: list[Unit], unit: Unit, pause: float, sentences: bool) -> bool:
    head, last = group[0], group[-1]
    if unit.marked or unit.new_speaker or unit.kind or last.kind or last.ends_paragraph:
        return False
    if unit.speaker and unit.speaker != head.speaker:
        return False
    if is_sound(unit.builder.text) or is_sound(last.builder.text):
        return False
    if sentences and ends_sentence(last.builder.text):
        return False
    if last.end_time is not None and unit.start_time is not None and unit.start_time - last.end_time >= pause:
        return False
    return True


# -- cue blocks, read the same way by the readers and by the validation rule ---------

ARROW = "-->"
_CUE_NUMBER = re.compile(r"[ \t]*\d+[ \t]*$")
_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")


def is_blank(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip().lstrip("\ufeff").strip()


def cue_blocks(text: str, all_lines, *, numbered: bool, in_cue: bool = False):
    """Blocks of lines (line_number, start, end), split as the WebVTT parser splits them
    ("collect a WebVTT block", W3C WebVTT 6.1): at blank lines, and before a line that
    holds "-->" when that line is neither the block's first line nor its second after a
    first line without one (an identifier). Such a line is the timing line of a new cue,
    or an error: cue text cannot hold "-->".

    `in_cue`: the lines start inside a cue's text (or in the WebVTT header), so any
    line with "-->" starts a new block. `numbered` (SRT): a cue number on the line just
    before such a line goes with it, as the new cue's number (a blank line was left out)."""
    block: list[tuple[int, int, int]] = []
    arrow_seen = in_cue
    for line in all_lines:
        _, start, end = line
        if is_blank(text, start, end):
            if block:
                yield block
                block, arrow_seen = [], False
            continue
        if ARROW in text[start:end]:
            if block and (arrow_seen or len(block) >= 2):
                carry = []
                if numbered and len(block) >= 2 and _CUE_NUMBER.match(text, block[-1][1], block[-1][2]):
                    carry = [block.pop()]
                yield block
                block = carry
            arrow_seen = True
        block.append(line)
    if block:
        yield block


def timing_at(text: str, block) -> int | None:
    """Which line of a block is its timing line: the first, or the second after an
    identifier or cue number; None for a block without one."""
    if ARROW in text[block[0][1]:block[0][2]]:
        return 0
    if len(block) > 1 and ARROW in text[block[1][1]:block[1][2]]:
        return 1
    return None


def is_cue_number(text: str, line) -> bool:
    return _CUE_NUMBER.match(text[line[1]:line[2]].lstrip("\ufeff")) is not None


def is_aside_block(text: str, block) -> bool:
    """A WebVTT NOTE, STYLE or REGION block (one without a timing line)."""
    return _BLOCK.match(text, block[0][1], block[0][2]) is not None


# -- the validation rule for cue text (SRT and WebVTT) --------------------------------


def decode_cue_slice(slice_: str, tokenize, *, numbered: bool, asides: bool) -> str:
    """The words of a slice of an SRT or WebVTT file that starts and ends inside cue
    text, read with the readers' own blocks (cue_blocks) and tokens: timing lines and
    the identifier or number before them left out, NOTE/STYLE/REGION blocks left out
    (`asides`, WebVTT), tags dropped (a voice tag, which starts a new unit of speech, reads
    as a space), entities decoded. A block without a timing line is words, as the
    readers take it (the rest of the cue before it)."""
    kept: list[str] = []
    for n, block in enumerate(cue_blocks(slice_, lines(slice_), numbered=numbered, in_cue=True)):
        at = None if n == 0 else timing_at(slice_, block)  # the slice opens inside a cue's text
        if at is None and n > 0 and asides and is_aside_block(slice_, block):
            continue
        for _, start, end in block[0 if at is None else at + 1:]:
            kept.append("".join(_words(slice_, token) for token in tokenize(slice_, start, end)))
    return " ".join(kept)


def _words(text: str, token: tuple) -> str:
    """What one token of cue text adds to a paragraph's words (as split_cues reads it)."""
    kind, start, end, value = token
    return {"text": text[start:end], "entity": value, "voice": " "}.get(kind, "")
