"""The label grammar: a name plus decorations, and the guards against false labels."""

import pytest

from companion.labels import is_confident_label, parse_label, role_from_word
from companion.speakers import NameIndex


@pytest.mark.parametrize(
    "text, name, role, words",
    [
        ("Marco Werman: Where do things stand?", "Marco Werman", None, "Where do things stand?"),
        ("STEVE INSKEEP, HOST:", "STEVE INSKEEP", "HOST", None),
        ("MARTIN: Good morning.", "MARTIN", None, "Good morning."),
        ("Judy Woodruff:", "Judy Woodruff", None, None),
        ("UNIDENTIFIED PERSON #1: Hey.", "UNIDENTIFIED PERSON #1", None, "Hey."),
        ("  • Judy Woodruff:", "Judy Woodruff", None, None),
        ("- José: Hola.", "José", None, "Hola."),
        ("> Dana: Hi.", "Dana", None, "Hi."),
        ("**Mei:** Welcome back.", "Mei", None, "Welcome back."),
        ("**Mei**: Welcome back.", "Mei", None, "Welcome back."),
        ("JUDY WOODRUFF, CNN ANCHOR: Good evening.", "JUDY WOODRUFF", "CNN ANCHOR", "Good evening."),
        ("ZHANG LIFAN, Historian (through translator):", "ZHANG LIFAN", "Historian", None),
        ("Audience member: Hi.", "Audience member", None, "Hi."),
        ("Speaker 2: What next?", "Speaker 2", None, "What next?"),
        ("Q: What does a meter of ice tell you?", "Q", None, "What does a meter of ice tell you?"),
        ("ANSWER: About 40 percent.", "ANSWER", None, "About 40 percent."),
    ],
)
def test_label_shapes(text, name, role, words):
    label = parse_label(text)
    assert (label.name, label.role_word) == (name, role)
    assert (text[label.words_at:] if label.words_at is not None else None) == words


@pytest.mark.parametrize(
    "text, title, name",
    [
        ("AMBASSADOR LINDA THOMAS-GREENFIELD: Thank you.", "AMBASSADOR", "LINDA THOMAS-GREENFIELD"),
        ("Dr. Samuel Okafor (via telephone):", "Dr.", "Samuel Okafor"),
        ("SEN. MARIA LOPEZ: Yes.", "SEN.", "MARIA LOPEZ"),
        ("MR COLES:  Good afternoon.", "MR", "COLES"),
        ("Councilwoman Farrow: Thank you.", "Councilwoman", "Farrow"),
    ],
)
def test_titles_are_kept_apart_from_the_name(text, title, name):
    label = parse_label(text)
    assert (label.title, label.name) == (title, name)


@pytest.mark.parametrize(
    "text, delivery",
    [
        ("WOODRUFF (voice-over):", "voice_over"),
        ("  • Tomás Galindo (through translator):", "translated"),
        ("Dr. Samuel Okafor (via telephone):", "phone"),
        ("NICK FERRO (on camera): Officials say so.", "on_camera"),
        ("HANS STEINER: (Through interpreter) My grandfather laid it.", "translated"),
    ],
)
def test_parentheticals_give_the_delivery(text, delivery):
    assert parse_label(text).delivery == delivery


def test_doubt_and_other_parentheticals():
    assert parse_label("HUTTON (?): That's a good line.").doubt
    unknown = parse_label("BIDEN (UNKNOWN): No.")
    assert unknown.doubt and unknown.name == "BIDEN"
    party = parse_label("GOV. ELLEN MARSH (R-IA): Thank you, Dan.")
    assert (party.name, party.note, party.delivery) == ("ELLEN MARSH", "R-IA", None)


@pytest.mark.parametrize(
    "text, seconds, name",
    [
        ("[00:00:01] Dana: Hi, I'm Dana.", 1.0, "Dana"),
        ("**Mei:** [00:01:02] And the storms got bigger.", 62.0, "Mei"),
        ("Dana 0:22 So what happened?", 22.0, "Dana"),
        ("[21:00:14] DAN WHITAKER, CNN ANCHOR: Good evening.", 21 * 3600 + 14, "DAN WHITAKER"),
    ],
)
def test_timestamps_before_or_after_the_name(text, seconds, name):
    label = parse_label(text)
    assert (label.name, label.time) == (name, seconds)


@pytest.mark.parametrize(
    "text",
    [
        "Related: Women negotiators spur change",
        "Editor's note: This interview is in two parts.",
        "The answer is simple: no.",
        "It's in line with the order.",
        "Well, here is the thing: we wait.",
        "Note: This conversation took place before the vote.",
        "Update: The district voted on Tuesday.",
        "Photo: Students in a classroom.",
        "Correction: An earlier version misspelled a name.",
        "10:30: the meeting starts",
        "At 10:30 we left.",
        "John 3:16 says it plainly.",
        "Micah 6:8 is on the wall.",
        "https://example.org/story",
        "HTTPS://EXAMPLE.ORG",
        "The ratio is 1:30 now.",
        "Grace, the rule is: ask first.",
        "Parents worried about one thing: emergencies.",
        "And the students: did they push back?",
        "Full transcript: Fiona Hale on the grain corridor",
        "Episode 142: The drains under the city",
    ],
)
def test_not_labels(text):
    label = parse_label(text)
    assert label is None or not is_confident_label(label, {}, text)


def test_one_word_label_needs_capitals_or_recurrence():
    washington = parse_label("Washington: The talks resumed.")
    assert not is_confident_label(washington, {"washington": 1})
    assert is_confident_label(parse_label("MARTIN: Hi."), {"martin": 1})
    assert is_confident_label(parse_label("José: Hola."), {"josé": 2})


def test_a_title_with_a_colon_is_no_label():
    text = "Kitchen Table Economics, Episode 9: Why eggs cost so much"
    assert not is_confident_label(parse_label(text), {"kitchen table economics": 1}, text)


def test_a_timestamp_instead_of_a_colon_counts_only_where_it_recurs():
    label = parse_label("Ben 0:04 Welcome, everyone.")
    assert not is_confident_label(label, {"ben": 1})
    assert is_confident_label(label, {"ben": 3})


@pytest.mark.parametrize("word, role", [("HOST", "host"), ("CNN ANCHOR", "host"), ("MODERATOR", "host"), ("BYLINE", "reporter"),
                                        ("CNN WHITE HOUSE CORRESPONDENT", "reporter"), ("ANNOUNCER", "other"), ("Bakery Owner", None)])
def test_roles_from_descriptors(word, role):
    assert role_from_word(word) == role


def test_capital_names_take_the_text_casing():
    assert NameIndex.of("I'm Rachel Martin.").cased("RACHEL MARTIN") == "Rachel Martin"
    assert NameIndex.of("no other mention").cased("OMAR HADI") == "Omar Hadi"
    assert NameIndex.of("").cased("O'BRIEN") == "O'Brien"


@pytest.mark.parametrize(
    "text, name, kind, separator, words",
    [
        ("The CHAIRMAN. Good morning.", "The Chairman", "office", ".", "Good morning."),
        ("Senator VALE. Thank you, Mr. Chairman.", "VALE", "name", ".", "Thank you, Mr. Chairman."),
        ("Dr. SHAW. Each railroad sets its own.", "SHAW", "name", ".", "Each railroad sets its own."),
        ("THE COURT: Please be seated.", "The Court", "office", ":", "Please be seated."),
        ("THE WITNESS: Honestly? I don't know.", "The Witness", "office", ":", "Honestly? I don't know."),
        ("Q. Were you on duty?", "Q", "question", "gap", "Were you on duty?"),
        ("A. I was.", "A", "answer", "gap", "I was."),
        ("Q    Tobias, will the President speak?", "Q", "question", "gap", "Tobias, will the President speak?"),
        ("**theo:** So that's the plan.", "Theo", "name", ":", "So that's the plan."),
        ("NORA CALLIS, host:", "NORA CALLIS", "name", ":", None),
        ("Announcer (00:09):", "Announcer", "name", ":", None),
    ],
)
def test_record_and_podcast_label_shapes(text, name, kind, separator, words):
    label = parse_label(text)
    assert (label.name, label.kind, label.separator) == (name, kind, separator)
    assert (text[label.words_at:] if label.words_at is not None else None) == words


def test_parenthetical_description_and_timestamp():
    embry = parse_label("Mr. WALT EMBRY (Poultry Extension Agent, Ferris State Agricultural Service): Thanks, Nora.")
    assert (embry.title, embry.name, embry.note) == ("Mr.", "WALT EMBRY", "Poultry Extension Agent, Ferris State Agricultural Service")
    assert parse_label("Maya Ostrow (00:14):").time == 14.0
    ansah = parse_label("DR. KOFI ANSAH, Epidemiologist, University of Wexford: Thank you.")
    assert ansah.role_word == "Epidemiologist, University of Wexford"  # the comma is kept


@pytest.mark.parametrize("text", ["The END. Thanks for reading.", "NATO. The alliance met.", "SHAW. Alone without a title.", "OK. So we start."])
def test_a_capital_word_and_a_period_is_no_label_without_a_title(text):
    assert parse_label(text) is None


def test_period_and_gap_labels_count_only_where_they_recur():
    from companion.labels import select_labels
    texts = ["Q. Where were you?", "A. At home.", "Q. Alone?", "A. Yes."]
    assert sorted(select_labels(texts)[0]) == [0, 1, 2, 3]
    once = ["A. Lincoln said it first.", "Then the war came."]
    assert select_labels(once)[0] == {}


def test_a_wrapped_label_line_is_a_label_even_written_once():
    from companion.labels import select_labels
    texts = ["SAUL BRENNAN: The first case was a girl who came home in late", "January. By then she had been to school.",
             "MIRIAM TALLIS: Thank you.", "MIRIAM TALLIS: Next."]
    assert 0 in select_labels(texts)[0]


def test_a_one_word_label_decorated_like_the_others_is_a_label():
    from companion.labels import select_labels
    texts = ["Maya Ostrow (00:00):", "Hello.", "Announcer (00:09):", "This is Scraps.", "Maya Ostrow (00:14):", "Hi.",
             "Dev Raman (00:27):", "Thanks.", "Sam (00:40):", "Hi all."]
    assert {0, 2, 4, 6, 8} <= set(select_labels(texts)[0])


def test_names_by_initials_and_by_office():
    index = NameIndex.of("By Jonah Mireles. Press Gaggle by Principal Deputy Press Secretary Tobias Reyna Aboard Air Force One. "
                         "Hon. Roy Rourke, Chairman of the Committee, presiding.")
    assert index.by_initials_of("JM") == "Jonah Mireles"
    assert index.full_name("REYNA") == "Tobias Reyna"
    assert index.holder("press secretary") == "Tobias Reyna"
    assert index.holder("chairman") == "Roy Rourke"
    assert index.holder("spokesperson") is None


def test_prose_with_a_colon_among_labels_is_only_label_like():
    from companion.labels import select_labels
    texts = ["Jo: Welcome. I'm Jo Park.", "Eli: And I'm Eli Brandt.", "Jo: You can freeze milk.", "Hot Tip: freeze it in trays.",
             "Eli: Good one.", "Jo: Thanks.", "Best Advice: Label everything.", "Eli: Yes."]
    trusted, doubtful = select_labels(texts)
    assert 3 not in trusted and 3 in doubtful  # lowercase words after a label written once
    assert 6 not in trusted and 6 in doubtful  # a title-case name written once that the page never mentions


def test_a_misspelt_label_is_the_speaker_one_slip_away():
    from companion.speakers import _slips
    assert _slips("quyae", "quaye", 1) == 1 and _slips("diazz", "diaz", 1) == 1 and _slips("ortega", "owens", 1) > 1
