import csv
import io
import json
import os
from pathlib import Path

import pytest

from companion.output import read_input
from companion.package import build_files

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def build_fixture(*names: str) -> dict[str, list[dict] | dict]:
    """Build fixture transcripts in memory; return tables as rows and the descriptor."""
    files, _ = build_files([read_input(FIXTURES / name) for name in names])
    tables = {path[5:-4]: read_csv(data) for path, data in files.items() if path.startswith("data/") and path.endswith(".csv")}
    tables["datapackage"] = json.loads(files["datapackage.json"])
    return tables


@pytest.fixture(scope="session")
def committed() -> dict[str, list[dict]]:
    """The committed package's tables."""
    return {p.stem: read_csv(p.read_bytes()) for p in (ROOT / "data").glob("*.csv")}


# Property tests run the same examples every time (a CI run must not depend on
# luck); HYPOTHESIS_PROFILE=explore searches afresh with many more examples.
from hypothesis import settings  # noqa: E402

settings.register_profile("repeatable", max_examples=150, derandomize=True)
settings.register_profile("explore", max_examples=2000, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Builds in tests cache their episodes in a temporary folder, never in the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
