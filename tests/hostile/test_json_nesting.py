"""Itinerary GeoJSON nested too deep, too tricky to scan or too long: a problem, never a RecursionError or a stall."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from routemap import cli
from routemap.export import geojson
from routemap.load import itinerary as itinerary_reader
from routemap.load.folder import load_dataset
from routemap.model.limits import DEFAULT_LIMITS, Limits
from routemap.view import filters
from tests.hostile.cases import TRICKY_JSON, deep_json, deep_toml, only, refused

DEEP = 100_000
DEPTH_PROBLEM = (
    f"route.geojson: got '{DEEP + 1:,} levels of nesting', "
    "expected JSON nested at most 64 arrays or objects deep (routemap's limit)"
)


@pytest.fixture
def itinerary(dataset) -> dict:
    return json.loads(geojson.dumps(filters.apply(dataset)))


@pytest.fixture
def deep_file(tmp_path: Path) -> Path:
    path = tmp_path / "route.geojson"
    path.write_text(deep_json(DEEP), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("", 0),
        ("[]", 1),
        ('{"a": [1, {"b": "]]]"}]}', 3),
        ('"[[{{"', 0),
        ('[["\\\\"], ["\\"[["]]', 2),  # an escaped backslash ends nothing; an escaped quote ends nothing either
        ('[[["unterminated \\" [[[[', 3),
        (deep_json(DEEP), DEEP + 1),
    ],
)
def test_json_depth(text, depth):
    assert itinerary_reader.json_depth(text) == depth


def test_the_routes_own_geojson_is_well_within_the_depth_limit(dataset):
    assert itinerary_reader.json_depth(geojson.dumps(filters.apply(dataset))) == 6 < DEFAULT_LIMITS.max_json_depth


def test_nesting_past_the_limit_is_refused_before_parsing(deep_file):
    assert str(only(refused(deep_file))) == DEPTH_PROBLEM


def test_nesting_at_the_limit_is_parsed(tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(deep_json(DEFAULT_LIMITS.max_json_depth - 1), encoding="utf-8")
    # Parsed, then found not to be routemap's: the depth itself is no problem.
    assert only(refused(path)).column == "routemap"
    problem = only(refused(path, limits=Limits(max_json_depth=DEFAULT_LIMITS.max_json_depth - 1)))
    assert problem.value == "64 levels of nesting"


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "csv"], ["geocode"]])
def test_every_command_reading_an_itinerary_reports_the_depth(deep_file, capsys, command):
    code = cli.main([*command, str(deep_file)])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_PROBLEM
    assert err == f"1 problem in the dataset:\n  - {DEPTH_PROBLEM}\n"
    assert out == ""


def test_the_script_reports_the_depth_without_a_traceback(deep_file):
    done = subprocess.run(
        [sys.executable, "-m", "routemap.cli", "validate", str(deep_file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == cli.EXIT_PROBLEM
    assert DEPTH_PROBLEM in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("case", TRICKY_JSON)
def test_tricky_json_is_a_problem_not_a_crash(tmp_path, case):
    path = tmp_path / "route.geojson"
    path.write_text(TRICKY_JSON[case], encoding="utf-8")
    problem = refused(path)[0]
    assert problem.file == "route.geojson"
    assert "JSON" in problem.expected or problem.column == "routemap"


def test_a_huge_integer_is_invalid_json_not_a_value_error(tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(TRICKY_JSON["huge-integer"], encoding="utf-8")
    problem = only(refused(path))
    assert problem.expected.startswith("valid JSON (Exceeds the limit (4300 digits) for integer string conversion")


def test_a_geojson_over_the_byte_limit_is_refused(tmp_path, dataset):
    path = tmp_path / "route.geojson"
    text = geojson.dumps(filters.apply(dataset))
    path.write_text(text, encoding="utf-8")
    assert len(load_dataset(path).places) == 16
    size = len(text.encode("utf-8"))
    problem = only(refused(path, limits=Limits(max_file_bytes=size - 1)))
    assert (problem.file, problem.value) == ("route.geojson", f"{size:,} bytes")
    assert json.loads(text)  # the file itself is fine: only the limit refuses it


# --------------------------------------------------------------------------- how many items


def test_more_features_than_a_csv_may_have_rows_are_refused_before_they_are_read(itinerary, tmp_path):
    itinerary["features"] = [{}] * (DEFAULT_LIMITS.max_rows + 1)
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    assert str(only(refused(path))) == (
        "route.geojson, column 'features': got '20,001 items', "
        "expected at most 20,000 items, as many as a CSV file may have rows (routemap's limit)"
    )


def test_more_cities_than_the_limit_are_refused(itinerary, tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    problem = only(refused(path, limits=Limits(max_rows=5)))  # 6 cities; the features come first: 20
    assert (problem.column, problem.value) == ("features", "20 items")
    itinerary["features"] = itinerary["features"][:5]
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    problem = only(refused(path, limits=Limits(max_rows=5)))
    assert (problem.column, problem.value) == ("routemap.cities", "6 items")


def test_features_that_are_not_a_list_are_one_problem_not_one_per_character(itinerary, tmp_path):
    itinerary["features"] = "x" * 1_000_000
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    assert str(only(refused(path))) == "route.geojson, column 'features': got 'str', expected a list of Feature objects"


# --------------------------------------------------------------------------- TOML too


@pytest.mark.parametrize("depth", [1_000, DEEP])
def test_a_deeply_nested_trip_toml_is_a_problem_not_a_recursion_error(data_copy, depth):
    (data_copy / "trip.toml").write_text(deep_toml(depth), encoding="utf-8")
    assert str(only(refused(data_copy))) == (
        "trip.toml: expected valid TOML (arrays or inline tables nested too deep to read)"
    )
