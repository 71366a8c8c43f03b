"""Score the figure extractor on the blind figures set (tests/fixtures/figures/
blind_dev and blind_heldout; see BLIND.md there), half by half.

Two views of each half:
- paragraph: companion.figures.extract on every paragraph (non-empty line), as
  scripts/benchmark_figures.py scores the dev set;
- build: each text built through the whole pipeline (format reader, segments,
  boilerplate), its figures table read back, so that page furniture and cue
  lines are judged as the package would hold them.

Prints precision, recall, value right, non-figures taken (all, by cause, and
without the contested causes), subjects, per kind; then every error with the
words around it, grouped by cause.

Example: python scripts/score_blind_figures.py --half blind_dev --view paragraph
"""

from __future__ import annotations

import csv
import re
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import typer

from companion.figures import Context, extract
from companion.package import TranscriptInput, build_files
from companion.readers.text import read as split_paragraphs
from companion.scoring import _MARK, Annotated, Span, field_errors, figure_fields, read_annotated

ROOT = Path(__file__).resolve().parents[1]
BLIND = ROOT / "tests/fixtures/figures"
HALVES = ("blind_dev", "blind_heldout")
# Non-figures whose label is a convention others may not share (BLIND.md 8-10):
CONTESTED = ("multiplier", "hyperbole", "schema", "game clock", "race time", "recording length")
SUFFIX = {"subtitles with timecodes": None, "markdown transcript with escaped timestamps": ".md"}


@dataclass
class Doc:
    ann: Annotated
    reasons: list[str]  # one per negative, in order


@dataclass
class Result:
    figures: int = 0
    found: int = 0
    tp: int = 0
    value_right: int = 0
    negatives: Counter = field(default_factory=Counter)  # cause -> labelled
    taken: Counter = field(default_factory=Counter)  # cause -> taken
    subjects: int = 0
    subjects_right: int = 0
    by_kind: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: dict = field(default_factory=lambda: defaultdict(list))  # cause -> lines


def cause_of(reason: str) -> str:
    return re.split(r": | \(", reason)[0].strip()


def load(half: str) -> list[Doc]:
    docs = []
    for path in sorted((BLIND / half).glob("*.ann")):
        ann = read_annotated(path)
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        reasons = [(m["rest"] or "") for m in _MARK.finditer(body) if m["neg"]]
        assert len(reasons) == len(ann.negatives), path
        docs.append(Doc(ann, reasons))
    return docs


def context(text: str, start: int, end: int, width: int = 45) -> str:
    left = text[max(0, start - width):start].replace("\n", " ⏎ ")
    right = text[end:end + width].replace("\n", " ⏎ ")
    return f"…{left}[{text[start:end]}]{right}…"


def paragraph_figures(doc: Annotated):
    context = Context()  # what the paragraphs before said, as the build passes it
    for p in split_paragraphs(doc.text):
        for f in extract(p.text, doc.broadcast_date, context):
            yield p.start + f.start, p.start + f.end, f


def _number(value: str):
    return float(value) if value not in (None, "") else None


def build_figures(doc: Annotated):
    """The figures table of the text built as a package (offsets in the source)."""
    suffix = SUFFIX.get(doc.style, ".txt")
    if suffix is None:
        suffix = ".vtt" if doc.text.startswith("WEBVTT") else ".srt"
    name = doc.name.replace(".ann", "") + suffix
    meta = f"broadcast_date: {doc.broadcast_date.isoformat()}\n" if doc.broadcast_date else None
    item = TranscriptInput(name, doc.text.encode("utf-8"), name.rsplit(".", 1)[0] + ".yaml" if meta else None, meta)
    files, _ = build_files([item])
    rows = list(csv.DictReader(io.StringIO(files["data/figures.csv"].decode("utf-8"))))
    source_path = next(p for p in files if p.startswith("data/source/") and not p.endswith(".yaml"))
    assert files[source_path].decode("utf-8") == doc.text, "the built source differs from the text"
    for r in rows:
        f = SimpleNamespace(kind=r["kind"], value=_number(r["value"]), value_min=_number(r["value_min"]),
                            value_max=_number(r["value_max"]), unit=r["unit"] or None, date=r["date"] or None,
                            time=r["time"] or None, qualifier=r["qualifier"] or None,
                            date_resolution=r["date_resolution"] or None, subject=r["subject"] or None,
                            period_start=r["period_start"] or None)
        yield int(r["char_start"]), int(r["char_end"]), f


def score(docs: list[Doc], view: str) -> Result:
    res = Result()
    for d in docs:
        doc = d.ann
        predicted = list(paragraph_figures(doc) if view == "paragraph" else build_figures(doc))
        res.figures += len(doc.positives)
        res.found += len(predicted)
        for reason in d.reasons:
            res.negatives[cause_of(reason)] += 1
        matched: set[int] = set()
        hit_negatives: set[int] = set()
        for start, end, f in predicted:
            guess = Span(doc.name, start, end)
            shape = f"{doc.name}: {context(doc.text, start, end)} -> {f.kind} v={f.value} min={f.value_min} max={f.value_max} u={f.unit} d={f.date} t={f.time}"
            hit = next((i for i, (gold, _) in enumerate(doc.positives) if i not in matched and gold.overlaps(guess)), None)
            if hit is None:
                negs = [i for i, n in enumerate(doc.negatives) if n.overlaps(guess)]
                if negs:
                    reason = d.reasons[negs[0]]
                    for i in negs:
                        if i not in hit_negatives:
                            hit_negatives.add(i)
                            res.taken[cause_of(d.reasons[i])] += 1
                    res.errors[f"false positive: non-figure taken ({cause_of(reason)})"].append(f"{shape}   [{reason}]")
                else:
                    twice = any(g.overlaps(guess) for g, _ in doc.positives)
                    label = "false positive: a labelled figure split in two" if twice else f"false positive: unlabelled words ({f.kind})"
                    res.errors[label].append(shape)
                continue
            matched.add(hit)
            res.tp += 1
            gold, label = doc.positives[hit]
            kind = label["kind"]
            res.by_kind[kind]["found"] += 1
            found = figure_fields(f)
            errors = field_errors(label, found)
            if errors:
                fields = ",".join(sorted(e.split(":")[0] for e in errors))
                res.errors[f"wrong value: {kind} ({fields})"].append(f"{shape}   want {label}   ({'; '.join(errors)})")
            else:
                res.value_right += 1
                res.by_kind[kind]["right"] += 1
            if "subject" in label:
                res.subjects += 1
                want = None if label["subject"] == "-" else label["subject"]
                if (want or "").lower() == (found["subject"] or "").lower():
                    res.subjects_right += 1
                else:
                    res.errors["wrong subject"].append(f"{doc.name}: {context(doc.text, gold.start, gold.end)}: {found['subject']!r} != {want!r}")
        for i, (gold, label) in enumerate(doc.positives):
            res.by_kind[label["kind"]]["labelled"] += 1
            if i not in matched:
                res.errors[f"missed: {label['kind']}"].append(f"{doc.name}: {context(doc.text, gold.start, gold.end)}   want {label}")
    return res


def report(half: str, view: str, res: Result, errors: bool) -> None:
    precision = res.tp / res.found if res.found else 1.0
    recall = res.tp / res.figures if res.figures else 1.0
    value = res.value_right / res.tp if res.tp else 1.0
    negatives, taken = sum(res.negatives.values()), sum(res.taken.values())
    firm_n = sum(n for c, n in res.negatives.items() if not c.startswith(CONTESTED))
    firm_t = sum(n for c, n in res.taken.items() if not c.startswith(CONTESTED))
    print(f"{half} ({view}): {res.figures} figures, {negatives} non-figures")
    print(f"  precision {precision:.3f} ({res.tp}/{res.found})  recall {recall:.3f} ({res.tp}/{res.figures})  "
          f"value right {value:.3f} ({res.value_right}/{res.tp})  overall right {res.value_right / res.figures:.3f}")
    print(f"  non-figures taken {taken / negatives:.3f} ({taken}/{negatives}); without timecodes and cue numbers "
          f"{(taken - res.taken['timecode'] - res.taken['subtitle cue number']) / (negatives - res.negatives['timecode'] - res.negatives['subtitle cue number']):.3f}; "
          f"without the contested causes {firm_t / firm_n:.3f} ({firm_t}/{firm_n})")
    print(f"  subjects right {res.subjects_right}/{res.subjects}")
    print("  per kind (labelled, found, value right):  " + "  ".join(
        f"{k} {c['labelled']}/{c['found']}/{c['right']}" for k, c in sorted(res.by_kind.items())))
    print("  non-figures taken by cause: " + ", ".join(f"{c} {res.taken[c]}/{n}" for c, n in sorted(res.negatives.items())))
    if errors:
        for cause in sorted(res.errors):
            print(f"  -- {cause}: {len(res.errors[cause])}")
            for line in res.errors[cause]:
                print(f"       {line}")


def main(
    half: list[str] = typer.Option(list(HALVES), help="blind_dev and/or blind_heldout."),
    view: list[str] = typer.Option(["paragraph", "build"], help="paragraph (extract on each line) and/or build (the whole pipeline)."),
    errors: bool = typer.Option(True, help="List every error with its context."),
) -> None:
    """Score the figure extractor on the blind set. Example: python scripts/score_blind_figures.py --half blind_dev"""
    for h in half:
        docs = load(h)
        for v in view:
            report(h, v, score(docs, v), errors)
            print()


if __name__ == "__main__":
    typer.run(main)
