"""The trip's days: plausible years, in order, no more than the limit; and date cells no trip can hold."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from routemap.export import geojson
from routemap.load.folder import load_dataset
from routemap.load.read import Trip, check_trip
from routemap.model.limits import DEFAULT_LIMITS, Limits
from routemap.view import filters
from tests.hostile.cases import HOSTILE_CELL_DATES, HOSTILE_TRIPS, move_to_year, only, refused, set_cell, set_trip

START = date(2025, 5, 26)


@pytest.mark.parametrize("case", HOSTILE_TRIPS)
def test_trip_days_past_the_limits_are_refused_in_trip_toml(data_copy, case):
    start, end, key, expected = HOSTILE_TRIPS[case]
    set_trip(data_copy, start, end)
    problem = only(refused(data_copy))
    assert (problem.file, problem.row, problem.column) == ("trip.toml", None, key)
    assert problem.value == (start if key == "start" else end)
    assert problem.expected.startswith(expected)


def test_an_absurd_end_names_the_file_the_key_and_the_limit(data_copy):
    set_trip(data_copy, "2025-05-26", "9999-12-31")
    assert str(only(refused(data_copy))) == (
        "trip.toml, column 'end': got '9999-12-31', expected a date in the years 1000 to 2999 (routemap's limit)"
    )


def test_a_span_one_day_too_long_says_how_long_it_is(data_copy):
    end = START + timedelta(days=DEFAULT_LIMITS.max_trip_days)
    set_trip(data_copy, START.isoformat(), end.isoformat())
    assert str(only(refused(data_copy))) == (
        f"trip.toml, column 'end': got '{end.isoformat()}', expected a trip of at most 3,660 days, "
        "first and last included (routemap's limit); from 2025-05-26 that makes 3,661 days"
    )


def test_a_trip_of_exactly_the_limit_loads(data_copy):
    end = START + timedelta(days=DEFAULT_LIMITS.max_trip_days - 1)
    set_trip(data_copy, START.isoformat(), end.isoformat())
    trip = load_dataset(data_copy).trip
    assert len(trip.days) == DEFAULT_LIMITS.max_trip_days
    assert trip.days[0] == START and trip.days[-1] == end


def test_a_year_long_march_fits():
    long_march = Trip("The Long March", date(1934, 10, 16), date(1935, 10, 22))
    assert check_trip(long_march, "trip.toml") == (long_march, [])
    assert len(long_march.days) == 372


def test_a_raised_limit_takes_a_longer_trip(data_copy):
    end = START + timedelta(days=DEFAULT_LIMITS.max_trip_days)
    set_trip(data_copy, START.isoformat(), end.isoformat())
    longer = Limits(max_trip_days=DEFAULT_LIMITS.max_trip_days + 1)
    assert len(load_dataset(data_copy, limits=longer).trip.days) == DEFAULT_LIMITS.max_trip_days + 1


@pytest.mark.parametrize("year", [DEFAULT_LIMITS.earliest_year, DEFAULT_LIMITS.latest_year])
def test_a_journey_in_the_first_or_last_plausible_year_loads_with_its_dates_typed(data_copy, year):
    move_to_year(data_copy, year)
    dataset = load_dataset(data_copy)
    assert dataset.trip.days[0] == date(year, 5, 26) and len(dataset.trip.days) == 11
    assert dataset.places["date"].dt.year.dropna().unique().tolist() == [year]
    assert filters.apply(dataset).stops["stop"].tolist() == list(range(1, 15))


# --------------------------------------------------------------------------- the same in an itinerary GeoJSON


@pytest.fixture
def itinerary(dataset) -> dict:
    return json.loads(geojson.dumps(filters.apply(dataset)))


@pytest.mark.parametrize("case", HOSTILE_TRIPS)
def test_trip_days_past_the_limits_are_refused_in_an_itinerary(itinerary, tmp_path, case):
    start, end, key, expected = HOSTILE_TRIPS[case]
    itinerary["routemap"]["trip"].update(start=start, end=end)
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary), encoding="utf-8")
    problem = refused(path)[0]  # the places' dates are then outside the trip: no trip, no such check
    assert (problem.file, problem.column) == ("route.geojson", f"routemap.trip.{key}")
    assert problem.expected.startswith(expected)


# --------------------------------------------------------------------------- date cells


@pytest.mark.parametrize("case", HOSTILE_CELL_DATES)
@pytest.mark.parametrize("column", ["date", "date_earliest"])
def test_a_date_cell_no_trip_can_hold_is_a_problem(data_copy, case, column):
    value, expected = HOSTILE_CELL_DATES[case]
    row = set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", column, value)
    found = refused(data_copy)
    # A window's edge may also be after the best date: a second problem, of the same cell.
    assert {(p.file, p.row, p.column, p.value) for p in found} == {("places.csv", row, column, value)}
    assert found[0].expected.startswith(expected)


@pytest.mark.parametrize("case", HOSTILE_CELL_DATES)
def test_a_date_no_trip_can_hold_in_an_itinerary_is_a_problem(itinerary, tmp_path, case):
    value, expected = HOSTILE_CELL_DATES[case]
    (number,) = [n for n, f in enumerate(itinerary["features"], 1) if f["id"] == "dunhuang-dialogue-opening"]
    itinerary["features"][number - 1]["properties"]["date"] = value
    path = tmp_path / "route.geojson"
    path.write_text(json.dumps(itinerary, ensure_ascii=False), encoding="utf-8")
    problem = only(refused(path))
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "route.geojson (places)",
        number,
        "date",
        value,
    )
    assert problem.expected.startswith(expected)
