"""Talk mode in a room and the Map page's stop details, in a real browser (Chromium against `streamlit run`).

What only a browser can tell: that at the screen sizes of projectors and
laptops every step of the talk fits the window with its buttons in one place,
that the keys still move the talk after a click on the map, that leaving the
talk keeps the filters, and that a stop selected on the Map page keeps its
details on screen without scrolling the page.
"""

from __future__ import annotations

import pytest

from tests import test_browser_dashboard as dashboard
from tests.test_browser_dashboard import TILE_HOSTS, map_frame, wait_for_stops

# The dashboard's fixtures, shared: a server for this module, the browser, and a page that records its requests.
server = dashboard.server
browser = dashboard.browser
page = dashboard.page

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

#: Projectors and laptops: 720p, the common laptop panel, 1080p, an old 4:3 projector; and a phone held upright.
VIEWPORTS = [(1280, 720), (1366, 768), (1920, 1080), (1024, 768), (390, 844)]
STEPS = 19  # the title card, 4 legs and 14 stops; the three days with nothing recorded are folded away
NEXT = ".st-key-talk-next button"
PREVIOUS = ".st-key-talk-previous button"
STATUS = '[data-testid="stStatusWidget"]'
SCROLLED = "() => [window.scrollY, document.querySelector('[data-testid=\"stMain\"]').scrollTop]"


def settled(page) -> None:
    """Wait until Streamlit has finished the run in progress (its status widget is there only while it runs)."""
    page.wait_for_function(f"() => !document.querySelector('{STATUS}')", timeout=20_000)


def progress_of(page):
    return page.locator(".rm-talk-card .rm-talk-progress")


def on_screen(box: dict, width: int, height: int) -> bool:
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_every_step_fits_the_window_with_next_in_one_place(page, server, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server + "/talk")
    progress = progress_of(page)
    sync_api.expect(progress).to_have_text(f"Step 1 of {STEPS}", timeout=30_000)
    map_frame(page).locator(".rm-stop").first.wait_for(timeout=30_000)
    first_next = None
    for number in range(1, STEPS + 1):
        if number > 1:
            page.locator(NEXT).click()
            sync_api.expect(progress).to_contain_text(f"Step {number} of {STEPS}", timeout=20_000)
            settled(page)
        where = f"step {number} at {width}x{height}"
        boxes = {
            "card": page.locator(".rm-talk-card").bounding_box(),
            "previous": page.locator(PREVIOUS).bounding_box(),
            "next": page.locator(NEXT).bounding_box(),
            "map": page.locator(".st-key-talk-map-box iframe").bounding_box(),
        }
        for name, box in boxes.items():
            assert on_screen(box, width, height), f"{where}: the {name} runs off the window: {box}"
        assert page.evaluate(SCROLLED) == [0, 0], where  # nothing needed scrolling
        first_next = first_next or boxes["next"]
        assert abs(boxes["next"]["x"] - first_next["x"]) <= 2, where  # Next stays where it was
        assert abs(boxes["next"]["y"] - first_next["y"]) <= 2, where
    assert page.locator(NEXT).is_disabled()
    body = page.locator(".rm-talk-card .rm-talk-what").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert body >= (24 if height >= 1080 else 15), f"the card's body is {body}px at {width}x{height}"
    assert page.recorder.hosts() <= TILE_HOSTS


def test_keys_move_the_talk_after_a_click_on_the_map_or_the_page(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/talk?step=yanan-leaders-caves")
    progress = progress_of(page)
    sync_api.expect(progress).to_contain_text(f"Step 3 of {STEPS}", timeout=30_000)
    map_frame(page).locator(".rm-stop").first.wait_for(timeout=30_000)
    settled(page)
    box = page.locator(".st-key-talk-map-box iframe").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.7)  # blank map: focus in its frame
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.keyboard.press("ArrowRight")
    sync_api.expect(progress).to_contain_text(f"Step 4 of {STEPS}", timeout=20_000)
    settled(page)
    page.keyboard.press("PageDown")  # what a clicker sends
    sync_api.expect(progress).to_contain_text(f"Step 5 of {STEPS}", timeout=20_000)
    settled(page)
    page.keyboard.press("ArrowLeft")
    sync_api.expect(progress).to_contain_text(f"Step 4 of {STEPS}", timeout=20_000)
    settled(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert frame.evaluate("() => window.map.options.keyboard") is False  # the arrows are not Leaflet's to pan with
    # a click on a blank part of the page, then a key: the talk moves, and no grey focus ring crosses the card
    card = page.locator(".rm-talk-card").bounding_box()
    page.mouse.click(card["x"] + card["width"] / 2, min(card["y"] + card["height"] + 20, 715))
    page.keyboard.press("PageUp")
    sync_api.expect(progress).to_contain_text(f"Step 3 of {STEPS}", timeout=20_000)
    settled(page)
    ring = page.evaluate(
        """() => { const e = document.activeElement;
                   return [getComputedStyle(e).outlineStyle, getComputedStyle(e, '::before').boxShadow]; }"""
    )
    assert ring[0] == "none" and ring[1] == "none", ring
    assert page.evaluate(SCROLLED) == [0, 0]


#: Each disc on the map: its stop number, whether it is in focus, whether it is ahead, and whether it is the
#: element that was there when the test marked them all.
LOOKS = """() => [...document.querySelectorAll('.rm-stop')].map(d => [
    Number(d.dataset.stop), d.classList.contains('rm-selected'), d.classList.contains('rm-ahead'),
    d.dataset.kept === 'yes'])"""


def test_a_step_draws_again_only_the_stops_whose_look_it_changes(page, server):
    """Step 4 to step 5 (stops 2 and 3, in Yan'an at one zoom): stop 3 comes into focus and is no longer
    ahead, stop 2 leaves focus. Their discs are drawn anew; the other twelve stay the elements they were."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/talk?step=yanan-7th-congress-hall")
    progress = progress_of(page)
    sync_api.expect(progress).to_contain_text(f"Step 4 of {STEPS}", timeout=30_000)
    wait_for_stops(page, 14)
    settled(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert sorted(looks[:3] for looks in frame.evaluate(LOOKS)) == [[n, n == 2, n > 2] for n in range(1, 15)]
    frame.evaluate("() => document.querySelectorAll('.rm-stop').forEach(d => { d.dataset.kept = 'yes'; })")
    page.locator(NEXT).click()
    sync_api.expect(progress).to_contain_text(f"Step 5 of {STEPS}", timeout=20_000)
    settled(page)
    sync_api.expect(map_frame(page).locator('.rm-stop.rm-selected[data-stop="3"]')).to_have_count(1)
    after = sorted(frame.evaluate(LOOKS))
    assert [looks[:3] for looks in after] == [[n, n == 3, n > 3] for n in range(1, 15)]
    assert [n for n, _, _, kept in after if not kept] == [2, 3]


def test_a_map_frame_made_anew_asks_for_the_places_its_page_left_out(page, server):
    """From the second run on, the page sends the map only its places' digest (routemap.web.mapframe).
    A frame that lost them (here: reloaded) asks for them, and the next run sends them: all 14 stops
    come back, the stop in focus ringed. Without the frame's request the map would stay empty."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/talk?step=yanan-7th-congress-hall")
    progress = progress_of(page)
    sync_api.expect(progress).to_contain_text(f"Step 4 of {STEPS}", timeout=30_000)
    wait_for_stops(page, 14)
    page.locator(NEXT).click()
    sync_api.expect(progress).to_contain_text(f"Step 5 of {STEPS}", timeout=20_000)
    settled(page)
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.evaluate("() => window.location.reload()")
    wait_for_stops(page, 14)
    settled(page)
    sync_api.expect(map_frame(page).locator('.rm-stop.rm-selected[data-stop="3"]')).to_have_count(1)
    sync_api.expect(progress).to_contain_text(f"Step 5 of {STEPS}")


def test_leave_talk_mode_returns_to_the_map_with_the_same_filters(page, server):
    page.goto(server + "/talk?theme=protecting-the-planet")
    progress = progress_of(page)
    sync_api.expect(progress).to_have_text("Step 1 of 6", timeout=30_000)
    page.locator(NEXT).click()
    sync_api.expect(progress).to_contain_text("Step 2 of 6", timeout=20_000)
    page.get_by_role("button", name="Leave talk mode").click()
    sync_api.expect(page.locator("h1")).to_contain_text("Route map", timeout=20_000)
    wait_for_stops(page, 4)
    page.wait_for_function("() => window.location.search.includes('theme=')", timeout=10_000)
    assert "theme=protecting-the-planet" in page.url and "step=" not in page.url
    assert page.locator('[data-testid="stSidebar"]').is_visible()


def test_a_stop_clicked_on_the_map_keeps_its_details_and_the_page_stays_put(page, server):
    page.set_viewport_size({"width": 1400, "height": 900})  # the 620-px map runs past the fold
    page.goto(server + "/")
    wait_for_stops(page, 14)
    settled(page)
    marker = map_frame(page).locator('.rm-stop[data-stop="12"]').bounding_box()
    assert marker["y"] + marker["height"] < 900
    page.mouse.click(marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('stop=')", timeout=10_000)
    assert "stop=shanghai-fudan-china-institute-dialogue" in page.url
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_contain_text("Dialogue with the China Institute, Fudan University", timeout=20_000)
    settled(page)
    page.wait_for_timeout(1500)  # long after the rerun that closed the popup: the details are still there
    sync_api.expect(details).to_be_visible()
    # the stop's card is beside the map now; the popup the click opened would hide its neighbours
    sync_api.expect(map_frame(page).locator(".leaflet-popup")).to_have_count(0)
    sync_api.expect(details).to_contain_text("复旦大学中国研究院对话会")
    sync_api.expect(details).to_contain_text("On 3 June, the delegation participated in a dialogue")
    sync_api.expect(details).to_contain_text("Coordinates (site)")
    assert on_screen(details.bounding_box(), 1400, 900)
    assert page.evaluate(SCROLLED) == [0, 0]  # pressing the mouse on the map scrolled nothing
    details.get_by_role("button", name="Clear").click()
    sync_api.expect(details).to_have_count(0, timeout=20_000)
    page.wait_for_function("() => !window.location.search.includes('stop=')", timeout=10_000)


#: The map reporting what it shows, as streamlit-folium does (its ``setComponentValue``), with the given
#: changes over its last report. Like any message from the page, it carries every widget as the page has
#: it then, the sidebar's Stop box too.
REPORT = """(change) => {
  const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  map.Streamlit.setComponentValue(Object.assign({}, map.__GLOBAL_DATA__.previous_data, change));
}"""
CLEAR = "() => document.querySelector('.st-key-stop-clear button').click()"
FUDAN = "shanghai-fudan-china-institute-dialogue"  # stop 12


class SlowAnswers:
    """A slow network: while ``holding``, Streamlit's answers wait on the way to the page (Playwright's
    WebSocket route), so what the page sends meanwhile has the widgets as they were before."""

    def __init__(self, page) -> None:
        self.holding = False
        self._held: list = []
        self._page_side = None
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, page_side) -> None:
        self._page_side = page_side
        page_side.connect_to_server().on_message(self._answer)  # the page's own messages go on as they are

    def _answer(self, message) -> None:
        if self.holding:
            self._held.append(message)
        else:
            self._page_side.send(message)

    def release(self) -> None:
        self.holding = False
        for message in self._held:
            self._page_side.send(message)
        self._held.clear()


def stop_in_focus(page) -> str:
    """The Stop box in the sidebar, as shown."""
    return page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Stop").input_value()


def open_with_stop_12(page, server) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/")
    wait_for_stops(page, 14)
    settled(page)
    map_frame(page).locator('.rm-stop[data-stop="12"]').click()
    page.locator(".st-key-stop-details").wait_for(timeout=20_000)
    page.wait_for_timeout(1200)  # the fly-to ends and the map reports it (debounced)
    settled(page)
    assert "12 · Dialogue" in stop_in_focus(page)


def assert_cleared_for_good(page) -> None:
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_have_count(0, timeout=20_000)
    page.wait_for_timeout(1500)
    settled(page)
    assert details.count() == 0
    assert "12 · Dialogue" not in stop_in_focus(page)
    assert "stop=" not in page.url


def test_clear_holds_when_the_map_reports_a_move_before_the_answer_arrives(page, server):
    """Over a slow network, the map reports a move before Clear's answer reaches the page: the report
    still has the Stop box showing the stop, which the app took for a choice made in it."""
    slow = SlowAnswers(page)
    open_with_stop_12(page, server)
    slow.holding = True
    page.evaluate(CLEAR)
    page.wait_for_timeout(1000)  # Clear's run is over on the server; its answer waits on the way
    page.evaluate(REPORT, {"zoom": 8})
    page.wait_for_timeout(1000)
    slow.release()
    assert_cleared_for_good(page)


def test_a_stop_clicked_holds_when_the_map_reports_again_before_the_answer_arrives(page, server):
    """Over a slow network, a click on a stop and then a zoom, before the click's answer reached the page:
    the second report still has the Stop box empty, which the app took for a choice made in it."""
    slow = SlowAnswers(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/")
    wait_for_stops(page, 14)
    page.wait_for_timeout(1200)  # the map's first report (its zoom) handled
    settled(page)
    slow.holding = True
    drawing = {"type": "Feature", "properties": {"id": FUDAN}}
    page.evaluate(REPORT, {"last_active_drawing": drawing, "last_object_clicked_count": 1})  # the click
    page.wait_for_timeout(1000)
    page.evaluate(REPORT, {"last_active_drawing": drawing, "last_object_clicked_count": 1, "zoom": 6})
    page.wait_for_timeout(1000)
    slow.release()
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_contain_text("Dialogue with the China Institute", timeout=20_000)
    page.wait_for_timeout(1500)
    settled(page)
    assert details.count() == 1
    assert "12 · Dialogue" in stop_in_focus(page)
    assert f"stop={FUDAN}" in page.url


def test_a_stop_link_opens_with_its_details(page, server):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server + "/?stop=dunhuang-shouhang-csp-plant")
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_contain_text("Stop 8 · Shouhang Dunhuang 100 MW", timeout=30_000)
    sync_api.expect(details).to_contain_text("首航高科敦煌100兆瓦熔盐塔式光热电站")
    sync_api.expect(details).to_contain_text("Sat 31 May 2025 (stated")
    assert on_screen(details.bounding_box(), 1400, 900)
    wait_for_stops(page, 14)
    sync_api.expect(map_frame(page).locator('.rm-stop.rm-selected[data-stop="8"]')).to_have_count(1)
