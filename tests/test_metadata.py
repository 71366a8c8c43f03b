import pytest

from companion.errors import InputError
from companion.metadata import parse_metadata


def test_full_metadata_is_parsed():
    meta = parse_metadata(
        "episode_id: ep-1\nsource_url: https://example.org/a\nbroadcast_date: 2021-06-11\n"
        "speakers:\n  - name: Ann Host\n    role: host\n"
        "annotations:\n  - match: Some words\n    speaker: Ann Host\n    reason: checked\n"
        "links:\n  - title: A story\n    url: https://example.org/b\n",
        "m.yaml",
    )
    assert meta.episode == {"episode_id": "ep-1", "source_url": "https://example.org/a", "broadcast_date": "2021-06-11"}
    assert meta.speakers[0].role == "host" and meta.annotations[0].line == 8
    assert meta.links == {"A story": "https://example.org/b"}


def test_empty_metadata_is_fine():
    assert parse_metadata("# nothing yet\n", "m.yaml").episode == {}


@pytest.mark.parametrize(
    "text, problem, line",
    [
        ("source_url: [unclosed\n", "invalid YAML", 2),
        ("source_url: https://example.org\nbroadcst_date: 2021-06-11\n", "unknown key 'broadcst_date'", 2),
        ("broadcast_date: 6/11/2021\n", "is not a date", 1),
        ("broadcast_date: 2021-02-30\n", "is not a date", 1),
        ("speakers:\n  - name: X\n    role: pundit\n", "role 'pundit'", 2),
        ("annotations:\n  - match: Hi\n    speaker: X\n", "needs a non-empty 'reason'", 2),
        ("links:\n  - title: A\n    url: not-a-url\n", "http(s) url", 2),
        ("- just\n- a list\n", "must be a mapping", 1),
    ],
)
def test_broken_metadata_names_file_and_line(text, problem, line):
    with pytest.raises(InputError) as info:
        parse_metadata(text, "talk.yaml")
    assert problem in info.value.problem
    assert (info.value.path, info.value.line) == ("talk.yaml", line)
    assert str(info.value).startswith(f"talk.yaml:{line}: ")
