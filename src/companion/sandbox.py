"""A package is untrusted input: what `companion validate` lets frictionless see.

Before frictionless reads anything, the descriptor is checked and rewritten
into a safe, self-contained form:

- every path it names (a resource's `path`, each part of a multipart `path`
  list, a `schema` or `dialect` given as a path) must be relative, resolve
  (after symbolic links) inside the package folder, and be a regular file
  under a size limit;
- remote schemes (`http:`, `ftp:`, `s3:`...) are refused in paths, schemas,
  dialects and `scheme`, and so are custom profiles (`$schema`), which
  frictionless would fetch; only CSV and TSV files without compression are read;
- schemas and dialects are read here (bounded JSON) and inlined;
- `constraints.pattern` is compiled with RE2 (linear time) and taken out of
  what frictionless sees: validate checks it itself (see validate.py);
- absurd nesting and huge numbers are refused.

Every refusal names the resource and the field. Frictionless then runs with
`trusted=False` and an HTTP session that refuses every request, as a second
line of defence.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .files import FileProblem, check_regular_file, read_regular_file
from .source import MAX_BYTES, text_codec

MAX_JSON_BYTES = 10_000_000  # a descriptor, schema or dialect
MAX_TABLE_BYTES = 200_000_000  # one CSV file (a 10 MB transcript gives well under 100 MB of tables)
MAX_SOURCE_BYTES = 4 * MAX_BYTES  # a source text re-encoded as UTF-8 can grow
MAX_DEPTH = 32  # a Data Package v2 descriptor nests about 8 levels
MAX_DIGITS = 30  # an integer in a descriptor; Python refuses 4,300 with a bare ValueError
MAX_PATTERN = 1_000  # characters in a constraints.pattern
FORMATS = {"csv": ",", "tsv": "\t"}
STANDARD_PROFILES = {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource",
                     "table-schema", "table-dialect", "csv-dialect"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_COMPRESSED = {".zip", ".gz", ".gzip", ".bz2", ".xz", ".lzma", ".zst", ".br", ".tar", ".tgz", ".7z"}


class Refused(ValueError):
    """The package asks for something validate will not do; the message says where and why."""


@dataclass
class Table:
    """One resource as validate's own checks read it."""

    name: str
    files: list[Path]  # resolved, checked; several for a multipart path
    encoding: str = "utf-8"
    delimiter: str = ","
    quotechar: str = '"'
    patterns: dict = field(default_factory=dict)  # field name -> compiled RE2 pattern (full match)


@dataclass
class SafePackage:
    descriptor: dict  # what frictionless may see
    tables: list[Table]


class _HugeNumber:
    def __init__(self, digits: str):
        self.digits = digits


def load_json(path: Path, limit: int = MAX_JSON_BYTES) -> object:
    """JSON from a regular file, with nesting and number sizes bounded.
    Refused names the problem; the caller adds where."""
    try:
        data = read_regular_file(path, limit)
    except FileProblem as exc:
        raise Refused(str(exc)) from None
    try:
        value = json.loads(data.decode("utf-8-sig"), parse_int=_parse_int, parse_constant=_no_constant)
    except RecursionError:
        raise Refused(f"is not usable JSON: nested more than {MAX_DEPTH} levels deep") from None
    except UnicodeDecodeError as exc:
        raise Refused(f"is not valid UTF-8 (byte offset {exc.start})") from None
    except ValueError as exc:  # JSONDecodeError, and the constants refused below
        raise Refused(f"is not valid JSON ({exc})") from None
    problem = _check_tree(value)
    if problem:
        raise Refused(problem)
    return value


def _parse_int(digits: str) -> int | _HugeNumber:
    return _HugeNumber(digits) if len(digits.lstrip("-")) > MAX_DIGITS else int(digits)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _check_tree(value: object) -> str | None:
    """The first absurd thing in a JSON tree (too deep, a huge or infinite
    number), with where it is; walked without recursion."""
    stack = [(value, "", 1)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"{where or 'the document'}: nested more than {MAX_DEPTH} levels deep"
        if isinstance(node, dict):
            stack += [(v, f"{where}.{k}" if where else str(k), depth + 1) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(node)]
        elif isinstance(node, _HugeNumber):
            return f"{where}: a number with {len(node.digits.lstrip('-')):,} digits (at most {MAX_DIGITS})"
        elif isinstance(node, float) and not math.isfinite(node):
            return f"{where}: a number too large to represent"
    return None


def inside(root: Path, rel: object, limit: int) -> Path:
    """The file a package path names, once it is known to be safe to read."""
    if not isinstance(rel, str) or not rel.strip():
        raise Refused(f"{rel!r} is not a path")
    if "\x00" in rel:
        raise Refused(f"{rel!r} holds a NUL character")
    scheme = _SCHEME.match(rel)
    if scheme:
        raise Refused(f"{rel} has the scheme {scheme.group(0)!r}; validate reads only files inside the package, never the network")
    if PurePosixPath(rel).is_absolute() or os.path.isabs(rel) or rel.startswith("~"):
        raise Refused(f"{rel} is an absolute path; paths must be relative to the package folder")
    real = (root / rel).resolve()
    if not real.is_relative_to(root):
        raise Refused(f"{rel} resolves outside the package folder (to {real})")
    try:
        check_regular_file(real, limit)
    except FileProblem as exc:
        raise Refused(f"{rel} {exc}" if str(exc).startswith("is ") else f"{rel}: {exc}") from None
    return real


def check_package(descriptor: Path) -> SafePackage:
    """The checked, inlined descriptor and the tables to read; Refused with every problem found."""
    root = descriptor.parent.resolve()
    if not descriptor.resolve().is_relative_to(root):
        raise Refused(f"{descriptor}: resolves outside its folder (to {descriptor.resolve()})")
    try:
        meta = load_json(descriptor)
    except Refused as exc:
        raise Refused(f"{descriptor}: {exc}") from None
    if not isinstance(meta, dict):
        raise Refused(f"{descriptor}: the descriptor must be a JSON object, not {_kind(meta)}")
    problems: list[str] = []
    safe = dict(meta)
    _check_profile(meta, "package", problems)
    resources = meta.get("resources")
    if not isinstance(resources, list) or not resources:
        raise Refused(f"{descriptor}: 'resources' must be a non-empty list")
    safe["resources"], tables = [], []
    for i, resource in enumerate(resources):
        if not isinstance(resource, dict):
            problems.append(f"resources[{i}]: must be an object, not {_kind(resource)}")
            continue
        name = resource.get("name")
        where = name if isinstance(name, str) and name.strip() else f"resources[{i}]"
        if not isinstance(name, str):
            problems.append(f"{where} field name: must be a string")
        before = len(problems)
        item, table = _check_resource(root, resource, where, problems)
        if len(problems) == before:
            safe["resources"].append(item)
            if table is not None:
                tables.append(table)
    if problems:
        raise Refused("\n".join(problems))
    return SafePackage(safe, tables)


def _check_resource(root: Path, resource: dict, where: str, problems: list[str]) -> tuple[dict, Table | None]:
    item = dict(resource)
    _check_profile(resource, where, problems)

    def refuse(key: str, problem: str) -> None:
        problems.append(f"{where} field {key}: {problem}")

    for key in ("compression", "innerpath"):
        if resource.get(key) not in (None, "", "no"):
            refuse(key, f"{resource[key]!r}: compressed resources are not read by validate")
    scheme = resource.get("scheme")
    if scheme is not None and str(scheme).lower() != "file":
        refuse("scheme", f"{scheme!r} is remote; validate reads only files inside the package, never the network")
    fmt = resource.get("format")
    if fmt is not None and str(fmt).lower() not in FORMATS:
        refuse("format", f"{fmt!r}: validate reads CSV and TSV files only")
    encoding = resource.get("encoding") or "utf-8"
    try:
        encoding = text_codec(encoding).name
    except (ValueError, TypeError) as exc:
        refuse("encoding", str(exc))
    files: list[Path] = []
    paths = resource.get("path")
    if paths is not None:
        for n, rel in enumerate(paths if isinstance(paths, list) else [paths]):
            key = f"path[{n}]" if isinstance(paths, list) else "path"
            try:
                files.append(inside(root, rel, MAX_TABLE_BYTES))
            except Refused as exc:
                refuse(key, str(exc))
                continue
            suffix = PurePosixPath(rel).suffix.lower()
            if suffix in _COMPRESSED or (fmt is None and suffix not in (".csv", ".tsv")):
                refuse(key, f"{rel}: validate reads CSV and TSV files only, uncompressed")
    for key in ("extrapaths",):  # frictionless's older spelling of a multipart path
        if resource.get(key) is not None:
            refuse(key, "use a list in 'path' for a multipart resource")
    dialect = _inline(root, resource, "dialect", where, problems)
    schema = _inline(root, resource, "schema", where, problems)
    table = Table(where, files, encoding)
    if isinstance(dialect, dict):
        item["dialect"] = dialect
        table.delimiter = _char(dialect.get("delimiter"), FORMATS.get(str(fmt).lower(), ","))
        table.quotechar = _char(dialect.get("quoteChar"), '"')
    elif str(fmt).lower() == "tsv" or (files and files[0].suffix.lower() == ".tsv"):
        table.delimiter = "\t"
    if isinstance(schema, dict):
        item["schema"] = _take_patterns(schema, table, where, problems)
    return item, (table if files else None)


def _inline(root: Path, resource: dict, key: str, where: str, problems: list[str]) -> dict | None:
    """A schema or dialect: an object, or the path of a JSON file in the package."""
    value = resource.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            real = inside(root, value, MAX_JSON_BYTES)
        except Refused as exc:
            problems.append(f"{where} field {key}: {exc}")
            return None
        try:
            value = load_json(real)
        except Refused as exc:
            problems.append(f"{where} field {key}: {resource[key]} {exc}")
            return None
    else:
        problem = _check_tree(value)
        if problem:
            problems.append(f"{where} field {key}: {problem}")
            return None
    if not isinstance(value, dict):
        problems.append(f"{where} field {key}: must be an object or the path of a JSON file, not {_kind(value)}")
        return None
    _check_profile(value, f"{where} field {key}", problems, prefix="")
    return value


def _take_patterns(schema: dict, table: Table, where: str, problems: list[str]) -> dict:
    """The schema without its `pattern` constraints, which are compiled with RE2 into `table`."""
    import re2

    fields = schema.get("fields")
    if not isinstance(fields, list):
        return schema
    schema = dict(schema, fields=[])
    options = re2.Options()
    options.log_errors = False
    for i, spec in enumerate(fields):
        constraints = spec.get("constraints") if isinstance(spec, dict) else None
        if not isinstance(constraints, dict) or "pattern" not in constraints:
            schema["fields"].append(spec)
            continue
        name = spec.get("name") if isinstance(spec.get("name"), str) else f"fields[{i}]"
        pattern = constraints["pattern"]
        where_field = f"{where} field {name}: constraints.pattern"
        if not isinstance(pattern, str) or len(pattern) > MAX_PATTERN:
            problems.append(f"{where_field} must be a string of at most {MAX_PATTERN:,} characters")
            continue
        try:
            table.patterns[name] = re2.compile(f"(?:{pattern})", options)
        except re2.error as exc:
            problems.append(f"{where_field} {pattern!r} cannot run in linear time or is not valid ({_re2_reason(exc)})")
            continue
        schema["fields"].append(dict(spec, constraints={k: v for k, v in constraints.items() if k != "pattern"}))
    return schema


def _re2_reason(exc: Exception) -> str:
    reason = exc.args[0] if exc.args else exc
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def _check_profile(meta: dict, where: str, problems: list[str], prefix: str = " field") -> None:
    """A custom profile is a URL frictionless would fetch: only the standard ones pass."""
    for key in ("$schema", "profile"):
        value = meta.get(key)
        if value is None or (isinstance(value, str) and value in STANDARD_PROFILES):
            continue
        if isinstance(value, str) and re.fullmatch(r"https://datapackage\.org/profiles/\d+\.\d+/[a-z-]+\.json", value):
            continue
        problems.append(f"{where}{prefix} {key}: {value!r} is not a standard profile; a custom one would be fetched from the network")


def _char(value: object, default: str) -> str:
    return value if isinstance(value, str) and len(value) == 1 else default


def _kind(value: object) -> str:
    return {list: "a list", type(None): "null", str: "a string", bool: "a boolean"}.get(type(value), "a number")
