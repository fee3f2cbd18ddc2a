"""Control characters, surrogates and non-characters: refused in every file, naming the cell and the character.

They would be invisible in a spreadsheet and a terminal, raw NULs in the CSV export
and ill-formed XML in the KML one. Running text may hold tabs and line breaks; a
one-line column (ids, names, vocabulary, dates, numbers) may not.
"""

from __future__ import annotations

import json

import pytest

from routemap.export import geojson
from routemap.load import schema
from routemap.load.folder import load_dataset
from routemap.view import filters
from tests.hostile.cases import LINE_BREAKS, LONE_SURROGATES, REFUSED_CHARACTERS, only, refused, set_cell
from tests.test_schema_errors import read_rows, write_rows

PLACE = "dunhuang-dialogue-opening"  # row 6 of places.csv
ROW = 6


def code_point(chars: str) -> str:
    """The first character's code point as a problem names it, e.g. ``U+000D`` for CRLF."""
    return f"U+{ord(chars[0]):04X}"


def test_a_nul_in_a_name_is_refused_with_the_row_column_and_character(data_copy):
    set_cell(data_copy, "places.csv", PLACE, "name", "Dunhuang\x00 opening")
    assert str(only(refused(data_copy))) == (
        "places.csv, row 6, column 'name': got 'Dunhuang\\x00 opening', expected text without control characters "
        "or non-characters (character 9 is U+0000, a control character)"
    )


@pytest.mark.parametrize("char", REFUSED_CHARACTERS.values(), ids=REFUSED_CHARACTERS.keys())
@pytest.mark.parametrize("column", ["name", "description"])
def test_every_refused_character_is_named(data_copy, char, column):
    value = f"Opening{char}session"
    set_cell(data_copy, "places.csv", PLACE, column, value)
    problem = only(refused(data_copy))
    assert (problem.file, problem.row, problem.column, problem.value) == ("places.csv", ROW, column, value)
    assert f"(character 8 is {code_point(char)}, " in problem.expected


@pytest.mark.parametrize("char", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
@pytest.mark.parametrize("column", ["description", "source_quote", "date_basis", "place_basis", "coord_source"])
def test_running_text_may_hold_tabs_and_line_breaks(data_copy, char, column):
    value = f"First part.{char}Second part."
    set_cell(data_copy, "places.csv", PLACE, column, value)
    places = load_dataset(data_copy).places
    assert places.loc[places["id"] == PLACE, column].item() == value


@pytest.mark.parametrize("char", LINE_BREAKS.values(), ids=LINE_BREAKS.keys())
@pytest.mark.parametrize(
    ("file", "row_id", "column"), [("places.csv", PLACE, "name"), ("cities.csv", "xian", "name_zh")]
)
def test_one_line_columns_refuse_tabs_and_line_breaks(data_copy, char, file, row_id, column):
    value = f"西安{char}Xi'an"
    row = set_cell(data_copy, file, row_id, column, value)
    problem = only(refused(data_copy))
    assert (problem.file, problem.row, problem.column, problem.value) == (file, row, column, value)
    assert problem.expected.startswith(
        f"one line of text, without tabs or line breaks (character 3 is {code_point(char)}"
    )


@pytest.mark.parametrize(
    ("column", "value"), [("id", "dunhuang\x00opening"), ("lat", "40.1\x00"), ("date", "\x1b2025")]
)
def test_a_refused_cell_gets_one_problem_not_one_per_rule_it_then_breaks(data_copy, column, value):
    set_cell(data_copy, "places.csv", PLACE, column, value)
    problem = only(refused(data_copy))
    assert (problem.row, problem.column, problem.value) == (ROW, column, value)
    assert problem.expected.startswith("text without control characters")


def test_a_refused_city_id_is_not_offered_as_a_known_city(data_copy):
    set_cell(data_copy, "cities.csv", "jiaxing", "id", "jia\x00xing")
    found = refused(data_copy)
    assert (found[0].file, found[0].column) == ("cities.csv", "id")
    assert [(p.file, p.column, p.value) for p in found[1:]] == [("places.csv", "city", "jiaxing")]
    assert "\x00" not in found[1].expected


def test_a_column_name_with_a_control_character(data_copy):
    path = data_copy / "legs.csv"
    rows = read_rows(path)
    write_rows(path, [[*row, "note\x07" if n == 0 else "x\x00"] for n, row in enumerate(rows)])
    # The name is the news; its cells are not looked at.
    assert str(only(refused(data_copy))) == (
        "legs.csv, row 1: got 'note\\x07', expected text without control characters or non-characters "
        "(character 5 is U+0007, a control character)"
    )


def test_an_extra_column_is_running_text(data_copy):
    path = data_copy / "legs.csv"
    rows = read_rows(path)
    write_rows(path, [[*row, "notes" if n == 0 else "line one\nline two"] for n, row in enumerate(rows)])
    assert len(load_dataset(data_copy).legs) == 4
    write_rows(path, [[*row[:-1], "notes" if n == 0 else "bell\x07"] for n, row in enumerate(read_rows(path))])
    assert [(p.row, p.column) for p in refused(data_copy)] == [(2, "notes"), (3, "notes"), (4, "notes"), (5, "notes")]


# --------------------------------------------------------------------------- trip.toml


def write_trip_value(folder, key: str, toml_string: str, *, table: str = "") -> None:
    path = folder / "trip.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"[{table}]") if table else 0
    (index,) = [i for i, line in enumerate(lines) if i >= start and line.startswith(f"{key} = ")][:1]
    lines[index] = f"{key} = {toml_string}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_nul_in_the_trip_title(data_copy):
    write_trip_value(data_copy, "title", '"Second delegation\\u0000"')
    assert str(only(refused(data_copy))) == (
        "trip.toml, column 'title': got 'Second delegation\\x00', expected text without control characters "
        "or non-characters (character 18 is U+0000, a control character)"
    )


def test_the_trip_title_is_one_line_and_its_dates_quote_running_text(data_copy):
    write_trip_value(data_copy, "dates_quote", '"From 26 May\\nto 5 June."')
    assert load_dataset(data_copy).trip.dates_quote == "From 26 May\nto 5 June."
    write_trip_value(data_copy, "title", '"Second\\ndelegation"')
    problem = only(refused(data_copy))
    assert (problem.file, problem.column) == ("trip.toml", "title")
    assert problem.expected.startswith("one line of text")


def test_every_text_of_trip_toml_is_checked(data_copy):
    write_trip_value(data_copy, "publisher", '"Friends\\u001b[31m"', table="source")
    problem = only(refused(data_copy))
    assert (problem.file, problem.column, problem.value) == ("trip.toml", "source.publisher", "Friends\x1b[31m")


# --------------------------------------------------------------------------- itinerary GeoJSON


@pytest.fixture
def itinerary(dataset) -> dict:
    return json.loads(geojson.dumps(filters.apply(dataset)))


def feature_number(itinerary: dict, feature_id: str) -> int:
    (number,) = [n for n, f in enumerate(itinerary["features"], 1) if f["id"] == feature_id]
    return number


@pytest.mark.parametrize(
    "char", [*LONE_SURROGATES.values(), "\x00", "\ufffe"], ids=[*LONE_SURROGATES.keys(), "nul", "fffe"]
)
def test_an_itinerary_is_checked_the_same_way(itinerary, tmp_path, char):
    number = feature_number(itinerary, PLACE)
    itinerary["features"][number - 1]["properties"]["description"] = f"Opening{char}session"
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")  # ASCII, so \ud800 is written as an escape
    problem = only(refused(path))
    assert (problem.file, problem.row, problem.column) == ("route.geojson (places)", number, "description")
    assert str(problem).startswith(f"route.geojson (places), feature {number}, column 'description': got ")
    assert f"(character 8 is {code_point(char)}, " in problem.expected


def test_an_itinerary_trip_title_is_checked(itinerary, tmp_path):
    itinerary["routemap"]["trip"]["title"] = "Route\x00"
    itinerary["routemap"]["cities"][0]["name"] = "Xi'an\x0c"
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    found = refused(path)
    assert [(p.file, p.row, p.column) for p in found] == [
        ("route.geojson", None, "routemap.trip.title"),
        ("route.geojson (cities)", 1, "name"),
    ]


@pytest.mark.parametrize("one_line", [True, False])
def test_the_quick_column_test_finds_exactly_what_the_character_rules_refuse(one_line):
    """A whole column is first tested at once (ASCII in C, else the regular expression): a clean verdict
    there skips the column's cells, so it must agree with the cell rule on every character."""
    pattern = schema.NOT_ONE_LINE_RE if one_line else schema.NOT_TEXT_RE
    samples = [*map(chr, range(0x300)), "\ud800", "\ufdd0", "\ufffe", "\U0010ffff", "\u3000", "\u200d"]
    for char in samples:
        for value in (char, f"Xi'an {char} Yan'an", "plain ascii " * 50 + char):
            expected = pattern.search(value) is not None
            assert schema.holds_refused_character(value, one_line=one_line) is expected, (repr(char), one_line)
