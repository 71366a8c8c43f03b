"""Reading a transcript: bytes in, checked and decoded text out (the readers split it)."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass

from .errors import InputError

# Past this size a transcript is refused: the whole text, its paragraphs and
# every table are held in memory (see README, "Bad input").
MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Source:
    text: str  # what the offsets refer to
    raw: bytes  # the bytes as read
    encoding: str  # how raw was decoded

    @property
    def utf8(self) -> bytes:
        return self.text.encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_transcript(raw: bytes, path: object, encoding: str = "utf-8") -> Source:
    """Check and decode a transcript's bytes; raise InputError on bad input.

    The text keeps every character (BOM, CR, NBSP...): offsets refer to it as stored.
    """
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")
    if not raw:
        raise InputError(path, "file is empty")
    if b"\x00" in raw[:8192] or raw.startswith(b"%PDF"):
        raise InputError(path, "file looks binary (NUL bytes or a PDF header), not a text transcript")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        hint = " (use --encoding, e.g. --encoding cp1252, to decode it on purpose)" if encoding == "utf-8" else ""
        raise InputError(path, f"not valid {encoding}: byte 0x{raw[exc.start]:02x} at byte offset {exc.start}{hint}") from None
    if _control_share(text) > 0.05:
        raise InputError(path, "file looks binary (many control characters), not a text transcript")
    if not text.lstrip("\ufeff").strip():
        raise InputError(path, "file holds only whitespace")
    return Source(text=text, raw=raw, encoding=codecs.lookup(encoding).name)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, but not \t \n \v \f \r


def _control_share(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())
