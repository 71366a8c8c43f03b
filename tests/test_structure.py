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
    assert furniture_kind("Copyright © 2021 NPR.") == "boilerplate"
    assert furniture_kind("Where do talks stand?") is None


# --- page furniture as data: every pattern's examples and counter-examples ---

import pytest  # noqa: E402

from companion.structure import page_date, patterns  # noqa: E402


def _cases():
    for i, pattern in enumerate(patterns()):
        for example in pattern.examples:
            yield pytest.param(pattern, example, True, id=f"{pattern.kind}-{i}-{example[:30]}")
        for example in pattern.counter_examples:
            yield pytest.param(pattern, example, False, id=f"{pattern.kind}-{i}-not-{example[:30]}")


@pytest.mark.parametrize("pattern, text, matches", list(_cases()))
def test_each_furniture_pattern(pattern, text, matches):
    found = pattern.regex.fullmatch(text) if pattern.whole else pattern.regex.match(text)
    assert bool(found) == matches
    if matches:
        assert furniture_kind(text) == pattern.kind  # no earlier pattern takes it


def test_every_pattern_has_an_example():
    assert all(p.examples for p in patterns())


@pytest.mark.parametrize(
    "text, date",
    [
        ("MARCH 14, 20244:12 PM ET", "2024-03-14"),  # a date glued to a time
        ("June 4, 2023 / 11:30 AM / CBS News", "2023-06-04"),
        ("Aired October 3, 2023 - 21:00   ET", "2023-10-03"),
        ("Published May 2, 2023", "2023-05-02"),
        ("Department Press Briefing – April 9, 2024", None),  # a headline, not a date line
        ("Fishermen haul their nets near Mombasa, Kenya, Feb. 8, 2023.", None),  # a caption
    ],
)
def test_page_date_lines(text, date):
    found = page_date(text)
    assert (found.isoformat() if found else None) == date
    assert (furniture_kind(text) == "boilerplate") == (date is not None)


def test_site_menu_and_caption_without_date_before_the_headline():
    texts = ["Watch CBS News", "U.S.", "World", "Politics", "A boy carries water past a dry well.", "Credit: A. Photographer/AFP",
             "In Mali, the water table falls", "A well-digger explains why.", "Ann Host: How deep?", "Bo Guest: Forty meters."]
    assert kinds_of(texts) == ["boilerplate"] * 4 + ["photo_caption", "photo_caption", "headline", "standfirst", "interview", "interview"]


def test_program_name_in_capitals_is_no_headline():
    texts = ["Return to Transcripts main page", "CNN TOWN HALL", "Town Hall on Rural Hospitals", "Aired October 3, 2023 - 21:00   ET",
             "ANNOUNCER: Live from Des Moines.", "DAN WHITAKER, CNN ANCHOR: Good evening."]
    assert kinds_of(texts)[:4] == ["boilerplate", "credit", "headline", "boilerplate"]


def test_an_unlabelled_opening_question_belongs_to_the_interview():
    texts = ["Why the levee failed", "An engineer explains.", "March 3, 2024", "Priya, why did the levee fail?", "Priya Raman: It was old."]
    assert kinds_of(texts) == ["headline", "standfirst", "boilerplate", "interview", "interview"]


def test_furniture_after_the_interview_is_not_speech():
    texts = ["Ann Host: Why?", "Bo Guest: Because.", "Photo: Students in a class.", "Correction: An earlier version erred.",
             "Undercurrent is produced by Mei Lin.", "##END##", "Accuracy and availability of NPR transcripts may vary."]
    assert kinds_of(texts) == ["interview", "interview", "photo_caption", "editors_note", "closing_note", "boilerplate", "boilerplate"]


def test_a_show_name_before_a_longer_title_is_the_credit():
    texts = ["Return to Transcripts main page", "CNN Newsroom", "Bridge Inspections Lag in Half the States; Panel Debates Who Pays",
             "Aired October 14, 2025 - 14:00   ET", "ANNOUNCER: This is CNN.", "DANA WHITCOMBE, CNN ANCHOR: Hello."]
    assert kinds_of(texts)[:4] == ["boilerplate", "credit", "headline", "boilerplate"]


def test_after_a_photo_credit_a_headline_may_end_with_a_period():
    texts = ["A harvester works in a pine stand near Tartu.", "Courtesy of the Estonian Fund for Nature",
             "Estonia's forests are a carbon sink. Or they were, until the logging boom.",
             "Half of Estonia is covered in forest. But a new inventory suggests the trees may now release more carbon than they store.",
             "The World", "Gideon Marsh: What did the inventory find?", "Kadri Ilves: We cut more than grew."]
    assert kinds_of(texts)[:5] == ["photo_caption", "photo_caption", "headline", "standfirst", "credit"]


def test_headings_inside_a_record_are_nobody_s_words():
    texts = ["Hearing on rail safety", "The CHAIRMAN. Good morning.", "The CHAIRMAN. Dr. Shaw, please proceed.",
             "STATEMENT OF DR. IMANI SHAW, DIRECTOR", "Dr. SHAW. Thank you.", "Dr. SHAW. The detectors saw it.",
             "THE COURT: Be seated.", "DIRECT EXAMINATION", "BY MR. DALTON:", "THE COURT: Go on."]
    kinds = kinds_of(texts)
    assert [kinds[i] for i in (3, 7, 8)] == ["other"] * 3
    assert kinds[4] == kinds[6] == "interview"


def test_where_every_paragraph_is_labelled_a_trailing_unlabelled_line_is_no_speech():
    texts = ["Ep. 9 — Owls", "Mira: Hi.", "Jude: Hi.", "Mira: Owls.", "Jude: Bags.", "Mira: Sol?", "Sol: Yes.", "Mira: Bye.",
             "Field Notes is made in a shed. See you next week at fieldnotes.example."]
    assert kinds_of(texts)[-1] == "other"
