"""Cold-process timings of the companion command, beside import baselines from the same run.

Example: python scripts/benchmark.py --runs 5
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(runs: int = typer.Option(5, help="Cold processes per command.")) -> None:
    """Print median wall-clock times. Example: python scripts/benchmark.py --runs 5"""
    companion = [sys.executable, "-m", "companion"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("data", "schemas", "datapackage.json"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
        rows = [
            ("companion --help", companion + ["--help"], [sys.executable, "-c", "import typer"], 3.0),
            ("companion build", companion + ["build"], [sys.executable, "-c", "import pandas, frictionless, typer"], 1.5),
            ("companion validate", companion + ["validate"], [sys.executable, "-c", "import pandas, frictionless, typer"], None),
        ]
        print(f"median of {runs} cold runs, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"{'command':<20} {'seconds':>8} {'baseline':>9} {'ratio':>6} {'target':>7}  baseline command")
        for label, command, baseline, target in rows:
            t = median_seconds(command, runs, work)
            b = median_seconds(baseline, runs, work)
            goal = f"<={target}x" if target else "-"
            print(f"{label:<20} {t:8.3f} {b:9.3f} {t / b:6.2f} {goal:>7}  {' '.join(baseline[1:])}")


if __name__ == "__main__":
    typer.run(main)
