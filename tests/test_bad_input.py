"""Bad input: one clear message naming the file and the problem, a non-zero exit,
and nothing written into the output folder."""

import random

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()
GOOD = (FIXTURES / "page_style.txt").read_text(encoding="utf-8")


def build(args):
    return runner.invoke(app, ["build", *map(str, args)])


def assert_refused(result, out, *needles):
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for needle in needles:
        assert needle in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "file is empty"),
        (b" \n\t\r\n  \n", "file holds only whitespace"),
        (random.Random(0).randbytes(4096), "looks binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "looks binary"),
        ("Ann Host: Caf\u00e9?\n".encode("cp1252"), "not valid utf-8: byte 0xe9 at byte offset 13"),
    ],
    ids=["empty", "whitespace", "random-bytes", "pdf", "cp1252"],
)
def test_bad_transcripts(tmp_path, content, problem):
    talk = tmp_path / "talk.txt"
    talk.write_bytes(content)
    out = tmp_path / "out"
    assert_refused(build([talk, "--out", out]), out, str(talk), problem)


def test_encoding_option_keeps_original_bytes_and_both_hashes(tmp_path):
    import hashlib
    import json

    talk = tmp_path / "talk.txt"
    original = GOOD.replace("Tom Reed: How bad", "Tom Reed: Caf\u00e9 owners ask: how bad").encode("cp1252")
    talk.write_bytes(original)
    out = tmp_path / "out"
    result = build([talk, "--out", out, "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    text = (out / "data/source/talk.txt").read_bytes()
    assert text.decode("utf-8") == original.decode("cp1252")
    assert (out / "data/source/original/talk.txt").read_bytes() == original
    episodes = (out / "data/episodes.csv").read_text(encoding="utf-8")
    assert hashlib.sha256(text).hexdigest() in episodes and hashlib.sha256(original).hexdigest() in episodes
    assert ",cp1252,data/source/original/talk.txt," in episodes
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    assert json.loads((out / "datapackage.json").read_text())["resources"]


def test_missing_path_and_folder(tmp_path):
    out = tmp_path / "out"
    assert_refused(build([tmp_path / "nope.txt", "--out", out]), out, "nope.txt: no such file")
    # A folder is searched for transcripts (see test_corpus.py); one without any is refused.
    assert_refused(build([tmp_path, "--out", out]), out, "holds no transcripts")


@pytest.mark.parametrize(
    "metadata, problem",
    [
        ("source_url: [oops\n", "talk.yaml:2: invalid YAML"),
        ("publisher: X\nbroadcst_date: 2021-06-11\n", "talk.yaml:2: unknown key 'broadcst_date'"),
        ("broadcast_date: June 11\n", "talk.yaml:1: broadcast_date 'June 11' is not a date"),
        ("annotations:\n  - match: Words that are nowhere\n    speaker: Tom Reed\n    reason: test\n", "talk.yaml:2: annotation 'Words that are nowhere' matches no interview paragraph"),
        ("annotations:\n  - match: What should farmers\n    speaker: Nobody Known\n    reason: test\n", "talk.yaml:2: annotation names speaker 'Nobody Known', who is not defined"),
    ],
    ids=["yaml", "unknown-key", "date", "no-match", "unknown-speaker"],
)
def test_broken_metadata(tmp_path, metadata, problem):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "talk.yaml").write_text(metadata, encoding="utf-8")
    out = tmp_path / "out"
    assert_refused(build([tmp_path / "talk.txt", "--out", out]), out, problem)


def test_transcript_without_speakers_builds_without_turns(tmp_path):
    talk = tmp_path / "story.txt"
    talk.write_text("A headline\n\nA story with no interview in it. It has 3 figures: 1990s, 40 percent and 2018.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build([talk, "--out", out])
    assert result.exit_code == 0
    assert "no speaker label found; the package has no turns" in result.output
    assert (out / "data/turns.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_unwritable_output_folder(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = build([tmp_path / "talk.txt", "--out", blocker / "pkg"])
    assert result.exit_code == 1 and "cannot write the output folder" in result.output
    assert "Traceback" not in result.output


def test_output_folder_that_is_not_a_package_is_not_replaced(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.docx").write_text("years of work")
    result = build([tmp_path / "talk.txt", "--out", out])
    assert result.exit_code == 1 and "holds thesis.docx, a file companion did not write; refusing to replace the folder" in result.output
    assert (out / "thesis.docx").read_text() == "years of work"


def test_very_large_transcript_is_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    line = "Ann Host: " + "word " * 200 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    out = tmp_path / "out"
    assert_refused(build([big, "--out", out]), out, "the limit is 10,000,000 bytes")


def test_metadata_that_is_not_utf8(tmp_path):
    (tmp_path / "talk.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "talk.yaml").write_bytes("publisher: Caf\u00e9 Radio\n".encode("cp1252"))
    out = tmp_path / "out"
    assert_refused(build([tmp_path / "talk.txt", "--out", out]), out, "talk.yaml: metadata is not valid UTF-8 (byte offset 14)")
