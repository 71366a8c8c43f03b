"""`companion validate`: frictionless on the whole package, then the checks in checks.py."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from . import checks


def validate_package(descriptor: Path) -> list[str]:
    """Every problem found, one line each; an empty list means valid."""
    from frictionless import FrictionlessException, Package, system

    from .output import interrupted_rebuild

    if interrupted_rebuild(descriptor.parent):
        return [f"{descriptor.parent}: an in-place rebuild was interrupted part way; run companion build to complete it"]
    if not descriptor.is_file():
        return [f"{descriptor}: no such file"]
    try:
        meta = json.loads(descriptor.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{descriptor}: not valid JSON ({exc})"]
    root = descriptor.parent
    problems = []
    try:
        with system.use_context(trusted=False):
            report = Package(str(descriptor)).validate()
    except FrictionlessException as exc:
        return [f"{descriptor}: {exc.error.message}"]
    for error in report.errors:
        problems.append(f"package: {error.message}")
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None) or ", ".join(getattr(error, "field_names", None) or [])
            where = task.name + (f" row {row}" if row else "") + (f" field {field}" if field else "")
            problems.append(f"{where}: {error.message}")

    tables = {}
    for resource in meta.get("resources", []):
        path = root / resource.get("path", "")
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                tables[resource["name"]] = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, KeyError) as exc:
            problems.append(f"{resource.get('name', '?')}: cannot read {path} ({exc})")
    if "episodes" not in tables:
        return problems + ["package: no episodes table"]

    def read(rel: str) -> bytes | None:
        try:
            return (root / rel).read_bytes()
        except OSError:
            return None

    hash_problems, texts = checks.check_hashes(tables["episodes"], read)
    problems += hash_problems
    for name, rows in tables.items():
        if name in checks.QUOTING:
            problems += checks.check_offsets(name, rows, texts)
    if "segments" in tables:
        problems += checks.check_coverage(tables["episodes"], tables["segments"])
    if "turns" in tables:
        problems += checks.check_replies(tables["turns"])
    return problems
