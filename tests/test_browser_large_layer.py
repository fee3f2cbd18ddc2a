"""A layer of more than 300 places in Chromium: one dot per place on a canvas, the same tooltip,
card and click id, and the numbered discs once few enough places are in view (and the one in focus).

Opened from the standalone HTML export (``file://``, nothing else loaded), so no
Streamlit server is needed.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest

from routemap.export import formats as export
from routemap.view import filters
from tests.browser import launch_browser
from tests.mapdata import place_payloads
from tests.test_standalone_html import open_offline

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

COPIES = 100  # 14 stops × 100: past the 300 places a layer draws as elements

#: The page's Leaflet map, found by what only a map has (the export names it with a random id).
FIND_MAP = "Object.values(window).find(v => v && v._leaflet_id && v.getZoom)"

#: How many precision rings (metre-sized ``L.Circle``; the dots are pixel-sized ``L.CircleMarker``) the map holds.
RINGS = f"""() => {{
    const map = {FIND_MAP};
    let n = 0;
    map.eachLayer(layer => {{ if (layer instanceof L.Circle) {{ n += 1; }} }});
    return n;
}}"""

#: Move the map to a point at zoom 17, resolving once the layers have answered its moveend.
ZOOM_TO = f"""([lat, lon]) => new Promise(done => {{
    const map = {FIND_MAP};
    map.once("moveend", () => setTimeout(done, 200));
    map.setView([lat, lon], 17, {{animate: false}});
}})"""


#: What streamlit-folium does when its page sends layers: a click listener on every layer then on the map,
#: which reports ``event.layer.toGeoJSON()`` (the place's id) as ``last_active_drawing``. Here the ids land
#: in ``window.reported``.
LISTEN_AS_THE_PAGE = f"""() => {{
    const map = {FIND_MAP};
    window.reported = [];
    Object.values(map._layers).forEach(layer => layer.on("click", event => {{
        if (event.layer && event.layer.toGeoJSON) {{ window.reported.push(event.layer.toGeoJSON().properties.id); }}
    }}));
}}"""


def copied_view(dataset, times: int):
    """The shipped stops ``times`` over, each copy moved a few km around its original (seeded)."""
    visited = dataset.places[dataset.places["status"] == "visited"]
    rng = np.random.default_rng(13)
    copies = []
    for k in range(times):
        copy = visited.copy()
        copy["id"] = copy["id"] + f"-{k}"
        copy["lat"] = copy["lat"] + rng.uniform(-0.05, 0.05, len(copy))
        copy["lon"] = copy["lon"] + rng.uniform(-0.05, 0.05, len(copy))
        copies.append(copy)
    places = type(visited)(np.concatenate([c.to_numpy() for c in copies]), columns=visited.columns)
    places = places.astype(visited.dtypes.to_dict())
    large = type(dataset)(dataset.trip, dataset.cities, dataset.legs, places, dataset.origin)
    view = filters.apply(large)
    assert len(view.stops) == 14 * times
    return view


@pytest.fixture
def large_view(dataset):
    return copied_view(dataset, COPIES)


@contextmanager
def drawn_offline(view, tmp_path):
    """The view's standalone HTML export open in Chromium with every stop drawn: (page, requests that
    left the file, page errors), both lists checked empty when the block ends."""
    from playwright.sync_api import sync_playwright

    path = tmp_path / "layer.html"
    path.write_bytes(export.export_bytes(view, "html", basemap="none"))
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            page, outside, errors = open_offline(browser, path)
            page.wait_for_function(f"window.routemapPlaces && routemapPlaces.drawn('stop') === {len(view.stops)}")
            yield page
            assert errors == [] and outside == []
        finally:
            browser.close()


def test_a_large_layer_draws_dots_with_cards_and_discs_up_close(large_view, tmp_path):
    with drawn_offline(large_view, tmp_path) as page:
        assert page.locator(".rm-stop").count() == 0  # the whole route: dots, no unreadable discs
        assert page.evaluate(RINGS) == 0  # ... and no rings: thousands of them made every redraw slow
        assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
        first = large_view.stops.iloc[0]
        page.evaluate(LISTEN_AS_THE_PAGE)
        # up close, the numbered discs of the places in view, with their accessible names
        page.evaluate(ZOOM_TO, [float(first["lat"]), float(first["lon"])])
        disc = page.locator(f'.rm-stop[data-id="{first["id"]}"]')
        sync_api.expect(disc).to_have_count(1, timeout=15_000)
        discs = page.locator(".rm-stop").count()
        assert 0 < discs <= 100
        assert 0 < page.evaluate(RINGS) <= discs  # the places in view have their rings back (none at a building)
        assert disc.locator("xpath=..").get_attribute("aria-label") == f"Stop {int(first['stop'])}: {first['name']}"
        disc.click()
        sync_api.expect(page.locator(".leaflet-popup-content")).to_contain_text(str(first["name"]))
        # a disc drawn after the page's layers arrived still reports its place to the page (the Map page's
        # selection): it once reached only the popup
        assert set(page.evaluate("window.reported")) == {first["id"]}  # (once per layer it passes through)


def test_a_layer_of_a_few_hundred_places_keeps_its_discs_and_draws_its_rings_on_a_canvas_up_close(dataset, tmp_path):
    """Up to 300 places the numbered discs stay elements, all of them; past 100, the precision rings (not
    interactive) go on one canvas, and only for the places in view once at most 100 are: 140 rings
    over one another tell nothing apart, and a thousand cost a fifth of a talk step. The shipped
    trip keeps an SVG ring for every stop (tests/test_browser_map_markers.py)."""
    view = copied_view(dataset, 10)
    with drawn_offline(view, tmp_path) as page:
        assert page.locator(".rm-stop").count() == 140
        assert page.evaluate(RINGS) == 0  # the whole route: 140 places in view
        first = view.stops.iloc[0]
        page.evaluate(ZOOM_TO, [float(first["lat"]), float(first["lon"])])
        assert 0 < page.evaluate(RINGS) <= 100  # up close, the places in view have their rings
        assert page.locator("path.rm-halo").count() == 0
        assert page.locator(".leaflet-overlay-pane canvas").count() == 1
        assert page.locator(".rm-stop").count() == 140


#: A talk step or a click as the page sends it: the same places (by digest, never parsed again) in a new
#: group with a new state; resolves once the map has answered a moveend, with how many stops are drawn.
STEP = f"""([digest, state]) => new Promise(done => {{
    const map = {FIND_MAP};
    const group = L.featureGroup().addTo(map);
    routemapPlaces.draw(group, digest, () => {{ throw new Error("the places were parsed again"); }}, state, null);
    map.once("moveend", () => setTimeout(() => done(routemapPlaces.drawn("stop")), 200));
    map.panBy([1, 0], {{animate: false}});
}})"""


def test_a_large_layer_takes_a_new_state_without_drawing_its_places_again(large_view, tmp_path):
    """The stop in focus and the stops ahead of a talk change on the canvas and on the discs up close,
    while the 1,400 dots stay drawn: one canvas, one layer's worth of places."""
    first = large_view.stops.iloc[0]
    reached = int(first["stop"])
    with drawn_offline(large_view, tmp_path) as page:
        page.evaluate(ZOOM_TO, [float(first["lat"]), float(first["lon"])])
        sync_api.expect(page.locator(f'.rm-stop[data-id="{first["id"]}"]')).to_have_count(1, timeout=15_000)
        assert page.locator(".rm-stop.rm-selected, .rm-stop.rm-ahead").count() == 0
        canvases = page.locator(".leaflet-overlay-pane canvas").count()
        (digest,) = {p["digest"] for p in place_payloads(page.content()) if p["role"] == "stop"}
        state = {"selected": str(first["id"]), "reached": reached}
        assert page.evaluate(STEP, [digest, state]) == len(large_view.stops)
        assert page.locator(".leaflet-overlay-pane canvas").count() == canvases
        sync_api.expect(page.locator(".rm-stop.rm-selected")).to_have_count(1)
        assert page.locator(".rm-stop.rm-selected").get_attribute("data-id") == first["id"]
        numbers = page.locator(".rm-stop").evaluate_all(
            "discs => discs.map(d => [Number(d.dataset.stop), d.classList.contains('rm-ahead')])"
        )
        assert {ahead for _, ahead in numbers} == {True, False}  # the view up close holds stops on both sides
        assert all(ahead == (number > reached) for number, ahead in numbers), numbers


def test_a_layer_of_a_few_hundred_places_draws_dots_and_the_disc_in_focus_only(dataset, tmp_path):
    """Past 300 places, the whole route is dots: at a talk stop of a 1,000-place trip, 170-290 discs
    piled into one blot, and as elements they made each step 1.35-1.50x the shipped trip's. The place in focus
    keeps its numbered disc, wherever the map is, so a talk's current stop still shows its number."""
    view = copied_view(dataset, 30)
    with drawn_offline(view, tmp_path) as page:
        assert page.locator(".rm-stop").count() == 0
        assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
        focus = view.stops.iloc[len(view.stops) // 2]
        (digest,) = {p["digest"] for p in place_payloads(page.content()) if p["role"] == "stop"}
        state = {"selected": str(focus["id"]), "reached": int(focus["stop"])}
        assert page.evaluate(STEP, [digest, state]) == len(view.stops)
        sync_api.expect(page.locator(".rm-stop")).to_have_count(1)
        disc = page.locator(".rm-stop.rm-selected")
        assert disc.get_attribute("data-id") == focus["id"]
        assert disc.locator("xpath=..").get_attribute("aria-label") == f"Stop {int(focus['stop'])}: {focus['name']}"
        # another stop in focus: its disc, and the one before back to a dot
        other = view.stops.iloc[0]
        page.evaluate(STEP, [digest, {"selected": str(other["id"]), "reached": None}])
        sync_api.expect(page.locator(".rm-stop")).to_have_count(1)
        assert page.locator(".rm-stop.rm-selected").get_attribute("data-id") == other["id"]
        # up close, the discs of the places in view come back beside it
        page.evaluate(ZOOM_TO, [float(focus["lat"]), float(focus["lon"])])
        assert 1 < page.locator(".rm-stop").count() <= 101
