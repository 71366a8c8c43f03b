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
MAX_SHOWN = 10  # problems listed per table by `validate`; the count covers them all


def _fail(message: str) -> None:
    typer.echo(f"error: {' '.join(message.splitlines())}", err=True)  # always one line
    raise typer.Exit(1)


@app.command()
def build(
    transcripts: Optional[List[Path]] = typer.Argument(None, help="Transcript files (.txt). Default: every data/source/*.txt, rebuilt in place."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for a self-contained package (replaced atomically, and only if companion wrote it)."),
    encoding: Optional[str] = typer.Option(None, help="Decode the transcripts with this encoding, e.g. cp1252 (default: UTF-8, or UTF-16/UTF-32 when a byte order mark says so)."),
    created: Optional[str] = typer.Option(None, help="The package's 'created' timestamp (default: the latest broadcast date)."),
    force: bool = typer.Option(False, "--force", help="Replace the --out folder even if it holds files companion did not write (never one that holds .git, the current folder, the home folder or the inputs)."),
    fmt: Optional[str] = typer.Option(
        None, "--format", metavar="FORMAT",
        help="Read the transcripts as this format: text, srt, webvtt (vtt), json (Podcasting 2.0), html, "
        "markdown (md), export (Otter, Descript, Rev). Default: detected from the content, the file suffix a hint."),
) -> None:
    """Build a data package from transcripts.

    Example: companion build talk.txt --out talk-package
    (talk.yaml next to talk.txt, if present, is its metadata file).
    Example: companion build episode.vtt --out episode-package (the format is detected).
    """
    from .errors import InputError
    from .output import finish_interrupted_rebuild, read_input, stranded_in_place, update_in_place, write_package
    from .package import build_files
    from .readers import parse_format
    from .source import text_codec

    if created is not None and not _is_timestamp(created):
        _fail(f"--created {created!r} is not an ISO 8601 date-time such as 2021-06-11T00:00:00Z")
    if encoding is not None:
        try:
            text_codec(encoding)
        except ValueError as exc:
            _fail(f"--encoding: {exc}")
    if fmt is not None:
        try:
            parse_format(fmt)
        except InputError as exc:
            _fail(str(exc))
    in_place = not transcripts
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
            transcripts = sorted(SOURCE_DIR.glob("*.txt"))
            if not transcripts:
                _fail(f"{SOURCE_DIR}: no transcripts (*.txt) to build")
        files, reports = build_files([read_input(t) for t in transcripts], encoding=encoding, created=created, fmt=fmt)
        if out is not None:
            warnings += write_package(files, out, force=force, inputs=transcripts)
            where = out
        else:
            update_in_place(files, Path.cwd(), inputs=transcripts)
            where = Path(".")
    except InputError as exc:
        _fail(str(exc))
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path, report in zip(transcripts, reports):
        if report.summary:
            typer.echo(f"{path}: {report.summary}", err=True)
        for warning in report.warnings:
            typer.echo(f"warning: {path}: {warning}", err=True)
        for line in report.low_confidence:
            typer.echo(f"low confidence: {path}: {line}", err=True)
        if report.annotated:
            typer.echo(
                f"{path}: {report.annotated} annotated paragraph(s); inference alone got "
                f"{report.annotated_inferred_right} of them right", err=True)
    typer.echo(f"built {where / 'datapackage.json'} from {len(transcripts)} transcript(s)")


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
