"""A fuzzing target over the whole CLI surface: `build` on random bytes and
random metadata YAML, `validate` on random descriptors. Whatever the input,
the command ends within its time budget with exit status 0 or 1, never a
traceback, and a refusal is one line (build) or lines naming where (validate);
a package that builds validates, damaged files of every format included.

Repeatable examples by default; HYPOTHESIS_PROFILE=explore searches afresh.
Crashes it finds are saved by hand, in our own words, in tests/fixtures/hostile/.
"""

import contextlib
import json
import shutil
import signal
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from companion.cli import app

runner = CliRunner()
BUDGET = 20  # seconds per example: a hang or a quadratic blow-up fails, noise on a busy machine does not
EXAMPLES = max(10, settings.default.max_examples // 10)  # 15 in the repeatable profile, 200 under explore
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=BUDGET),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
GOOD = (FIXTURES / "page_style.txt").read_bytes()


@contextlib.contextmanager
def time_budget(seconds: int):
    """Interrupt an example that runs past its budget (a blocking read, say)."""
    def expired(signum, frame):
        raise TimeoutError(f"example ran past its {seconds} s budget")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*args):
    with time_budget(BUDGET):
        result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def assert_build_outcome(result, out: Path, must_validate: bool = True):
    if result.exit_code == 1:
        errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and result.output.strip().splitlines()[-1].startswith("error: "), result.output
        assert not out.exists()  # nothing written
    elif must_validate:
        assert invoke("validate", out).exit_code == 0, "a package the tool built does not validate"
    else:
        invoke("validate", out)  # still no traceback and no hang


# --- build on random bytes ---------------------------------------------------------

text_bytes = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([GOOD[:800], GOOD]), st.binary(max_size=40), st.integers(0, 800))
      .map(lambda t: t[0][:t[2]] + t[1] + t[0][t[2]:]),  # a good transcript with random bytes spliced in
    st.tuples(st.text(max_size=600), st.sampled_from(["utf-16", "utf-32", "utf-16-be", "utf-8-sig", "cp1252", "latin-1"]))
      .map(lambda t: t[0].encode(t[1], "replace")),
)


@FUZZ
@given(raw=text_bytes, encoding=st.sampled_from([None, None, "utf-8", "cp1252", "utf-16", "utf-32", "utf-7", "shift_jis", "rot13", "base64"]))
def test_build_on_random_bytes(raw, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        talk, out = Path(tmp) / "talk.txt", Path(tmp) / "out"
        talk.write_bytes(raw)
        result = invoke("build", talk, "--out", out, *(["--encoding", encoding] if encoding else []))
        assert_build_outcome(result, out)


# --- build on damaged files of every format --------------------------------------------

SHAPED = sorted(p for p in (FIXTURES / "formats" / "dev").iterdir() if p.suffix in (".srt", ".vtt", ".json", ".html", ".md", ".txt"))
pieces = st.sampled_from(["-->", "00:00:01,000 --> 00:00:02,000", "<v Ann>", "<b>", "</p>", "<script>", "{", "}", "[", "]",
                          '"speaker":', '"startTime": 1e999', "**", "\n\n", "\r", "\u2028", "WEBVTT", "NOTE", "&amp;", "&#0;", ":",
                          "\x85", "<head>", '", "body": "', "\n7\n00:00:05,000 --> 00:00:06,000\n"])


@st.composite
def damaged(draw):
    path = draw(st.sampled_from(SHAPED))
    text = path.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 200)))
        text = text[:at] + draw(st.one_of(pieces, st.text(max_size=20), st.just(""))) + text[end:]
    return path.suffix, text.encode("utf-8", "surrogatepass")


@FUZZ
@given(shaped=damaged())
def test_build_on_damaged_files_of_every_format(shaped):
    suffix, raw = shaped
    with tempfile.TemporaryDirectory() as tmp:
        talk, out = Path(tmp) / f"talk{suffix}", Path(tmp) / "out"
        talk.write_bytes(raw)
        # If it builds, it validates: each reader and its format's offset rule read the
        # same blocks and tokens (test_format_rules.py checks many more damaged files, reading only).
        assert_build_outcome(invoke("build", talk, "--out", out), out)


# --- build with random metadata YAML ------------------------------------------------

scalars = st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                    st.sampled_from(["2021-06-11", "2021-02-30", "https://example.org/a", "Tom Reed", "host", "What should farmers"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=20)
keys = st.one_of(st.sampled_from(["episode_id", "source_url", "publisher", "program", "broadcast_date", "title", "summary",
                                  "speakers", "annotations", "links", "name", "role", "match", "speaker", "reason", "url"]),
                 st.text(max_size=10))
documents = st.dictionaries(keys, values, max_size=6).map(lambda d: json.dumps(d, ensure_ascii=False))  # JSON is YAML
raw_yaml = st.one_of(
    documents,
    st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"# \n\t?,%@`0123456789")), max_size=200),
    st.integers(1, 3000).map(lambda n: "speakers: " + "[" * n + "]" * n + "\n"),
    st.integers(1, 300).map(lambda n: "".join("  " * i + "k:\n" for i in range(n))),
    st.tuples(keys, keys).map(lambda k: f"{k[0]}: a\n{k[1]}: b\n"),
)


@FUZZ
@given(metadata=raw_yaml)
def test_build_with_random_metadata(metadata):
    with tempfile.TemporaryDirectory() as tmp:
        talk, out = Path(tmp) / "talk.txt", Path(tmp) / "out"
        talk.write_bytes(GOOD)
        (Path(tmp) / "talk.yaml").write_text(metadata, encoding="utf-8", errors="surrogatepass")
        assert_build_outcome(invoke("build", talk, "--out", out), out)


# --- validate on random descriptors -------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz") / "pkg"
    assert runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)]).exit_code == 0
    return out


hostile_values = st.one_of(
    scalars, values,
    st.sampled_from(["../outside.csv", "/etc/passwd", "/dev/zero", "http://127.0.0.1:9/x.json", "ftp://x/y", "file:///etc/passwd",
                     "~/x", "data/../../x", "data/links.csv", "schemas/turns.schema.json", "data/source/npr_style.txt",
                     "s3://bucket/x", "data/missing.csv", "", "x.zip", "data/links.csv.gz", "(a+)+$", "(a)\\1", "[",
                     "https://datapackage.org/profiles/2.0/datapackage.json"]),
    st.integers(-(10 ** 40), 10 ** 40),
    st.lists(st.sampled_from(["data/links.csv", "../x.csv", "http://x/y.csv"]), max_size=3),
)
paths_in_descriptor = st.sampled_from([
    ("$schema",), ("profile",), ("resources",), ("name",),
    ("resources", 0), ("resources", 1, "path"), ("resources", 2, "schema"), ("resources", 3, "dialect"),
    ("resources", 4, "scheme"), ("resources", 5, "format"), ("resources", 6, "encoding"), ("resources", 0, "compression"),
    ("resources", 1, "$schema"), ("resources", 2, "schema", "fields"), ("resources", 3, "schema", "primaryKey"),
    ("resources", 4, "schema", "fields", 0, "constraints", "pattern"), ("resources", 5, "schema", "foreignKeys"),
    ("resources", 6, "schema", "fields", 1, "type"), ("resources", 0, "path"), ("resources", 1, "dialect", "delimiter"),
])


def put(document, path, value):
    node = document
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
        if isinstance(node, str) and key in ("schema", "dialect"):
            return
    try:
        node[path[-1]] = value
    except (IndexError, TypeError):
        pass


@FUZZ
@given(edits=st.lists(st.tuples(paths_in_descriptor, hostile_values), min_size=1, max_size=4), inline=st.booleans())
def test_validate_on_random_descriptors(built, edits, inline):
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "pkg"
        shutil.copytree(built, package)
        descriptor = json.loads((package / "datapackage.json").read_text())
        if inline:  # schemas inside the descriptor, so that edits reach their fields
            for item in descriptor["resources"]:
                item["schema"] = json.loads((package / item["schema"]).read_text())
        for path, value in edits:
            put(descriptor, path, value)
        (package / "datapackage.json").write_text(json.dumps(descriptor))
        result = invoke("validate", package)
        if result.exit_code == 1:
            problems = [line for line in result.output.splitlines() if line.startswith("  - ")]
            assert problems or result.output.strip(), result.output


@FUZZ
@given(text=st.one_of(st.binary(max_size=400), documents.map(str.encode), st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n)))
def test_validate_on_random_descriptor_bytes(built, text):
    with tempfile.TemporaryDirectory() as tmp:
        package = Path(tmp) / "pkg"
        shutil.copytree(built, package)
        (package / "datapackage.json").write_bytes(text)
        assert invoke("validate", package).exit_code == 1
