"""The places layer in Chromium at a projector's 1280×720: names for screen readers, arrows in sight, precision drawn.

What only a browser shows: which element is on top at an arrow's centre, what
the accessibility tree gets, and the precision circles Leaflet draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser import streamlit_server
from tests.test_browser_dashboard import MAP_FRAME, Recorder, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

#: For each arrow of the map: is the arrow itself the element at its centre (nothing covers it)?
ARROWS_ON_TOP = """els => els.map(e => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return r.width > 0 && !!hit && e.contains(hit);
})"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    context.close()


def open_map(page, url: str):
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    sync_api.expect(frame.locator(".rm-stop")).to_have_count(14, timeout=30_000)
    sync_api.expect(frame.locator(".rm-arrow")).to_have_count(4)
    page.wait_for_timeout(500)  # the map settles at its zoom
    return frame


def test_every_leg_arrow_is_visible_at_the_default_zoom(page, server):
    frame = open_map(page, server + "/?basemap=none")
    visible = frame.locator(".rm-arrow-icon").evaluate_all(ARROWS_ON_TOP)
    assert visible == [True] * 4


def test_stops_have_names_and_decorations_stay_out_of_the_accessibility_tree(page, server):
    frame = open_map(page, server + "/?basemap=none")
    stop = frame.locator('.rm-stop-icon:has(.rm-stop[data-stop="3"])')
    assert stop.get_attribute("role") == "button" and stop.get_attribute("tabindex") == "0"
    assert stop.get_attribute("aria-label").startswith("Stop 3: ")
    labels = frame.locator(".rm-stop-icon").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    assert len(labels) == 14 and all(label and label.startswith("Stop ") for label in labels)
    for decoration in (".rm-arrow-icon", ".rm-city-icon"):
        attrs = frame.locator(decoration).evaluate_all(
            "els => els.map(e => [e.getAttribute('aria-hidden'), e.getAttribute('role'), e.tabIndex])"
        )
        assert attrs and all(a == ["true", None, -1] for a in attrs), (decoration, attrs)
    mentioned = frame.locator(".rm-mentioned-icon").first.get_attribute("aria-label")
    assert mentioned.startswith("Mentioned, not visited: ")


def test_stop_numbers_are_black_or_white_by_contrast(page, server):
    frame = open_map(page, server + "/?basemap=none")
    inks = frame.locator(".rm-stop").evaluate_all("els => els.map(e => getComputedStyle(e).color)")
    assert set(inks) <= {"rgb(0, 0, 0)", "rgb(255, 255, 255)"} and len(set(inks)) == 2


def test_precision_is_drawn_and_said(page, server):
    frame = open_map(page, server + "/?basemap=none")
    # every place but the one placed on its building has a circle as wide as its uncertainty
    sync_api.expect(frame.locator("path.rm-halo")).to_have_count(15)
    sync_api.expect(frame.locator("path.rm-halo.rm-prec-city")).to_have_count(10)
    assert frame.locator(".rm-stop.rm-prec-city").count() == 10
    frame.locator('.rm-stop[data-stop="3"]').click()  # a stop known to the city only
    popup = frame.locator(".leaflet-popup-content")
    sync_api.expect(popup).to_contain_text("Location known to the city only")
    sync_api.expect(page.locator(".rm-place-panel")).to_contain_text("Location known to the city only", timeout=20_000)


def test_stops_sit_in_a_pane_of_their_own_apart_from_what_each_rerun_sends_anew(page, server):
    """City labels and leg arrows come anew with every rerun, into Leaflet's marker pane; beside a
    thousand stops in one pane, each swap had Chromium restyle every stop. The stops sit above them,
    under the tooltips, as before; a mentioned place stays in the marker pane, under the labels."""
    frame = open_map(page, server + "/?basemap=none")
    assert frame.locator(".leaflet-routemapStops-pane .rm-stop").count() == 14
    assert frame.locator(".leaflet-marker-pane .rm-stop").count() == 0
    assert frame.locator(".leaflet-marker-pane .rm-city-icon").count() == 5
    assert frame.locator(".leaflet-marker-pane .rm-mentioned").count() == 2
    z = frame.locator("body").evaluate(
        "() => ['markerPane', 'routemapStops', 'tooltipPane'].map(p => +getComputedStyle(map_div.getPane(p)).zIndex)"
    )
    assert z[0] < z[1] < z[2]


#: Pan 137 × 41 px with Leaflet's animation; the map pane's transform at every frame until the pan ends.
PAN_FRAMES = """() => new Promise(done => {
    const pane = map_div.getPane("mapPane"), seen = [];
    const look = () => {
        seen.push(pane.style.transform);
        if (map_div._panAnim && map_div._panAnim._inProgress) { requestAnimationFrame(look); }
    };
    map_div.once("moveend", () => done(seen));
    map_div.panBy([137, 41], {duration: 0.5});
    requestAnimationFrame(look);
})"""


def test_an_animated_pan_moves_the_map_by_whole_pixels(page, server):
    """Each stop is a compositing layer of its own, which Chromium rasters again at every new fraction
    of a pixel: a pan that moved by fractions cost a thousand stops half a second of CPU."""
    frame = open_map(page, server + "/?basemap=none")
    seen = frame.locator("body").evaluate(PAN_FRAMES)
    offsets = [re.search(r"translate3d\((-?[\d.]+)px, (-?[\d.]+)px", t).groups() for t in seen]
    assert len(offsets) >= 5 and len(set(offsets)) >= 3  # frames in the middle of the pan were seen
    assert all(float(x).is_integer() and float(y).is_integer() for x, y in offsets), offsets
