"""The `companion` command: thin wrappers over the library.

Heavy libraries (frictionless, pandas) are imported inside the commands, so
that `companion --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build and check companion data packages for broadcast interviews.\n\n"
    "Example: companion build talk.txt --out talk-package && companion validate talk-package",
)

SOURCE_DIR = Path("data/source")
SPREADSHEET_ROWS = 1_048_575  # assemble.SPREADSHEET_ROWS, without importing it for --help
MAX_SHOWN = 10  # problems listed per table by `validate`; the count covers them all


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command()
def build(
    transcripts: Optional[List[Path]] = typer.Argument(
        None, help="Transcript files, or folders searched recursively for every format the readers know. "
        "Default: every data/source/*.txt, rebuilt in place."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for a self-contained package (replaced atomically)."),
    from_list: Optional[Path] = typer.Option(None, "--from-list", metavar="FILE", help="Also build the paths listed in FILE, one per line ('-': standard input)."),
    encoding: str = typer.Option("utf-8", help="Decode the transcripts with this encoding, e.g. cp1252 (a transcript's NAME.yaml may set its own)."),
    created: Optional[str] = typer.Option(None, help="The package's 'created' timestamp (default: the latest broadcast date)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores). The package is the same for any number."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Build the other transcripts when one is bad; list the bad ones in OUT.failures.csv and exit 1."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no low-confidence lines; warnings and errors still print."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache", metavar="DIR", help="Cache of built episodes (default: the user's cache folder)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build every episode afresh; read and write no cache."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Build the episodes on a Dask cluster (needs companion[dask]), e.g. tcp://10.0.0.5:8786."),
    max_rows: int = typer.Option(SPREADSHEET_ROWS, "--max-rows", min=1, help="Split a table into several CSV files past this many rows (default: what a spreadsheet opens)."),
    fmt: Optional[str] = typer.Option(
        None, "--format", metavar="FORMAT",
        help="Read the transcripts as this format: text, srt, webvtt (vtt), json (Podcasting 2.0), html, "
        "markdown (md), export (Otter, Descript, Rev). Default: detected from the content, the file suffix a hint."),
) -> None:
    """Build a data package from transcripts.

    Example: companion build talk.txt --out talk-package
    (talk.yaml next to talk.txt, if present, is its metadata file).

    Example: companion build archive/ --out archive-package --keep-going
    (every transcript under archive/, on every core, with a cache of built episodes).

    Example: companion build episode.vtt --out episode-package (the format is detected).
    """
    from .assemble import Assembler, FolderSink, MemorySink
    from .cache import Cache, user_cache_dir
    from .corpus import build_corpus, collect, read_path_list
    from .errors import InputError
    from .output import staged_package, update_in_place
    from .parallel import default_jobs
    from .progress import Progress
    from .readers import parse_format

    if created is not None and not _is_timestamp(created):
        _fail(f"--created {created!r} is not an ISO 8601 date-time such as 2021-06-11T00:00:00Z")
    if fmt is not None:
        try:
            parse_format(fmt)
        except InputError as exc:
            _fail(str(exc))
    in_place = not transcripts and from_list is None
    if not in_place and out is None:
        _fail("give --out DIR when building named transcripts")
    try:
        if in_place:
            if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
                _fail("--encoding needs --out: the committed sources in data/source/ are UTF-8")
            paths = sorted(SOURCE_DIR.glob("*.txt"))
            if not paths:
                _fail(f"{SOURCE_DIR}: no transcripts (*.txt) to build")
        else:
            paths = collect([*(transcripts or []), *(read_path_list(from_list) if from_list else [])])
            if not paths:
                _fail(f"{from_list}: lists no transcripts")
        cache = None if no_cache else Cache(cache_dir or user_cache_dir())
        if cache is not None and out is not None and _inside(cache.folder, out):
            _fail(f"--cache {cache.folder} is inside the package folder {out}; put the cache elsewhere")
        failures_file = _failures_file(out)
    except InputError as exc:
        _fail(str(exc))

    progress = Progress(len(paths), sum(_size(p) for p in paths), quiet=quiet)

    def on_episode(path: Path, output, size: int) -> None:
        if output is not None:
            report = output.report
            if report.summary and not quiet:
                progress.echo(f"{path}: {report.summary}")
            for warning in report.warnings:
                progress.echo(f"warning: {path}: {warning}")
            if not quiet:
                for line in report.low_confidence:
                    progress.echo(f"low confidence: {path}: {line}")
            if report.annotated:
                progress.echo(f"{path}: {report.annotated} annotated paragraph(s); inference alone got "
                              f"{report.annotated_inferred_right} of them right")
        progress.advance(size)

    def on_failure(path: str, line: Optional[int], problem: str) -> None:
        progress.echo(f"error: {path}{f':{line}' if line else ''}: {problem}")

    options = dict(encoding=encoding, fmt=fmt, jobs=jobs or default_jobs(), keep_going=keep_going, cache=cache,
                   scheduler=scheduler, on_episode=on_episode, on_failure=on_failure)
    outcome = None
    try:
        if in_place:
            assembler = Assembler(MemorySink(), max_rows)
            outcome = build_corpus(paths, assembler, **options)
            if not outcome.built:
                raise InputError(SOURCE_DIR, "no transcript could be built; the package was not written")
            assembler.finish(created)
            update_in_place(assembler.sink.close(), Path.cwd())
            where = Path(".")
        else:
            with staged_package(out) as staging:
                sink = FolderSink(staging.folder)
                assembler = Assembler(sink, max_rows)
                try:
                    outcome = build_corpus(paths, assembler, **options)
                    if not outcome.built:
                        raise InputError(out, "no transcript could be built; the package was not written")
                    assembler.finish(created)
                    staging.hashes = sink.close()
                finally:
                    sink.abort()
            where = out
    except InputError as exc:
        progress.close()
        if outcome is not None and outcome.failures:
            _write_failures(failures_file, outcome.failures)
        _fail(str(exc))
    progress.close()
    if cache is not None and cache.problem:
        typer.echo(f"warning: {cache.problem}", err=True)
    if outcome.failures:
        _write_failures(failures_file, outcome.failures)
        named = ", ".join(Path(f[0]).name for f in outcome.failures[:5]) + (", ..." if len(outcome.failures) > 5 else "")
        typer.echo(f"{outcome.built} built, {len(outcome.failures)} failed: {named} (all in {failures_file})", err=True)
        raise typer.Exit(1)
    _remove_old_failures(failures_file)
    cached = f" ({outcome.cached} from the cache)" if outcome.cached else ""
    typer.echo(f"built {where / 'datapackage.json'} from {outcome.built} transcript(s){cached}")


FAILURES_HEADER = b"path,line,problem\n"


def _failures_file(out: Optional[Path]) -> Path:
    """Beside the package, never inside it: OUT.failures.csv (failures.csv for the in-place build).
    A file of that name that companion did not write is never replaced."""
    path = out.parent / f"{out.name}.failures.csv" if out is not None else Path("failures.csv")
    if path.exists() and not _ours(path):
        from .errors import InputError

        raise InputError(path, "exists and is not a failures list companion wrote; move it away (--keep-going writes its failures there)")
    return path


def _ours(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(FAILURES_HEADER)) == FAILURES_HEADER
    except OSError:
        return False


def _write_failures(path: Path, failures: list) -> None:
    import csv
    import io

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["path", "line", "problem"])
    for failed_path, line, problem in failures:
        writer.writerow([failed_path, line or "", problem])
    try:
        path.write_text(text.getvalue(), encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: {path}: cannot write the failures list ({exc.strerror})", err=True)


def _remove_old_failures(path: Path) -> None:
    if path.is_file() and _ours(path):
        path.unlink()


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _is_timestamp(value: str) -> bool:
    import datetime as dt

    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value


@app.command()
def validate(
    path: Path = typer.Argument(Path("datapackage.json"), help="The package's datapackage.json (or its folder)."),
) -> None:
    """Validate a package: frictionless (foreign keys included), offsets, coverage, reply order, hashes.

    Example: companion validate talk-package/datapackage.json
    """
    from .validate import validate_package

    if path.is_dir():
        path = path / "datapackage.json"
    problems = validate_package(path)
    shown: dict[str, int] = {}
    for problem in problems:
        table = problem.split(" ", 1)[0].rstrip(":")
        shown[table] = shown.get(table, 0) + 1
        if shown[table] <= MAX_SHOWN:
            typer.echo(f"  - {problem}", err=True)
    for table, count in shown.items():
        if count > MAX_SHOWN:
            typer.echo(f"  ... and {count - MAX_SHOWN} more problem(s) in {table}", err=True)
    if problems:
        typer.echo(f"{path}: INVALID, {len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{path}: valid")


@app.command()
def export(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="Output format (see the list below)."),
    package: Path = typer.Argument(Path("datapackage.json"), metavar="PACKAGE", help="The package's datapackage.json (or its folder)."),
    out: Path = typer.Option(..., "--out", metavar="PATH", help="Where to write the export."),
) -> None:
    """Export a built package to another format.

    Example: companion export xlsx talk-package --out talk.xlsx
    """
    from .writers import WRITERS, read_package, writer

    try:
        module = writer(fmt)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    if package.is_dir():
        package = package / "datapackage.json"
    if not package.is_file():
        _fail(f"{package}: no such package")
    from .errors import InputError

    try:
        module.write(read_package(package), out)
    except InputError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {out} ({fmt})")


def main() -> None:
    app()
