"""The shipped dataset: it loads, its dtypes are real, and every place says where its facts come from."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from routemap.load.folder import load_dataset
from routemap.model import route
from routemap.model.vocab import CERTAINTIES, MODES, PRECISIONS, STATUSES

TRIP = load_dataset().trip  # the shipped trip declares its own themes and kinds

VISITED_CITIES = ["xian", "yanan", "dunhuang", "jiayuguan", "shanghai"]
MENTIONED_PLACES = {"jiaxing-red-boat": "jiaxing", "dunhuang-mogao-caves": "dunhuang"}


def test_trip_is_the_article_s_dates(dataset):
    assert (dataset.trip.start.isoformat(), dataset.trip.end.isoformat()) == ("2025-05-26", "2025-06-05")
    assert len(dataset.trip.days) == 11


@pytest.mark.parametrize("column", ["date", "date_earliest", "date_latest"])
def test_place_and_leg_dates_are_datetimes(dataset, column):
    assert pd.api.types.is_datetime64_any_dtype(dataset.places[column])
    assert pd.api.types.is_datetime64_any_dtype(dataset.legs[column])


@pytest.mark.parametrize(
    ("column", "categories"),
    [
        ("kind", [k.slug for k in TRIP.kinds]),
        ("status", list(STATUSES)),
        ("theme", [t.slug for t in TRIP.themes]),
        ("coord_precision", list(PRECISIONS)),
        ("date_certainty", list(CERTAINTIES)),
        ("place_certainty", list(CERTAINTIES)),
    ],
)
def test_place_vocabularies_are_categoricals_of_the_vocabulary(dataset, column, categories):
    series = dataset.places[column]
    assert isinstance(series.dtype, pd.CategoricalDtype)
    assert list(series.cat.categories) == categories
    assert series.notna().all() or column == "date_certainty"  # mentioned places have no date


def test_leg_mode_and_city_precision_are_categoricals(dataset):
    assert list(dataset.legs["mode"].cat.categories) == list(MODES)
    assert isinstance(dataset.cities["coord_precision"].dtype, pd.CategoricalDtype)
    assert str(dataset.cities["order"].dtype) == "Int64"


@pytest.mark.parametrize("frame", ["places", "cities"])
def test_coordinates_are_float64(dataset, frame):
    table = getattr(dataset, frame)
    assert table["lat"].dtype == "float64"
    assert table["lon"].dtype == "float64"


def test_fourteen_stops_and_two_mentioned_places(dataset):
    places = dataset.places
    assert len(places) == 16
    assert (places["status"] == "visited").sum() == 14
    mentioned = places[places["status"] == "mentioned"]
    assert dict(zip(mentioned["id"], mentioned["city"], strict=True)) == MENTIONED_PLACES


def test_mentioned_places_are_never_stops(dataset):
    stops = route.stops(dataset.places)
    assert len(stops) == 14
    assert list(stops["stop"]) == list(range(1, 15))
    assert not set(MENTIONED_PLACES) & set(stops["id"])


def test_stops_run_in_date_order_from_yanan_to_shanghai(dataset):
    stops = route.stops(dataset.places)
    assert stops["date"].is_monotonic_increasing
    assert stops["id"].iloc[0] == "yanan-leaders-caves"
    assert stops["id"].iloc[-1] == "shanghai-lenovo-future-center"


def test_the_article_s_stated_dates(dataset):
    """The four days the article names: 28 May (train), 30 May, 31 May and 3 June."""
    places = dataset.places.set_index("id")
    stated = places[places["date_certainty"] == "stated"]
    assert {k: v.date().isoformat() for k, v in stated["date"].items()} == {
        "dunhuang-dialogue-opening": "2025-05-30",
        "dunhuang-shouhang-csp-plant": "2025-05-31",
        "shanghai-fudan-china-institute-dialogue": "2025-06-03",
    }
    train = dataset.legs.set_index("id").loc["xian-yanan"]
    assert (train["date"].date().isoformat(), train["mode"], train["date_certainty"]) == (
        "2025-05-28",
        "train",
        "stated",
    )


def test_cities_in_route_order(dataset):
    cities = dataset.cities
    visited = cities[cities["status"] == "visited"].sort_values("order")
    assert list(visited["id"]) == VISITED_CITIES
    assert list(visited["order"]) == [1, 2, 3, 4, 5]
    jiaxing = cities.set_index("id").loc["jiaxing"]
    assert jiaxing["status"] == "mentioned"
    assert pd.isna(jiaxing["order"])


def test_legs_join_consecutive_cities(dataset):
    legs = dataset.legs.sort_values("date")
    assert list(zip(legs["from"], legs["to"], strict=True)) == list(itertools.pairwise(VISITED_CITIES))


def test_every_visited_place_has_a_date_inside_the_trip_with_its_basis(dataset):
    visited = dataset.places[dataset.places["status"] == "visited"]
    start, end = pd.Timestamp(dataset.trip.start), pd.Timestamp(dataset.trip.end)
    assert visited["date"].between(start, end).all()
    assert visited["date_certainty"].isin(["stated", "inferred"]).all()
    assert (visited["date_basis"].str.len() > 10).all()


def test_inferred_dates_sit_inside_their_window(dataset):
    places = dataset.places
    windowed = places[places["date_earliest"].notna()]
    assert len(windowed) >= 10
    assert (windowed["date_earliest"] <= windowed["date"]).all()
    assert (windowed["date"] <= windowed["date_latest"]).all()


def test_mentioned_places_have_no_date(dataset):
    mentioned = dataset.places[dataset.places["status"] == "mentioned"]
    assert mentioned["date"].isna().all()
    assert mentioned["date_certainty"].isna().all()


def test_every_place_has_themes_coordinate_and_provenance(dataset):
    places = dataset.places
    known = {t.slug for t in dataset.trip.themes}
    for place in places.itertuples():
        assert place.themes, place.id
        assert set(place.themes) <= known, place.id
        assert place.theme == place.themes[0]
        assert 18 <= place.lat <= 54 and 73 <= place.lon <= 135.5, place.id
        assert place.coord_source.strip(), place.id
        assert place.coord_precision in PRECISIONS, place.id
        assert place.source_quote.strip(), place.id
        assert place.place_certainty in CERTAINTIES and place.place_basis.strip(), place.id
        assert place.name_zh.strip() and place.description.strip(), place.id


def test_every_theme_of_the_article_has_a_place(dataset):
    used = {t for themes in dataset.places["themes"] for t in themes}
    assert used == {t.slug for t in dataset.trip.themes}


def test_places_sit_near_their_city(dataset):
    """A coordinate pasted into the wrong row shows as a place far from its own city."""
    cities = dataset.cities.set_index("id")
    for place in dataset.places.itertuples():
        city = cities.loc[place.city]
        km = route.distance_km((place.lat, place.lon), (city["lat"], city["lon"]))
        assert km < 40, f"{place.id} is {km:.0f} km from {place.city}"


def test_precise_places_have_a_precise_source(dataset):
    """A point finer than a city names its reference; a city-precision point says it is the city's."""
    for place in dataset.places.itertuples():
        if place.coord_precision == "city":
            assert "city centre" in place.coord_source, place.id
        else:
            assert "city centre" not in place.coord_source, place.id


def test_rows_are_spreadsheet_line_numbers(dataset):
    assert list(dataset.places["row"]) == list(range(2, 18))
    assert list(dataset.legs["row"]) == [2, 3, 4, 5]
