"""`companion validate` treats a package as untrusted input (issue 7, cases 2, 3,
4 and 7): it reads nothing outside the package, makes no network request, runs
patterns in linear time, and answers every hostile descriptor with lines that
name the resource and the field."""

import http.server
import json
import os
import subprocess
import sys
import threading

import pytest
from conftest import FIXTURES
from typer.testing import CliRunner

from companion.cli import app
from companion.validate import validate_package
from test_hostile_fixtures import PEAK_MB

runner = CliRunner()

# Runs validate in a fresh process and prints its peak memory, so that a hang
# fails the test (timeout) and memory can be checked.
PEAK = (
    "import resource, sys\n"
    "from pathlib import Path\n"
    "from companion.validate import validate_package\n"
    "problems = validate_package(Path(sys.argv[1]))\n"
    "print('\\n'.join(problems))\n"
    + PEAK_MB + "print('peak MB', peak_mb())\n"
)


@pytest.fixture()
def package(tmp_path):
    out = tmp_path / "pkg"
    assert runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(out)]).exit_code == 0
    return out


def edit(package, change):
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text())
    change(descriptor)
    path.write_text(json.dumps(descriptor))


def resource(descriptor, name):
    return next(r for r in descriptor["resources"] if r["name"] == name)


def set_cell(package, table, column, value):
    import csv

    path = package / f"data/{table}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def validate_in_process(descriptor, timeout=60):
    result = subprocess.run([sys.executable, "-c", PEAK, str(descriptor)], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    *problems, peak = result.stdout.strip().splitlines()
    assert int(peak.split()[-1]) < 200, peak
    return problems


# --- case 2: validate reads whatever path a package names ---------------------------


def test_source_path_on_dev_zero_is_refused_at_once(package):
    set_cell(package, "episodes", "source_path", "/dev/zero")
    problems = validate_in_process(package / "datapackage.json")
    assert "episodes row 2 field source_path: /dev/zero is an absolute path; paths must be relative to the package folder" in problems


def test_source_path_on_a_fifo_is_refused_without_hanging(package):
    os.mkfifo(package / "data/source/pipe.txt")
    set_cell(package, "episodes", "source_path", "data/source/pipe.txt")
    problems = validate_in_process(package / "datapackage.json")
    assert "episodes row 2 field source_path: data/source/pipe.txt is a FIFO (named pipe), not a regular file" in problems


def test_source_path_outside_the_package_is_refused_even_with_the_right_hash(tmp_path, package):
    other = tmp_path / "other"
    runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(other)])
    set_cell(package, "episodes", "source_path", "../other/data/source/npr_style.txt")
    problems = validate_package(package / "datapackage.json")
    assert any(p.startswith("episodes row 2 field source_path: ../other/data/source/npr_style.txt resolves outside the package folder")
               for p in problems), problems


def test_a_table_symlinked_outside_the_package_is_never_read(package):
    (package / "data/links.csv").unlink()
    (package / "data/links.csv").symlink_to("/etc/passwd")
    result = runner.invoke(app, ["validate", str(package)])
    assert result.exit_code == 1
    assert "links field path: data/links.csv resolves outside the package folder (to /etc/passwd)" in result.output
    assert "root:" not in result.output


def test_each_part_of_a_multipart_path_is_checked(tmp_path, package):
    (tmp_path / "secret.csv").write_text("link_id\nx\n")
    edit(package, lambda d: resource(d, "links").update(path=["data/links.csv", "../secret.csv"]))
    assert validate_package(package / "datapackage.json") == [
        "links field path[1]: ../secret.csv resolves outside the package folder (to %s)" % (tmp_path / "secret.csv")]


def test_a_huge_sparse_table_is_refused_by_its_size(package):
    with open(package / "data/links.csv", "r+b") as handle:
        handle.truncate(300_000_000)
    problems = validate_in_process(package / "datapackage.json")
    assert problems == ["links field path: data/links.csv is 300,000,000 bytes; the limit is 200,000,000 bytes"]


# --- case 3: validate makes network requests ------------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):  # noqa: N802 (the http.server API)
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"fields": [{"name": "link_id", "type": "string"}]}')

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_no_network_request_ever(package, server):
    def hostile(d):
        d["$schema"] = f"{server}/profile.json"
        resource(d, "links")["schema"] = f"{server}/links.schema.json"
        resource(d, "turns").update(scheme="http", path=f"{server}/turns.csv")
        resource(d, "speakers")["dialect"] = f"{server}/dialect.json"
        resource(d, "figures")["path"] = f"ftp://127.0.0.1/figures.csv"
        resource(d, "segments")["$schema"] = f"{server}/resource-profile.json"

    edit(package, hostile)
    problems = validate_package(package / "datapackage.json")
    assert Recorder.requests == []  # the server received nothing
    expected = [
        "package field $schema:",
        "links field schema: http://127.0.0.1:",
        "turns field scheme: 'http' is remote",
        "turns field path: http://127.0.0.1:",
        "speakers field dialect: http://127.0.0.1:",
        "figures field path: ftp://127.0.0.1/figures.csv has the scheme 'ftp:'",
        "segments field $schema:",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)


def test_frictionless_itself_gets_no_network_either(package, server):
    """Second line of defence: a descriptor that slipped past the checks still
    cannot make frictionless fetch anything."""
    from companion.sandbox import SafePackage
    from companion.validate import _frictionless

    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["$schema"] = f"{server}/profile.json"
    resource(descriptor, "links")["schema"] = f"{server}/links.schema.json"
    problems = _frictionless(SafePackage(descriptor, []), package)
    assert Recorder.requests == []
    assert any("companion validate makes no network requests" in p for p in problems), problems


# --- case 4: ReDoS ----------------------------------------------------------------------


def test_a_catastrophic_pattern_runs_in_linear_time(package):
    schema_path = package / "schemas/turns.schema.json"
    schema = json.loads(schema_path.read_text())
    text = next(f for f in schema["fields"] if f["name"] == "text")
    text.setdefault("constraints", {})["pattern"] = "(a+)+$"
    schema_path.write_text(json.dumps(schema))
    set_cell(package, "turns", "text", "a" * 41 + "!")  # 2**41 steps for a backtracking engine
    problems = validate_in_process(package / "datapackage.json", timeout=60)
    assert "turns row 2 field text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' does not match the pattern '(a+)+$'" in problems


def test_a_pattern_that_needs_backtracking_is_refused_with_its_resource_and_field(package):
    schema_path = package / "schemas/turns.schema.json"
    schema = json.loads(schema_path.read_text())
    schema["fields"][0].setdefault("constraints", {})["pattern"] = r"(a)\1"
    schema_path.write_text(json.dumps(schema))
    problems = validate_package(package / "datapackage.json")
    assert len(problems) == 1 and problems[0].startswith(
        "turns field turn_id: constraints.pattern '(a)\\\\1' cannot run in linear time or is not valid")


def test_patterns_still_catch_bad_values(package):
    set_cell(package, "episodes", "source_sha256", "not-a-hash")
    problems = validate_package(package / "datapackage.json")
    assert "episodes row 2 field source_sha256: 'not-a-hash' does not match the pattern '[0-9a-f]{64}'" in problems


# --- case 7: tracebacks instead of errors ---------------------------------------------


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
        ('{"resources": [{"name": "x", "path": "x.csv", "bytes": ' + "9" * 5000 + "}]}",
         "resources[0].bytes: a number with 5,000 digits (at most 30)"),
        ('{"resources": [], "count": 1e999}', "count: a number too large to represent"),
        ('{"resources": [], "count": NaN}', "NaN is not a JSON number"),
        ("[]", "the descriptor must be a JSON object, not a list"),
        ("null", "the descriptor must be a JSON object, not null"),
        ('"text"', "the descriptor must be a JSON object, not a string"),
        ('{"resources": "data/x.csv"}', "'resources' must be a non-empty list"),
        ('{"resources": [[]]}', "resources[0]: must be an object, not a list"),
        ('{"resources": [{"name": ["x"], "path": "x.csv"}]}', "resources[0] field name: must be a string"),
        ("\xff\xfe{", "is not valid UTF-8"),
    ],
    ids=["deep", "digits", "infinity", "nan", "list", "null", "string", "resources-string", "resource-list", "name-list", "utf16"],
)
def test_hostile_descriptors_get_one_line_each(tmp_path, text, problem):
    descriptor = tmp_path / "datapackage.json"
    descriptor.write_bytes(text.encode("latin-1") if text.startswith("\xff") else text.encode("utf-8"))
    result = runner.invoke(app, ["validate", str(descriptor)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert problem in result.output and "Traceback" not in result.output


def test_nesting_in_a_schema_file_is_refused(package):
    (package / "schemas/links.schema.json").write_text('{"fields": ' + "[" * 5000 + "]" * 5000 + "}")
    problems = validate_package(package / "datapackage.json")
    assert problems == ["links field schema: schemas/links.schema.json is not usable JSON: nested more than 32 levels deep"]


def test_the_descriptor_itself_must_be_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "datapackage.json")
    result = subprocess.run([sys.executable, "-m", "companion", "validate", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "is a FIFO (named pipe), not a regular file" in result.stderr
