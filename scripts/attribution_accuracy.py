"""How well inference alone attributes speakers: build a transcript without its
metadata (so without annotations) and compare with hand-labelled speakers.

Example: python scripts/attribution_accuracy.py data/source/theworld-2021-06-11-khalilzad.txt tests/fixtures/khalilzad_speakers.csv
"""

import csv
import io
from collections import Counter
from pathlib import Path

import typer

from companion.package import TranscriptInput, build_files


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def main(
    transcript: Path = typer.Argument(..., help="The transcript (its .yaml metadata is ignored)."),
    labels: Path = typer.Argument(..., help="CSV with line_number,speaker (the speaker's name) for each interview paragraph."),
) -> None:
    """Print inference-only attribution accuracy, overall and by confidence.
    Example: python scripts/attribution_accuracy.py talk.txt talk_speakers.csv"""
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
