from companion.labels import parse_label
from companion.structure import classify, furniture_kind


def kinds_of(texts):
    return classify(texts, [parse_label(t) for t in texts])


def test_page_layout():
    texts = [
        "A man speaks at a hearing, Thursday, May 20, 2021.",
        "Envoy says the talks will go on",
        "The envoy says the sides disagree. He joins our host.",
        "The Show",
        "Editor's note: This aired on the June 11, 2021, broadcast of The Show.",
        "The troops are leaving.",
        "Related: Another story",
        "Ann Host: Where do talks stand?",
        "Bob Guest: Slowly.",
        "Why?",
        "Listen to part two of the interview here:",
        "This interview has been edited and condensed for clarity.",
        "Sign up for our daily newsletter",
    ]
    assert kinds_of(texts) == [
        "photo_caption", "headline", "standfirst", "credit", "editors_note", "intro", "related",
        "interview", "interview", "interview", "audio", "closing_note", "newsletter_promo",
    ]


def test_sound_cues_inside_the_interview_are_non_speech():
    texts = ["HOST: Hi.", "(SOUNDBITE OF MUSIC)", "GUEST: Hello."]
    assert kinds_of(texts) == ["interview", "non_speech", "interview"]


def test_no_labels_means_no_interview():
    assert "interview" not in kinds_of(["Just a story.", "With two paragraphs."])


def test_furniture_lines():
    assert furniture_kind("Related: X") == "related"
    assert furniture_kind("(LAUGHTER)") == "non_speech"
    assert furniture_kind("Copyright © 2021 NPR.") == "closing_note"
    assert furniture_kind("Where do talks stand?") is None
