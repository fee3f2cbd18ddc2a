"""The Long March example (examples/long-march): checked with plain csv and tomllib.

These check the files' own rules independently of the loader (tests/test_example_trips.py
loads it through routemap): ids, references, dates inside the trip, declared themes and kinds,
points inside the bounds, and every quote verbatim in SOURCES.md.
"""

from __future__ import annotations

import csv
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[1] / "examples" / "long-march"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK = re.compile(r"[\u3400-\u9fff]")
CERTAINTIES = {"stated", "inferred"}
PRECISIONS = {"building", "site", "area", "city"}
MODES = {"train", "flight", "road", "foot", "boat", "unknown"}


def _rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def trip() -> dict:
    return tomllib.loads((FOLDER / "trip.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sources() -> str:
    return (FOLDER / "SOURCES.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cities() -> list[dict[str, str]]:
    return _rows("cities.csv")


@pytest.fixture(scope="module")
def legs() -> list[dict[str, str]]:
    return _rows("legs.csv")


@pytest.fixture(scope="module")
def places() -> list[dict[str, str]]:
    return _rows("places.csv")


def _contrast_with_white(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (lum + 0.05)


def _in_trip(value: str, trip: dict) -> bool:
    return trip["start"] <= date.fromisoformat(value) <= trip["end"]


def _word_runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_trip_keys(trip: dict, sources: str) -> None:
    for key in ("title", "subtitle", "start", "end", "dates_quote", "about", "source", "bounds", "themes", "kinds"):
        assert key in trip, key
    assert isinstance(trip["start"], date) and isinstance(trip["end"], date)
    assert trip["start"] <= trip["end"]
    assert trip["dates_quote"] in sources
    assert "\n" not in trip["subtitle"]
    assert {"title", "publisher", "url", "licence"} <= trip["source"].keys()
    bounds = trip["bounds"]
    assert bounds["south"] < bounds["north"] and bounds["west"] < bounds["east"]


def test_themes_and_kinds_are_declared_well(trip: dict) -> None:
    theme_ids = [t["id"] for t in trip["themes"]]
    kind_ids = [k["id"] for k in trip["kinds"]]
    assert 4 <= len(theme_ids) <= 6 and 4 <= len(kind_ids) <= 8
    for ids in (theme_ids, kind_ids):
        assert len(ids) == len(set(ids))
        assert all(SLUG.match(i) for i in ids)
    for theme in trip["themes"]:
        assert len(theme["short"]) <= 16, theme["id"]
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", theme["colour"]), theme["id"]
        assert _contrast_with_white(theme["colour"]) >= 4.5, theme["id"]
        assert CJK.search(theme["label_zh"]), theme["id"]
    for kind in trip["kinds"]:
        assert len(kind["glyph"]) == 1, kind["id"]
        assert ord(kind["glyph"]) < 0x1F000, f"{kind['id']}: the glyph must not need an emoji font"
        assert CJK.search(kind["label_zh"]), kind["id"]


def _check_point(row: dict[str, str], bounds: dict) -> None:
    lat, lon = float(row["lat"]), float(row["lon"])
    assert bounds["south"] <= lat <= bounds["north"], row["id"]
    assert bounds["west"] <= lon <= bounds["east"], row["id"]
    assert row["coord_source"].strip(), row["id"]
    assert row["coord_precision"] in PRECISIONS, row["id"]


def _check_quote(quote: str, sources: str, *, required: bool) -> None:
    if required:
        assert quote.strip()
    assert len(quote) <= 250
    if quote:
        assert quote in sources, f"not verbatim in SOURCES.md: {quote!r}"


def test_cities(cities: list[dict[str, str]], trip: dict, sources: str) -> None:
    ids = [c["id"] for c in cities]
    assert len(ids) == len(set(ids)) and all(SLUG.match(i) for i in ids)
    orders = []
    for city in cities:
        assert city["name"].strip() and city["province"].strip()
        assert CJK.search(city["name_zh"]), city["id"]
        assert city["status"] in {"visited", "mentioned"}
        if city["status"] == "visited":
            orders.append(int(city["order"]))
        else:
            assert city["order"] == "", city["id"]
        _check_point(city, trip["bounds"])
        _check_quote(city["source_quote"], sources, required=False)
    assert sorted(orders) == list(range(1, len(orders) + 1))


def test_legs(legs: list[dict[str, str]], cities: list[dict[str, str]], trip: dict, sources: str) -> None:
    visited = {c["id"] for c in cities if c["status"] == "visited"}
    ids = [leg["id"] for leg in legs]
    assert len(ids) == len(set(ids)) and all(SLUG.match(i) for i in ids)
    for leg in legs:
        assert leg["from"] in visited and leg["to"] in visited and leg["from"] != leg["to"], leg["id"]
        _check_dates(leg, trip)
        assert leg["mode"] in MODES and leg["mode_basis"].strip(), leg["id"]
        _check_quote(leg["source_quote"], sources, required=False)


def _check_dates(row: dict[str, str], trip: dict) -> None:
    for col in ("date", "date_earliest", "date_latest"):
        if row[col]:
            assert _in_trip(row[col], trip), (row["id"], col)
    assert row["date"], row["id"]
    assert row["date_certainty"] in CERTAINTIES, row["id"]
    assert row["date_basis"].strip(), row["id"]
    if row["date_earliest"]:
        assert row["date_earliest"] <= row["date"], row["id"]
    if row["date_latest"]:
        assert row["date"] <= row["date_latest"], row["id"]
    if row["date_certainty"] == "inferred":
        assert row["date_earliest"] and row["date_latest"], f"{row['id']}: an inferred day needs its window"


def test_places(places: list[dict[str, str]], cities: list[dict[str, str]], trip: dict, sources: str) -> None:
    city_ids = {c["id"] for c in cities}
    themes = {t["id"] for t in trip["themes"]}
    kinds = {k["id"] for k in trip["kinds"]}
    ids = [p["id"] for p in places]
    assert 15 <= len(ids) <= 30
    assert len(ids) == len(set(ids)) and all(SLUG.match(i) for i in ids)
    for place in places:
        pid = place["id"]
        assert place["name"].strip() and CJK.search(place["name_zh"]), pid
        assert place["city"] in city_ids, pid
        assert place["kind"] in kinds, pid
        place_themes = [t.strip() for t in place["themes"].split(";")]
        assert place_themes and set(place_themes) <= themes, pid
        assert place["status"] in {"visited", "mentioned"}, pid
        if place["status"] == "visited":
            _check_dates(place, trip)
        else:
            assert not any(place[c] for c in ("date", "date_earliest", "date_latest", "date_certainty")), pid
            assert place["date_basis"].strip(), pid
        assert 0 < len(place["description"].strip()) <= 400, pid
        _check_quote(place["source_quote"], sources, required=True)
        shared = _word_runs(place["description"]) & _word_runs(place["source_quote"])
        assert not shared, f"{pid}: description shares words with the quote: {shared}"
        assert place["place_certainty"] in CERTAINTIES and place["place_basis"].strip(), pid
        _check_point(place, trip["bounds"])


def test_descriptions_are_not_copied_from_any_passage(places: list[dict[str, str]], sources: str) -> None:
    passages = _word_runs(sources)
    for place in places:
        shared = _word_runs(place["description"]) & passages
        assert not shared, f"{place['id']}: description shares a run of 8 words with SOURCES.md: {shared}"
