"""Podcasting 2.0 JSON: {"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}.

    {"version": "1.0.0", "segments": [
      {"speaker": "Kevin", "startTime": 0.5, "endTime": 4.25, "body": "Welcome back."}]}

A paragraph's offsets cover the *content* of its "body" strings (inside the
quotes); its text is those strings decoded, joined by a space. Keys, numbers
and the speaker field never reach paragraph text. The word-level variant (one
word per segment) and segments cut mid-sentence are joined into paragraphs by
sentence (see cues.join_units). The standard json module parses the file; a
hook on its pure-Python scanner records where each string value lies.
"""

from __future__ import annotations

import json
import math
import re
from json.decoder import JSONDecoder, scanstring
from json.scanner import py_make_scanner

from ..errors import InputError
from . import cues
from .base import Reading, TextBuilder
from .cues import Unit

FORMAT = "json"
SUFFIXES = (".json",)
_ESCAPE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.S)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_COLON = re.compile(r"\s*:\s*")
WORD_LEVEL_SHARE = 0.8  # segments of one word each, at least this share: the word-level variant
WORD_PAUSE = 1.0  # seconds: in an unpunctuated word-level file, a pause this long ends a paragraph


class _Located(str):
    """A JSON string value that knows where its content lies in the source."""

    start: int
    end: int


def _parse_string(s: str, end: int, strict: bool = True):
    value, after = scanstring(s, end, strict)
    located = _Located(value)
    located.start, located.end = end, after - 1
    return located, after


class DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list) -> dict:
    """An object whose keys are all different: with a key given twice, json keeps the
    last value silently, and the words of the first would lie unread inside a paragraph."""
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(key, value)
        seen[key] = value
    return seen


class _Decoder(JSONDecoder):
    def __init__(self):
        super().__init__(object_pairs_hook=_unique_keys)
        self.parse_string = _parse_string
        self.scan_once = py_make_scanner(self)


def sniff(text: str) -> bool:
    """A JSON object, or a list of objects (which read() then refuses with a reason)."""
    head = text.lstrip("\ufeff \t\r\n")
    return head.startswith("{") or (head.startswith("[") and head[1:].lstrip().startswith("{"))


def parse(text: str, path: object = ""):
    body = text.lstrip("\ufeff")
    skip = len(text) - len(body)
    try:
        value, end = _Decoder().raw_decode(text, skip + (len(body) - len(body.lstrip())))
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    except RecursionError:
        raise InputError(path, "not valid JSON for a transcript: nested too deeply") from None
    except DuplicateKey as exc:
        key, value = exc.args
        line = text.count("\n", 0, value.start) + 1 if isinstance(value, _Located) else None
        raise InputError(path, f"not valid JSON for a transcript: the key {key!r} appears twice in one object", line) from None
    if text[end:].strip():
        line = text.count("\n", 0, end) + 1
        raise InputError(path, "not valid JSON: extra data after the end of the document", line)
    return value


def read(text: str, path: object = "") -> Reading:
    data = parse(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise InputError(path, "JSON, but not a Podcasting 2.0 transcript: it has no \"segments\" list")
    units: list[Unit] = []
    for n, segment in enumerate(data["segments"], start=1):
        if not isinstance(segment, dict) or not isinstance(segment.get("body"), str):
            raise InputError(path, f"segment {n} of the transcript has no \"body\" text")
        body = segment["body"]
        builder = TextBuilder(text)
        _decode_into(builder, text, body.start, body.end, path, n)
        speaker = segment.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise InputError(path, f"segment {n}: \"speaker\" is not text")
        unit = Unit(body.start, builder, " ".join((speaker or "").split()) or None,
                    start_time=_time(segment, "startTime", n, path), end_time=_time(segment, "endTime", n, path),
                    ends_paragraph=body.rstrip(" \t").endswith("\n"))
        units.append(unit)
    bodies = [u.builder.text for u in units if u.builder.parts]
    word_level = bool(bodies) and sum(1 for b in bodies if len(b.split()) == 1) >= WORD_LEVEL_SHARE * len(bodies)
    if word_level and not cues.punctuated(units):
        paragraphs = cues.join_units(units, text, mode="pause", pause=WORD_PAUSE)
    else:
        paragraphs = cues.join_units(units, text)
    return Reading(FORMAT, paragraphs, layout="cues", merge_marked=True)


def _time(segment: dict, key: str, n: int, path: object) -> float | None:
    value = segment.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            value = None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise InputError(path, f"segment {n}: \"{key}\" is not a number of seconds")
    return round(float(value), 3)


def _decode_into(builder: TextBuilder, text: str, start: int, end: int, path: object, n: int) -> None:
    """A JSON string's content into a builder: plain runs copied, escapes decoded."""
    pos = start
    for m in _ESCAPE.finditer(text, start, end):
        builder.copy(pos, m.start())
        chars = json.loads(f'"{m.group(0)}"')
        if any(0xD800 <= ord(c) <= 0xDFFF for c in chars):
            raise InputError(path, f"segment {n}: body holds a lone surrogate escape {m.group(0)}")
        builder.decoded(chars, m.start(), m.end())
        pos = m.end()
    builder.copy(pos, end)


def decode(slice_: str) -> str:
    """The validation rule: the "body" strings that the slice holds, decoded and joined by a space.

    The slice starts inside a body string and ends inside one, so with a quote
    added at each end it is a run of JSON strings and syntax: the first string
    is a body, and after it only the strings of "body" keys of the segments
    count (at the depth of the first: not a "body" inside an object in a segment).
    """
    quoted = f'"{slice_}"'
    parts, before, depth = [], None, 0
    for m in _STRING.finditer(quoted):
        if before is not None:
            between = quoted[before.end():m.start()]
            key = before.group(0) == '"body"' and _COLON.fullmatch(between)
            depth += between.count("{") + between.count("[") - between.count("}") - between.count("]")
        if before is None or (key and depth == 0):
            try:
                parts.append(json.loads(m.group(0)))
            except json.JSONDecodeError:
                return "\ufffd"  # a broken string: no row's text can equal it
        before = m
    return " ".join(parts)
