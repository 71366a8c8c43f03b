"""Package-level metadata: the package's name, title, version, licenses,
contributors, keywords and homepage, which belong to the person who builds it.

They come from a `package.yaml` (or `corpus.yaml`, at the top of a folder of
transcripts) next to the transcripts, and from the build command's options,
which win over the file. Nothing is claimed that the user did not give: with
no licenses the package names none, and the only contributor added is the
tool itself, with the role `tool`.

The file is parsed strictly, with the episode metadata's YAML loader: an
unknown key or a value of the wrong shape is an error naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path


from .errors import InputError
from .metadata import _key_lines, load_yaml

FILE_NAMES = ("package.yaml", "corpus.yaml")
MAX_BYTES = 1_000_000  # a metadata file is a few hundred bytes; anything near this is not one

KEYS = {
    "name": "short identifier: lower-case letters, digits, '.', '_' or '-'",
    "title": "one-line title",
    "description": "what the package holds (Markdown allowed)",
    "version": "version of the package, such as 1.0.0",
    "homepage": "web address of the package's home page",
    "keywords": "list of keywords",
    "licenses": "list of licenses: an id such as CC-BY-4.0, or mappings with name, path, title",
    "contributors": "list of people or organisations: a name, or mappings with title, roles, email, path, organization",
}
LICENSE_KEYS = ("name", "path", "title")
CONTRIBUTOR_KEYS = ("title", "givenName", "familyName", "path", "email", "roles", "organization")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class PackageMetadata:
    """What the user said about the package; None means "not given" (a default applies)."""

    path: str = ""  # the file it came from, "" when none
    text: str | None = None  # the file's text, kept in the package beside the transcripts
    name: str | None = None
    title: str | None = None
    description: str | None = None
    version: str | None = None
    homepage: str | None = None
    keywords: tuple[str, ...] | None = None
    licenses: tuple[dict, ...] | None = None
    contributors: tuple[dict, ...] | None = None


def parse_package_metadata(text: str, path: object) -> PackageMetadata:
    """Parse and check a package.yaml's text; raise InputError naming the line."""
    root, data = load_yaml(text, path)  # strict: depth, duplicate keys, anchors, size (see metadata.py)
    if data is None:
        return PackageMetadata(path=str(path), text=text)
    if not isinstance(data, dict):
        raise InputError(path, "the file must be a mapping of keys to values", 1)
    lines = _key_lines(root)

    def fail(problem: str, key: object) -> None:
        raise InputError(path, problem, lines.get(key, 1))

    return replace(check_fields(data, fail), path=str(path), text=text)


def check_fields(data: dict, fail) -> PackageMetadata:
    """Check package fields given as a mapping (from the file or the command's options).

    `fail(problem, key)` raises; key is a field name, or (field, index) for a list item.
    """
    for key in data:
        if key not in KEYS:
            fail(f"unknown key {key!r} (known keys: {', '.join(sorted(KEYS))})", key)
    fields: dict = {}
    for key in ("name", "title", "description", "version", "homepage"):
        if key in data:
            value = data[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "version":
                fail(f"version {value!r} is a number; write it in quotes, such as \"{value}.0\" or \"1.0.0\"", key)
            if not isinstance(value, str) or not value.strip():
                fail(f"{key} must be a non-empty string", key)
            fields[key] = value.strip()
    if "name" in fields and not NAME.fullmatch(fields["name"]):
        fail(f"name {fields['name']!r} must be lower-case letters, digits, '.', '_' or '-'", "name")
    if "version" in fields and re.search(r"\s", fields["version"]):
        fail(f"version {fields['version']!r} must not contain spaces", "version")
    if "homepage" in fields and not URL.fullmatch(fields["homepage"]):
        fail("homepage must be an http(s) address", "homepage")
    if "keywords" in data:
        keywords = _list(data, "keywords", fail)
        for i, word in enumerate(keywords):
            if not isinstance(word, str) or not word.strip():
                fail("each keyword must be a non-empty string", ("keywords", i))
        fields["keywords"] = tuple(dict.fromkeys(w.strip() for w in keywords))
    if "licenses" in data:
        fields["licenses"] = tuple(_license(item, lambda p, i=i: fail(p, ("licenses", i))) for i, item in enumerate(_list(data, "licenses", fail)))
    if "contributors" in data:
        fields["contributors"] = tuple(
            _contributor(item, lambda p, i=i: fail(p, ("contributors", i))) for i, item in enumerate(_list(data, "contributors", fail))
        )
    return PackageMetadata(**fields)


def _list(data: dict, key: str, fail) -> list:
    items = data[key]
    if items is None:
        return []
    if not isinstance(items, list):
        fail(f"{key} must be a list", key)
    return items


def _license(item: object, fail) -> dict:
    if isinstance(item, str) and item.strip():
        return {"name": item.strip()}
    if not isinstance(item, dict):
        fail("each license is an id such as CC-BY-4.0, or a mapping with name, path and title")
    _only(item, LICENSE_KEYS, "license", fail)
    if not all(isinstance(v, str) and v.strip() for v in item.values()):
        fail("license name, path and title must be non-empty strings")
    if "name" not in item and "path" not in item:
        fail("a license needs a name (such as CC-BY-4.0) or a path (its web address)")
    return {k: item[k].strip() for k in LICENSE_KEYS if k in item}


def _contributor(item: object, fail) -> dict:
    if isinstance(item, str) and item.strip():
        return {"title": item.strip()}
    if not isinstance(item, dict):
        fail("each contributor is a name, or a mapping with title, roles, email, path, organization")
    _only(item, CONTRIBUTOR_KEYS, "contributor", fail)
    out = {}
    for key in CONTRIBUTOR_KEYS:
        if key not in item:
            continue
        value = item[key]
        if key == "roles":
            if not isinstance(value, list) or not value or not all(isinstance(r, str) and r.strip() for r in value):
                fail("contributor roles must be a list of words, such as [creator, contact]")
            out[key] = [r.strip() for r in value]
        elif not isinstance(value, str) or not value.strip():
            fail(f"contributor {key} must be a non-empty string")
        else:
            out[key] = value.strip()
    if "title" not in out and not ("givenName" in out or "familyName" in out):
        fail("a contributor needs a title (a name), or givenName and familyName")
    if "email" in out and not re.fullmatch(r"[^@\s]+@[^@\s]+", out["email"]):
        fail(f"contributor email {out['email']!r} is not an e-mail address")
    if "path" in out and not URL.fullmatch(out["path"]):
        fail("contributor path must be an http(s) address")
    return out


def _only(item: dict, allowed: tuple[str, ...], what: str, fail) -> None:
    for key in item:
        if key not in allowed:
            fail(f"unknown {what} key {key!r} (known keys: {', '.join(allowed)})")


def with_options(meta: PackageMetadata, options: dict) -> PackageMetadata:
    """The metadata with the command's options laid over it; options left unset (None or empty) change nothing.

    `options` uses the file's keys; a bad value is an InputError naming the option.
    """
    given = {k: v for k, v in options.items() if v not in (None, [], ())}

    def fail(problem: str, key: object) -> None:
        field = key[0] if isinstance(key, tuple) else key
        raise InputError(f"--{OPTION_NAMES.get(field, field)}", problem)

    checked = check_fields(given, fail)
    return replace(meta, **{k: getattr(checked, k) for k in given})


# The command's option for each key, where the two differ (`companion --version` is the tool's own).
OPTION_NAMES = {"version": "package-version", "licenses": "license", "contributors": "contributor", "keywords": "keyword"}


def find(transcripts: list[Path], folders: list[Path] = ()) -> Path | None:
    """The one package.yaml or corpus.yaml in the transcripts' folders, or at the
    top of a folder given to build (`folders`), if any (this touches the disk)."""
    stems = {(t.parent.resolve(), t.stem) for t in transcripts}
    found = []
    for folder in sorted({t.parent.resolve() for t in transcripts} | {f.resolve() for f in folders}):
        for name in FILE_NAMES:
            if (folder / name).is_file():
                if (folder, Path(name).stem) in stems:
                    raise InputError(folder / name, f"is both the package's metadata and the metadata of the transcript {Path(name).stem}.*; rename that transcript")
                found.append(folder / name)
    if len(found) > 1:
        raise InputError(found[1], f"a second package metadata file besides {found[0]}; keep one")
    return found[0] if found else None


def read(path: Path) -> PackageMetadata:
    """Read and parse a package metadata file (this touches the disk)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(path, f"file is {size:,} bytes; a package metadata file is at most {MAX_BYTES:,}")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"package metadata is not valid UTF-8 (byte offset {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None
    return parse_package_metadata(text, path)
