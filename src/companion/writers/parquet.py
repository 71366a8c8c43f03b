"""Parquet: one file per table, typed from the Table Schemas (pyarrow).

Columns are string, int64, float64, bool or date32, nullable unless the schema
requires them; each column carries its schema description, and each file the
whole Table Schema and the package's name, title, sources and licenses in its
metadata. Folders of many packages load together in DuckDB
(`read_parquet('*/turns.parquet')`) or pandas.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import Export
from .tables import PackageData

DESCRIPTION = "Parquet: one typed file per table (a folder), for DuckDB, pandas, Spark and R's arrow"
OUTPUT = "folder"
OUT_NAME = "{name}-parquet"
NEEDS_VALID_PACKAGE = True  # companion export validates first
PACKAGE_KEYS = ("name", "title", "version", "created", "sources", "licenses", "contributors", "homepage")


def render(package: PackageData, out: Path) -> Export:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    about = {k: package.descriptor[k] for k in PACKAGE_KEYS if k in package.descriptor}
    files = {}
    for name, rows in package.tables.items():
        schema = package.schemas[name]
        fields = [
            pa.field(
                f["name"],
                types.get(f["type"], pa.string()),
                nullable=not f.get("constraints", {}).get("required", False),
                metadata={"description": f.get("description", "")},
            )
            for f in schema["fields"]
        ]
        arrow_schema = pa.schema(
            fields,
            metadata={
                "frictionless:table_schema": json.dumps(schema, ensure_ascii=False),
                "frictionless:package": json.dumps(about, ensure_ascii=False),
            },
        )
        columns = {f.name: [row[f.name] for row in rows] for f in fields}
        table = pa.Table.from_pydict(columns, schema=arrow_schema)
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd")
        files[f"{name}.parquet"] = sink.getvalue().to_pybytes()
    return Export(files=files)
