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
    """Offsets, coverage, reply order, hashes and RE2 patterns.

    A package's tables list each episode's rows together, in the order of the
    episodes table (companion writes them so), which lets every table be read
    in step, one episode at a time: memory holds one episode's rows and
    source, whatever the size of the package. A package whose rows are in
    another order (edited by hand, say) is checked as a whole instead."""
    tables = {t.name: t for t in package.tables}
    if "episodes" not in tables:
        return ["package: no episodes table"]
    problems = _by_episode(tables, root)
    return problems if problems is not None else _whole(tables, root)


def _source_reader(root: Path):
    def read(rel: str) -> bytes:
        try:
            return read_regular_file(inside(root, rel, MAX_SOURCE_BYTES), MAX_SOURCE_BYTES)
        except FileProblem as exc:  # removed since the check: report it as missing
            raise Refused(str(exc)) from None

    return read


def _by_episode(tables: dict[str, Table], root: Path) -> list[str] | None:
    """The checks, one episode at a time; None when the tables are not in episode order.
    Problems are listed in the order _whole lists them."""
    others = [name for name in tables if name != "episodes"]
    order = ["rows episodes", "hashes"]
    for name in others:
        order += [f"rows {name}", *(["figures-paragraphs"] if name == "figures" else []), f"offsets {name}"]
    order += [f"spans {name}" for name in checks.SPANNING] + ["coverage", "replies"]
    found: dict[str, list[str]] = {key: [] for key in order}
    episodes = list(_rows(tables["episodes"], found["rows episodes"]))
    if len({e.get("episode_id") for e in episodes}) != len(episodes):
        return None  # an episode listed twice: its rows cannot be taken in step
    formats = checks.source_formats(episodes)
    read = _source_reader(root)
    runs = {name: _Runs(_rows(tables[name], found[f"rows {name}"])) for name in others}
    empty = (0, [])
    for n, episode in enumerate(episodes, start=2):
        eid = episode.get("episode_id", "")
        hash_problems, texts = checks.check_hashes([episode], read, first_row=n)
        found["hashes"] += hash_problems
        taken = {name: run.take(eid) for name, run in runs.items()}
        paragraphs = taken.get("paragraphs", empty)[1]
        for name, (first, rows) in taken.items():
            if name in checks.QUOTING and rows:
                found[f"offsets {name}"] += checks.check_offsets(name, rows, texts, formats, first_row=first)
        first, figures = taken.get("figures", empty)
        if figures:
            by_id = {p.get("paragraph_id"): p for p in paragraphs}
            for m, row in enumerate(figures, start=first):
                problem = checks.figure_paragraph_problem(m, row, by_id.get(row.get("paragraph_id")))
                if problem:
                    found["figures-paragraphs"].append(problem)
        if formats.get(eid, "text") != "text":
            for name in checks.SPANNING:
                first, rows = taken.get(name, empty)
                if rows:
                    found[f"spans {name}"] += checks.check_spans(name, rows, paragraphs, texts, formats, first_row=first)
        if "segments" in tables:
            found["coverage"] += checks.check_coverage([episode], taken["segments"][1], first_row=n)
        if "turns" in tables:
            first, turns = taken["turns"]
            found["replies"] += checks.check_replies(turns, first_row=first)
    if any(not run.done for run in runs.values()):
        for run in runs.values():
            run.close()
        return None  # rows left over: not in episode order, or of an unknown episode
    return [problem for key in order for problem in found[key]]


class _Runs:
    """A table's rows, one episode's run of consecutive rows at a time."""

    def __init__(self, rows: Iterator[dict]):
        self._rows = rows
        self._next = next(rows, None)
        self._number = 2  # the row number of self._next

    def take(self, episode_id: str) -> tuple[int, list[dict]]:
        """(row number of the first, rows) of the run of `episode_id`, if it comes next."""
        first, taken = self._number, []
        while self._next is not None and self._next.get("episode_id") == episode_id:
            taken.append(self._next)
            self._next = next(self._rows, None)
            self._number += 1
        return first, taken

    @property
    def done(self) -> bool:
        return self._next is None

    def close(self) -> None:
        self._rows.close()


def _whole(tables: dict[str, Table], root: Path) -> list[str]:
    """The checks over whole tables, for rows in any order: keeps what the
    cross-table checks need (a few columns of segments, turns and paragraphs)."""
    problems: list[str] = []
    episodes = list(_rows(tables["episodes"], problems))
    hash_problems, texts = checks.check_hashes(episodes, _source_reader(root))
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
        reader = csv.reader(handle, delimiter=table.delimiter, quotechar=table.quotechar)
        names = next(reader, None)  # the header; then rows as csv.DictReader makes them, without its overhead
        if names is None:
            return
        width, patterns, n = len(names), list(table.patterns.items()), 1
        for values in reader:
            if not values:
                continue  # a blank line
            n += 1
            row = dict(zip(names, values))
            if len(values) != width:
                if len(values) > width:
                    row[None] = values[width:]
                else:
                    row.update(dict.fromkeys(names[len(values):]))
            for name, pattern in patterns:
                value = row.get(name)
                if value and not pattern.fullmatch(value):
                    problems.append(f"{table.name} row {n} field {name}: {value[:40]!r} does not match the pattern {pattern.pattern[3:-1]!r}")
            yield row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(f"{table.name}: cannot read {table.files[0].name} ({exc})")


class _Concatenated(io.RawIOBase):
    """Several files read as one stream, as a multipart resource's parts are:
    each part after the first starts with the header row, which is skipped (its
    first line, as frictionless skips it; datapackage-py skips it too)."""

    def __init__(self, paths: list[Path]):
        self._paths = list(paths)
        self._handle = None
        self._first = True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._handle is None:
                if not self._paths:
                    return 0
                self._handle = open(self._paths.pop(0), "rb")
                if not self._first:
                    self._handle.readline()  # the part's header row
                self._first = False
            n = self._handle.readinto(buffer)
            if n:
                return n
            self._handle.close()
            self._handle = None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        super().close()
