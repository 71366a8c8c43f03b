"""Writers: one module per output format, behind one small interface.

A writer renders; it never touches the disk. Each module in this folder has:

- `DESCRIPTION`: one line;
- `OUTPUT`: "file" (one file: xlsx, sqlite) or "folder" (parquet, convokit,
  html, podcasting20);
- `render(package: PackageData, out: Path) -> Export`: the export's bytes, a
  pure function of the package (`out` is where it will be placed; only the page
  uses it, for relative links to the package's files);
- for a "file" writer, `is_earlier_export(path) -> bool`: whether an existing
  file is an earlier export of this format (its content shows it);
- optional `OUT_NAME`: the name `companion build --export` gives the export
  inside the package folder, `{name}` standing for the package's name
  (default `{name}-FORMAT`);
- optional `NEEDS_VALID_PACKAGE = True`: `companion export` refuses a package
  that does not validate (the data exports: they promise every row and value,
  typed). Without it (the page) the export is written with a warning.

`export()` places every writer's output by one rule, output.py's:
- a folder export is written like a package (output.write_package): a marker
  file (`.companion-package.json`) lists every file written, an existing
  folder is replaced only while it holds exactly those files, unchanged (else
  the refusal names the first other file), in one atomic swap, with fixed file
  modes, never the current folder or one that holds it;
- a file export (output.write_file) replaces only an earlier export of the
  same format, through a temporary file renamed over it, mode 0644;
- neither ever replaces the package's own folder, or a folder that holds it.
`companion export` has no --force: an export replaces only its own earlier output.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from ..errors import InputError
from .tables import PackageData, read_package, shape_problems

__all__ = ["WRITERS", "Export", "PackageData", "check_target", "default_out", "export", "read_package", "shape_problems", "writer"]

# format name -> module name in this folder
WRITERS: dict[str, str] = {
    "xlsx": "xlsx",
    "sqlite": "sqlite",
    "parquet": "parquet",
    "convokit": "convokit",
    "html": "html",
    "podcasting20": "podcasting20",
}
INSTALL_HINT = "pip install 'companion[export]'"


@dataclass(frozen=True)
class Export:
    """What a writer renders: one file's bytes (`file`) or a folder's files
    (`files`: relative path -> bytes), and warnings for the command to print."""

    file: bytes | None = None
    files: dict[str, bytes] | None = None
    warnings: tuple[str, ...] = ()


def writer(fmt: str) -> ModuleType:
    if fmt not in WRITERS:
        known = ", ".join(sorted(WRITERS)) or "none yet"
        raise KeyError(f"unknown export format {fmt!r} (known formats: {known})")
    return importlib.import_module(f"{__name__}.{WRITERS[fmt]}")


def default_out(fmt: str, package: PackageData) -> Path:
    """Where `companion build --export` puts an export: inside the package folder."""
    template = getattr(writer(fmt), "OUT_NAME", "{name}-" + fmt)
    return package.root / template.format(name=package.descriptor.get("name") or "package")


def check_target(fmt: str, out: Path, package_root: Path | None = None) -> None:
    """Refuse an unknown format (KeyError), and a target that export() would refuse,
    before anything is read or rendered."""
    module = writer(fmt)
    if package_root is not None:
        root, target = Path(package_root).resolve(), Path(out).resolve()
        if target == root or target in root.parents:
            raise InputError(out, "is the package's folder or holds it; an export never replaces it: choose another --out")
    if module.OUTPUT == "file":
        from ..output import check_out_file

        check_out_file(out, module.is_earlier_export, f"{fmt} export")
    else:
        from ..output import check_out_folder

        check_out_folder(out, forceable=False)


def export(fmt: str, package: PackageData, out: Path) -> list[str]:
    """Write `package` as `fmt` at `out`, whole or not at all; return the writer's warnings."""
    from ..output import write_file, write_package

    module = writer(fmt)
    check_target(fmt, out, package.root)
    try:
        made = module.render(package, Path(out))
    except ImportError as exc:
        raise InputError(out, f"the {fmt} export needs {exc.name or 'a library'} ({INSTALL_HINT})") from None
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        # A package read leniently (the page) can hold anything: a line, never a traceback.
        raise InputError(package.root / "datapackage.json", f"cannot export it as {fmt}: {type(exc).__name__}: {exc}") from None
    if module.OUTPUT == "file":
        write_file(made.file, Path(out), module.is_earlier_export, f"{fmt} export")
        return list(made.warnings)
    return list(made.warnings) + write_package(made.files, Path(out), forceable=False)
