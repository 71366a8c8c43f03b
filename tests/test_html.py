"""The HTML page (`companion export html`), checked without a browser: content,
escaping, semantics, determinism, several episodes, and columns it does not know."""

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from pagetree import by_id, check_episode_page, check_links_resolve, parse, visible_text
from typer.testing import CliRunner

from companion.cli import app
from companion.writers import read_package
from companion.writers.html import _tree, render_site

runner = CliRunner()
PACKAGE_PARTS = ("datapackage.json", "data", "schemas")


def copy_package(dest: Path) -> Path:
    """The committed package copied, so that a site written beside it links to it as site/ does."""
    dest.mkdir(parents=True)
    for part in PACKAGE_PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, dest / part)
    return dest


def build(tmp_path: Path, *names: str) -> Path:
    out = tmp_path / "pkg"
    result = runner.invoke(app, ["build", *(str(FIXTURES / n) for n in names), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def export(package: Path, site: Path) -> None:
    result = runner.invoke(app, ["export", "html", str(package), "--out", str(site)])
    assert result.exit_code == 0, result.output


def test_committed_site_is_up_to_date(tmp_path):
    """site/ is what `make build` writes from the committed package, byte for byte
    (here in another process, with another hash seed)."""
    package = copy_package(tmp_path / "pkg")
    env = {"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"}
    subprocess.run([sys.executable, "-m", "companion", "export", "html", str(package), "--out", str(package / "site")],
                   check=True, capture_output=True, env=env)
    written = sorted(p.relative_to(package / "site") for p in (package / "site").rglob("*") if p.is_file())
    committed = sorted(p.relative_to(ROOT / "site") for p in (ROOT / "site").rglob("*") if p.is_file())
    assert written == committed, "site/ is out of date: run make build"
    for rel in written:
        assert (package / "site" / rel).read_bytes() == (ROOT / "site" / rel).read_bytes(), f"site/{rel} is out of date: run make build"


def test_committed_page_holds_the_whole_package():
    package = read_package(ROOT / "datapackage.json")
    doc = parse((ROOT / "site/index.html").read_text(encoding="utf-8"))
    check_episode_page(doc, package, package.tables["episodes"][0]["episode_id"])


def test_page_semantics():
    doc = parse((ROOT / "site/index.html").read_text(encoding="utf-8"))
    html = doc.find_all("html")[0]
    assert html.attrs.get("lang") == "en"
    levels = [int(e.tag[1]) for e in doc.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"headings skip a level: {levels}"
    for th in doc.find_all("th"):
        assert th.attrs.get("scope") in ("col", "row"), th.text()
    assert all(t.find_all("caption") for t in doc.find_all("table"))
    # Every link is relative or to the web: the folder works wherever it is copied or served.
    for e in doc.iter():
        for attr in ("href", "src"):
            value = e.attrs.get(attr)
            if value:
                assert not value.startswith(("/", "file:")) and "://" not in value or value.startswith("https://"), value
    # Relative links to the package point at real files.
    for a in doc.find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("../"):
            assert (ROOT / "site" / href).resolve().is_file(), href
    css = (ROOT / "site/style.css").read_text(encoding="utf-8")
    assert "prefers-color-scheme: dark" in css and "@media print" in css and ":focus-visible" in css


def test_dictionary_lists_every_column():
    package = read_package(ROOT / "datapackage.json")
    doc = parse((ROOT / "site/dictionary.html").read_text(encoding="utf-8"))
    ids = by_id(doc)
    for name, schema in package.schemas.items():
        section = ids[f"table-{name}"]
        shown = [th.text() for th in section.find_all("th") if th.attrs.get("scope") == "row"]
        assert shown == [f["name"] for f in schema["fields"]]
    check_links_resolve(doc)


def test_hostile_text_is_shown_never_run(tmp_path):
    """Markup, script and javascript: URLs from a transcript, its metadata or a
    hand-edited table render as text; nothing in them becomes an element or a link."""
    package = build(tmp_path, "page_hostile.txt")
    links = package / "data/links.csv"
    rows = list(csv.DictReader(links.open(encoding="utf-8")))
    rows[0]["url"] = " JavaScript:alert(3)"
    with links.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    export(package, tmp_path / "site")
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    doc = parse(html)
    scripts = doc.find_all("script")
    assert [s.attrs for s in scripts] == [{"src": "sort.js", "defer": None}]
    assert not doc.find_all("img") and not doc.find_all("iframe") and not doc.find_all("style") and not doc.find_all("b")
    assert all(svg.attrs.get("role") == "img" for svg in doc.find_all("svg"))
    for e in doc.iter():
        assert not any(a.lower().startswith("on") for a in e.attrs), (e.tag, e.attrs)
        for attr in ("href", "src", "value", "datetime"):
            value = (e.attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (e.tag, e.attrs)
    text = visible_text(doc)  # figure tips ("alert(1)" holds a count) left out
    for literal in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(2)">this one</a>',
                    "&lt;not&gt;", "<b onmouseover=\"alert(1)\">Evil Radio</b>", "<style>body{display:none}</style>"):
        assert literal in text, literal
    source = doc.find_all("dl")[0].text()
    assert "example.org/a\"><script>" in source and "not linked" in source  # a source_url with markup stays text
    check_episode_page(doc, read_package(package / "datapackage.json"), "page-hostile")


def test_several_episodes_get_an_index(tmp_path):
    names = ["npr_style.txt", "pbs_style.txt", "page_style.txt", "figures_style.txt"]
    package_dir = build(tmp_path, *names)
    export(package_dir, tmp_path / "site")
    package = read_package(package_dir / "datapackage.json")
    index = parse((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    rows = index.find_all("tbody")[0].find_all("tr")
    assert len(rows) == len(names)
    for episode, row in zip(package.tables["episodes"], rows):
        eid = episode["episode_id"]
        page = row.find_all("a")[0].attrs["href"]
        cells = [c.text().strip() for c in row.children if hasattr(c, "tag")]
        turns = [t for t in package.tables["turns"] if t["episode_id"] == eid]
        assert cells[4] == str(len(turns))
        assert cells[6] == str(sum(f["episode_id"] == eid for f in package.tables["figures"]))
        doc = parse((tmp_path / "site" / page).read_text(encoding="utf-8"))
        check_episode_page(doc, package, eid)
        assert any(a.attrs.get("href") == "index.html" for a in doc.find_all("a"))


def test_output_is_deterministic(tmp_path):
    package = read_package(ROOT / "datapackage.json")
    assert render_site(package) == render_site(package)


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["export", "html", str(ROOT), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: ") and len(result.output.strip().splitlines()) == 1
    assert (out / "keep.txt").read_text() == "mine" and len(list(out.iterdir())) == 1
    # A site written before is replaced whole, with nothing left over...
    site = tmp_path / "site"
    export(ROOT, site)
    (site / "index.html").unlink()  # a file the marker lists may be gone
    export(ROOT, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "site"]
    # ...but not once it holds a file companion did not write: that may be the user's.
    (site / "notes.html").write_text("mine")
    result = runner.invoke(app, ["export", "html", str(ROOT), "--out", str(site)])
    assert result.exit_code == 1 and "holds notes.html, a file companion did not write" in result.output
    assert (site / "notes.html").read_text() == "mine"


def test_a_folder_with_a_copy_of_a_site_is_not_replaced(tmp_path):
    """The page writer used to replace any folder whose index.html carried its generator
    tag, whatever else the folder held; the marker lists every file it wrote."""
    out = tmp_path / "mine"
    out.mkdir()
    shutil.copy(ROOT / "site/index.html", out / "index.html")
    (out / "notes.txt").write_text("keep me")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = runner.invoke(app, ["export", "html", str(ROOT), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.strip() == f"error: {out}: holds index.html, a file companion did not write; refusing to replace the folder (choose another --out, or remove it first)"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_columns_missing_unknown_or_timed(tmp_path):
    """A package whose schemas lack columns the page uses, add columns it does not
    know, carry cue times, or use a segment kind it has never seen still renders."""
    package_dir = build(tmp_path, "npr_style.txt")
    drop = {"turns": {"reply_to", "word_count", "confidence"}, "paragraphs": {"rule", "confidence", "attribution"},
            "speakers": {"description", "role"}, "figures": {"kind", "qualifier", "subject"}, "links": {"url"}}
    add = {"figures": {"scale": "thousand"}, "speakers": {"aliases": "Hadi"},
           "turns": {"start_time": "00:01:02.500", "end_time": "00:01:10.000"},
           "paragraphs": {"start_time": 62.5, "end_time": 70.0, "delivery": "voice_over"},
           "episodes": {"duration_seconds": 3725.0}}
    descriptor = json.loads((package_dir / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        name = resource["name"]
        schema_path = package_dir / resource["schema"]
        schema = json.loads(schema_path.read_text())
        schema["fields"] = [f for f in schema["fields"] if f["name"] not in drop.get(name, ())]
        for column, value in add.get(name, {}).items():
            schema["fields"].append({"name": column, "type": "number" if isinstance(value, float) else "string"})
        schema.pop("foreignKeys", None)
        schema_path.write_text(json.dumps(schema))
        path = package_dir / resource["path"]
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        for row in rows:
            for column in drop.get(name, ()):
                del row[column]
            row.update({k: str(v) for k, v in add.get(name, {}).items()})
            if name == "segments" and row["position"] == "0":
                row["kind"] = "boilerplate"
        columns = [f["name"] for f in schema["fields"]]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    export(package_dir, tmp_path / "site")
    doc = parse((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    ids = by_id(doc)
    package = read_package(package_dir / "datapackage.json")
    assert len(doc.find_all("div", "turn")) == len(package.tables["turns"])
    times = [t.attrs.get("datetime") for t in doc.find_all("time")]
    assert "PT62.5S" in times and "PT3725S" in times  # turn cue time and episode duration
    assert "1:02:05" in doc.text()
    first = ids["figure-000"]
    assert "scale thousand" in ids[first.attrs["aria-describedby"]].text()
    assert "boilerplate" in doc.text() and "(also written Hadi)" in doc.text() and "(voice over)" in doc.text()
    check_links_resolve(doc)
    for p in package.tables["paragraphs"]:
        assert visible_text(ids[f"p-{p['position']:03d}"]) == p["text"]


@pytest.mark.parametrize(
    "spans, expected",
    [
        ([], ["abcdef"]),
        ([(1, 3, "figure", "A")], ["a", ("A", ["bc"]), "def"]),
        ([(0, 6, "figure", "A"), (2, 4, "figure", "B")], [("A", ["ab", ("B", ["cd"]), "ef"])]),
        ([(0, 3, "figure", "A"), (2, 5, "figure", "B")], [("A", ["ab", ("B", ["c"])]), "def"]),  # overlap: clipped
        ([(0, 2, "label", "L"), (4, 4, "figure", "Z")], [("L", ["ab"]), "cd", ("Z", []), "ef"]),
    ],
)
def test_spans_nest(spans, expected):
    def show(nodes):
        return [n if isinstance(n, str) else (n.data, show(n.children)) for n in nodes]

    assert show(_tree("abcdef", 0, spans)) == expected


def test_cells_longer_than_the_csv_default_limit_are_read(tmp_path):
    """A segment's text can hold a whole long transcript, beyond csv's 131,072-character default."""
    csv.field_size_limit(131_072)  # the default, as in a fresh process
    package = copy_package(tmp_path / "pkg")
    segments = package / "data/segments.csv"
    rows = list(csv.DictReader(segments.open(encoding="utf-8")))
    rows[0]["text"] = "x" * 200_000
    with segments.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert len(read_package(package / "datapackage.json").tables["segments"][0]["text"]) == 200_000


def test_every_speaker_fixture_renders_whole(tmp_path):
    """The 23 hand-labelled transcripts of the speakers' dev set (both halves), in
    one package: labels of every shape, boilerplate, delivery notes, several hosts."""
    sources = sorted((FIXTURES / "speakers").glob("*/*.txt"))
    assert len(sources) >= 20
    result = runner.invoke(app, ["build", *(str(s) for s in sources), "--out", str(tmp_path / "pkg")])
    assert result.exit_code == 0, result.output
    export(tmp_path / "pkg", tmp_path / "site")
    package = read_package(tmp_path / "pkg/datapackage.json")
    index = parse((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    pages = [a.attrs["href"] for a in index.find_all("tbody")[0].find_all("a")]
    assert len(pages) == len(package.tables["episodes"]) == len(sources)
    for episode, page in zip(package.tables["episodes"], pages):
        check_episode_page(parse((tmp_path / "site" / page).read_text(encoding="utf-8")), package, episode["episode_id"])


def test_timed_and_marked_up_formats_render_whole(tmp_path):
    """Packages built from SRT, WebVTT, Podcasting 2.0 JSON and HTML, Markdown and
    service exports: every figure is marked on exactly its words, though their
    paragraph text and the source slice differ (markup, escapes, CRLF, joined cues)."""
    sources = sorted(p for p in (FIXTURES / "formats" / "dev").iterdir() if not p.name.endswith(".gold.csv"))
    assert {p.suffix for p in sources} >= {".srt", ".vtt", ".json", ".html", ".md"}
    result = runner.invoke(app, ["build", *(str(s) for s in sources), "--out", str(tmp_path / "pkg")])
    assert result.exit_code == 0, result.output
    export(tmp_path / "pkg", tmp_path / "site")
    package = read_package(tmp_path / "pkg/datapackage.json")
    formats = {e["source_format"] for e in package.tables["episodes"]}
    assert formats >= {"srt", "webvtt", "json", "html", "markdown", "export"}
    assert any(t.get("start_time") is not None for t in package.tables["turns"])
    index = parse((tmp_path / "site/index.html").read_text(encoding="utf-8"))
    pages = [a.attrs["href"] for a in index.find_all("tbody")[0].find_all("a")]
    for episode, page in zip(package.tables["episodes"], pages):
        doc = parse((tmp_path / "site" / page).read_text(encoding="utf-8"))
        check_episode_page(doc, package, episode["episode_id"])
        if episode.get("duration_seconds"):
            assert any(t.attrs.get("datetime", "").startswith("PT") for t in doc.find_all("time"))
