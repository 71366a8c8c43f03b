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
        None, metavar="TRANSCRIPT", help="Transcript files (.txt). Default: every data/source/*.txt, rebuilt in place.", show_default=False
    ),
    out: Optional[Path] = typer.Option(None, "--out", metavar="DIR", help="Folder for a self-contained package (replaced atomically, and only if companion wrote it)."),
    encoding: Optional[str] = typer.Option(None, metavar="ENCODING", help="Decode the transcripts with this encoding, e.g. cp1252 (default: UTF-8, or UTF-16/UTF-32 when a byte order mark says so)."),
    created: Optional[str] = typer.Option(None, metavar="DATETIME", help="The package's 'created' timestamp (default: the latest broadcast date)."),
    force: bool = typer.Option(False, "--force", help="Replace the --out folder even if it holds files companion did not write (never one that holds .git, the current folder, the home folder or the inputs)."),
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
    Example: companion build episode.vtt --out episode-package (the format is detected).
    """
    from . import package_metadata
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
    formats = _formats(export)
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
        found = package_metadata.find(transcripts)
        meta = package_metadata.read(found) if found else package_metadata.PackageMetadata()
        meta = package_metadata.with_options(
            meta,
            {"name": name, "title": title, "description": description, "version": package_version,
             "licenses": license, "contributors": contributor, "keywords": keyword, "homepage": homepage},
        )
        files, reports = build_files([read_input(t) for t in transcripts], encoding=encoding, created=created, fmt=fmt, package=meta)
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
    if formats:
        from .writers import default_out, read_package

        package = read_package(where / "datapackage.json")
        for export_format in formats:
            _export(export_format, package, default_out(export_format, package))
        if out is not None:  # the exports are files companion wrote into the package: the marker says so
            from .output import add_to_marker

            add_to_marker(out, [default_out(f, package) for f in formats])


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
