"""Per-format accuracy on the hand-labelled format fixtures: speakers, times, turns, and figures taken from timing.

Each fixture in tests/fixtures/formats/{dev,heldout}/ has NAME.gold.csv beside
it: one row per cue (or, for word-level JSON, per sentence) with the right
speaker (empty for a sound or a page line), start and end time, and the
cue's first words; `new_turn` is "yes" where a label in a page's text opens a
new turn of the same speaker. A build is scored against it:

- speakers: gold cues with a speaker whose paragraph has that speaker;
- no speaker: gold lines without a speaker (sounds, headings, notes) that have none;
- times: paragraphs whose start and end time equal, to the millisecond, the
  start of the gold cue they begin with and the end of the one they end with;
- turns: files whose turns have the gold sequence of speakers;
- figures from timing: figures whose offsets touch a timecode, a cue number,
  a JSON key or number, or a <time> element (counted the same way for a
  build that reads every file as plain text, to show what the readers fix).

Example: python scripts/format_accuracy.py --part dev
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

import typer

from companion.output import read_input
from companion.package import build_files
from companion.timecodes import TIMECODE

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
# Where timing and markup lie in a source, found without the readers.
_TC = re.sub(r"\(\?P<\w+>", "(?:", TIMECODE.pattern)
MARKUP = [
    re.compile(rf"\\?[\[(]{_TC}\\?[\])]"),  # [00:01:23], \[00:01:23\], (00:01:23)
    re.compile(rf"^.{{0,60}}?[ \t]{_TC}[ \t]*\r?$", re.M),  # a speaker line ending with a time (Otter)
    re.compile(r"^[ \t\ufeff]*\d+[ \t]*\r?$", re.M),  # cue numbers
    re.compile(r"^.*-->.*$", re.M),  # timing lines
    re.compile(r'"(?:startTime|endTime|version|speaker)"\s*:\s*(?:"(?:[^"\\]|\\.)*"|[-+.\deE]+)'),  # JSON keys and values
    re.compile(r"<time\b[^>]*>.*?</time>", re.S),
]


def tables(files: dict[str, bytes]) -> dict[str, list[dict]]:
    return {k[5:-4]: list(csv.DictReader(io.StringIO(v.decode("utf-8"))))
            for k, v in files.items() if k.startswith("data/") and k.endswith(".csv")}


def markup_spans(source: str) -> list[tuple[int, int]]:
    return sorted((m.start(), m.end()) for pattern in MARKUP for m in pattern.finditer(source))


def from_timing(figures: list[dict], spans: list[tuple[int, int]]) -> int:
    """Figures whose first or last character lies in timing or markup (a figure of two
    words of a word-level JSON file rightly spans the JSON between them)."""
    count = 0
    for f in figures:
        ends = (int(f["char_start"]), int(f["char_end"]) - 1)
        count += any(s <= c < e for s, e in spans for c in ends)
    return count


def score(path: Path) -> dict:
    gold = list(csv.DictReader((path.parent / f"{path.stem}.gold.csv").open(encoding="utf-8")))
    files, _ = build_files([read_input(path)])
    t = tables(files)
    (episode,) = t["episodes"]
    source = files[episode["source_path"]].decode("utf-8")
    names = {s["speaker_id"]: s["name"] for s in t["speakers"]}
    paragraphs = t["paragraphs"]
    texts = [" ".join(p["text"].split()) for p in paragraphs]

    # Each gold cue's paragraph: the first paragraph, from the previous cue's on, that holds its words.
    where, at = [], 0
    for row in gold:
        words = " ".join(row["words"].split())
        hit = next((i for i in range(at, len(texts)) if words in texts[i]), None)
        where.append(hit)
        if hit is not None:
            at = hit
    speech = [(row, i) for row, i in zip(gold, where) if row["speaker"]]
    speakers_right = sum(1 for row, i in speech if i is not None and names.get(paragraphs[i]["speaker_id"]) == row["speaker"])
    silent = [i for row, i in zip(gold, where) if not row["speaker"]]
    silent_right = sum(1 for i in silent if i is not None and not paragraphs[i]["speaker_id"])

    cues_of = defaultdict(list)
    for row, i in zip(gold, where):
        if i is not None:
            cues_of[i].append(row)
    timed = [i for i, rows in cues_of.items() if rows[0]["start_time"] or rows[-1]["end_time"]]
    times_right = sum(
        1 for i in timed
        if _same(paragraphs[i]["start_time"], cues_of[i][0]["start_time"]) and _same(paragraphs[i]["end_time"], cues_of[i][-1]["end_time"])
    )

    expected_turns = []
    for row in gold:
        if not row["speaker"]:
            expected_turns.append(None)
        elif not expected_turns or expected_turns[-1] != row["speaker"] or row.get("new_turn") == "yes":
            expected_turns.append(row["speaker"])
    expected_turns = [s for s in expected_turns if s]
    built_turns = [names[turn["speaker_id"]] for turn in t["turns"]]

    text_files, _ = build_files([read_input(path)], fmt="text")
    text_tables = tables(text_files)
    spans = markup_spans(source)
    return {
        "format": episode["source_format"], "cues": len(speech), "found": sum(i is not None for _, i in speech),
        "speakers": speakers_right, "silent": len(silent), "silent_right": silent_right, "timed": len(timed), "times": times_right,
        "turns": (len(built_turns), len(expected_turns), built_turns == expected_turns),
        "figures": len(t["figures"]), "timing_figures": from_timing(t["figures"], spans),
        "text_timing_figures": from_timing(text_tables["figures"], spans), "title": episode["title"],
    }


def _same(value: str, expected: str) -> bool:
    if not expected:
        return value == ""
    return value != "" and round(float(value) * 1000) == round(float(expected) * 1000)


def main(part: str = typer.Option("dev", help="dev, heldout or all")) -> None:
    """Print per-format accuracy. Example: python scripts/format_accuracy.py --part heldout"""
    parts = ["dev", "heldout"] if part == "all" else [part]
    for name in parts:
        totals = defaultdict(lambda: defaultdict(int))
        print(f"\n{name}")
        print(f"{'file':<28} {'format':<9} {'speakers':>9} {'none':>7} {'times':>7} {'turns':>9} {'figures':>7} {'timing':>6} {'as text':>7}  title")
        for path in sorted((FIXTURES / name).iterdir()):
            if path.name.endswith(".gold.csv") or path.suffix == ".yaml":
                continue
            s = score(path)
            built, expected, same = s["turns"]
            print(f"{path.name:<28} {s['format']:<9} {s['speakers']:>4}/{s['cues']:<4} {s['silent_right']:>3}/{s['silent']:<3} {s['times']:>3}/{s['timed']:<3} "
                  f"{built:>3}/{expected:<3}{'ok' if same else '!!':>2} {s['figures']:>7} {s['timing_figures']:>6} {s['text_timing_figures']:>7}  {s['title'] or ''}")
            total = totals[s["format"]]
            for key in ("cues", "speakers", "silent", "silent_right", "timed", "times", "figures", "timing_figures", "text_timing_figures"):
                total[key] += s[key]
            total["files"] += 1
            total["turns_right"] += same
        print(f"{'per format':<28} {'':<9} {'speakers':>9} {'none':>7} {'times':>7} {'turns':>9} {'figures':>7} {'timing':>6} {'as text':>7}")
        for fmt, total in sorted(totals.items()):
            print(f"{'':<28} {fmt:<9} {total['speakers']:>4}/{total['cues']:<4} {total['silent_right']:>3}/{total['silent']:<3} {total['times']:>3}/{total['timed']:<3} "
                  f"{total['turns_right']:>3}/{total['files']:<5} {total['figures']:>7} {total['timing_figures']:>6} {total['text_timing_figures']:>7}")


if __name__ == "__main__":
    typer.run(main)
