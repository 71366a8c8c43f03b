import pytest

from companion.errors import InputError
from companion.readers.text import read as split_paragraphs
from companion.source import collapse_whitespace, decode_transcript


def test_paragraphs_are_non_empty_lines_with_exact_offsets():
    text = "Title\n\n  Indented words.  \r\nLast line"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == ["Title", "Indented words.", "Last line"]
    assert [p.line_number for p in paragraphs] == [1, 3, 4]
    for p in paragraphs:
        assert text[p.start:p.end] == p.text


def test_single_newlines_also_separate_paragraphs():
    assert [p.text for p in split_paragraphs("A: one\nB: two\n")] == ["A: one", "B: two"]


def test_byte_order_mark_is_kept_in_text_but_not_in_a_paragraph():
    source = decode_transcript("\ufeffHello\n".encode("utf-8"), "t.txt")
    assert source.text.startswith("\ufeff")
    (p,) = split_paragraphs(source.text)
    assert (p.start, p.text) == (1, "Hello")


@pytest.mark.parametrize(
    "raw, problem",
    [
        (b"", "empty"),
        (b"  \n\t\n", "only whitespace"),
        (b"%PDF-1.4\n...", "binary"),
        (b"abc\x00def", "binary"),
        ("caf\u00e9".encode("cp1252"), "byte offset 3"),
    ],
)
def test_bad_input_is_refused_with_the_file_named(raw, problem):
    with pytest.raises(InputError) as info:
        decode_transcript(raw, "talk.txt")
    assert problem in str(info.value)
    assert str(info.value).startswith("talk.txt:")


def test_encoding_option_decodes_on_purpose():
    source = decode_transcript("caf\u00e9".encode("cp1252"), "t.txt", "cp1252")
    assert source.text == "caf\u00e9" and source.encoding == "cp1252"


def test_collapse_whitespace():
    assert collapse_whitespace(" a \n\n b\u00a0c ") == "a b c"
