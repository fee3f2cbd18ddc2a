"""The dashboard on a phone and the details any screen shows, in a real browser (Chromium against `streamlit run`).

At 390 × 844 (a phone held upright): no page is wider than the window, the Map
page opens on the map with every stop inside it, fitted at the map's real
width. At a phone and a projector: no stop covers a city label, the legend
under the map has its line samples, the days slider's labels are whole, and
text is at least 4.5:1 against its background. (Talk mode at 390 × 844 is in
test_browser_talk.py, with the other screens.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_browser_dashboard as dashboard
from tests.test_browser_dashboard import MAP_FRAME, map_frame, wait_for_stops
from tests.test_browser_talk import on_screen, settled

server = dashboard.server
browser = dashboard.browser
page = dashboard.page

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

PHONE = (390, 844)
SCREENS = [PHONE, (1280, 720)]
PAGES = ["/", "/?stop=dunhuang-shouhang-csp-plant", "/itinerary", "/places", "/talk", "/about"]
CONTRAST = (Path(__file__).parent / "wcag_contrast.js").read_text(encoding="utf-8")
OVERFLOW = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def at(page, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})


def map_ready(page, stops: int = 14) -> None:
    """The map drawn, and the rerun its first fit asks for (it reports the zoom it chose) finished."""
    wait_for_stops(page, stops)
    settled(page)
    page.wait_for_timeout(1200)  # the map reports its zoom a moment after its fit (debounced)
    settled(page)


#: The frame's stylesheet, there once the sidebar is drawn (templates/frame.css opens with it).
FRAME_CSS = (
    "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('routemap.web.panel.sidebar'))"
)


def wait_for_page(page, path: str) -> None:
    """The page drawn whole: its own content, the sidebar and its stylesheet, no run in progress."""
    page.wait_for_function(FRAME_CSS, timeout=30_000)
    if path == "/":
        map_ready(page)
    elif path == "/talk":
        page.locator(".rm-talk-card").wait_for(timeout=30_000)
    else:
        page.locator("h1").first.wait_for(timeout=30_000)
    settled(page)


def rect_inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_no_page_is_wider_than_the_window(page, server, size):
    at(page, size)
    for path in PAGES:
        page.goto(server + path)
        wait_for_page(page, path.split("?")[0])
        scroll_width, width = page.evaluate(OVERFLOW)
        assert scroll_width <= width, f"{path} at {size}: {scroll_width} px wide in a {width} px window"


def test_on_a_phone_the_map_comes_first_fitted_with_every_stop_inside_it(page, server):
    at(page, PHONE)
    page.goto(server + "/")
    map_ready(page)
    frame_box = page.locator(MAP_FRAME).bounding_box()
    assert on_screen(frame_box, *PHONE), f"the map is not all on the first screen: {frame_box}"
    title = page.locator("h1").first.bounding_box()
    assert title["y"] > frame_box["y"] + frame_box["height"] - 1  # the title and figures follow the map
    stops = map_frame(page).locator(".rm-stop")
    for i in range(stops.count()):
        box = stops.nth(i).bounding_box()
        assert rect_inside(box, frame_box), f"stop {stops.nth(i).inner_text()} is off the map: {box}"
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert frame.evaluate("() => window.map.getZoom()") == 3  # the route at 358 px; 900 px would take 5


def test_on_a_projector_the_route_is_fitted_at_the_map_width_and_a_stop_zoom_survives_clear(page, server):
    at(page, (1280, 720))
    page.goto(server + "/")
    map_ready(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert frame.evaluate("() => window.map.getZoom()") == 5
    frame_box = page.locator(MAP_FRAME).bounding_box()
    stops = map_frame(page).locator(".rm-stop")
    for i in range(stops.count()):
        assert rect_inside(stops.nth(i).bounding_box(), frame_box)
    map_frame(page).locator('.rm-stop[data-stop="12"]').click()
    page.locator(".st-key-stop-details").wait_for(timeout=20_000)
    settled(page)
    page.wait_for_function("() => document.querySelector('" + MAP_FRAME + "').contentWindow.map.getZoom() === 9")
    page.locator(".st-key-stop-details").get_by_role("button", name="Clear").click()
    sync_api.expect(page.locator(".st-key-stop-details")).to_have_count(0, timeout=20_000)
    page.wait_for_function("() => document.querySelector('" + MAP_FRAME + "').contentWindow.map.getZoom() === 5")
    frame.evaluate("() => window.map.setZoom(6)")  # a zoom of one's own, after Clear
    page.wait_for_timeout(1500)
    settled(page)
    assert page.locator(".st-key-stop-details").count() == 0  # the last click did not come back
    assert frame.evaluate("() => window.map.getZoom()") == 6  # nor did the fit take the zoom back


@pytest.mark.parametrize("size", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_no_stop_covers_a_city_label_at_the_opening_zoom(page, server, size):
    at(page, size)
    page.goto(server + "/")
    map_ready(page)
    covered = (
        map_frame(page)
        .locator("body")
        .evaluate(
            """body => {
          const box = e => e.getBoundingClientRect();
          const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
                                 Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
          const discs = [...body.querySelectorAll('.rm-stop, .rm-stop .rm-kind')];
          const out = [];
          for (const label of body.querySelectorAll('.rm-city'))
            for (const disc of discs)
              if (meet(box(label), box(disc))) out.push([label.textContent, disc.textContent]);
          return out;
        }"""
        )
    )
    assert map_frame(page).locator(".rm-city").count() == 5
    assert covered == [], covered


def test_the_legend_under_the_map_draws_a_line_for_each_mode(page, server):
    page.goto(server + "/")
    map_ready(page)
    samples = page.locator(".legend-page img.ls")
    sync_api.expect(samples).to_have_count(6)
    widths = samples.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth)")
    assert all(w == 28 for w in widths), widths  # each image loaded: the SVG survived st.html
    assert "flight" in page.locator(".legend-page").inner_text()


@pytest.mark.parametrize("days", ["5..5", "5..6", "10..11", "1..11"])
def test_the_days_sliders_labels_are_whole_inside_the_sidebar(page, server, days):
    at(page, (1280, 720))
    page.goto(server + f"/itinerary?days={days}")
    wait_for_page(page, "/itinerary")
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    labels = page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")
    sync_api.expect(labels).to_have_count(2)
    for i in range(2):
        label = labels.nth(i)
        box = label.bounding_box()
        assert sidebar["x"] <= box["x"] and box["x"] + box["width"] <= sidebar["x"] + sidebar["width"], (days, box)
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert "\n" in label.inner_text()  # date over city, both there


def test_the_theme_chips_show_their_whole_labels(page, server):
    page.goto(server + "/itinerary")
    wait_for_page(page, "/itinerary")
    chips = page.get_by_test_id("stMultiSelectTagsContainer").first.locator("[data-tag] > span")
    sync_api.expect(chips).to_have_count(5)
    clipped = chips.evaluate_all("spans => spans.filter(s => s.scrollWidth > s.clientWidth).map(s => s.textContent)")
    assert clipped == []
    assert "Tech & prosperity" in chips.all_inner_texts()  # the trip's short labels


@pytest.mark.parametrize(
    "path", ["/", "/?stop=dunhuang-shouhang-csp-plant", "/itinerary", "/places", "/talk", "/about"]
)
def test_text_is_at_least_4_5_to_1_against_its_background(page, server, path):
    at(page, (1280, 720))
    page.goto(server + path)
    wait_for_page(page, path.split("?")[0])
    low = page.evaluate(CONTRAST, [4.5, ""])
    assert low == [], low
    if path == "/":
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        # the map's own labels, legend and credits (the numbers on the stops are the markers' own work)
        low = frame.evaluate(CONTRAST, [4.5, ".rm-stop"])
        assert low == [], low
