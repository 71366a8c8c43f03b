"""The blind figures set (tests/fixtures/figures/blind_dev and blind_heldout; see
BLIND.md there): its labels must be well formed against the figures schema, so
that scoring it measures the extractor and not typos in the labels; and the
development half meets the issue's targets.

The held-out half is scored only by `python scripts/score_blind_figures.py
--half blind_heldout --no-errors`, once, at the end of a piece of work: no test
reads its scores, so that no rule is tuned on it."""

import datetime as dt
import importlib.util
import re
import sys


import pytest
from conftest import FIXTURES, ROOT

from companion.schemas import enum, load_schema
from companion.scoring import read_annotated

HALVES = ("blind_dev", "blind_heldout")
TEXTS = {half: sorted((FIXTURES / "figures" / half).glob("*.ann")) for half in HALVES}
ALL = [path for half in HALVES for path in TEXTS[half]]
TIME = re.compile(next(f for f in load_schema("figures")["fields"] if f["name"] == "time")["constraints"]["pattern"])


def test_the_halves_hold_the_same_styles_and_enough_labels():
    styles = {half: sorted(read_annotated(p).style for p in TEXTS[half]) for half in HALVES}
    assert len(styles["blind_dev"]) >= 10 and styles["blind_dev"] == styles["blind_heldout"]
    docs = [read_annotated(p) for p in ALL]
    assert sum(len(d.positives) for d in docs) >= 350
    assert sum(len(d.negatives) for d in docs) >= 150


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.stem}" for p in ALL])
def test_labels_are_well_formed(path):
    doc = read_annotated(path)  # raises on an unknown key or an unclosed mark
    assert isinstance(doc.broadcast_date, dt.date), "broadcast_date in the front matter"
    raw = path.read_text(encoding="utf-8")
    assert len(re.findall(r"\{\{!([^|{}]+)\|[^{}|]+\}\}", raw)) == len(doc.negatives), "every non-figure has a reason"
    for span, label in doc.positives:
        where = f"{span.text!r}"
        assert label["kind"] in enum("figures", "kind"), where
        assert label.get("unit") is None or label["unit"] in enum("figures", "unit"), where
        assert label.get("date_resolution") is None or label["date_resolution"] in enum("figures", "date_resolution"), where
        numbers = {k: float(label[k]) for k in ("value", "value_min", "value_max") if k in label}
        if "value_min" in numbers and "value_max" in numbers:
            assert numbers["value_min"] <= numbers["value_max"], where
        if label["kind"] in ("date", "month"):
            assert "date" in label and "value" not in label, where
            dt.date.fromisoformat(label["date"] if label["kind"] == "date" else label["date"] + "-01")
        if label["kind"] == "time":
            assert TIME.fullmatch(label.get("time", "")) and "value" not in label, where
        if label["kind"] in ("count", "money", "percent", "fraction", "duration", "measure", "year", "decade"):
            assert "value" in numbers or {"value_min", "value_max"} <= set(numbers), where
        assert span.text == span.text.strip() and span.text, where


def _blind_scorer():
    """scripts/score_blind_figures.py, the script that scores this set (both views)."""
    spec = importlib.util.spec_from_file_location("score_blind_figures", ROOT / "scripts" / "score_blind_figures.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_issue_targets_on_the_blind_dev_half():
    """Precision, recall and values right at least 0.97, at most 1% of the
    non-figures taken: on the figures the package holds (the build view, where
    boilerplate segments hold no figures), and on `extract` run paragraph by
    paragraph with the page's boilerplate lines set aside (BLIND.md, convention
    13: the extractor alone cannot know a line is the page's furniture)."""
    blind = _blind_scorer()
    docs = blind.load("blind_dev")
    build = blind.score(docs, "build")
    negatives = sum(build.negatives.values())
    assert build.tp >= 0.97 * build.found, build.errors
    assert build.tp >= 0.97 * build.figures, build.errors
    assert build.value_right >= 0.97 * build.tp, build.errors
    assert sum(build.taken.values()) <= 0.01 * negatives, build.taken
    paragraph = blind.score(docs, "paragraph")
    furniture = paragraph.taken["boilerplate"]
    assert paragraph.tp >= 0.97 * (paragraph.found - furniture), paragraph.errors
    assert paragraph.tp >= 0.97 * paragraph.figures and paragraph.value_right >= 0.97 * paragraph.tp, paragraph.errors
    assert sum(paragraph.taken.values()) - furniture <= 0.01 * (negatives - paragraph.negatives["boilerplate"]), paragraph.taken
