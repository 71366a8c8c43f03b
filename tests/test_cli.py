"""The companion command through Typer's CliRunner."""

import json
import shutil

from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()


def test_help_shows_examples():
    for command in ("build", "validate"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: companion" in result.output


def test_build_then_validate_a_fixture(tmp_path):
    out = tmp_path / "pkg"
    result = runner.invoke(app, ["build", str(FIXTURES / "page_style.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 annotated paragraph(s); inference alone got 2 of them right" in result.output
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"]][:2] == ["episodes", "speakers"]
    # Self-contained: transcript, metadata and schemas travel with the tables.
    assert (out / "data/source/page_style.txt").read_bytes() == (FIXTURES / "page_style.txt").read_bytes()
    assert (out / "data/source/page_style.yaml").is_file() and (out / "schemas/turns.schema.json").is_file()
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0 and "valid" in result.output


def test_build_reports_low_confidence_paragraphs(tmp_path):
    shutil.copy(FIXTURES / "page_style.txt", tmp_path / "talk.txt")  # without its metadata
    result = runner.invoke(app, ["build", str(tmp_path / "talk.txt"), "--out", str(tmp_path / "pkg")])
    assert result.exit_code == 0
    # One summary line per transcript; the paragraphs that are not high confidence are listed by line.
    assert "talk.txt: 9 paragraphs with a speaker: 2 labelled, 2 inferred high, 5 medium, 0 low (not high: lines 25, 27, 29, 31, 33)" in result.output


def test_validate_reports_a_damaged_package(tmp_path):
    out = tmp_path / "pkg"
    runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)])
    turns = out / "data/turns.csv"
    turns.write_text(turns.read_text().replace("The last American troops", "The last US troops"))
    result = runner.invoke(app, ["validate", str(out / "datapackage.json")])
    assert result.exit_code == 1
    assert "turns row 2 field text: does not equal source" in result.output
    assert "INVALID" in result.output


def test_missing_file_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "pkg")])
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {tmp_path / 'nope.txt'}: no such file"
    assert not (tmp_path / "pkg").exists()


def test_python_dash_m_works():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "companion", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and "build" in result.stdout


def test_several_episodes_in_one_package(tmp_path):
    out = tmp_path / "pkg"
    names = ["npr_style.txt", "pbs_style.txt", "page_style.txt", "figures_style.txt"]
    result = runner.invoke(app, ["build", *(str(FIXTURES / n) for n in names), "--out", str(out)])
    assert result.exit_code == 0, result.output
    episodes = (out / "data/episodes.csv").read_text(encoding="utf-8").splitlines()
    assert len(episodes) == 1 + len(names)
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_top_level_help_has_an_example():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example: companion build" in result.output
