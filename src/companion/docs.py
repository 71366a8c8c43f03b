"""README sections generated from the schemas and the tables, so they cannot drift."""

from __future__ import annotations

import re

from .schemas import TABLES, load_schema

MARKERS = {"contents": "what's inside", "dictionary": "data dictionary", "r": "R example"}
R_CLASSES = {"string": "character", "integer": "integer", "number": "numeric", "boolean": "logical", "date": "Date"}
R_TABLES = ("turns", "episodes")  # one with a logical column, one with a date


def contents_markdown(row_counts: dict[str, int]) -> str:
    lines = ["| table | file | rows | what one row is |", "| --- | --- | ---: | --- |"]
    for table in TABLES:
        schema = load_schema(table)
        lines.append(f"| {table} | `data/{table}.csv` | {row_counts[table]} | {schema['description']} |")
    return "\n".join(lines)


def dictionary_markdown() -> str:
    parts = []
    for table in TABLES:
        schema = load_schema(table)
        parts.append(f"#### {table}\n\n{schema['description']}\n")
        parts.append(f"Primary key: `{', '.join(schema['primaryKey'])}`.")
        for key in schema.get("foreignKeys", []):
            ref = key["reference"]
            parts.append(f"Foreign key: `{', '.join(key['fields'])}` → `{ref['resource']}.{', '.join(ref['fields'])}`.")
        parts.append("\n| column | type | required | description |\n| --- | --- | --- | --- |")
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            description = field["description"]
            if "enum" in constraints:
                description += " Values: " + ", ".join(f"`{v}`" for v in constraints["enum"]) + "."
            required = "yes" if constraints.get("required") else ""
            description = description.replace("|", "\\|")
            parts.append(f"| `{field['name']}` | {field['type']} | {required} | {description} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def replace_section(readme: str, name: str, body: str) -> str:
    """Put `body` between the README's <!-- begin NAME --> and <!-- end NAME --> markers."""
    begin, end = f"<!-- begin {name} (generated: make README.md) -->", f"<!-- end {name} -->"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if not pattern.search(readme):
        raise ValueError(f"README has no {begin} ... {end} markers")
    return pattern.sub(lambda _: f"{begin}\n{body.strip()}\n{end}", readme)


def r_markdown() -> str:
    """R's read.csv with every column's class named from the schemas (so nothing is left to guessing)."""
    lines = ["```r"]
    for table in R_TABLES:
        classes = [f'{f["name"]} = "{R_CLASSES[f["type"]]}"' for f in load_schema(table)["fields"]]
        lines.append(f'{table} <- read.csv("data/{table}.csv", fileEncoding = "UTF-8", na.strings = "", colClasses = c(')
        row = "  "
        for i, item in enumerate(classes):
            item += ", " if i < len(classes) - 1 else "))"
            if len(row) + len(item) > 100:
                lines.append(row.rstrip())
                row = "  "
            row += item
        lines.append(row.rstrip())
    lines += ["table(turns$is_question)", "```"]
    return "\n".join(lines)


def render_readme(readme: str, row_counts: dict[str, int]) -> str:
    readme = replace_section(readme, "contents", contents_markdown(row_counts))
    readme = replace_section(readme, "r", r_markdown())
    return replace_section(readme, "dictionary", dictionary_markdown())
