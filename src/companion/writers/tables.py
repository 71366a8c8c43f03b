"""A built package read back into typed rows, for the writers.

Types come from each resource's Table Schema: integers as int, numbers as
float, booleans as bool, dates as datetime.date, empty cells as None.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackageData:
    root: Path  # the folder that holds datapackage.json
    descriptor: dict
    schemas: dict[str, dict]  # resource name -> Table Schema
    tables: dict[str, list[dict]]  # resource name -> typed rows, in file order


def _convert(value: str, kind: str):
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value == "true"
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def read_package(descriptor_path: Path) -> PackageData:
    """Read every table of a package that `companion validate` has accepted."""
    from ..source import MAX_BYTES

    # A segment's text can be the whole transcript: allow a field as long as the longest transcript we build.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    root = descriptor_path.parent
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    schemas, tables = {}, {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((root / schema).read_text(encoding="utf-8"))
        types = {f["name"]: f["type"] for f in schema["fields"]}
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        rows = []
        for rel in paths:
            with (root / rel).open(encoding="utf-8-sig", newline="") as handle:
                rows.extend({k: _convert(v, types.get(k, "string")) for k, v in row.items()} for row in csv.DictReader(handle))
        schemas[name], tables[name] = schema, rows
    return PackageData(root, descriptor, schemas, tables)
