"""Faults and determinism: atomic replacement, killed builds, byte-identical rebuilds."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_rebuild_replaces_the_previous_package(tmp_path):
    out = tmp_path / "pkg"
    assert runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)]).exit_code == 0
    assert runner.invoke(app, ["build", str(FIXTURES / "pbs_style.txt"), "--out", str(out)]).exit_code == 0
    assert "data/source/pbs_style.txt" in snapshot(out) and "data/source/npr_style.txt" not in snapshot(out)
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]  # no staging folder left behind


def test_failed_build_leaves_the_previous_package_intact(tmp_path):
    out = tmp_path / "pkg"
    runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)])
    before = snapshot(out)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert runner.invoke(app, ["build", str(FIXTURES / "pbs_style.txt"), str(bad), "--out", str(out)]).exit_code == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "pkg"]  # no staging folder left behind


def test_build_killed_part_way_leaves_the_previous_package_intact(tmp_path):
    out = tmp_path / "pkg"
    runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)])
    before = snapshot(out)
    # A transcript big enough that the build is still running when it is killed.
    big = tmp_path / "big.txt"
    big.write_bytes((ROOT / "data/source/theworld-2021-06-11-khalilzad.txt").read_bytes() * 400)
    process = subprocess.Popen([sys.executable, "-m", "companion", "build", str(big), "--out", str(out)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    assert process.poll() is None, "the build finished before it could be killed: use a bigger transcript"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(out) == before


def _build_in_subprocess(out: Path, env_overrides: dict) -> dict[str, bytes]:
    env = {**os.environ, **env_overrides}
    subprocess.run([sys.executable, "-m", "companion", "build", str(FIXTURES / "page_style.txt"), str(FIXTURES / "figures_style.txt"),
                    "--out", str(out)], env=env, check=True, capture_output=True)
    return snapshot(out)


def test_builds_are_byte_identical_whatever_hash_seed_locale_and_time_zone(tmp_path):
    first = _build_in_subprocess(tmp_path / "a", {"PYTHONHASHSEED": "1", "LC_ALL": "C.UTF-8", "TZ": "UTC"})
    second = _build_in_subprocess(tmp_path / "b", {"PYTHONHASHSEED": "4242", "LC_ALL": "C", "LANG": "C", "TZ": "Asia/Kabul"})
    assert first == second
    assert b'"created": "2024-03-10T00:00:00Z"' in first["datapackage.json"]  # from the inputs, not the clock


def test_created_can_be_given_explicitly(tmp_path):
    out = tmp_path / "pkg"
    runner.invoke(app, ["build", str(FIXTURES / "pbs_style.txt"), "--out", str(out), "--created", "2026-01-02T03:04:05Z"])
    assert '"created": "2026-01-02T03:04:05Z"' in (out / "datapackage.json").read_text()


def test_folders_are_swapped_in_one_step_on_linux(tmp_path):
    from companion.output import _exchange

    (tmp_path / "new").mkdir()
    (tmp_path / "new/datapackage.json").write_text("new")
    (tmp_path / "old").mkdir()
    (tmp_path / "old/datapackage.json").write_text("old")
    assert _exchange(tmp_path / "new", tmp_path / "old") == sys.platform.startswith("linux")
    if sys.platform.startswith("linux"):
        assert (tmp_path / "old/datapackage.json").read_text() == "new"
        assert (tmp_path / "new/datapackage.json").read_text() == "old"
