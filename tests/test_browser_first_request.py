"""Each page's address as the very first request of a fresh server process: the whole frame, working filters.

With a ``pages/`` folder beside ``app.py``, Streamlit serves a fresh process's
first request in its pages-folder mode (a presenter opening a talk's link right after
``streamlit run``). The page sets up the navigation and runs again from ``app.py``
(frame.page_view): the navigation has the pages' titles, not their file names ("app",
"talk"), the way out of talk mode leads to the Map page's own address, and the filters hold.
"""

from __future__ import annotations

import re

import pytest

from routemap.web.frame import PAGES
from tests.browser import streamlit_server
from tests.test_browser_dashboard import Recorder, browser  # noqa: F401 - the browser fixture
from tests.test_browser_phone import map_ready

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.mark.parametrize("name", [p.name for p in PAGES if not p.default])
def test_a_page_link_as_a_process_s_first_request_gets_the_frame(browser, name):  # noqa: F811
    with streamlit_server() as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        Recorder(page)  # nothing leaves the machine
        page.goto(f"{server}/{name}?theme=protecting-the-planet")
        if name == "talk":  # full screen, no sidebar: the card, then the way out keeps the filters
            sync_api.expect(page.locator(".rm-talk-card")).to_be_visible(timeout=30_000)
            page.get_by_role("button", name=re.compile("Leave talk mode")).click()
            page.wait_for_url(re.compile(r"/(\?|$)"), timeout=30_000)  # the Map page's own address, not /map
            map_ready(page, 4)  # the map's own rerun (it reports its zoom) over before the next click
        sidebar = page.get_by_test_id("stSidebar")
        themes = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Themes")
        themes.wait_for(timeout=30_000)
        assert page.get_by_text("Page not found").count() == 0
        sync_api.expect(themes).to_contain_text("Protecting the planet")
        sync_api.expect(themes).not_to_contain_text("Revolutionary heritage")
        # the navigation's titles, not the files' names
        sync_api.expect(sidebar.get_by_role("link", name="Places", exact=True)).to_be_visible()
        assert sidebar.get_by_role("link", name="app", exact=True).count() == 0
        # switch page in the same session: the filters hold
        target = "places" if name != "places" else "itinerary"
        sidebar.get_by_role("link", name=target.title(), exact=True).click()
        page.wait_for_url(re.compile(rf"/{target}"), timeout=30_000)
        themes = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Themes")
        sync_api.expect(themes).to_contain_text("Protecting the planet", timeout=30_000)
        sync_api.expect(themes).not_to_contain_text("Revolutionary heritage")
        # the run that follows the switch writes the filters into the address (the sidebar shows them before)
        page.wait_for_url(re.compile(r"[?&]theme=protecting-the-planet"), timeout=30_000)
        context.close()
