"""SQLite database for Datasette, sqlite-utils or any SQL client.

sqlite-utils builds it from the Table Schemas: typed columns (INTEGER, REAL,
TEXT; booleans as 0/1, dates as ISO 8601 text), NULL for empty cells, NOT NULL
for required columns, and the schemas' primary and foreign keys. Turn and
paragraph text get an FTS5 index (Datasette's search box uses it), and two
views join turns with their speakers and figures with their turns. The package
descriptor is kept in a `_datapackage` table, so the title, sources and
license travel with the data.

Frictionless' SQL adapter was tried first: it writes the keys, but its CHECK
constraints call REGEXP, which plain SQLite (Python's sqlite3 among others)
does not have, and it makes no full-text index or views.
"""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from pathlib import Path

from ..errors import InputError
from . import Export
from .tables import PackageData

DESCRIPTION = "SQLite database: typed tables with keys, full-text search on turn and paragraph text, joined views"
OUTPUT = "file"
OUT_NAME = "{name}.sqlite"
NEEDS_VALID_PACKAGE = True  # companion export validates first

SQL_TYPES = {"integer": int, "number": float, "boolean": int, "date": str, "string": str}
FULL_TEXT = {"turns": ["text"], "paragraphs": ["text"]}

# Views over the tables (SQL, since a view is a query); each is made only when its tables are in the package.
VIEWS = {
    "turns_with_speakers": (
        ("turns", "speakers"),
        """SELECT turns.turn_id, turns.episode_id, turns.position, speakers.name AS speaker, speakers.role AS speaker_role,
       turns.is_question, turns.word_count, turns.reply_to, turns.text, turns.attribution, turns.confidence, turns.speaker_id
FROM turns JOIN speakers ON speakers.speaker_id = turns.speaker_id
ORDER BY turns.episode_id, turns.position""",
    ),
    "figures_with_turns": (
        ("figures", "turns", "speakers"),
        """SELECT figures.figure_id, figures.episode_id, figures.text, figures.kind, figures.value, figures.value_min,
       figures.value_max, figures.unit, figures.date, figures.is_approximate, figures.subject,
       speakers.name AS speaker, figures.turn_id, turns.text AS turn_text, figures.sentence
FROM figures
LEFT JOIN turns ON turns.turn_id = figures.turn_id
LEFT JOIN speakers ON speakers.speaker_id = figures.speaker_id
ORDER BY figures.episode_id, figures.position""",
    ),
}


def render(package: PackageData, out: Path) -> Export:
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    try:
        for name in _creation_order(package):
            _table(db, name, package.schemas[name], package.tables[name])
        for name, columns in FULL_TEXT.items():
            if name in package.tables:
                # porter: a search for "rain" finds "rains"; triggers keep the index in step with edits.
                db[name].enable_fts(columns, fts_version="FTS5", create_triggers=True, tokenize="porter")
        for name, (needs, sql) in VIEWS.items():
            if all(t in package.tables for t in needs):
                db.create_view(name, sql)
        db["_datapackage"].insert({"descriptor": json.dumps(package.descriptor, ensure_ascii=False, indent=2)})
        db.vacuum()
        return Export(file=db.conn.serialize())
    finally:
        db.close()


def _creation_order(package: PackageData) -> list[str]:
    """Resource order, except that referenced tables come before the tables that refer to them (SQLite needs them to exist)."""
    needs = {name: set() for name in package.tables}
    for name, schema in package.schemas.items():
        for key in schema.get("foreignKeys", []):
            other = key["reference"].get("resource") or name
            if other != name and other in needs:
                needs[name].add(other)
    order: list[str] = []
    pending = list(package.tables)
    while pending:
        ready = next((n for n in pending if needs[n] <= set(order)), None)
        if ready is None:
            raise InputError(package.root / "datapackage.json", f"the foreign keys of {', '.join(pending)} refer to each other in a cycle")
        order.append(ready)
        pending.remove(ready)
    return order


def _table(db, name: str, schema: dict, rows: list[dict]) -> None:
    fields = schema["fields"]
    columns = {f["name"]: SQL_TYPES.get(f["type"], str) for f in fields}
    keys = []
    for key in schema.get("foreignKeys", []):
        ref = key["reference"]
        for mine, theirs in zip(key["fields"], ref["fields"]):
            keys.append((mine, ref.get("resource") or name, theirs))
    primary = schema.get("primaryKey", [])
    db[name].create(
        columns,
        pk=primary[0] if len(primary) == 1 else tuple(primary) or None,
        not_null={f["name"] for f in fields if f.get("constraints", {}).get("required")},
        foreign_keys=keys,
    )
    db[name].insert_all((_row(row) for row in rows), batch_size=1000)


def _row(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if isinstance(value, bool):
            value = int(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        out[key] = value
    return out


def is_earlier_export(path: Path) -> bool:
    """An earlier database export: an SQLite file with our `_datapackage` table."""
    if not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
    except OSError:
        return False
    import sqlite3

    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as connection:
            return bool(connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_datapackage'").fetchone())
    except sqlite3.Error:
        return False
