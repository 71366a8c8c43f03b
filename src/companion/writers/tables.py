"""A built package read back into typed rows, for the writers.

Types come from each resource's Table Schema: integers as int, numbers as
float, booleans as bool, dates as datetime.date, empty cells as None.

The package is untrusted input, read through validate's sandbox
(sandbox.check_package): every path it names must be a regular file inside
the package folder, under a size limit, never a URL; schemas and the
descriptor are bounded JSON. Anything else is an InputError: one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

# Table Schema's defaults for booleans (a schema may give its own trueValues and falseValues).
TRUE_VALUES, FALSE_VALUES = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")


@dataclass(frozen=True)
class PackageData:
    root: Path  # the folder that holds datapackage.json
    descriptor: dict
    schemas: dict[str, dict]  # resource name -> Table Schema
    tables: dict[str, list[dict]]  # resource name -> typed rows, in file order
    odd_cells: int = 0  # cells left empty because they do not fit their type (lenient reading only)


class _Odd(ValueError):
    pass


def _converter(spec: dict):
    kind = spec.get("type", "string")
    if kind == "integer":
        return int
    if kind == "number":
        return float
    if kind == "boolean":
        true, false = _values(spec, "trueValues", TRUE_VALUES), _values(spec, "falseValues", FALSE_VALUES)

        def boolean(value: str) -> bool:
            if value in true:
                return True
            if value in false:
                return False
            raise _Odd(f"{value!r} is not a boolean")

        return boolean
    if kind == "date":
        return dt.date.fromisoformat
    return None  # kept as text


def _values(spec: dict, key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    values = spec.get(key)
    return tuple(values) if isinstance(values, list) and all(isinstance(v, str) for v in values) else default


def read_package(descriptor_path: Path, lenient: bool = False) -> PackageData:
    """Every table of a package, typed.

    Strict (the data exports, after validate accepted the package): a cell that
    does not fit its column's type, a row with too many or too few cells, is an
    InputError. `lenient` (the page, which shows odd packages as they are):
    such a cell is left empty (None, as the page shows a missing value) and
    counted in `odd_cells`; missing cells are empty, extra cells dropped. Either way, a path outside the package, a
    file that is not there or not CSV, or a broken descriptor is an InputError.
    """
    from ..files import FileProblem, read_regular_file
    from ..sandbox import MAX_JSON_BYTES, MAX_TABLE_BYTES, Refused, check_package, inside, load_json
    from ..source import MAX_BYTES

    descriptor_path = Path(descriptor_path)
    try:
        safe = check_package(descriptor_path)
        descriptor = load_json(descriptor_path)  # as written (check_package inlines schemas and takes out patterns)
        root = descriptor_path.parent.resolve()
        schemas = {}
        for resource in descriptor["resources"]:
            schema = resource.get("schema")
            schemas[resource.get("name")] = load_json(inside(root, schema, MAX_JSON_BYTES)) if isinstance(schema, str) else schema
    except Refused as exc:
        problems = str(exc).splitlines()
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(descriptor_path, f"cannot read the package: {problems[0]}{more}") from None
    # A segment's text can be the whole transcript: allow a field as long as the longest transcript we build.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_BYTES))
    tables, odd = {}, 0
    for table in safe.tables:
        schema = schemas.get(table.name)
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            raise InputError(descriptor_path, f"{table.name}: the resource has no Table Schema with fields")
        fields = {f["name"]: _converter(f) for f in schema["fields"] if isinstance(f, dict) and isinstance(f.get("name"), str)}
        rows, where = [], table.files[0].relative_to(root).as_posix()
        try:
            # The parts of a multipart resource read as one file (the header is in the first), as validate reads them.
            data = b"".join(read_regular_file(path, MAX_TABLE_BYTES) for path in table.files)
            text = data.decode(table.encoding).removeprefix("\ufeff")
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter, quotechar=table.quotechar)
            header = next(reader, [])
            for n, cells in enumerate(reader, start=2):
                if len(cells) != len(header) and not lenient:
                    raise InputError(descriptor_path, f"{table.name} row {n}: {len(cells)} cells, but the header has {len(header)}")
                row = {}
                for column, value in zip(header, cells + [""] * (len(header) - len(cells))):
                    convert = fields.get(column)
                    if value == "":
                        row[column] = None
                    elif convert is None:
                        row[column] = value
                    else:
                        try:
                            row[column] = convert(value)
                        except ValueError:
                            if not lenient:
                                raise InputError(descriptor_path, f"{table.name} row {n} field {column}: {value[:40]!r} is not of type {_type(schema, column)}") from None
                            row[column], odd = None, odd + 1
                rows.append(row)
        except FileProblem as exc:
            raise InputError(descriptor_path, f"{table.name}: cannot read {where}: {exc}") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InputError(descriptor_path, f"{table.name}: cannot read {where} ({exc})") from None
        tables[table.name] = rows
    return PackageData(root, descriptor, {name: schemas[name] for name in tables}, tables, odd)


def _type(schema: dict, column: str) -> str:
    return next((f.get("type", "string") for f in schema["fields"] if isinstance(f, dict) and f.get("name") == column), "string")


def shape_problems(package: PackageData) -> list[str]:
    """Where a package's tables differ from companion's: validate checks the rows against
    the package's own schemas, and the data exports also rely on companion's columns and
    types (src/companion/schemas). A table of companion's must have each of its columns
    with its type; other tables and extra columns are exported as they are."""
    from ..schemas import TABLES, load_schema

    problems = []
    for name in TABLES:
        if name not in package.tables:
            if name in ("episodes", "speakers", "turns"):
                problems.append(f"{name}: the package has no such table")
            continue
        have = {f.get("name"): f.get("type", "string") for f in package.schemas[name]["fields"] if isinstance(f, dict)}
        for field in load_schema(name)["fields"]:
            kind = field.get("type", "string")
            if field["name"] not in have:
                problems.append(f"{name}: no column {field['name']}")
            elif have[field["name"]] != kind:
                problems.append(f"{name} field {field['name']}: of type {have[field['name']]}, not {kind}")
    return problems
