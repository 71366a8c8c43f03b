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
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@app.command()
def build(
    transcripts: Optional[List[Path]] = typer.Argument(None, help="Transcript files (.txt). Default: every data/source/*.txt, rebuilt in place."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for a self-contained package (replaced atomically)."),
    encoding: str = typer.Option("utf-8", help="Decode the transcripts with this encoding, e.g. cp1252."),
    created: Optional[str] = typer.Option(None, help="The package's 'created' timestamp (default: the latest broadcast date)."),
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
    from .output import read_input, update_in_place, write_package
    from .package import build_files
    from .readers import parse_format

    if created is not None and not _is_timestamp(created):
        _fail(f"--created {created!r} is not an ISO 8601 date-time such as 2021-06-11T00:00:00Z")
    if fmt is not None:
        try:
            parse_format(fmt)
        except InputError as exc:
            _fail(str(exc))
    in_place = not transcripts
    if not in_place and out is None:
        _fail("give --out DIR when building named transcripts")
    if in_place:
        if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            _fail("--encoding needs --out: the committed sources in data/source/ are UTF-8")
        transcripts = sorted(SOURCE_DIR.glob("*.txt"))
        if not transcripts:
            _fail(f"{SOURCE_DIR}: no transcripts (*.txt) to build")
    try:
        files, reports = build_files([read_input(t) for t in transcripts], encoding=encoding, created=created, fmt=fmt)
        if out is not None:
            write_package(files, out)
            where = out
        else:
            update_in_place(files, Path.cwd())
            where = Path(".")
    except InputError as exc:
        _fail(str(exc))
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
