"""The map builder without a browser: markers, lines, layers, bounds, escaping, assets."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import folium
import pytest

from routemap.geo import screen
from routemap.map import assets, build, popups
from routemap.map.places import PlaceLayer
from routemap.view import filters
from routemap.view.filters import Selection
from tests.mapdata import group_entries, places_of, route_entries


def rendered(m: folium.Map) -> str:
    return m.get_root().render()


def count_stop_markers(html: str) -> int:
    return len(places_of(html, "stop"))


def test_whole_route_has_every_stop_leg_and_mentioned_place(dataset):
    view = filters.apply(dataset)
    html = rendered(build.build_map(view))
    assert count_stop_markers(html) == 14
    assert html.count("rm-leg rm-mode-") == 4
    assert len(places_of(html, "mentioned")) == 2
    assert "rm-mode-train" in html and html.count("rm-mode-unknown") == 3


def test_layers_follow_the_theme_filter(dataset):
    view = filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"})))
    legs, stops, mentioned = build.layers(view)
    assert [g.layer_name for g in (legs, stops, mentioned)] == ["Route (legs)", "Stops", "Mentioned, not visited"]
    (layer,) = stops._children.values()
    assert isinstance(layer, PlaceLayer) and len(layer.payload["id"]) == 4  # solar plant, smart grid, winery, dairy
    assert len(group_entries(legs, "legs")) == 1  # Dunhuang -> Jiayuguan, the stretch between those stops
    assert not mentioned._children


def test_stop_numbers_are_route_order_and_stable_under_filters(dataset):
    whole = filters.apply(dataset)
    assert list(whole.stops["stop"]) == list(range(1, 15))
    assert list(whole.stops["date"]) == sorted(whole.stops["date"])
    planet = filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"})))
    html = rendered(build.build_map(planet))
    assert sorted(p["stop"] for p in places_of(html, "stop")) == [8, 9, 10, 11]


def test_bounds_cover_exactly_what_is_on_view(dataset):
    view = filters.apply(dataset, Selection(first_day=date(2025, 5, 28), last_day=date(2025, 5, 28)))
    (south, west), (north, east) = build.bounds(view)
    xian = dataset.cities.set_index("id").loc["xian"]
    yanan = dataset.cities.set_index("id").loc["yanan"]
    assert south == pytest.approx(xian["lat"]) and north == pytest.approx(yanan["lat"])
    assert west == pytest.approx(xian["lon"]) and east == pytest.approx(yanan["lon"])


def test_fit_bounds_call_matches_the_view(dataset):
    view = filters.apply(dataset, Selection(cities=frozenset({"shanghai"})))
    html = rendered(build.build_map(view))
    box = json.loads(re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.S).group(1))
    shanghai_points = view.stops[["lat", "lon"]].to_numpy()
    assert box[0] == pytest.approx([shanghai_points[:, 0].min(), shanghai_points[:, 1].min()])
    assert box[1] == pytest.approx([shanghai_points[:, 0].max(), shanghai_points[:, 1].max()])


def test_empty_view_has_no_bounds_and_a_default_centre(dataset):
    view = filters.apply(dataset, Selection(themes=frozenset()))
    assert view.stops.empty and view.legs.empty and build.bounds(view) is None
    assert screen.center_zoom(None) == ((35.0, 105.0), 4)


def test_center_zoom_fits_the_box_in_the_clear_area():
    box = [[31.0, 94.0], [41.0, 122.0]]
    (_, lon), zoom = screen.center_zoom(box, width_px=900, height_px=620, padding=(0, 0, 0, 0))
    assert zoom == 5  # 28 deg of longitude is 622 px at zoom 5, 1244 px at zoom 6
    assert lon == pytest.approx(108.0)
    (_, lon_padded), _ = screen.center_zoom(box, width_px=900, height_px=620, padding=(0, 300, 0, 0))
    assert lon_padded > lon  # the box is pushed left, clear of a legend on the right


def test_screen_geometry():
    assert screen.screen_angle((30, 100), (30, 110)) == pytest.approx(0)  # due east
    assert screen.screen_angle((30, 100), (40, 100)) == pytest.approx(-90)  # north is up
    assert screen.screen_angle((40, 100), (30, 100)) == pytest.approx(90)
    lat, lon = screen.screen_midpoint((0, 0), (60, 10))
    assert lon == 5 and 30 < lat < 60  # Mercator stretches the north
    offsets = screen.spread_offsets(4)
    assert len(set(offsets)) == 4 and all(abs((x * x + y * y) ** 0.5 - 24) < 1e-9 for x, y in offsets)
    assert screen.spread_offsets(1) == [(0.0, 0.0)]


HOSTILE = "C:\\ `tick` ${alert(1)} </script><img src=x onerror=alert(2)> & \u2028 \\u0041"


@pytest.fixture
def hostile_view(dataset):
    places = dataset.places.copy()
    for col in ("name", "name_zh", "description", "source_quote", "coord_source", "place_basis", "date_basis"):
        places[col] = HOSTILE
    cities = dataset.cities.copy()
    cities["name"] = HOSTILE
    legs = dataset.legs.copy()
    legs["date_basis"] = HOSTILE
    hostile = type(dataset)(dataset.trip, cities, legs, places, dataset.origin)
    return filters.apply(hostile)


def test_hostile_text_reaches_the_browser_only_as_json_data(hostile_view):
    html = rendered(build.build_map(hostile_view))
    script = html.split("<script>")[-1]
    assert "</script><img" not in html and "<img src=x" not in html
    # the legs travel as data in one JSON string literal (backticks and ${} are inert in it), tooltips escaped
    assert "routemapRoute.legs(" in script  # bindTooltip is called only by the shared scripts, with that data
    legs = route_entries(html, "legs")  # only matches JSON.parse("..."): a double-quoted string literal
    assert len(legs) == 4
    for leg in legs:
        assert "<img" not in leg["tooltip"] and "</script" not in leg["tooltip"]
        assert "&lt;img src=x" in leg["tooltip"]  # the hostile basis, as text
    # the places' text travels as data, exactly as it is, for the browser to set as textContent
    places = places_of(html, "stop") + places_of(html, "mentioned")
    assert len(places) == 16
    for place in places:
        for field in ("name", "name_zh", "description", "quote", "coord_source", "place_basis"):
            assert place[field] == HOSTILE
    assert HOSTILE not in html  # ... and never raw in the page


def test_hostile_map_runs_in_node_without_a_syntax_error(hostile_view, tmp_path):
    """The generated script must parse: a backslash or backtick must not break it."""
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    if node.returncode != 0:
        pytest.skip("node is not installed; the browser test covers this too")
    html = rendered(build.build_map(hostile_view, asset_mode=assets.SERVED))
    body = html.split("<script>")[-1].split("</script>")[0]
    path = tmp_path / "map.js"
    path.write_text(body)
    result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_served_assets_point_at_the_app_never_a_cdn(dataset):
    html = rendered(build.build_map(filters.apply(dataset)))
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts and styles
    for url in scripts + styles:
        assert url.startswith(assets.SERVED_BASE), url
    assert not re.search(r"cdn\.jsdelivr|cdnjs|unpkg|code\.jquery|bootstrapcdn", html)


def test_the_served_map_loads_only_leaflet_and_carries_its_fullscreen_control(dataset):
    """One script file before the map can start (streamlit-folium loads them one after another): the
    fullscreen control's code comes before the control is made, its icon a data: URL (a relative URL
    would be looked up beside the component's iframe, where there is no such file)."""
    html = rendered(build.build_map(filters.apply(dataset)))
    assert re.findall(r'<script src="([^"]+)"', html) == [assets.url_for(assets.MAP_JS[0][1], assets.SERVED)]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
        assets.url_for(assets.MAP_CSS[0][1], assets.SERVED)
    ]
    assert html.index("leafletFullScreen") < html.index("L.control.fullscreen(")
    assert "icon-fullscreen.svg" not in html and "data:image/svg+xml;base64," in html


def test_inline_assets_make_a_page_with_no_external_script(dataset):
    html = rendered(build.build_map(filters.apply(dataset), asset_mode=assets.INLINE))
    assert not re.findall(r"<script src=", html)
    assert not re.findall(r'<link rel="stylesheet"', html)
    # Leaflet's own source is in the page (its version banner and its map class), not linked
    assert "Leaflet 1.9.4" in html and "L.map(" in html.replace(" ", "")
    urls = set(re.findall(r"url\((?![\"']?(?:data:|#))[^)]*\)", html))
    assert not urls  # every image in the inlined CSS became a data: URL


def test_osm_tiles_carry_a_referrer_policy_and_none_basemap_has_no_tiles(dataset):
    view = filters.apply(dataset)
    osm = rendered(build.build_map(view, basemap="osm"))
    assert '"referrerPolicy": "strict-origin-when-cross-origin"' in osm
    assert "tile.openstreetmap.org" in osm and "OpenStreetMap" in osm
    blank = rendered(build.build_map(view, basemap="none"))
    assert "L.tileLayer" not in blank


def test_legend_lists_every_theme_kind_and_mode(dataset):
    trip = dataset.trip
    html = popups.legend_html(trip)
    from routemap.model.vocab import MODES

    for label in [t.label for t in trip.themes] + [k.label for k in trip.kinds] + list(MODES):
        assert label in html
    assert '<details lang="en" open>' in html and '<details lang="en">' in popups.legend_html(trip, open_=False)


def with_stops_repeated(dataset, times: int):
    """The dataset with its stops ``times`` over (new ids), its mentioned places once."""
    import pandas as pd

    visited = dataset.places[dataset.places["status"] == "visited"]
    copies = [visited.assign(id=visited["id"] + f"-{k}") for k in range(times)]
    places = pd.concat([*copies, dataset.places[dataset.places["status"] != "visited"]], ignore_index=True)
    return type(dataset)(dataset.trip, dataset.cities, dataset.legs, places, dataset.origin)


def test_the_legend_says_how_a_layer_of_many_places_is_drawn_only_when_one_may_be(dataset):
    """Past 300 places a layer is dots, with numbered discs up close (templates/places.js); the legend
    says so when the trip's stops or mentioned places are that many, and the script draws by the same number."""
    from routemap.map.places import DISCS_IN_VIEW, DOTS_PAST, PlaceScript, dots_past

    assert dots_past(dataset) is None
    assert dots_past(with_stops_repeated(dataset, DOTS_PAST // 14)) is None  # 294 stops
    large = with_stops_repeated(dataset, DOTS_PAST // 14 + 1)  # 308
    assert dots_past(large) == DOTS_PAST
    sentence = "more than 300 places: a dot each"
    assert sentence not in rendered(build.base_map(dataset))
    assert sentence in rendered(build.base_map(large))
    assert sentence in popups.page_legend_html(large.trip, "en", dots_past(large))
    assert "地点超过 300 处时" in popups.legend_html(large.trip, lang="zh", dots_past=DOTS_PAST)
    script = PlaceScript().source
    assert f"var DOTS_PAST = {DOTS_PAST};" in script and f"var DISCS_IN_VIEW = {DISCS_IN_VIEW};" in script
