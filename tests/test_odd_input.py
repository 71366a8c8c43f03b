"""Odd but valid input is kept exactly, and every CSV round-trips through pandas and csv."""

import csv
import io

import pandas as pd
import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from companion.checks import QUOTING
from companion.cli import app
from companion.schemas import TABLES
from companion.source import collapse_whitespace

runner = CliRunner()


@pytest.fixture(scope="module", params=["odd_but_valid.txt", "odd_but_valid_crlf.txt"])
def package(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("odd") / "pkg"
    result = runner.invoke(app, ["build", str(FIXTURES / request.param), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, request.param


def test_source_is_kept_byte_for_byte(package):
    out, name = package
    assert (out / "data/source" / name).read_bytes() == (FIXTURES / name).read_bytes()


def test_offsets_round_trip_on_odd_characters(package):
    out, name = package
    source = (out / "data/source" / name).read_bytes().decode("utf-8")
    assert source.startswith("\ufeff")
    for table, column in QUOTING.items():
        rows = list(csv.DictReader((out / f"data/{table}.csv").open(encoding="utf-8", newline="")))
        for row in rows:
            piece = source[int(row["char_start"]):int(row["char_end"])]
            assert collapse_whitespace(piece) == collapse_whitespace(row[column])
            if table in ("paragraphs", "links", "figures"):
                assert piece == row[column]  # exactly, NBSP and zero-width space included


def test_odd_characters_survive_in_the_tables(package):
    out, _ = package
    paragraphs = (out / "data/paragraphs.csv").read_text(encoding="utf-8")
    for piece in ("\u00a0", "\u200b", "😀", "زلمی خلیلزاد", "=SUM(A1:A2)", "+1 from me", '""quotes""'):
        assert piece in paragraphs, piece
    speakers = pd.read_csv(out / "data/speakers.csv")
    assert "زلمی خلیلزاد" in set(speakers["name"])
    assert "\r" not in (out / "data/turns.csv").read_text(encoding="utf-8")


def test_turn_text_keeps_quotes_commas_and_newlines(package):
    out, _ = package
    turns = list(csv.DictReader((out / "data/turns.csv").open(encoding="utf-8", newline="")))
    assert any("\n" in t["text"] for t in turns)
    assert any('"off the record", he said,' in t["text"] for t in turns)


@pytest.mark.parametrize("table", TABLES)
def test_every_csv_round_trips_through_pandas_and_csv(package, table):
    out, _ = package
    original = (out / f"data/{table}.csv").read_bytes()
    frame = pd.read_csv(io.BytesIO(original), dtype=str, keep_default_na=False, encoding="utf-8")
    assert frame.to_csv(index=False, lineterminator="\n").encode("utf-8") == original
    rows = list(csv.reader(io.StringIO(original.decode("utf-8"), newline="")))
    again = io.StringIO()
    csv.writer(again, lineterminator="\n").writerows(rows)
    assert again.getvalue().encode("utf-8") == original


def test_package_validates(package):
    out, _ = package
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
