"""validate reads a package one episode at a time when its rows are in episode
order, and as whole tables otherwise: both ways find the same problems."""

import csv
import io
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion.cli import app
from companion.sandbox import check_package
from companion.validate import _by_episode, _whole, validate_package

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_corpus import write_corpus  # noqa: E402

runner = CliRunner()


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("npr_style.txt", "page_style.txt", "page_style.yaml", "pbs_style.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(FIXTURES / "formats" / "dev" / "bakery.vtt", folder / "bakery.vtt")  # a format with markup: check_spans
    write_corpus(folder / "shows", 3)
    out = tmp_path_factory.mktemp("pkg") / "pkg"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--no-cache", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def edit_csv(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows = edit(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def both_ways(folder: Path) -> tuple[list[str] | None, list[str]]:
    tables = {t.name: t for t in check_package(folder / "datapackage.json").tables}
    root = folder.resolve()
    return _by_episode(tables, root), _whole(tables, root)


def test_a_valid_package_is_read_in_step_and_finds_nothing(package):
    streamed, whole = both_ways(package)
    assert streamed == whole == []


def test_damage_is_found_the_same_way_in_step_and_whole(package, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(package, damaged)

    def paragraphs(rows):
        header = rows[0]
        text = header.index("text")
        rows[3][text] = rows[3][text] + " (edited)"
        rows[40][header.index("char_end")] = "999999"
        return rows

    def turns(rows):
        header = rows[0]
        first_of_other_episode = next(r for r in rows[1:] if r[header.index("episode_id")] != rows[1][header.index("episode_id")])
        rows[2][header.index("reply_to")] = first_of_other_episode[header.index("turn_id")]
        return rows

    def segments(rows):
        return rows[:5] + rows[6:]  # a gap in one episode's coverage

    def figures(rows):
        header = rows[0]
        rows[1][header.index("paragraph_offset")] = "3"
        return rows

    edit_csv(damaged / "data/paragraphs.csv", paragraphs)
    edit_csv(damaged / "data/turns.csv", turns)
    edit_csv(damaged / "data/segments.csv", segments)
    edit_csv(damaged / "data/figures.csv", figures)
    source = damaged / "data/source/pbs_style.txt"
    source.write_bytes(source.read_bytes().replace(b"report", b"rep0rt", 1))
    streamed, whole = both_ways(damaged)
    assert streamed == whole
    joined = "\n".join(streamed)
    for needle in ("paragraphs row 4 field text", "paragraphs row 41 field char_end", "turns row 3 field reply_to",
                   "gap in paragraph coverage", "figures row 2 field paragraph_offset", "field source_sha256"):
        assert needle in joined, needle


def test_rows_out_of_episode_order_are_checked_as_whole_tables(package, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(package, moved)
    edit_csv(moved / "data/turns.csv", lambda rows: [rows[0], *rows[2:], rows[1]])  # the first turn last
    streamed, whole = both_ways(moved)
    assert streamed is None and whole == []
    assert validate_package(moved / "datapackage.json") == []

    def edit_last(rows):
        rows[-1][rows[0].index("text")] = "Not what was said"
        return rows

    edit_csv(moved / "data/turns.csv", edit_last)
    problems = validate_package(moved / "datapackage.json")
    with (moved / "data/turns.csv").open(encoding="utf-8", newline="") as handle:
        last = len(list(csv.reader(handle)))
    assert any(p.startswith(f"turns row {last} field text: does not equal") for p in problems), problems
