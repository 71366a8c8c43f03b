"""The README's "Using the package" examples, run on a copy of the committed package.

Shell blocks: each `companion ...` line runs through the CLI, each `sqlite3 FILE
"SQL"` line through Python's sqlite3. Python examples that need an export are
fenced as ```py (test_readme.py runs the ```python ones in the checkout itself).
The R block runs with Rscript where R is installed; its column classes are
checked against the schemas everywhere.
"""

import re
import shlex
import shutil
import sqlite3
import subprocess

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from companion.cli import app
from companion.schemas import load_schema

runner = CliRunner()
R_CLASSES = {"string": "character", "integer": "integer", "number": "numeric", "boolean": "logical", "date": "Date"}


def section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## Using the package"): readme.index("## Preparation")]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), re.S)


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    for name in ("datapackage.json", "data", "schemas"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
        else:
            shutil.copy(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))  # ConvoKit writes ~/.convokit/config.yml
    return tmp_path


def test_each_export_has_an_example_of_at_most_three_lines():
    commands = [line for block in blocks("sh") for line in block.splitlines() if line.startswith("companion export")]
    assert sorted(line.split()[2] for line in commands) == ["convokit", "parquet", "sqlite", "xlsx"]
    for block in blocks("sh") + blocks("py"):
        assert len(block.strip().splitlines()) <= 3, block


def test_shell_and_python_examples_run(package_copy, capsys):
    for block in blocks("sh"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["companion"]:
                result = runner.invoke(app, words[1:])
                assert result.exit_code == 0, (line, result.output)
            elif words[:1] == ["sqlite3"]:
                connection = sqlite3.connect(words[1])
                rows = connection.execute(words[2]).fetchall()
                connection.close()
                assert rows and all(speaker in ("Marco Werman", "Zalmay Khalilzad") for speaker, _ in rows)
                assert all("Taliban" in text for _, text in rows)
    pytest.importorskip("convokit", reason="convokit is not installed (make test installs it from requirements-nodeps.lock)")
    for block in blocks("py"):
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "theworld-2021-06-11-khalilzad:speaker:zalmay-khalilzad" in printed  # duckdb's table
    assert printed.rstrip().endswith("Zalmay Khalilzad")  # ConvoKit's speaker


def r_classes(block: str) -> dict[str, dict[str, str]]:
    """Each read.csv call's table and its colClasses, parsed from the R code."""
    calls = re.findall(r'read\.csv\("data/(\w+)\.csv".*?colClasses = c\((.*?)\)\)', block, re.S)
    return {table: dict(re.findall(r'(\w+) = "(\w+)"', classes)) for table, classes in calls}


def test_r_column_classes_match_the_schemas():
    (block,) = blocks("r")
    tables = r_classes(block)
    assert set(tables) == {"turns", "episodes"}
    for table, classes in tables.items():
        fields = load_schema(table)["fields"]
        assert list(classes) == [f["name"] for f in fields], table  # every column named, none left to guessing
        assert classes == {f["name"]: R_CLASSES[f["type"]] for f in fields}, table
    assert "logical" in tables["turns"].values() and "Date" in tables["episodes"].values()


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R (Rscript) is not installed: apt-get install r-base-core")
def test_r_reads_logical_and_date_columns(package_copy):
    (block,) = blocks("r")
    check = block + (
        'stopifnot(is.logical(turns$is_question), is.integer(turns$word_count), inherits(episodes$broadcast_date, "Date"))\n'
        'stopifnot(is.na(turns$reply_to[1]), format(episodes$broadcast_date[1]) == "2021-06-11")\n'
        'cat(nrow(turns), sum(turns$is_question), "\\n")\n'
    )
    result = subprocess.run(["Rscript", "-e", check], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with (ROOT / "data/turns.csv").open(encoding="utf-8") as handle:
        import csv

        rows = list(csv.DictReader(handle))
    assert result.stdout.split()[-2:] == [str(len(rows)), str(sum(r["is_question"] == "true" for r in rows))]
