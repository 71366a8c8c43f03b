"""Each export read back by a real consumer: every row and every value equal to
the CSVs, no text turned into a formula or a number.

The package holds three episodes: the committed interview, a fixture of
spreadsheet traps (text starting with =, +, -, @; "45,000", "007", "TRUE",
"1/2", "1E5"; accented names) and one with right-to-left names and emoji.
"""

import asyncio
import csv
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion.cli import app
from companion.output import MARKER
from companion.package import format_value
from companion.schemas import TABLES, load_schema
from companion.writers import export, read_package

runner = CliRunner()
TRANSCRIPTS = [ROOT / "data/source/theworld-2021-06-11-khalilzad.txt", FIXTURES / "exports/spreadsheet_traps.txt", FIXTURES / "odd_but_valid.txt"]
TRAPS = ("=1+1", "+44", "-5 degrees", "@accounts", "TRUE, and 1/2", "3.14159 and 1E5", "=SUM(A1:A2)")


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A built package of three episodes, with every export written by `build --export`."""
    out = tmp_path_factory.mktemp("exports") / "pkg"
    result = runner.invoke(app, ["build", *map(str, TRANSCRIPTS), "--out", str(out), "--name", "three-episodes", "--export", "xlsx,sqlite,parquet,convokit"])
    assert result.exit_code == 0, result.output
    return out


def csv_tables(package: Path) -> dict[str, list[dict]]:
    tables = {}
    for table in TABLES:
        with (package / f"data/{table}.csv").open(encoding="utf-8", newline="") as handle:
            tables[table] = list(csv.DictReader(handle))
    return tables


def types(table: str) -> dict[str, str]:
    return {f["name"]: f["type"] for f in load_schema(table)["fields"]}


def as_csv(value, kind: str) -> str:
    """A consumer's value written the way the CSV writes it, so the two compare as strings."""
    if value is None:
        return ""
    if kind == "boolean" and isinstance(value, int):
        return "true" if value else "false"
    if kind == "date" and isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if kind == "number":
        return format_value(float(value))
    if kind == "integer":
        return format_value(int(value))
    assert isinstance(value, str), f"{value!r} should be text"
    return value


def test_the_package_holds_every_trap(package):
    tables = csv_tables(package)
    texts = [row["text"] for row in tables["turns"] + tables["paragraphs"]]
    for trap in TRAPS:
        assert any(text.startswith(trap) for text in texts), trap
    figures = [row["text"] for row in csv_tables(package)["figures"]]
    assert "45,000" in figures and "007" in figures


def test_build_export_writes_each_format_into_the_package(package):
    assert sorted(p.name for p in package.iterdir() if p.name.startswith("three-episodes")) == [
        "three-episodes-convokit", "three-episodes-parquet", "three-episodes.sqlite", "three-episodes.xlsx",
    ]
    assert runner.invoke(app, ["validate", str(package)]).exit_code == 0  # the exports beside it change nothing


# --- xlsx ------------------------------------------------------------------


def test_openpyxl_reads_every_value_with_its_type(package):
    import openpyxl

    workbook = openpyxl.load_workbook(package / "three-episodes.xlsx")
    assert workbook.sheetnames == ["README", *TABLES]
    for table, rows in csv_tables(package).items():
        sheet = workbook[table]
        kinds = types(table)
        cells = list(sheet.iter_rows())
        header = [c.value for c in cells[0]]
        assert header == list(kinds)
        assert len(cells) - 1 == len(rows), table
        for row, expected in zip(cells[1:], rows):
            for cell, column in zip(row, header):
                kind = kinds[column]
                assert cell.data_type != "f", (table, column, cell.value)
                assert as_csv(cell.value, kind) == expected[column], (table, column)
                if cell.value is not None:
                    assert cell.data_type == {"string": "s", "boolean": "b", "date": "d"}.get(kind, "n"), (table, column, cell.value)
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        assert all(c.font.b for c in cells[0])


def test_workbook_readme_sheet_has_title_license_and_dictionary(tmp_path):
    out = tmp_path / "k.xlsx"
    assert runner.invoke(app, ["export", "xlsx", str(ROOT), "--out", str(out)]).exit_code == 0
    import openpyxl

    values = [v for row in openpyxl.load_workbook(out)["README"].iter_rows(values_only=True) for v in row if v]
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert values[0] == descriptor["title"]
    assert any("other-closed" in v for v in values)
    assert any(descriptor["sources"][0]["path"] in v for v in values)
    assert "is_question" in values and load_schema("turns")["description"] in values


def test_cells_over_the_spreadsheet_limit_are_cut_visibly(tmp_path):
    from companion.writers import xlsx
    from companion.writers.tables import PackageData

    schema = {"fields": [{"name": "text", "type": "string"}]}
    data = PackageData(tmp_path, {"name": "long"}, {"t": schema}, {"t": [{"text": "word " * 8000}, {"text": "short"}]})
    warnings = export("xlsx", data, tmp_path / "long.xlsx")
    assert len(warnings) == 1 and "t row 2 column text (40,000 characters" in warnings[0]
    import openpyxl

    workbook = openpyxl.load_workbook(tmp_path / "long.xlsx")
    cell = workbook["t"]["A2"].value
    assert len(cell) == xlsx.MAX_CELL and cell.endswith("[... cut: 40,000 characters in all]")
    assert workbook["t"]["A3"].value == "short"
    assert any("t row 2 column text" in (v or "") for row in workbook["README"].iter_rows(values_only=True) for v in row)


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice(args: list[str], profile: Path) -> None:
    # A private profile: several runs (or engineers) at once must not share one.
    command = [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", *args]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


@pytest.mark.skipif(not _soffice(), reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
def test_libreoffice_reads_every_value_and_keeps_text_as_text_after_saving(package, tmp_path):
    import openpyxl

    workbook = package / "three-episodes.xlsx"
    # 1. LibreOffice's own reading, every sheet to CSV (UTF-8, raw values, not as shown).
    _libreoffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(tmp_path / "csv"), str(workbook)], tmp_path / "profile")
    for table, rows in csv_tables(package).items():
        with (tmp_path / f"csv/three-episodes-{table}.csv").open(encoding="utf-8", newline="") as handle:
            got = list(csv.DictReader(handle))
        assert len(got) == len(rows), table
        for seen, expected in zip(got, rows):
            for column, kind in types(table).items():
                value = seen[column]
                if kind == "boolean" and value:
                    value = value.lower()
                elif kind in ("integer", "number") and value:
                    value = format_value(float(value) if kind == "number" else int(value))
                assert value == expected[column], (table, column)
    # 2. Saved again by LibreOffice as xlsx: text that looks like a formula or a number is still text.
    _libreoffice(["--convert-to", "xlsx", "--outdir", str(tmp_path / "resaved"), str(workbook)], tmp_path / "profile")
    resaved = openpyxl.load_workbook(tmp_path / "resaved/three-episodes.xlsx")
    texts = {c.value: c.data_type for name in ("turns", "paragraphs") for row in resaved[name].iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    for trap in TRAPS:
        found = [t for t in texts if t.startswith(trap)]
        assert found and all(texts[t] == "s" for t in found), trap
    figures = resaved["figures"]
    header = [c.value for c in figures[1]]
    column = header.index("text")
    cells = {row[column].value: row[column].data_type for row in figures.iter_rows(min_row=2)}
    assert cells["45,000"] == "s" and cells["007"] == "s"
    # Calc has no boolean cells: it saves true/false as the formulas =TRUE() and =FALSE().
    # Those are the only formulas; no text became one.
    for table in TABLES:
        kinds = list(types(table).values())
        for row in resaved[table].iter_rows(min_row=2):
            for cell, kind in zip(row, kinds):
                if cell.data_type == "f":
                    assert kind == "boolean" and cell.value in ("=TRUE()", "=FALSE()"), (table, cell.coordinate, cell.value)


# --- sqlite ----------------------------------------------------------------


def test_sqlite_has_typed_columns_nulls_booleans_and_keys(package):
    connection = sqlite3.connect(package / "three-episodes.sqlite")
    try:
        for table, rows in csv_tables(package).items():
            kinds = types(table)
            info = {r[1]: (r[2], r[3], r[5]) for r in connection.execute(f"PRAGMA table_info([{table}])")}
            assert list(info) == list(kinds)
            for column, kind in kinds.items():
                sql_type, not_null, _ = info[column]
                assert sql_type == {"integer": "INTEGER", "boolean": "INTEGER", "number": "REAL"}.get(kind, "TEXT"), (table, column)
                assert bool(not_null) == bool(load_schema(table)["fields"][list(kinds).index(column)].get("constraints", {}).get("required"))
            assert [c for c, (_, _, pk) in info.items() if pk] == load_schema(table)["primaryKey"]
            keys = {(r[3], r[2], r[4]) for r in connection.execute(f"PRAGMA foreign_key_list([{table}])")}
            expected_keys = {(k["fields"][0], k["reference"]["resource"], k["reference"]["fields"][0]) for k in load_schema(table).get("foreignKeys", [])}
            assert keys == expected_keys, table
            got = connection.execute(f"SELECT * FROM [{table}]").fetchall()
            assert len(got) == len(rows)
            for values, expected in zip(got, rows):
                for value, (column, kind) in zip(values, kinds.items()):
                    if expected[column] == "":
                        assert value is None, (table, column)  # NULL, not ''
                    if kind == "boolean":
                        assert value in (0, 1)
                    assert as_csv(value, kind) == expected[column], (table, column)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_sqlite_full_text_search_and_views_with_sqlite_utils(package):
    import sqlite_utils

    db = sqlite_utils.Database(package / "three-episodes.sqlite")
    hits = list(db["turns"].search("pipes"))
    assert len(hits) == 1 and hits[0]["text"].startswith("-5 degrees froze the pipes")
    assert len(list(db["turns"].search("froze"))) == 1 and len(list(db["turns"].search("freeze"))) == 0
    assert len(list(db["paragraphs"].search("reservoir"))) == 0  # a word not in the package finds nothing
    assert {row["speaker"] for row in db["turns_with_speakers"].rows} >= {"Tomás Ortega", "Inés Müller", "Zalmay Khalilzad"}
    joined = [row for row in db["figures_with_turns"].rows if row["text"].startswith("45,000") and row["episode_id"] == "spreadsheet_traps"]
    assert joined[0]["speaker"] == "Inés Müller" and "45,000 litres" in joined[0]["turn_text"]
    descriptor = json.loads(db["_datapackage"].get(1)["descriptor"])
    assert descriptor["name"] == "three-episodes"
    db.close()


def test_datasette_opens_it_and_searches(package):
    from datasette.app import Datasette

    async def query():
        datasette = Datasette(files=[str(package / "three-episodes.sqlite")])
        search = await datasette.client.get("/three-episodes/turns.json?_search=ledger&_shape=objects")
        view = await datasette.client.get("/three-episodes/turns_with_speakers.json?_shape=objects&speaker=Inés Müller")
        return search, view

    search, view = asyncio.run(query())
    assert search.status_code == 200 and [r["text"][:4] for r in search.json()["rows"]] == ["=1+1"]
    assert view.status_code == 200 and len(view.json()["rows"]) == 4


# --- parquet ---------------------------------------------------------------


def test_parquet_types_and_values_through_pyarrow(package):
    import pyarrow.parquet as pq

    arrow_types = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool", "date": "date32[day]"}
    for table, rows in csv_tables(package).items():
        data = pq.read_table(package / f"three-episodes-parquet/{table}.parquet")
        kinds = types(table)
        assert data.schema.names == list(kinds)
        for column, kind in kinds.items():
            field = data.schema.field(column)
            assert str(field.type) == arrow_types[kind], (table, column)
            assert field.metadata[b"description"]
        assert json.loads(data.schema.metadata[b"frictionless:table_schema"]) == load_schema(table)
        for got, expected in zip(data.to_pylist(), rows, strict=True):
            assert {c: as_csv(got[c], kinds[c]) for c in kinds} == expected


def test_duckdb_reads_many_packages_at_once(package, tmp_path):
    import duckdb

    other = tmp_path / "other"
    assert runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(other), "--export", "parquet"]).exit_code == 0
    exports = f"{package.parent.as_posix()}/*/*-parquet/turns.parquet"
    shutil.copytree(other / "npr_style-companion-parquet", package.parent / "npr" / "npr-parquet")
    try:
        episodes = duckdb.sql(f"SELECT episode_id, count(*) AS turns, sum(word_count) FROM read_parquet('{exports}') GROUP BY 1 ORDER BY 1").fetchall()
    finally:
        shutil.rmtree(package.parent / "npr")
    expected = {}
    for directory in (package, other):
        for row in csv_tables(directory)["turns"]:
            count, words = expected.get(row["episode_id"], (0, 0))
            expected[row["episode_id"]] = (count + 1, words + int(row["word_count"]))
    assert {e: (n, w) for e, n, w in episodes} == expected
    kind = duckdb.sql(f"SELECT typeof(is_question), typeof(broadcast_date) FROM read_parquet('{package.as_posix()}/three-episodes-parquet/turns.parquet'), "
                      f"read_parquet('{package.as_posix()}/three-episodes-parquet/episodes.parquet') LIMIT 1").fetchall()[0]
    assert kind == ("BOOLEAN", "DATE")


# --- convokit --------------------------------------------------------------


def test_convokit_files_follow_the_documented_format(package):
    """ConvoKit's corpus format (convokit.cornell.edu, "Data format"): checked on the files themselves."""
    folder = package / "three-episodes-convokit"
    files = ["utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*files, MARKER])  # the marker lists what companion wrote
    assert sorted(json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"]) == sorted(files)
    tables = csv_tables(package)
    utterances = [json.loads(line) for line in (folder / "utterances.jsonl").read_text(encoding="ascii").splitlines()]
    assert [u["id"] for u in utterances] == [t["turn_id"] for t in tables["turns"]]
    speakers = json.loads((folder / "speakers.json").read_text(encoding="ascii"))
    conversations = json.loads((folder / "conversations.json").read_text(encoding="ascii"))
    ids = {u["id"] for u in utterances}
    for utterance, turn in zip(utterances, tables["turns"]):
        assert set(utterance) == {"id", "conversation_id", "text", "speaker", "meta", "reply_to", "timestamp", "vectors"}
        assert utterance["text"] == turn["text"] and utterance["speaker"] == turn["speaker_id"]
        assert (utterance["reply_to"] or "") == turn["reply_to"] and (utterance["reply_to"] is None or utterance["reply_to"] in ids)
        assert utterance["speaker"] in speakers and utterance["conversation_id"] in conversations
        assert utterance["conversation_id"] in ids  # a conversation is named after its root utterance
    per_turn = {}
    for figure in tables["figures"]:
        per_turn.setdefault(figure["turn_id"], []).append(figure["figure_id"])
    assert {u["id"]: [f["figure_id"] for f in u["meta"]["figures"]] for u in utterances if u["meta"]["figures"]} == {k: v for k, v in per_turn.items() if k}
    # No value lost: every column of turns, figures, speakers and episodes is there, as in the CSVs.
    figures = {f["figure_id"]: f for f in tables["figures"]}
    for utterance, turn in zip(utterances, tables["turns"]):
        top = {"turn_id": utterance["id"], "speaker_id": utterance["speaker"], "text": utterance["text"], "reply_to": utterance["reply_to"]}
        assert {c: as_csv({**utterance["meta"], **top}[c], k) for c, k in types("turns").items()} == turn
        for figure in utterance["meta"]["figures"]:
            assert {c: as_csv(figure[c], k) for c, k in types("figures").items()} == figures[figure["figure_id"]]
    for speaker in tables["speakers"]:
        meta = {**speakers[speaker["speaker_id"]]["meta"], "speaker_id": speaker["speaker_id"]}
        assert {c: as_csv(meta[c], k) for c, k in types("speakers").items()} == speaker
    episodes = {c["meta"]["episode_id"]: c["meta"] for c in conversations.values()}
    for episode in tables["episodes"]:
        if episode["episode_id"] in episodes:  # an episode without turns has no conversation
            assert {c: as_csv(episodes[episode["episode_id"]][c], k) for c, k in types("episodes").items()} == episode
    index = json.loads((folder / "index.json").read_text(encoding="ascii"))
    assert index["utterances-index"]["is_question"] == ["<class 'bool'>"] and index["utterances-index"]["figures"] == ["<class 'list'>"]
    assert set(index["speakers-index"]) == set(next(iter(speakers.values()))["meta"])
    assert json.loads((folder / "corpus.json").read_text(encoding="ascii"))["name"] == "three-episodes"


def test_convokit_loads_the_corpus(package, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # ConvoKit writes ~/.convokit/config.yml on first use
    convokit = pytest.importorskip("convokit", reason="convokit is not installed (make test installs it from requirements-nodeps.lock)")
    tables = csv_tables(package)
    corpus = convokit.Corpus(filename=str(package / "three-episodes-convokit"))
    assert len(list(corpus.iter_utterances())) == len(tables["turns"])
    assert {s.id for s in corpus.iter_speakers()} == {t["speaker_id"] for t in tables["turns"]}
    for turn in tables["turns"]:
        utterance = corpus.get_utterance(turn["turn_id"])
        assert utterance.text == turn["text"] and utterance.speaker.id == turn["speaker_id"]
        assert (utterance.reply_to or "") == turn["reply_to"]
        assert utterance.meta["is_question"] == (turn["is_question"] == "true")
    for conversation in corpus.iter_conversations():
        assert conversation.check_integrity(verbose=False)
        assert conversation.meta["episode_id"] in {e["episode_id"] for e in tables["episodes"]}
    spoken = corpus.get_utterance(next(f["turn_id"] for f in tables["figures"] if f["text"] == "45,000"))
    assert any(f["text"] == "45,000" and f["value"] == 45000 for f in spoken.meta["figures"])
    assert corpus.meta["name"] == "three-episodes"


# --- all formats -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "sqlite", "parquet", "convokit"])
def test_same_package_same_bytes(fmt, tmp_path):
    data = read_package(ROOT / "datapackage.json")
    for name in ("a", "b"):
        export(fmt, data, tmp_path / name)

    def contents(path: Path) -> dict:
        if path.is_file():
            return {"": path.read_bytes()}
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}

    assert contents(tmp_path / "a") == contents(tmp_path / "b")


@pytest.mark.parametrize("fmt, out", [("xlsx", "x.xlsx"), ("sqlite", "x.sqlite"), ("parquet", "x-parquet"), ("convokit", "x-convokit")])
def test_an_earlier_export_is_replaced_and_anything_else_is_left_alone(fmt, out, tmp_path):
    target = tmp_path / out
    assert runner.invoke(app, ["export", fmt, str(ROOT), "--out", str(target)]).exit_code == 0
    result = runner.invoke(app, ["export", fmt, str(ROOT), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [out]  # nothing left behind
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "mine.txt").write_text("keep me")
    (tmp_path / "notes.xlsx").write_text("not a workbook")
    folder = not out.endswith((".xlsx", ".sqlite"))
    for victim in (precious, tmp_path / "notes.xlsx"):
        result = runner.invoke(app, ["export", fmt, str(ROOT), "--out", str(victim)])
        assert result.exit_code == 1
        if not folder:
            expected = f"already exists and is not an earlier {fmt} export; refusing to replace it"
        elif victim == precious:  # a folder export names the first file it did not write
            expected = "holds mine.txt, a file companion did not write; refusing to replace the folder (choose another --out, or remove it first)"
        else:
            expected = "output path exists and is not a folder"
        assert result.output.strip() == f"error: {victim}: {expected}"
    assert (precious / "mine.txt").read_text() == "keep me" and (tmp_path / "notes.xlsx").read_text() == "not a workbook"


def test_export_refuses_an_invalid_package(tmp_path):
    shutil.copytree(ROOT, tmp_path / "pkg", ignore=shutil.ignore_patterns(".*", "src", "tests", "scripts", "*.lock"))
    turns = tmp_path / "pkg/data/turns.csv"
    turns.write_text(turns.read_text(encoding="utf-8").replace("true,", "yes,", 1), encoding="utf-8")
    result = runner.invoke(app, ["export", "sqlite", str(tmp_path / "pkg"), "--out", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 1 and "not a valid package" in result.output
    assert not (tmp_path / "x.sqlite").exists()


def test_unknown_format_and_missing_library_are_one_line(tmp_path, monkeypatch):
    result = runner.invoke(app, ["export", "pdf", str(ROOT), "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and result.output.startswith("error: unknown export format 'pdf' (known formats: ")
    result = runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(tmp_path / "p"), "--export", "xlsx,pdf"])
    assert result.exit_code == 1 and "--export: unknown format 'pdf'" in result.output and not (tmp_path / "p").exists()
    monkeypatch.setitem(sys.modules, "xlsxwriter", None)  # as if the export extra were not installed
    result = runner.invoke(app, ["export", "xlsx", str(ROOT), "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {tmp_path / 'x.xlsx'}: the xlsx export needs xlsxwriter (pip install 'companion[export]')"
    assert os.listdir(tmp_path) == []
