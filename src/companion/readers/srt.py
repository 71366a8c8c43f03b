"""SubRip (SRT): numbered cues, "00:00:01,000 --> 00:00:04,799" timings, text lines.

    1
    00:00:00,000 --> 00:00:02,760
    Sarah: In today's episode,

Cue numbers and timing lines never reach paragraph text. Speaker prefixes
inside cues ("Name:", "[Name]", "- Name:", ">> NAME:") become the cue's
speaker; basic tags (<i>, <b>, <font ...>, {\\an8}) are left out of the text.
Blocks are split as WebVTT splits them (cues.cue_blocks): a line with "-->" inside
a cue is the next cue's timing line (a cue number just before it is that cue's
number), or an error.
We parse by hand because the `srt` library (which the tests use as a
cross-check) does not say where in the file each cue's words are.
"""

from __future__ import annotations

import re

from ..errors import InputError
from . import cues
from .base import Reading, TextBuilder, lines
from .cues import Unit

FORMAT = "srt"
SUFFIXES = (".srt",)
_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?"
TIMING = re.compile(rf"[ \t]*(?P<start>{_TIME})[ \t]*-->[ \t]*(?P<end>{_TIME})(?:[ \t].*)?$")
_TAG = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")


def sniff(text: str) -> bool:
    """A numbered cue and its timing line near the top of the file."""
    seen = 0
    for _, start, end in lines(text):
        line = text[start:end].lstrip("\ufeff")
        if not line.strip():
            continue
        if TIMING.match(line):
            return True
        seen += 1
        if seen > 2:
            return False
    return False


def seconds(code: str) -> float:
    parts = code.replace(",", ".").split(":")
    whole, _, fraction = parts[-1].partition(".")
    value = int(whole) + sum(int(p) * 60 ** (len(parts) - 1 - i) for i, p in enumerate(parts[:-1]))
    return (value * 1000 + int(fraction.ljust(3, "0")[:3])) / 1000


def blocks(text: str, numbered: bool = True):
    """Blocks of (line_number, start, end) lines (see cues.cue_blocks)."""
    return cues.cue_blocks(text, lines(text), numbered=numbered)


def read(text: str, path: object = "") -> Reading:
    cue_lines = []  # (start_time, end_time, payload lines)
    warnings = []
    for block in blocks(text):
        at = cues.timing_at(text, block)
        if at == 1 and not cues.is_cue_number(text, block[0]):
            raise InputError(path, f"not SRT: the line before a timing line is not a cue number: {text[block[0][1]:block[0][2]][:60]!r}", block[0][0])
        if at is None:
            if not cue_lines:
                raise InputError(path, "not SRT: no '00:00:00:01,000 --> 00:00:04,000' timing line in the first cue", block[0][0])
            # Text after a blank line inside a cue: still that cue's words.
            cue_lines[-1][2].extend(block)
            warnings.append(f"line {block[0][0]}: a blank line inside a cue; the lines after it are read as part of that cue")
            continue
        timing = TIMING.match(text, block[at][1], block[at][2])
        if timing is None:
            raise InputError(path, f"not an SRT timing line: {text[block[at][1]:block[at][2]][:60]!r} (a line with '-->' starts a cue)", block[at][0])
        cue_lines.append([seconds(timing["start"]), seconds(timing["end"]), list(block[at + 1:])])
    if not cue_lines:
        raise InputError(path, "not SRT: no cues")
    units = split_cues(text, cue_lines, tokens)
    return Reading(FORMAT, cues.join_units(units, text), layout="cues", merge_marked=True, warnings=tuple(warnings))


def tokens(text: str, start: int, end: int):
    """('text', start, end) and ('tag', start, end, None) pieces of one line of cue text."""
    pos = start
    for m in _TAG.finditer(text, start, end):
        if m.start() > pos:
            yield ("text", pos, m.start(), None)
        yield ("tag", m.start(), m.end(), None)
        pos = m.end()
    if pos < end:
        yield ("text", pos, end, None)


def split_cues(text: str, cue_lines, tokenize) -> list[Unit]:
    """Units from cues: each cue, split where a line's prefix or a voice tag changes the speaker.

    `tokenize(text, start, end)` yields ('text'|'tag'|'entity'|'voice'|'endvoice', start, end, value).
    """
    counts: dict[str, int] = {}
    for _, _, payload in cue_lines:
        for _, start, end in payload:
            first = next((t for t in tokenize(text, start, end) if t[0] == "text" and text[t[1]:t[2]].strip()), None)
            if first:
                name = cues.prefix_name(cues.PREFIX.match(text, first[1], first[2]))
                if name:
                    counts[name] = counts.get(name, 0) + 1
    sure = cues.confident_names(counts)
    units: list[Unit] = []
    for start_time, end_time, payload in cue_lines:
        unit = None
        voice = None

        def open_unit(offset, speaker=None, new_speaker=False, marked=False):
            return Unit(offset, TextBuilder(text), speaker, new_speaker, start_time, end_time, marked=marked)

        for row, (_, start, end) in enumerate(payload):
            line_has_words = False
            for kind, s, e, value in tokenize(text, start, end):
                if kind == "voice":
                    voice = value
                    if unit is not None:
                        units.append(unit)
                    unit = open_unit(s, voice)
                    continue
                if kind == "endvoice":
                    voice = None
                    continue
                if kind == "tag":  # inline: "<i>word</i>," reads "word,"
                    continue
                if kind == "text" and not line_has_words:
                    if not text[s:e].strip():
                        continue
                    line_has_words = True
                    m = cues.PREFIX.match(text, s, e)
                    name = cues.prefix_name(m)
                    if name not in sure and not (row == 0 and cues.opens_cue(name)):
                        name = None
                    dash = m["dash"]
                    if name or dash:
                        # A marker opens a unit of its own; a dash or ">>" after the cue's
                        # first line marks a change of speaker even without a name.
                        if unit is not None:
                            units.append(unit)
                        changes = name is None and (dash == ">>" or row > 0)
                        unit = open_unit(s, name or voice, new_speaker=changes, marked=True)
                        s = m.end() if name else m.end("dash")
                    if unit is None:
                        unit = open_unit(s, voice)
                    unit.builder.gap(s)
                    unit.builder.copy(s, e)
                    continue
                if unit is None:
                    unit = open_unit(s, voice)
                if kind == "entity":
                    unit.builder.decoded(value, s, e)
                    line_has_words = line_has_words or bool(value.strip())  # "&amp;body": no space after "&"
                else:
                    unit.builder.copy(s, e)
            if unit is not None:
                unit.builder.gap(end)
        if unit is not None:
            units.append(unit)
    for unit in units:
        if unit.builder.first is not None:
            unit.offset = unit.builder.first
    return units


def decode(slice_: str) -> str:
    """The validation rule: a row's text is its slice without timing lines, cue numbers and
    tags, read in the reader's own blocks (cues.cue_blocks) and tokens."""
    return cues.decode_cue_slice(slice_, tokens, numbered=True, asides=False)
