"""The per-episode pure function, its CSV lines, its serialisation, and the
faster helpers that replaced per-token and per-character loops."""

import csv
import io
import re

import pytest
from conftest import FIXTURES, ROOT
from hypothesis import given
from hypothesis import strategies as st

from companion.episode import word_count
from companion.episode_output import EpisodeOutput, TableChunk, build_episode_output, encode_rows, format_value, header_line
from companion.output import read_input
from companion.package import TranscriptInput, build_files
from companion.schemas import TABLES, field_names
from companion.source import _control_share

TEXTS = ["npr_style.txt", "pbs_style.txt", "page_style.txt", "figures_style.txt", "odd_but_valid.txt", "odd_but_valid_crlf.txt"]


def reference_csv(table: str, rows: list[dict]) -> bytes:
    """The writer as it was: every cell through format_value, one csv.writer."""
    columns = field_names(table)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([format_value(row[c]) for c in columns])
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("name", TEXTS)
def test_csv_lines_equal_the_reference_writer(name):
    from companion.episode import build_episode
    from companion.metadata import Metadata, parse_metadata
    from companion.source import decode_transcript

    item = read_input(FIXTURES / name)
    metadata = parse_metadata(item.metadata_text, item.metadata_path) if item.metadata_text else Metadata()
    facts = {"episode_id": "x", "source_path": "data/source/x.txt", "original_encoding": "utf-8",
             "source_sha256": "0", "original_sha256": "0", "original_path": None}
    rows, _ = build_episode(decode_transcript(item.raw, name).text, facts, metadata)
    for table in TABLES:
        chunk = encode_rows(table, rows[table])
        assert header_line(table) + chunk.body == reference_csv(table, rows[table])
        assert chunk.rows == len(rows[table])


def test_cells_of_unusual_types_are_written_like_format_value():
    row = {name: None for name in field_names("figures")}
    row.update(value=3.0, value_min=0.25, value_max=1e20, is_range=False, is_approximate=True, position=7, text="=1+1")
    assert header_line("figures") + encode_rows("figures", [row]).body == reference_csv("figures", [row])
    with pytest.raises(ValueError, match="differ from the schema"):
        encode_rows("figures", [{**row, "extra": 1}])


@given(st.text(alphabet=st.sampled_from(list("ab1_ -–…\t\n\x1c\x85\u00a0\u2003.,!?'\"") + ["é", "ب", "7"]), max_size=60))
def test_word_count_equals_the_per_token_loop(text):
    assert word_count(text) == sum(1 for w in text.split() if re.search(r"\w", w))


@given(st.text(alphabet=st.characters(max_codepoint=40), max_size=80))
def test_control_share_equals_the_per_character_loop(text):
    expected = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v") / max(len(text), 1)
    assert _control_share(text) == expected


def test_output_survives_serialisation_and_rejects_damage():
    output = build_episode_output(read_input(FIXTURES / "page_style.txt"))
    data = output.to_bytes()
    assert EpisodeOutput.from_bytes(data) == output
    damaged = bytearray(data)
    damaged[-10] ^= 1
    with pytest.raises(ValueError, match="damaged"):
        EpisodeOutput.from_bytes(bytes(damaged))
    with pytest.raises(ValueError):
        EpisodeOutput.from_bytes(data[:-1])
    with pytest.raises(ValueError):
        EpisodeOutput.from_bytes(b"something else")


@given(st.integers(min_value=0, max_value=5))
def test_a_chunk_splits_at_row_boundaries(rows):
    chunk = build_episode_output(read_input(FIXTURES / "odd_but_valid.txt")).tables["paragraphs"]
    rows = min(rows, chunk.rows)
    head, tail = chunk.split(rows)
    assert head.body + tail.body == chunk.body and head.rows == rows and head.rows + tail.rows == chunk.rows
    parsed = list(csv.reader(io.StringIO(head.body.decode("utf-8"), newline="")))
    assert len(parsed) == rows
    assert TableChunk(tail.body, tail.rows).split(0)[1] == tail


def test_a_split_respects_newlines_and_carriage_returns_inside_cells():
    rows = [{name: None for name in field_names("links")} for _ in range(4)]
    for n, row in enumerate(rows):
        row.update(link_id=f"x:link:{n}", episode_id="x", segment_id="s", position=n, kind="audio",
                   title=["a\nb", "c\rd", "e\r\nf", "plain"][n], char_start=0, char_end=1)
    chunk = encode_rows("links", rows)
    for k in range(5):
        head, tail = chunk.split(k)
        assert head.body + tail.body == chunk.body
        assert len(list(csv.reader(io.StringIO(head.body.decode(), newline="")))) == k


def test_one_copy_of_a_utf8_source():
    raw = (FIXTURES / "npr_style.txt").read_bytes()
    output = build_episode_output(TranscriptInput("npr_style.txt", raw))
    assert output.files["data/source/npr_style.txt"] is raw


def test_build_files_is_the_assembled_episode_outputs():
    from companion import package_metadata

    meta = package_metadata.read(ROOT / "data/source/package.yaml")
    files, _ = build_files([read_input(ROOT / "data/source/theworld-2021-06-11-khalilzad.txt")], package=meta)
    for rel, data in files.items():
        assert (ROOT / rel).read_bytes() == data, rel
