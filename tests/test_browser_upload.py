"""The Upload page in Chromium against `streamlit run`: uploads drawn end to end, one session never sees another's.

Files go in through the page's real file input (``set_input_files``); the
dashboard is then walked through its own navigation, since a reload is a new
session and an upload lives only in the session that made it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import REPO, streamlit_server
from tests.test_browser_dashboard import MAP_FRAME, Recorder, browser, map_frame, wait_for_stops  # noqa: F401

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

EXAMPLES = REPO / "examples" / "import"
ARTIFACTS = REPO / "test-artifacts"
LOADED = "It is now the trip"
# What only shaanxi.kml puts on screen, matched case-sensitively. The Upload page itself offers
# "an example (three days in Shaanxi)" and shows the template's "Bell Tower of Xi'an" (so the
# places are looked for on the Itinerary); the shipped trip has its own Yan'an Revolutionary
# Memorial Hall. Those are no trace of another session.
UPLOAD_TRACES = ("Your upload", LOADED, "Three days in Shaanxi (sample itinerary)", "shaanxi.kml")
UPLOAD_PLACES = ("Museum of the Terracotta Army", "Bell Tower of Xi'an", "Revolutionary Yan'an")  # on the Itinerary


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser, request):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.recorder = Recorder(page)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def go(page, title: str) -> None:
    """Follow the sidebar's link to a page. Streamlit sometimes shows the pages folder's own links (``talk``)
    instead of the navigation's (``Talk mode``) after a page switch (on main too): either will do."""
    page.get_by_role("link", name=re.compile(rf"^{title.split()[0]}", re.I)).first.click()


def upload(page, server: str, name: str, data: bytes) -> None:
    """Open the Upload page (no tiles: nothing leaves the machine) and send one file through its input."""
    page.goto(f"{server}/upload?basemap=none")
    page.locator("input[type=file]").wait_for(state="attached", timeout=30_000)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )


@pytest.mark.parametrize(("name", "legs"), [("shaanxi.geojson", 1), ("shaanxi.kml", 1), ("shaanxi.csv", 1)])
def test_an_example_upload_draws_its_route_on_the_map(page, server, name, legs):
    upload(page, server, name, (EXAMPLES / name).read_bytes())
    sync_api.expect(page.get_by_text(LOADED, exact=False)).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="Open it on the map").click()
    wait_for_stops(page, 3)
    sync_api.expect(map_frame(page).locator("path.rm-leg")).to_have_count(legs)
    assert page.get_by_test_id("stMetricValue").all_inner_texts()[:2] == ["3", "2"]
    assert page.recorder.external == [] and page.recorder.dialogs == []


def test_two_sessions_at_once_one_uploading_the_other_unaffected(browser, server):  # noqa: F811
    mine = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.goto(f"{server}/?basemap=none")
    wait_for_stops(other, 14)
    upload(mine, server, "shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    sync_api.expect(mine.get_by_text(LOADED, exact=False)).to_be_visible(timeout=30_000)
    for trace in UPLOAD_TRACES[1:]:  # the picker's "Your upload" is in the sidebar, shown from the next run
        assert mine.get_by_text(re.compile(re.escape(trace))).count() > 0, trace
    go(mine, "Map")
    wait_for_stops(mine, 3)
    other.reload()  # the other session, run again while the first holds its upload
    wait_for_stops(other, 14)
    go(other, "Upload")
    sync_api.expect(other.get_by_role("heading", name="Upload a trip")).to_be_visible(timeout=30_000)
    for trace in UPLOAD_TRACES:
        assert other.get_by_text(re.compile(re.escape(trace))).count() == 0, trace
    go(other, "Itinerary")
    sync_api.expect(other.locator("h3").first).to_contain_text("Day 1", timeout=30_000)
    for trace in UPLOAD_PLACES:
        assert other.get_by_text(re.compile(re.escape(trace))).count() == 0, trace
    go(mine, "Itinerary")  # the traces are real: the session that uploaded shows them
    sync_api.expect(mine.get_by_text(re.compile(re.escape(UPLOAD_PLACES[0]))).first).to_be_visible(timeout=30_000)
    for trace in UPLOAD_PLACES:
        assert mine.get_by_text(re.compile(re.escape(trace))).count() > 0, trace
    mine.context.close()
    other.context.close()


def test_a_refused_file_shows_its_message_and_draws_nothing(page, server):
    corpus = Path(__file__).resolve().parent / "hostile" / "corpus"
    upload(page, server, "latin1.csv", (corpus / "latin1.csv").read_bytes())
    sync_api.expect(page.get_by_text("so nothing is drawn", exact=False)).to_be_visible(timeout=30_000)
    assert page.get_by_text("Your upload", exact=False).count() == 0
    go(page, "Map")
    wait_for_stops(page, 14)  # the shipped trip, as it was
