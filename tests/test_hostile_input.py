"""Hostile and careless input to `companion build` (issue 7, cases 2, 7 and 8):
one clear line naming the file, never a traceback, never a hang, never wrong data."""

import codecs
import os
import stat
import subprocess
import sys

import pytest
from conftest import FIXTURES, read_csv
from typer.testing import CliRunner

from companion.cli import app
from companion.errors import InputError
from companion.metadata import parse_metadata
from companion.package import TranscriptInput, build_files
from companion.readers.text import read as split_paragraphs
from companion.source import decode_transcript

runner = CliRunner()
GOOD = (FIXTURES / "page_style.txt").read_text(encoding="utf-8")


def build(*args):
    return runner.invoke(app, ["build", *map(str, args)])


def assert_one_line_error(result, *needles):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


def run_cli(*args, timeout=60):
    """The command in its own process, so that a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "companion", *map(str, args)], capture_output=True, text=True, timeout=timeout)


# --- case 2: devices and FIFOs as transcripts and metadata --------------------


def test_a_device_is_refused_before_it_is_read(tmp_path):
    result = run_cli("build", "/dev/zero", "--out", tmp_path / "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "error: /dev/zero: is a character device, not a regular file"


def test_a_fifo_transcript_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "talk.txt"
    os.mkfifo(fifo)
    result = run_cli("build", fifo, "--out", tmp_path / "out", timeout=30)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {fifo}: is a FIFO (named pipe), not a regular file"


def test_a_fifo_metadata_file_is_refused_without_hanging(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "talk.yaml")
    result = run_cli("build", tmp_path / "talk.txt", "--out", tmp_path / "out", timeout=30)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'talk.yaml'}: metadata file is a FIFO (named pipe), not a regular file"


# --- case 7: tracebacks instead of errors -------------------------------------


@pytest.mark.parametrize("encoding", ["rot13", "zlib", "base64", "hex", "undefined", "unicode_escape", "raw_unicode_escape", "idna"])
def test_encodings_that_are_not_character_encodings_are_refused(tmp_path, encoding):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    result = build(tmp_path / "talk.txt", "--out", tmp_path / "out", "--encoding", encoding)
    assert_one_line_error(result, f"--encoding: {encoding!r} is not a character encoding of text files")
    assert not (tmp_path / "out").exists()


def test_unknown_encoding_is_one_line(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    assert_one_line_error(build(tmp_path / "talk.txt", "--out", tmp_path / "out", "--encoding", "klingon"), "unknown encoding 'klingon'")


@pytest.mark.parametrize(
    "encoding, raw, problem",
    [
        ("utf-7", b"Ann Host: +2D0-\n", "unpaired surrogate"),  # half of a surrogate pair
        ("utf-7", b"Ann Host: caf+AOk\n", None),  # valid: decodes
        ("utf-16", b"A\x00B", "not valid utf-16"),  # odd length: truncated
        ("utf-32", b"\xff\xfe\x00\x00A\x00\x00", "not valid utf-32"),
        ("utf-16-le", b"\x00\xd8A\x00", "not valid utf-16-le"),  # a lone high surrogate
        ("shift_jis", b"\x81", "not valid shift_jis"),
        ("ascii", b"caf\xe9", "not valid ascii: byte 0xe9 at byte offset 3"),
    ],
)
def test_decoding_errors_under_any_codec_are_one_line(tmp_path, encoding, raw, problem):
    talk = tmp_path / "talk.txt"
    talk.write_bytes(raw)
    result = build(talk, "--out", tmp_path / "out", "--encoding", encoding)
    if problem is None:
        assert result.exit_code == 0, result.output
    else:
        assert_one_line_error(result, str(talk), problem)


@pytest.mark.parametrize(
    "metadata, problem",
    [
        ("speakers: " + "[" * 500 + "]" * 500 + "\n", "talk.yaml:1: nested more than 20 levels deep"),
        ("".join("  " * i + "a:\n" for i in range(500)), "talk.yaml:21: nested more than 20 levels deep"),
        ("publisher: " + "9" * 5000 + "\n", "talk.yaml:1: invalid YAML: a number with more than 50 digits"),
        ("a: &x [1]\nb: *x\n", "talk.yaml:1: anchors and aliases"),
    ],
    ids=["flow-500-deep", "block-500-deep", "5000-digits", "alias"],
)
def test_hostile_yaml_is_one_line(tmp_path, metadata, problem):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "talk.yaml").write_text(metadata, encoding="utf-8")
    assert_one_line_error(build(tmp_path / "talk.txt", "--out", tmp_path / "out"), problem)


# --- case 8: wrong data without a word -----------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_work_when_named(tmp_path, codec):
    talk = tmp_path / "talk.txt"
    talk.write_bytes(GOOD.encode(codec))
    out = tmp_path / "out"
    result = build(talk, "--out", out, "--encoding", codec)
    assert result.exit_code == 0, result.output
    assert (out / "data/source/talk.txt").read_text(encoding="utf-8").lstrip("\ufeff") == GOOD
    assert (out / "data/source/original/talk.txt").read_bytes() == talk.read_bytes()
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")])
def test_utf16_and_utf32_are_detected_from_a_byte_order_mark(tmp_path, bom, codec):
    talk = tmp_path / "talk.txt"
    talk.write_bytes(bom + GOOD.encode(codec))
    out = tmp_path / "out"
    result = build(talk, "--out", out)
    assert result.exit_code == 0, result.output
    assert (out / "data/source/talk.txt").read_text(encoding="utf-8") == GOOD
    episode = read_csv((out / "data/episodes.csv").read_bytes())[0]
    assert episode["original_encoding"] == codec[:6] and episode["original_path"] == "data/source/original/talk.txt"
    utf8 = tmp_path / "utf8"
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain/talk.txt").write_text(GOOD, encoding="utf-8")
    build(tmp_path / "plain/talk.txt", "--out", utf8)
    assert (out / "data/turns.csv").read_bytes() == (utf8 / "data/turns.csv").read_bytes()


def test_nul_after_the_first_8kb_is_refused(tmp_path):
    talk = tmp_path / "talk.txt"
    raw = GOOD.encode("utf-8") * 8 + b"More words\x00 and more.\n"
    assert raw.index(b"\x00") > 8192
    talk.write_bytes(raw)
    assert_one_line_error(build(talk, "--out", tmp_path / "out"), f"a NUL byte at byte offset {raw.index(0)}")
    assert not (tmp_path / "out").exists()


def test_nul_in_utf16_text_is_refused():
    with pytest.raises(InputError, match="a NUL character at character 5"):
        decode_transcript("Hello\x00 there\n".encode("utf-16"), "t.txt")


@pytest.mark.parametrize("newline", ["\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\r\n"],
                         ids=["CR", "LS", "PS", "NEL", "VT", "FF", "CRLF"])
def test_other_line_endings_split_paragraphs_like_lf(newline):
    lf = build_files([TranscriptInput("t.txt", GOOD.encode("utf-8"))])[0]
    text = GOOD.replace("\n", newline)
    other = build_files([TranscriptInput("t.txt", text.encode("utf-8"))])[0]
    assert other["data/source/t.txt"] == text.encode("utf-8")  # kept as given
    lf_rows, other_rows = read_csv(lf["data/paragraphs.csv"]), read_csv(other["data/paragraphs.csv"])
    assert len(other_rows) == len(lf_rows) > 1
    for a, b in zip(lf_rows, other_rows):
        assert (a["text"], a["line_number"], a["segment_id"], a["speaker_id"], a["rule"]) == (b["text"], b["line_number"], b["segment_id"], b["speaker_id"], b["rule"])
        assert text[int(b["char_start"]):int(b["char_end"])] == b["text"]  # offsets exact
    for table in ("speakers", "turns", "segments"):
        assert len(read_csv(other[f"data/{table}.csv"])) == len(read_csv(lf[f"data/{table}.csv"])), table


def test_line_breaks_count_as_characters_and_crlf_as_one_line():
    text = "One\r\nTwo\u2028Three\rFour\x85\n\nSix"
    paragraphs = split_paragraphs(text)
    assert [(p.text, p.line_number) for p in paragraphs] == [("One", 1), ("Two", 2), ("Three", 3), ("Four", 4), ("Six", 7)]
    assert all(text[p.start:p.end] == p.text for p in paragraphs)


def test_decomposed_names_are_labels_and_match_metadata_in_nfc(tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "José Núñez")
    text = (f"A talk about farms\n\n{nfd}: Why do farmers worry?\nAna Silva: Because it is dry.\n"
            f"{nfd}: What comes next?\nAna Silva: More rain, we hope.\n")
    metadata = "speakers:\n  - name: José Núñez\n    role: host\n"  # NFC
    files, _ = build_files([TranscriptInput("t.txt", text.encode("utf-8"), "t.yaml", metadata)])
    speakers = read_csv(files["data/speakers.csv"])
    assert [(s["name"], s["role"]) for s in speakers] == [("José Núñez", "host"), ("Ana Silva", "guest")]  # one person, in NFC
    assert files["data/source/t.txt"] == text.encode("utf-8")  # the text is kept exactly


def test_duplicate_yaml_keys_name_both_lines():
    with pytest.raises(InputError) as info:
        parse_metadata("publisher: A\nsource_url: https://example.org\npublisher: B\n", "talk.yaml")
    assert str(info.value) == "talk.yaml:3: duplicate key 'publisher' (first given on line 1)"
    with pytest.raises(InputError, match=r"talk.yaml:4: duplicate key 'role' \(first given on line 3\)"):
        parse_metadata("speakers:\n  - name: A\n    role: host\n    role: guest\n", "talk.yaml")


def test_a_huge_metadata_file_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    with open(tmp_path / "talk.yaml", "wb") as handle:
        handle.truncate(100_000_000)  # sparse: 100 MB that take no disk
    result = build(tmp_path / "talk.txt", "--out", tmp_path / "out")
    assert_one_line_error(result, "talk.yaml: metadata file is 100,000,000 bytes; the limit is 1,000,000 bytes")


def test_output_modes_are_fixed_whatever_the_umask(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    old = os.umask(0)
    try:
        assert build(tmp_path / "talk.txt", "--out", out).exit_code == 0
    finally:
        os.umask(old)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")]}
    assert {mode for rel, mode in modes.items() if (out / rel).is_dir()} == {0o755}
    assert {mode for rel, mode in modes.items() if (out / rel).is_file()} == {0o644}
