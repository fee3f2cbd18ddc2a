"""The map's fit at its real width, the city labels' places, and the page legend, without a browser."""

from __future__ import annotations

import json

import folium
import pytest
from streamlit_folium import _get_feature_group_string

from routemap.geo import labels as geolabels
from routemap.geo.screen import pixel_xy, pixels_xy
from routemap.map import build, layout, popups
from routemap.map import fit as mapfit
from routemap.map import labels as maplabels
from routemap.view import figures, filters
from tests.mapdata import group_entries, route_entries


@pytest.fixture(scope="module")
def view(dataset):
    return filters.apply(dataset)


def test_the_route_fit_is_the_route_box_and_a_stop_fit_keeps_clear_of_the_details(view):
    box = build.bounds(view)
    whole = mapfit.route_fit(box)
    assert [list(c) for c in whole.box] == box and whole.max_zoom == 12
    assert whole.estimated_zoom() == 5  # the 900-px guess the server makes before the map answers
    stop = mapfit.route_fit(box, (40.0, 94.0))
    assert stop.box == ((40.0, 94.0), (40.0, 94.0)) and stop.max_zoom == mapfit.STOP_ZOOM
    assert stop.padding == mapfit.PADDING_DETAILS and stop.narrow_padding[1] < stop.padding[1]
    assert mapfit.route_fit(None) is None
    assert whole.key != stop.key and json.loads(whole.key)["box"] == box


def test_the_fit_goes_to_the_browser_as_fitbounds_run_when_its_group_is_added(view):
    fit = mapfit.route_fit(build.bounds(view))
    script = _get_feature_group_string(mapfit.fit_group(fit), folium.Map(), idx=3)
    assert 'feature_group_feature_group_3.once("add"' in script
    assert "map.fitBounds(target.box" in script and "maxZoom: target.maxZoom" in script
    assert json.dumps(fit.target(), sort_keys=True) in script  # the box and padding, as numbers
    assert '"narrowPx": 600' in script
    assert mapfit.fit_group(fit).control is False  # not offered in the layer control


def test_a_label_goes_to_the_nearest_side_no_disc_covers():
    label = geolabels.Label(100, 100, 60)
    assert geolabels.place_labels([label], []) == [(14.0, -11.0)]  # right of the point by default
    right = geolabels.disc_box(140, 100)  # a stop where the label would go
    (dx, dy) = geolabels.place_labels([label], [right])[0]
    placed = (100 + dx, 100 + dy, 160 + dx, 122 + dy)
    assert geolabels.overlap(placed, right) == 0 and dx < 0  # so it goes left


def test_labels_keep_clear_of_each_other_and_inside_the_frame():
    a, b = geolabels.Label(100, 100, 60), geolabels.Label(101, 100, 60)
    (ax, ay), (bx, by) = geolabels.place_labels([a, b], [])
    box_a = (100 + ax, 100 + ay, 160 + ax, 122 + ay)
    box_b = (101 + bx, 100 + by, 161 + bx, 122 + by)
    assert geolabels.overlap(box_a, box_b) == 0
    ((fx, _),) = geolabels.place_labels([a], [], frame=(0, 0, 150, 300))  # no room on the right
    assert 100 + fx + 60 <= 150


def test_label_width_counts_chinese_characters_wide():
    assert geolabels.label_width("敦煌") > geolabels.label_width("ab")


@pytest.mark.parametrize("zoom", [3, 4, 5])
def test_no_city_label_is_placed_under_a_stop_at_the_route_zooms(view, zoom):
    group = build.city_labels(view, zoom)
    cities = filters.visited_cities(view.dataset)
    markers = group_entries(group, "labels")
    assert len(markers) == len(cities) == 5
    points = [pixel_xy(lat, lon, zoom) for lat, lon in zip(view.stops["lat"], view.stops["lon"], strict=True)]
    offsets = layout.grouped_offsets(list(view.stops["lat"]), list(view.stops["lon"]), zoom)
    discs = [geolabels.disc_box(x + dx, y + dy) for (x, y), (dx, dy) in zip(points, offsets, strict=True)]
    for marker, (_, city) in zip(markers, cities.iterrows(), strict=True):
        x, y = pixel_xy(city["lat"], city["lon"], zoom)
        ax, ay = marker["anchor"]
        width = geolabels.label_width(maplabels.label_text(city))
        box = (x - ax, y - ay, x - ax + width, y - ay + geolabels.LABEL_HEIGHT)
        assert all(geolabels.overlap(box, d) == 0 for d in discs), (city["name"], zoom)


def test_exports_place_labels_for_their_zoom_and_the_dashboard_base_has_none(view):
    m = build.build_map(view)
    html = m.get_root().render()
    assert len(route_entries(html, "labels")) == 5
    base = build.base_map(view.dataset, city_labels=False)
    assert route_entries(base.get_root().render(), "labels") == []


def test_the_page_legend_has_a_line_sample_for_every_mode(dataset):
    html = popups.page_legend_html(dataset.trip)
    assert html.count('<img class="ls"') == len(popups.MODE_STYLES)
    assert "data:image/svg+xml," in html and "<svg" not in html  # st.html keeps images, strips inline SVG
    assert html.count("<svg") == 0 and popups.legend_html(dataset.trip).count("<svg") == len(popups.MODE_STYLES)


def test_figures_say_what_they_count(view, dataset):
    shown = {f.label: f.value for f in figures.map_figures(view)}
    assert shown == {"Stops": "14", "Cities": "4", "Days with stops": "6 of 11", "Km travelled": "4,225"}
    assert all(f.help for f in figures.map_figures(view))
    assert figures.places_caption(2, view).startswith("2 of 16 places on view: 14 stops and 2 places")


def test_each_talk_step_sends_the_box_focus_fits(view):
    from routemap.view import talk

    steps = talk.steps(view, quiet_days=True)
    kinds = {}
    for step in steps:
        box, padding, max_zoom = talk.focus_box(step, view)
        kinds[step.kind] = (box, padding, max_zoom)
        if step.kind in ("stop", "day"):
            (lat, lon), zoom = talk.focus(step, view)
            assert box == [[lat, lon], [lat, lon]] and max_zoom == zoom  # the point, as close as focus goes
    assert kinds["title"] == (build.bounds(view), (40, 60, 40, 60), 12)
    assert kinds["leg"][1:] == ((80, 80, 80, 80), 8)
    fit = mapfit.box_fit(*kinds["leg"])
    assert fit.narrow_padding == fit.padding  # the talk's map has nothing standing over it


@pytest.mark.parametrize("zoom", [0, 4, 7.5, 12])
def test_pixels_xy_is_pixel_xy_of_each_point(zoom):
    lats = [-80.0, -33.9, 0.0, 34.27, 40.1, 79.9]
    lons = [-179.5, 18.4, 0.0, 108.95, 94.66, 179.9]
    many = pixels_xy(lats, lons, zoom)
    one_by_one = [pixel_xy(lat, lon, zoom) for lat, lon in zip(lats, lons, strict=True)]
    assert [c for p in many for c in p] == pytest.approx([c for p in one_by_one for c in p], rel=1e-12, abs=1e-9)
    assert pixels_xy([], [], zoom) == []
    with pytest.raises(ValueError, match="2 latitudes but 1 longitudes"):
        pixels_xy([1.0, 2.0], [3.0], zoom)
