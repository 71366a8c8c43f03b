"""WebVTT: a "WEBVTT" header, then cues with optional identifiers and settings.

    WEBVTT
    Language: en

    intro-1
    00:00.000 --> 00:04.500 align:start
    <v Kevin>Welcome back to the show.

The header and its metadata lines, NOTE, STYLE and REGION blocks, cue
identifiers and settings never reach paragraph text. Voice tags (<v Name>,
<v.class Name>) give the speaker; other tags (<i>, <c.x>, <lang en>,
timestamps such as <00:00:01.000>) are left out, and entities (&amp;) are
decoded. Hours may be omitted (01:02.500). A cue without a voice tag may still
open with a caption-style prefix ("Name:", "- ", ">>"). Blocks are split as
the WebVTT parser splits them (cues.cue_blocks): cue text cannot hold "-->", so
a line with "-->" after a cue's timing line ends that cue and must be the
timing line of the next (a missing blank line); one that is no timing line is
an error, where a browser would drop the cue without a word. We parse by hand
because webvtt-py (a cross-check in the tests) keeps only the first voice of a
cue and does not say where its words are in the file.
"""

from __future__ import annotations

import html
import re

from ..errors import InputError
from . import cues
from .base import Reading, lines
from .srt import TIMING, seconds, split_cues

FORMAT = "webvtt"
SUFFIXES = (".vtt", ".webvtt")
_HEADER = re.compile(r"\ufeff?WEBVTT(?:[ \t].*)?$")
_META = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_MARKUP = re.compile(
    r"<(?P<close>/)?(?P<tag>[A-Za-z]+|\d[\d:.]*)(?P<classes>(?:\.[^\s.>]+)*)(?:[ \t]+(?P<annotation>[^>\n]*))?>"
    rf"|{cues.ENTITY.pattern}"
)
# Kinds of track that hold no transcript of speech.
NOT_SPEECH_KINDS = {"chapters", "metadata"}


def sniff(text: str) -> bool:
    first = next(lines(text))
    return _HEADER.match(text, first[1], first[2]) is not None


def read(text: str, path: object = "") -> Reading:
    # The header block ends at a blank line or at a line with "-->", which starts the first cue.
    all_blocks = list(cues.cue_blocks(text, lines(text), numbered=False, in_cue=True))
    if not all_blocks or not _HEADER.match(text, all_blocks[0][0][1], all_blocks[0][0][2]):
        raise InputError(path, "not WebVTT: the file does not start with 'WEBVTT'", 1)
    header = {}
    for _, start, end in all_blocks[0][1:]:
        m = _META.match(text, start, end)
        if m:
            header[m["key"].casefold()] = m["value"]
    kind = header.get("kind", "").casefold()
    if kind in NOT_SPEECH_KINDS:
        raise InputError(path, f"WebVTT file of Kind: {kind} holds {kind}, not a transcript of speech", 2)
    cue_lines, warnings = [], []
    for block in all_blocks[1:]:
        at = cues.timing_at(text, block)
        if at is None:
            if cues.is_aside_block(text, block):
                continue  # NOTE, STYLE, REGION
            if not cue_lines:
                raise InputError(path, "not WebVTT: a block before the first cue is neither a cue nor a NOTE", block[0][0])
            cue_lines[-1][2].extend(block)
            warnings.append(f"line {block[0][0]}: a blank line inside a cue; the lines after it are read as part of that cue")
            continue
        timing = TIMING.match(text, block[at][1], block[at][2])
        if timing is None:
            raise InputError(path, f"not a WebVTT timing line: {text[block[at][1]:block[at][2]][:60]!r} (a line with '-->' starts a cue)", block[at][0])
        cue_lines.append([seconds(timing["start"]), seconds(timing["end"]), list(block[at + 1:])])
    units = split_cues(text, cue_lines, tokens)
    language = header.get("language") or None
    return Reading(FORMAT, cues.join_units(units, text), layout="cues", merge_marked=True, language=language, warnings=tuple(warnings))


def tokens(text: str, start: int, end: int):
    """Pieces of one line of cue text: text, tags, voice tags and entities."""
    pos = start
    for m in _MARKUP.finditer(text, start, end):
        if m.start() > pos:
            yield ("text", pos, m.start(), None)
        if m.group(0).startswith("&"):
            yield ("entity", m.start(), m.end(), html.unescape(m.group(0)))
        elif m["tag"] == "v" and not m["close"]:
            yield ("voice", m.start(), m.end(), " ".join((m["annotation"] or "").split()) or None)
        elif m["tag"] == "v":
            yield ("endvoice", m.start(), m.end(), None)
        else:
            yield ("tag", m.start(), m.end(), None)
        pos = m.end()
    if pos < end:
        yield ("text", pos, end, None)


def decode(slice_: str) -> str:
    """The validation rule: the slice read in the reader's own blocks (cues.cue_blocks) and
    tokens: without timing lines, identifiers, NOTE blocks and tags, entities decoded."""
    return cues.decode_cue_slice(slice_, tokens, numbered=False, asides=True)
