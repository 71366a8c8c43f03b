"""Many transcripts into one package: folders and lists, order, the process
pool, --keep-going, the cache, multipart tables, progress."""

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion import corpus
from companion.cli import app
from companion.corpus import collect, find_transcripts, read_path_list
from companion.progress import Progress

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_corpus import write_corpus  # noqa: E402

runner = CliRunner()
FIXTURE_TEXTS = ["npr_style.txt", "pbs_style.txt", "page_style.txt", "figures_style.txt", "odd_but_valid.txt"]


def build(*args) -> "Result":  # noqa: F821
    return runner.invoke(app, ["build", *map(str, args)])


def package_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two, so that a handful of transcripts already starts the process pool."""
    monkeypatch.setattr(corpus, "BATCH_ITEMS", 2)


@pytest.fixture
def archive(tmp_path) -> Path:
    """A folder tree: fixtures at the top (with their metadata), synthetic episodes in subfolders."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name in FIXTURE_TEXTS:
        shutil.copy(FIXTURES / name, folder / name)
        if (FIXTURES / name).with_suffix(".yaml").is_file():
            shutil.copy((FIXTURES / name).with_suffix(".yaml"), folder / Path(name).with_suffix(".yaml").name)
    write_corpus(folder / "shows", 6, per_folder=3)
    return folder


def test_a_folder_is_walked_recursively_in_path_order(tmp_path):
    for rel in ["b/z.txt", "b/a.txt", "a-b.txt", "a/c.txt", "UPPER.TXT", ".hidden/x.txt", ".dot.txt", "notes.yaml", "b/readme.md.bak"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Host: Hello?\n")
    found = [p.relative_to(tmp_path).as_posix() for p in find_transcripts(tmp_path)]
    assert found == ["UPPER.TXT", "a/c.txt", "a-b.txt", "b/a.txt", "b/z.txt"]


def test_every_format_the_readers_know_is_found_and_built(tmp_path):
    formats = FIXTURES / "formats" / "dev"
    names = ["bakery.vtt", "beekeeping.srt", "nightmarket.json", "quarry.html", "radio_museum.md", "tidepools_rev.txt"]
    for name in names:
        shutil.copy(formats / name, tmp_path / name)
    (tmp_path / "README.md").write_text("# Notes about these files\n")
    (tmp_path / "old-package").mkdir()
    (tmp_path / "old-package" / "datapackage.json").write_text("{}")
    (tmp_path / "old-package" / "copy.vtt").write_text("WEBVTT\n")
    assert sorted(p.name for p in find_transcripts(tmp_path)) == sorted(names)
    result = build(tmp_path, "--out", tmp_path.parent / "pkg", "--no-cache")
    assert result.exit_code == 0, result.output
    episodes = list(csv.DictReader((tmp_path.parent / "pkg/data/episodes.csv").open(encoding="utf-8")))
    assert [e["source_format"] for e in episodes] == ["webvtt", "srt", "json", "html", "markdown", "export"]


def test_collect_sorts_drops_duplicates_and_refuses_an_empty_folder(tmp_path):
    (tmp_path / "t").mkdir()
    for name in ("b.txt", "a.txt"):
        (tmp_path / "t" / name).write_text("x\n")
    assert collect([tmp_path / "t" / "b.txt", tmp_path / "t", tmp_path / "t" / "a.txt"]) == [tmp_path / "t" / "a.txt", tmp_path / "t" / "b.txt"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="holds no transcripts"):
        collect([tmp_path / "empty"])


def test_a_list_of_paths_is_relative_to_its_own_folder(tmp_path):
    (tmp_path / "lists").mkdir()
    listing = tmp_path / "lists" / "episodes.txt"
    listing.write_text(f"# two episodes\n\n../one.txt\n  {tmp_path / 'two.txt'}  \n")
    assert read_path_list(listing) == [tmp_path / "lists" / "../one.txt", tmp_path / "two.txt"]


def test_build_from_a_list_and_from_standard_input(tmp_path):
    for name in ("npr_style.txt", "pbs_style.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "list.txt").write_text("pbs_style.txt\nnpr_style.txt\n")
    result = build("--from-list", tmp_path / "list.txt", "--out", tmp_path / "pkg", "--no-cache")
    assert result.exit_code == 0, result.output
    episodes = list(csv.DictReader(io.StringIO((tmp_path / "pkg/data/episodes.csv").read_text())))
    assert [e["episode_id"] for e in episodes] == ["npr_style", "pbs_style"]  # by path, not by list order
    result = runner.invoke(app, ["build", "--from-list", "-", "--out", str(tmp_path / "pkg2"), "--no-cache"],
                           input=f"{tmp_path / 'npr_style.txt'}\n{tmp_path / 'pbs_style.txt'}\n")
    assert result.exit_code == 0, result.output
    assert package_bytes(tmp_path / "pkg") == package_bytes(tmp_path / "pkg2")


def test_any_number_of_jobs_and_the_cache_give_the_same_bytes(archive, tmp_path, small_batches):
    packages = {}
    for name, options in {
        "jobs1": ["--jobs", "1", "--no-cache"],
        "jobs2": ["--jobs", "2", "--no-cache"],
        "cold": ["--jobs", "2", "--cache", tmp_path / "cache"],
        "warm": ["--jobs", "2", "--cache", tmp_path / "cache"],
    }.items():
        result = build(archive, "--out", tmp_path / name, *options)
        assert result.exit_code == 0, result.output
        packages[name] = package_bytes(tmp_path / name)
    assert "(11 from the cache)" in result.output  # the warm run built nothing
    assert packages["jobs1"] == packages["jobs2"] == packages["cold"] == packages["warm"]
    assert runner.invoke(app, ["validate", str(tmp_path / "warm")]).exit_code == 0


def test_one_changed_episode_is_rebuilt_and_the_result_equals_a_clean_build(archive, tmp_path):
    cache = tmp_path / "cache"
    assert build(archive, "--out", tmp_path / "first", "--cache", cache, "--jobs", "1").exit_code == 0
    changed = archive / "shows/batch-001/episode-00004.txt"
    changed.write_text(changed.read_text().replace("Welcome", "Hello and welcome"))
    result = build(archive, "--out", tmp_path / "again", "--cache", cache, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "(10 from the cache)" in result.output
    assert build(archive, "--out", tmp_path / "clean", "--no-cache", "--jobs", "1").exit_code == 0
    assert package_bytes(tmp_path / "again") == package_bytes(tmp_path / "clean")
    assert package_bytes(tmp_path / "again") != package_bytes(tmp_path / "first")


def test_a_damaged_cache_entry_is_rebuilt(archive, tmp_path):
    cache = tmp_path / "cache"
    assert build(archive, "--out", tmp_path / "first", "--cache", cache, "--jobs", "1").exit_code == 0
    entries = sorted((cache / "v1").rglob("*"))
    entries = [e for e in entries if e.is_file()]
    assert len(entries) == 11
    entries[0].write_bytes(entries[0].read_bytes()[:-5])
    entries[1].write_bytes(b"not an entry")
    result = build(archive, "--out", tmp_path / "again", "--cache", cache, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "(9 from the cache)" in result.output
    assert package_bytes(tmp_path / "again") == package_bytes(tmp_path / "first")


def test_the_cache_key_covers_every_input(tmp_path):
    from companion.cache import Cache
    from companion.package import TranscriptInput

    cache = Cache(tmp_path)
    base = TranscriptInput("a/talk.txt", b"Host: hi?\n", "a/talk.yaml", "publisher: X\n")
    variants = [
        TranscriptInput("b/talk.txt", b"Host: hi?\n", "b/talk.yaml", "publisher: X\n"),  # same name elsewhere: same key
        TranscriptInput("a/other.txt", b"Host: hi?\n", "a/other.yaml", "publisher: X\n"),
        TranscriptInput("a/talk.txt", b"Host: hi!\n", "a/talk.yaml", "publisher: X\n"),
        TranscriptInput("a/talk.txt", b"Host: hi?\n", "a/talk.yaml", "publisher: Y\n"),
        TranscriptInput("a/talk.txt", b"Host: hi?\n"),
    ]
    keys = [cache.key(v, "utf-8") for v in variants]
    assert keys[0] == cache.key(base, "utf-8")
    assert len({cache.key(base, "utf-8"), cache.key(base, "cp1252"), *keys[1:]}) == 6


def test_the_first_bad_transcript_stops_the_build_and_nothing_is_written(archive, tmp_path, small_batches):
    (archive / "shows/batch-000/episode-00001.txt").write_bytes(b"")
    (archive / "shows/batch-001/episode-00005.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "pkg"
    result = build(archive, "--out", out, "--jobs", "2", "--no-cache")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {archive / 'shows/batch-000/episode-00001.txt'}: file is empty"], result.output
    assert result.output.rstrip().endswith("file is empty")
    assert not out.exists() and not list(tmp_path.glob(".pkg*")) and not (tmp_path / "pkg.failures.csv").exists()


def test_keep_going_builds_the_rest_and_lists_the_failures_beside_the_package(archive, tmp_path, small_batches):
    (archive / "shows/batch-000/episode-00001.txt").write_bytes(b"")
    (archive / "shows/batch-001/episode-00005.txt").write_bytes(b"caf\xe9\n")
    (archive / "shows/batch-001/npr_style.txt").write_bytes((FIXTURES / "npr_style.txt").read_bytes())  # same episode id
    out = tmp_path / "pkg"
    result = build(archive, "--out", out, "--jobs", "2", "--no-cache", "--keep-going")
    assert result.exit_code == 1
    assert "9 built, 3 failed: episode-00001.txt, episode-00005.txt, npr_style.txt" in result.output
    assert f"error: {archive / 'shows/batch-000/episode-00001.txt'}: file is empty" in result.output
    failures = list(csv.DictReader((tmp_path / "pkg.failures.csv").open(encoding="utf-8")))
    assert [Path(f["path"]).name for f in failures] == ["episode-00001.txt", "episode-00005.txt", "npr_style.txt"]
    assert "already used by" in failures[2]["problem"] and "not valid utf-8" in failures[1]["problem"]
    assert not (out / "pkg.failures.csv").exists() and not (out / "failures.csv").exists()
    episodes = list(csv.DictReader((out / "data/episodes.csv").open(encoding="utf-8")))
    assert len(episodes) == 9
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    # Fixed: the next build succeeds and removes the stale list.
    (archive / "shows/batch-001/npr_style.txt").unlink()
    for name in ("batch-000/episode-00001.txt", "batch-001/episode-00005.txt"):
        (archive / "shows" / name).unlink()
    assert build(archive, "--out", out, "--no-cache", "--keep-going").exit_code == 0
    assert not (tmp_path / "pkg.failures.csv").exists()


def test_keep_going_with_nothing_buildable_writes_no_package(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a.txt").write_bytes(b"")
    result = build(tmp_path / "in", "--out", tmp_path / "pkg", "--keep-going", "--no-cache")
    assert result.exit_code == 1 and "no transcript could be built" in result.output
    assert not (tmp_path / "pkg").exists() and (tmp_path / "pkg.failures.csv").is_file()


def test_a_failures_file_companion_did_not_write_is_never_replaced(tmp_path):
    (tmp_path / "pkg.failures.csv").write_text("my notes\n")
    result = build(FIXTURES / "npr_style.txt", "--out", tmp_path / "pkg", "--no-cache")
    assert result.exit_code == 1 and "is not a failures list companion wrote" in result.output
    assert (tmp_path / "pkg.failures.csv").read_text() == "my notes\n" and not (tmp_path / "pkg").exists()


def test_an_internal_error_is_one_failure_line_not_a_traceback(tmp_path, monkeypatch):
    import companion.episode_output as eo

    real = eo.build_episode_output

    def flaky(item, encoding="utf-8", fmt=None):
        if "pbs" in item.path:
            raise KeyError("boom")
        return real(item, encoding, fmt)

    monkeypatch.setattr(eo, "build_episode_output", flaky)
    result = build(FIXTURES / "npr_style.txt", FIXTURES / "pbs_style.txt", "--out", tmp_path / "pkg", "--no-cache", "--keep-going", "--jobs", "1")
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert "pbs_style.txt: internal error (KeyError: 'boom'); please report it" in result.output


def test_the_cache_must_live_outside_the_package(tmp_path):
    result = build(FIXTURES / "npr_style.txt", "--out", tmp_path / "pkg", "--cache", tmp_path / "pkg" / "cache")
    assert result.exit_code == 1 and "inside the package folder" in result.output


def test_the_metadata_file_may_set_the_encoding(tmp_path):
    text = (FIXTURES / "npr_style.txt").read_text(encoding="utf-8").replace("Good morning.", "Good morning, café.")
    (tmp_path / "talk.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "talk.yaml").write_text("encoding: cp1252\n")
    result = build(tmp_path / "talk.txt", "--out", tmp_path / "pkg", "--no-cache")
    assert result.exit_code == 0, result.output
    episode = next(csv.DictReader((tmp_path / "pkg/data/episodes.csv").open(encoding="utf-8")))
    assert episode["original_encoding"] == "cp1252" and episode["original_path"] == "data/source/original/talk.txt"
    assert (tmp_path / "pkg/data/source/talk.txt").read_text(encoding="utf-8") == text
    (tmp_path / "talk.yaml").write_text("encoding: klingon\n")
    result = build(tmp_path / "talk.txt", "--out", tmp_path / "pkg2", "--no-cache")
    assert result.exit_code == 1 and "talk.yaml:1: unknown encoding 'klingon'" in result.output


def test_a_big_table_is_split_into_parts_that_both_libraries_read_as_one(archive, tmp_path):
    import datapackage

    out = tmp_path / "pkg"
    result = build(archive, "--out", out, "--max-rows", "100", "--no-cache")
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole"
    assert build(archive, "--out", whole, "--no-cache").exit_code == 0
    descriptor = json.loads((out / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    parts = resources["paragraphs"]["path"]
    assert isinstance(parts, list) and parts[:2] == ["data/paragraphs-001.csv", "data/paragraphs-002.csv"]
    assert resources["episodes"]["path"] == "data/episodes.csv"  # small tables stay one file
    header = (whole / "data/paragraphs.csv").read_bytes().split(b"\n", 1)[0]
    rows = []
    for part in parts:
        with (out / part).open(encoding="utf-8", newline="") as handle:
            part_rows = list(csv.reader(handle))
        assert part_rows[0] == header.decode().split(",") and 1 <= len(part_rows) - 1 <= 100
        rows += part_rows[1:]
    with (whole / "data/paragraphs.csv").open(encoding="utf-8", newline="") as handle:
        assert rows == list(csv.reader(handle))[1:]
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    package = datapackage.Package(str(out / "datapackage.json"))
    assert len(package.get_resource("paragraphs").read(keyed=True, relations=True)) == len(rows)


def test_plain_progress_lines_on_a_schedule_and_nothing_when_quiet():
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(4, 4_000_000, stream=stream, terminal=False, interval=10, clock=lambda: now[0])
    for step in range(4):
        now[0] += 6
        progress.advance(1_000_000)
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines == [
        "progress: 2/4 episodes, 2.0/4.0 MB, 12 s elapsed, about 12 s left",
        "progress: 4/4 episodes, 4.0/4.0 MB, 24 s elapsed",
    ]
    quiet = io.StringIO()
    progress = Progress(4, 4, stream=quiet, terminal=False, quiet=True, interval=0, clock=lambda: now[0])
    progress.advance(1)
    progress.echo("warning: still printed")
    assert quiet.getvalue() == "warning: still printed\n"


def test_a_bar_on_a_terminal_once_the_build_is_long():
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(3, 3_000_000, stream=stream, terminal=True, clock=lambda: now[0])
    progress.advance(1_000_000)
    assert stream.getvalue() == ""  # a short build prints nothing
    now[0] = 2.0
    progress.advance(1_000_000)
    progress.echo("warning: above the bar")
    progress.close()
    shown = stream.getvalue()
    assert "2/3 episodes" in shown and "warning: above the bar" in shown and "MB" in shown


def test_a_dask_cluster_gives_the_same_bytes_and_refuses_other_code(archive, tmp_path, monkeypatch):
    from distributed import LocalCluster

    import companion.corpus

    assert build(archive, "--out", tmp_path / "local", "--jobs", "1", "--no-cache").exit_code == 0
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        result = build(archive, "--out", tmp_path / "dask", "--scheduler", cluster.scheduler_address, "--no-cache")
        assert result.exit_code == 0, result.output
        assert package_bytes(tmp_path / "dask") == package_bytes(tmp_path / "local")
        # A client whose code differs from the workers' (here: it says so) gets one clear error, and no package.
        monkeypatch.setattr(companion.corpus, "code_fingerprint", lambda: "0" * 64)
        result = build(archive, "--out", tmp_path / "other", "--scheduler", cluster.scheduler_address, "--no-cache")
    assert result.exit_code == 1 and "runs a different version of companion" in result.output, result.output
    assert not (tmp_path / "other").exists()


def test_an_unreachable_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    import companion.parallel

    monkeypatch.setattr(companion.parallel, "CONNECT_TIMEOUT", "1s")
    result = build(FIXTURES / "npr_style.txt", "--out", tmp_path / "pkg", "--scheduler", "tcp://127.0.0.1:9", "--no-cache")
    assert result.exit_code == 1 and "cannot reach the Dask scheduler" in result.output
    assert not (tmp_path / "pkg").exists()


def test_a_worker_that_dies_is_one_clear_error_and_no_package(archive, tmp_path, small_batches, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    import companion.corpus

    class Broken:
        capacity = 2

        def __init__(self, jobs):
            pass

        def submit(self, fn, *args):
            class Future:
                def result(self):
                    raise BrokenProcessPool("A process in the process pool was terminated abruptly")

                def cancel(self):
                    return False
            return Future()

        def shutdown(self):
            pass

    monkeypatch.setattr(companion.corpus, "ProcessPool", Broken)
    result = build(archive, "--out", tmp_path / "pkg", "--jobs", "2", "--no-cache", "--keep-going")
    assert result.exit_code == 1
    assert "error: the worker processes: building" in result.output and "BrokenProcessPool" in result.output
    assert not (tmp_path / "pkg").exists()


def test_corpus_yaml_at_the_top_of_the_folder_describes_the_package(archive, tmp_path):
    (archive / "corpus.yaml").write_text("name: harbor-archive\ntitle: The harbor archive\nlicenses: [CC-BY-4.0]\n")
    result = build(archive, "--out", tmp_path / "pkg", "--no-cache")
    assert result.exit_code == 0, result.output
    descriptor = json.loads((tmp_path / "pkg/datapackage.json").read_text())
    assert descriptor["name"] == "harbor-archive" and descriptor["title"] == "The harbor archive"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert (tmp_path / "pkg/data/source/corpus.yaml").read_text() == (archive / "corpus.yaml").read_text()


def test_a_streamed_package_has_a_true_marker_and_can_be_rebuilt_in_place(archive, tmp_path):
    import hashlib

    out = tmp_path / "pkg"
    assert build(archive, "--out", out, "--max-rows", "150", "--cache", tmp_path / "cache").exit_code == 0
    marker = json.loads((out / ".companion-package.json").read_text())
    on_disk = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in out.rglob("*") if p.is_file() and p.name != ".companion-package.json"}
    assert marker["files"] == on_disk
    result = build(archive, "--out", out, "--max-rows", "150", "--cache", tmp_path / "cache")  # replaces its own package
    assert result.exit_code == 0, result.output
    (out / "notes.txt").write_text("mine")
    result = build(archive, "--out", out, "--cache", tmp_path / "cache")
    assert result.exit_code == 1 and "notes.txt" in result.output and (out / "notes.txt").read_text() == "mine"


def test_a_table_is_split_by_bytes_so_that_validate_reads_every_part(archive, tmp_path):
    """A 10,000-episode build once wrote a 343 MB figures part that validate's
    200 MB per-file bound then refused. Parts now also end at a byte limit."""
    from companion import assemble, sandbox
    from companion.assemble import Assembler, MemorySink
    from companion.corpus import find_transcripts
    from companion.episode_output import build_episode_output
    from companion.package import TranscriptInput

    assert assemble.PART_BYTES <= sandbox.MAX_TABLE_BYTES // 2
    outputs = [build_episode_output(TranscriptInput(p.name, p.read_bytes())) for p in find_transcripts(archive / "shows")]
    limit = 6_000
    split, whole = Assembler(MemorySink(), max_bytes=limit), Assembler(MemorySink())
    for output in outputs:
        split.add(output)
        whole.add(output)
    descriptor = split.finish(created="2026-01-01T00:00:00Z")
    whole.finish(created="2026-01-01T00:00:00Z")
    split_files, whole_files = split.sink.close(), whole.sink.close()
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    assert isinstance(paths["paragraphs"], list) and len(paths["paragraphs"]) > 2
    for name, path in paths.items():
        parts = path if isinstance(path, list) else [path]
        rows = []
        for part in parts:
            part_rows = list(csv.reader(io.StringIO(split_files[part].decode("utf-8"), newline="")))
            assert len(split_files[part]) <= limit or len(part_rows) == 2, part  # over only for one long row
            rows += part_rows[1:]
        whole_rows = list(csv.reader(io.StringIO(whole_files[f"data/{name}.csv"].decode("utf-8"), newline="")))
        assert rows == whole_rows[1:], name
    out = tmp_path / "split"
    for rel, data in split_files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
