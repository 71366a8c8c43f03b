"""Saved hostile cases (tests/fixtures/hostile/cases.csv): each crashed the tool,
hung it or gave wrong data before issue 7. Each runs through the CLI and must
give its exit status and message; the validate cases also run together in one
process that must stay under 200 MB."""

import csv
import shlex
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, read_csv
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()
HOSTILE = FIXTURES / "hostile"
# This process's own peak memory in MB: VmHWM, since ru_maxrss keeps the parent's
# peak across fork and exec (pytest's own, after a long test run).
PEAK_MB = (
    "def peak_mb():\n"
    "    try:\n"
    "        for line in open('/proc/self/status'):\n"
    "            if line.startswith('VmHWM:'):\n"
    "                return int(line.split()[1]) // 1024\n"
    "    except OSError:\n"
    "        pass\n"
    "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024\n"
)
CASES = list(csv.DictReader((HOSTILE / "cases.csv").open(encoding="utf-8", newline="")))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "pkg"
    assert runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)]).exit_code == 0
    return out


def test_every_saved_case_is_listed():
    listed = {case["file"] for case in CASES}
    on_disk = {p.name for p in HOSTILE.iterdir() if p.suffix in (".txt", ".json")}
    assert listed == on_disk


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_saved_hostile_case(case, tmp_path, built):
    if case["command"] == "build":
        talk = tmp_path / case["file"]
        shutil.copy(HOSTILE / case["file"], talk)
        if (HOSTILE / case["file"]).with_suffix(".yaml").is_file():
            shutil.copy((HOSTILE / case["file"]).with_suffix(".yaml"), talk.with_suffix(".yaml"))
        out = tmp_path / "out"
        result = runner.invoke(app, ["build", str(talk), "--out", str(out), *shlex.split(case["options"])])
    else:
        out = tmp_path / "pkg"
        shutil.copytree(built, out)
        shutil.copy(HOSTILE / case["file"], out / "datapackage.json")
        result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == int(case["status"]), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert case["message"] in result.output, result.output
    if case["command"] == "build" and result.exit_code == 1:
        assert len(result.output.strip().splitlines()) == 1 and not out.exists()
    if case["command"] == "build" and result.exit_code == 0:
        paragraphs = read_csv((out / "data/paragraphs.csv").read_bytes())
        assert [p["text"][:10] for p in paragraphs] == ["Harbour to", "Lena Ortiz", "Sam Okafor", "Lena Ortiz", "Sam Okafor"]
        assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_validate_on_every_saved_descriptor_stays_small(tmp_path, built):
    packages = []
    for case in CASES:
        if case["command"] == "validate":
            out = tmp_path / case["file"]
            shutil.copytree(built, out)
            shutil.copy(HOSTILE / case["file"], out / "datapackage.json")
            packages.append(str(out / "datapackage.json"))
    script = ("import resource, sys\nfrom pathlib import Path\nfrom companion.validate import validate_package\n"
              "for p in sys.argv[1:]:\n    assert validate_package(Path(p))\n" + PEAK_MB + "print(peak_mb())\n")
    result = subprocess.run([sys.executable, "-c", script, *packages], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 200, f"peak {result.stdout.strip()} MB"
