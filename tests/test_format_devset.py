"""The formats dev set (tests/fixtures/formats/{dev,heldout}), scored as
scripts/format_accuracy.py scores it: a later change to the readers or to the
attribution rules must not quietly undo the formats' accuracy."""

import importlib.util
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

spec = importlib.util.spec_from_file_location("format_accuracy", ROOT / "scripts" / "format_accuracy.py")
format_accuracy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(format_accuracy)


def fixtures(part: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / "formats" / part).iterdir() if not p.name.endswith(".gold.csv") and p.suffix != ".yaml")


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_format_dev_set_keeps_its_accuracy(part):
    scores = [format_accuracy.score(path) for path in fixtures(part)]
    cues = sum(s["cues"] for s in scores)
    assert sum(s["found"] for s in scores) == cues, "every gold cue's words are in a paragraph"
    assert sum(s["speakers"] for s in scores) >= 0.97 * cues
    assert all(s["times"] == s["timed"] for s in scores), "cue times right to the millisecond"
    assert all(s["silent_right"] == s["silent"] for s in scores), "sound cues are nobody's words"
    assert all(s["timing_figures"] == 0 for s in scores), "no figure from timing, numbering or markup"
    assert all(not s["title"] or format_accuracy.TIMECODE.search(s["title"]) is None for s in scores)
    assert sum(s["turns"][2] for s in scores) >= len(scores) - 1
