"""The places as data drawn in the browser: contrast of stop numbers, precision, spreading, arrows, escaping."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from routemap.geo import screen
from routemap.map import build, contrast, layout, places, popups
from routemap.markup import script_source
from routemap.view import filters
from tests.mapdata import group_entries, place_payloads, places_of

REPO = Path(__file__).resolve().parents[1]
SHIPPED_TRIPS = [REPO / "data" / "trip.toml", REPO / "examples" / "long-march" / "trip.toml"]


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast.contrast_ratio("#fff", "#fff") == pytest.approx(1.0)
    assert contrast.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    # the figures: white numbers on the shipped orange and pink fell short of 4.5:1
    assert contrast.contrast_ratio("#ffffff", "#E69F00") == pytest.approx(2.3, abs=0.05)
    assert contrast.contrast_ratio("#ffffff", "#CC79A7") == pytest.approx(3.1, abs=0.05)
    with pytest.raises(ValueError):
        contrast.relative_luminance("orange")


@pytest.mark.parametrize("trip_file", SHIPPED_TRIPS, ids=lambda p: p.parent.name)
def test_every_theme_colour_of_every_shipped_trip_gets_numbers_of_at_least_4_5_to_1(trip_file):
    colours = [t["colour"] for t in tomllib.loads(trip_file.read_text(encoding="utf-8"))["themes"]]
    assert colours
    for colour in colours:
        assert contrast.contrast_ratio(contrast.number_ink(colour), colour) >= contrast.AA_TEXT, colour


def test_any_colour_gets_an_ink_of_at_least_4_5_to_1():
    greys = [f"#{v:02x}{v:02x}{v:02x}" for v in range(256)]
    assert min(contrast.contrast_ratio(contrast.number_ink(c), c) for c in greys) >= 4.5


def test_the_map_sends_each_theme_its_ink(dataset):
    page = build.build_map(filters.apply(dataset)).get_root().render()
    (stops,) = [p for p in place_payloads(page) if p["role"] == "stop"]
    for theme, sent in zip(dataset.trip.themes, stops["themes"], strict=True):
        assert sent == {"colour": theme.colour, "ink": contrast.number_ink(theme.colour)}


def test_each_place_carries_its_precision_and_the_card_says_what_it_means(dataset):
    view = filters.apply(dataset)
    page = build.build_map(view).get_root().render()
    sent = {p["id"]: p["precision"] for p in places_of(page, "stop") + places_of(page, "mentioned")}
    expected = dict(zip(dataset.places["id"], dataset.places["coord_precision"].astype(str), strict=True))
    assert sent == expected
    city_stop = view.stops[view.stops["coord_precision"] == "city"].iloc[0]
    card = popups.place_card_html(city_stop, dataset.trip)
    assert "Location known to the city only" in card
    radii = {p["id"]: p["radius"] for p in places.trip_tables(dataset.trip)["precisions"]}
    assert radii["building"] == 0 < radii["site"] < radii["area"] < radii["city"]
    assert "known to the city or district only" in popups.legend_html(dataset.trip)


def test_the_card_skeleton_has_a_slot_for_every_field_the_browser_fills(dataset):
    skeleton = popups.card_skeleton_html()
    slots = set(re.findall(r'data-f="([a-z_]+)"', skeleton))
    fields = set(popups.card_fields(dataset.places.iloc[0], dataset.trip))
    # the stop number and precision id are sent as data; the browser writes them into their labels
    assert slots == fields - {"stop", "coord_precision"}
    assert set(places.TEXT_FIELDS) | {"stop_label", "kind", "coords_label", "precision"} == slots


def test_text_columns_are_sent_once_per_distinct_value(dataset):
    payload = places.place_payload(dataset.places, dataset.trip, role="stop")
    values, index = payload["text"]["coord_source"]
    assert len(values) == len(set(values)) and len(index) == len(dataset.places)
    assert [values[i] for i in index] == [str(v) for v in dataset.places["coord_source"]]


def test_the_shared_script_holds_nothing_jinja_would_run():
    """branca renders the page as a template once more: the script must come through unchanged."""
    source = script_source("places.js")
    assert not re.search(r"\{[{%#]", source)
    assert places.PlaceScript().source.count("routemapPlaces") >= 1


def test_stops_at_one_point_are_spread_and_lone_stops_stay_put():
    offsets = layout.grouped_offsets([30.0, 30.0, 40.0], [100.0, 100.0, 110.0], None)
    assert offsets[2] == (0.0, 0.0)
    assert offsets[0] != offsets[1]
    assert all(abs(np.hypot(*o) - screen.SPREAD_PX) < 1e-9 for o in offsets[:2])


def test_stops_that_overlap_at_the_zoom_are_spread_around_their_centre():
    lats, lons = [30.0, 30.001, 30.5], [100.0, 100.001, 104.0]
    offsets = layout.grouped_offsets(lats, lons, 5)
    assert offsets[2] == (0.0, 0.0)  # 4 degrees away: about 90 px at zoom 5
    drawn = [np.add(screen.pixel_xy(la, lo, 5), off) for la, lo, off in zip(lats, lons, offsets, strict=True)]
    assert np.hypot(*(drawn[0] - drawn[1])) == pytest.approx(2 * screen.SPREAD_PX, abs=1e-6)


def test_spreading_ten_thousand_stops_is_linear_not_quadratic():
    rng = np.random.default_rng(13)
    lats, lons = rng.uniform(25, 45, 10_000).tolist(), rng.uniform(80, 125, 10_000).tolist()
    offsets = layout.grouped_offsets(lats, lons, 9)  # most stops alone, thousands of groups
    assert len(offsets) == 10_000


def test_every_leg_arrow_is_clear_of_the_stops_at_the_map_pages_zoom_or_drawn_above_them(dataset):
    view = filters.apply(dataset)
    _, zoom = screen.center_zoom(build.bounds(view), padding=screen.PADDING_FOLDED_LEGEND)
    offsets = layout.grouped_offsets(view.stops["lat"].tolist(), view.stops["lon"].tolist(), zoom)
    arrows = layout.arrow_points(view.legs, view.stops, offsets, view.mentioned, build.label_boxes(view, zoom), zoom)
    assert len(arrows) == len(view.legs)
    legs, *_ = build.layers(view, zoom=zoom)
    drawn = group_entries(legs, "legs")
    for leg, (at, clear) in zip(drawn, arrows, strict=True):
        assert tuple(leg["arrow"]) == at
        assert leg["above"] is (not clear)  # route.js draws it above the stops when no part is clear
    for (at, clear), leg in zip(arrows, view.legs.itertuples(), strict=True):
        a, b = (leg.from_lat, leg.from_lon), (leg.to_lat, leg.to_lon)
        if clear:
            x, y = screen.pixel_xy(*at, zoom)
            discs = [
                np.add(screen.pixel_xy(la, lo, zoom), off)
                for la, lo, off in zip(view.stops["lat"], view.stops["lon"], offsets, strict=True)
            ]
            assert min(np.hypot(x - dx, y - dy) for dx, dy in discs) >= layout.DISC_RADIUS + layout.ARROW_RADIUS
        assert at != a and at != b


def test_an_arrow_goes_to_the_clear_part_of_a_leg():
    discs = np.array([[50.0, 0.0, 20.0]])  # a stop sitting on the middle of a 100-px leg
    t, clear = layout.arrow_fraction((0.0, 0.0), (100.0, 0.0), discs, np.empty((0, 4)))
    assert clear and abs(t - 0.5) > 0.3
    t, clear = layout.arrow_fraction((0.0, 0.0), (100.0, 0.0), np.empty((0, 3)), np.empty((0, 4)))
    assert clear and t == pytest.approx(0.5)
    crowd = np.array([[x, 0.0, 20.0] for x in range(0, 101, 10)])
    _, clear = layout.arrow_fraction((0.0, 0.0), (100.0, 0.0), crowd, np.empty((0, 4)))
    assert not clear


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("basemap", ["offline", "gaode"])
def test_stop_cards_picked_from_the_whole_route_are_the_cards_of_the_stops_on_view(dataset, lang, basemap):
    from routemap.view.filters import Selection
    from routemap.view.localize import localize_dataset

    shown = localize_dataset(dataset, lang)
    themes = sorted(shown.trip.theme_by_id)
    for selection in (Selection(), Selection(themes=frozenset(themes[1:3])), Selection(themes=frozenset())):
        view = build.drawn(filters.apply(shown, selection), basemap)
        picked = places.stop_cards(view.stops, view.dataset, lang)
        assert picked == popups.card_columns(view.stops, view.dataset.trip, lang)
        assert len(picked["name"]) == len(view.stops)
