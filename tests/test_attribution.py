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


def build_text(text: str) -> dict[str, list[dict]]:
    from conftest import read_csv

    from companion.package import TranscriptInput, build_files
    files, _ = build_files([TranscriptInput("page.txt", text.encode("utf-8"))], fmt="text")  # the label grammar, whatever the shape
    return {path[5:-4]: read_csv(data) for path, data in files.items() if path.startswith("data/") and path.endswith(".csv")}


def test_voices_that_answer_no_question_are_other_where_someone_is_interviewed():
    page = "\n".join([
        "Buses for rural schools", "ANN LEE, HOST:", "Parents now drive the buses.", "BO KIM, BYLINE: It is dark at six.",
        "DANA SMITH: I pick up seven kids.", "KIM: She is paid by the mile.", "LEE: Joining us is Rita Vance. Why is it so hard to hire drivers?",
        "RITA VANCE: The pay.", "LEE: Thank you.", "VANCE: Thank you.",
    ])
    roles = {s["name"]: s["role"] for s in build_text(page)["speakers"]}
    assert roles == {"Ann Lee": "host", "Bo Kim": "reporter", "Dana Smith": "other", "Rita Vance": "guest"}
    # A reported package alone: its voices are the piece's guests.
    alone = "\n".join(page.split("\n")[:6])
    assert {s["name"]: s["role"] for s in build_text(alone)["speakers"]}["Dana Smith"] == "guest"


def test_hearing_record_chair_senators_and_witness():
    page = "\n".join([
        "Hearing: Freight Rail Safety", "The Committee met at 10 a.m., Hon. Roy Rourke, Chairman of the Committee, presiding.",
        "The CHAIRMAN. Good morning. Dr. Imani Shaw, please proceed.", "Dr. SHAW. Thank you, Chairman Rourke.",
        "The CHAIRMAN. Senator Vale.", "Senator VALE. Who sets the threshold?", "Dr. SHAW. Each railroad.",
        "Senator VALE. So they turned it down.", "Dr. SHAW. Yes.", "The CHAIRMAN. The hearing is adjourned.",
    ])
    tables = build_text(page)
    roles = {s["name"]: s["role"] for s in tables["speakers"]}
    assert roles == {"Roy Rourke": "host", "Imani Shaw": "guest", "Vale": "other"}


def test_examination_questions_and_answers_are_the_lawyer_and_the_witness():
    page = "\n".join([
        "Read the transcript", "Owen Dalton represents the county.", "THE COURT: Call your witness.", "MR. DALTON: The county calls Rosa Ibarra.",
        "ROSA IBARRA, having been first duly sworn, testified as follows:", "DIRECT EXAMINATION", "BY MR. DALTON:",
        "Q. Where do you work?", "A. At the depot.", "Q. Since when?", "THE WITNESS: Since 2017.",
    ])
    tables = build_text(page)
    assert speakers_by_line(tables) == {3: "The Court", 4: "Owen Dalton", 8: "Owen Dalton", 9: "Rosa Ibarra", 10: "Owen Dalton", 11: "Rosa Ibarra"}
    roles = {s["name"]: s["role"] for s in tables["speakers"]}
    assert roles == {"The Court": "host", "Owen Dalton": "other", "Rosa Ibarra": "guest"}


def test_a_question_label_after_a_moderator_names_the_questioner():
    page = "\n".join([
        "Joint Press Availability", "MODERATOR: We will take questions. The first question is from Kenji Ota of the Chubu Shimbun.",
        "QUESTION: Was China discussed?", "SECRETARY HALVORSEN: In general.", "QUESTION: And trade?", "SECRETARY HALVORSEN: No.",
        "MODERATOR: Last question. Go ahead.", "QUESTION: Any names?", "SECRETARY HALVORSEN: Not today.",
        "Ingrid Halvorsen, Secretary of State",
    ])
    by_line = speakers_by_line(build_text(page))
    assert [by_line[n] for n in (3, 5, 8)] == ["Kenji Ota", "Kenji Ota", "Question"]
    assert by_line[4] == "Ingrid Halvorsen"


def test_a_question_answered_at_once_is_no_question():
    from companion.attribution import asks
    assert not asks("In the long term, less water. Why does that matter? Because the plant was built for the old river.")
    assert not asks("And that is the strange part, no? The same tree counts twice.")
    assert asks("Who is cutting all these trees? I think many listeners picture a wild place.")
    assert asks("That's a lot, isn't it?")
    rhetorical = _exchange("Why does that matter? Because the plant was built for the river as it was in the 1980s and it is not now.")[2]
    assert rhetorical.speaker == "bob" and rhetorical.confidence != "high"


def test_a_remark_the_next_paragraph_confirms_is_the_questioner_s():
    decisions = _exchange("So the forests used to cancel out the emissions, and now they add to them.", "Yes, exactly that.")
    assert (decisions[2].speaker, decisions[2].rule, decisions[2].confidence) == ("ann", "prompts_reply", "medium")
    assert decisions[3].speaker == "bob"


def test_one_side_that_repeats_its_label_leaves_short_remarks_to_the_other_side():
    texts = {0: "When did you know?", 1: "Around noon on the 8th. The forecast crest jumped two feet in one update, and I called home.",
             2: "It happens when the rain upstream is heavier than the models expect. The river does not care.",
             3: "Walk me through the night",
             4: "We had 22 people on the levee in shifts, walking the crown with flashlights every hour of the night.",
             5: "That is the part people do not see, and it lasts for years and years on end."}
    labels = {1: parse_label("Okafor: Around noon."), 2: parse_label("Okafor: It happens."), 4: parse_label("Okafor: We had 22 people.")}
    speakers = {1: "okafor", 2: "okafor", 4: "okafor"}
    parties = Parties("holt", None, "okafor")
    decisions = attribute(texts, labels, speakers, "holt", parties=parties)
    assert (decisions[3].speaker, decisions[3].confidence) == ("holt", "medium")
    assert (decisions[5].speaker, decisions[5].confidence) == ("okafor", "low")  # the rhythm and the side disagree


def test_label_scope_after_a_label_like_line_or_past_the_usual_run_is_not_high():
    texts = {0: "Hi.", 1: "Hello.", 2: "More from me.", 3: "Yes.", 4: "No.", 5: "THE BAILIFF: All rise.", 6: "And then?", 7: "Fine.",
             8: "Closing words.", 9: "A last line.", 10: "Produced in a shed."}
    labels = {i: parse_label(t) for i, t in {0: "Ann Lee: Hi.", 1: "Cy Doe: Hello.", 3: "Ann Lee: Yes.", 4: "Cy Doe: No.",
                                             7: "Ann Lee: Fine."}.items()}
    speakers = {0: "ann", 1: "cy", 3: "ann", 4: "cy", 7: "ann"}
    decisions = attribute(texts, labels, speakers, "ann", doubtful={5})
    assert decisions[2].confidence == "high"
    assert decisions[5].confidence == decisions[6].confidence == "low"
    # Before the last label, a label's words ran on for two paragraphs at most: a third after the last label is unsure.
    assert [decisions[i].confidence for i in (8, 9, 10)] == ["high", "high", "medium"]


def test_aliases_keep_no_timestamps_or_deliveries_and_descriptions_are_appositives():
    page = "\n".join([
        "Episode 41: Compost", "Maya talks with Dev Raman, who runs the compost program.", "Maya Ostrow (00:00):", "Hello.",
        "Dev Raman (00:05):", "Hi.", "Maya Ostrow (00:09):", "Why?", "Dev Raman (00:12):", "Because.",
        "DEV RAMAN (through translator): And more.",
    ])
    speakers = {s["name"]: s for s in build_text(page)["speakers"]}
    assert speakers["Maya Ostrow"]["aliases"] == "Maya Ostrow"
    assert speakers["Dev Raman"]["aliases"] == "Dev Raman | DEV RAMAN"
    assert speakers["Dev Raman"]["description"] is None or "who" not in speakers["Dev Raman"]["description"]
    hearing = "\n".join([
        "Present: Senators Rourke, Vale, Dunmore, and Ashcroft.",
        "STATEMENT OF DR. IMANI SHAW, DIRECTOR, OFFICE OF RAIL SAFETY, NATIONAL TRANSPORTATION SAFETY BOARD",
        "Dr. Imani Shaw testified.", "Senator VALE. Who sets it?", "Dr. SHAW. Each railroad.", "Senator VALE. Why?", "Dr. SHAW. Alarms.",
    ])
    speakers = {s["name"]: s for s in build_text(hearing)["speakers"]}
    assert speakers["Imani Shaw"]["description"] == "DIRECTOR, OFFICE OF RAIL SAFETY, NATIONAL TRANSPORTATION SAFETY BOARD"
    assert speakers["Vale"]["description"] != "Dunmore"


def test_a_briefing_s_unlabelled_opening_is_the_spokesperson_the_lead_names():
    page = "\n".join([
        "Daily Press Briefing by the Office of the Spokesperson for the Secretary-General",
        "The following is a near-verbatim transcript of today's noon briefing by Teodor Halim, Spokesperson for the Secretary-General.",
        "Good afternoon.", "**Floods", "I want to start with the floods in the delta.", "**Questions and Answers",
        "Question: How many trucks have crossed?", "Spokesperson: Eleven.", "Correspondent: That is fewer than last week.",
        "Spokesperson: It is.",
    ])
    tables = build_text(page)
    by_line = speakers_by_line(tables)
    assert by_line == {3: "Teodor Halim", 5: "Teodor Halim", 7: "Question", 8: "Teodor Halim", 9: "Correspondent", 10: "Teodor Halim"}
    rules = {int(p["line_number"]): (p["rule"], p["confidence"]) for p in tables["paragraphs"] if p["rule"]}
    assert rules[3] == ("transcript_lead", "medium")
    roles = {s["name"]: s["role"] for s in tables["speakers"]}
    assert roles == {"Teodor Halim": "guest", "Question": "host", "Correspondent": "host"}


def test_callers_named_by_the_host_are_other():
    page = "\n".join([
        "Backyard chickens", "NORA CALLIS, host:", "This is the show. Walt Embry is an extension agent. Welcome.",
        "WALT EMBRY: Thanks.", "CALLIS: Let's go to the phones. Devon is on the line from Toledo. Go ahead.",
        "DEVON: Raccoons. What works?", "EMBRY: Hardware cloth.", "DEVON: A foot. Okay.", "CALLIS: Walt, what else?", "EMBRY: Locks.",
    ])
    roles = {s["name"]: (s["role"], s["role_origin"]) for s in build_text(page)["speakers"]}
    assert roles["Devon"] == ("other", "text") and roles["Walt Embry"][0] == "guest" and roles["Nora Callis"][0] == "host"
