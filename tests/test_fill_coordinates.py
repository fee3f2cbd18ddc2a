"""Rows with blank coordinates are looked up offline when the dataset loads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from routemap.load.folder import load_dataset
from routemap.model.errors import DataError
from tests.test_geocode_fakes import no_network  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_network")
BLANK = {"lat": "", "lon": "", "coord_source": "", "coord_precision": ""}


def edit(path: Path, row_id: str, **changes: str) -> None:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert any(r["id"] == row_id for r in rows)
    for row in rows:
        if row["id"] == row_id:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_place_with_blank_coordinates_comes_from_the_cache(data_copy):
    edit(data_copy / "places.csv", "yanan-revolutionary-memorial-hall", **BLANK)
    seen = []
    dataset = load_dataset(data_copy, progress=lambda done, total, name: seen.append((done, total, name)))
    hall = dataset.places.set_index("id").loc["yanan-revolutionary-memorial-hall"]
    assert (hall["lat"], hall["lon"]) == (36.59889, 109.49167)
    assert hall["coord_source"].startswith("looked up (cache): dataset")
    assert hall["coord_precision"] == "city"
    assert seen == [(1, 1, "Yan'an Revolutionary Memorial Hall")]


def test_a_city_unknown_to_the_cache_comes_from_the_gazetteer(data_copy):
    edit(data_copy / "cities.csv", "jiaxing", name="Hangzhou", name_zh="杭州", **BLANK)
    dataset = load_dataset(data_copy)
    city = dataset.cities.set_index("id").loc["jiaxing"]
    assert city["lat"] == pytest.approx(30.29, abs=0.1) and city["lon"] == pytest.approx(120.16, abs=0.1)
    assert city["coord_source"].startswith("looked up (gazetteer): GeoNames")
    assert city["coord_precision"] == "city"


def test_a_place_nobody_knows_is_a_clear_problem_and_nothing_is_invented(data_copy):
    edit(data_copy / "places.csv", "jiayuguan-qimu-dairy", name="Nowhere Farm", **BLANK)
    with pytest.raises(DataError) as err:
        load_dataset(data_copy)
    text = str(err.value)
    assert (
        "places.csv, row 12, column 'lat': got '', expected a value: a coordinate left blank is "
        "looked up when latitude and longitude are both blank, but neither the geocoding cache "
        "nor the offline gazetteer knows this place"
    ) in text
    assert "column 'lon': got ''" in text
    assert "routemap geocode --online --write" in text


def test_the_shipped_dataset_needs_no_lookup(dataset):
    assert not dataset.places["coord_source"].str.startswith("looked up").any()
