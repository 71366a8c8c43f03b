"""The Table Schemas: the single source of truth for every table's columns,
types and vocabularies. Shipped inside the installed package as data; a built
package carries a copy of each under its own schemas/ folder."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

# Resource order in datapackage.json: referenced tables before the tables that refer to them.
TABLES = ("episodes", "speakers", "segments", "paragraphs", "turns", "links", "figures")


def schema_bytes(table: str) -> bytes:
    """The schema file exactly as shipped (copied byte for byte into every package)."""
    return resources.files(__name__).joinpath(f"{table}.schema.json").read_bytes()


def schema_names() -> list[str]:
    return sorted(p.name for p in resources.files(__name__).iterdir() if p.name.endswith(".schema.json"))


@cache
def load_schema(table: str) -> dict:
    return json.loads(schema_bytes(table).decode("utf-8"))


def field_names(table: str) -> list[str]:
    return [f["name"] for f in load_schema(table)["fields"]]


def field(table: str, name: str) -> dict:
    return next(f for f in load_schema(table)["fields"] if f["name"] == name)


def enum(table: str, name: str) -> tuple[str, ...]:
    """A column's vocabulary, read from its schema so code and schema cannot disagree."""
    return tuple(field(table, name).get("constraints", {}).get("enum", ()))
