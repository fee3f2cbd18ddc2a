"""Every command that reads a PATH takes the same limits as the dashboard, and an option to change them."""

from __future__ import annotations

from pathlib import Path

import pytest

from routemap import cli
from routemap.load.importers import import_trip
from routemap.model.limits import DEFAULT_LIMITS, LIMIT_NAMES, Limits, parse_limit, with_limits

REPO = Path(__file__).resolve().parents[1]
KML = REPO / "examples" / "import" / "shaanxi.kml"
CSV = REPO / "examples" / "import" / "shaanxi.csv"


def test_one_set_of_limits_serves_the_loader_and_the_importers():
    data = KML.read_bytes()
    refused = import_trip(KML.name, data, limits=Limits(max_file_bytes=len(data) - 1))
    assert [str(p) for p in refused.problems] == [
        f"shaanxi.kml: got '{len(data):,} bytes', expected a file of at most {len(data) - 1:,} bytes (routemap's limit)"
    ]
    assert import_trip(KML.name, data).dataset() is not None  # the defaults let the example through


@pytest.mark.parametrize(
    ("text", "expected"),
    [("max_rows=50000", ("max_rows", 50000)), ("max-file-bytes=1_000", ("max_file_bytes", 1000))],
)
def test_a_limit_is_named_and_valued(text, expected):
    assert parse_limit(text) == expected


@pytest.mark.parametrize("text", ["rows=5", "max_rows", "max_rows=many"])
def test_a_bad_limit_says_what_is_wrong(text):
    with pytest.raises(ValueError, match=r"max_rows|NAME=VALUE"):
        parse_limit(text)


def test_with_limits_changes_only_what_it_names():
    changed = with_limits(DEFAULT_LIMITS, ["max_rows=7"])
    assert changed.max_rows == 7 and changed.max_file_bytes == DEFAULT_LIMITS.max_file_bytes
    assert "max_parse_seconds" in LIMIT_NAMES


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "geojson"], ["geocode"]])
def test_every_command_taking_a_path_refuses_past_a_lowered_limit(command, capsys):
    code = cli.main([*command, str(CSV), "--max-bytes", "100"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_PROBLEM
    assert "expected a file of at most 100 bytes (routemap's limit)" in err, err


@pytest.mark.parametrize("command", [["validate"], ["export", "--format", "csv"]])
def test_the_limit_option_raises_or_lowers_any_limit(command, capsys):
    assert cli.main([*command, str(KML), "--limit", "max_rows=2"]) == cli.EXIT_PROBLEM
    assert "expected at most 2 places and legs (routemap's limit)" in capsys.readouterr().err
    assert cli.main([*command, str(KML), "--limit", "max_rows=50000"]) == cli.EXIT_OK


def test_an_unknown_limit_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["validate", "--limit", "max_pigs=3"])
    assert exit_.value.code == cli.EXIT_USAGE
    assert "max_rows" in capsys.readouterr().err


def test_a_nonsense_value_is_a_problem_not_a_traceback(capsys):
    assert cli.main(["validate", "--max-rows", "0"]) == cli.EXIT_PROBLEM
    assert "Limits.max_rows must be a whole number of at least 1" in capsys.readouterr().err
