"""Regenerate the README's table list and data dictionary from schemas/ and data/.

Example: python scripts/update_readme.py README.md
"""

import csv
from pathlib import Path

import typer

from companion.docs import render_readme
from companion.schemas import TABLES


def main(readme: Path = typer.Argument(Path("README.md"), help="The README to update in place.")) -> None:
    """Rewrite the generated sections of README.md. Example: python scripts/update_readme.py README.md"""
    root = readme.resolve().parent
    counts = {}
    for table in TABLES:
        with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            counts[table] = sum(1 for _ in csv.DictReader(handle))
    text = readme.read_text(encoding="utf-8")
    new = render_readme(text, counts)
    if new != text:
        readme.write_text(new, encoding="utf-8")
        typer.echo(f"updated {readme}")


if __name__ == "__main__":
    typer.run(main)
