"""Corpus benchmark: build, rebuild and validate synthetic corpora of 100, 1,000
and 10,000 episodes, beside a pure-Python floor and `frictionless validate`.

Everything is measured in this one run, each command in a fresh process:
wall-clock seconds and the peak memory of the command's whole process tree
(the sum of the resident sizes of it and its workers, sampled every 20 ms: an
upper bound, since workers share pages). It prints:

- episodes/s and MB/s of `companion build` with --jobs 1 and with all cores;
- the rebuild after one episode changed (with the cache), and whether its
  package is byte-identical to a clean build;
- `companion validate` and `frictionless validate` on the same package;
- the floor: read every file, find the speaker labels with one regex, write
  one CSV;
- scaling exponents fitted over the sizes (time ~ size^k, in episodes and MB).

The corpora come from scripts/synthetic_corpus.py (our own templates, mixed
label shapes, 10-15 KB per episode). On a shared machine the absolute figures
are noisy; the ratios and exponents within one run are what to compare.

Example: python scripts/benchmark_corpus.py --sizes 100,1000
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
COMPANION = [sys.executable, "-m", "companion"]

FLOOR = r'''
import csv, re, sys
from pathlib import Path
label = re.compile(r"^([^\W\d_][\w.'’ -]{0,60}?)(?:, [A-Za-z ]+)?:", re.M)
paths = sorted(Path(sys.argv[1]).rglob("*.txt"), key=lambda p: p.parts)
with open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["path", "offset", "label"])
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in label.finditer(text):
            writer.writerow([path.name, match.start(), match.group(1)])
'''


def measured(command: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, peak MiB of its process tree, CPU
    seconds of the tree). CPU time is what a busy shared machine distorts
    least: each process's user+system time, as last sampled (every 20 ms)."""
    import psutil

    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu: dict[tuple[int, float], float] = {}  # (pid, start time) -> CPU seconds
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(process.pid)
        except psutil.Error:
            return
        while not done.is_set():
            total = 0
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            for p in tree:
                try:
                    with p.oneshot():
                        total += p.memory_info().rss
                        times = p.cpu_times()
                        cpu[(p.pid, p.create_time())] = times.user + times.system
                except psutil.Error:
                    pass
            peak = max(peak, total)
            done.wait(0.02)

    before = os.times()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    thread.join()
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{err.decode()[-2000:]}")
    # Waited-for descendants report their full time here; the sampled times cover the rest.
    waited = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return seconds, peak / 2**20, max(waited, sum(cpu.values()))


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main(
    sizes: str = typer.Option("100,1000,10000", help="Corpus sizes in episodes, comma-separated."),
    jobs: int = typer.Option(0, help="Workers for the all-cores runs (0: all cores)."),
    keep: Path = typer.Option(None, help="Keep the corpora and packages in this folder."),
) -> None:
    """Print the corpus benchmark. Example: python scripts/benchmark_corpus.py --sizes 100,1000"""
    from companion.parallel import default_jobs

    cores = jobs or default_jobs()
    counts = [int(s) for s in sizes.split(",")]
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="companion-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, all-cores runs use --jobs {cores}; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    try:
        for n in counts:
            base = work / f"n{n}"
            shutil.rmtree(base, ignore_errors=True)
            corpus = base / "corpus"
            paths = write_corpus(corpus, n)
            mb = sum(p.stat().st_size for p in paths) / 1e6
            r = {"n": n, "mb": mb}
            print(f"\n{n:,} episodes, {mb:.1f} MB", flush=True)

            def run(label: str, command: list[str]) -> tuple[float, float]:
                seconds, peak, cpu = measured(command)
                key = label.split(" (")[0]
                r.setdefault("cpu", {})[key] = cpu
                print(f"  {label:<36} {seconds:8.2f} s  {peak:7.0f} MiB  {cpu:8.2f} s CPU", flush=True)
                return seconds, peak

            r["floor"], r["floor_mem"] = run("floor (read, regex, one CSV)", [sys.executable, "-c", FLOOR, str(corpus), str(base / "floor.csv")])
            r["jn"], r["jn_mem"] = run(f"build --jobs {cores} (no cache)", COMPANION + ["build", str(corpus), "--out", str(base / "clean"), "--jobs", str(cores), "--no-cache", "-q"])
            r["cold"], r["cold_mem"] = run(f"build --jobs {cores}, filling the cache", COMPANION + ["build", str(corpus), "--out", str(base / "cached"), "--jobs", str(cores), "--cache", str(base / "cache"), "-q"])
            r["same_cache"] = tree_digest(base / "clean") == tree_digest(base / "cached")
            changed = paths[len(paths) // 2]
            changed.write_text(changed.read_text(encoding="utf-8").replace("Honestly", "Frankly", 1) + "\n", encoding="utf-8")
            r["incr"], r["incr_mem"] = run("rebuild after one change (cache)", COMPANION + ["build", str(corpus), "--out", str(base / "cached"), "--jobs", str(cores), "--cache", str(base / "cache"), "-q"])
            r["j1"], r["j1_mem"] = run("build --jobs 1 (no cache)", COMPANION + ["build", str(corpus), "--out", str(base / "jobs1"), "--jobs", "1", "--no-cache", "-q"])
            r["same_incr"] = tree_digest(base / "cached") == tree_digest(base / "jobs1")
            r["val"], r["val_mem"] = run("companion validate", COMPANION + ["validate", str(base / "jobs1")])
            r["fl"], r["fl_mem"] = run("frictionless validate", [str(BIN / "frictionless"), "validate", str(base / "jobs1" / "datapackage.json")])
            r["out_mb"] = sum(p.stat().st_size for p in (base / "jobs1").rglob("*") if p.is_file()) / 1e6
            print(f"  byte-identical: cache run = clean build: {r['same_cache']}; rebuild = clean build of the changed corpus: {r['same_incr']}", flush=True)
            rows.append(r)
            if not keep:
                shutil.rmtree(base, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

    print("\nSummary (seconds; memory is the peak of the process tree)")
    head = (f"{'episodes':>9} {'MB':>6} {'floor s':>8} {'j1 s':>8} {'j1 ep/s':>8} {'j1 MB/s':>8} {f'j{cores} s':>8} "
            f"{f'j{cores} ep/s':>8} {f'j{cores} MB/s':>8} {'x floor':>8} {'rebuild':>8} {'% clean':>8} "
            f"{'val s':>7} {'fl s':>7} {'val/fl':>7} {'j1 MiB':>7} {f'j{cores} MiB':>7} {'val MiB':>7} {'fl MiB':>7} {'valmem/fl':>9} {'out/in':>7}")
    print(head)
    for r in rows:
        print(f"{r['n']:>9,} {r['mb']:>6.1f} {r['floor']:>8.2f} {r['j1']:>8.2f} {r['n'] / r['j1']:>8.0f} {r['mb'] / r['j1']:>8.2f} "
              f"{r['jn']:>8.2f} {r['n'] / r['jn']:>8.0f} {r['mb'] / r['jn']:>8.2f} {r['jn'] / r['floor']:>8.1f} "
              f"{r['incr']:>8.2f} {100 * r['incr'] / r['jn']:>7.0f}% {r['val']:>7.2f} {r['fl']:>7.2f} {r['val'] / r['fl']:>7.2f} "
              f"{r['j1_mem']:>7.0f} {r['jn_mem']:>7.0f} {r['val_mem']:>7.0f} {r['fl_mem']:>7.0f} {r['val_mem'] / r['fl_mem']:>9.2f} "
              f"{r['out_mb'] / r['mb']:>7.1f}")
    if len(rows) > 1:
        ns, mbs = [r["n"] for r in rows], [r["mb"] for r in rows]
        print("\nScaling exponents (time ~ size^k, least squares over the sizes above)")
        for label, key in (("build --jobs 1", "j1"), (f"build --jobs {cores}", "jn"), ("rebuild", "incr"),
                           ("companion validate", "val"), ("frictionless validate", "fl"), ("floor", "floor")):
            ys = [r[key] for r in rows]
            print(f"  {label:<24} k = {slope(ns, ys):.2f} in episodes, {slope(mbs, ys):.2f} in MB")
        for label, key in (("build --jobs 1 memory", "j1_mem"), (f"build --jobs {cores} memory", "jn_mem")):
            print(f"  {label:<24} k = {slope(ns, [r[key] for r in rows]):.2f} in episodes")
    print("\nCPU seconds (all processes of each command)")
    labels = list(rows[0]["cpu"])
    print(f"{'episodes':>9} " + " ".join(f"{label[:22]:>22}" for label in labels))
    for r in rows:
        print(f"{r['n']:>9,} " + " ".join(f"{r['cpu'][label]:>22.2f}" for label in labels))
    print("\nCost model: seconds per MB of transcript with --jobs 1, wall (CPU): "
          + ", ".join(f"{r['j1'] / r['mb']:.2f} ({r['cpu']['build --jobs 1'] / r['mb']:.2f}) at {r['n']:,}" for r in rows)
          + f"; output MB per input MB: {rows[-1]['out_mb'] / rows[-1]['mb']:.1f}")
    ok = all(r["same_cache"] and r["same_incr"] for r in rows)
    print(f"All byte-identity checks passed: {ok}")


if __name__ == "__main__":
    typer.run(main)
