"""Installed as a user would install it: a wheel in a fresh virtual environment
outside the checkout, and pipx; plus the command's --version and help.

The wheel's test copies the dependencies it declares from this environment
(offline, a few seconds). The pipx test resolves them from the package index as
a user's pipx would, pinned to requirements.lock's versions: it needs the
network and takes about a minute and a half.
"""

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion import __version__
from companion.cli import app
from companion.schemas import TABLES

runner = CliRunner()
COMMANDS = ("build", "validate", "export")


def test_version_and_short_options():
    for flag in ("--version", "-V"):
        result = runner.invoke(app, [flag])
        assert result.exit_code == 0 and result.output == f"companion {__version__}\n"
    for command in ([], *([c] for c in COMMANDS)):
        assert runner.invoke(app, [*command, "-h"]).output == runner.invoke(app, [*command, "--help"]).output


def test_help_shows_readable_metavars_and_no_type_tags():
    for command in ([], *([c] for c in COMMANDS)):
        output = runner.invoke(app, [*command, "--help"], terminal_width=200).output
        assert not re.search(r"<(str|path|bool|int|list\[\w+\])>", output, re.I), (command, output)
        assert "Example: companion" in output
    build = runner.invoke(app, ["build", "--help"], terminal_width=200).output
    assert "[TRANSCRIPT]..." in build and "--out" in build and " DIR " in build and "--export" in build and "FORMATS" in build
    export = runner.invoke(app, ["export", "--help"], terminal_width=200).output
    assert "FORMAT" in export and "PACKAGE" in export and " PATH " in export and "xlsx, sqlite, parquet, convokit" in export


def _constraints(tmp_path: Path) -> Path:
    """requirements.lock without its hashes, as a pip constraints file (the same versions as .venv)."""
    pins = re.findall(r"^([A-Za-z0-9._-]+==[^\s\\]+)", (ROOT / "requirements.lock").read_text(encoding="utf-8"), re.M)
    path = tmp_path / "constraints.txt"
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


def _clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


def _run(args, cwd, env=None, timeout=600):
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env or _clean_env(), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def _source_copy(tmp_path: Path) -> Path:
    """The files a source distribution holds, so building leaves nothing in the checkout."""
    source = tmp_path / "source"
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return source


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", tmp_path / "dist", _source_copy(tmp_path)], cwd=tmp_path)
    (path,) = (tmp_path / "dist").glob("companion-*.whl")
    return path


def test_the_wheel_carries_the_schemas_and_every_writer(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for table in TABLES:
        assert f"companion/schemas/{table}.schema.json" in names
    for module in ("xlsx", "sqlite", "parquet", "convokit", "tables"):
        assert f"companion/writers/{module}.py" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    runtime = sorted(re.findall(r"^Requires-Dist: ([A-Za-z0-9_.-]+)[^;\n]*$", metadata, re.M))
    assert runtime == ["frictionless", "google-re2", "jinja2", "pyyaml", "typer"], runtime  # the rest is in the extras
    assert "Provides-Extra: export" in metadata and "Provides-Extra: dev" in metadata
    assert f"Version: {__version__}" in metadata


def _requirements(metadata: str, extras: set[str]) -> list[str]:
    """Names a distribution requires (its Requires-Dist lines), for the given extras, on this Python."""
    from packaging.requirements import Requirement

    names = []
    for line in re.findall(r"^Requires-Dist: (.+)$", metadata, re.M):
        requirement = Requirement(line)
        if requirement.marker is None or any(requirement.marker.evaluate({"extra": e}) for e in extras | {""}):
            names.append(requirement.name)
    return names


def _copy_dependencies(wheel: Path, extras: set[str], site_packages: Path) -> list[str]:
    """Put into a fresh environment exactly the distributions the wheel declares (and theirs, recursively),
    copied file by file from this environment, where `make test` installed them from requirements.lock.

    Offline and quick; and a dependency the wheel forgets to declare is missing there, as it would be for a user.
    """
    import importlib.metadata as md

    metadata = zipfile.ZipFile(wheel).read(next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".dist-info/METADATA"))).decode()
    todo, done = _requirements(metadata, extras), set()
    while todo:
        name = todo.pop()
        dist = md.distribution(name)
        key = dist.metadata["Name"].lower()
        if key in done:
            continue
        done.add(key)
        for file in dist.files or []:
            if str(file).startswith(".."):
                continue  # console scripts; the tests run `companion`, whose script the wheel brings
            target = site_packages / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(dist.locate_file(file), target)
        todo += _requirements(dist.read_text("METADATA") or "", set())
    return sorted(done)


def test_wheel_in_a_fresh_venv_builds_validates_and_exports_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    (site_packages,) = (venv / "lib").glob("python3*/site-packages")
    runtime = _copy_dependencies(wheel, set(), site_packages)
    assert "pandas" not in runtime and "datapackage" not in runtime and "xlsxwriter" not in runtime
    install = [sys.executable, "-m", "pip", "--python", venv / "bin/python", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index"]
    _run([*install, wheel], cwd=tmp_path)
    companion = venv / "bin/companion"
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(FIXTURES / "page_style.txt", work / "talk.txt")
    shutil.copy(FIXTURES / "page_style.yaml", work / "talk.yaml")
    assert _run([companion, "--version"], cwd=work).stdout == f"companion {__version__}\n"
    where = _run([venv / "bin/python", "-c", "import companion; print(companion.__file__)"], cwd=work).stdout
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout's src/
    _run([companion, "build", "talk.txt", "--out", "pkg", "--license", "CC-BY-4.0"], cwd=work)
    assert "valid" in _run([companion, "validate", "pkg"], cwd=work).stdout
    assert (work / "pkg/schemas/turns.schema.json").read_bytes() == (ROOT / "src/companion/schemas/turns.schema.json").read_bytes()
    # Without the export extra: one clear line saying what to install.
    result = subprocess.run([companion, "export", "xlsx", "pkg", "--out", "talk.xlsx"], cwd=work, env=_clean_env(), capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.strip().endswith("(pip install 'companion[export]')"), result.stderr
    _copy_dependencies(wheel, {"export"}, site_packages)
    _run([companion, "build", "talk.txt", "--out", "pkg", "--export", "xlsx,sqlite,parquet,convokit"], cwd=work)
    for out in ("talk-companion.xlsx", "talk-companion.sqlite", "talk-companion-parquet", "talk-companion-convokit"):
        assert (work / "pkg" / out).exists(), out


@pytest.mark.network
@pytest.mark.skipif(shutil.which("pipx", path=str(Path(sys.executable).parent)) is None, reason="pipx is not installed in this environment (it is in the dev extra)")
def test_pipx_install_of_the_source_folder_gives_a_working_command(tmp_path):
    home = tmp_path / "pipx"
    env = _clean_env(PIPX_HOME=str(home), PIPX_BIN_DIR=str(tmp_path / "bin"), PIPX_MAN_DIR=str(tmp_path / "man"),
                     PIP_CONSTRAINT=str(_constraints(tmp_path)))
    pipx = Path(sys.executable).parent / "pipx"
    _run([pipx, "install", "--python", sys.executable, _source_copy(tmp_path)], cwd=tmp_path, env=env)
    companion = tmp_path / "bin/companion"
    assert _run([companion, "-V"], cwd=tmp_path, env=env).stdout == f"companion {__version__}\n"
    _run([companion, "build", FIXTURES / "npr_style.txt", "--out", tmp_path / "pkg"], cwd=tmp_path, env=env)
    assert "valid" in _run([companion, "validate", tmp_path / "pkg"], cwd=tmp_path, env=env).stdout
