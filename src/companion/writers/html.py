"""The companion page: a static site with one page per episode.

`render_site` is a pure function from a read package to the site's files
(path -> bytes); `companion export` places them (see writers/__init__.py). Jinja2 templates with
autoescaping render every piece of transcript text, so markup in a transcript
is shown as text and never runs. Columns are looked up in the package's own
schemas: a column that is present is shown (cue times, for example), one that
is missing is left out, and one the page does not know is ignored or, for
figures, listed generically.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .. import __version__, charts
from ..timecodes import parse_timecode
from . import Export
from .tables import PackageData

DESCRIPTION = "static web site: a page per episode with speakers, turns, figures, links and charts"
OUTPUT = "folder"

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GENERATOR = f"companion {__version__}"
ASSETS = ("style.css", "sort.js")
RESERVED = {"index", "dictionary", "style", "sort"}
WORD = re.compile(r"\S*[^\W_]\S*")  # a token with a letter or digit, as turns.word_count counts
# Figure columns the tooltip and table show by name; other non-empty columns are listed as they come.
FIGURE_SKIP = {"figure_id", "episode_id", "position", "segment_id", "turn_id", "speaker_id", "paragraph_id", "text", "char_start",
               "char_end", "paragraph_offset", "sentence", "rule", "value", "value_min", "value_max", "is_range", "unit", "date",
               "period_start", "period_end", "is_approximate", "qualifier", "subject", "kind"}


def render(package: PackageData, out: Path) -> Export:
    """The site's files; `out` is where the site will be, so that its links to the package's files are relative."""
    try:
        href = Path(os.path.relpath(package.root.resolve(), Path(out).resolve())).as_posix()
    except ValueError:  # another drive: no relative path to the package
        href = None
    return Export(files=render_site(package, href))


# ---------------------------------------------------------------- rendering


def render_site(package: PackageData, package_href: str | None = "..") -> dict[str, bytes]:
    """Every file of the site. `package_href` is the package folder relative to the site (None: no links)."""
    env = _environment()
    tables = {name: package.tables.get(name, []) for name in ("episodes", "speakers", "segments", "paragraphs", "turns", "links", "figures")}
    columns = {name: {f["name"] for f in schema.get("fields", [])} for name, schema in package.schemas.items()}
    by_episode = {name: _group(rows, "episode_id") for name, rows in tables.items()}
    episodes = tables["episodes"]
    pages = _page_names(episodes)
    common = {
        "generator": GENERATOR,
        "package": _package_links(package, package_href),
        "package_title": package.descriptor.get("title") or package.descriptor.get("name") or "Companion data",
        "package_version": package.descriptor.get("version"),
        "rights": [lic.get("title") or lic.get("name") for lic in package.descriptor.get("licenses", []) if isinstance(lic, dict)],
        "several": len(episodes) > 1,
    }
    files: dict[str, str] = {}
    summaries = []
    for episode in episodes:
        eid = episode.get("episode_id")
        rows = {name: by_episode[name].get(eid, []) for name in tables}
        page = _episode_page(episode, rows, columns, package_href)
        summaries.append({**page["summary"], "page": pages[eid]})
        files[pages[eid]] = env.get_template("episode.html.j2").render(**common, **page, page_name=pages[eid])
    if len(episodes) != 1:
        files["index.html"] = env.get_template("index.html.j2").render(**common, episodes=summaries, page_name="index.html")
    files["dictionary.html"] = env.get_template("dictionary.html.j2").render(
        **common, tables=_dictionary(package), page_name="dictionary.html")
    for asset in ASSETS:
        files[asset] = (TEMPLATES / asset).read_text(encoding="utf-8")
    return {path: _tidy(text).encode("utf-8") for path, text in sorted(files.items())}


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value is escaped unless a template says otherwise (none does)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    env.filters["longdate"] = _long_date
    return env


def _tidy(text: str) -> str:
    """Strip trailing spaces so the files stay byte-stable and diff cleanly."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row.get(key)].append(row)
    return groups


def _page_names(episodes: list[dict]) -> dict[str, str]:
    """File name of each episode's page: index.html for a single episode, else a slug of its id."""
    if len(episodes) == 1:
        return {episodes[0].get("episode_id"): "index.html"}
    names, used = {}, set()
    for episode in episodes:
        slug = re.sub(r"[^a-z0-9._-]+", "-", str(episode.get("episode_id") or "").lower()).strip("-._") or "episode"
        name, n = slug, 2
        while name in used or name in RESERVED:
            name, n = f"{slug}-{n}", n + 1
        used.add(name)
        names[episode.get("episode_id")] = f"{name}.html"
    return names


def _package_links(package: PackageData, href: str | None) -> dict:
    if href is None:
        return {"descriptor": None, "resources": []}
    resources = []
    for resource in package.descriptor.get("resources", []):
        paths = resource.get("path")
        for path in paths if isinstance(paths, list) else [paths]:
            link = _local_href(href, path)
            if link:
                resources.append({"name": resource.get("name", ""), "path": path, "href": link})
    return {"descriptor": _local_href(href, "datapackage.json"), "resources": resources, "root": href}


def _local_href(base: str | None, path: object) -> str | None:
    """A relative link to a file of the package, or None for anything that is not a plain relative path."""
    if base is None or not isinstance(path, str) or not path:
        return None
    parts = path.split("/")
    if urlsplit(path).scheme or path.startswith("/") or "\\" in path or ".." in parts:
        return None
    return f"{quote(base)}/{quote(path)}" if base != "." else quote(path)


def _web_url(url: object) -> str | None:
    """Only http(s) addresses become links; anything else (javascript:, data:) stays text."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc and not re.search(r"[\s<>\"']", url) else None


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _long_date(value) -> str:
    """'June 11, 2021', whatever the locale."""
    try:
        return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
    except AttributeError:
        return str(value)


def _seconds(value) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        return parse_timecode(value)
    return None


def _clock(seconds: float) -> str:
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _time(value) -> dict | None:
    """A cue time as shown ('1:02') and as a machine-readable duration ('PT62.5S')."""
    seconds = _seconds(value)
    if seconds is None:
        return {"text": str(value), "iso": None} if value not in (None, "") else None
    return {"text": _clock(seconds), "iso": f"PT{seconds:g}S"}


def _anchor(kind: str, row: dict, fallback: int) -> str:
    position = row.get("position")
    return f"{kind}-{position:03d}" if isinstance(position, int) else f"{kind}-x{fallback:03d}"


# ------------------------------------------------------------- one episode


@dataclass
class Node:
    """A span of paragraph text wrapped in an element: a label or a figure."""

    kind: str
    data: dict
    children: list = field(default_factory=list)


def _episode_page(episode: dict, rows: dict[str, list[dict]], columns: dict[str, set], package_href: str | None) -> dict:
    speakers = rows["speakers"]
    index = {s.get("speaker_id"): i for i, s in enumerate(speakers)}
    names = {s.get("speaker_id"): s.get("name") or s.get("speaker_id") or "unknown" for s in speakers}
    turns = sorted(rows["turns"], key=lambda t: (t.get("position") is None, t.get("position") or 0))
    turn_anchor = {t.get("turn_id"): _anchor("turn", t, i) for i, t in enumerate(turns)}
    turn_number = {t.get("turn_id"): i + 1 for i, t in enumerate(turns)}
    segments = {s.get("segment_id"): s for s in rows["segments"]}

    words = {t.get("turn_id"): _words(t) for t in turns}
    spoken: dict[str, int] = defaultdict(int)
    counted: dict[str, int] = defaultdict(int)
    for t in turns:
        spoken[t.get("speaker_id")] += words[t.get("turn_id")]
        counted[t.get("speaker_id")] += 1
    total_words = sum(spoken.values())

    figures = sorted(rows["figures"], key=lambda f: (f.get("position") is None, f.get("position") or 0))
    figure_rows = [_figure(f, i, names, turn_anchor, turn_number) for i, f in enumerate(figures)]

    paragraphs = sorted(rows["paragraphs"], key=lambda p: (p.get("position") is None, p.get("position") or 0))
    blocks, placed = _blocks(paragraphs, segments, turns, turn_anchor, turn_number, names, index, figures, figure_rows)
    for row in figure_rows:
        row["inline"] = row["anchor"] in placed

    timed = "start_time" in columns.get("turns", set())
    duration = _seconds(episode.get("duration_seconds")) if "duration_seconds" in columns.get("episodes", set()) else None
    length = max((p.get("char_end") or 0 for p in paragraphs), default=0)
    speaker_rows = [
        {
            "name": names[s.get("speaker_id")],
            "role": s.get("role"),
            "description": s.get("description"),
            "words": spoken.get(s.get("speaker_id"), 0),
            "share": round(100 * spoken.get(s.get("speaker_id"), 0) / total_words) if total_words else 0,
            "turns": counted.get(s.get("speaker_id"), 0),
            "colour": charts.colour(i),
            "aliases": _aliases(s),
        }
        for i, s in enumerate(speakers)
    ]
    links = [
        {"title": link.get("title") or "(untitled)", "kind": link.get("kind"), "url": _web_url(link.get("url")),
         "raw_url": link.get("url"), "anchor": _anchor("link", link, i)}
        for i, link in enumerate(sorted(rows["links"], key=lambda r: (r.get("position") is None, r.get("position") or 0)))
    ]
    charts_ = {
        "words": charts.words_per_speaker([(r["name"], r["words"], i) for i, r in enumerate(speaker_rows)]),
        "turns": charts.turn_lengths([(turn_number[t.get("turn_id")], names.get(t.get("speaker_id"), "unknown"),
                                       words[t.get("turn_id")], index.get(t.get("speaker_id"), 0)) for t in turns]),
        "strip": charts.figure_strip(
            length,
            [(t.get("char_start") or 0, t.get("char_end") or 0, names.get(t.get("speaker_id"), "unknown"), index.get(t.get("speaker_id"), 0)) for t in turns],
            [(f.get("char_start") or 0, r["summary"]) for f, r in zip(figures, figure_rows)],
        ),
    }
    inferred = sum(1 for p in paragraphs if p.get("attribution") not in (None, "label"))
    doubtful = sum(1 for p in paragraphs if p.get("confidence") in ("low", "medium"))
    title = episode.get("title") or episode.get("episode_id") or "Untitled episode"
    return {
        "title": title,
        "episode": {
            "id": episode.get("episode_id"),
            "language": episode.get("language"),  # where the package records it
            "title": title,
            "program": episode.get("program"),
            "date": episode.get("broadcast_date"),
            "summary": episode.get("summary"),
            "source_url": _web_url(episode.get("source_url")),
            "raw_source_url": episode.get("source_url"),
            "publisher": episode.get("publisher"),
            "duration": _time(duration) if duration is not None else None,
            "sha256": episode.get("source_sha256"),
            "source_href": _local_href(package_href, episode.get("source_path")),
            "source_path": episode.get("source_path"),
        },
        "speakers": speaker_rows,
        "blocks": blocks,
        "figures": figure_rows,
        "links": links,
        "charts": charts_,
        "timed": timed,
        "counts": {"turns": len(turns), "figures": len(figures), "links": len(links), "paragraphs": len(paragraphs),
                   "inferred": inferred, "doubtful": doubtful, "words": total_words},
        "summary": {"id": episode.get("episode_id"), "title": title, "program": episode.get("program"),
                    "date": episode.get("broadcast_date"), "speakers": [r["name"] for r in speaker_rows],
                    "turns": len(turns), "figures": len(figures), "links": len(links), "words": total_words},
    }


def _aliases(speaker: dict) -> str | None:
    """Other ways the transcript writes the name (speakers.aliases, ' | '-separated), the name itself left out."""
    name = (speaker.get("name") or "").casefold()
    others = [a.strip() for a in str(speaker.get("aliases") or "").split("|") if a.strip() and a.strip().casefold() != name]
    return ", ".join(dict.fromkeys(others)) or None


def _words(turn: dict) -> int:
    count = turn.get("word_count")
    return count if isinstance(count, int) else len(WORD.findall(turn.get("text") or ""))


def _figure(f: dict, i: int, names: dict, turn_anchor: dict, turn_number: dict) -> dict:
    value = _figure_value(f)
    hedge = f.get("qualifier") or ("approximately" if f.get("is_approximate") else None)
    date = f.get("date") or (f"{f.get('period_start')} to {f.get('period_end')}" if f.get("period_start") and f.get("period_end") and f.get("period_start") != f.get("period_end") else f.get("period_start"))
    speaker = names.get(f.get("speaker_id")) if f.get("speaker_id") else None
    details = [("kind", f.get("kind")), ("value", value), ("unit", f.get("unit")), ("date", date),
               ("hedge", hedge), ("subject", f.get("subject")), ("said by", speaker)]
    details += [(k.replace("_", " "), _number(v) if not isinstance(v, bool) else ("yes" if v else "no"))
                for k, v in f.items() if k not in FIGURE_SKIP and v not in (None, "")]
    details = [(k, str(v)) for k, v in details if v not in (None, "")]
    anchor = _anchor("figure", f, i)
    return {
        "anchor": anchor,
        "number": i + 1,
        "text": f.get("text") or "",
        "kind": f.get("kind") or "",
        "value": value or "",
        "sort_value": _sort_value(f),
        "unit": f.get("unit") or "",
        "date": str(date or ""),
        "hedge": hedge or "",
        "subject": f.get("subject") or "",
        "speaker": speaker or "",
        "turn": turn_anchor.get(f.get("turn_id")),
        "turn_number": turn_number.get(f.get("turn_id")),
        "details": details,
        "summary": f"{f.get('text') or ''} ({f.get('kind') or 'figure'}{', ' + speaker if speaker else ''})",
        "machine": _machine_value(f),
        "position": f.get("position") if isinstance(f.get("position"), int) else i,
    }


def _figure_value(f: dict) -> str | None:
    if f.get("is_range") and (f.get("value_min") is not None or f.get("value_max") is not None):
        return f"{_number(f.get('value_min'))}–{_number(f.get('value_max'))}"
    if f.get("value") is not None:
        return _number(f.get("value"))
    return None


def _machine_value(f: dict) -> str | None:
    """The <data value> of a figure: its number, or its ISO date."""
    if isinstance(f.get("value"), (int, float)) and not isinstance(f.get("value"), bool):
        return _number(f["value"]).replace(",", "")
    if f.get("date") is not None:
        return str(f["date"])
    return None


def _sort_value(f: dict) -> str:
    """The Value column sorts by number; a figure without one (a date) sorts last."""
    v = f.get("value") if f.get("value") is not None else f.get("value_min")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return repr(float(v))
    return ""


def _blocks(paragraphs, segments, turns, turn_anchor, turn_number, names, index, figures, figure_rows):
    """The page's text in source order: turns, cues and the page's other text, each paragraph with its figures marked."""
    starts = [p.get("char_start") or 0 for p in paragraphs]
    by_id = {p.get("paragraph_id"): i for i, p in enumerate(paragraphs)}
    per_paragraph: dict[int, list] = defaultdict(list)
    for f, row in zip(figures, figure_rows):
        # Where the package says where the figure sits in its paragraph's words, use that: in
        # formats with markup or escapes the words and the source slice differ. Spans are in
        # source coordinates from the paragraph's char_start, as _tree expects.
        i, offset = by_id.get(f.get("paragraph_id")), f.get("paragraph_offset")
        if i is not None and isinstance(offset, int):
            start = starts[i] + offset
            per_paragraph[i].append((start, start + len(f.get("text") or ""), "figure", row))
            continue
        start = f.get("char_start")
        if not isinstance(start, int):
            continue
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < (paragraphs[i].get("char_end") or 0):
            per_paragraph[i].append((start, f.get("char_end") or start, "figure", row))
    turns_by_id = {t.get("turn_id"): t for t in turns}
    blocks: list[dict] = []
    placed: set[str] = set()
    for i, p in enumerate(paragraphs):
        segment = segments.get(p.get("segment_id"), {})
        kind = segment.get("kind") or "other"
        turn = turns_by_id.get(p.get("turn_id")) if p.get("turn_id") else None
        spans = list(per_paragraph.get(i, []))
        p_start = p.get("char_start") or 0
        if turn is not None and isinstance(turn.get("char_start"), int) and turn["char_start"] > p_start:
            spans.append((p_start, min(turn["char_start"], p.get("char_end") or p_start), "label", {}))
        para = {
            "anchor": _anchor("p", p, i),
            "content": _tree(p.get("text") or "", p_start, spans),
            "attribution": p.get("attribution"),
            "rule": p.get("rule"),
            "confidence": p.get("confidence"),
            "delivery": (p.get("delivery") or "").replace("_", " ") or None,  # voice over, translated, phone...
        }
        placed.update(row["anchor"] for _, _, k, row in spans if k == "figure")
        if turn is not None:
            key = ("turn", turn.get("turn_id"))
        elif kind == "non_speech":
            key = ("cue", p.get("segment_id"))
        else:
            key = ("page", p.get("segment_id"))
        if blocks and blocks[-1]["key"] == key:
            blocks[-1]["paragraphs"].append(para)
            continue
        block = {"key": key, "type": key[0], "kind": kind, "paragraphs": [para]}
        if turn is not None:
            reply = turn.get("reply_to")
            block.update({
                "anchor": turn_anchor[turn.get("turn_id")],
                "number": turn_number[turn.get("turn_id")],
                "speaker": names.get(turn.get("speaker_id"), "unknown speaker"),
                "colour": charts.colour(index.get(turn.get("speaker_id"), 0)),
                "time": _time(turn.get("start_time")),
                "end_time": _time(turn.get("end_time")),
                "reply": {"anchor": turn_anchor[reply], "number": turn_number[reply],
                          "speaker": names.get(turns_by_id[reply].get("speaker_id"), "unknown speaker")} if reply in turn_anchor else None,
                "words": _words(turn),
                "question": turn.get("is_question"),
            })
        blocks.append(block)
    return blocks, placed


def _tree(text: str, base: int, spans: list[tuple]) -> list:
    """Paragraph text split into plain strings and Nodes, properly nested.

    Spans are (start, end, kind, data) in source offsets. A span that overlaps
    another without nesting is clipped to fit, so that each span still
    appears exactly once."""
    end_all = base + len(text)
    root: list = []
    stack: list[tuple[int, list]] = [(end_all, root)]
    pos = base

    def emit(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            stack[-1][1].append(text[pos - base:upto - base])
            pos = upto

    for start, end, kind, data in sorted(spans, key=lambda s: (s[0], -s[1], s[2] != "label")):
        start = min(max(start, base), end_all)
        while len(stack) > 1 and stack[-1][0] <= start:
            emit(stack[-1][0])
            stack.pop()
        start = max(start, pos)
        end = max(start, min(end, stack[-1][0]))
        emit(start)
        node = Node(kind, data)
        stack[-1][1].append(node)
        stack.append((end, node.children))
    while len(stack) > 1:
        emit(stack[-1][0])
        stack.pop()
    emit(end_all)
    return root


def _dictionary(package: PackageData) -> list[dict]:
    tables = []
    for name, schema in package.schemas.items():
        keys = schema.get("primaryKey") or []
        tables.append({
            "name": name,
            "description": schema.get("description") or "",
            "primary_key": keys if isinstance(keys, list) else [keys],
            "fields": [
                {"name": f.get("name"), "type": f.get("type", "string"),
                 "required": bool((f.get("constraints") or {}).get("required")),
                 "description": f.get("description") or "",
                 "enum": list((f.get("constraints") or {}).get("enum") or [])}
                for f in schema.get("fields", [])
            ],
        })
    return tables
