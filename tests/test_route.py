"""The route: stops in order and geodesic legs, checked against independently published figures."""

from __future__ import annotations

import pandas as pd
import pytest
from geopy.distance import geodesic

from routemap.model import route


@pytest.fixture(scope="module")
def legs(dataset) -> pd.DataFrame:
    return route.legs_with_geometry(dataset.legs, dataset.cities)


def city(dataset, city_id: str) -> tuple[float, float]:
    row = dataset.cities.set_index("id").loc[city_id]
    return float(row["lat"]), float(row["lon"])


def test_one_degree_of_latitude_at_the_equator():
    """Textbook WGS-84 figure: a degree of latitude at the equator is 110.574 km (geopy is geodesic)."""
    assert route.distance_km((0.0, 0.0), (1.0, 0.0)) == pytest.approx(110.574, abs=0.001)


def test_one_degree_of_longitude_at_the_equator():
    """On the equator a degree of longitude is the semi-major axis (6378.137 km) x pi / 180 = 111.320 km."""
    assert route.distance_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.320, abs=0.001)


def test_xian_to_shanghai_against_a_published_figure(dataset):
    """worldcountrydata.com gives Xi'an–Shanghai as 1,221 km (haversine between its own city points).

    Between the GeoNames points of data/cities.csv the WGS-84 geodesic is about 1,220.7 km;
    different city points and a sphere instead of the ellipsoid account for well under 5 km.
    """
    km = route.distance_km(city(dataset, "xian"), city(dataset, "shanghai"))
    assert km == pytest.approx(1221, abs=5)
    assert km == pytest.approx(1220.7, abs=0.1)


def test_distance_is_symmetric_and_in_kilometres(dataset):
    a, b = city(dataset, "xian"), city(dataset, "yanan")
    assert route.distance_km(a, b) == pytest.approx(route.distance_km(b, a))
    assert route.distance_km(a, b) == pytest.approx(geodesic(a, b).meters / 1000)
    assert route.distance_km(a, a) == 0.0


def test_legs_in_date_order_with_both_ends(legs):
    assert list(legs["id"]) == ["xian-yanan", "yanan-dunhuang", "dunhuang-jiayuguan", "jiayuguan-shanghai"]
    assert list(legs["from_name"]) == ["Xi'an", "Yan'an", "Dunhuang", "Jiayuguan"]
    assert list(legs["to_name"]) == ["Yan'an", "Dunhuang", "Jiayuguan", "Shanghai"]
    assert legs[["from_lat", "from_lon", "to_lat", "to_lon"]].notna().all().all()


def test_every_leg_is_positive_and_its_own_geodesic(dataset, legs):
    assert (legs["distance_km"] > 0).all()
    for _, leg in legs.iterrows():
        expected = geodesic(city(dataset, leg["from"]), city(dataset, leg["to"])).km
        assert leg["distance_km"] == pytest.approx(expected)


def test_leg_lengths(legs):
    """Xi'an–Yan'an about 265 km; Jiayuguan–Shanghai, the longest, about 2,300 km."""
    by_id = legs.set_index("id")["distance_km"]
    assert by_id["xian-yanan"] == pytest.approx(264.7, abs=0.1)
    assert by_id["yanan-dunhuang"] == pytest.approx(1351.2, abs=0.1)
    assert by_id["dunhuang-jiayuguan"] == pytest.approx(310.2, abs=0.1)
    assert by_id["jiayuguan-shanghai"] == pytest.approx(2298.9, abs=0.1)


def test_total_is_the_sum_of_the_legs(legs):
    total = route.total_km(legs)
    assert total == pytest.approx(sum(legs["distance_km"]))
    assert total == pytest.approx(4224.9, abs=0.1)


def test_total_of_no_legs_is_zero(legs):
    assert route.total_km(legs.iloc[0:0]) == 0.0


def test_stops_leave_out_mentioned_places_and_number_from_one(dataset):
    stops = route.stops(dataset.places)
    assert list(stops["stop"]) == list(range(1, 15))
    assert set(stops["status"]) == {"visited"}


def test_stops_of_one_day_keep_the_file_order(dataset):
    """Same date: the order of the rows in places.csv decides, as the article tells them."""
    stops = route.stops(dataset.places)
    yanan = stops[stops["date"] == pd.Timestamp("2025-05-28")]
    assert list(yanan["id"]) == [
        "yanan-leaders-caves",
        "yanan-7th-congress-hall",
        "yanan-revolutionary-memorial-hall",
        "yanan-provincial-lecture",
    ]


def test_stops_follow_dates_not_file_order(dataset):
    places = dataset.places.copy()
    places.loc[places["id"] == "yanan-leaders-caves", "date"] = pd.Timestamp("2025-06-05")
    assert route.stops(places)["id"].iloc[-1] == "yanan-leaders-caves"
