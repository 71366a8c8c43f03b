"""Scoring figure extraction against a hand-labelled set (pure functions)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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
