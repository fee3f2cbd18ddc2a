"""GCJ-02 done once: on AutoNavi's tiles every drawn coordinate is shifted, the data never is."""

from __future__ import annotations

import json
from collections.abc import Iterator

import folium
import pandas as pd
import pytest
from branca.element import Element

from routemap.geo import screen
from routemap.geo.gcj02 import wgs84_to_gcj02
from routemap.map import build, datum
from routemap.view import filters, talk
from tests.mapdata import places_of, route_entries


def walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from walk(child)


def stop_positions(m: folium.Map) -> dict[str, tuple[float, float]]:
    """Each stop marker's position (as sent to the browser, to 6 decimals), by the stop id it reports when clicked."""
    return {p["id"]: (p["lat"], p["lon"]) for p in places_of(m.get_root().render(), "stop")}


def near(a, b) -> bool:
    """The same point to the 6 decimals the map sends (about 0.1 m)."""
    return all(x == pytest.approx(y, abs=1e-6) for x, y in zip(a, b, strict=True))


def label_positions(m: folium.Map) -> list[tuple[float, float]]:
    """Positions of the city labels, as sent to the browser."""
    return [tuple(label["at"]) for label in route_entries(m.get_root().render(), "labels")]


def arrow_positions(m: folium.Map) -> list[tuple[float, float]]:
    """Positions of the legs' direction arrows, as sent to the browser."""
    return [tuple(leg["arrow"]) for leg in route_entries(m.get_root().render(), "legs")]


def leg_lines(m: folium.Map) -> list[list[tuple[float, float]]]:
    return [[tuple(p) for p in leg["line"]] for leg in route_entries(m.get_root().render(), "legs")]


def shifted(lat: float, lon: float) -> tuple[float, float]:
    return wgs84_to_gcj02(float(lat), float(lon))


def same(a, b) -> bool:
    return all(x == pytest.approx(y, abs=1e-12) for x, y in zip(a, b, strict=True))


@pytest.fixture
def view(dataset):
    return filters.apply(dataset)


def test_on_gaode_every_stop_marker_sits_at_the_gcj02_of_its_data_coordinate(view):
    m = build.build_map(view, basemap="gaode")
    positions = stop_positions(m)
    assert len(positions) == 14
    for stop in view.stops.itertuples():
        expected = shifted(stop.lat, stop.lon)
        assert near(positions[stop.id], expected), stop.id
        assert not near(positions[stop.id], (stop.lat, stop.lon))  # a real shift, some hundred metres


def test_on_osm_every_stop_marker_sits_at_its_data_coordinate(view):
    positions = stop_positions(build.build_map(view, basemap="osm"))
    for stop in view.stops.itertuples():
        assert near(positions[stop.id], (stop.lat, stop.lon))


@pytest.mark.parametrize("basemap", ["gaode", "osm", "offline"])
def test_city_labels_legs_arrows_and_mentioned_places_follow_the_basemaps_datum(view, dataset, basemap):
    move = shifted if basemap == "gaode" else lambda lat, lon: (float(lat), float(lon))
    m = build.build_map(view, basemap=basemap)
    visited = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    cities = label_positions(m)
    assert len(cities) == len(visited)
    for got, city in zip(cities, visited.itertuples(), strict=True):
        assert same(got, move(city.lat, city.lon)), city.id
    lines = leg_lines(m)
    assert len(lines) == len(view.legs)
    for line, leg in zip(lines, view.legs.itertuples(), strict=True):
        a, b = move(leg.from_lat, leg.from_lon), move(leg.to_lat, leg.to_lon)
        assert same(line[0], a) and same(line[1], b), leg.id
    arrows = arrow_positions(m)
    for arrow, line in zip(arrows, lines, strict=True):
        assert on_screen_line(arrow, line[0], line[1])
    mentioned = places_of(m.get_root().render(), "mentioned")
    assert len(mentioned) == len(view.mentioned)
    for got, place in zip(mentioned, view.mentioned.itertuples(), strict=True):
        assert near((got["lat"], got["lon"]), move(place.lat, place.lon)), place.id


def on_screen_line(point, a, b) -> bool:
    """``point`` lies on the straight screen (Mercator) line from a to b, between them."""
    ya, yb, yp = (screen.mercator_y(p[0]) for p in (a, b, point))
    t = (point[1] - a[1]) / (b[1] - a[1]) if b[1] != a[1] else (yp - ya) / (yb - ya)
    return 0 < t < 1 and yp == pytest.approx(ya + t * (yb - ya), abs=1e-9)


def test_bounds_and_centre_are_those_of_the_shifted_route(view):
    drawn = build.drawn(view, "gaode")
    lats = [shifted(r.lat, r.lon)[0] for r in view.stops.itertuples()]
    lats += [shifted(r.lat, r.lon)[0] for r in view.mentioned.itertuples()]
    lats += [shifted(r.from_lat, r.from_lon)[0] for r in view.legs.itertuples()]
    lats += [shifted(r.to_lat, r.to_lon)[0] for r in view.legs.itertuples()]
    (south, _), (north, _) = build.bounds(drawn)
    assert (south, north) == (pytest.approx(min(lats)), pytest.approx(max(lats)))
    assert build.bounds(drawn) != build.bounds(view)
    assert screen.center_zoom(build.bounds(drawn)) != screen.center_zoom(build.bounds(view))
    page = build.build_map(view, basemap="gaode").get_root().render()
    assert json.dumps(build.bounds(drawn)) in page  # the map is fitted to the shifted route


def test_the_talk_moves_to_the_shifted_stop(view):
    drawn = build.drawn(view, "gaode")
    step = next(s for s in talk.steps(drawn) if s.kind == "stop")
    stop = view.stops.set_index("id").loc[step.key]
    assert same(talk.focus(step, drawn)[0], shifted(stop["lat"], stop["lon"]))
    city_step = next(s for s in talk.steps(drawn, quiet_days=True) if s.kind == "day")
    city = view.dataset.cities.set_index("id").loc[city_step.day.city]
    assert same(talk.focus(city_step, drawn)[0], shifted(city["lat"], city["lon"]))


def test_the_views_data_is_unchanged_and_distances_are_not_measured_again(view, dataset):
    before = {name: getattr(view, name).copy() for name in ("stops", "mentioned", "legs")}
    cities, route_legs = dataset.cities.copy(), dataset.route_legs.copy()
    drawn = build.drawn(view, "gaode")
    build.build_map(view, basemap="gaode")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(view, name), frame)
    pd.testing.assert_frame_equal(dataset.cities, cities)
    pd.testing.assert_frame_equal(dataset.route_legs, route_legs)
    assert list(drawn.legs["distance_km"]) == list(view.legs["distance_km"])
    assert list(drawn.dataset.route_legs["distance_km"]) == list(route_legs["distance_km"])
    assert drawn.summary == view.summary
    # everything but the coordinates is the same
    coords = ["lat", "lon"]
    pd.testing.assert_frame_equal(drawn.stops.drop(columns=coords), view.stops.drop(columns=coords))


def test_only_a_gcj02_basemap_shifts_and_never_twice(view):
    for basemap in ("osm", "esri", "offline", "none"):
        assert build.drawn(view, basemap) is view
    once = build.drawn(view, "gaode")
    assert datum.datum_of(once) == "gcj02" and datum.datum_of(view) == "wgs84"
    assert build.drawn(once, "gaode") is once
    assert stop_positions(build.build_map(once, basemap="gaode")) == stop_positions(
        build.build_map(view, basemap="gaode")
    )
    with pytest.raises(ValueError, match="wgs84"):
        build.drawn(once, "osm")  # no way back to the data's datum: use the view as loaded


def test_points_outside_china_are_not_shifted(view):
    abroad = view.stops.head(2).assign(lat=[51.5, 59.9], lon=[-0.12, 10.75])  # London, Oslo
    moved = datum.shift_frame(abroad, datum.POINTS, wgs84_to_gcj02)
    assert list(moved["lat"]) == [51.5, 59.9] and list(moved["lon"]) == [-0.12, 10.75]


def test_an_empty_view_converts(dataset):
    empty = filters.apply(dataset, filters.Selection(themes=frozenset()))
    drawn = build.drawn(empty, "gaode")
    assert drawn.stops.empty and drawn.legs.empty and build.bounds(drawn) is None
