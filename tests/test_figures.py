"""Figures: the extractor against the hand-labelled set, and unit cases."""

import csv
import datetime as dt
import math

import pytest
from conftest import FIXTURES, ROOT, build_fixture

from companion.figures import extract
from companion.scoring import Span, locate_gold, score

GOLD = list(csv.DictReader((FIXTURES / "figures_gold.csv").open(encoding="utf-8")))
REQUIRED_KINDS = ("count", "money", "percent", "fraction", "duration")


def source_of(name: str) -> str:
    path = FIXTURES / name if (FIXTURES / name).exists() else ROOT / "data/source" / name
    return path.read_text(encoding="utf-8")


def figures_of(name: str) -> list[dict]:
    if (FIXTURES / name).exists():
        tables = build_fixture(name)
    else:
        from conftest import read_csv

        tables = {t: read_csv((ROOT / f"data/{t}.csv").read_bytes()) for t in ("figures", "speakers")}
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    for row in tables["figures"]:
        row["speaker"] = names.get(row["speaker_id"], "")
    return tables["figures"]


FILES = sorted({row["file"] for row in GOLD})
FIGURES = {name: figures_of(name) for name in FILES}
SOURCES = {name: source_of(name) for name in FILES}
POSITIVES, NEGATIVES = locate_gold(GOLD, SOURCES)


def predicted_spans() -> list[Span]:
    return [Span(name, int(f["char_start"]), int(f["char_end"]), f["kind"], f["text"]) for name in FILES for f in FIGURES[name]]


def test_targets_on_the_labelled_set():
    result = score(POSITIVES, NEGATIVES, predicted_spans())
    assert result.negatives_hit == []
    assert result.precision >= 0.95, result.false_positives
    for kind in REQUIRED_KINDS:
        assert result.recall_by_kind[kind] == 1.0, (kind, result.missed)


@pytest.mark.parametrize("span, row", POSITIVES, ids=[f"{r['file'][:12]}:{r['line_number']}:{r['text']}" for _, r in POSITIVES])
def test_each_labelled_figure(span, row):
    found = [f for f in FIGURES[row["file"]] if (int(f["char_start"]), int(f["char_end"])) == (span.start, span.end)]
    assert len(found) == 1, f"{row['text']!r} not extracted with exactly its words"
    (figure,) = found
    assert figure["kind"] == row["kind"]
    for column in ("value", "value_min", "value_max"):
        if row[column] or figure[column]:
            assert math.isclose(float(figure[column]), float(row[column])), column
    for column in ("unit", "date", "qualifier"):
        assert figure[column] == row[column], column
    if row["speaker"]:
        assert figure["speaker"] == row["speaker"]
    assert SOURCES[row["file"]][span.start:span.end] == figure["text"]


def test_casualty_figures_belong_to_the_interviewer_with_their_subjects():
    rows = [f for f in FIGURES["theworld-2021-06-11-khalilzad.txt"] if f["text"] in ("45,000", "111,000", "2,300")]
    assert [(f["speaker"], f["subject"]) for f in rows] == [
        ("Marco Werman", "Afghan security forces have died"),
        ("Marco Werman", "civilians dead"),
        ("Marco Werman", "US troops' fatalities"),
    ]
    assert all("45,000 Afghan security forces" in f["sentence"] for f in rows)


def test_narration_figures_have_no_speaker():
    caption = FIGURES["theworld-2021-06-11-khalilzad.txt"][0]
    assert caption["text"] == "May 20, 2021" and caption["speaker_id"] == "" and caption["turn_id"] == ""


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It cost 3.5 million dollars.", ("3.5 million dollars", "money", 3.5e6, "USD")),
        ("Prices rose 7 per cent.", ("7 per cent", "percent", 7.0, "percent")),
        ("They waited forty-five minutes.", ("forty-five minutes", "duration", 45.0, "minute")),
        ("A loan of €2bn was agreed.", ("€2bn", "money", 2e9, "EUR")),
        ("Some 300 afghanis a day.", ("300 afghanis", "money", 300.0, "AFN")),
        ("Roughly 2/3 agreed.", ("2/3", "fraction", 2 / 3, None)),
        ("Thousands of people marched.", ("Thousands", "count", 1000.0, None)),
    ],
)
def test_number_styles(text, expected):
    (figure,) = extract(text)
    assert (figure.text, figure.kind, figure.value, figure.unit) == expected


def test_dates_without_a_year_resolve_against_the_broadcast_date():
    (late,) = extract("By Dec. 30 it will be over.", dt.date(2022, 1, 2))
    assert late.date == "2021-12-30"
    (unresolved,) = extract("By Dec. 30 it will be over.")
    assert unresolved.date is None and unresolved.rule == "written_date_no_year"
    (numeric,) = extract("Filed on 6/11/2021 in court.")
    assert numeric.date == "2021-06-11"


@pytest.mark.parametrize(
    "text",
    ["No. 1, between the two sides.", "Two, they have visions.", "One wonders why.", "at one point", "Part one is above.",
     "No. ... The war", "one of the largest", "the two sides", "UNIDENTIFIED PERSON #2 spoke", "a third time",
     "in the 21st century", "since COVID-19 began", "an F-16 flew over"],
)
def test_non_figures(text):
    assert extract(text) == []


def test_ranges_and_bounds():
    (r,) = extract("It took two to three months.")
    assert (r.is_range, r.value, r.value_min, r.value_max, r.unit) == (True, None, 2.0, 3.0, "month")
    (b,) = extract("more than 100 million people")
    assert (b.value, b.value_min, b.value_max, b.qualifier, b.is_approximate) == (1e8, 1e8, None, "more than", True)
