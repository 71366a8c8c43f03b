"""Published transcript formats: detection, speakers and times from the file's own markup,
offsets on the spoken words only, and nothing taken from timing or markup."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, read_csv

from companion.errors import InputError
from companion.output import read_input, write_package
from companion.package import TranscriptInput, build_files
from companion.readers import Format, decode_slice, detect_format, read_transcript
from companion.schemas import enum
from companion.source import collapse_whitespace
from companion.validate import validate_package

FORMATS = FIXTURES / "formats"
ALL = sorted(p for part in ("dev", "heldout") for p in (FORMATS / part).iterdir() if not p.name.endswith(".gold.csv"))
EXPECTED = {".srt": "srt", ".vtt": "webvtt", ".json": "json", ".html": "html", ".md": "markdown", ".txt": "export"}


def tables_of(files: dict[str, bytes]) -> dict[str, list[dict]]:
    return {k[5:-4]: read_csv(v) for k, v in files.items() if k.startswith("data/") and k.endswith(".csv")}


@pytest.fixture(scope="module")
def built():
    """Every format fixture in one package (episode ids are the file names)."""
    files, _ = build_files([read_input(p) for p in ALL])
    return files, tables_of(files)


def test_format_names_agree_with_the_schema():
    assert enum("episodes", "source_format") == tuple(f.value for f in Format)
    assert "format_label" in enum("paragraphs", "rule")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_each_fixture_is_detected_as_its_format(path):
    text = path.read_text(encoding="utf-8")
    assert detect_format(text, path.suffix, path).value == EXPECTED[path.suffix]
    assert detect_format(text, "", path).value == EXPECTED[path.suffix]  # from the content alone


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")) + sorted((ROOT / "data/source").glob("*.txt")), ids=lambda p: p.name)
def test_plain_text_transcripts_stay_plain_text(path):
    assert detect_format(path.read_text(encoding="utf-8"), ".txt", path) == Format.TEXT


def test_the_package_of_every_format_validates(built, tmp_path):
    files, tables = built
    write_package(files, tmp_path / "pkg")
    assert validate_package(tmp_path / "pkg" / "datapackage.json") == []
    formats = {e["episode_id"]: e["source_format"] for e in tables["episodes"]}
    assert set(formats.values()) == set(EXPECTED.values())
    for e in tables["episodes"]:
        assert e["source_path"].endswith({"export": ".txt", "webvtt": ".vtt", "markdown": ".md"}.get(e["source_format"], "." + e["source_format"]))


def test_no_text_comes_from_timing_numbering_or_markup(built):
    _, tables = built
    markup = re.compile(r"-->|^\d+$|\"(?:startTime|endTime|body|speaker)\"|<(?:v|c|i|b|cite|time|p)\b|</|WEBVTT|&(?:amp|lt|gt|quot|#\d+);|\\\[|\*\*")
    for table in ("paragraphs", "turns", "segments"):
        for row in tables[table]:
            assert not markup.search(row["text"]), (table, row["text"])
    episodes = {e["episode_id"]: e for e in tables["episodes"]}
    for e in episodes.values():
        assert e["title"] in ("",) or not re.search(r"\d:\d\d|WEBVTT|-->", e["title"]), e["title"]


def test_no_figure_comes_from_timing(built):
    files, tables = built
    episodes = {e["episode_id"]: e for e in tables["episodes"]}
    for f in tables["figures"]:
        source = files[episodes[f["episode_id"]]["source_path"]].decode("utf-8")
        start, end = int(f["char_start"]), int(f["char_end"])
        for line_start in (source.rfind("\n", 0, start) + 1, source.rfind("\n", 0, end - 1) + 1):
            line = source[line_start:source.find("\n", line_start) % (len(source) + 1)]
            assert "-->" not in line and not re.fullmatch(r"\s*\d+\s*", line), f
        assert not re.fullmatch(r"\d+:\d\d(?::\d\d)?(?:[.,]\d+)?", f["text"]), f


def test_offsets_cover_the_spoken_words_only(built):
    files, tables = built
    episodes = {e["episode_id"]: e for e in tables["episodes"]}
    for p in tables["paragraphs"]:
        e = episodes[p["episode_id"]]
        source = files[e["source_path"]].decode("utf-8")
        piece = source[int(p["char_start"]):int(p["char_end"])]
        assert collapse_whitespace(decode_slice(e["source_format"], piece)) == collapse_whitespace(p["text"])
        if p["rule"] == "format_label":  # the label lies before the words, never inside
            assert not piece.startswith(("<v", "[", "-", ">>", "**", "__", '"')), piece


def cross_check_with(path, expected_cues, key):
    reading = read_transcript(path.read_text(encoding="utf-8-sig"), detect_format(path.read_text(encoding="utf-8"), path.suffix))
    starts = {p.start_time for p in reading.paragraphs}
    ends = {p.end_time for p in reading.paragraphs}
    text = " ".join(collapse_whitespace(p.text) for p in reading.paragraphs)
    for start, end, words in expected_cues:
        assert collapse_whitespace(words) in text, (key, words)
    cue_starts = {start for start, _, _ in expected_cues}
    cue_ends = {end for _, end, _ in expected_cues}
    assert starts <= cue_starts and ends <= cue_ends  # every paragraph starts and ends on a cue boundary
    assert min(starts) == min(cue_starts) and max(ends) == max(cue_ends)


@pytest.mark.parametrize("path", sorted(FORMATS.glob("*/*.srt")), ids=lambda p: p.name)
def test_srt_times_and_words_agree_with_the_srt_library(path):
    import srt

    cues = []
    for sub in srt.parse(path.read_text(encoding="utf-8-sig")):
        for line in re.sub(r"<[^>]*>", "", sub.content).splitlines():
            words = re.sub(r"^(?:-|>>)?\s*(?:[A-Z][\w ]*:|\[[A-Z][\w ]*\])?\s*", "", line)
            cues.append((sub.start.total_seconds(), sub.end.total_seconds(), words))
    cross_check_with(path, cues, path.name)


@pytest.mark.parametrize("path", sorted(FORMATS.glob("*/*.vtt")), ids=lambda p: p.name)
def test_webvtt_times_voices_and_words_agree_with_webvtt_py(path):
    import html

    import webvtt

    captions = webvtt.from_string(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    cues = []
    for c in captions:
        for line in c.text.splitlines():
            cues.append((c.start_in_seconds + int(c.start.split(".")[-1]) / 1000, c.end_in_seconds + int(c.end.split(".")[-1]) / 1000, html.unescape(line)))
    cross_check_with(path, cues, path.name)
    reading = read_transcript(path.read_text(encoding="utf-8"), "webvtt")
    for c in captions:
        if c.voice:  # the cue's first voice is the speaker of the paragraph holding its first words
            first = html.unescape(c.text.splitlines()[0])
            holder = next(p for p in reading.paragraphs if collapse_whitespace(first) in collapse_whitespace(p.text))
            assert holder.speaker == c.voice


def test_speaker_change_inside_a_cue_splits_it():
    text = "1\n00:00:01,000 --> 00:00:03,000\n- ANNA: Are you ready?\n- BEN: I think so.\n"
    reading = read_transcript(text, "srt")
    assert [(p.speaker, p.text, p.start_time, p.end_time) for p in reading.paragraphs] == [
        ("ANNA", "Are you ready?", 1.0, 3.0), ("BEN", "I think so.", 1.0, 3.0)]
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Anna>Ready?</v> <v Ben>Yes.\n"
    assert [(p.speaker, p.text) for p in read_transcript(vtt, "webvtt").paragraphs] == [("Anna", "Ready?"), ("Ben", "Yes.")]


def test_a_cue_split_mid_sentence_joins_its_paragraph():
    text = ("WEBVTT\n\n00:00.000 --> 00:02.000\n<v Ana>We counted forty\n\n"
            "00:02.000 --> 00:04.000\nbirds on the roof.\n\n00:04.500 --> 00:06.000\n<v Ben>Forty?\n")
    paragraphs = read_transcript(text, "webvtt").paragraphs
    assert [(p.speaker, p.text, p.start_time, p.end_time) for p in paragraphs] == [
        ("Ana", "We counted forty birds on the roof.", 0.0, 4.0), ("Ben", "Forty?", 4.5, 6.0)]
    first = paragraphs[0]
    assert first.span(first.text.index("forty"), first.text.index("forty") + 5) == (text.index("forty"), text.index("forty") + 5)
    assert first.span(first.text.index("birds"), len(first.text)) == (text.index("birds"), text.index("roof.") + 5)


def test_json_escapes_are_decoded_and_offsets_cover_the_string_content():
    text = '{"version": "1.0.0", "segments": [{"speaker": "Ren\\u00e9e", "startTime": 1, "endTime": 2.5, "body": "She said \\"caf\\u00e9\\" twice."}]}'
    (p,) = read_transcript(text, "json").paragraphs
    assert (p.speaker, p.text, p.start_time, p.end_time) == ("Renée", 'She said "café" twice.', 1.0, 2.5)
    assert text[p.start - 1] == '"' and text[p.end] == '"'
    assert json.loads('"' + text[p.start:p.end] + '"') == p.text == decode_slice("json", text[p.start:p.end])
    i = p.text.index("café")
    assert text[slice(*p.span(i, i + 4))] == "caf\\u00e9"


def test_word_level_json_is_grouped_into_sentences():
    words = [("Ana", "Rain"), ("Ana", "again."), ("Ana", "Is"), ("Ana", "it"), ("Ana", "cold?"), ("Ben", "Very.")]
    segments = [{"speaker": s, "startTime": i, "endTime": i + 0.5, "body": w} for i, (s, w) in enumerate(words)]
    text = json.dumps({"version": "1.0.0", "segments": segments})
    paragraphs = read_transcript(text, "json").paragraphs
    assert [(p.speaker, p.text, p.start_time, p.end_time) for p in paragraphs] == [
        ("Ana", "Rain again.", 0.0, 1.5), ("Ana", "Is it cold?", 2.0, 4.5), ("Ben", "Very.", 5.0, 5.5)]
    assert decode_slice("json", text[paragraphs[1].start:paragraphs[1].end]) == "Is it cold?"


def test_html_entities_cite_and_time():
    text = "<cite>Kevin :</cite>\n<time>1:02:03</time>\n<p>Fish &amp; chips &ndash; for 2&nbsp;people.</p>"
    (p,) = read_transcript(text, "html").paragraphs
    assert (p.speaker, p.start_time, p.text) == ("Kevin", 3723.0, "Fish & chips – for 2 people.")
    assert collapse_whitespace(decode_slice("html", text[p.start:p.end])) == collapse_whitespace(p.text)


def test_crlf_and_byte_order_mark_keep_offsets_exact():
    raw = "\ufeff1\r\n00:00:00,000 --> 00:00:01,500\r\nOla: Hello there,\r\nfriend.\r\n".encode("utf-8")
    files, _ = build_files([TranscriptInput("talk.srt", raw)])
    source = files["data/source/talk.srt"].decode("utf-8")
    (p,) = read_csv(files["data/paragraphs.csv"])
    assert source[int(p["char_start"]):int(p["char_end"])] == "Hello there,\r\nfriend."
    assert p["text"] == "Hello there, friend." and p["end_time"] == "1.5"


def test_markdown_labels_timestamps_and_heading():
    text = "# Rivers\n\n**Ana Souza:** \\[00:02:15\\] Rivers move.\n__Tom:__ Do they?\n"
    reading = read_transcript(text, "markdown")
    assert reading.title == "Rivers"
    assert [(p.kind, p.speaker, p.start_time, p.text) for p in reading.paragraphs] == [
        ("headline", None, None, "Rivers"), (None, "Ana Souza", 135.0, "Rivers move."), (None, "Tom", None, "Do they?")]


def test_export_speaker_lines_and_otter_footer():
    text = "Ana Souza  0:22\nRivers move.\n\nTom  1:02:03\nDo they?\n\nTranscribed by https://otter.ai\n"
    paragraphs = read_transcript(text, "export").paragraphs
    assert [(p.speaker, p.start_time, p.kind, p.text) for p in paragraphs] == [
        ("Ana Souza", 22.0, None, "Rivers move."), ("Tom", 3723.0, None, "Do they?"),
        (None, None, "other", "Transcribed by https://otter.ai")]


def test_episode_facts_from_the_file(built):
    _, tables = built
    episodes = {e["episode_id"]: e for e in tables["episodes"]}
    assert episodes["lighthouse"]["language"] == "en-GB"
    assert episodes["lighthouse"]["duration_seconds"] == "72.25"
    assert episodes["lighthouse"]["title"] == ""  # not "WEBVTT", not a timecode
    assert episodes["radio_museum"]["title"] == "The Radio Museum"
    assert episodes["seedlibrary"]["title"] == "Seed Library, episode 9: Beans that travel"
    speakers = {(s["episode_id"], s["name"]) for s in tables["speakers"]}
    assert ("nightmarket", "Renée Dubois") in speakers and ("orchard_otter", "Pete Collins") in speakers


def test_turns_of_cues_carry_their_times(built):
    _, tables = built
    turns = [t for t in tables["turns"] if t["episode_id"] == "beekeeping"]
    assert [(t["start_time"], t["end_time"]) for t in turns][:2] == [("0", "6.9"), ("7.2", "12.01")]


@pytest.mark.parametrize("name, text, problem", [
    ("talk.srt", "Just some words.\nMore words.\n", "the name says srt"),
    ("talk.json", "Not JSON at all\n", "the name says json"),
    ("talk.json", '{"version": "1.0.0", "items": []}', "not a Podcasting 2.0 transcript"),
    ("talk.json", '{"segments": [\n{"body": "a"},\n{"body": }]}', "not valid JSON"),
    ("talk.json", '[{"start": 0, "text": "hi"}]', "not a Podcasting 2.0 transcript"),
    ("talk.vtt", "WEBVTT\nKind: chapters\n\n00:00.000 --> 00:10.000\nIntro\n", "not a transcript of speech"),
    ("talk.txt", "**Ana:** Hi.\n**Ben:** Hello.\nAna  0:22\nBen  0:30\n", "ambiguous format"),
])
def test_unknown_or_ambiguous_files_are_refused_naming_the_formats(name, text, problem):
    with pytest.raises(InputError) as info:
        build_files([TranscriptInput(name, text.encode("utf-8"))])
    message = str(info.value)
    assert message.startswith(f"{name}") and problem in message
    if "name says" in problem or "ambiguous" in problem:
        assert "formats tried: webvtt, json, html, srt, export, markdown, text" in message


def test_format_option_overrides_detection():
    raw = (FORMATS / "dev" / "beekeeping.srt").read_bytes()
    files, _ = build_files([TranscriptInput("bees.txt", raw)], fmt="text")
    (episode,) = read_csv(files["data/episodes.csv"])
    assert episode["source_format"] == "text" and episode["title"] == "1"  # what the plain-text reader makes of it
    files, _ = build_files([TranscriptInput("bees.txt", raw)], fmt="srt")
    assert read_csv(files["data/episodes.csv"])[0]["source_format"] == "srt"
    with pytest.raises(InputError, match="unknown format 'subrip'"):
        build_files([TranscriptInput("bees.txt", raw)], fmt="subrip")


def test_validate_checks_each_format_rule(built, tmp_path):
    files, _ = built
    write_package(files, tmp_path / "pkg")
    paragraphs = tmp_path / "pkg" / "data" / "paragraphs.csv"
    rows = read_csv(paragraphs.read_bytes())
    victim = next(i for i, r in enumerate(rows) if r["episode_id"] == "nightmarket")
    rows[victim]["text"] = rows[victim]["text"].replace("Night Market", "Day Market")
    turns_path = tmp_path / "pkg" / "data" / "turns.csv"
    turns = read_csv(turns_path.read_bytes())
    t = next(i for i, r in enumerate(turns) if r["episode_id"] == "lighthouse")
    turns[t]["text"] += " and more"
    for path, table in ((paragraphs, rows), (turns_path, turns)):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        path.write_text(out.getvalue(), encoding="utf-8")
    problems = validate_package(tmp_path / "pkg" / "datapackage.json")
    assert any(p.startswith(f"paragraphs row {victim + 2} field text") and "read as json" in p for p in problems), problems
    assert any(p.startswith(f"turns row {t + 2} field text: does not equal the words of its paragraphs") for p in problems), problems


def runs(turns: list[dict], names: dict[str, str]) -> list[tuple]:
    """Turns as (speaker, words, start, end), consecutive turns of one speaker joined
    (an export has no sound cues or page labels between them)."""
    out = []
    for t in turns:
        words = collapse_whitespace(t["text"])
        start = float(t["start_time"]) if t["start_time"] else None
        end = float(t["end_time"]) if t["end_time"] else None
        if out and out[-1][0] == names[t["speaker_id"]]:
            out[-1] = (out[-1][0], out[-1][1] + " " + words, out[-1][2], end)
        else:
            out.append((names[t["speaker_id"]], words, start, end))
    return out


def test_podcasting20_export_round_trips_through_the_readers(built, tmp_path):
    from companion.writers import export, read_package

    files, tables = built
    write_package(files, tmp_path / "pkg")
    export("podcasting20", read_package(tmp_path / "pkg" / "datapackage.json"), tmp_path / "out")
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    checked = set()
    for episode in tables["episodes"]:
        eid = episode["episode_id"]
        original = runs([t for t in tables["turns"] if t["episode_id"] == eid], names)
        exported = sorted((tmp_path / "out").glob(f"{eid}.*"))
        suffixes = {p.suffix for p in exported}
        assert {".json", ".html"} <= suffixes
        timed = all(t["start_time"] and t["end_time"] for t in tables["turns"] if t["episode_id"] == eid)
        assert ({".srt", ".vtt"} <= suffixes) == timed
        for path in exported:
            again, _ = build_files([read_input(path)])
            t = tables_of(again)
            assert t["episodes"][0]["source_format"] == EXPECTED[path.suffix]
            back = runs(t["turns"], {s["speaker_id"]: s["name"] for s in t["speakers"]})
            if path.suffix == ".html":  # HTML keeps start times only
                original_here = [(s, w, a, None) for s, w, a, _ in original]
            else:
                original_here = original
            assert back == original_here, (path.name, back, original_here)
            checked.add(path.suffix)
    assert checked == {".json", ".html", ".srt", ".vtt"}


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORD = st.text(alphabet="abcdefgXYZé0123456789&\"'.,?!—$%\\/", min_size=1, max_size=8)
_TURN = st.tuples(
    st.sampled_from(["Ana Souza", "Tom Reyes", "Li Wei", "Speaker 2"]),
    st.lists(_WORD, min_size=1, max_size=12).map(lambda ws: "Word " + " ".join(ws)),
    st.integers(0, 5000), st.integers(1, 3000),
)


@given(st.lists(_TURN, min_size=1, max_size=6))
def test_every_character_of_every_paragraph_maps_back_to_its_source(raw_turns):
    """Whatever the words (entities, escapes, quotes, backslashes), each character of a
    paragraph's text comes from the source by its offsets, and the format's rule agrees."""
    from companion.writers import podcasting20

    turns, t = [], 0.0
    for name, text, gap, length in raw_turns:
        start = round(t + gap / 1000, 3)
        end = round(start + length / 1000, 3)
        turns.append({"name": name, "text": text, "start_time": start, "end_time": end})
        t = end
    for fmt, render in (("json", podcasting20.to_json), ("html", podcasting20.to_html), ("webvtt", podcasting20.to_vtt)):
        source = render(turns)
        paragraphs = read_transcript(source, fmt).paragraphs
        for p in paragraphs:
            assert collapse_whitespace(decode_slice(fmt, source[p.start:p.end])) == collapse_whitespace(p.text)
            for i, char in enumerate(p.text):
                if not char.isspace():
                    assert decode_slice(fmt, source[slice(*p.span(i, i + 1))]) == char, (fmt, p.text, i)
        words = collapse_whitespace(" ".join(p.text for p in paragraphs))
        assert words == collapse_whitespace(" ".join(t["text"] for t in turns)), fmt
        assert {p.speaker for p in paragraphs} <= {t["name"] for t in turns}


def test_a_file_of_cues_without_words_builds_with_a_warning():
    files, reports = build_files([TranscriptInput("empty.json", b'{"version": "1.0.0", "segments": []}')])
    assert read_csv(files["data/episodes.csv"])[0]["paragraph_count"] == "0"
    assert any("no words found in this json file" in w for w in reports[0].warnings)
