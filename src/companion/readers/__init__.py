"""Readers: one module per transcript format, each turning decoded text into paragraphs.

Like sqlite-utils' `rows_from_file`: one entry point, `read_paragraphs`, with a
`Format` enum; the rest of the pipeline does not care which reader ran.
"""

from __future__ import annotations

from enum import Enum

from ..errors import InputError
from . import text as _text
from .base import Paragraph

__all__ = ["Format", "Paragraph", "detect_format", "read_paragraphs"]


class Format(str, Enum):
    TEXT = "text"


_READERS = {Format.TEXT: _text.read}


def detect_format(text: str, suffix: str = "", path: object = "") -> Format:
    """The format of a decoded transcript, from its content, with the file suffix as a hint."""
    return Format.TEXT


def read_paragraphs(text: str, fmt: Format | str = Format.TEXT, path: object = "") -> list[Paragraph]:
    try:
        fmt = Format(fmt)
    except ValueError:
        known = ", ".join(f.value for f in Format)
        raise InputError(path, f"unknown format {fmt!r} (known formats: {known})") from None
    return _READERS[fmt](text)
