"""Writers: one module per output format, behind one small interface.

Each module in this folder exposes `write(package: PackageData, out: Path)` and
a one-line `DESCRIPTION`; `WRITERS` maps a format name to its module, which is
imported only when used (the heavy libraries stay off the build path).
`write` may return a list of warnings (one line each) for the command to print.
Optional, per module:
- `OUT_NAME`: the file or folder name `companion build --export` gives the
  export inside the package folder, with `{name}` for the package's name
  (default: `{name}-FORMAT`);
- `NEEDS_VALID_PACKAGE = True`: `companion export` validates the package first
  and refuses an invalid one (the tabular writers: they convert every cell to
  its schema's type). Without it the writer gets the package as it is (html
  renders even a damaged or hostile package, escaped);
- `replaceable(path) -> bool`: whether an existing `path` is an earlier export
  of this format that may be replaced. A module that has it leaves the rest to
  `export()`, which runs it into a temporary path beside the target and renames
  the result into place, so a failed export leaves nothing half-written and
  nothing else is ever replaced. A module without it writes `out` itself, and
  decides itself what it may replace (html does so).
`companion export FORMAT PACKAGE --out PATH` reads a package once with
`read_package` and hands it to `export()`.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

from ..errors import InputError
from .tables import PackageData, read_package

__all__ = ["WRITERS", "PackageData", "check_target", "default_out", "export", "read_package", "writer"]

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


def writer(fmt: str) -> ModuleType:
    if fmt not in WRITERS:
        known = ", ".join(sorted(WRITERS)) or "none yet"
        raise KeyError(f"unknown export format {fmt!r} (known formats: {known})")
    return importlib.import_module(f"{__name__}.{WRITERS[fmt]}")


def default_out(fmt: str, package: PackageData) -> Path:
    """Where `companion build --export` puts an export: inside the package folder."""
    template = getattr(writer(fmt), "OUT_NAME", "{name}-" + fmt)
    return package.root / template.format(name=package.descriptor.get("name") or "package")


def check_target(fmt: str, out: Path) -> None:
    """Refuse an unknown format (KeyError), and to replace anything at `out` but an earlier export of the same format."""
    module = writer(fmt)
    replaceable = getattr(module, "replaceable", None)
    if replaceable is not None and (out.exists() or out.is_symlink()):
        if out.is_symlink() or not replaceable(out):
            raise InputError(out, f"already exists and is not an earlier {fmt} export; refusing to replace it")


def export(fmt: str, package: PackageData, out: Path) -> list[str]:
    """Write `package` as `fmt` at `out`, whole or not at all; return the writer's warnings."""
    module = writer(fmt)
    check_target(fmt, out)
    if not hasattr(module, "replaceable"):  # it places its output itself
        try:
            return list(module.write(package, out) or [])
        except ImportError as exc:
            raise InputError(out, f"the {fmt} export needs {exc.name or 'a library'} ({INSTALL_HINT})") from None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise InputError(out, f"cannot write the export: {exc.strerror}") from None
    try:
        target = staging / out.name
        try:
            warnings = module.write(package, target) or []
        except ImportError as exc:
            raise InputError(out, f"the {fmt} export needs {exc.name or 'a library'} ({INSTALL_HINT})") from None
        if out.is_dir():  # folder exports: two renames (the old folder is moved aside first)
            os.rename(out, staging / ".previous")
        os.replace(target, out)
    except OSError as exc:
        raise InputError(out, f"cannot write the export: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(warnings)
