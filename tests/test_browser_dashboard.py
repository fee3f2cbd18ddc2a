"""The dashboard in a real browser: Chromium (Playwright) against `streamlit run` on loopback.

Checks what only a browser shows: the map's markers and lines, popups on
click, filters changing them, links reproducing the view, and that nothing but
map tiles is ever requested from outside the machine (with the network cut,
only the tiles go missing).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.browser import REPO, is_loopback, launch_browser, streamlit_server

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

#: AutoNavi's tile hosts: webrd0{s}.is.autonavi.com, subdomains 1-4.
AUTONAVI_HOSTS = {f"webrd0{n}.is.autonavi.com" for n in range(1, 5)}
TILE_HOSTS = {"tile.openstreetmap.org", "server.arcgisonline.com", *AUTONAVI_HOSTS}
OUTLINE_PATHS = ".leaflet-routemap-outlines-pane path"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser
        browser.close()


class Recorder:
    """Every request a page makes, with the outside world cut off (tiles too)."""

    def __init__(self, page) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        page.route("**/*", self._route)
        page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        url = route.request.url
        if is_loopback(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("internetdisconnected")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def hosts(self) -> set[str]:
        return {urlsplit(u).hostname or "" for u in self.external}


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def wait_for_stops(page, count: int, timeout: float = 30_000) -> None:
    frame = map_frame(page)
    frame.locator(".rm-stop").first.wait_for(timeout=timeout)
    sync_api.expect(frame.locator(".rm-stop")).to_have_count(count, timeout=timeout)


def metric_values(page) -> list[str]:
    return page.get_by_test_id("stMetricValue").all_inner_texts()


def test_whole_route_draws_every_stop_leg_and_mentioned_place_offline(page, server):
    page.goto(server + "/")
    wait_for_stops(page, 14)
    frame = map_frame(page)
    sync_api.expect(frame.locator("path.rm-leg")).to_have_count(4)
    sync_api.expect(frame.locator(".rm-mentioned")).to_have_count(2)
    sync_api.expect(frame.locator(".rm-city")).to_have_count(5)
    numbers = sorted(int(n) for n in frame.locator(".rm-stop").evaluate_all("els => els.map(e => e.dataset.stop)"))
    assert numbers == list(range(1, 15))
    assert frame.locator(".leaflet-control-scale").count() == 1
    assert frame.locator(".leaflet-control-zoom-fullscreen, .fullscreen-icon").count() >= 1
    # its stylesheet travels inside the map: the button shows its icon
    icon = frame.locator(".leaflet-control-zoom-fullscreen").first.evaluate("e => getComputedStyle(e).backgroundImage")
    assert icon.startswith('url("data:image/svg+xml'), icon
    assert frame.locator(".leaflet-control-layers").count() == 1
    assert frame.locator(".routemap-legend").count() == 1
    # Only tiles were asked of the outside world, and cutting them off broke nothing.
    assert page.recorder.hosts() <= TILE_HOSTS, page.recorder.hosts()
    assert metric_values(page) == ["14", "4", "6 of 11", "4,225"]


def test_changing_the_theme_filter_changes_markers_and_legs(page, server):
    page.goto(server + "/")
    wait_for_stops(page, 14)
    themes = page.get_by_test_id("stMultiSelect").filter(has_text="Themes")
    themes.get_by_role("button", name=re.compile("Clear all", re.I)).click()
    sync_api.expect(page.get_by_text("Nothing matches these filters")).to_be_visible(timeout=20_000)
    themes.click()
    page.get_by_role("option", name="Protecting the planet").click()
    page.keyboard.press("Escape")
    wait_for_stops(page, 4)
    sync_api.expect(map_frame(page).locator("path.rm-leg")).to_have_count(1)
    numbers = sorted(
        int(n) for n in map_frame(page).locator(".rm-stop").evaluate_all("els => els.map(e => e.dataset.stop)")
    )
    assert numbers == [8, 9, 10, 11]
    assert "theme=protecting-the-planet" in page.url  # ids, not labels


def test_clicking_a_stop_opens_its_popup_with_both_names_and_provenance(page, server):
    page.goto(server + "/")
    wait_for_stops(page, 14)
    frame = map_frame(page)
    frame.locator('.rm-stop[data-stop="8"]').click()
    popup = frame.locator(".leaflet-popup-content")
    sync_api.expect(popup).to_contain_text("Shouhang Dunhuang 100 MW molten-salt tower solar power plant")
    sync_api.expect(popup).to_contain_text("首航高科敦煌100兆瓦熔盐塔式光热电站")
    sync_api.expect(popup).to_contain_text("On 31 May we visited the Shouhang Dunhuang")
    sync_api.expect(popup).to_contain_text("stated")
    sync_api.expect(popup).to_contain_text("SolarPACES")


def test_a_link_opens_the_same_view_and_page_switches_keep_it(page, server):
    page.goto(server + "/places?theme=Protecting+the+planet&city=Jiayuguan")
    sync_api.expect(page.get_by_text("3 of 3 places on view")).to_be_visible(timeout=30_000)
    assert page.get_by_text("Page not found").count() == 0
    page.get_by_role("link", name="Map").click()
    wait_for_stops(page, 3)
    assert metric_values(page)[:2] == ["3", "1"]
    page.get_by_role("link", name="Itinerary").click()
    sync_api.expect(page.locator("h3").first).to_contain_text("Day 7 · Sunday 1 June 2025", timeout=20_000)


def test_no_tiles_basemap_makes_no_outside_request(page, server):
    page.goto(server + "/?basemap=No+tiles")
    wait_for_stops(page, 14)
    page.wait_for_timeout(1000)
    assert page.recorder.external == []


def test_offline_basemap_draws_the_provinces_and_makes_no_outside_request(page, server):
    page.goto(server + "/?basemap=offline")
    wait_for_stops(page, 14)
    frame = map_frame(page)
    # sea, 32 countries, 34 provinces, the coast, 48 borders: fetched from the app's own static folder
    frame.locator(OUTLINE_PATHS).nth(100).wait_for(state="attached", timeout=20_000)
    sync_api.expect(frame.get_by_text("Gansu", exact=True)).to_be_visible()
    sync_api.expect(frame.locator(".routemap-province-label")).to_have_count(34)
    assert frame.locator(".leaflet-tile-pane img").count() == 0
    assert "Natural Earth" in frame.locator(".leaflet-control-attribution").inner_text()
    page.wait_for_timeout(1000)
    assert page.recorder.external == []
    assert "basemap=offline" in page.url


def test_gaode_basemap_asks_the_autonavi_hosts_for_tiles_over_thin_outlines(page, server):
    page.goto(server + "/?basemap=gaode")
    wait_for_stops(page, 14)
    frame = map_frame(page)
    # the tiles are cut off in tests: what matters is where they were asked for
    for _ in range(40):
        if page.recorder.external:
            break
        page.wait_for_timeout(250)
    hosts = page.recorder.hosts()
    assert hosts and hosts <= AUTONAVI_HOSTS, hosts
    assert all("lang=zh_cn" in url and "style=8" in url for url in page.recorder.external)
    # under tiles the outlines are lines only: no fills, no province names
    frame.locator(OUTLINE_PATHS).nth(30).wait_for(state="attached", timeout=20_000)
    assert frame.locator(".routemap-province-label").count() == 0
    attribution = frame.locator(".leaflet-control-attribution").inner_text()
    assert "高德地图 AutoNavi" in attribution and "Natural Earth" in attribution
    assert "basemap=gaode" in page.url


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(REPO / "data", data)
    places = data / "places.csv"
    text = places.read_text(encoding="utf-8")
    hostile = "C:\\ `tick` ${alert(1)} <img src=x onerror=alert(2)> & [link](javascript:alert(3))"
    text = text.replace("A museum opened in 1951", hostile.replace('"', "") + " A museum opened in 1951")
    places.write_text(text, encoding="utf-8")
    with streamlit_server(env={"ROUTEMAP_DATA": str(data)}) as url:
        yield url


def test_hostile_text_is_shown_as_text_everywhere(page, hostile_server):
    page.goto(hostile_server + "/")
    wait_for_stops(page, 14)  # a backslash or backtick in the data did not break the script
    frame = map_frame(page)
    frame.locator('.rm-stop[data-stop="3"]').click()
    # the popup closes when the click's rerun redraws the stops; the details panel stays: assert there
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_contain_text("C:\\ `tick` ${alert(1)} <img src=x onerror=alert(2)> &", timeout=20_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20_000)
    assert details.locator("img").count() == 0 and frame.locator(".leaflet-popup-content img").count() == 0
    page.get_by_role("link", name="Itinerary").click()
    sync_api.expect(page.get_by_text("onerror=alert(2)", exact=False).first).to_be_visible(timeout=20_000)
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.recorder.dialogs == []


def talk_progress(page) -> str:
    return page.locator(".rm-talk-card .rm-talk-progress").inner_text()


def show_quiet_days(page) -> None:
    """Switch on the talk's "Show days with nothing recorded" (in its "Steps and options" popover)."""
    page.get_by_role("button", name="Steps and options").click()
    page.get_by_text("Show days with nothing recorded").click()
    page.keyboard.press("Escape")


def test_talk_mode_walks_all_eleven_days_with_buttons_and_keys(page, server):
    page.goto(server + "/talk")
    card = page.locator(".rm-talk-card")
    progress = card.locator(".rm-talk-progress")
    sync_api.expect(progress).to_have_text("Step 1 of 19", timeout=30_000)  # the title card
    sync_api.expect(card).to_contain_text("Xi'an → Yan'an → Dunhuang → Jiayuguan → Shanghai")
    show_quiet_days(page)
    sync_api.expect(progress).to_have_text("Step 1 of 22", timeout=20_000)
    frame = map_frame(page)
    days, stops = set(), []
    for number in range(2, 23):
        page.get_by_role("button", name="Next →").click()
        sync_api.expect(progress).to_contain_text(f"Step {number} of 22", timeout=20_000)
        text = progress.inner_text()
        days.add(int(re.search(r"Day (\d+) of 11", text).group(1)))
        if match := re.search(r"Stop (\d+) of 14", text):
            stop = int(match.group(1))
            stops.append(stop)
            # the map moved to the stop, which is ringed; stops still ahead are faded
            sync_api.expect(frame.locator(f'.rm-stop.rm-selected[data-stop="{stop}"]')).to_have_count(1)
            sync_api.expect(frame.locator(".rm-stop.rm-ahead")).to_have_count(14 - stop)
    assert days == set(range(1, 12)) and stops == list(range(1, 15))
    assert page.get_by_role("button", name="Next →").is_disabled()
    assert "The source records nothing for this day." in card.inner_text()  # 5 June
    page.keyboard.press("ArrowLeft")
    sync_api.expect(progress).to_contain_text("Step 21 of 22", timeout=20_000)
    page.keyboard.press("PageUp")
    sync_api.expect(progress).to_contain_text("Step 20 of 22", timeout=20_000)
    page.keyboard.press("ArrowRight")
    sync_api.expect(progress).to_contain_text("Step 21 of 22", timeout=20_000)
    assert "step=" in page.url
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.recorder.hosts() <= TILE_HOSTS


def test_a_talk_link_opens_at_its_step(page, server):
    page.goto(server + "/talk?step=Day+4+%C2%B7+travel+Yan%27an+%E2%86%92+Dunhuang")
    card = page.locator(".rm-talk-card")
    sync_api.expect(card.locator(".rm-talk-progress")).to_have_text("Step 7 of 19 · Day 4 of 11", timeout=30_000)
    sync_api.expect(card).to_contain_text("Yan'an → Dunhuang")
    sync_api.expect(map_frame(page).locator(".rm-stop.rm-ahead")).to_have_count(10)


def test_clicking_a_stop_puts_it_in_the_link_and_the_link_reopens_it(page, server, browser):
    page.goto(server + "/")
    wait_for_stops(page, 14)
    map_frame(page).locator('.rm-stop[data-stop="12"]').click()
    sync_api.expect(map_frame(page).locator('.rm-stop.rm-selected[data-stop="12"]')).to_have_count(1, timeout=20_000)
    page.wait_for_function("() => window.location.search.includes('stop=')", timeout=10_000)
    link = page.url
    assert "stop=shanghai-fudan-china-institute-dialogue" in link  # the clicked marker's id
    other = browser.new_context().new_page()  # another browser session opens the same view
    other.goto(link)
    other.frame_locator(MAP_FRAME).locator('.rm-stop.rm-selected[data-stop="12"]').wait_for(timeout=30_000)
    other.goto(link.replace("/?", "/talk?"))
    sync_api.expect(other.locator(".rm-talk-card")).to_contain_text("Stop 12 of 14", timeout=30_000)
    assert (
        other.locator(".rm-talk-card .rm-talk-name")
        .inner_text()
        .endswith("Dialogue with the China Institute, Fudan University")
    )
    other.context.close()


def test_copy_link_gives_the_url_that_reproduces_the_view(page, server, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(server + "/itinerary?theme=Defend+Socialist+China")
    sync_api.expect(page.locator("h3").first).to_contain_text("Day 9", timeout=30_000)
    widget = page.locator('[data-testid="stSidebar"] .rm-copy-link')
    widget.get_by_role("button", name="Copy link to this view").click()
    sync_api.expect(widget.locator(".rm-copy-button")).to_have_text("✓ Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    link = widget.get_by_label("Link to this view").input_value()
    assert link == page.url and "theme=defend-socialist-china" in link  # the old label link now holds the id
    other = browser.new_context().new_page()
    other.goto(link)
    sync_api.expect(other.locator("h3")).to_have_text(["Day 9 · Tuesday 3 June 2025 · Shanghai"], timeout=30_000)
    other.context.close()
