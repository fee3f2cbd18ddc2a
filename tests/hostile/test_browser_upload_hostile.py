"""In Chromium: an uploaded trip whose names and descriptions are injection strings shows them as text, runs nothing.

The file goes in through the Upload page's real file input; each string must
then read literally on the Map (the marker's tooltip, its popup, the details
panel), the Itinerary, Places and the Talk card, with no dialog opened, no
image or javascript: link made, and nothing asked of the outside world.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.browser import streamlit_server
from tests.test_browser_dashboard import Recorder, browser, map_frame, wait_for_stops  # noqa: F401
from tests.test_browser_upload import LOADED, go, upload

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
TEMPLATE = "`tick` ${1+1} {{ 7*7 }} C:\\trip\\x"
#: Three places, each name and description hostile; the city is hostile too.
PLACES = [
    (IMG, SCRIPT, 108.9425, 34.261, "2025-05-26"),
    (SCRIPT, TEMPLATE, 109.2743, 34.3853, "2025-05-27"),
    (TEMPLATE, IMG, 109.49167, 36.59889, "2025-05-28"),
]


def hostile_geojson() -> bytes:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "description": text, "date": day, "city": f"{name} city"},
        }
        for name, text, lon, lat, day in PLACES
    ]
    doc = {"type": "FeatureCollection", "name": f"Trip {IMG}", "features": features}
    return json.dumps(doc).encode("utf-8")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def no_script_ran(page) -> None:
    assert page.recorder.dialogs == []
    assert page.recorder.external == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0


def test_injection_strings_from_an_upload_show_literally_everywhere(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.recorder = Recorder(page)
    upload(page, server, "hostile.geojson", hostile_geojson())
    sync_api.expect(page.get_by_text(LOADED, exact=False)).to_be_visible(timeout=30_000)
    no_script_ran(page)

    go(page, "Map")
    wait_for_stops(page, 3)
    frame = map_frame(page)
    frame.locator('.rm-stop[data-stop="1"]').hover()
    sync_api.expect(frame.locator(".leaflet-tooltip").first).to_contain_text(IMG, timeout=20_000)
    frame.locator('.rm-stop[data-stop="1"]').click()
    popup = frame.locator(".leaflet-popup-content")
    sync_api.expect(popup).to_contain_text(IMG, timeout=20_000)
    sync_api.expect(popup).to_contain_text(SCRIPT)
    assert frame.locator(".leaflet-popup-content img").count() == 0
    details = page.locator(".st-key-stop-details")
    sync_api.expect(details).to_contain_text(IMG, timeout=20_000)
    sync_api.expect(details).to_contain_text(SCRIPT)
    frame.locator('.rm-stop[data-stop="2"]').click()
    sync_api.expect(details).to_contain_text(TEMPLATE, timeout=20_000)  # the panel stays; a rerun closes popups
    no_script_ran(page)

    go(page, "Itinerary")
    for text in (IMG, SCRIPT, TEMPLATE):
        sync_api.expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=20_000)
    no_script_ran(page)

    go(page, "Places")
    sync_api.expect(page.get_by_role("heading").first).to_be_visible(timeout=20_000)
    grid = page.get_by_test_id("stDataFrame")
    grid.wait_for(timeout=20_000)
    sync_api.expect(grid.locator("table")).to_be_attached(timeout=20_000)
    cells = grid.locator("table").first.evaluate("t => t.innerText")
    for text in (IMG, SCRIPT, TEMPLATE):  # the grid's accessible table, behind the canvas it draws
        assert text in cells, text
    no_script_ran(page)

    go(page, "Talk mode")
    card = page.locator(".rm-talk-card")
    sync_api.expect(card).to_be_visible(timeout=30_000)
    seen = []
    for _ in range(10):  # from the title card through the days and stops, until every string was shown
        seen.append(card.inner_text())
        if all(text in "\n".join(seen) for text in (IMG, SCRIPT, TEMPLATE)):
            break
        page.get_by_role("button", name="Next →").click(timeout=15_000)
        page.wait_for_timeout(1000)
    shown = "\n".join(seen)
    for text in (IMG, SCRIPT, TEMPLATE):
        assert text in shown, text
    no_script_ran(page)
    context.close()
