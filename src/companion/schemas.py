"""The Table Schemas in schemas/ are the single source of truth for columns."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

# The repository's schemas/ folder: the package is installed in editable mode
# from this repository (the Makefile does it), so the schemas are never copied.
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
# Resource order in datapackage.json: referenced tables before the tables that refer to them.
TABLES = ("episodes", "speakers", "segments", "paragraphs", "turns", "links", "figures")


def schema_path(table: str) -> Path:
    return SCHEMA_DIR / f"{table}.schema.json"


@cache
def load_schema(table: str) -> dict:
    return json.loads(schema_path(table).read_text(encoding="utf-8"))


def field_names(table: str) -> list[str]:
    return [f["name"] for f in load_schema(table)["fields"]]
