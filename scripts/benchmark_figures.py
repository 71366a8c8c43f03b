"""Precision, recall and time of our figure extractor and of quantulum3 on the labelled set.

Example: python scripts/benchmark_figures.py --repeat 5
"""

import csv
import datetime as dt
import statistics
import time
from pathlib import Path

import typer

from companion.figures import extract
from companion.scoring import Span, locate_gold, score
from companion.readers.text import read as split_paragraphs

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/fixtures/figures_gold.csv"
REQUIRED = ("count", "money", "percent", "fraction", "duration")


def load_sources(rows: list[dict]) -> dict[str, str]:
    sources = {}
    for name in sorted({row["file"] for row in rows}):
        path = ROOT / "tests/fixtures" / name
        path = path if path.exists() else ROOT / "data/source" / name
        sources[name] = path.read_text(encoding="utf-8")
    return sources


def run(extractor, sources: dict[str, str]) -> list[Span]:
    spans = []
    for name, text in sources.items():
        for p in split_paragraphs(text):
            for start, end in extractor(p.text):
                spans.append(Span(name, p.start + start, p.start + end, None, p.text[start:end]))
    return spans


def ours(text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in extract(text)]


def report(name: str, spans: list[Span], positives, negatives, seconds: list[float], first: float) -> None:
    result = score(positives, negatives, spans)
    recall = " ".join(f"{k}={result.recall_by_kind.get(k, 1.0):.2f}" for k in REQUIRED)
    print(f"{name:<12} precision={result.precision:.3f} recall={result.recall:.3f} ({recall}) "
          f"non-figures taken={len(result.negatives_hit)} first pass={first * 1000:.1f} ms "
          f"median pass={statistics.median(seconds) * 1000:.1f} ms")
    for span in result.negatives_hit:
        print(f"    non-figure taken: {span.text!r}")
    for span in result.missed:
        print(f"    missed: {span.text!r} ({span.kind})")


def timed(extractor, sources, repeat: int) -> tuple[list[Span], float, list[float]]:
    start = time.perf_counter()
    spans = run(extractor, sources)
    first = time.perf_counter() - start
    passes = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(extractor, sources)
        passes.append(time.perf_counter() - start)
    return spans, first, passes


def main(repeat: int = typer.Option(5, help="Timed passes after the first.")) -> None:
    """Score both extractors on tests/fixtures/figures_gold.csv. Example: python scripts/benchmark_figures.py"""
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8")))
    sources = load_sources(rows)
    positives, negatives = locate_gold(rows, sources)
    print(f"labelled set: {len(positives)} figures, {len(negatives)} non-figure spans, {len(sources)} texts")
    spans, first, passes = timed(ours, sources, repeat)
    report("companion", spans, positives, negatives, passes, first)

    start = time.perf_counter()
    from quantulum3 import parser  # a development dependency only

    load = time.perf_counter() - start

    def quantulum(text: str) -> list[tuple[int, int]]:
        return [q.span for q in parser.parse(text)]

    spans_q, first_q, passes_q = timed(quantulum, sources, repeat)
    report("quantulum3", spans_q, positives, negatives, passes_q, first_q + load)
    print(f"speed-up (median pass): {statistics.median(passes_q) / statistics.median(passes):.0f}x; "
          f"(first pass, quantulum3 import included): {(first_q + load) / first:.0f}x")
    compare_parts(rows)


BROADCAST = {"theworld-2021-06-11-khalilzad.txt": dt.date(2021, 6, 11), "figures_style.txt": dt.date(2024, 3, 10)}


def compare_parts(rows: list[dict]) -> None:
    """Libraries for the two sub-tasks one might hand off: number words and dates."""
    from dateparser import parse as parse_date
    from number_parser import parse_number
    from word2number import w2n

    def safe(function, text):
        try:
            return function(text)
        except Exception:  # a library that raises on an input simply gets it wrong
            return None

    words = [r for r in rows if r["is_figure"] == "true" and r["kind"] == "count" and not any(c.isdigit() for c in r["text"])]
    print(f"number words ({len(words)} labelled: {', '.join(r['text'] for r in words)})")
    candidates = {
        "companion": lambda t: next((f.value for f in extract(t)), None),
        "word2number": lambda t: safe(w2n.word_to_num, t),
        "number-parser": lambda t: safe(parse_number, t),
    }
    for name, function in candidates.items():
        right = sum(function(r["text"]) == float(r["value"]) for r in words)
        print(f"  {name:<14} {right}/{len(words)} right")
    days = [r for r in rows if r["is_figure"] == "true" and r["kind"] == "date"]
    print(f"dates ({len(days)} labelled, resolved against the broadcast date)")
    right_ours = sum(next((f.date for f in extract(r["text"], BROADCAST[r["file"]])), None) == r["date"] for r in days)
    start = time.perf_counter()
    found = [parse_date(r["text"], settings={"RELATIVE_BASE": dt.datetime.combine(BROADCAST[r["file"]], dt.time())}) for r in days]
    took = time.perf_counter() - start
    right_dp = sum(bool(d) and d.date().isoformat() == r["date"] for d, r in zip(found, days))
    print(f"  companion      {right_ours}/{len(days)} right")
    print(f"  dateparser     {right_dp}/{len(days)} right ({took * 1000:.0f} ms; e.g. '9/11' -> {found[[r['text'] for r in days].index('9/11')]:%Y-%m-%d})")


if __name__ == "__main__":
    typer.run(main)
