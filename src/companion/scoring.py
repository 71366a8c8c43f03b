"""Scoring figure extraction against a hand-labelled set (pure functions)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .readers.text import read as split_paragraphs


@dataclass(frozen=True)
class Span:
    file: str
    start: int
    end: int
    kind: str | None = None
    text: str = ""

    def overlaps(self, other: "Span") -> bool:
        return self.file == other.file and self.start < other.end and other.start < self.end


@dataclass
class Score:
    true_positives: int = 0
    false_positives: list[Span] = field(default_factory=list)
    missed: list[Span] = field(default_factory=list)
    negatives_hit: list[Span] = field(default_factory=list)
    recall_by_kind: dict[str, float] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        total = self.true_positives + len(self.missed)
        return self.true_positives / total if total else 1.0


def locate_gold(rows: list[dict], sources: dict[str, str]) -> tuple[list[tuple[Span, dict]], list[Span]]:
    """Positive and negative spans of the labelled rows. A row names its file, its
    line and its words; every occurrence of the words in that line is meant."""
    positives, negatives = [], []
    lines = {name: {p.line_number: p for p in split_paragraphs(text)} for name, text in sources.items()}
    for row in rows:
        paragraph = lines[row["file"]][int(row["line_number"])]
        at = paragraph.text.find(row["text"])
        if at < 0:
            raise ValueError(f"labelled text {row['text']!r} is not in {row['file']} line {row['line_number']}")
        while at >= 0:
            span = Span(row["file"], paragraph.start + at, paragraph.start + at + len(row["text"]), row.get("kind") or None, row["text"])
            if row["is_figure"] == "true":
                positives.append((span, row))
                break  # a positive label means its first occurrence in the line
            negatives.append(span)
            at = paragraph.text.find(row["text"], at + 1)
    return positives, negatives


def score(positives: list[tuple[Span, dict]], negatives: list[Span], predicted: list[Span]) -> Score:
    result = Score()
    matched: set[int] = set()
    for guess in predicted:
        hit = next((i for i, (gold, _) in enumerate(positives) if i not in matched and gold.overlaps(guess)), None)
        if hit is None:
            result.false_positives.append(guess)
            if any(n.overlaps(guess) for n in negatives):
                result.negatives_hit.append(guess)
        else:
            matched.add(hit)
            result.true_positives += 1
    result.missed = [gold for i, (gold, _) in enumerate(positives) if i not in matched]
    totals = Counter(gold.kind for gold, _ in positives)
    found = Counter(gold.kind for i, (gold, _) in enumerate(positives) if i in matched)
    result.recall_by_kind = {kind: found[kind] / n for kind, n in sorted(totals.items())}
    return result


# --- inline-annotated dev set (tests/fixtures/figures/) ------------------------

_MARK = re.compile(r"\{\{(?P<neg>!)?(?P<words>[^|{}]+)(?:\|(?P<rest>[^{}]*))?\}\}")
_KEYS = {"v": "value", "min": "value_min", "max": "value_max", "u": "unit", "d": "date", "t": "time",
         "q": "qualifier", "r": "date_resolution", "s": "subject"}


@dataclass
class Annotated:
    """One annotated text: the plain text, its labelled figures and non-figures."""

    name: str
    text: str
    broadcast_date: dt.date | None
    style: str
    positives: list[tuple[Span, dict]]
    negatives: list[Span]


def read_annotated(path: Path) -> Annotated:
    """Strip the `{{words|kind|key=value}}` and `{{!words|reason}}` marks of an
    annotated text and return the plain text with the labelled spans."""
    raw = path.read_text(encoding="utf-8")
    meta: dict = {}
    if raw.startswith("---\n"):
        head, raw = raw[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head) or {}
    plain, positives, negatives, last = [], [], [], 0
    length = 0
    for m in _MARK.finditer(raw):
        plain.append(raw[last:m.start()])
        length += m.start() - last
        words = m["words"]
        span_start, span_end = length, length + len(words)
        plain.append(words)
        length += len(words)
        last = m.end()
        parts = (m["rest"] or "").split("|")
        if m["neg"]:
            negatives.append(Span(path.name, span_start, span_end, None, words))
            continue
        label = {"kind": parts[0]}
        for part in parts[1:]:
            key, _, value = part.partition("=")
            if key not in _KEYS:
                raise ValueError(f"{path.name}: unknown key {key!r} in {m.group(0)}")
            label[_KEYS[key]] = value
        positives.append((Span(path.name, span_start, span_end, parts[0], words), label))
    plain.append(raw[last:])
    text = "".join(plain)
    if "{{" in text or "}}" in text:
        raise ValueError(f"{path.name}: a mark is not closed")
    date = meta.get("broadcast_date")
    return Annotated(path.name, text, date if isinstance(date, dt.date) else None, meta.get("style", ""), positives, negatives)


_COMPARED = ("kind", "value", "value_min", "value_max", "unit", "date", "time", "qualifier", "date_resolution")


def figure_fields(figure) -> dict:
    """The labelled columns of an extracted figure, in the annotation's terms."""
    date = figure.date or (figure.period_start[:7] if figure.kind == "month" and figure.period_start else None)
    return {"kind": figure.kind, "value": figure.value, "value_min": figure.value_min, "value_max": figure.value_max,
            "unit": figure.unit, "date": date, "time": figure.time, "qualifier": figure.qualifier,
            "date_resolution": figure.date_resolution, "subject": figure.subject}


def field_errors(label: dict, found: dict) -> list[str]:
    """The labelled fields an extracted figure gets wrong ("value: 7 != 9")."""
    errors = []
    for key in _COMPARED:
        if key not in label and key in ("date_resolution", "qualifier"):
            continue
        want, got = label.get(key), found.get(key)
        if key in ("value", "value_min", "value_max"):
            same = (want in (None, "") and got is None) or (
                want not in (None, "") and got is not None and abs(float(want) - got) <= 1e-6 * max(1.0, abs(float(want))))
        else:
            same = (want or None) == (got or None)
        if not same:
            errors.append(f"{key}: {got!r} != {want!r}")
    return errors


@dataclass
class SetScore:
    """Scores of an extractor on annotated texts."""

    figures: int = 0
    found: int = 0
    true_positives: int = 0
    value_right: int = 0
    non_figures: int = 0
    non_figures_taken: int = 0
    subjects: int = 0
    subjects_right: int = 0
    subjects_empty: int = 0
    exact_spans: int = 0
    false_positives: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)
    wrong_subjects: list[str] = field(default_factory=list)
    taken: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.figures if self.figures else 1.0


def score_annotated(texts: list[Annotated], extractor) -> SetScore:
    """`extractor(paragraph_text, broadcast_date, context)` -> figures with start,
    end and the Figure fields; run on every paragraph (non-empty line) of each
    text, in order, with one `companion.figures.Context` per text (what the
    paragraphs before said), as the build does."""
    from .figures import Context

    result = SetScore()
    for doc in texts:
        predicted = []
        context = Context()
        for p in split_paragraphs(doc.text):
            for f in extractor(p.text, doc.broadcast_date, context):
                predicted.append((p.start + f.start, p.start + f.end, f))
        result.figures += len(doc.positives)
        result.non_figures += len(doc.negatives)
        result.found += len(predicted)
        matched: set[int] = set()
        negatives_hit: set[int] = set()
        for start, end, f in predicted:
            guess = Span(doc.name, start, end)
            hit = next((i for i, (gold, _) in enumerate(doc.positives) if i not in matched and gold.overlaps(guess)), None)
            where = f"{doc.name}: {doc.text[start:end]!r}"
            if hit is None:
                result.false_positives.append(f"{where} ({f.kind})")
                for i, negative in enumerate(doc.negatives):
                    if negative.overlaps(guess) and i not in negatives_hit:
                        negatives_hit.add(i)
                        result.taken.append(where)
                continue
            matched.add(hit)
            result.true_positives += 1
            gold, label = doc.positives[hit]
            result.exact_spans += (gold.start, gold.end) == (start, end)
            found = figure_fields(f)
            errors = field_errors(label, found)
            if errors:
                result.wrong_values.append(f"{where}: " + "; ".join(errors))
            else:
                result.value_right += 1
            if "subject" in label:
                result.subjects += 1
                want = None if label["subject"] == "-" else label["subject"]
                if (want or "").lower() == (found["subject"] or "").lower():
                    result.subjects_right += 1
                else:
                    result.wrong_subjects.append(f"{where}: {found['subject']!r} != {want!r}")
                    result.subjects_empty += found["subject"] is None
        result.non_figures_taken = len(result.taken)
        result.missed += [f"{doc.name}: {gold.text!r} ({label['kind']})" for i, (gold, label) in enumerate(doc.positives) if i not in matched]
    return result
