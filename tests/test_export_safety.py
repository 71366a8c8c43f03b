"""Every export is placed by one rule (writers/__init__.py, on output.py), and a
damaged or hostile package gives one error line, never a traceback, and is
never read outside its folder.

A folder export carries the marker that a package carries and is replaced only
while it holds exactly what the marker lists; a file export replaces only an
earlier export of its format; none replaces the package's folder, one that
holds it, or the current folder; files are 0644 and folders 0755 whatever the
umask. The data exports refuse a package that does not validate; the page
(html) shows it as it is, with a warning.
"""

import csv
import io
import json
import os
import shutil
import stat

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from companion.cli import app
from companion.errors import InputError
from companion.output import MARKER
from companion.writers import WRITERS, read_package, writer

runner = CliRunner()
FORMATS = list(WRITERS)
OUT = {"xlsx": "x.xlsx", "sqlite": "x.sqlite"}  # the others write folders
SECRET = "s3cret-outside-the-package"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A small timed package (podcasting20 writes all four of its files for it)."""
    out = tmp_path_factory.mktemp("built") / "pkg"
    result = runner.invoke(app, ["build", str(FIXTURES / "formats/dev/bakery.vtt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture()
def package(built, tmp_path):
    """A copy of the package to damage, beside a file it must never read."""
    (tmp_path / "secret.csv").write_text(f"link_id,episode_id\n{SECRET},x\n", encoding="utf-8")
    copy = tmp_path / "pkg"
    shutil.copytree(built, copy)
    return copy


def export(fmt, package, out):
    return runner.invoke(app, ["export", fmt, str(package), "--out", str(out)])


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and result.output.strip().splitlines()[-1] == errors[0], result.output
    assert SECRET not in result.output
    return errors[0]


# --- one rule for placing every export ------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_is_placed_whole_with_fixed_modes_and_replaced_only_by_itself(fmt, package, tmp_path):
    target = tmp_path / "exports" / OUT.get(fmt, f"x-{fmt}")
    old = os.umask(0)
    try:
        assert export(fmt, package, target).exit_code == 0
        first = snapshot(target.parent)
        result = export(fmt, package, target)  # an earlier export is replaced...
        assert result.exit_code == 0, result.output
    finally:
        os.umask(old)
    assert snapshot(target.parent) == first  # ...by the same bytes, nothing left beside it
    made = [target] + (sorted(target.rglob("*")) if target.is_dir() else [])
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == (0o755 if path.is_dir() else 0o644), path
    if fmt in OUT:
        assert target.is_file()
        return
    marker = json.loads((target / MARKER).read_text(encoding="utf-8"))
    assert sorted(marker["files"]) == sorted(p.relative_to(target).as_posix() for p in made if p.is_file() and p.name != MARKER)
    # A file it did not write, or one changed since, and the folder is left alone.
    (target / "notes.txt").write_text("mine")
    before = snapshot(target)
    assert one_error(export(fmt, package, target)) == (
        f"error: {target}: holds notes.txt, a file companion did not write; refusing to replace the folder (choose another --out, or remove it first)")
    assert snapshot(target) == before
    (target / "notes.txt").unlink()
    written = next(name for name in sorted(marker["files"]))
    (target / written).write_bytes(b"edited")
    assert "changed since companion wrote it" in one_error(export(fmt, package, target))
    assert (target / written).read_bytes() == b"edited"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_replaces_the_package_or_the_current_folder(fmt, package, tmp_path, monkeypatch):
    before = snapshot(tmp_path)
    for out in (package, tmp_path):  # the package's folder, a folder that holds it
        assert one_error(export(fmt, package, out)) == (
            f"error: {out}: is the package's folder or holds it; an export never replaces it: choose another --out")
    monkeypatch.chdir(tmp_path / "pkg" / "data")
    one_error(export(fmt, package, "."))
    assert snapshot(tmp_path) == before


def test_podcasting20_no_longer_writes_into_a_users_folder(package, tmp_path):
    """It used to write its files into --out whatever else was there."""
    out = tmp_path / "feed"
    out.mkdir()
    (out / "episode.mp3").write_bytes(b"ID3 audio")
    assert "holds episode.mp3, a file companion did not write" in one_error(export("podcasting20", package, out))
    assert sorted(p.name for p in out.iterdir()) == ["episode.mp3"]


def test_writers_only_render(package):
    """No writer touches the disk: each returns bytes for export() to place."""
    data = read_package(package / "datapackage.json")
    for fmt in FORMATS:
        module = writer(fmt)
        made = module.render(data, package.parent / "somewhere")
        assert (made.file is None) == (module.OUTPUT == "folder") and (made.files is None) == (module.OUTPUT == "file"), fmt
    assert not (package.parent / "somewhere").exists()


# --- damaged and hostile packages ---------------------------------------------------------


def _edit_descriptor(package, change):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def _resource(descriptor, name):
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _csv_rows(package, name, edit):
    path = package / f"data/{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")


DAMAGE = {
    "missing-file": lambda p: (p / "data/links.csv").unlink(),
    "link-to-outside": lambda p: ((p / "data/links.csv").unlink(), (p / "data/links.csv").symlink_to(p.parent / "secret.csv")),
    "path-outside": lambda p: _edit_descriptor(p, lambda d: _resource(d, "links").update(path="../secret.csv")),
    "absolute-path": lambda p: _edit_descriptor(p, lambda d: _resource(d, "links").update(path=str(p.parent / "secret.csv"))),
    "remote-schema": lambda p: _edit_descriptor(p, lambda d: _resource(d, "links").update(schema="http://127.0.0.1:9/links.schema.json")),
    "fifo": lambda p: ((p / "data/links.csv").unlink(), os.mkfifo(p / "data/links.csv")),
    "not-json": lambda p: (p / "datapackage.json").write_text("{\"resources\": [", encoding="utf-8"),
    "not-utf8": lambda p: (p / "data/turns.csv").write_bytes((p / "data/turns.csv").read_bytes() + b"\xff\xfe,\n"),
    "short-row": lambda p: _csv_rows(p, "turns", lambda lines: lines + ["x,y\n"]),
    "not-an-integer": lambda p: _csv_rows(p, "turns", lambda lines: [lines[0], lines[1].replace(",0,", ",zero,", 1), *lines[2:]]),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_package_is_one_error_line_for_the_page(damage, package, tmp_path):
    """The page reads leniently, so a damaged package reaches read_package: the sandbox
    refuses what lies outside or is no regular file, the reader what cannot be read."""
    DAMAGE[damage](package)
    result = export("html", package, tmp_path / "site")
    if damage in ("short-row", "not-an-integer"):  # readable: the page shows the package as it is, and says so
        assert result.exit_code == 0, result.output
        assert "warning: " in result.output and "does not validate" in result.output
        return
    one_error(result)
    assert not (tmp_path / "site").exists()
    leaked = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.endswith(".csv") and SECRET.encode() in p.read_bytes()]
    assert leaked == []


@pytest.mark.parametrize("damage", ["link-to-outside", "fifo", "not-an-integer", "short-row"])
@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "html"])
def test_a_damaged_package_is_refused_by_every_data_export(fmt, damage, package, tmp_path):
    DAMAGE[damage](package)
    one_error(export(fmt, package, tmp_path / OUT.get(fmt, f"x-{fmt}")))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pkg", "secret.csv"]  # nothing written


@pytest.mark.parametrize("damage", DAMAGE)
def test_read_package_never_raises_anything_but_one_input_error(damage, package):
    DAMAGE[damage](package)
    for lenient in (False, True):
        try:
            data = read_package(package / "datapackage.json", lenient=lenient)
        except InputError as exc:
            assert "\n" not in str(exc) and SECRET not in str(exc)
        else:
            assert lenient and damage in ("short-row", "not-an-integer"), damage
            assert SECRET not in json.dumps(data.tables, default=str)


def test_a_valid_package_of_another_shape_is_refused_by_the_data_exports(package, tmp_path):
    """validate checks rows against the package's own schemas; the data exports also need
    companion's columns. A turns table without speaker_id validates, and is refused."""
    schema_path = package / "schemas/turns.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "speaker_id"]
    schema["foreignKeys"] = [k for k in schema.get("foreignKeys", []) if "speaker_id" not in k["fields"]]
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    table = list(csv.reader(io.StringIO((package / "data/turns.csv").read_text(encoding="utf-8"), newline="")))
    drop = table[0].index("speaker_id")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([row[:drop] + row[drop + 1:] for row in table])
    (package / "data/turns.csv").write_text(out.getvalue(), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(package)]).exit_code == 0
    line = one_error(export("podcasting20", package, tmp_path / "feed"))
    assert "not shaped as companion writes packages" in line and "turns: no column speaker_id" in line
    assert export("html", package, tmp_path / "site").exit_code == 0  # the page shows what there is
