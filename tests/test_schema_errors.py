"""Every kind of bad input, and the message it gets: file, row, column, the bad value, what was expected.

Each test breaks a copy of the shipped data (the ``data_copy`` fixture) the way a
person editing it in a spreadsheet might, and asserts what the loader says. Row
numbers are the line numbers a spreadsheet shows: the header is line 1.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from routemap.load.folder import load_dataset
from routemap.model.errors import DataError, Problem

THEME_IDS = (
    "revolutionary-heritage, civilisational-exchange, protecting-the-planet, "
    "defend-socialist-china, technology-and-prosperity"
)


# --------------------------------------------------------------------------- helpers


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def set_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Put ``value`` in one cell, found by the row's id; return the row's line number."""
    path = folder / file
    rows = read_rows(path)
    col = rows[0].index(column)
    (index,) = [i for i, r in enumerate(rows) if r[0] == row_id]
    rows[index][col] = value
    write_rows(path, rows)
    return index + 1  # one line per record in the shipped files (checked below)


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    error = caught.value
    # The message carries every problem, one a line under a count.
    lines = str(error).splitlines()
    assert lines[0] == f"{len(error.problems)} problem{'s' if len(error.problems) != 1 else ''} in the dataset:"
    assert lines[1:] == [f"  - {p}" for p in error.problems]
    return error.problems


def only(found: list[Problem]) -> Problem:
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --------------------------------------------------------------------------- the fixture itself


def test_shipped_files_have_one_line_per_record(data_copy):
    """``set_cell`` relies on it: a record's line number is its index + 1."""
    for name in ("cities.csv", "legs.csv", "places.csv"):
        text = (data_copy / name).read_text(encoding="utf-8")
        assert len(read_rows(data_copy / name)) == len(text.splitlines())


def test_untouched_copy_loads(data_copy):
    assert len(load_dataset(data_copy).places) == 16


# --------------------------------------------------------------------------- one problem each


def test_missing_column_is_named_once_in_the_header(data_copy):
    path = data_copy / "places.csv"
    rows = read_rows(path)
    col = rows[0].index("place_basis")
    write_rows(path, [r[:col] + r[col + 1 :] for r in rows])
    problem = only(problems(data_copy))
    assert (problem.file, problem.row, problem.column) == ("places.csv", 1, "place_basis")
    assert str(problem) == (
        "places.csv, row 1, column 'place_basis': expected a column named 'place_basis' in the header"
    )


def test_unknown_theme(data_copy):
    row = set_cell(
        data_copy, "places.csv", "dunhuang-shouhang-csp-plant", "themes", "protecting-the-planet;green-energy"
    )
    assert row == 9
    assert str(only(problems(data_copy))) == (
        "places.csv, row 9, column 'themes': got 'green-energy', expected theme ids "
        f"separated by ';', each one of {THEME_IDS}"
    )


def test_themes_with_only_separators(data_copy):
    """Not a crash when the first theme is taken for the marker's colour."""
    set_cell(data_copy, "places.csv", "jiayuguan-qimu-dairy", "themes", ";")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (12, "themes", ";")
    assert problem.expected == f"at least one theme id, one of {THEME_IDS}"


def test_theme_label_instead_of_id(data_copy):
    set_cell(data_copy, "places.csv", "jiaxing-red-boat", "themes", "Celebrating revolutionary heritage")
    problem = only(problems(data_copy))
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "places.csv",
        17,
        "themes",
        "Celebrating revolutionary heritage",
    )


def test_unknown_kind(data_copy):
    set_cell(data_copy, "places.csv", "yanan-revolutionary-memorial-hall", "kind", "musuem")
    assert str(only(problems(data_copy))) == (
        "places.csv, row 4, column 'kind': got 'musuem', expected a kind declared in trip.toml (one of "
        "revolutionary-site, museum, conference, meeting, performance, energy, enterprise, technology, heritage-site)"
    )


def test_unknown_leg_mode(data_copy):
    set_cell(data_copy, "legs.csv", "yanan-dunhuang", "mode", "plane")
    problem = only(problems(data_copy))
    assert (problem.file, problem.row, problem.column, problem.value) == ("legs.csv", 3, "mode", "plane")
    assert problem.expected == "one of train, flight, road, foot, boat, unknown"


def test_date_outside_the_trip(data_copy):
    set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", "date", "2025-06-30")
    assert str(only(problems(data_copy))) == (
        "places.csv, row 6, column 'date': got '2025-06-30', expected a day of the trip (2025-05-26 to 2025-06-05)"
    )


def test_leg_date_outside_the_trip(data_copy):
    set_cell(data_copy, "legs.csv", "xian-yanan", "date", "2024-05-28")
    problem = only(problems(data_copy))
    assert (problem.file, problem.row, problem.column, problem.value) == ("legs.csv", 2, "date", "2024-05-28")
    assert problem.expected == "a day of the trip (2025-05-26 to 2025-06-05)"


def test_date_not_iso(data_copy):
    set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", "date", "30/05/2025")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value, problem.expected) == (
        6,
        "date",
        "30/05/2025",
        "a date as YYYY-MM-DD, or blank",
    )


def test_best_date_outside_its_own_window(data_copy):
    set_cell(data_copy, "places.csv", "shanghai-first-congress-site", "date", "2025-06-01")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (14, "date_earliest", "2025-06-02")
    assert problem.expected == "a day on or before 'date' (2025-06-01)"


def test_visited_place_without_a_date(data_copy):
    set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", "date", "")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value, problem.expected) == (
        6,
        "date",
        "",
        "a value for a visited place",
    )


def test_mentioned_place_with_a_date(data_copy):
    set_cell(data_copy, "places.csv", "dunhuang-mogao-caves", "date", "2025-05-30")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (16, "date", "2025-05-30")
    assert problem.expected.startswith("blank: a place only mentioned was not visited on this trip")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("lat", "134.25833", "a latitude: a decimal number of degrees from -90 to 90"),
        ("lat", "-91", "a latitude: a decimal number of degrees from -90 to 90"),
        ("lon", "208.92861", "a longitude: a decimal number of degrees from -180 to 180"),
        ("lon", "-181", "a longitude: a decimal number of degrees from -180 to 180"),
    ],
)
def test_coordinate_out_of_range(data_copy, column, value, expected):
    row = set_cell(data_copy, "cities.csv", "xian", column, value)
    found = problems(data_copy)
    assert str(found[0]) == f"cities.csv, row {row}, column '{column}': got '{value}', expected {expected}"
    # Out of range is also outside China: said once more, with the whole point.
    assert len(found) == 2
    assert (found[1].row, found[1].column) == (row, "lat, lon")
    assert found[1].expected == "a point in China (latitude 18.0 to 54.0, longitude 73.0 to 135.5)"


def test_point_outside_china(data_copy):
    """London's coordinates for Xi'an: valid numbers, wrong country."""
    set_cell(data_copy, "cities.csv", "xian", "lat", "51.5")
    set_cell(data_copy, "cities.csv", "xian", "lon", "-0.12")
    assert str(only(problems(data_copy))) == (
        "cities.csv, row 2, column 'lat, lon': got '51.5, -0.12', "
        "expected a point in China (latitude 18.0 to 54.0, longitude 73.0 to 135.5)"
    )


def test_swapped_latitude_and_longitude_inside_both_ranges(data_copy):
    """Shanghai entered as (121.46, 31.22): outside China, inside it with the two swapped.

    China's longitudes are all above 90, so a swapped Chinese point also breaks the
    latitude range; both are said, the swap with its hint.
    """
    set_cell(data_copy, "cities.csv", "shanghai", "lat", "121.45806")
    set_cell(data_copy, "cities.csv", "shanghai", "lon", "31.22222")
    found = problems(data_copy)
    swapped = [p for p in found if p.column == "lat, lon"]
    assert str(only(swapped)) == (
        "cities.csv, row 6, column 'lat, lon': got '121.45806, 31.22222', expected latitude and "
        "longitude the right way round: this point is in China only with the two swapped"
    )
    assert [(p.column, p.value) for p in found if p is not swapped[0]] == [("lat", "121.45806")]


def test_swapped_place_coordinates(data_copy):
    set_cell(data_copy, "places.csv", "shanghai-first-congress-site", "lat", "121.4707")
    set_cell(data_copy, "places.csv", "shanghai-first-congress-site", "lon", "31.2221")
    swapped = [p for p in problems(data_copy) if p.column == "lat, lon"]
    assert (only(swapped).file, swapped[0].row) == ("places.csv", 14)
    assert "right way round" in swapped[0].expected


def test_duplicate_id(data_copy):
    set_cell(data_copy, "places.csv", "yanan-7th-congress-hall", "id", "yanan-leaders-caves")
    found = problems(data_copy)
    assert [str(p) for p in found] == [
        f"places.csv, row {row}, column 'id': got 'yanan-leaders-caves', expected an id used by no other row"
        for row in (2, 3)
    ]


def test_leg_naming_an_unknown_city(data_copy):
    set_cell(data_copy, "legs.csv", "xian-yanan", "to", "yenan")
    assert str(only(problems(data_copy))) == (
        "legs.csv, row 2, column 'to': got 'yenan', expected the id of a city in cities.csv "
        "(one of dunhuang, jiaxing, jiayuguan, shanghai, xian, yanan)"
    )


def test_leg_to_a_city_only_mentioned(data_copy):
    set_cell(data_copy, "legs.csv", "jiayuguan-shanghai", "to", "jiaxing")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (5, "to", "jiaxing")
    assert problem.expected == "a visited city: this one is only mentioned"


def test_place_in_an_unknown_city(data_copy):
    set_cell(data_copy, "places.csv", "dunhuang-mogao-caves", "city", "mogao")
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (16, "city", "mogao")
    assert problem.expected.startswith("the id of a city in cities.csv (one of dunhuang, jiaxing")


@pytest.mark.parametrize("value", ["34,25833", "34.2.5", "N34.26", "nan", "inf", "3_4.25", "３４.２５"])
def test_unparseable_number(data_copy, value):
    """Nothing is coerced: not a decimal comma, nor what Python's float() also takes."""
    set_cell(data_copy, "cities.csv", "xian", "lat", value)
    assert str(only(problems(data_copy))) == (
        f"cities.csv, row 2, column 'lat': got '{value}', "
        "expected a latitude: a decimal number of degrees from -90 to 90"
    )


@pytest.mark.parametrize("value", ["first", "1.0", "²"])
def test_unparseable_city_order(data_copy, value):
    set_cell(data_copy, "cities.csv", "yanan", "order", value)
    problem = only(problems(data_copy))
    assert (problem.row, problem.column, problem.value) == (3, "order", value)
    assert problem.expected.startswith("a whole number")


def test_file_not_utf8(data_copy):
    """Saved from a spreadsheet in the Chinese Windows code page (GBK), the first 中文 name fails."""
    path = data_copy / "places.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    problem = only(problems(data_copy))
    assert (problem.file, problem.row, problem.column) == ("places.csv", 2, None)
    assert problem.value == "bytes d1 ee bc d2"  # 杨家 in GBK
    assert problem.expected.startswith("UTF-8 text (byte ")
    assert problem.expected.endswith("save the file as UTF-8)")


def test_utf8_with_byte_order_mark_is_fine(data_copy):
    """Excel's "CSV UTF-8" writes a BOM; it is UTF-8 and loads."""
    path = data_copy / "legs.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset(data_copy).legs) == 4


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "legs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert str(only(problems(data_copy))) == (
        "legs.csv, row 3: got '12 cells', expected 11 cells, as many as the header has columns"
    )


def test_row_with_too_few_cells(data_copy):
    path = data_copy / "cities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = "jiaxing,Jiaxing,嘉兴,Zhejiang\n"
    path.write_text("".join(lines), encoding="utf-8")
    found = problems(data_copy)
    assert str(found[0]) == ("cities.csv, row 7: got '4 cells', expected 11 cells, as many as the header has columns")
    # The short row is not dropped quietly: the places in Jiaxing now name an unknown city.
    assert [(p.file, p.row, p.column, p.value) for p in found[1:]] == [("places.csv", 17, "city", "jiaxing")]


def test_missing_file(data_copy):
    (data_copy / "legs.csv").unlink()
    problem = only(problems(data_copy))
    assert (problem.file, problem.row) == ("legs.csv", None)
    assert problem.expected == f"the file {data_copy / 'legs.csv'} to exist"


def test_path_that_is_neither_folder_nor_itinerary(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello", encoding="utf-8")
    problem = only(problems(path))
    assert problem.expected == (
        f"a data folder or an itinerary .geojson file at {path} (or a .kml, .kmz, .csv or .zip file to import)"
    )


def test_trip_dates_not_dates(data_copy):
    path = data_copy / "trip.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("start = 2025-05-26", 'start = "26 May"'), encoding="utf-8"
    )
    problem = only(problems(data_copy))
    assert (problem.file, problem.column, problem.value, problem.expected) == (
        "trip.toml",
        "start",
        "26 May",
        "a date such as 2024-04-01",
    )


# --------------------------------------------------------------------------- all at once


def test_every_problem_of_every_file_is_reported_together(data_copy):
    set_cell(data_copy, "places.csv", "yanan-revolutionary-memorial-hall", "kind", "musuem")  # row 4
    set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", "date", "2025-07-01")  # row 6
    set_cell(data_copy, "places.csv", "jiayuguan-zixuan-winery", "themes", "wine")  # row 11
    set_cell(data_copy, "places.csv", "jiayuguan-zixuan-winery", "lon", "98,28618")  # row 11
    set_cell(data_copy, "places.csv", "shanghai-lenovo-future-center", "id", "shanghai-first-congress-site")
    set_cell(data_copy, "legs.csv", "yanan-dunhuang", "from", "yenan")  # row 3
    set_cell(data_copy, "cities.csv", "dunhuang", "lat", "94.68333")  # row 4
    set_cell(data_copy, "cities.csv", "dunhuang", "lon", "40.16667")
    found = {(p.file, p.row, p.column, p.value) for p in problems(data_copy)}
    assert found == {
        ("places.csv", 4, "kind", "musuem"),
        ("places.csv", 6, "date", "2025-07-01"),
        ("places.csv", 11, "themes", "wine"),
        ("places.csv", 11, "lon", "98,28618"),
        ("places.csv", 14, "id", "shanghai-first-congress-site"),
        ("places.csv", 15, "id", "shanghai-first-congress-site"),
        ("legs.csv", 3, "from", "yenan"),
        ("cities.csv", 4, "lat", "94.68333"),
        ("cities.csv", 4, "lat, lon", "94.68333, 40.16667"),
    }


def test_trip_start_with_a_time_of_day(data_copy):
    """A TOML date-time is not a day (and once crashed comparing itself with the end date)."""
    path = data_copy / "trip.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("start = 2025-05-26", "start = 2025-05-26T09:00:00"), encoding="utf-8"
    )
    assert str(only(problems(data_copy))) == (
        "trip.toml, column 'start': got '2025-05-26 09:00:00', expected a date such as 2024-04-01"
    )
