"""The optional episode metadata file: only what the transcript's text does not state.

Parsed strictly, so that a typo is an error with a file and a line rather than a
silently ignored fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

from .errors import InputError

EPISODE_KEYS = {
    "episode_id": "short id for the episode (default: the transcript's file name)",
    "source_url": "web address of the page the transcript comes from",
    "publisher": "who published the source and holds the rights to its words",
    "program": "program name, when the text has no credit line",
    "broadcast_date": "broadcast date (YYYY-MM-DD), when the text does not state it",
    "title": "headline, when the text has none",
    "summary": "standfirst, when the text has none",
    "speakers": "speakers whose name, role or description the text does not give",
    "annotations": "speaker attributions decided by a person",
    "links": "addresses of links whose words the text shows",
    "encoding": "encoding of the transcript's bytes when they are not UTF-8, e.g. cp1252 (wins over --encoding)",
}
SPEAKER_KEYS = {"name", "role", "description"}
ANNOTATION_KEYS = {"match", "speaker", "reason"}
LINK_KEYS = {"title", "url"}
ROLES = ("host", "guest", "reporter", "other")
EPISODE_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


# A metadata file holds a few facts; past these it is a mistake or an attack.
MAX_METADATA_BYTES = 1_000_000
MAX_DEPTH = 20  # the deepest real file nests 3 levels (annotations: - match:)
MAX_DIGITS = 50  # Python refuses ints past 4,300 digits with a bare ValueError


class _Loader(yaml.SafeLoader):
    """Safe YAML, with dates left as strings so that this module checks them
    (PyYAML raises a bare ValueError on 2021-02-30), and bounded integers."""

    def construct_yaml_int(self, node):
        if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, f"a number with more than {MAX_DIGITS} digits", node.start_mark)
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


@dataclass(frozen=True)
class SpeakerNote:
    name: str
    role: str | None
    description: str | None
    line: int


@dataclass(frozen=True)
class Annotation:
    match: str  # the first words of the paragraph
    speaker: str  # a speaker's name
    reason: str
    line: int


@dataclass(frozen=True)
class Metadata:
    path: str = ""
    episode: dict = field(default_factory=dict)  # the plain episode facts
    speakers: tuple[SpeakerNote, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    links: dict = field(default_factory=dict)  # title -> url


def load_yaml(text: str, path: object) -> tuple[yaml.Node | None, object]:
    """The node tree and the data of a small YAML file, parsed strictly: a size
    limit, no deep nesting, no anchors or aliases, no key given twice, bounded
    integers; every problem an InputError naming the line."""
    if len(text) > MAX_METADATA_BYTES:
        raise InputError(path, f"metadata file is over {MAX_METADATA_BYTES:,} characters; it should hold a few facts")
    try:
        _check_events(text, path)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            _check_duplicate_keys(root, path)
            return root, (loader.construct_document(root) if root is not None else None)
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives a position, not a mark
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise InputError(path, f"invalid YAML: the control character U+{code:04X} is not allowed", line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(path, f"invalid YAML: {' '.join(str(problem).split())}", mark.line + 1 if mark else None) from None


def parse_metadata(text: str, path: object) -> Metadata:
    """Parse and check a metadata file's text; raise InputError naming the line."""
    root, data = load_yaml(text, path)
    if data is None:
        return Metadata(path=str(path))
    if not isinstance(data, dict):
        raise InputError(path, "the file must be a mapping of keys to values", 1)
    lines = _key_lines(root)

    def fail(problem: str, key: object) -> None:
        raise InputError(path, problem, lines.get(key, 1))

    for key in data:
        if key not in EPISODE_KEYS:
            known = ", ".join(sorted(EPISODE_KEYS))
            fail(f"unknown key {key!r} (known keys: {known})", key)
    episode = {}
    for key in ("episode_id", "source_url", "publisher", "program", "title", "summary", "encoding"):
        if key in data:
            if not isinstance(data[key], str) or not data[key].strip():
                fail(f"{key} must be a non-empty string", key)
            episode[key] = data[key].strip()
    if "episode_id" in episode and not EPISODE_ID.fullmatch(episode["episode_id"]):
        fail("episode_id must be lower-case letters, digits, '.', '_' or '-'", "episode_id")
    if "encoding" in episode:
        from .source import text_codec

        try:
            text_codec(episode["encoding"])
        except ValueError as exc:
            fail(str(exc), "encoding")
    if "source_url" in episode and not re.match(r"https?://\S+$", episode["source_url"]):
        fail("source_url must be an http(s) address", "source_url")
    if "broadcast_date" in data:
        value = data["broadcast_date"]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                value = None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            fail(f"broadcast_date {data['broadcast_date']!r} is not a date in the form YYYY-MM-DD", "broadcast_date")
        episode["broadcast_date"] = value.isoformat()

    speakers = []
    for i, item in enumerate(_list_of_mappings(data, "speakers", fail)):
        where = ("speakers", i)
        _check_keys(item, SPEAKER_KEYS, "speaker", lambda p: fail(p, where))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            fail("each speaker needs a name", where)
        role = item.get("role")
        if role is not None and role not in ROLES:
            fail(f"speaker role {role!r} is not one of {', '.join(ROLES)}", where)
        description = item.get("description")
        if description is not None and not isinstance(description, str):
            fail("speaker description must be a string", where)
        speakers.append(SpeakerNote(name.strip(), role, description, lines.get(where, 1)))

    annotations = []
    for i, item in enumerate(_list_of_mappings(data, "annotations", fail)):
        where = ("annotations", i)
        _check_keys(item, ANNOTATION_KEYS, "annotation", lambda p: fail(p, where))
        for key in sorted(ANNOTATION_KEYS):
            if not isinstance(item.get(key), str) or not item[key].strip():
                fail(f"annotation needs a non-empty {key!r}", where)
        annotations.append(Annotation(item["match"].strip(), item["speaker"].strip(), item["reason"].strip(), lines.get(where, 1)))

    links = {}
    for i, item in enumerate(_list_of_mappings(data, "links", fail)):
        where = ("links", i)
        _check_keys(item, LINK_KEYS, "link", lambda p: fail(p, where))
        title, url = item.get("title"), item.get("url")
        if not isinstance(title, str) or not isinstance(url, str) or not re.match(r"https?://\S+$", url):
            fail("each link needs a title and an http(s) url", where)
        links[title.strip()] = url
    return Metadata(str(path), episode, tuple(speakers), tuple(annotations), links)


def _check_events(text: str, path: object) -> None:
    """Refuse deep nesting and anchors before PyYAML's composer, which recurses
    once per level (500 levels crash it) and expands aliases."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):  # the parser itself keeps an explicit stack
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(path, "anchors and aliases (&name, *name) are not allowed in a metadata file", line)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(path, f"nested more than {MAX_DEPTH} levels deep", line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _check_duplicate_keys(root: yaml.Node | None, path: object) -> None:
    """A key given twice in one mapping is an error naming both lines
    (PyYAML would keep the last one without a word)."""
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in seen:
                        raise InputError(path, f"duplicate key {key.value!r} (first given on line {seen[key.value]})", line)
                    seen[key.value] = line
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _list_of_mappings(data: dict, key: str, fail) -> list[dict]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        fail(f"{key} must be a list of mappings", key)
    return items


def _check_keys(item: dict, allowed: set[str], what: str, fail) -> None:
    for key in item:
        if key not in allowed:
            fail(f"unknown {what} key {key!r} (known keys: {', '.join(sorted(allowed))})")


def _key_lines(root: yaml.Node | None) -> dict:
    """Map each top-level key, and each (key, index) list item, to its 1-based line."""
    lines: dict = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[key_node.value] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[(key_node.value, i)] = item.start_mark.line + 1
    return lines
