"""How build time grows with the input: the scaling exponent of each kind of text.

Builds generated transcripts of growing size in this process (the whole
build: decoding, paragraphs, labels, speakers, attribution, figures, tables,
and writing the package) and fits time = c * size^k on a log-log scale. A
build that is linear in its input has k close to 1; the target is k <= 1.1.

- lines:     one-word lines after a short labelled exchange (10k, 100k, 200k lines)
- labels:    an NPR-style transcript where every turn has an all-caps label,
             up to 3.5 MB
- long line: one paragraph that never ends, full of figures; measured again
             with figure extraction switched off, to tell its cost apart

Each size is timed `--runs` times and the fastest run is kept; the exponent
is fitted on the process's CPU time (wall-clock time is printed beside it, but
on a shared machine it mostly measures the neighbours), within one run.

Example: python scripts/benchmark_scaling.py --runs 2
"""

from __future__ import annotations

import contextlib
import math
import tempfile
import time
from pathlib import Path

import typer

from companion.output import write_package
from companion.package import TranscriptInput, build_files

TARGET = 1.1


def lines_text(n: int) -> str:
    head = "A talk about rain\n\nAnn Host: Why does it matter?\nBen Guest: Because farms need it.\n"
    words = ["Yes.", "Right?", "Indeed.", "Well.", "Rain?", "No."]
    return head + "".join(words[i % len(words)] + "\n" for i in range(n))


def labels_text(size: int) -> str:
    head = ("Farmers wait for rain\n\nSTEVE INSKEEP, HOST:\n\nThe valley has had no rain since March.\n\n"
            "RACHEL MARTIN, HOST:\n\nWe asked a farmer about it.\n\nANA SILVA:\n\nIt has been 45 days.\n\n")
    turns = [
        "INSKEEP: How many acres did you plant this year, and what will you do if the rain stays away?\n\n",
        "SILVA: About 300 acres, down from 400. We sold 12 cows in June.\n\n",
        "MARTIN: Is the state helping at all?\n\n",
        "SILVA: A little. There is a fund of $2 million, but it goes fast.\n\n",
    ]
    parts, length, i = [head], len(head), 0
    while length < size:
        parts.append(turns[i % len(turns)])
        length += len(turns[i % len(turns)])
        i += 1
    return "".join(parts)


def long_line_text(size: int) -> str:
    sentence = "In 2021 about 45 farmers sold 3 tons of wheat for $1.2 million, up 12 percent since March. "
    return "Ann Host: " + sentence * (size // len(sentence)) + "\n"


CASES = {
    "lines": (lines_text, [10_000, 100_000, 200_000], "lines"),
    "labels": (labels_text, [350_000, 1_750_000, 3_500_000], "bytes"),
    "long line": (long_line_text, [40_000, 400_000, 1_600_000], "bytes"),
    # The same without figure extraction, to tell the figure extractor's cost
    # (figures.py) from the rest of the build.
    "long line, no figures": (long_line_text, [40_000, 400_000, 1_600_000], "bytes"),
}


def time_build(text: str, runs: int, budget: float) -> tuple[float, float]:
    """The fastest of `runs` builds: (CPU seconds of this process, wall-clock seconds).
    CPU time is what the exponent uses: on a machine shared with other work,
    wall-clock time mostly measures the neighbours."""
    best_cpu = best_wall = math.inf
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        files, _ = build_files([TranscriptInput("bench.txt", text.encode("utf-8"))])
        with tempfile.TemporaryDirectory() as tmp:
            write_package(files, Path(tmp) / "pkg")
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        if best_wall > budget:
            break
    return best_cpu, best_wall


@contextlib.contextmanager
def _figures_off(off: bool):
    from companion import episode

    extract = episode.figures.extract
    if off:
        episode.figures.extract = lambda text, *args, **kwargs: []  # whatever the signature: no figures
    try:
        yield
    finally:
        episode.figures.extract = extract


def exponent(sizes: list[int], times: list[float]) -> float:
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main(
    runs: int = typer.Option(2, help="Builds per size; the fastest counts."),
    budget: float = typer.Option(120.0, help="Seconds a single build may take before the larger sizes of that case are skipped."),
    only: str = typer.Option("", help="Run one case only: lines, labels, 'long line' or 'long line, no figures'."),
) -> None:
    """Print build times and scaling exponents. Example: python scripts/benchmark_scaling.py --runs 2"""
    print(f"{'case':<22} {'size':>12} {'cpu s':>9} {'wall s':>9}")
    verdicts = []
    for name, (make, sizes, unit) in CASES.items():
        if only and name != only:
            continue
        measured = []
        for size in sizes:
            with _figures_off(name.endswith("no figures")):
                seconds, wall = time_build(make(size), runs, budget)
            measured.append((size, seconds))
            print(f"{name:<22} {size:>12,} {seconds:>9.3f} {wall:>9.3f}   ({unit})", flush=True)
            if wall > budget and size != sizes[-1]:
                print(f"{name:<22} larger sizes skipped: one build took over {budget:.0f} s")
                break
        if len(measured) >= 2:
            k = exponent([s for s, _ in measured], [t for _, t in measured])
            verdicts.append((name, k, len(measured) == len(sizes)))
    print()
    for name, k, complete in verdicts:
        status = "ok" if k <= TARGET and complete else "TOO SLOW"
        print(f"scaling exponent {name:<22} {k:5.2f}  (target <= {TARGET})  {status}{'' if complete else ', sizes skipped'}")


if __name__ == "__main__":
    typer.run(main)
