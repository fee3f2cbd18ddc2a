"""In Chromium: a dataset whose every text is hostile runs no script and makes no outside request.

With the "No tiles" basemap the dashboard must make no request off the machine
at all; hostile names must not add one (a Markdown image), open a dialog (an
``onerror`` or a closed ``</script>``), or become a live link.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from routemap.load.folder import default_data_dir
from routemap.web.frame import PAGES
from tests.browser import streamlit_server
from tests.hostile.text_cases import hostile_dataset
from tests.test_browser_dashboard import MAP_FRAME, Recorder, browser  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(default_data_dir(), folder)
    with streamlit_server(env={"ROUTEMAP_DATA": str(hostile_dataset(Path(folder)))}) as url:
        yield url


@pytest.mark.parametrize("page_name", [p.name for p in PAGES])
def test_hostile_names_run_nothing_and_fetch_nothing(browser, hostile_server, page_name):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    recorder = Recorder(page)
    path = "" if page_name == "map" else page_name
    page.goto(f"{hostile_server}/{path}?basemap=none")
    shown = page.get_by_text("Xian [js](javascript:alert(1))", exact=False).and_(page.locator(":visible"))
    shown.first.wait_for(timeout=30_000)  # the first one on screen: a collapsed box may hold an earlier copy
    if page_name in ("map", "talk"):
        page.frame_locator(MAP_FRAME).locator(".rm-stop").first.wait_for(state="attached", timeout=30_000)
        page.screenshot(path="/tmp/hostile-" + page_name + ".png")
    page.wait_for_timeout(1500)
    assert recorder.external == []
    assert recorder.dialogs == []
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    outside = [href for href in links if not href.startswith("#")]  # heading anchors are in-page
    assert not [href for href in outside if href.startswith("javascript") or "evil" in href], outside
    images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
    assert not [src for src in images if "evil" in src or src.endswith("/x")], images
    context.close()
