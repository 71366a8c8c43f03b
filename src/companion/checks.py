"""Checks frictionless cannot do: offsets, paragraph coverage, reply order, hashes.

Pure functions over tables (lists of dicts of strings) and source texts.
"""

from __future__ import annotations

from collections import defaultdict

from .source import collapse_whitespace, sha256

# Tables whose rows quote the source, and the column that holds the quote.
QUOTING = {"segments": "text", "paragraphs": "text", "turns": "text", "links": "title", "figures": "text"}


def _int(value: str | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_hashes(episodes: list[dict], read) -> tuple[list[str], dict[str, str]]:
    """Compare each episode's files with their recorded hashes; return problems and texts by episode.
    `read(path)` returns the bytes, None for a missing file, or raises ValueError to refuse it."""
    problems, texts = [], {}
    for n, ep in enumerate(episodes, start=2):
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


def check_offsets(table: str, rows: list[dict], texts: dict[str, str]) -> list[str]:
    column = QUOTING[table]
    problems = []
    for n, row in enumerate(rows, start=2):
        text = texts.get(row.get("episode_id", ""))
        if text is None:
            continue
        start, end = _int(row.get("char_start")), _int(row.get("char_end"))
        if start is None or end is None:
            continue  # frictionless reports the broken integer
        if not 0 <= start < end <= len(text):
            problems.append(f"{table} row {n} field char_end: offsets [{start}, {end}) fall outside the source")
        elif collapse_whitespace(text[start:end]) != collapse_whitespace(row.get(column) or ""):
            problems.append(f"{table} row {n} field {column}: does not equal source[{start}:{end}]")
    return problems


def check_coverage(episodes: list[dict], segments: list[dict]) -> list[str]:
    """Each episode's segments cover its paragraphs 0..paragraph_count once, in order.
    (Rows with broken integers are frictionless's to report; they are skipped here.)"""
    problems = []
    ranges = defaultdict(list)
    for row in segments:
        start, end = _int(row.get("paragraph_start")), _int(row.get("paragraph_end"))
        if start is not None and end is not None:
            ranges[row.get("episode_id")].append((start, end))
    for n, ep in enumerate(episodes, start=2):
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


def check_replies(turns: list[dict]) -> list[str]:
    position = {row.get("turn_id"): (row.get("episode_id"), _int(row.get("position"))) for row in turns}
    problems = []
    for n, row in enumerate(turns, start=2):
        target = row.get("reply_to")
        own = _int(row.get("position"))
        if not target or own is None:
            continue
        episode, pos = position.get(target, (None, None))
        if episode != row.get("episode_id") or pos is None or pos >= own:
            problems.append(f"turns row {n} field reply_to: {target} is not an earlier turn of the same episode")
    return problems
