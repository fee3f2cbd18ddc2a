"""The GeoJSON export against RFC 7946's structure, and the file read back as an itinerary."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from routemap.export import geojson
from routemap.load.folder import load_dataset
from routemap.model.errors import DataError
from routemap.view import filters
from routemap.view.filters import Selection

#: The place properties issue 2 asks for, in its order.
ISSUE_PLACE_PROPERTIES = (
    "id",
    "name",
    "name_zh",
    "city",
    "kind",
    "date",
    "date_certainty",
    "themes",
    "status",
    "description",
    "source_quote",
    "coord_source",
    "coord_precision",
)
ISSUE_LEG_PROPERTIES = ("from", "to", "date", "mode", "distance_km")


@pytest.fixture(scope="module")
def collection(dataset) -> dict:
    """The whole route, through JSON text and back, as a client would read it."""
    return json.loads(geojson.dumps(filters.apply(dataset)))


def points(collection: dict) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in collection["features"] if f["geometry"]["type"] == "Point"}


def lines(collection: dict) -> list[dict]:
    return [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]


# --------------------------------------------------------------------------- RFC 7946 structure


def test_one_feature_collection(collection):
    assert collection["type"] == "FeatureCollection"
    assert isinstance(collection["features"], list)
    assert "crs" not in collection  # RFC 7946 section 4: WGS-84 only, no crs member


def test_every_feature_has_type_geometry_and_properties(collection):
    assert len(collection["features"]) == 16 + 4
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["geometry"], dict)
        assert isinstance(feature["properties"], dict)
        assert isinstance(feature["id"], str)  # RFC 7946 3.2: a string or a number
        assert feature["id"] == feature["properties"].get("id", feature["id"])


def test_point_positions_are_longitude_then_latitude(collection, dataset):
    """RFC 7946 3.1.1: [longitude, latitude]. Xi'an's area is near 108.9 E, 34.3 N."""
    xian = next(c for c in collection["routemap"]["cities"] if c["id"] == "xian")
    leg = next(f for f in lines(collection) if f["properties"]["from"] == "xian")
    lon, lat = leg["geometry"]["coordinates"][0]
    assert (lon, lat) == (xian["lon"], xian["lat"])
    assert lon == pytest.approx(108.9, abs=0.1)
    assert lat == pytest.approx(34.26, abs=0.1)
    places = dataset.places.set_index("id")
    for place_id, feature in points(collection).items():
        coordinates = feature["geometry"]["coordinates"]
        assert len(coordinates) == 2
        assert coordinates == [places.loc[place_id, "lon"], places.loc[place_id, "lat"]]
        assert 73 <= coordinates[0] <= 135.5 and 18 <= coordinates[1] <= 54  # lon in China's lon range


def test_yanan_caves_point(collection):
    lon, lat = points(collection)["yanan-leaders-caves"]["geometry"]["coordinates"]
    assert (lon, lat) == (109.49167, 36.59889)


def test_a_line_string_per_leg(collection):
    legs = lines(collection)
    assert [(f["properties"]["from"], f["properties"]["to"]) for f in legs] == [
        ("xian", "yanan"),
        ("yanan", "dunhuang"),
        ("dunhuang", "jiayuguan"),
        ("jiayuguan", "shanghai"),
    ]
    for feature in legs:
        coordinates = feature["geometry"]["coordinates"]
        assert len(coordinates) >= 2 and all(len(p) == 2 for p in coordinates)
        assert set(ISSUE_LEG_PROPERTIES) <= set(feature["properties"])


def test_leg_properties(collection):
    first = lines(collection)[0]["properties"]
    assert {k: first[k] for k in ISSUE_LEG_PROPERTIES} == {
        "from": "xian",
        "to": "yanan",
        "date": "2025-05-28",
        "mode": "train",
        "distance_km": 264.7,
    }
    assert [f["properties"]["mode"] for f in lines(collection)[1:]] == ["unknown"] * 3
    assert all(isinstance(f["properties"]["distance_km"], float) for f in lines(collection))


def test_place_properties_are_the_issue_s_list(collection):
    assert geojson.PLACE_PROPERTIES == ISSUE_PLACE_PROPERTIES
    expected = {*ISSUE_PLACE_PROPERTIES, *geojson.EXTRA_PLACE_PROPERTIES, "stop"}
    for feature in points(collection).values():
        assert set(feature["properties"]) == expected


def test_place_property_values(collection):
    csp = points(collection)["dunhuang-shouhang-csp-plant"]["properties"]
    assert csp["themes"] == ["protecting-the-planet", "technology-and-prosperity"]
    assert (csp["date"], csp["date_certainty"], csp["status"], csp["kind"]) == (
        "2025-05-31",
        "stated",
        "visited",
        "energy",
    )
    assert (csp["coord_precision"], csp["city"]) == ("site", "dunhuang")
    assert csp["name_zh"] == "首航高科敦煌100兆瓦熔盐塔式光热电站"
    assert csp["source_quote"].startswith("On 31 May we visited the Shouhang Dunhuang")


def test_themes_are_always_a_list(collection):
    for feature in points(collection).values():
        themes = feature["properties"]["themes"]
        assert isinstance(themes, list) and themes and all(isinstance(t, str) for t in themes)


def test_mentioned_places_are_never_stops(collection):
    features = points(collection)
    mentioned = {k: f["properties"] for k, f in features.items() if f["properties"]["status"] == "mentioned"}
    assert set(mentioned) == {"jiaxing-red-boat", "dunhuang-mogao-caves"}
    for props in mentioned.values():
        assert props["stop"] is None
        assert props["date"] is None
        assert props["date_certainty"] is None
    stops = sorted(f["properties"]["stop"] for f in features.values() if f["properties"]["status"] == "visited")
    assert stops == list(range(1, 15))
    assert all(type(s) is int for s in stops)  # 1, not 1.0


def test_foreign_member_carries_trip_and_cities(collection):
    meta = collection["routemap"]
    assert meta["version"] == geojson.FORMAT_VERSION
    assert (meta["trip"]["start"], meta["trip"]["end"]) == ("2025-05-26", "2025-06-05")
    assert [c["id"] for c in meta["cities"]] == ["xian", "yanan", "dunhuang", "jiayuguan", "shanghai", "jiaxing"]
    assert meta["cities"][-1]["order"] is None


def test_chinese_names_are_written_as_text(dataset):
    text = geojson.dumps(filters.apply(dataset))
    assert "中共七大会址" in text
    assert text.endswith("}\n")


def test_a_filtered_view_exports_only_what_it_shows(dataset):
    view = filters.apply(dataset, Selection(themes=frozenset({"defend-socialist-china"})))
    collection = json.loads(geojson.dumps(view))
    assert list(points(collection)) == ["shanghai-fudan-china-institute-dialogue"]
    assert points(collection)["shanghai-fudan-china-institute-dialogue"]["properties"]["stop"] == 12


# --------------------------------------------------------------------------- read back


def strip_row(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns="row").sort_values("id").reset_index(drop=True)


def test_round_trip_gives_the_same_dataset(dataset, tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(geojson.dumps(filters.apply(dataset)), encoding="utf-8")
    again = load_dataset(path)
    assert again.trip == dataset.trip
    pd.testing.assert_frame_equal(strip_row(again.places), strip_row(dataset.places))
    pd.testing.assert_frame_equal(strip_row(again.legs), strip_row(dataset.legs))
    pd.testing.assert_frame_equal(strip_row(again.cities), strip_row(dataset.cities))


def test_round_trip_keeps_the_stops(dataset, tmp_path):
    path = tmp_path / "route.geojson"
    path.write_text(geojson.dumps(filters.apply(dataset)), encoding="utf-8")
    again = filters.apply(load_dataset(path))
    assert list(again.stops["id"]) == list(filters.apply(dataset).stops["id"])
    assert list(again.mentioned["id"]) == ["dunhuang-mogao-caves", "jiaxing-red-boat"]


def write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "itinerary.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def read_problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    return [str(p) for p in caught.value.problems]


def test_reading_back_swapped_point(collection, tmp_path):
    """A tool that writes [lat, lon] is caught, with the feature's number."""
    doc = json.loads(json.dumps(collection))
    feature = doc["features"][0]
    feature["geometry"]["coordinates"].reverse()
    found = read_problems(write(tmp_path, doc))
    assert found == [
        "itinerary.geojson (places), feature 1, column 'lat': got '109.49167', "
        "expected a latitude: a decimal number of degrees from -90 to 90",
        "itinerary.geojson (places), feature 1, column 'lat, lon': got '109.49167, 36.59889', "
        "expected latitude and longitude the right way round: this point is in China only with the two swapped",
    ]


def test_reading_back_a_plain_feature_collection(tmp_path):
    path = write(tmp_path, {"type": "FeatureCollection", "features": []})
    assert read_problems(path) == [
        "itinerary.geojson, column 'routemap': expected the 'routemap' member with the trip and its cities, "
        "as `routemap export --format geojson` writes it"
    ]


def test_reading_back_not_a_feature_collection(tmp_path):
    assert read_problems(write(tmp_path, {"type": "Feature"})) == [
        "itinerary.geojson, column 'type': got 'Feature', expected a GeoJSON FeatureCollection"
    ]


def test_reading_back_invalid_json(tmp_path):
    path = tmp_path / "broken.geojson"
    path.write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")
    (problem,) = read_problems(path)
    assert problem.startswith("broken.geojson, line 2: expected valid JSON (")


@pytest.mark.parametrize(
    ("feature", "shown"),
    [
        ("oops", "'oops'"),
        ({"type": "Feature", "geometry": [1, 2], "properties": {}}, None),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": [1]}, None),
    ],
)
def test_reading_back_a_malformed_feature_is_a_problem_not_a_crash(collection, tmp_path, feature, shown):
    doc = json.loads(json.dumps(collection))
    doc["features"].append(feature)
    (problem,) = read_problems(write(tmp_path, doc))
    assert problem.startswith("itinerary.geojson, feature 21: got ")
    assert problem.endswith("expected a Feature object whose geometry and properties are objects")
    if shown:
        assert shown in problem
