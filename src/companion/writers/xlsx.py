"""Excel workbook: a README sheet, then one sheet per table, with typed cells.

XlsxWriter rather than openpyxl: it only writes (which is all we need), is
faster, writes fixed timestamps inside the zip so the same package gives the
same bytes, and stores a string with `write_string` as a string, never as a
formula or a number. Text such as `=1+1`, `+44`, `-5`, `@name`, `45,000` or an
id with leading zeros therefore stays text in Excel and LibreOffice, also after
they save the file again.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

from ..errors import InputError
from . import Export
from .tables import PackageData

DESCRIPTION = "Excel workbook: a README sheet (title, sources, license, data dictionary) and one typed sheet per table"
OUTPUT = "file"
OUT_NAME = "{name}.xlsx"
NEEDS_VALID_PACKAGE = True  # companion export validates first

MAX_CELL = 32_767  # characters a cell can hold (Excel's limit; LibreOffice keeps to it in xlsx)
MAX_ROWS = 1_048_576  # rows per sheet, header included
MAX_WIDTH = 60  # characters; longer text wraps
EXACT_INTEGERS = 2**53  # larger integers would lose digits as spreadsheet numbers


def render(package: PackageData, out: Path) -> Export:
    import xlsxwriter

    warnings: list[str] = []
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False, "use_zip64": True, "in_memory": True},
    )
    workbook.set_properties(_properties(package.descriptor))
    styles = {
        "header": workbook.add_format({"bold": True, "bottom": 1, "valign": "top"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True, "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "top": workbook.add_format({"valign": "top"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
    }
    _readme(workbook, package, styles)
    cut: list[str] = []
    for name, rows in package.tables.items():
        if len(rows) + 1 > MAX_ROWS:
            raise InputError(package.root / "datapackage.json", f"{name} has {len(rows):,} rows; an xlsx sheet holds at most {MAX_ROWS - 1:,} (export sqlite or parquet instead)")
        cut += _table(workbook, name, package.schemas[name], rows, styles)
    if cut:
        warnings.append(f"{len(cut)} cell(s) longer than {MAX_CELL:,} characters were cut (Excel's limit), listed on the README sheet: " + "; ".join(cut[:5]) + (" ..." if len(cut) > 5 else ""))
        readme = workbook.get_worksheet_by_name("README")
        row = readme.dim_rowmax + 2
        readme.write_string(row, 0, "Cells cut at Excel's limit", styles["bold"])
        for i, where in enumerate(cut, start=1):
            readme.write_string(row + i, 1, where, styles["wrap"])
    workbook.close()
    return Export(file=buffer.getvalue(), warnings=tuple(warnings))


def _properties(descriptor: dict) -> dict:
    try:
        when = dt.datetime.fromisoformat(str(descriptor["created"]).replace("Z", "+00:00")).replace(tzinfo=None)
    except (KeyError, ValueError):
        when = dt.datetime(2000, 1, 1)  # a fixed date, never the clock
    return {
        "title": descriptor.get("title", ""),
        "subject": descriptor.get("name", ""),
        "comments": descriptor.get("description", ""),
        "keywords": ", ".join(descriptor.get("keywords", [])),
        "created": when,  # from the package, not the clock: same package, same bytes
    }


def _readme(workbook, package: PackageData, styles: dict) -> None:
    sheet = workbook.add_worksheet("README")
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, 10)
    sheet.set_column(4, 4, 90)
    d = package.descriptor
    sheet.write_string(0, 0, d.get("title") or d.get("name", ""), styles["title"])
    facts = [
        ("name", d.get("name")),
        ("version", d.get("version")),
        ("created", d.get("created")),
        ("description", d.get("description")),
        ("homepage", d.get("homepage")),
        ("sources", "\n".join(" ".join(filter(None, (s.get("title"), s.get("path")))) for s in d.get("sources", []))),
        ("licenses", "\n".join(" ".join(filter(None, (x.get("name"), x.get("title"), x.get("path")))) for x in d.get("licenses", [])) or "none stated"),
        ("contributors", "\n".join(f"{c.get('title', '')} ({', '.join(c.get('roles', []))})" for c in d.get("contributors", []))),
        ("keywords", ", ".join(d.get("keywords", []))),
        ("how to read", "One sheet per table. Cells are typed: numbers, dates and true/false are values; "
         "everything else is text, stored as text (never a formula). Empty cells mean unknown or does not apply."),
    ]
    row = 2
    for key, value in facts:
        if value:
            sheet.write_string(row, 0, key, styles["bold"])
            sheet.merge_range(row, 1, row, 4, "", styles["wrap"])
            sheet.write_string(row, 1, value[:MAX_CELL], styles["wrap"])
            # Spreadsheets do not grow merged rows to fit wrapped text: size them here.
            lines = sum(max(1, math.ceil(len(line) / 120)) for line in value.split("\n"))
            sheet.set_row(row, 15 * lines)
            row += 1
    row += 1
    sheet.write_string(row, 0, "Data dictionary", styles["title"])
    row += 1
    for col, heading in enumerate(("table", "column", "type", "required", "description")):
        sheet.write_string(row, col, heading, styles["header"])
    for name in package.tables:
        schema = package.schemas[name]
        row += 1
        sheet.write_string(row, 0, name, styles["bold"])
        sheet.write_string(row, 4, schema.get("description", ""), styles["wrap"])
        for field in schema["fields"]:
            row += 1
            constraints = field.get("constraints", {})
            text = field.get("description", "")
            if "enum" in constraints:
                text += " Values: " + ", ".join(constraints["enum"]) + "."
            sheet.write_string(row, 0, name, styles["top"])
            sheet.write_string(row, 1, field["name"], styles["top"])
            sheet.write_string(row, 2, field["type"], styles["top"])
            sheet.write_string(row, 3, "yes" if constraints.get("required") else "", styles["top"])
            sheet.write_string(row, 4, text, styles["wrap"])


def _table(workbook, name: str, schema: dict, rows: list[dict], styles: dict) -> list[str]:
    sheet = workbook.add_worksheet(name)
    fields = schema["fields"]
    cut = []
    for col, field in enumerate(fields):
        sheet.write_string(0, col, field["name"], styles["header"])
        lengths = sorted(len(str(row[field["name"]])) for row in rows if row[field["name"]] is not None)
        typical = lengths[int(len(lengths) * 0.9)] if lengths else 0  # wide enough for most cells, not the longest
        width = min(max(len(field["name"]), typical, 10 if field["type"] == "date" else 0) + 2, MAX_WIDTH)
        wraps = field["type"] == "string" and lengths and lengths[-1] > MAX_WIDTH
        sheet.set_column(col, col, width, styles["wrap"] if wraps else styles["top"])
    for r, row in enumerate(rows, start=1):
        for col, field in enumerate(fields):
            value = row[field["name"]]
            if value is None:
                continue  # an empty cell, as in the CSV
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, (int, float)) and math.isfinite(value) and abs(value) < EXACT_INTEGERS:
                sheet.write_number(r, col, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime(value.year, value.month, value.day), styles["date"])
            else:
                text = str(value)
                if len(text) > MAX_CELL:
                    cut.append(f"{name} row {r + 1} column {field['name']} ({len(text):,} characters; the CSV has it whole)")
                    marker = f" [... cut: {len(text):,} characters in all]"
                    text = text[: MAX_CELL - len(marker)] + marker
                sheet.write_string(r, col, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
    return cut


def is_earlier_export(path: Path) -> bool:
    """An earlier workbook export: a file that is an xlsx zip with a README sheet."""
    if not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return 'name="README"' in workbook

