"""Package-level metadata: package.yaml / corpus.yaml, the build options, and honest defaults."""

import json
import shutil

import pytest
from conftest import FIXTURES, ROOT
from typer.testing import CliRunner

from companion import package_metadata
from companion.cli import app
from companion.errors import InputError
from companion.output import read_input
from companion.package import build_files
from companion.package_metadata import PackageMetadata, parse_package_metadata

runner = CliRunner()
FULL = """\
name: harvest-interviews
title: Harvest interviews, 2022
description: Two interviews about the harvest.
version: "1.2.0"
homepage: https://example.org/harvest
keywords: [harvest, water]
licenses:
  - CC-BY-4.0
  - name: ODbL-1.0
    path: https://opendatacommons.org/licenses/odbl/1-0/
    title: Open Data Commons Open Database License 1.0
contributors:
  - Ann Lee
  - title: Example Community Radio
    roles: [publisher, rightsHolder]
    email: desk@example.org
"""


def descriptor_for(meta: PackageMetadata, *names: str) -> dict:
    files, _ = build_files([read_input(FIXTURES / n) for n in names or ("npr_style.txt",)], package=meta)
    return json.loads(files["datapackage.json"])


def test_full_file_is_parsed():
    meta = parse_package_metadata(FULL, "package.yaml")
    assert (meta.name, meta.version, meta.homepage) == ("harvest-interviews", "1.2.0", "https://example.org/harvest")
    assert meta.keywords == ("harvest", "water")
    assert meta.licenses == ({"name": "CC-BY-4.0"}, {"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/1-0/", "title": "Open Data Commons Open Database License 1.0"})
    assert meta.contributors[0] == {"title": "Ann Lee"}
    assert meta.contributors[1]["roles"] == ["publisher", "rightsHolder"]


def test_what_the_user_gave_is_used_as_given():
    descriptor = descriptor_for(parse_package_metadata(FULL, "package.yaml"))
    assert descriptor["name"] == "harvest-interviews" and descriptor["title"] == "Harvest interviews, 2022"
    assert descriptor["version"] == "1.2.0" and descriptor["homepage"] == "https://example.org/harvest"
    assert descriptor["keywords"] == ["harvest", "water"]
    assert [x["name"] for x in descriptor["licenses"]] == ["CC-BY-4.0", "ODbL-1.0"]
    assert [c["title"] for c in descriptor["contributors"]] == ["Ann Lee", "Example Community Radio", "companion 0.1.0"]


def test_defaults_claim_nothing():
    descriptor = descriptor_for(PackageMetadata(), "npr_style.txt", "page_style.txt")
    assert "licenses" not in descriptor and "version" not in descriptor and "homepage" not in descriptor
    text = json.dumps(descriptor)
    assert "MIT" not in text and "LICENSE" not in text and "maintainers" not in text
    tool = [c for c in descriptor["contributors"] if "tool" in c["roles"]]
    assert tool == [{"title": "companion 0.1.0", "roles": ["tool"]}]
    assert all(set(c["roles"]) <= {"tool", "rightsHolder"} for c in descriptor["contributors"])  # nobody is made an author
    # A publisher named in an episode's metadata file is its rights holder, as that file says.
    assert {"title": "Valley Radio", "roles": ["rightsHolder"]} in descriptor["contributors"]
    assert descriptor["name"] == "interview-companion"


def test_this_projects_package_keeps_its_metadata_through_its_package_yaml():
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    meta = package_metadata.read(ROOT / "data/source/package.yaml")
    assert committed["version"] == meta.version == "0.1.0"
    assert committed["licenses"] == list(meta.licenses) and committed["licenses"][0]["name"] == "other-closed"
    assert committed["contributors"][0] == {"title": "Companion data package maintainers", "roles": ["creator", "dataCurator"]}
    assert committed["keywords"] == list(meta.keywords)


@pytest.mark.parametrize(
    "text, problem, line",
    [
        ("name: Harvest Talks\n", "name 'Harvest Talks' must be lower-case", 1),
        ("title: A\nlicence: CC-BY-4.0\n", "unknown key 'licence'", 2),
        ("version: 1.0\n", "version 1.0 is a number; write it in quotes", 1),
        ("homepage: example.org\n", "homepage must be an http(s) address", 1),
        ("keywords: harvest\n", "keywords must be a list", 1),
        ("keywords:\n  - harvest\n  - 3\n", "each keyword must be a non-empty string", 3),
        ("licenses:\n  - title: Some terms\n", "a license needs a name", 2),
        ("licenses:\n  - name: CC0-1.0\n    url: https://x.org\n", "unknown license key 'url'", 2),
        ("contributors:\n  - roles: [author]\n", "a contributor needs a title", 2),
        ("contributors:\n  - title: Ann\n    roles: author\n", "roles must be a list", 2),
        ("contributors:\n  - title: Ann\n    email: ann.example.org\n", "is not an e-mail address", 2),
        ("title: [unclosed\n", "invalid YAML", 2),
        ("- a\n- list\n", "must be a mapping", 1),
    ],
)
def test_broken_package_metadata_names_file_and_line(text, problem, line):
    with pytest.raises(InputError) as info:
        parse_package_metadata(text, "package.yaml")
    assert problem in info.value.problem
    assert (info.value.path, info.value.line) == ("package.yaml", line)


def test_hostile_yaml_is_one_clear_error():
    with pytest.raises(InputError, match="nested more than 20 levels deep"):
        parse_package_metadata("title: " + "[" * 5000 + "]" * 5000 + "\n", "package.yaml")
    with pytest.raises(InputError, match="invalid YAML"):
        parse_package_metadata("title: \x07bell\n", "package.yaml")


def test_empty_file_gives_the_defaults():
    meta = parse_package_metadata("# nothing yet\n", "package.yaml")
    assert meta.name is None and meta.licenses is None and meta.text == "# nothing yet\n"


def test_build_reads_package_yaml_next_to_the_transcripts_and_options_win(tmp_path):
    shutil.copy(FIXTURES / "npr_style.txt", tmp_path / "talk.txt")
    (tmp_path / "package.yaml").write_text(FULL, encoding="utf-8")
    out = tmp_path / "pkg"
    result = runner.invoke(app, ["build", str(tmp_path / "talk.txt"), "--out", str(out), "--title", "A better title",
                                 "--license", "CC0-1.0", "--contributor", "Bo Chen", "--package-version", "2.0.0"])
    assert result.exit_code == 0, result.output
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"] == "A better title" and descriptor["name"] == "harvest-interviews"
    assert descriptor["licenses"] == [{"name": "CC0-1.0"}] and descriptor["version"] == "2.0.0"
    assert descriptor["contributors"][0] == {"title": "Bo Chen"}
    # The file travels with the package, beside the transcript, byte for byte.
    assert (out / "data/source/package.yaml").read_text(encoding="utf-8") == FULL
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0


def test_corpus_yaml_is_read_the_same_way(tmp_path):
    shutil.copy(FIXTURES / "npr_style.txt", tmp_path / "talk.txt")
    (tmp_path / "corpus.yaml").write_text("name: my-corpus\nlicenses: [CC-BY-4.0]\n", encoding="utf-8")
    out = tmp_path / "pkg"
    assert runner.invoke(app, ["build", str(tmp_path / "talk.txt"), "--out", str(out)]).exit_code == 0
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "my-corpus" and descriptor["licenses"] == [{"name": "CC-BY-4.0"}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--name", "Bad Name"], "error: --name: name 'Bad Name' must be lower-case"),
        (["--homepage", "ftp://x"], "error: --homepage: homepage must be an http(s) address"),
        (["--keyword", " "], "error: --keyword: each keyword must be a non-empty string"),
    ],
)
def test_bad_options_are_one_line_naming_the_option(tmp_path, args, message):
    result = runner.invoke(app, ["build", str(FIXTURES / "npr_style.txt"), "--out", str(tmp_path / "pkg"), *args])
    assert result.exit_code == 1 and result.output.startswith(message) and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "pkg").exists()


def test_a_bad_package_yaml_stops_the_build_before_anything_is_written(tmp_path):
    shutil.copy(FIXTURES / "npr_style.txt", tmp_path / "talk.txt")
    (tmp_path / "package.yaml").write_text("title: Fine\nlicense: CC-BY-4.0\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "talk.txt"), "--out", str(tmp_path / "pkg")])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"error: {(tmp_path / 'package.yaml').resolve()}:2: unknown key 'license'")
    assert not (tmp_path / "pkg").exists()


def test_ambiguous_package_metadata_is_refused(tmp_path):
    for name in ("package.yaml", "corpus.yaml"):
        (tmp_path / name).write_text("title: T\n", encoding="utf-8")
    shutil.copy(FIXTURES / "npr_style.txt", tmp_path / "talk.txt")
    with pytest.raises(InputError, match="a second package metadata file"):
        package_metadata.find([tmp_path / "talk.txt"])
    (tmp_path / "corpus.yaml").unlink()
    shutil.copy(FIXTURES / "npr_style.txt", tmp_path / "package.txt")  # its own metadata file would be package.yaml
    with pytest.raises(InputError, match="is both the package's metadata and the metadata of the transcript package"):
        package_metadata.find([tmp_path / "talk.txt", tmp_path / "package.txt"])
