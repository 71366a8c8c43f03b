import csv

from conftest import ROOT

from companion.docs import render_readme
from companion.schemas import TABLES


def test_generated_readme_sections_are_up_to_date():
    counts = {}
    for table in TABLES:
        with (ROOT / f"data/{table}.csv").open(encoding="utf-8", newline="") as handle:
            counts[table] = sum(1 for _ in csv.DictReader(handle))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme, counts) == readme, "README is out of date: run make README.md"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("make build") < readme.index("## Data")
    assert readme.index("make test") < readme.index("## Data")
    for section in ("## Data", "## Preparation", "## License"):
        assert section in readme


def test_readme_python_examples_run(monkeypatch, capsys):
    import re

    monkeypatch.chdir(ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "Afghan security forces" in printed and "Zalmay Khalilzad" in printed
