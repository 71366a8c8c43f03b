"""Speakers that a format's markup names (voice tags, JSON fields, <cite>, caption prefixes,
Markdown and export labels) go through the same label grammar and identity rules as labels
in plain text; and a cue file's continuations are only as sure as its markup allows."""

import pytest
from conftest import read_csv

from companion.attribution import Decision, attribute
from companion.labels import parse_label, read_name
from companion.package import TranscriptInput, build_files
from companion.readers import cues


def build(name: str, text: str) -> dict[str, list[dict]]:
    files, _ = build_files([TranscriptInput(name, text.encode("utf-8"))])
    return {path[5:-4]: read_csv(data) for path, data in files.items() if path.startswith("data/") and path.endswith(".csv")}


def speakers_by_line(tables) -> dict[int, str]:
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    return {int(p["line_number"]): names[p["speaker_id"]] for p in tables["paragraphs"] if p["speaker_id"]}


@pytest.mark.parametrize(
    "written, name, title, role_word, delivery, kind",
    [
        ("Judy Woodruff", "Judy Woodruff", None, None, None, "name"),
        ("JUDY WOODRUFF, HOST", "JUDY WOODRUFF", None, "HOST", None, "name"),
        ("WOODRUFF (voice-over)", "WOODRUFF", None, None, "voice_over", "name"),
        ("Dr. Amara Osei", "Amara Osei", "Dr.", None, None, "name"),
        ("Tomás Galindo (through translator)", "Tomás Galindo", None, None, "translated", "name"),
        ("Q", "Q", None, None, None, "question"),
        ("A", "A", None, None, None, "answer"),
        ("THE MAYOR", "The Mayor", None, None, None, "office"),
        ("Speaker 1", "Speaker 1", None, None, None, "generic"),
        ("Ana Souza:", "Ana Souza", None, None, None, "name"),
    ],
)
def test_a_given_name_reads_like_a_label_in_the_text(written, name, title, role_word, delivery, kind):
    label = read_name(written)
    assert (label.name, label.title, label.role_word, label.delivery, label.kind, label.words_at) == (name, title, role_word, delivery, kind, 0)
    in_text = parse_label(written.rstrip(":") + ": words")
    assert (in_text.name, in_text.title, in_text.role_word, in_text.delivery, in_text.kind) == (name, title, role_word, delivery, kind)


def test_a_given_name_is_nfc_and_a_delivery_may_open_the_words():
    assert read_name("Jose\u0301 Pe\u0301rez").name == "José Pérez"
    assert read_name("HANS STEINER", words="(Through interpreter) My grandfather laid it.").delivery == "translated"
    assert read_name("kevin") is None  # not a name's shape: the build keeps the file's word as it is
    # A voice tag or an export's speaker line says it is a name: a short lowercase descriptor is kept.
    assert read_name("Carmen Ruiz, producer").role_word == "producer"
    assert read_name("Grace, the rule is", strict=True) is None  # words in a cue: prose, not a name


@pytest.mark.parametrize(
    "name, ok",
    [("JUDY WOODRUFF, HOST", True), ("WOODRUFF (voice-over)", True), ("A", True), ("Q", True), ("THE MAYOR", True),
     ("Tom, listen", False), ("So, Tom", False), ("Grace, the rule is", False), ("Look", True), ("The end", False)],
)
def test_caption_and_markdown_labels_take_the_grammar_s_decorations(name, ok):
    assert cues.speaker_name(name) is ok


def test_an_export_speaker_line_may_carry_a_lowercase_descriptor():
    export = ("Night Shift, episode 3\n\nCarmen Ruiz, producer  0:02\nThis is Night Shift.\n\n"
              "Dr. Femi Adebayo (ER physician)  0:15\nMost nights start quiet.\n\nCarmen  0:24\nWhat happens at two?\n\n"
              "Femi  0:26\nThe bars close.\n")
    tables = build("night.txt", export)
    assert speakers_by_line(tables) == {4: "Carmen Ruiz", 7: "Femi Adebayo", 10: "Carmen Ruiz", 13: "Femi Adebayo"}
    femi = next(s for s in tables["speakers"] if s["name"] == "Femi Adebayo")
    assert (femi["description"], femi["aliases"]) == ("ER physician", "Dr. Femi Adebayo (ER physician) | Femi")


def test_srt_prefixes_with_decorations_title_and_surname_later():
    srt = ("1\n00:00:01,000 --> 00:00:03,000\n>> DANA REYES, HOST: Good evening.\n\n"
           "2\n00:00:03,500 --> 00:00:06,000\n>> DR. OMAR FARID (via phone): Good evening, Dana.\n\n"
           "3\n00:00:06,500 --> 00:00:08,000\n>> REYES: How bad is the flooding?\n\n"
           "4\n00:00:08,500 --> 00:00:11,000\n>> FARID: Worse than in 2019.\n")
    tables = build("flood.srt", srt)
    assert speakers_by_line(tables) == {3: "Dana Reyes", 7: "Omar Farid", 11: "Dana Reyes", 15: "Omar Farid"}
    people = {s["name"]: (s["role"], s["role_origin"], s["aliases"]) for s in tables["speakers"]}
    assert people == {"Dana Reyes": ("host", "label", "DANA REYES, HOST | REYES"),
                      "Omar Farid": ("guest", "inferred", "DR. OMAR FARID | FARID")}
    by_line = {int(p["line_number"]): p for p in tables["paragraphs"]}
    assert by_line[7]["delivery"] == "phone" and by_line[7]["rule"] == "format_label"
    assert by_line[7]["text"] == "Good evening, Dana."  # the reader's offsets: the words, without the label


def test_voice_tags_json_fields_and_cite_go_through_the_grammar():
    vtt = ("WEBVTT\n\n00:00.000 --> 00:03.000\n<v HOST>Welcome to Soil Matters. I'm Nadia Brandt.\n\n"
           "00:03.500 --> 00:06.000\n<v Prof. Emeka Nwosu (via phone)>Glad to be here.\n\n"
           "00:06.500 --> 00:08.000\n<v HOST>Why worms?\n\n00:08.500 --> 00:11.000\n<v Emeka>Because they dig for free.\n")
    assert set(speakers_by_line(build("soil.vtt", vtt)).values()) == {"Nadia Brandt", "Emeka Nwosu"}
    json_text = ('{"version": "1.0.0", "segments": [\n'
                 '{"speaker": "Ruth Adeyemi (host)", "startTime": 0, "endTime": 2, "body": "What is in the boxes?"},\n'
                 '{"speaker": "Dr. Ines Varga", "startTime": 2, "endTime": 4, "body": "Tax rolls, mostly."},\n'
                 '{"speaker": "Ruth", "startTime": 4, "endTime": 6, "body": "Why keep them?"},\n'
                 '{"speaker": "Varga", "startTime": 6, "endTime": 8, "body": "Historians use them."}]}\n')
    tables = build("archive.json", json_text)
    assert {s["name"]: s["role"] for s in tables["speakers"]} == {"Ruth Adeyemi": "host", "Ines Varga": "guest"}
    html = ("<html><head><title>Bells</title></head><body>\n<p>Interview by Priya Raman</p>\n"
            "<p>Marta Kovacs has cast bells for 38 years.</p>\n<cite>Q:</cite>\n<p>How long does a bell take?</p>\n"
            "<cite>A:</cite>\n<p>Three weeks for a small one.</p>\n</body></html>\n")
    assert speakers_by_line(build("bells.html", html)) == {5: "Priya Raman", 7: "Marta Kovacs"}


def test_markdown_role_word_and_office_labels_find_their_holders():
    md = ("# Town forum\n\n*The forum was moderated by Leah Kim of WHBR.*\n\n"
          "**MODERATOR:** Our first question is for the mayor.\n\n**Mayor Tom Reilly:** Thank you, Leah.\n\n"
          "**MODERATOR:** Why cut route 9?\n\n**The Mayor:** Because six people ride it.\n\n**Mayor:** And it costs a lot.\n")
    tables = build("forum.md", md)
    assert speakers_by_line(tables) == {5: "Leah Kim", 7: "Tom Reilly", 9: "Leah Kim", 11: "Tom Reilly", 13: "Tom Reilly"}
    tom = next(s for s in tables["speakers"] if s["name"] == "Tom Reilly")
    assert tom["aliases"] == "Mayor Tom Reilly | The Mayor | Mayor"


def test_a_role_word_keeps_its_word_when_the_text_names_no_one():
    tables = build("talk.txt", "HOST: Welcome back.\nGUEST NAME: Thanks.\nHOST: Why now?\nGUEST NAME: Because.\n")
    assert "Host" in {s["name"] for s in tables["speakers"]}


def test_a_cue_after_the_speaker_s_own_question_is_not_high():
    srt = ("1\n00:00:01,000 --> 00:00:03,000\n[Priya] When did the ferry stop?\n\n"
           "2\n00:00:03,500 --> 00:00:06,000\n[Hal] In 1962. My father worked the last crossing.\n\n"
           "3\n00:00:06,500 --> 00:00:08,000\nHe carried 40 cars that day.\n\n"
           "4\n00:00:08,500 --> 00:00:09,000\n[Priya] Forty?\n\n"
           "5\n00:00:09,500 --> 00:00:12,000\nEveryone wanted to say goodbye.\n\n"
           "6\n00:00:12,500 --> 00:00:14,000\n[Hal] That's right.\n")
    by_line = {int(p["line_number"]): p for p in build("ferry.srt", srt)["paragraphs"]}
    assert by_line[11]["confidence"] == "high"  # a statement goes on with the statement before it
    assert by_line[19]["confidence"] == "low"  # after "Forty?", the answer may come unmarked


def test_broadcast_captions_that_name_once_and_mark_changes_with_chevrons():
    cue = "{n}\n00:00:{n:02d},000 --> 00:00:{n:02d},900\n{text}\n\n"
    lines = [">> JUDY HALE: Joining me is the fire marshal, Rafael Ortiz.", ">> RAFAEL ORTIZ: Thanks, Judy.",
             ">> How many homes were lost?", ">> About 300.", "The wind shifted twice in the night.", ">> Was there warning?",
             ">> For most people, yes."]
    srt = "".join(cue.format(n=n, text=t) for n, t in enumerate(lines, start=1))
    tables = build("fire.srt", srt)
    paragraphs = [p for p in tables["paragraphs"] if p["speaker_id"]]
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    assert [names[p["speaker_id"]] for p in paragraphs] == ["Judy Hale", "Rafael Ortiz", "Judy Hale", "Rafael Ortiz", "Rafael Ortiz",
                                                            "Judy Hale", "Rafael Ortiz"]
    assert [p["rule"] for p in paragraphs[2:]] == ["marked_change", "marked_change", "continuation", "marked_change", "marked_change"]
    assert all(p["confidence"] == "medium" for p in paragraphs[2:])
    assert {s["name"]: s["role"] for s in tables["speakers"]} == {"Judy Hale": "host", "Rafael Ortiz": "guest"}


def test_a_marked_change_goes_to_the_other_side_and_never_continues_at_high():
    labels = {0: parse_label("ANA: Where were you?"), 1: parse_label("BEN: At home.")}
    texts = {0: "Where were you?", 1: "At home.", 2: "All night?", 3: "Yes, all night.", 4: "Good."}
    decisions = attribute(texts, labels, {0: "ana", 1: "ben"}, "ana", cue_file=True, changes={2, 3})
    assert [decisions[p].speaker for p in range(5)] == ["ana", "ben", "ana", "ben", "ben"]
    assert decisions[2] == Decision("ana", "inferred", "marked_change", "medium")
    assert decisions[4].confidence != "high"  # goes on after an inferred change: no surer than it
    alone = attribute({0: "Hello there.", 1: "Hi."}, {0: parse_label("ANA: Hello there.")}, {0: "ana"}, "ana", cue_file=True, changes={1})
    assert alone[1].confidence == "low"  # a change with nobody else heard yet: the rules cannot tell who


def test_a_name_typed_in_decomposed_form_is_one_person():
    text = "Jose\u0301 Pe\u0301rez runs the only bakery in town.\nJOSE\u0301 PE\u0301REZ: We open at four.\nHOST: Why so early?\nPÉREZ: The bread needs time.\n"
    tables = build("bakery.txt", text)
    assert {s["name"] for s in tables["speakers"]} >= {"José Pérez"}
    assert set(speakers_by_line(tables).values()) == {"José Pérez", "Host"}


def test_q_and_a_beside_named_labels_are_the_same_two_people():
    md = ("# Rooftop Gardens, episode 7\n\nHost Sam Okoro talks with urban farmer Lena Marsh about roofs.\n\n"
          "**Sam Okoro, host:** Lena, how big is your roof?\n\n**Lena Marsh:** About 900 square metres.\n\n"
          "**Q:** Do you ever lose a crop to the wind?\n\n**A:** Twice.\n\n**Sam:** Thanks, Lena.\n")
    tables = build("roof.md", md)
    assert speakers_by_line(tables) == {5: "Sam Okoro", 7: "Lena Marsh", 9: "Sam Okoro", 11: "Lena Marsh", 13: "Sam Okoro"}
    assert {s["name"]: s["aliases"] for s in tables["speakers"]} == {"Sam Okoro": "Sam Okoro, host | Sam | Q", "Lena Marsh": "Lena Marsh | A"}


def test_a_briefing_s_questioners_are_not_the_moderator():
    text = ("Briefing on the flood appeal\nMODERATOR: Good afternoon. The ambassador will take questions.\n"
            "AMBASSADOR RUTH OKAFOR: Thank you.\nQUESTION: Ambassador, how much has been pledged?\n"
            "AMBASSADOR OKAFOR: About a quarter of the appeal.\nQUESTION: And the rest?\nAMBASSADOR OKAFOR: We keep asking.\n")
    names = {s["name"] for s in build("briefing.txt", text)["speakers"]}
    assert names == {"Moderator", "Ruth Okafor", "Question"}


def test_a_cue_that_opens_with_a_word_a_comma_and_a_name_is_no_label():
    srt = "1\n00:00:01,000 --> 00:00:03,000\nOkay, Dana: here is the thing.\n\n2\n00:00:03,500 --> 00:00:06,000\nDana, HOST: Go on.\n"
    paragraphs = build("okay.srt", srt)["paragraphs"]
    assert paragraphs[0]["text"] == "Okay, Dana: here is the thing." and paragraphs[0]["rule"] != "format_label"
    assert (paragraphs[1]["text"], paragraphs[1]["rule"]) == ("Go on.", "format_label")


def test_a_marked_change_before_the_other_side_is_named_goes_to_who_the_file_names_next():
    # ">>" marks a change of speaker; the second person is named only later ("PILOT:").
    srt = (
        "1\n00:00:01,000 --> 00:00:03,000\n>> ANCHOR: The harbour froze over last night.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\n>> First time since the nineties, we think.\n\n"
        "3\n00:00:05,500 --> 00:00:07,000\n>> ANCHOR: Could boats get out this morning?\n\n"
        "4\n00:00:07,000 --> 00:00:09,000\n>> PILOT: Only the icebreaker could.\n"
    )
    tables = build("harbour.srt", srt)
    rows = {int(p["line_number"]): p for p in tables["paragraphs"]}
    assert speakers_by_line(tables) == {3: "Anchor", 7: "Pilot", 11: "Anchor", 15: "Pilot"}
    assert rows[7]["rule"] == "marked_change" and rows[7]["confidence"] == "medium"
