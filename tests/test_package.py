"""The committed package: golden files, metadata rules, and what consumers see."""

import json
import re

import pytest
from conftest import ROOT, read_csv

from companion.output import read_input
from companion.package import build_files
from companion.schemas import TABLES, field_names, load_schema, schema_bytes, schema_names

DESCRIPTOR = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_fresh_build_equals_the_committed_files():
    from companion import package_metadata

    sources = sorted((ROOT / "data/source").glob("*.txt"))
    files, _ = build_files([read_input(p) for p in sources], package=package_metadata.read(package_metadata.find(sources)))
    for rel, data in files.items():
        assert (ROOT / rel).read_bytes() == data, f"{rel} differs from a fresh build: run make build"


def test_source_is_the_shared_transcript_byte_for_byte():
    import hashlib

    data = (ROOT / "data/source/theworld-2021-06-11-khalilzad.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == "f7d2283f77edc02fe49b4912a00e4beb5795ba0372606d7c6e9203738d3e1632"


@pytest.mark.parametrize("table", TABLES)
def test_csv_header_equals_schema_fields_in_order(table):
    header = (ROOT / f"data/{table}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == field_names(table)


def test_every_schema_is_used_and_every_resource_has_a_schema():
    on_disk = schema_names()
    used = sorted(r["schema"].split("/")[-1] for r in DESCRIPTOR["resources"])
    assert on_disk == used == sorted(f"{t}.schema.json" for t in TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_schema_conventions(table):
    schema = load_schema(table)
    assert schema["title"] and schema["description"] and schema["primaryKey"]
    for field in schema["fields"]:
        name = field["name"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name
        assert field.get("title") and field.get("description"), name
        assert (field["type"] == "boolean") == name.startswith("is_"), name
    for key in schema.get("foreignKeys", []):
        for name in key["fields"]:
            assert name.endswith("_id") or name == "reply_to", name


def test_same_column_name_means_same_type_everywhere():
    types = {}
    for table in TABLES:
        for field in load_schema(table)["fields"]:
            assert types.setdefault(field["name"], field["type"]) == field["type"], field["name"]


def test_ids_are_unique_across_the_whole_package(committed):
    seen = set()
    for table in TABLES:
        key = load_schema(table)["primaryKey"][0]
        ids = [row[key] for row in committed[table]]
        assert len(ids) == len(set(ids)), table
        assert not seen & set(ids)
        seen |= set(ids)


def test_descriptor_metadata():
    assert DESCRIPTOR["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for key in ("name", "title", "description", "version", "created", "keywords", "contributors", "sources", "licenses"):
        assert DESCRIPTOR[key], key
    assert re.fullmatch(r"\d+\.\d+\.\d+", DESCRIPTOR["version"])
    assert f"## {DESCRIPTOR['version']}" in (ROOT / "CHANGELOG.md").read_text()
    assert all(c["roles"] for c in DESCRIPTOR["contributors"])
    assert DESCRIPTOR["sources"][0]["path"].startswith("https://theworld.org/stories/2021-06-11/")
    assert all(r["encoding"] == "utf-8" for r in DESCRIPTOR["resources"])
    assert DESCRIPTOR["licenses"][0]["name"] == "other-closed"  # the words are not ours to license


def test_frictionless_validates_the_whole_package_with_foreign_keys():
    from frictionless import Package

    report = Package(str(ROOT / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_py_reads_every_resource_with_relations():
    import datapackage

    package = datapackage.Package(str(ROOT / "datapackage.json"), base_path=str(ROOT))
    assert not package.errors
    for resource in package.resources:
        rows = resource.read(keyed=True, relations=True)
        assert len(rows) == len(read_csv((ROOT / resource.descriptor["path"]).read_bytes()))
    turns = package.get_resource("turns").read(keyed=True, relations=True)
    assert turns[1]["speaker_id"]["name"] == "Zalmay Khalilzad"


def test_pandas_reads_the_tables_with_their_types():
    import pandas as pd

    turns = pd.read_csv(ROOT / "data/turns.csv", dtype={"reply_to": "string"})
    assert turns["is_question"].dtype == bool
    assert turns["word_count"].dtype.kind == "i"


def test_episode_facts_come_from_the_text(committed):
    (episode,) = committed["episodes"]
    assert episode["program"] == "The World"
    assert episode["broadcast_date"] == "2021-06-11"
    assert episode["title"].startswith("As US withdraws troops from Afghanistan")
    assert episode["summary"].startswith("Zalmay Khalilzad, US special representative")
    assert episode["fields_from_metadata"] == "source_url publisher"
    speakers = {s["name"]: s for s in committed["speakers"]}
    assert speakers["Marco Werman"]["role"] == "host"
    assert speakers["Zalmay Khalilzad"]["description"] == "US special representative for Afghanistan reconciliation"


def test_segments_and_links_match_the_page(committed):
    kinds = [s["kind"] for s in committed["segments"]]
    assert kinds == [
        "photo_caption", "headline", "standfirst", "credit", "editors_note", "intro", "related", "intro",
        "related", "interview", "audio", "closing_note", "newsletter_promo",
    ]
    links = [(l["kind"], l["title"], l["url"]) for l in committed["links"]]
    assert links[:2] == [
        ("related", "Women negotiators in Afghan-Taliban peace talks spur global change", ""),
        ("related", "Afghans in Turkey hope for peace in their home country", ""),
    ]
    assert [k for k, _, _ in links[2:]] == ["audio", "newsletter"]


def test_committed_package_passes_companion_validate():
    from companion.validate import validate_package

    assert validate_package(ROOT / "datapackage.json") == []


@pytest.mark.parametrize("table", TABLES)
def test_committed_csv_round_trips_through_pandas(table):
    import io

    import pandas as pd

    original = (ROOT / f"data/{table}.csv").read_bytes()
    frame = pd.read_csv(io.BytesIO(original), dtype=str, keep_default_na=False)
    assert frame.to_csv(index=False, lineterminator="\n").encode("utf-8") == original


@pytest.mark.parametrize("table", TABLES)
def test_committed_schema_copy_equals_the_shipped_schema(table):
    # schemas/ at the top is the committed package's copy; the source of truth ships in src/companion/schemas/.
    assert (ROOT / f"schemas/{table}.schema.json").read_bytes() == schema_bytes(table)
