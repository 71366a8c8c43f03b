"""Speaker attribution on fixtures in each label shape, and on the committed episode."""

import csv

from conftest import FIXTURES, build_fixture

from companion.attribution import Decision, Parties, RunningMedian, attribute, labels_every_turn
from companion.labels import parse_label


def speakers_by_line(tables) -> dict[int, str]:
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    return {int(p["line_number"]): names[p["speaker_id"]] for p in tables["paragraphs"] if p["speaker_id"]}


def test_npr_shape_full_label_then_surnames():
    tables = build_fixture("npr_style.txt")
    assert speakers_by_line(tables) == {
        3: "Rachel Martin", 5: "Rachel Martin", 7: "Omar Hadi", 9: "Rachel Martin", 11: "Omar Hadi",
        13: "Omar Hadi", 17: "Rachel Martin", 21: "Joe Biden", 23: "Rachel Martin", 25: "Omar Hadi",
        27: "Rachel Martin", 29: "Omar Hadi",
    }
    roles = {s["name"]: (s["role"], s["role_origin"]) for s in tables["speakers"]}
    assert roles == {
        "Rachel Martin": ("host", "label"),
        "Omar Hadi": ("guest", "inferred"),
        "Joe Biden": ("other", "inferred"),  # heard only in a recording
    }
    # Sound cues are never turns, and the turn after one starts a new segment.
    kinds = [s["kind"] for s in tables["segments"]]
    assert kinds == ["headline", "interview", "non_speech", "interview", "non_speech", "interview", "boilerplate"]
    assert all("SOUNDBITE" not in t["text"] for t in tables["turns"])
    assert tables["turns"][0]["text"].startswith("The last American troops")
    assert tables["turns"][0]["paragraph_start"] == "1"  # the label line belongs to the turn


def test_pbs_shape_label_alone_on_its_line():
    tables = build_fixture("pbs_style.txt")
    by_line = speakers_by_line(tables)
    assert [by_line[n] for n in (1, 3, 5, 7, 9, 11, 13, 15, 17, 19)] == ["Judy Woodruff"] * 3 + ["Lena Ortiz"] * 3 + ["Judy Woodruff"] * 2 + ["Lena Ortiz"] * 2
    assert [t["attribution"] for t in tables["turns"]] == ["label"] * 4
    assert {s["name"]: s["role"] for s in tables["speakers"]} == {"Judy Woodruff": "host", "Lena Ortiz": "guest"}
    lena = next(s for s in tables["speakers"] if s["name"] == "Lena Ortiz")
    assert lena["description"] == "historian at the university"


def test_page_shape_labels_only_on_first_exchange():
    tables = build_fixture("page_style.txt")
    by_line = speakers_by_line(tables)
    tom, ana = "Tom Reed", "Ana Silva"
    assert by_line == {17: tom, 19: ana, 21: tom, 23: ana, 25: ana, 27: tom, 29: ana, 31: tom, 33: ana}
    rules = {int(p["line_number"]): p["rule"] for p in tables["paragraphs"] if p["rule"]}
    assert rules[21] == "question_after_answer" and rules[23] == "answer_after_question"
    assert rules[25] == "continuation" and rules[27] == "annotation"
    annotated = [p for p in tables["paragraphs"] if p["attribution"] == "annotated"]
    assert len(annotated) == 2 and all(p["inferred_speaker_id"] for p in annotated)


def test_every_interview_paragraph_of_the_committed_episode_has_the_right_speaker(committed):
    with open(FIXTURES / "khalilzad_speakers.csv", encoding="utf-8") as handle:
        expected = {int(r["line_number"]): r["speaker"] for r in csv.DictReader(handle)}
    assert speakers_by_line(committed) == expected
    # Only the two labelled paragraphs are 'label'; no turn is left at low confidence.
    assert sum(p["attribution"] == "label" for p in committed["paragraphs"]) == 2
    assert all(t["confidence"] != "low" for t in committed["turns"])


def _exchange(*more: str) -> dict:
    texts = {0: "How bad is it?", 1: "Bad. Very bad, and it will get worse before it gets any better, I think."}
    texts.update({2 + i: t for i, t in enumerate(more)})
    labels = {0: parse_label("Ann Host: How bad is it?"), 1: parse_label("Bob Guest: Bad.")}
    return attribute(texts, labels, {0: "ann", 1: "bob"}, questioner="ann")


def test_unsure_decisions_say_so():
    short = _exchange("It is fine.")[2]
    assert (short.speaker, short.rule, short.confidence) == ("bob", "continuation", "low")
    you = _exchange("But you said otherwise.")[2]
    assert (you.speaker, you.rule, you.confidence) == ("ann", "direct_address", "low")


def test_evidence_for_the_questioner_without_a_question_mark():
    challenge = _exchange("Some say it is fine.")[2]
    assert (challenge.speaker, challenge.rule) == ("ann", "challenge")
    thanks = _exchange("Thank you for coming in.", "Thank you for having me.")
    assert (thanks[2].speaker, thanks[2].rule) == ("ann", "closing_thanks")
    assert (thanks[3].speaker, thanks[3].rule) == ("bob", "answer_after_question")
    continues = _exchange("And it will not get better soon, because the money has run out and the staff have left for the cities.")[2]
    assert (continues.speaker, continues.rule, continues.confidence) == ("bob", "continuation", "medium")


def test_names_other_side():
    texts = {0: "How bad is it?", 1: "Bad.", 2: "Bob Guest, thank you."}
    labels = {0: parse_label("Ann Host: How bad is it?"), 1: parse_label("Bob Guest: Bad.")}
    parties = Parties("ann", names={"ann": ("Ann Host", "Ann"), "bob": ("Bob Guest", "Bob")})
    decisions = attribute(texts, labels, {0: "ann", 1: "bob"}, "ann", parties=parties)
    assert (decisions[2].speaker, decisions[2].rule) == ("ann", "names_other")


def test_an_annotation_decides_its_own_paragraph_only():
    texts = {0: "How bad is it?", 1: "Bad.", 2: "Some rain fell.", 3: "It was not enough, and the wells are still dry across the valley."}
    labels = {0: parse_label("Ann Host: How bad is it?"), 1: parse_label("Bob Guest: Bad.")}
    alone = attribute(texts, labels, {0: "ann", 1: "bob"}, "ann")
    annotated = attribute(texts, labels, {0: "ann", 1: "bob"}, "ann", {2: "ann"})
    assert (annotated[2].speaker, annotated[2].inferred) == ("ann", alone[2].speaker)
    assert annotated[3] == alone[3]  # the annotated speaker does not spread to the next paragraph


def test_running_median_equals_statistics_median():
    import random
    import statistics

    rng = random.Random(7)
    running, seen = RunningMedian(), []
    for _ in range(200):
        value = rng.randint(1, 60)
        running.add(value)
        seen.append(value)
        assert running.median() == statistics.median(seen)


def test_label_every_turn_detection():
    recurring = {0: parse_label("Ann Lee: x"), 1: parse_label("Cy Doe: y"), 3: parse_label("Ann Lee: z"), 4: parse_label("Cy Doe: w")}
    assert labels_every_turn([0, 1, 2, 3, 4], recurring)
    one_side = {0: parse_label("Ann Lee: x"), 2: parse_label("Ann Lee: y"), 4: parse_label("Ann Lee: z")}
    assert not labels_every_turn(list(range(6)), one_side)  # only one side labelled: its questions sit between
    once_each = {0: parse_label("Ann Lee: x"), 1: parse_label("Cy Doe: y")}
    assert not labels_every_turn(list(range(10)), once_each)


def test_without_a_questioner_continuations_are_low_confidence():
    texts = {0: "A statement.", 1: "Another statement.", 2: "More words."}
    labels = {0: parse_label("Ann Lee: A statement."), 1: parse_label("Bo Chan: Another statement.")}
    decisions = attribute(texts, labels, {0: "ann", 1: "bo"}, questioner=None)
    assert decisions[2] == Decision("bo", "inferred", "continuation", "low")


def test_dialogue_without_a_label_shape_gets_a_warning_that_says_why():
    from companion.package import TranscriptInput, build_files

    text = "A headline here\n\n1. Judy Woodruff: Good evening. Where do you stand?\n\n2. Lena Ortiz: I stand here, and we wait.\n"
    _, (report,) = build_files([TranscriptInput("talk.txt", text.encode())])
    assert report.warnings == ["2 paragraphs look like dialogue but no label shape matched; the package has no turns; "
                               "first label-like line: line 3 '1. Judy Woodruff: Good evening. Where do'"]
    assert report.summary == ""
