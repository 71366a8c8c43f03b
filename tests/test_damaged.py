"""`companion validate` on damaged packages names the table, row and field."""

import csv
import shutil

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()


@pytest.fixture()
def package(tmp_path):
    out = tmp_path / "pkg"
    result = runner.invoke(app, ["build", str(FIXTURES / "page_style.txt"), "--out", str(out)])
    assert result.exit_code == 0
    return out


def validate(out):
    result = runner.invoke(app, ["validate", str(out / "datapackage.json")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_date_edited_by_hand(tmp_path):
    out = tmp_path / "pkg"
    assert runner.invoke(app, ["build", str(ROOT / "data/source/theworld-2021-06-11-khalilzad.txt"), "--out", str(out)]).exit_code == 0
    episodes = out / "data/episodes.csv"
    episodes.write_text(episodes.read_text(encoding="utf-8").replace(",2021-06-11,", ",6/11/2021,"), encoding="utf-8")
    output = validate(out)
    assert 'episodes row 2 field broadcast_date: Type error in the cell "6/11/2021"' in output


def test_deleted_row_that_another_table_references(package):
    segments = package / "data/segments.csv"
    with segments.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    with segments.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(r for r in rows if r[3] != "interview")
    output = validate(package)
    assert "turns row 2" in output and "segment_id" in output and "not found" in output
    assert "has a gap in paragraph coverage" in output


def test_changed_source_file(package):
    source = package / "data/source/page_style.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("farmers", "growers"), encoding="utf-8")
    output = validate(package)
    assert "episodes row 2 field source_sha256: data/source/page_style.txt has sha256" in output


def test_missing_descriptor(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "datapackage.json")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_broken_descriptor(package):
    (package / "datapackage.json").write_text("{not json", encoding="utf-8")
    assert "not valid JSON" in validate(package)


def test_csv_saved_back_by_a_spreadsheet_with_a_changed_quote(package):
    shutil.copy(package / "data/turns.csv", package / "turns.bak")
    turns = package / "data/turns.csv"
    turns.write_text(turns.read_text(encoding="utf-8").replace("How bad is it this year?", "How bad is it this year ?"), encoding="utf-8")
    assert "turns row 2 field text: does not equal source" in validate(package)


def test_figure_moved_within_its_paragraph(package):
    figures = package / "data/figures.csv"
    with figures.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["paragraph_offset"] = str(int(rows[0]["paragraph_offset"]) + 1)
    with figures.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert "figures row 2 field paragraph_offset: the text is not at offset" in validate(package)
