"""Scoring speaker attribution, page structure and speaker identity against the
hand-labelled speaker dev set (tests/fixtures/speakers/{dev,heldout}/): pure
functions, used by scripts/attribution_accuracy.py and the tests.

A fixture is NAME.txt (or .srt, .vtt, .json, .html, .md) with NAME.gold.yaml beside it: the page's title, every
speaker (one per person) with its role, the boilerplate lines, and the speaker
of every line that belongs to a turn (a line not listed belongs to no turn).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .package import TranscriptInput, build_files


@dataclass
class Attribution:
    fixture: str
    line: int
    gold: str | None
    predicted: str | None
    confidence: str | None
    rule: str | None
    text: str

    @property
    def right(self) -> bool:
        return self.gold == self.predicted


@dataclass
class FixtureScore:
    name: str
    attributions: list[Attribution] = field(default_factory=list)
    title: tuple[str | None, str | None] = (None, None)  # (built, gold)
    problems: list[str] = field(default_factory=list)  # boilerplate, title and speaker-identity problems


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# Transcript files of a fixture: plain text and service exports (.txt), and the timed and structured formats.
SUFFIXES = (".txt", ".srt", ".vtt", ".json", ".html", ".md")


def fixtures(folder: Path) -> list[tuple[Path, Path]]:
    """(transcript, gold) pairs: every transcript in `folder` with NAME.gold.yaml beside it. The gold's
    line numbers are lines of the file as written; in a file of cues, a cue's line is its first line of words."""
    found = sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES)
    return [(p, p.with_name(p.stem + ".gold.yaml")) for p in found if p.with_name(p.stem + ".gold.yaml").exists()]


def score_fixture(transcript: Path, gold_path: Path) -> FixtureScore:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    metadata = transcript.with_suffix(".yaml")
    item = TranscriptInput(transcript.name, transcript.read_bytes(),
                           str(metadata) if metadata.exists() else None,
                           metadata.read_text(encoding="utf-8") if metadata.exists() else None)
    files, _ = build_files([item])
    tables = {name: _rows(files[f"data/{name}.csv"]) for name in ("episodes", "speakers", "segments", "paragraphs", "figures")}
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    score = FixtureScore(transcript.stem)
    turns = {int(k): v for k, v in (gold.get("turns") or {}).items()}
    kind_of = {}
    for seg in tables["segments"]:
        for position in range(int(seg["paragraph_start"]), int(seg["paragraph_end"])):
            kind_of[position] = seg["kind"]
    figures_in = Counter(f["segment_id"] for f in tables["figures"])
    seen_lines = set()
    for p in tables["paragraphs"]:
        line = int(p["line_number"])
        seen_lines.add(line)
        predicted = names.get(p["speaker_id"]) if p["speaker_id"] else None
        expected = turns.get(line)
        if predicted is not None or expected is not None:
            score.attributions.append(Attribution(transcript.stem, line, expected, predicted, p["confidence"] or None, p["rule"] or None, p["text"]))
        if line in (gold.get("boilerplate") or []):
            kind = kind_of[int(p["position"])]
            if kind != "boilerplate" or predicted is not None:
                score.problems.append(f"line {line} is boilerplate but became {kind}{' with speaker ' + predicted if predicted else ''}: {p['text'][:50]!r}")
            if figures_in.get(p["segment_id"]):  # whatever kind it became: a menu line read as intro must not give figures either
                hits = [f for f in tables["figures"] if int(f["char_start"]) >= int(p["char_start"]) and int(f["char_end"]) <= int(p["char_end"])]
                if hits:
                    score.problems.append(f"line {line} is boilerplate but holds figure(s) {[f['text'] for f in hits]}")
    ordered = sorted(seen_lines)
    for line in sorted(set(turns) - seen_lines):
        # A reader of a service export ("Maya Ostrow (00:14):" above the words) keeps the label line as
        # the format's markup, not as a paragraph: fine when the next paragraph is that speaker's.
        following = next((n for n in ordered if n > line), None)
        if following is None or turns.get(following) != turns[line]:
            score.problems.append(f"gold line {line} is not a paragraph of the transcript")
    built_title = tables["episodes"][0]["title"] or None
    score.title = (built_title, gold.get("title"))
    if built_title != gold.get("title"):
        score.problems.append(f"title is {built_title!r}, not {gold.get('title')!r}")
    built_roles = {s["name"]: s["role"] for s in tables["speakers"]}
    gold_roles = gold.get("speakers") or {}
    for name in sorted(set(gold_roles) | set(built_roles)):
        if name not in built_roles:
            score.problems.append(f"speaker {name!r} is missing")
        elif name not in gold_roles:
            score.problems.append(f"speaker {name!r} should not exist (role {built_roles[name]})")
        elif built_roles[name] != gold_roles[name]:
            score.problems.append(f"speaker {name!r} is {built_roles[name]}, not {gold_roles[name]}")
    return score


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0

    @property
    def total(self) -> int:
        return self.right + self.wrong

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        if ok:
            self.right += 1
        else:
            self.wrong += 1


def calibration(scores: list[FixtureScore]) -> tuple[Tally, dict[str, Tally], dict[str, Tally]]:
    """Overall accuracy, accuracy per confidence level, and per rule (a paragraph
    that got a speaker but should have none, or none but should have one, counts
    as wrong; its level and rule are those it got, or 'none')."""
    overall, by_level, by_rule = Tally(), {}, {}
    for score in scores:
        for a in score.attributions:
            overall.add(a.right)
            by_level.setdefault(a.confidence or "none", Tally()).add(a.right)
            by_rule.setdefault(a.rule or "none", Tally()).add(a.right)
    return overall, by_level, by_rule


def same_person_other_name(score: FixtureScore) -> list[Attribution]:
    """Wrong attributions that went to the right person under another name.

    Each built speaker stands for the gold speaker it coincides with most often
    in the fixture ("Reyna" for Tobias Reyna, "Jm" for Jonah Mireles); a wrong
    paragraph whose built speaker stands for its gold speaker was split off or
    misnamed, not given to someone else. This separates identity problems from
    attribution problems in the report; it does not make the paragraph right.
    """
    seen: dict[str, Counter] = {}
    for a in score.attributions:
        if a.predicted and a.gold:
            seen.setdefault(a.predicted, Counter())[a.gold] += 1
    stands_for = {built: golds.most_common(1)[0][0] for built, golds in seen.items()}
    return [a for a in score.attributions if not a.right and a.predicted and stands_for.get(a.predicted) == a.gold]
