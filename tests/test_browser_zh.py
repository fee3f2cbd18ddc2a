"""The dashboard in 中文 in a real browser (Chromium against `streamlit run`): the Map page, a stop's
popup and details, and talk mode show no English word of the interface, and the page says it is Chinese.

What is read is the text a person sees: the page's and the map frame's ``innerText`` (legend,
layer control, city labels, popups). The data's own text (English descriptions, the other
name) is allowed, as in tests/test_app_zh.py; so are Streamlit's own icons.
"""

from __future__ import annotations

import pytest

from routemap.load.folder import load_dataset
from tests import test_browser_dashboard as dashboard
from tests.test_browser_dashboard import TILE_HOSTS, map_frame, wait_for_stops
from tests.test_browser_talk import STEPS, progress_of, settled
from tests.uitext import english_left

server = dashboard.server
browser = dashboard.browser
page = dashboard.page

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

#: Streamlit's own chrome, drawn with Material Symbols ligatures (their names are text in the DOM).
#: Its status widget ("Running… Stop") too, while a run is in progress.
STREAMLIT_ICONS = (
    "() => [...document.querySelectorAll('[data-testid=stIconMaterial], [data-testid=stStatusWidget]')]"
    ".forEach(e => e.remove())"
)


#: Streamlit's own words, not the dashboard's.
STREAMLIT_CHROME = ("Skip to main content",)


def visible_text(page) -> list[str]:
    page.evaluate(STREAMLIT_ICONS)
    main = page.locator("body").inner_text()
    for words in STREAMLIT_CHROME:
        main = main.replace(words, "")
    frame = map_frame(page).locator("body").inner_text()
    return [main, frame]


def assert_all_chinese(page, where: str) -> None:
    left = english_left(visible_text(page), load_dataset())
    assert not left, f"{where}: English left in 中文: {sorted(set(left))}"


def test_the_map_page_in_chinese(page, server):
    page.goto(server + "/?lang=zh")
    wait_for_stops(page, 14)
    sync_api.expect(page.get_by_role("heading", name="路线地图")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    frame = map_frame(page)
    assert "图例" in frame.locator(".routemap-legend").inner_text()
    assert "西安" in frame.locator(".rm-city").first.inner_text()
    assert_all_chinese(page, "map page")
    frame.locator(".rm-stop").first.click()  # its popup, and its details beside the map
    frame.locator(".leaflet-popup-content .rm-place").wait_for(timeout=20_000)
    assert frame.locator(".leaflet-popup-content .rm-place").get_attribute("lang") == "zh-Hans"
    page.locator(".st-key-stop-details .rm-place-panel").wait_for(timeout=20_000)
    settled(page)
    assert "（仅有英文说明）" in page.locator(".st-key-stop-details").inner_text()
    assert_all_chinese(page, "map page with a stop's details")
    assert page.recorder.hosts() <= TILE_HOSTS


def test_talk_mode_in_chinese(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server + "/talk?lang=zh")
    progress = progress_of(page)
    sync_api.expect(progress).to_have_text(f"第 1 步，共 {STEPS} 步", timeout=30_000)
    map_frame(page).locator(".rm-stop").first.wait_for(timeout=30_000)
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    for number in range(1, 5):  # the title card, a leg, stops
        if number > 1:
            page.locator(".st-key-talk-next button").click()
            sync_api.expect(progress).to_contain_text(f"第 {number} 步", timeout=20_000)
            settled(page)
        assert_all_chinese(page, f"talk step {number}")
    page.locator(".st-key-talk-options button").first.click()  # the presenter's options
    sync_api.expect(page.get_by_text("跳到某一天")).to_be_visible(timeout=10_000)
    assert_all_chinese(page, "talk options")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="退出演讲模式").click()
    sync_api.expect(page.get_by_role("heading", name="路线地图")).to_be_visible(timeout=20_000)
    assert "lang=zh" in page.url
