import pytest

from companion.labels import display_name, is_confident_label, parse_label


@pytest.mark.parametrize(
    "text, name, role, words",
    [
        ("Marco Werman: Where do things stand?", "Marco Werman", None, "Where do things stand?"),
        ("STEVE INSKEEP, HOST:", "STEVE INSKEEP", "HOST", None),
        ("MARTIN: Good morning.", "MARTIN", None, "Good morning."),
        ("Judy Woodruff:", "Judy Woodruff", None, None),
        ("UNIDENTIFIED PERSON #1: Hey.", "UNIDENTIFIED PERSON #1", None, "Hey."),
    ],
)
def test_label_shapes(text, name, role, words):
    label = parse_label(text)
    assert (label.name, label.role_word) == (name, role)
    assert (text[label.words_at:] if label.words_at is not None else None) == words


@pytest.mark.parametrize(
    "text",
    [
        "Related: Women negotiators spur change",
        "Editor's note: This interview is in two parts.",
        "The answer is simple: no.",
        "It's in line with the order.",
        "Well, here is the thing: we wait.",
    ],
)
def test_not_labels(text):
    assert parse_label(text) is None


def test_one_word_label_needs_capitals_or_recurrence():
    washington = parse_label("Washington: The talks resumed.")
    assert not is_confident_label(washington, {"Washington": 1})
    assert is_confident_label(parse_label("MARTIN: Hi."), {"MARTIN": 1})


def test_capital_names_take_the_text_casing():
    assert display_name("RACHEL MARTIN", "I'm Rachel Martin.") == "Rachel Martin"
    assert display_name("OMAR HADI", "no other mention") == "Omar Hadi"
