"""Readers and the validation rules of their formats agree: if a transcript builds,
its package validates. Each case here once built a package that `companion
validate` rejected, or crashed the reader; the fuzz tests (test_fuzz_cli.py)
found most of them in damaged files.

WebVTT (W3C WebVTT, 6.1 "collect a WebVTT block"): a line holding "-->" inside a
cue's text ends that cue and is the timing line of the next one; one that is no
valid timing line is an error (a browser drops that cue silently; we say so).
SRT follows the same rule, a cue number just before such a line going with it.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.errors import InputError
from companion.output import write_package
from companion.package import TranscriptInput, build_files
from companion.readers import decode_slice, detect_format, read_transcript
from companion.source import collapse_whitespace
from companion.validate import validate_package

# name -> (transcript, the paragraphs' words the reader must find)
BUILDS = {
    "arrow-in-cue.vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Where were you?\n00:00:02.500 --> 00:00:04.000\n<v Bob>At sea, for a week.\n",
        ["Where were you?", "At sea, for a week."],
    ),
    "header-then-cue.vtt": (  # no blank line after the header: the timing line starts the first cue
        "WEBVTT\n00:00:01.000 --> 00:00:02.000\n<v Ann>Nobody left the rock.\n",
        ["Nobody left the rock."],
    ),
    "note-with-timing.vtt": (  # "NOTE" before a timing line is that cue's identifier, as the spec reads it
        "WEBVTT\n\nNOTE\n00:00:01.000 --> 00:00:02.000\n<v Ann>Is it safe to swim?\n",
        ["Is it safe to swim?"],
    ),
    "entity-opens-line.vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Salt, flour\n&amp;water, nothing else.\n",
        ["Salt, flour &water, nothing else."],
    ),
    "voice-twice.vtt": (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>The ferry<v Ann>stopped in 1962.\n",
        ["The ferry stopped in 1962."],
    ),
    "missing-blank-line.srt": (
        "1\n00:00:01,000 --> 00:00:02,000\nSo the ferry stopped\n2\n00:00:02,000 --> 00:00:04,000\nin nineteen sixty-two.\n",
        ["So the ferry stopped in nineteen sixty-two."],
    ),
    "note-word.srt": (  # SRT has no NOTE blocks: words after a blank line stay the cue's words
        "1\n00:00:01,000 --> 00:00:02,000\nThe keeper said\n\nNOTE the date.\n\n2\n00:00:02,000 --> 00:00:03,000\nIt was May.\n",
        ["The keeper said NOTE the date.", "It was May."],
    ),
    "nel-opens-line.srt": (
        "1\n00:00:01,000 --> 00:00:02,000\n\x85Bees swarm in May.\n",
        ["Bees swarm in May."],
    ),
    "lone-cr.srt": (
        "1\r00:00:01,000 --> 00:00:02,000\rBees swarm in May.\r\r2\r00:00:02,000 --> 00:00:03,000\rAnd in June.\r",
        ["Bees swarm in May.", "And in June."],
    ),
    "lone-cr-labels.md": (
        "**Ana Souza:** Rivers move.\r**Tom Reyes:** Do they?\r",
        ["Rivers move.", "Do they?"],
    ),
    "lone-cr-otter.txt": (
        "Ana Souza  0:02\rRivers move more than we think.\rTom Reyes  0:09\rDo they?\r",
        ["Rivers move more than we think.", "Do they?"],
    ),
    "nested-body.json": (
        '{"version": "1.0.0", "segments": ['
        '{"speaker": "Ana", "startTime": 0, "endTime": 1, "body": "Rivers move", "note": {"body": "not words"}},'
        '{"speaker": "Ana", "startTime": 1, "endTime": 2, "body": "more than we think."}]}',
        ["Rivers move more than we think."],
    ),
    "entity-split-by-tag.html": (
        "<cite>Jo:</cite>\n<p>The water sits at 4&<b>nbsp;degrees.</b></p>\n",
        ["The water sits at 4&nbsp;degrees."],
    ),
    "head-inside.html": (
        "<cite>Jo:</cite>\n<p>Not in winter. <head>a title</head>Never.</p>\n",
        ["Not in winter.", "Never."],
    ),
}

REFUSED = {
    "arrow-not-timing.vtt": ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>It went from 5 --> 10.\n", 4,
                             "not a WebVTT timing line: '<v Ann>It went from 5 --> 10.' (a line with '-->' starts a cue)"),
    "arrow-not-timing.srt": ("1\n00:00:01,000 --> 00:00:02,000\nIt went from 5\n--> 10.\n", 4,
                             "not an SRT timing line: '--> 10.' (a line with '-->' starts a cue)"),
    "no-cue-number.srt": ("the intro\n00:00:01,000 --> 00:00:02,000\nWords.\n", 1,
                          "not SRT: the line before a timing line is not a cue number: 'the intro'"),
    "duplicate-body.json": ('{"segments": [{"speaker": "Ana", "body": "first", "body": "second"}]}', 1,
                            "not valid JSON for a transcript: the key 'body' appears twice in one object"),
}


def _reading(name: str, text: str):
    suffix = name[name.rindex("."):]
    fmt = detect_format(text, suffix, name)
    return fmt, read_transcript(text, fmt, name)


@pytest.mark.parametrize("name", BUILDS)
def test_reader_finds_the_words_and_the_rule_agrees(name):
    text, words = BUILDS[name]
    fmt, reading = _reading(name, text)
    assert [collapse_whitespace(p.text) for p in reading.paragraphs] == words
    for p in reading.paragraphs:
        assert collapse_whitespace(decode_slice(fmt, text[p.start:p.end])) == collapse_whitespace(p.text), (name, p)


def test_every_case_builds_a_package_that_validates(tmp_path):
    files, _ = build_files([TranscriptInput(name, text.encode("utf-8")) for name, (text, _) in BUILDS.items()])
    write_package(files, tmp_path / "pkg")
    assert validate_package(tmp_path / "pkg" / "datapackage.json") == []


@pytest.mark.parametrize("name", REFUSED)
def test_a_line_that_breaks_the_format_is_one_clear_error(name):
    text, line, message = REFUSED[name]
    with pytest.raises(InputError) as caught:
        _reading(name, text)
    assert (caught.value.line, caught.value.problem) == (line, message)


def test_webvtt_timing_lines_split_as_the_spec_says():
    """A timing line is a block's first line, or its second after an identifier; any later
    line with "-->" starts the next block, cue text never holds one."""
    text = "WEBVTT\n\nintro\n00:01.000 --> 00:02.000\nOne.\n00:02.000 --> 00:03.000\nTwo.\nThree.\n"
    _, reading = _reading("x.vtt", text)
    assert [(p.start_time, p.end_time) for p in reading.paragraphs] == [(1.0, 2.0), (2.0, 3.0)]
    assert [p.text for p in reading.paragraphs] == ["One.", "Two. Three."]


# --- the property: any damage, and every format's rule agrees with its reader ------------------

_PIECES = ["-->", "\n00:00:05.000 --> 00:00:06.000\n", "\n7\n00:00:05,000 --> 00:00:06,000\n", "\n\n", "\r", "\x85",
           "\u2028", "NOTE", "<v Bob>", "</v>", "<b>", "&amp;", "&", "nbsp;", "<br>", "<head>", "</p>", "<!--", "- ",
           ">> ", "Ann: ", "[Ann] ", "**Ann:** ", "WEBVTT", '", "body": "', '{"body": "x"}', "{", "}", "\\n", '\\"']


@st.composite
def _damaged(draw):
    """A format fixture with pieces of every format's syntax spliced in."""
    from conftest import FIXTURES

    paths = sorted(p for p in (FIXTURES / "formats" / "dev").iterdir() if not p.name.endswith(".gold.csv"))
    path = draw(st.sampled_from(paths))
    text = path.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 120)))
        text = text[:at] + draw(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12))) + text[end:]
    return path.name, text


@settings(max_examples=400)  # reading alone: about a millisecond each
@given(case=_damaged())
def test_every_reader_agrees_with_its_rule_on_damaged_files(case):
    name, text = case
    try:
        fmt, reading = _reading(name, text)
    except InputError:
        return  # refused with one line: fine
    for p in reading.paragraphs:
        assert collapse_whitespace(decode_slice(fmt, text[p.start:p.end])) == collapse_whitespace(p.text), (fmt, p)
        assert "\r" not in p.text  # an unquoted CR in a CSV cell would end its row
