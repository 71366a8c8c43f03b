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
    context_settings={"help_option_names": ["-h", "--help"]},
)

SOURCE_DIR = Path("data/source")
SPREADSHEET_ROWS = 1_048_575  # assemble.SPREADSHEET_ROWS, without importing it for --help
MAX_SHOWN = 10  # problems listed per table by `validate`; the count covers them all


def _readable_help() -> None:
    """Typer prints a type tag such as <list[Path]> or <bool> beside every
    parameter; show the metavar given here instead, and nothing for flags."""
    from typer import core

    def shown(self, ctx):
        if isinstance(self, core.TyperArgument):
            return None  # its name, in the first column, is its metavar
        return self.metavar  # None for flags

    for cls in (getattr(core, "TyperArgument", None), getattr(core, "TyperOption", None)):
        if cls is not None and hasattr(cls, "display_type_rich"):
            cls.display_type_rich = shown


_readable_help()


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"companion {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Build and check companion data packages for broadcast interviews.

    Example: companion build talk.txt --out talk-package && companion validate talk-package
    """


def _fail(message: str) -> None:
    typer.echo(f"error: {' '.join(message.splitlines())}", err=True)  # always one line
    raise typer.Exit(1)


def _format_names() -> list[str]:
    from .writers import WRITERS

    return list(WRITERS)


PACKAGE_PANEL = "Package metadata (over package.yaml or corpus.yaml next to the transcripts)"


@app.command()
def build(
    transcripts: Optional[List[Path]] = typer.Argument(
        None, metavar="TRANSCRIPT", show_default=False, help="Transcript files, or folders searched recursively for every format the readers know. "
        "Default: every data/source/*.txt, rebuilt in place."),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR", help="Folder for a self-contained package (replaced atomically, and only if companion wrote it)."),
    from_list: Optional[Path] = typer.Option(None, "--from-list", metavar="FILE", help="Also build the paths listed in FILE, one per line ('-': standard input)."),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Decode the transcripts with this encoding, e.g. cp1252 (default: UTF-8, or UTF-16/UTF-32 when a byte order mark says so; a transcript's NAME.yaml may set its own)."),
    created: Optional[str] = typer.Option(None, metavar="DATETIME", help="The package's 'created' timestamp (default: the latest broadcast date)."),
    force: bool = typer.Option(False, "--force", help="Replace the --out folder even if it holds files companion did not write (never one that holds .git, the current folder, the home folder or the inputs)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores). The package is the same for any number."),
    keep_going: bool = typer.Option(False, "--keep-going", help="Build the other transcripts when one is bad; list the bad ones in OUT.failures.csv and exit 1."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no low-confidence lines; warnings and errors still print."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache", metavar="DIR", help="Cache of built episodes (default: the user's cache folder)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build every episode afresh; read and write no cache."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Build the episodes on a Dask cluster (needs companion[dask]), e.g. tcp://10.0.0.5:8786."),
    max_rows: int = typer.Option(SPREADSHEET_ROWS, "--max-rows", min=1, help="Split a table into several CSV files past this many rows (default: what a spreadsheet opens)."),
    export: Optional[str] = typer.Option(
        None, "--export", metavar="FORMATS", help="Also write these exports into the package folder, comma-separated: " + ",".join(_format_names()) + "."
    ),
    name: Optional[str] = typer.Option(None, metavar="NAME", help="Package name: lower-case letters, digits, '.', '_', '-'.", rich_help_panel=PACKAGE_PANEL),
    title: Optional[str] = typer.Option(None, metavar="TEXT", help="Package title.", rich_help_panel=PACKAGE_PANEL),
    description: Optional[str] = typer.Option(None, metavar="TEXT", help="What the package holds.", rich_help_panel=PACKAGE_PANEL),
    package_version: Optional[str] = typer.Option(None, metavar="VERSION", help="Package version, such as 1.0.0.", rich_help_panel=PACKAGE_PANEL),
    license: Optional[List[str]] = typer.Option(None, metavar="ID", help="A license id such as CC-BY-4.0 (repeat for more). Default: none claimed.", rich_help_panel=PACKAGE_PANEL),
    contributor: Optional[List[str]] = typer.Option(None, metavar="NAME", help="A contributor's name (repeat for more).", rich_help_panel=PACKAGE_PANEL),
    keyword: Optional[List[str]] = typer.Option(None, metavar="WORD", help="A keyword (repeat for more).", rich_help_panel=PACKAGE_PANEL),
    homepage: Optional[str] = typer.Option(None, metavar="URL", help="The package's home page.", rich_help_panel=PACKAGE_PANEL),
    fmt: Optional[str] = typer.Option(
        None, "--format", metavar="FORMAT",
        help="Read the transcripts as this format: text, srt, webvtt (vtt), json (Podcasting 2.0), html, "
        "markdown (md), export (Otter, Descript, Rev). Default: detected from the content, the file suffix a hint."),
) -> None:
    """Build a data package from transcripts.

    Example: companion build talk.txt --out talk-package --license CC-BY-4.0 --export xlsx,sqlite
    (talk.yaml next to talk.txt, if present, is its metadata file; package.yaml
    in the same folder holds the package's name, title, version, licenses, contributors).

    Example: companion build archive/ --out archive-package --keep-going
    (every transcript under archive/, on every core, with a cache of built episodes;
    archive/corpus.yaml holds the package's metadata).

    Example: companion build episode.vtt --out episode-package (the format is detected).
    """
    from . import package_metadata
    from .assemble import Assembler, FolderSink, MemorySink
    from .cache import Cache, user_cache_dir
    from .corpus import build_corpus, collect, read_path_list
    from .errors import InputError
    from .output import finish_interrupted_rebuild, staged_package, stranded_in_place, update_in_place
    from .parallel import default_jobs
    from .progress import Progress
    from .readers import parse_format
    from .source import text_codec

    if created is not None and not _is_timestamp(created):
        _fail(f"--created {created!r} is not an ISO 8601 date-time such as 2021-06-11T00:00:00Z")
    if encoding is not None:
        try:
            text_codec(encoding)
        except ValueError as exc:
            _fail(f"--encoding: {exc}")
    formats = _formats(export)
    if fmt is not None:
        try:
            parse_format(fmt)
        except InputError as exc:
            _fail(str(exc))
    in_place = not transcripts and from_list is None
    if not in_place and out is None:
        _fail("give --out DIR when building named transcripts")
    if in_place and force:
        _fail("--force needs --out: an in-place rebuild never replaces files that are not the package's")
    warnings = []
    try:
        if in_place:
            if encoding is not None and text_codec(encoding).name != "utf-8":
                _fail("--encoding needs --out: the committed sources in data/source/ are UTF-8")
            if finish_interrupted_rebuild(Path.cwd()):
                warnings.append("completed the in-place rebuild that an interrupted build had begun")
            warnings += stranded_in_place(Path.cwd())
            paths = sorted(SOURCE_DIR.glob("*.txt"))
            if not paths:
                _fail(f"{SOURCE_DIR}: no transcripts (*.txt) to build")
            folders = []
        else:
            named = [*(transcripts or []), *(read_path_list(from_list) if from_list else [])]
            paths = collect(named)
            if not paths:
                _fail(f"{from_list}: lists no transcripts")
            folders = [p for p in named if p.is_dir()]  # corpus.yaml may sit at the top of one
        found = package_metadata.find(paths, folders)
        meta = package_metadata.read(found) if found else package_metadata.PackageMetadata()
        meta = package_metadata.with_options(
            meta,
            {"name": name, "title": title, "description": description, "version": package_version,
             "licenses": license, "contributors": contributor, "keywords": keyword, "homepage": homepage},
        )
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
            assembler.finish(created, meta)
            update_in_place(assembler.sink.close(), Path.cwd(), inputs=paths)
            where = Path(".")
        else:
            with staged_package(out, force=force, inputs=paths) as staging:
                sink = FolderSink(staging.folder)
                assembler = Assembler(sink, max_rows)
                try:
                    outcome = build_corpus(paths, assembler, **options)
                    if not outcome.built:
                        raise InputError(out, "no transcript could be built; the package was not written")
                    assembler.finish(created, meta)
                    staging.hashes = sink.close()
                finally:
                    sink.abort()
            warnings += staging.warnings
            where = out
    except InputError as exc:
        progress.close()
        if outcome is not None and outcome.failures:
            _write_failures(failures_file, outcome.failures)
        _fail(str(exc))
    progress.close()
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
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
    if formats:
        from .writers import default_out, read_package

        package = read_package(where / "datapackage.json")
        for export_format in formats:
            _export(export_format, package, default_out(export_format, package))
        if out is not None:  # the exports are files companion wrote into the package: the marker says so
            from .output import add_to_marker

            add_to_marker(out, [default_out(f, package) for f in formats])


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


def _formats(value: Optional[str]) -> list[str]:
    """The --export list, checked before anything is built."""
    from .writers import WRITERS

    formats = [f.strip() for f in (value or "").split(",") if f.strip()]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        _fail(f"--export: unknown format {unknown[0]!r} (known formats: {', '.join(sorted(WRITERS))})")
    return list(dict.fromkeys(formats))


def _export(fmt: str, package, out: Path) -> None:
    from .errors import InputError
    from .writers import export

    try:
        warnings = export(fmt, package, out)
    except InputError as exc:
        _fail(str(exc))
    for warning in warnings:
        typer.echo(f"warning: {out}: {warning}", err=True)
    typer.echo(f"wrote {out} ({fmt})")


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


def _export_help() -> str:
    return "Output format: " + ", ".join(_format_names()) + "."


@app.command()
def export(
    fmt: str = typer.Argument(..., metavar="FORMAT", help=_export_help(), show_default=False),
    package: Path = typer.Argument(Path("datapackage.json"), metavar="PACKAGE", help="The package's datapackage.json (or its folder). Default: datapackage.json.", show_default=False),
    out: Path = typer.Option(..., "--out", metavar="PATH", help="Where to write the export: a file (xlsx, sqlite) or a folder (parquet, convokit, html, podcasting20).", show_default=False),
) -> None:
    """Export a built package to another format (xlsx, sqlite, parquet, convokit and podcasting20 refuse a package that does not validate; html warns).

    Example: companion export xlsx talk-package --out talk.xlsx
    (an earlier export at PATH is replaced; any other file or folder there is left alone, with an error).
    """
    from .errors import InputError
    from .validate import validate_package
    from .writers import check_target, read_package, shape_problems, writer

    try:
        module = writer(fmt)
    except KeyError as exc:
        _fail(str(exc.args[0]))
    if package.is_dir():
        package = package / "datapackage.json"
    if not package.is_file():
        _fail(f"{package}: no such package")
    try:
        check_target(fmt, out, package.parent)  # cheap checks first
    except InputError as exc:
        _fail(str(exc))
    strict = getattr(module, "NEEDS_VALID_PACKAGE", False)
    problems = validate_package(package)
    if problems and strict:
        _fail(f"{package}: not a valid package ({len(problems)} problem(s), the first: {problems[0]}); see companion validate {package}")
    try:
        data = read_package(package, lenient=not strict)
    except InputError as exc:
        _fail(str(exc))
    shape = shape_problems(data) if strict else []
    if shape:
        _fail(f"{package}: not shaped as companion writes packages ({len(shape)} problem(s), the first: {shape[0]})")
    if problems:
        typer.echo(f"warning: {package}: does not validate ({len(problems)} problem(s), the first: {' '.join(problems[0].split())}); "
                   f"the {fmt} export shows it as it is", err=True)
    if data.odd_cells:
        typer.echo(f"warning: {package}: {data.odd_cells} cell(s) do not fit their column's type; left empty", err=True)
    _export(fmt, data, out)


def main() -> None:
    app()
