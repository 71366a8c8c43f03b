"""Accuracy and speed of the figure extractor, beside its peers, on the same texts.

Accuracy: precision, recall, values, non-figures taken and subjects on the
labelled sets (tests/fixtures/figures_gold.csv and the dev set in
tests/fixtures/figures/), for companion and quantulum3; and on their sub-tasks
word2number and number-parser (number words), dateparser (dates) and
price-parser (money). The held-out half of the dev set is scored only with
--heldout.

Speed, in one run: one-paragraph inputs of 10 KB, 100 KB and 1 MB and normal
paragraphs of 100 KB and 1 MB, with the scaling exponent; today's extractor
as it was at commit eee876b (loaded from git) and quantulum3 on the same
normal paragraphs, as medians and ratios per MB.

Example: python scripts/benchmark_figures.py --repeat 3 --heldout
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import importlib
import math
import shutil
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import typer

from companion.figures import extract
from companion.readers.text import read as split_paragraphs
from companion.scoring import locate_gold, read_annotated, score, score_annotated

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests/fixtures/figures_gold.csv"
DEV_SET = ROOT / "tests/fixtures/figures"
OLD_COMMIT = "eee876b"  # main before this work: the extractor the issue measured


# --- labelled sets -----------------------------------------------------------------
def annotated(half: str):
    return [read_annotated(p) for p in sorted((DEV_SET / half).glob("*.ann"))]


def report_ours(name: str, texts) -> None:
    r = score_annotated(texts, extract)
    value = r.value_right / r.true_positives if r.true_positives else 1.0
    taken = r.non_figures_taken / r.non_figures if r.non_figures else 0.0
    print(f"  {name:<9} {len(texts)} texts, {r.figures} figures, {r.non_figures} non-figures: "
          f"precision {r.precision:.3f}  recall {r.recall:.3f}  value right {value:.3f} ({r.value_right}/{r.true_positives})  "
          f"non-figures taken {taken:.3f} ({r.non_figures_taken})  subject right {r.subjects_right}/{r.subjects} "
          f"(left empty {r.subjects_empty})  exact words {r.exact_spans}/{r.true_positives}")
    for label, items in (("false positive", r.false_positives), ("missed", r.missed), ("wrong value", r.wrong_values),
                         ("wrong subject", r.wrong_subjects), ("non-figure taken", r.taken)):
        for item in items:
            print(f"      {label}: {item}")


def quantulum_parser():
    warnings.filterwarnings("ignore")
    from quantulum3 import classifier, parser  # a development dependency only

    try:
        classifier.classifier("en_US")  # loads its pickled unit classifier
    except Exception as error:  # noqa: BLE001 - its pickled classifier does not load under this scikit-learn
        classifier.USE_CLF = False
        print(f"  (quantulum3's unit classifier does not load here ({type(error).__name__}: {error}); "
              "quantulum3 runs with its classifier-free disambiguation)")
    return parser


class _Q:
    """A quantulum3 quantity seen as a figure (span and value only)."""

    def __init__(self, q):
        self.start, self.end = q.span
        self.kind = "count"
        self.value = q.value
        self.value_min = self.value_max = self.unit = self.date = self.time = self.qualifier = None
        self.date_resolution = self.subject = self.period_start = None


def report_quantulum(name: str, texts, parser) -> None:
    r = score_annotated(texts, lambda text, _ref, _context: [_Q(q) for q in parser.parse(text)])
    taken = r.non_figures_taken / r.non_figures if r.non_figures else 0.0
    print(f"  {name:<9} quantulum3: precision {r.precision:.3f}  recall {r.recall:.3f}  "
          f"non-figures taken {taken:.3f} ({r.non_figures_taken})")


def reference_set() -> tuple[float, float, int]:
    rows = list(csv.DictReader(GOLD.open(encoding="utf-8")))
    sources = {}
    for name in sorted({row["file"] for row in rows}):
        path = ROOT / "tests/fixtures" / name
        sources[name] = (path if path.exists() else ROOT / "data/source" / name).read_text(encoding="utf-8")
    positives, negatives = locate_gold(rows, sources)
    from companion.scoring import Span

    spans = [Span(n, p.start + f.start, p.start + f.end) for n, t in sources.items() for p in split_paragraphs(t) for f in extract(p.text)]
    result = score(positives, negatives, spans)
    return result.precision, result.recall, len(result.negatives_hit)


# --- sub-tasks: number words, dates, money --------------------------------------------------
def labels(texts, kind: str):
    for doc in texts:
        for span, label in doc.positives:
            if label["kind"] == kind:
                yield doc, span, label


def safe(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception:  # a library that raises on an input simply gets it wrong
        return None


def close(a, b) -> bool:
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-6)


def sub_tasks(texts) -> None:
    from dateparser import parse as parse_date
    from number_parser import parse_number
    from word2number import w2n

    words = [(d, s, lab) for d, s, lab in labels(texts, "count") if "value" in lab and not any(c.isdigit() for c in s.text)]
    print(f"  number words ({len(words)} labelled counts written in words)")
    ours = sum(close(next((f.value for f in extract(s.text)), None), lab["value"]) for _, s, lab in words)
    w2n_right = sum(close(safe(w2n.word_to_num, s.text), lab["value"]) for _, s, lab in words)
    np_right = sum(close(safe(parse_number, s.text), lab["value"]) for _, s, lab in words)
    print(f"    companion {ours}/{len(words)}   word2number {w2n_right}/{len(words)}   number-parser {np_right}/{len(words)}")

    days = list(labels(texts, "date"))
    in_context = 0
    for doc, span, lab in days:
        found = [f for p in split_paragraphs(doc.text) for f in extract(p.text, doc.broadcast_date)
                 if p.start + f.start < span.end and span.start < p.start + f.end]
        in_context += bool(found) and found[0].date == lab.get("date")
    alone = sum(next((f.date for f in extract(s.text, d.broadcast_date)), None) == lab.get("date") for d, s, lab in days)
    start = time.perf_counter()
    parsed = [safe(parse_date, s.text, settings={"RELATIVE_BASE": dt.datetime.combine(d.broadcast_date, dt.time())}) for d, s, _ in days]
    took = time.perf_counter() - start
    dp_right = sum(bool(p) and p.date().isoformat() == lab.get("date") for p, (_, _, lab) in zip(parsed, days))
    print(f"  dates ({len(days)} labelled days, resolved against the broadcast date)")
    print(f"    companion {in_context}/{len(days)} in context, {alone}/{len(days)} on the words alone   "
          f"dateparser {dp_right}/{len(days)} on the words alone ({took * 1000:.0f} ms)")

    money = [(d, s, lab) for d, s, lab in labels(texts, "money") if "value" in lab]
    print(f"  money ({len(money)} labelled amounts with one value)")
    ours_value = ours_unit = 0
    for _, s, lab in money:
        f = next(iter(extract(s.text)), None)
        ours_value += f is not None and close(f.value, lab["value"])
        ours_unit += f is not None and (f.unit or "") == lab.get("u", lab.get("unit", "") or "")
    try:
        from price_parser import Price
    except ImportError as error:
        print(f"    companion value {ours_value}/{len(money)}; price-parser not installed ({error})")
        return
    pp_value = sum(close(safe(lambda t: Price.fromstring(t).amount_float, s.text), lab["value"]) for _, s, lab in money)
    print(f"    companion value {ours_value}/{len(money)}   price-parser value {pp_value}/{len(money)} "
          f"(price-parser reads prices: it has no scale words, '$1.2 billion' is 1.2)")


# --- speed ---------------------------------------------------------------------------------
def corpus_lines() -> list[str]:
    lines = []
    for half in ("dev", "heldout"):
        for doc in annotated(half):
            lines += [p.text for p in split_paragraphs(doc.text)]
    lines += [p.text for p in split_paragraphs((ROOT / "data/source/theworld-2021-06-11-khalilzad.txt").read_text(encoding="utf-8"))]
    return lines


def normal_text(lines: list[str], size: int) -> list[str]:
    """Paragraphs, as many as needed to reach `size` characters."""
    out, total, i = [], 0, 0
    while total < size:
        out.append(lines[i % len(lines)])
        total += len(out[-1]) + 1
        i += 1
    return out


def one_paragraph(lines: list[str], size: int) -> list[str]:
    joined = " ".join(lines)
    return [(joined * (size // len(joined) + 1))[:size]]


def timed_rounds(jobs: dict, repeat: int) -> dict[str, float]:
    """Median CPU seconds of each job, `jobs[name] = (function, paragraphs)`. The jobs
    run in turn, round after round, so that the load of a shared machine falls
    on all of them alike; small inputs run up to ten times per round (a median
    of many short runs is steadier)."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    gc.disable()  # a collection landing in one run would skew it
    try:
        for _ in range(repeat):
            for name, (function, paragraphs) in jobs.items():
                size = sum(len(p) for p in paragraphs)
                for _ in range(max(1, min(10, 1_000_000 // max(size, 1)))):
                    start = time.process_time()  # CPU time: the other work on a shared machine weighs less on it
                    for text in paragraphs:
                        function(text)
                    times[name].append(time.process_time() - start)
    finally:
        gc.enable()
    return {name: statistics.median(values) for name, values in times.items()}


def old_extractor():
    """The extractor of commit eee876b, loaded from git into a package of its own."""
    folder = Path(tempfile.mkdtemp(prefix="figures-old-"))
    package = folder / "companion_eee876b"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in ("figures", "dates", "numbers"):
        source = subprocess.run(["git", "-C", str(ROOT), "show", f"{OLD_COMMIT}:src/companion/{name}.py"],
                                check=True, capture_output=True, text=True).stdout
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module("companion_eee876b.figures").extract
    finally:  # the code is loaded: leave no files behind
        sys.path.remove(str(folder))
        shutil.rmtree(folder)


def speed(repeat: int, quantulum) -> None:
    dense = corpus_lines()  # the dev set: about ten figures per KB
    real = [p.text for p in split_paragraphs((ROOT / "data/source/theworld-2021-06-11-khalilzad.txt").read_text(encoding="utf-8"))]
    reference = dt.date(2024, 1, 1)
    ours = lambda text: extract(text, reference)  # noqa: E731
    print(f"speed (median of {repeat} rounds, CPU seconds; 'normal' is the committed transcript's paragraphs repeated, "

          f"'dense' the dev set's, about six times as many figures per KB)")
    sizes = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000}
    jobs = {f"one {label}": (ours, one_paragraph(dense, size)) for label, size in sizes.items()}
    jobs |= {f"normal {label}": (ours, normal_text(real, size)) for label, size in sizes.items() if size >= 100_000}
    jobs["dense 1 MB"] = (ours, normal_text(dense, 1_000_000))
    # A control that is linear by construction (one pass of a word regex): its
    # exponent shows how far the machine alone bends the measurement.
    words = re.compile(r"\w+")
    control = lambda text: [m.group(0).lower() for m in words.finditer(text)]  # noqa: E731
    jobs |= {f"control {label}": (control, normal_text(real, size)) for label, size in sizes.items() if size >= 100_000}
    try:
        old = old_extractor()
    except (OSError, subprocess.CalledProcessError) as error:
        old = None
        print(f"  today's extractor ({OLD_COMMIT}) not measured: {error}")
    else:
        old_call = lambda text: old(text, reference)  # noqa: E731
        jobs["old normal 1 MB"] = (old_call, normal_text(real, 1_000_000))
        jobs["old dense 1 MB"] = (old_call, normal_text(dense, 1_000_000))
    t = timed_rounds(jobs, repeat)
    for label in sizes:
        line = f"  companion  one paragraph (dense) {label:>6}: {t['one ' + label]:.3f}"
        if f"normal {label}" in t:
            line += f"   normal paragraphs {label:>6}: {t['normal ' + label]:.3f}"
        print(line)
    print(f"  companion  dense paragraphs   1 MB: {t['dense 1 MB']:.3f}")

    def exponent(a, b, size_a, size_b):
        return math.log(t[b] / t[a]) / math.log(size_b / size_a)

    print(f"  scaling exponent, one paragraph: 10 KB->100 KB {exponent('one 10 KB', 'one 100 KB', 1e4, 1e5):.3f}, "
          f"100 KB->1 MB {exponent('one 100 KB', 'one 1 MB', 1e5, 1e6):.3f}, 10 KB->1 MB {exponent('one 10 KB', 'one 1 MB', 1e4, 1e6):.3f}")
    print(f"  scaling exponent, normal paragraphs: 100 KB->1 MB {exponent('normal 100 KB', 'normal 1 MB', 1e5, 1e6):.3f} "
          f"(control, a single regex pass, measured alike: {exponent('control 100 KB', 'control 1 MB', 1e5, 1e6):.3f})")
    if old is not None:
        print(f"  today's extractor ({OLD_COMMIT}), 1 MB normal: {t['old normal 1 MB']:.3f} -> companion "
              f"{t['old normal 1 MB'] / t['normal 1 MB']:.1f}x faster; 1 MB dense: {t['old dense 1 MB']:.3f} -> "
              f"{t['old dense 1 MB'] / t['dense 1 MB']:.1f}x faster")
        old_one = timed_rounds({"old": (old_call, one_paragraph(dense, 10_000))}, 1)["old"]
        print(f"  today's extractor, one paragraph of 10 KB: {old_one:.3f} (companion {t['one 10 KB']:.3f}, "
              f"{old_one / t['one 10 KB']:.0f}x; today's cost grows with the square of a paragraph's length)")
    sample = normal_text(real, 100_000)
    q = timed_rounds({"quantulum3": (quantulum.parse, sample), "companion": (ours, sample)}, 1)
    print(f"  quantulum3, normal paragraphs, 100 KB: {q['quantulum3']:.2f} (companion {q['companion']:.3f}) -> "
          f"companion {q['quantulum3'] / q['companion']:.0f}x faster")


def main(
    repeat: int = typer.Option(3, help="Timed runs per measurement; the median is printed."),
    heldout: bool = typer.Option(False, help="Also score the held-out half (only at the end of a piece of work)."),
    skip_speed: bool = typer.Option(False, help="Accuracy only."),
    split: str = typer.Option("", help="Score this folder of tests/fixtures/figures/ instead (blind_dev, blind_heldout: see BLIND.md)."),
) -> None:
    """Accuracy and speed of figure extraction beside quantulum3, word2number,
    number-parser, dateparser and price-parser. Example: python scripts/benchmark_figures.py --heldout"""
    precision, recall, taken = reference_set()
    print(f"reference set (tests/fixtures/figures_gold.csv): precision {precision:.3f} recall {recall:.3f} non-figures taken {taken}")
    halves = [split] if split else ["dev", "heldout"] if heldout else ["dev"]
    quantulum = quantulum_parser()
    print("dev set")
    for half in halves:
        texts = annotated(half)
        report_ours(half, texts)
        report_quantulum(half, texts, quantulum)
    print("sub-tasks, on the same texts:")
    sub_tasks([t for half in halves for t in annotated(half)])
    if not skip_speed:
        speed(repeat, quantulum)


if __name__ == "__main__":
    typer.run(main)
