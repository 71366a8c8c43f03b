import pytest

from companion.timecodes import TIMECODE, format_timecode, parse_timecode


@pytest.mark.parametrize("text, seconds", [
    ("0:22", 22.0), ("1:02:03", 3723.0), ("00:00:04,799", 4.799), ("01:02.500", 62.5),
    ("1:02:03.19", 3723.19), ("12:34", 754.0), ("100:00", 6000.0),
])
def test_parse_timecode(text, seconds):
    assert parse_timecode(text) == seconds


@pytest.mark.parametrize("text", ["", "22", "1:2", "1:60", "a:bc", "1:02:03:04", "1.5", "1:02:3"])
def test_not_a_timecode(text):
    assert parse_timecode(text) is None


def test_timecodes_are_found_whole_in_text():
    found = [m.group(0) for m in TIMECODE.finditer("at 00:16:37.19 and [29:32], not 3.14 or 1,000")]
    assert found == ["00:16:37.19", "29:32"]


@pytest.mark.parametrize("seconds", [0.0, 4.799, 62.5, 3723.19, 86399.999])
def test_format_round_trips(seconds):
    assert parse_timecode(format_timecode(seconds)) == seconds
    assert parse_timecode(format_timecode(seconds, ",")) == seconds
