"""README sections generated from the schemas and the tables, so they cannot drift."""

from __future__ import annotations

import re

from .schemas import TABLES, load_schema

MARKERS = {"contents": "what's inside", "dictionary": "data dictionary"}


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


def render_readme(readme: str, row_counts: dict[str, int]) -> str:
    readme = replace_section(readme, "contents", contents_markdown(row_counts))
    return replace_section(readme, "dictionary", dictionary_markdown())
