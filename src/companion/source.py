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

# Codecs that Python files under "text encodings" but that do not read a file's
# characters: they interpret escapes or serve domain names, or always fail.
NOT_FILE_ENCODINGS = {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}

# Byte order marks, longest first (a UTF-32-LE mark starts like a UTF-16-LE one).
# UTF-8's mark is left alone: the file stays UTF-8 and the mark stays in the text.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def text_codec(encoding: str) -> codecs.CodecInfo:
    """The codec for a file's character encoding; ValueError names why it is not one."""
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise ValueError(f"unknown encoding {encoding!r}") from None
    if not getattr(codec, "_is_text_encoding", True) or codec.name in NOT_FILE_ENCODINGS:
        raise ValueError(f"{encoding!r} is not a character encoding of text files; name one such as cp1252, latin-1 or utf-16")
    return codec


def detect_encoding(raw: bytes) -> str:
    """UTF-16 or UTF-32 when the bytes open with their byte order mark, else UTF-8."""
    return next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")


def decode_transcript(raw: bytes, path: object, encoding: str | None = None) -> Source:
    """Check and decode a transcript's bytes; raise InputError on bad input.

    `encoding` None means UTF-8, or UTF-16/UTF-32 when a byte order mark says so.
    The text keeps every character (BOM, CR, NBSP...): offsets refer to it as stored.
    """
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")
    if not raw:
        raise InputError(path, "file is empty")
    named = encoding is not None
    try:
        codec = text_codec(encoding if named else detect_encoding(raw))
    except ValueError as exc:
        raise InputError(path, str(exc)) from None
    if raw.startswith(b"%PDF"):
        raise InputError(path, "file looks binary (a PDF header), not a text transcript")
    if codec.name not in _WIDE and b"\x00" in raw:  # UTF-16/32 text is full of NUL bytes: checked after decoding
        raise InputError(path, f"file looks binary (a NUL byte at byte offset {raw.index(0)}), not a text transcript")
    try:
        text = raw.decode(codec.name)
    except UnicodeError as exc:
        raise InputError(path, _decode_problem(raw, codec.name, exc, named)) from None
    bad = _SURROGATE.search(text)
    if bad:  # utf-7 and friends can spell half a character, which no file can store
        raise InputError(path, f"not valid {codec.name}: it decodes to an unpaired surrogate at character {bad.start()}")
    if "\x00" in text:
        raise InputError(path, f"file looks binary (a NUL character at character {text.index(chr(0))}), not a text transcript")
    if _control_share(text) > 0.05:
        raise InputError(path, "file looks binary (many control characters), not a text transcript")
    if not text.lstrip("\ufeff").strip():
        raise InputError(path, "file holds only whitespace")
    return Source(text=text, raw=raw, encoding=codec.name)


def _decode_problem(raw: bytes, name: str, exc: UnicodeError, named: bool) -> str:
    hint = "" if named else " (use --encoding, e.g. --encoding cp1252, to decode it on purpose)"
    start = getattr(exc, "start", None)
    if isinstance(start, int) and 0 <= start < len(raw):
        return f"not valid {name}: byte 0x{raw[start]:02x} at byte offset {start}{hint}"
    reason = getattr(exc, "reason", None) or str(exc)
    return f"not valid {name}: {reason}{hint}"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below 32, but not \t \n \v \f \r


def _control_share(text: str) -> float:
    sample = text[:65536]
    return len(_CONTROL.findall(sample)) / max(len(sample), 1)


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())
