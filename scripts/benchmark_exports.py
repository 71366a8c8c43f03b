"""Time each export on packages of 1, 4 and 16 copies of the committed interview,
and print how the time scales (an exponent near 1 is linear).

Example: python scripts/benchmark_exports.py --runs 3
"""

import math
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1, 4, 16)


def main(runs: int = typer.Option(3, help="Runs per export and size; the median is shown.")) -> None:
    """Print seconds per export and size, and the scaling exponent. Example: python scripts/benchmark_exports.py"""
    from companion.output import read_input, write_package
    from companion.package import build_files
    from companion.writers import WRITERS, export, read_package

    source = ROOT / "data/source/theworld-2021-06-11-khalilzad.txt"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        packages = {}
        for size in SIZES:
            copies = []
            for i in range(size):
                path = work / f"src{size}" / f"episode-{i:03d}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, path)
                copies.append(read_input(path))
            files, _ = build_files(copies)
            write_package(files, work / f"pkg{size}")
            packages[size] = read_package(work / f"pkg{size}" / "datapackage.json")
        turns = {size: len(p.tables["turns"]) for size, p in packages.items()}
        print(f"median of {runs} runs, Python {sys.version.split()[0]}; episodes {SIZES}, turns {tuple(turns.values())}")
        print(f"{'format':<10}" + "".join(f"{f'{s} ep. (s)':>12}" for s in SIZES) + f"{'exponent':>10}")
        for fmt in WRITERS:
            export(fmt, packages[1], work / f"warm-{fmt}")  # imports out of the timings
            seconds = {}
            for size in SIZES:
                times = []
                for run in range(runs):
                    out = work / f"out-{fmt}-{size}-{run}"
                    start = time.perf_counter()
                    export(fmt, packages[size], out)
                    times.append(time.perf_counter() - start)
                seconds[size] = statistics.median(times)
            exponent = math.log(seconds[SIZES[-1]] / seconds[SIZES[-2]]) / math.log(SIZES[-1] / SIZES[-2])
            print(f"{fmt:<10}" + "".join(f"{seconds[s]:12.3f}" for s in SIZES) + f"{exponent:10.2f}")


if __name__ == "__main__":
    typer.run(main)
