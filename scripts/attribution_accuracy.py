"""Calibration report for speaker attribution.

On the hand-labelled speaker dev set (tests/fixtures/speakers/): accuracy
overall, per confidence level and per rule, for the development half, the
held-out half, or both; plus every wrong attribution, and every problem with
titles, boilerplate and speaker identity.

    python scripts/attribution_accuracy.py                  # development half
    python scripts/attribution_accuracy.py --split heldout  # held-out half (score it only at the end)
    python scripts/attribution_accuracy.py --split all      # dev, heldout and blind_dev (never blind_heldout)
    python scripts/attribution_accuracy.py --split blind_dev      # the blind set's tuning half
    python scripts/attribution_accuracy.py --split blind_heldout  # the blind set's held-out half (score it only at the end)

"label_scope" paragraphs (no label of their own, in a labelled speaker's
scope) have their own row in the per-rule table, so a wrong scope shows.

With a transcript and a CSV of line_number,speaker it measures inference alone
(the transcript's metadata, and so its annotations, ignored):

    python scripts/attribution_accuracy.py data/source/theworld-2021-06-11-khalilzad.txt tests/fixtures/khalilzad_speakers.csv
"""

import csv
import io
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from companion.package import TranscriptInput, build_files
from companion.speaker_scoring import calibration, fixtures, same_person_other_name, score_fixture

DEVSET = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "speakers"
LEVELS = ("high", "medium", "low", "none")
SPLITS = ("dev", "heldout", "all", "blind_dev", "blind_heldout")


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def report_split(split: str) -> None:
    scores = [score_fixture(t, g) for t, g in fixtures(DEVSET / split)]
    overall, by_level, by_rule = calibration(scores)
    print(f"== {split}: {len(scores)} transcripts, {overall.total} paragraphs in turns (gold or built)")
    print(f"  right speaker: {overall.right}/{overall.total} ({overall.accuracy:.1%})")
    misnamed = sum(len(same_person_other_name(s)) for s in scores)
    print(f"  of the wrong ones, the right person under another name: {misnamed}; another person or none: {overall.wrong - misnamed}")
    print("  | confidence | right | wrong | accuracy |")
    for level in LEVELS:
        if level in by_level:
            t = by_level[level]
            print(f"  | {level} | {t.right} | {t.wrong} | {t.accuracy:.1%} |")
    print("  | rule | right | wrong | accuracy |")
    for rule, t in sorted(by_rule.items(), key=lambda kv: -kv[1].total):
        print(f"  | {rule} | {t.right} | {t.wrong} | {t.accuracy:.1%} |")
    titles = sum(s.title[0] == s.title[1] for s in scores)
    print(f"  titles right: {titles}/{len(scores)}")
    for score in scores:
        for a in score.attributions:
            if not a.right:
                print(f"  wrong: {a.fixture}:{a.line} ({a.rule}, {a.confidence}) got {a.predicted!r}, not {a.gold!r}: {a.text[:60]}")
        for problem in score.problems:
            print(f"  problem: {score.name}: {problem}")


def main(
    transcript: Optional[Path] = typer.Argument(None, help="A transcript (its .yaml metadata is ignored); omit for the dev set."),
    labels: Optional[Path] = typer.Argument(None, help="CSV with line_number,speaker (the speaker's name) for each interview paragraph."),
    split: str = typer.Option("dev", help="dev or heldout (the dev set's halves), blind_dev or blind_heldout (the blind set's halves), or all (every split but blind_heldout)."),
) -> None:
    """Print attribution accuracy per confidence level and per rule.
    Example: python scripts/attribution_accuracy.py --split all"""
    if transcript is None:
        if split not in SPLITS:
            raise typer.BadParameter(f"unknown split {split!r}: use {', '.join(SPLITS)}")
        for name in (("dev", "heldout", "blind_dev") if split == "all" else (split,)):
            report_split(name)
        return
    if labels is None:
        raise typer.BadParameter("give the labels CSV after the transcript")
    files, _ = build_files([TranscriptInput(transcript.name, transcript.read_bytes())])
    names = {r["speaker_id"]: r["name"] for r in rows(files["data/speakers.csv"])}
    with labels.open(encoding="utf-8", newline="") as handle:
        gold = {int(r["line_number"]): r["speaker"] for r in csv.DictReader(handle)}
    inferred = [p for p in rows(files["data/paragraphs.csv"]) if p["attribution"] == "inferred"]
    outcome = Counter((p["confidence"], names[p["speaker_id"]] == gold.get(int(p["line_number"]))) for p in inferred)
    right = sum(n for (_, ok), n in outcome.items() if ok)
    print(f"{transcript.name}: {len(gold)} labelled paragraphs, {len(inferred)} attributed by inference alone, "
          f"{right} right ({right / max(len(inferred), 1):.1%})")
    for level in ("high", "medium", "low"):
        ok, bad = outcome[(level, True)], outcome[(level, False)]
        if ok or bad:
            print(f"  {level:<6} {ok} right, {bad} wrong")
    for p in inferred:
        if names[p["speaker_id"]] != gold.get(int(p["line_number"])):
            print(f"  wrong: line {p['line_number']} ({p['rule']}, {p['confidence']}): {p['text'][:60]}")


if __name__ == "__main__":
    typer.run(main)
