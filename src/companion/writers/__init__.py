"""Writers: one module per output format, behind one small interface.

Each module in this folder exposes `write(package: PackageData, out: Path) -> None`
and a one-line `DESCRIPTION`; `WRITERS` maps a format name to its module, which
is imported only when used (the heavy libraries stay off the build path).
`companion export FORMAT PACKAGE --out PATH` reads a package once with
`read_package` and hands it to the writer.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .tables import PackageData, read_package

__all__ = ["WRITERS", "PackageData", "read_package", "writer"]

# format name -> module name in this folder
WRITERS: dict[str, str] = {
    "html": "html",
    "podcasting20": "podcasting20",
}


def writer(fmt: str) -> ModuleType:
    if fmt not in WRITERS:
        known = ", ".join(sorted(WRITERS)) or "none yet"
        raise KeyError(f"unknown export format {fmt!r} (known formats: {known})")
    return importlib.import_module(f"{__name__}.{WRITERS[fmt]}")
