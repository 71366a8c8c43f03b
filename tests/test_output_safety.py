"""Never lose a user's files (issue 7, cases 1 and 6): `--out` replaces only a
folder this tool wrote, and the in-place rebuild is all-or-nothing."""

import json
import os
import shutil
import signal
import sys

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion import output
from companion.cli import app
from companion.package import TranscriptInput, build_files

runner = CliRunner()
TALK = (FIXTURES / "npr_style.txt").read_bytes()


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if not p.is_symlink()}


def build(*args):
    return runner.invoke(app, ["build", *map(str, args)])


@pytest.fixture()
def talk(tmp_path):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in/talk.txt"
    path.write_bytes(TALK)
    return path


def assert_refused(result, folder, before, *needles):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert snapshot(folder) == before  # byte for byte unchanged


# --- case 1: data loss ------------------------------------------------------------


@pytest.mark.parametrize("out", [".", ""], ids=["dot", "empty-string"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_out_dot_in_a_git_checkout_is_refused(tmp_path, monkeypatch, talk, out, force):
    checkout = tmp_path / "checkout"
    (checkout / ".git/objects").mkdir(parents=True)
    (checkout / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (checkout / "README.md").write_text("mine\n")
    shutil.copy(talk, checkout / "talk.txt")
    before = snapshot(checkout)
    monkeypatch.chdir(checkout)
    result = build("talk.txt", "--out", out, *(["--force"] if force else []))
    assert_refused(result, checkout, before, "is the current folder or holds it")


def test_a_parent_of_the_current_folder_is_refused(tmp_path, monkeypatch, talk):
    (tmp_path / "deep/er").mkdir(parents=True)
    before = snapshot(tmp_path)
    monkeypatch.chdir(tmp_path / "deep/er")
    assert_refused(build(talk, "--out", tmp_path / "deep", "--force"), tmp_path, before, "holds it")


def test_a_folder_with_datapackage_json_and_other_files_is_refused(tmp_path, talk):
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage.json").write_text("{}")
    (out / "notes.md").write_text("my notes")
    before = snapshot(out)
    assert_refused(build(talk, "--out", out), out, before, "holds datapackage.json, a file companion did not write")


def test_a_package_with_a_file_added_or_edited_is_refused_and_force_replaces_it(tmp_path, talk):
    out = tmp_path / "out"
    assert build(talk, "--out", out).exit_code == 0
    (out / "data/notes.md").write_text("added by hand")
    before = snapshot(out)
    assert_refused(build(talk, "--out", out), out, before, "holds data/notes.md, a file companion did not write")
    (out / "data/notes.md").unlink()
    turns = out / "data/turns.csv"
    turns.write_bytes(turns.read_bytes().replace(b"troops", b"soldiers"))
    before = snapshot(out)
    assert_refused(build(talk, "--out", out), out, before, "holds data/turns.csv, changed since companion wrote it")
    result = build(talk, "--out", out, "--force")
    assert result.exit_code == 0, result.output
    assert b"soldiers" not in turns.read_bytes()


def test_force_never_replaces_a_folder_with_git_or_the_inputs(tmp_path, talk):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git/config").write_text("[core]\n")
    before = snapshot(repo)
    assert_refused(build(talk, "--out", repo, "--force"), repo, before, "holds .git", "--force never replaces a folder that holds .git")
    (talk.parent / "other.txt").write_text("mine")
    before = snapshot(talk.parent)
    assert_refused(build(talk, "--out", talk.parent, "--force"), talk.parent, before, "--force never replaces the folder of the input files")


def test_a_package_rebuilt_from_its_own_source(tmp_path, talk):
    out = tmp_path / "out"
    assert build(talk, "--out", out).exit_code == 0
    result = build(out / "data/source/talk.txt", "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "data/source/talk.txt").read_bytes() == TALK


def test_the_marker_lists_every_file_with_its_hash_and_the_tool_version(tmp_path, talk):
    import hashlib

    from companion import __version__

    out = tmp_path / "out"
    assert build(talk, "--out", out).exit_code == 0
    marker = json.loads((out / output.MARKER).read_text())
    assert marker["written_by"] == "companion" and marker["version"] == __version__
    on_disk = {rel: hashlib.sha256(data).hexdigest() for rel, data in snapshot(out).items() if data is not None and rel != output.MARKER}
    assert marker["files"] == on_disk


def test_an_empty_folder_is_filled_and_a_missing_one_made(tmp_path, talk):
    (tmp_path / "empty").mkdir()
    assert build(talk, "--out", tmp_path / "empty").exit_code == 0
    assert build(talk, "--out", tmp_path / "new/nested").exit_code == 0
    assert (tmp_path / "empty/datapackage.json").is_file() and (tmp_path / "new/nested/datapackage.json").is_file()


def test_stranded_staging_folders_are_removed_or_reported(tmp_path, talk):
    out = tmp_path / "out"
    stranded = tmp_path / ".out.companion-abc123.tmp"  # what a killed build leaves: the marker is written first
    (stranded / "data").mkdir(parents=True)
    (stranded / output.MARKER).write_text("{}")
    empty = tmp_path / ".out.companion-def456.tmp"  # killed right after the folder was made
    empty.mkdir()
    someone_elses = tmp_path / ".out.backup.tmp"
    someone_elses.mkdir()
    (someone_elses / "keep.txt").write_text("mine")
    result = build(talk, "--out", out)
    assert result.exit_code == 0, result.output
    assert not stranded.exists() and not empty.exists()
    assert (someone_elses / "keep.txt").read_text() == "mine"
    assert f"warning: {someone_elses}: a folder left by an interrupted build, or not companion's" in result.output


def test_paths_outside_the_package_are_never_written(tmp_path):
    for rel in ("../escape.txt", "/etc/x", "data/../../x", "a\\b", "", "x/.."):
        with pytest.raises(ValueError):
            output.write_package({rel: b"x", "datapackage.json": b"{}"}, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- case 6: the in-place rebuild never leaves a mixed package --------------------


def _package(root, files):
    for top in ("data", "schemas", "datapackage.json"):
        path = root / top
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)


def _run_and_kill_at(step, root, files):
    """Run update_in_place in a forked child that kills itself (SIGKILL) just
    before its `step`-th file write or rename; returns how many steps a full
    run takes (step 0: no kill)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: whatever happens, it never returns into pytest
        calls = [0]
        try:
            os.close(read)

            def counted(function):
                def wrapper(*args, **kwargs):
                    calls[0] += 1
                    if calls[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return function(*args, **kwargs)
                return wrapper

            output.os.rename = counted(os.rename)
            output._write_file = counted(output._write_file)
            output.update_in_place(files, root)
            os.write(write, str(calls[0]).encode())
        except BaseException as exc:
            os.write(write, f"error: {exc!r}".encode())
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    steps = os.read(read, 1000).decode()
    os.close(read)
    assert not steps.startswith("error"), steps
    return int(steps) if steps else None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kills a forked child: needs fork and SIGKILL")
def test_a_kill_at_any_step_of_the_in_place_rebuild_leaves_the_old_or_the_new_package(tmp_path):
    root = tmp_path / "repo"
    (root / "src").mkdir(parents=True)
    (root / "src/code.py").write_text("# not the package's\n")
    new, _ = build_files([TranscriptInput("talk.txt", TALK)])
    old = {rel: data + b"\n" for rel, data in new.items()}  # every file differs, so a mix shows
    tops = ("data", "schemas", "datapackage.json")

    def state():
        package = {rel: data for rel, data in snapshot(root).items() if rel.split("/")[0] in tops and data is not None}
        return "old" if package == old else "new" if package == new else "mixed"

    _package(root, old)
    total = _run_and_kill_at(0, root, new)
    assert total and state() == "new" and not (root / ".companion-build").exists()
    outcomes = set()
    for step in range(1, total + 1):
        _package(root, old)
        assert _run_and_kill_at(step, root, new) is None  # killed
        pending = output.interrupted_rebuild(root)
        assert state() == "old" or pending, step  # a mix only while the journal says how to finish it
        if pending:
            result = runner.invoke(app, ["validate", str(root / "datapackage.json")])
            assert "run companion build to complete it" in result.output
        output.finish_interrupted_rebuild(root)  # what the next build does first
        outcomes.add(state())
        assert state() in ("old", "new"), step
        assert state() == ("new" if pending else "old"), step
        assert not (root / ".companion-build").exists() and (root / "src/code.py").read_text() == "# not the package's\n"
    assert outcomes == {"old", "new"}


def test_in_place_rebuild_refuses_a_foreign_file_in_data(tmp_path):
    root = tmp_path / "repo"
    files, _ = build_files([TranscriptInput("talk.txt", TALK)])
    _package(root, {rel: data + b"\n" for rel, data in files.items()})
    (root / "data/notes.md").write_text("mine")
    with pytest.raises(Exception, match="data/notes.md: is not a file of the package"):
        output.update_in_place(files, root)
    assert (root / "data/notes.md").read_text() == "mine"


def test_in_place_build_through_the_cli_completes_an_interrupted_rebuild(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    for name in ("data", "schemas"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "datapackage.json", root / "datapackage.json")
    committed = snapshot(root)
    (root / "data/turns.csv").write_text("damaged\n")
    monkeypatch.chdir(root)
    from companion import package_metadata
    from companion.output import read_input

    sources = sorted((root / "data/source").glob("*.txt"))
    found = package_metadata.find(sources)  # what `companion build` reads, package.yaml included
    files, _ = build_files([read_input(p) for p in sources], package=package_metadata.read(found) if found else None)
    rehearsal = tmp_path / "rehearsal"
    shutil.copytree(root, rehearsal)
    total = _run_and_kill_at(0, rehearsal, files)
    assert _run_and_kill_at(total, root, files) is None  # killed before the last step: datapackage.json moved aside
    assert not (root / "datapackage.json").exists()
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "completed the in-place rebuild that an interrupted build had begun" in result.output
    assert snapshot(root) == committed
    (root / ".companion-build.x1y2").mkdir()  # what earlier versions left behind
    assert "a staging folder left by an interrupted build of an earlier version" in runner.invoke(app, ["build"]).output


def test_exports_written_into_the_package_are_recorded_so_the_next_build_replaces_them(tmp_path, talk):
    out = tmp_path / "out"
    result = build(talk, "--out", out, "--export", "sqlite,html")
    assert result.exit_code == 0, result.output
    marker = json.loads((out / output.MARKER).read_text())["files"]
    exported = [rel for rel in marker if not rel.startswith(("data/", "schemas/")) and rel != "datapackage.json"]
    assert any(rel.endswith(".sqlite") for rel in exported) and any("-html/" in rel for rel in exported)
    result = build(talk, "--out", out)
    assert result.exit_code == 0, result.output
    assert not any(p.suffix == ".sqlite" for p in out.iterdir())
