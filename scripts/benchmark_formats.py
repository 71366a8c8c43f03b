"""Build time against the length of one line: one-line Podcasting 2.0 JSON and one-line plain text.

Builds 10 KB, 100 KB and 1 MB single-line inputs (and a 91 KB one-line JSON
transcript, the size of a real 40-minute episode's file), each in a fresh
process, and prints the seconds the build takes (imports excluded), the
scaling exponent between sizes (1 is linear, 2 quadratic) and the cold
`companion build` time of the 91 KB file. A size that takes longer than
--limit seconds is stopped and the larger ones skipped.

Example: python scripts/benchmark_formats.py --limit 60
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typer

WORDS = ("river bridge council budget school winter harvest market ferry station museum library "
         "season village engineer teacher farmer report question answer").split()
TEMPLATES = [
    "We counted {n} {w} in {y}, about {p}% more than the year before.",
    "The {w} cost {n} thousand dollars, and the {w2} took {m} months.",
    "Why did the {w} close in {y}?",
    "Nobody expected {n} people at the {w} that morning.",
    "It was {m} weeks before the {w2} opened again.",
    "I think the {w} matters more to people than the {w2} does.",
    "And what did the {w} look like back then?",
    "Well, you have to remember how small the {w2} was.",
    "That is what everyone in the {w} kept telling us.",
    "So we went back and asked the {w2} again.",
]
MEASURE = r"""
import sys, time
from companion.package import TranscriptInput, build_files
raw = open(sys.argv[1], "rb").read()
start = time.perf_counter()
build_files([TranscriptInput(sys.argv[2], raw)])
print(time.perf_counter() - start)
"""


def sentences(seed: int):
    rng = random.Random(seed)
    while True:
        yield rng.choice(TEMPLATES).format(
            n=rng.randint(2, 900), w=rng.choice(WORDS), w2=rng.choice(WORDS), y=rng.randint(1950, 2024),
            p=rng.randint(2, 60), m=rng.randint(2, 11))


def one_line_json(size: int) -> str:
    """Segments of a few sentences, two speakers in turn, all on one line (about one sentence
    in two holds figures, more than real speech, which has fewer)."""
    segments, t, made = [], 0.0, 40
    words = sentences(size)
    while made < size:
        body = " ".join(next(words) for _ in range(2))
        end = round(t + len(body) / 15, 3)
        segment = {"speaker": ("Ana Souza", "Tom Reyes")[len(segments) % 2], "startTime": round(t, 3), "endTime": end, "body": body}
        made += len(json.dumps(segment)) + 2
        segments.append(segment)
        t = end + 0.4
    return json.dumps({"version": "1.0.0", "segments": segments})


def one_line_text(size: int) -> str:
    """A labelled exchange followed by one very long paragraph (the figures work on long lines)."""
    words, parts, made = sentences(size), [], 0
    while made < size:
        parts.append(next(words))
        made += len(parts[-1]) + 1
    return "Ana Souza: Where were you in the spring?\nTom Reyes: " + " ".join(parts) + "\n"


def timed(path: Path, name: str, limit: float) -> float | None:
    try:
        out = subprocess.run([sys.executable, "-c", MEASURE, str(path), name], capture_output=True, text=True,
                             timeout=limit, check=True)
    except subprocess.TimeoutExpired:
        return None
    return float(out.stdout.strip())


def main(limit: float = typer.Option(120.0, help="Stop a build after this many seconds.")) -> None:
    """Print build seconds and scaling exponents. Example: python scripts/benchmark_formats.py --limit 60"""
    sizes = [10_000, 100_000, 1_000_000]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; seconds are build_files() alone, in a fresh process")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, make, suffix in (("one-line JSON", one_line_json, ".json"), ("one-line text", one_line_text, ".txt")):
            results = []
            for size in sizes:
                text = make(size)
                path = work / f"input{suffix}"
                path.write_text(text, encoding="utf-8")
                seconds = timed(path, path.name, limit) if not results or results[-1][1] is not None else None
                results.append((len(text.encode("utf-8")), seconds))
            print(f"\n{label}")
            print(f"{'bytes':>10} {'seconds':>9} {'exponent':>9}")
            for i, (size, seconds) in enumerate(results):
                shown = f"{seconds:9.3f}" if seconds is not None else f"{'> ' + str(int(limit)):>9}"
                exponent = ""
                if i and seconds is not None and results[i - 1][1]:
                    exponent = f"{math.log(seconds / results[i - 1][1]) / math.log(size / results[i - 1][0]):9.2f}"
                print(f"{size:>10} {shown} {exponent:>9}")
        path = work / "episode.json"
        path.write_text(one_line_json(91_000), encoding="utf-8")
        seconds = timed(path, path.name, limit)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "companion", "build", str(path), "--out", str(work / "pkg")],
                       check=True, capture_output=True)
        cold = time.perf_counter() - start
        print(f"\n91 KB one-line JSON ({path.stat().st_size:,} bytes): build {seconds:.3f} s; "
              f"cold `companion build` {cold:.2f} s (imports included)")


if __name__ == "__main__":
    typer.run(main)
