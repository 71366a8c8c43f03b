"""Checks frictionless cannot do: offsets, paragraph coverage, reply order, hashes.

Pure functions over tables (lists of dicts of strings) and source texts.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, partial

from .readers import Format, decode_slice, parse_format
from .source import collapse_whitespace, sha256

# Tables whose rows quote the source, and the column that holds the quote.
QUOTING = {"segments": "text", "paragraphs": "text", "turns": "text", "links": "title", "figures": "text"}


def _int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_hashes(episodes: list[dict], read, first_row: int = 2) -> tuple[list[str], dict[str, str]]:
    """Compare each episode's files with their recorded hashes; return problems and texts by episode.
    `read(path)` returns the bytes, None for a missing file, or raises ValueError to refuse it.
    `first_row` is the row number of the first episode (2: the first data row of the file)."""
    problems, texts = [], {}
    for n, ep in enumerate(episodes, start=first_row):
        for path_col, hash_col in (("source_path", "source_sha256"), ("original_path", "original_sha256")):
            path = ep.get(path_col)
            if not path:
                continue
            try:
                data = read(path)
            except ValueError as exc:  # refused: outside the package, not a regular file, too big
                problems.append(f"episodes row {n} field {path_col}: {exc}")
                continue
            if data is None:
                problems.append(f"episodes row {n} field {path_col}: file {path} is missing")
            elif sha256(data) != ep.get(hash_col):
                problems.append(f"episodes row {n} field {hash_col}: {path} has sha256 {sha256(data)[:12]}…, not the recorded {ep.get(hash_col, '')[:12]}…")
            elif path_col == "source_path":
                try:
                    texts[ep["episode_id"]] = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    problems.append(f"episodes row {n} field {path_col}: {path} is not valid UTF-8 (byte offset {exc.start})")
    return problems, texts


# Tables whose rows span several paragraphs: outside plain text, markup lies between them.
SPANNING = ("segments", "turns")


def source_formats(episodes: list[dict]) -> dict[str, str]:
    """Each episode's source format; an unknown one is reported by frictionless (enum) and read as text here."""
    known = {f.value for f in Format}
    return {ep.get("episode_id", ""): ep.get("source_format") if ep.get("source_format") in known else "text" for ep in episodes}


def check_offsets(table: str, rows: list[dict], texts: dict[str, str], formats: dict[str, str] | None = None,
                  first_row: int = 2) -> list[str]:
    """Each row's text equals its slice of the source, read by the rule of the episode's format
    (see episodes.source_format). Segments and turns outside plain text: see check_spans.
    `first_row` is the row number of the first row."""
    column = QUOTING[table]
    formats = formats or {}
    spanning = table in SPANNING
    problems = []
    for n, row in enumerate(rows, start=first_row):
        eid = row.get("episode_id", "")
        text = texts.get(eid)
        if text is None:
            continue
        fmt = formats.get(eid, "text")
        if spanning and fmt != "text":
            continue
        start, end = _int(row.get("char_start")), _int(row.get("char_end"))
        if start is None or end is None:
            continue  # frictionless reports the broken integer
        if not 0 <= start < end <= len(text):
            problems.append(f"{table} row {n} field char_end: offsets [{start}, {end}) fall outside the source")
            continue
        words = text[start:end] if fmt == "text" else _decoder(fmt)(text[start:end])
        quote = row.get(column) or ""
        if words != quote and words.split() != quote.split():  # equal as written, or with whitespace collapsed
            rule = "" if fmt == "text" else f" read as {fmt}"
            problems.append(f"{table} row {n} field {column}: does not equal source[{start}:{end}]{rule}")
    return problems


@cache
def _decoder(fmt: str):
    """decode_slice for one format, looked up once."""
    return partial(decode_slice, parse_format(fmt))


def check_spans(table: str, rows: list[dict], paragraphs: list[dict], texts: dict[str, str], formats: dict[str, str],
                first_row: int = 2) -> list[str]:
    """Outside plain text, a segment's or turn's text is its paragraphs' words joined by newlines,
    from its char_start (after any label) to its last paragraph's char_end. (The paragraphs
    themselves are checked against the source by check_offsets.)"""
    by_position = defaultdict(dict)
    for p in paragraphs:
        position = _int(p.get("position"))
        if position is not None:
            by_position[p.get("episode_id")][position] = p
    problems = []
    for n, row in enumerate(rows, start=first_row):
        eid = row.get("episode_id", "")
        if formats.get(eid, "text") == "text" or eid not in texts:
            continue
        first, last = _int(row.get("paragraph_start")), _int(row.get("paragraph_end"))
        start, end = _int(row.get("char_start")), _int(row.get("char_end"))
        if None in (first, last, start, end):
            continue
        parts, final = [], None
        for position in range(first, last):
            p = by_position[eid].get(position)
            p_start, p_end = (_int(p.get("char_start")), _int(p.get("char_end"))) if p else (None, None)
            if p_start is None or p_end is None:
                parts = None
                break
            if p_end <= start:
                continue  # a label alone on its line, before the words
            words = p.get("text") or ""
            if p_start < start:  # a label in the paragraph's own text
                words = decode_slice(formats[eid], texts[eid][start:p_end])
            parts.append(words)
            final = p_end
        if parts is None or not parts:
            problems.append(f"{table} row {n} field paragraph_start: paragraphs [{first}, {last}) are missing or hold no words")
        elif final != end:
            problems.append(f"{table} row {n} field char_end: {end} is not the end of its last paragraph ({final})")
        elif collapse_whitespace("\n".join(parts)) != collapse_whitespace(row.get("text") or ""):
            problems.append(f"{table} row {n} field text: does not equal the words of its paragraphs {first} to {last - 1}")
    return problems


def check_coverage(episodes: list[dict], segments: list[dict], first_row: int = 2) -> list[str]:
    """Each episode's segments cover its paragraphs 0..paragraph_count once, in order.
    (Rows with broken integers are frictionless's to report; they are skipped here.)
    `first_row` is the row number of the first episode."""
    problems = []
    ranges = defaultdict(list)
    for row in segments:
        start, end = _int(row.get("paragraph_start")), _int(row.get("paragraph_end"))
        if start is not None and end is not None:
            ranges[row.get("episode_id")].append((start, end))
    for n, ep in enumerate(episodes, start=first_row):
        if _int(ep.get("paragraph_count")) is None:
            continue
        expected = 0
        for start, end in sorted(ranges[ep["episode_id"]]):
            if start != expected:
                word = "overlap" if start < expected else "gap"
                problems.append(f"segments: episode {ep['episode_id']} has a {word} in paragraph coverage at paragraph {min(start, expected)}")
            expected = max(expected, end)
        if expected != _int(ep["paragraph_count"]):
            problems.append(f"episodes row {n} field paragraph_count: segments cover {expected} paragraphs, not {ep['paragraph_count']}")
    return problems


def check_replies(turns: list[dict], first_row: int = 2) -> list[str]:
    """Each reply_to names an earlier turn of the same episode. `first_row` is the row number of the first turn."""
    position = {row.get("turn_id"): (row.get("episode_id"), _int(row.get("position"))) for row in turns}
    problems = []
    for n, row in enumerate(turns, start=first_row):
        target = row.get("reply_to")
        own = _int(row.get("position"))
        if not target or own is None:
            continue
        episode, pos = position.get(target, (None, None))
        if episode != row.get("episode_id") or pos is None or pos >= own:
            problems.append(f"turns row {n} field reply_to: {target} is not an earlier turn of the same episode")
    return problems


def figure_paragraph_problem(n: int, figure: dict, paragraph: dict | None) -> str | None:
    """A figure's text sits in its paragraph's words at paragraph_offset, exactly.

    `paragraph` is the whole row where the episode's format has markup or
    escapes; for plain text only its paragraph_id and char_start are needed,
    since there the words are the source slice (checked by check_offsets)."""
    offset, text = _int(figure.get("paragraph_offset")), figure.get("text") or ""
    if offset is None or paragraph is None:
        return None  # frictionless reports the broken integer or the foreign key
    if "text" in paragraph:
        right = (paragraph.get("text") or "")[offset:offset + len(text)] == text
    else:
        start, p_start = _int(figure.get("char_start")), _int(paragraph.get("char_start"))
        right = start is None or p_start is None or start - p_start == offset
    if right:
        return None
    return f"figures row {n} field paragraph_offset: the text is not at offset {offset} of paragraph {figure.get('paragraph_id')}"
