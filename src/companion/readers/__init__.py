"""Readers: one module per transcript format, each turning decoded text into paragraphs.

Like sqlite-utils' `rows_from_file`: one entry point, `read_transcript`, with a
`Format` enum; the rest of the pipeline does not care which reader ran. Each
reader module has FORMAT, SUFFIXES, `sniff(text)` (does the content show this
format's signature?), `read(text, path) -> Reading`, and `decode(slice)`: the
rule `companion validate` applies to check a paragraph's text against its
slice of the source.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from types import ModuleType

from ..errors import InputError
from . import export, markdown, podcast_html, podcast_json, srt, webvtt
from . import text as _text
from .base import Paragraph, Reading

__all__ = ["Format", "Paragraph", "Reading", "decode_slice", "detect_format", "parse_format", "read_paragraphs", "read_transcript", "source_suffix"]


class Format(str, Enum):
    TEXT = "text"
    SRT = "srt"
    WEBVTT = "webvtt"
    JSON = "json"
    HTML = "html"
    MARKDOWN = "markdown"
    EXPORT = "export"


class _PlainText:
    """The plain-text reader (readers/text.py) behind the same interface as the others."""

    FORMAT = "text"
    SUFFIXES = (".txt",)

    @staticmethod
    def sniff(text: str) -> bool:
        return True

    @staticmethod
    def read(text: str, path: object = "") -> Reading:
        return Reading("text", _text.read(text), layout="page")

    @staticmethod
    def decode(slice_: str) -> str:
        return slice_


READERS: dict[Format, ModuleType] = {
    Format.TEXT: _PlainText, Format.SRT: srt, Format.WEBVTT: webvtt, Format.JSON: podcast_json,
    Format.HTML: podcast_html, Format.MARKDOWN: markdown, Format.EXPORT: export,
}
# Other names a person may give with --format.
ALIASES = {"txt": Format.TEXT, "vtt": Format.WEBVTT, "md": Format.MARKDOWN, "htm": Format.HTML,
           "otter": Format.EXPORT, "descript": Format.EXPORT, "rev": Format.EXPORT}
# Formats whose signature in the content is unmistakable, tried first and in this order.
_SIGNED = (Format.WEBVTT, Format.JSON, Format.HTML, Format.SRT)
# Line-based formats recognised by their speaker lines; plain text is what is left.
_LINES = (Format.EXPORT, Format.MARKDOWN)
_BY_SUFFIX = {suffix: fmt for fmt, module in READERS.items() for suffix in module.SUFFIXES}
_SIGNATURE = {
    Format.WEBVTT: "a first line 'WEBVTT'",
    Format.JSON: "a JSON object",
    Format.HTML: "HTML tags such as <p> or <cite>",
    Format.SRT: "a '00:00:01,000 --> 00:00:04,000' timing line",
}


# The suffix a transcript keeps inside a package (data/source/NAME.srt).
_SOURCE_SUFFIX = {Format.TEXT: ".txt", Format.SRT: ".srt", Format.WEBVTT: ".vtt", Format.JSON: ".json",
                  Format.HTML: ".html", Format.MARKDOWN: ".md", Format.EXPORT: ".txt"}


def source_suffix(fmt: Format | str) -> str:
    return _SOURCE_SUFFIX[parse_format(fmt)]


def parse_format(name: str | Format, path: object = "--format") -> Format:
    if isinstance(name, Format):
        return name
    key = str(name).strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return Format(key)
    except ValueError:
        known = ", ".join(f.value for f in Format)
        raise InputError(path, f"unknown format {name!r} (known formats: {known}; also vtt, md, otter, descript, rev)") from None


def detect_format(text: str, suffix: str = "", path: object = "") -> Format:
    """The format of a decoded transcript, from its content, with the file suffix as a hint.

    A signature in the content wins over the suffix (an SRT file named .txt is
    SRT). A suffix that promises a signed format the content lacks, or content
    that fits two line-based formats that the suffix does not settle, is an
    error that names the formats tried.
    """
    hinted = _BY_SUFFIX.get(suffix.lower())
    for fmt in _SIGNED:
        if READERS[fmt].sniff(text):
            return fmt
    tried = ", ".join(f.value for f in (*_SIGNED, *_LINES, Format.TEXT))
    if hinted in _SIGNED:
        raise InputError(path, f"the name says {hinted.value}, but the content does not start like it "
                         f"({_SIGNATURE[hinted]}); formats tried: {tried}; give --format to choose")
    matches = [fmt for fmt in _LINES if READERS[fmt].sniff(text)]
    if len(matches) > 1 and hinted in matches:
        return hinted
    if len(matches) > 1:
        both = " and ".join(f.value for f in matches)
        raise InputError(path, f"ambiguous format: the content looks like {both}; formats tried: {tried}; give --format to choose")
    if matches:
        return matches[0]
    return hinted if hinted == Format.MARKDOWN else Format.TEXT


def read_transcript(text: str, fmt: Format | str = Format.TEXT, path: object = "") -> Reading:
    """The paragraphs and episode facts of a transcript read as `fmt`."""
    reading = READERS[parse_format(fmt, path)].read(text, path)
    if not reading.paragraphs:
        reading = replace(reading, warnings=(*reading.warnings, f"no words found in this {reading.format} file; the package has no paragraphs"))
    return reading


def read_paragraphs(text: str, fmt: Format | str = Format.TEXT, path: object = "") -> list[Paragraph]:
    return read_transcript(text, fmt, path).paragraphs


def decode_slice(fmt: Format | str, slice_: str) -> str:
    """What a row's text must equal (whitespace collapsed) for this slice of a source in `fmt`."""
    return READERS[parse_format(fmt)].decode(slice_)
