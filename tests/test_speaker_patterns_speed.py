"""The speed-ups in speakers.py's patterns change no match.

Two shortcuts make the name-finding patterns several times faster (see the
comments at `_NAME` and `_OFFICE_FOR_HINT`); both claim that they find exactly
what the plain patterns find. These tests compare them, on texts built from the
words and separators that the patterns care about.
"""

import re

from hypothesis import given, settings, strategies as st

from companion import speakers

WORDS = [
    "Secretary", "Deputy", "Press", "host", "cohost", "Host", "director", "for", "of", "on", "the", "The",
    "Water", "Security", "Rowan", "Pike", "Ann", "Lee", "O'Neill", "’s", "3rd", "x9", "_a", "Jean-Pierre",
    "reports", "reported", "has", "more", "correspondent", "a", "historian", "who", "says", "Élodie", "said",
]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", ", ", ". ", "-", "'", "’", ""]

texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


def _found(matches):
    return [(m.span(), m.groupdict()) for m in matches]


def _without_lookbehind(pattern: re.Pattern) -> re.Pattern:
    plain = pattern.pattern.replace("(?<![^\\W\\d_])", "")
    assert plain != pattern.pattern, "the pattern no longer has the lookbehind this test is about"
    return re.compile(plain, pattern.flags)


NAMED_PATTERNS = [*speakers._role_phrases()[:2], speakers._APPOSITIVE, speakers._SELF_INTRO]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_name_lookbehind_changes_no_match(text):
    for pattern in NAMED_PATTERNS:
        assert _found(pattern.finditer(text)) == _found(_without_lookbehind(pattern).finditer(text))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_office_for_on_hinted_lines_finds_what_the_whole_text_gives(text):
    assert _found(speakers._office_for_matches(text)) == _found(speakers._office_for().finditer(text))


def test_office_for_still_finds_an_office_and_its_name():
    text = "Earlier today.\nThe Deputy Secretary for Water Security Rowan Pike said no.\n"
    assert [m["name"] for m in speakers._office_for_matches(text)] == ["Rowan Pike"]
