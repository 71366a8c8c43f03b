"""The blind speaker set (tests/fixtures/speakers/blind_dev/ and blind_heldout/;
see BLIND.md there): its gold files must
describe their transcripts, so that scoring it measures the rules and not typos
in the gold. The issue's targets are asserted on the tuning half (blind_dev) in
test_speaker_devset.py; the held-out half is scored once, at the end of a round
(`python scripts/attribution_accuracy.py --split blind_heldout`)."""

from pathlib import Path

import pytest
import yaml

from companion.speaker_scoring import Attribution, FixtureScore, fixtures, same_person_other_name

SPEAKERS = Path(__file__).resolve().parent / "fixtures" / "speakers"
BLIND = fixtures(SPEAKERS / "blind_dev") + fixtures(SPEAKERS / "blind_heldout")


def test_blind_set_is_there():
    assert len(BLIND) >= 24


@pytest.mark.parametrize("transcript,gold_path", BLIND, ids=[t.stem for t, _ in BLIND])
def test_gold_describes_its_transcript(transcript, gold_path):
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    lines = transcript.read_text(encoding="utf-8").split("\n")
    turns, boilerplate, roles = gold["turns"], gold["boilerplate"], gold["speakers"]
    assert set(turns.values()) == set(roles), "every speaker speaks, and only listed speakers speak"
    assert set(roles.values()) <= {"host", "guest", "reporter", "other"}
    for line in list(turns) + boilerplate:
        assert 1 <= line <= len(lines) and lines[line - 1].strip(), f"line {line} is not a paragraph"
    assert not set(turns) & set(boilerplate)
    if gold["title"] is not None:
        assert gold["title"] in (line.strip() for line in lines), "the title is a line of the page"


def test_same_person_other_name_separates_misnamed_from_misattributed():
    def a(line, gold, predicted):
        return Attribution("f", line, gold, predicted, "high", "label", "")
    score = FixtureScore("f", [a(1, "Tobias Reyna", "Reyna"), a(2, "Tobias Reyna", "Reyna"), a(3, "Question", "Reyna"),
                               a(4, "Question", "Question"), a(5, "Celia Armitage", None)])
    assert [x.line for x in same_person_other_name(score)] == [1, 2]
