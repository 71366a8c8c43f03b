"""`companion validate`: frictionless on the whole package, then the checks in checks.py.

The package is untrusted input: sandbox.py checks every path and inlines
schemas and dialects before frictionless sees the descriptor; frictionless
runs untrusted and without network access; this module's own reads go
through the same checks. Tables are read row by row (only what the coverage
and reply checks need is kept), so memory stays small next to the files.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator

from . import checks
from .sandbox import MAX_SOURCE_BYTES, Refused, SafePackage, Table, check_package, inside
from .files import FileProblem, read_regular_file


def validate_package(descriptor: Path) -> list[str]:
    """Every problem found, one line each; an empty list means valid."""
    from .output import interrupted_rebuild

    if interrupted_rebuild(descriptor.parent):
        return [f"{descriptor.parent}: an in-place rebuild was interrupted part way; run companion build to complete it"]
    if not descriptor.exists():
        return [f"{descriptor}: no such file"]
    try:
        package = check_package(descriptor)
    except Refused as exc:
        return str(exc).splitlines()
    problems = _frictionless(package, descriptor.parent.resolve())
    problems += _own_checks(package, descriptor.parent.resolve())
    return problems


def _frictionless(package: SafePackage, root: Path) -> list[str]:
    from frictionless import FrictionlessException, Package, system

    problems = []
    try:
        with system.use_context(trusted=False, http_session=_no_network_session()):
            report = Package(package.descriptor, basepath=str(root)).validate()
    except FrictionlessException as exc:
        return [f"package: {exc.error.message}"]
    except Exception as exc:  # frictionless on a hostile package: a line, never a traceback
        return [f"package: frictionless could not validate it ({type(exc).__name__}: {exc})"]
    for error in report.errors:
        problems.append(f"package: {error.message}")
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", None) or [])
            where = task.name + (f" row {row}" if row else "") + (f" field {field}" if field else "")
            problems.append(f"{where}: {error.message}")
    return problems


def _no_network_session():
    """An HTTP session for frictionless that refuses every request: validate is offline."""
    import requests

    class NoNetwork(requests.Session):
        def request(self, method, url, *args, **kwargs):
            raise requests.ConnectionError(f"companion validate makes no network requests ({url})")

        def send(self, request, **kwargs):
            raise requests.ConnectionError(f"companion validate makes no network requests ({request.url})")

    return NoNetwork()


def _own_checks(package: SafePackage, root: Path) -> list[str]:
    """Offsets, coverage, reply order, hashes and RE2 patterns, reading each table once."""
    problems: list[str] = []
    tables = {t.name: t for t in package.tables}
    if "episodes" not in tables:
        return problems + ["package: no episodes table"]
    episodes = list(_rows(tables["episodes"], problems))

    def read(rel: str) -> bytes:
        try:
            return read_regular_file(inside(root, rel, MAX_SOURCE_BYTES), MAX_SOURCE_BYTES)
        except FileProblem as exc:  # removed since the check: report it as missing
            raise Refused(str(exc)) from None

    hash_problems, texts = checks.check_hashes(episodes, read)
    problems += hash_problems
    formats = checks.source_formats(episodes)
    spanned = {eid for eid, fmt in formats.items() if fmt != "text"}  # check_spans needs their whole rows
    keep = {"segments": ("episode_id", "paragraph_start", "paragraph_end"),
            "turns": ("turn_id", "episode_id", "position", "reply_to"), "paragraphs": ("paragraph_id", "char_start")}
    kept: dict[str, list[dict]] = {name: [] for name in keep}
    for name, table in tables.items():
        if name == "episodes":
            continue
        rows = _rows(table, problems)
        if name in keep:
            rows = _keeping(rows, keep[name], kept[name], spanned)
        if name == "figures":
            rows = _figures_in_paragraphs(rows, kept["paragraphs"], problems)
        if name in checks.QUOTING:
            problems += checks.check_offsets(name, rows, texts, formats)
        else:
            for _ in rows:
                pass
    for name in checks.SPANNING:
        if name in tables and spanned:
            problems += checks.check_spans(name, kept[name], kept["paragraphs"], texts, formats)
    if "segments" in tables:
        problems += checks.check_coverage(episodes, kept["segments"])
    if "turns" in tables:
        problems += checks.check_replies(kept["turns"])
    return problems


def _figures_in_paragraphs(rows: Iterator[dict], paragraphs: list[dict], problems: list[str]) -> Iterator[dict]:
    """Pass figures on, checking each against its paragraph (see checks.figure_paragraph_problem)."""
    by_id = {p.get("paragraph_id"): p for p in paragraphs}
    for n, row in enumerate(rows, start=2):
        problem = checks.figure_paragraph_problem(n, row, by_id.get(row.get("paragraph_id")))
        if problem:
            problems.append(problem)
        yield row


def _keeping(rows: Iterator[dict], columns: tuple[str, ...], into: list[dict], whole: set[str]) -> Iterator[dict]:
    """Pass rows on, keeping a few columns of each (all of them for the episodes in `whole`;
    a row that keeps no column is not kept)."""
    for row in rows:
        if row.get("episode_id") in whole:
            into.append(row)
        elif columns:
            into.append({c: row.get(c) for c in columns})
        yield row


def _rows(table: Table, problems: list[str]) -> Iterator[dict]:
    """A table's rows as dicts of strings, streamed from its file(s) (a
    multipart path is read as one stream); the RE2 patterns are checked on the way."""
    try:
        handle = io.TextIOWrapper(io.BufferedReader(_Concatenated(table.files)), encoding=table.encoding, newline="")
        csv.field_size_limit(1 << 30)
        reader = csv.DictReader(handle, delimiter=table.delimiter, quotechar=table.quotechar)
        for n, row in enumerate(reader, start=2):
            for name, pattern in table.patterns.items():
                value = row.get(name)
                if value and not pattern.fullmatch(value):
                    problems.append(f"{table.name} row {n} field {name}: {value[:40]!r} does not match the pattern {pattern.pattern[3:-1]!r}")
            yield row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(f"{table.name}: cannot read {table.files[0].name} ({exc})")


class _Concatenated(io.RawIOBase):
    """Several files read as one stream, as a multipart resource's parts are."""

    def __init__(self, paths: list[Path]):
        self._paths = list(paths)
        self._handle = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._handle is None:
                if not self._paths:
                    return 0
                self._handle = open(self._paths.pop(0), "rb")
            n = self._handle.readinto(buffer)
            if n:
                return n
            self._handle.close()
            self._handle = None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        super().close()
