"""The standalone HTML export: one file, every script and style inside, opens offline.

The browser test opens the file from ``file://`` in Chromium with every request
that would leave the machine aborted and recorded: the map must draw all its
stops and legs anyway, and the only requests it may even try are map tiles.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from routemap.export import formats as export
from routemap.export import standalone
from routemap.view import filters
from routemap.view.filters import Selection
from tests.browser import launch_browser
from tests.mapdata import places_of

TILE_URL = re.compile(
    r"^https://server\.arcgisonline\.com/ArcGIS/rest/services/World_Street_Map/"
    r"MapServer/tile/\d+/\d+/\d+$"
)


def _external_refs(page: str) -> list[str]:
    """What the page would load from elsewhere: script, stylesheet, image and frame sources and
    CSS ``url()``s that are not ``data:`` (links people click, like the attribution, are not loads)."""
    refs = re.findall(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)""", page)
    refs += re.findall(r"""url\(\s*["']?([^"')]+)""", page)
    return [r for r in refs if not r.startswith(("data:", "#"))]


def test_every_script_and_style_is_inside_the_file(dataset):
    page = standalone.to_html(filters.apply(dataset))
    assert "<script src" not in page and "<link" not in page
    assert _external_refs(page) == []
    assert "L.map(" in page and "L.control.fullscreen" in page
    assert "Leaflet 1.9.4" in page  # the library itself, not a link to it
    assert len(places_of(page, "stop")) == 14


def test_title_names_the_trip_and_the_days_escaped(dataset):
    trip = dataset.trip
    view = filters.apply(dataset, Selection(first_day=date(2025, 5, 28), last_day=date(2025, 5, 28)))
    page = standalone.to_html(view)
    assert "<title>" in page
    assert "2025-05-28" in page.split("<title>")[1].split("</title>")[0]
    assert standalone.page_title(filters.apply(dataset)) == trip.title


def test_default_basemap_is_the_offline_outlines_since_a_file_has_no_network_it_can_count_on(dataset):
    page = export.export_text(filters.apply(dataset), "html")
    assert standalone.DEFAULT_BASEMAP == "offline"
    assert "L.tileLayer" not in page and not re.search(r"https?://[^\"' ]*\{z\}", page)
    assert "Gansu" in page and "routemap-province-label" in page  # the outlines, labelled, are the map
    assert "Natural Earth" in page
    esri = export.export_text(filters.apply(dataset), "html", basemap="esri")
    assert "server.arcgisonline.com" in esri


def open_offline(browser, path: Path):
    """Open a file with every non-file request aborted; return (page, outside requests, page errors)."""
    outside: list[str] = []
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def guard(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri(), wait_until="load")
    return page, outside, errors


@pytest.mark.browser
@pytest.mark.parametrize(
    ("selection", "stops", "legs", "basemap"),
    [
        (Selection(), 14, 4, None),
        (Selection(first_day=date(2025, 5, 28), last_day=date(2025, 5, 28)), 4, 1, None),
        (Selection(themes=frozenset({"protecting-the-planet"})), 4, 1, None),
        (Selection(), 14, 4, "esri"),
    ],
    ids=["whole-route", "one-day", "one-theme", "esri-tiles"],
)
def test_the_file_opens_offline_with_every_marker_leg_and_popup(dataset, tmp_path, selection, stops, legs, basemap):
    from playwright.sync_api import sync_playwright

    view = filters.apply(dataset, selection)
    assert (len(view.stops), len(view.legs)) == (stops, legs)
    path = tmp_path / "routemap.html"
    path.write_bytes(export.export_bytes(view, "html", basemap=basemap))
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            page, outside, errors = open_offline(browser, path)
            page.wait_for_selector(".rm-stop", state="visible")
            assert page.locator(".rm-stop").count() == stops
            assert page.locator("path.rm-leg").count() == legs
            first = view.stops.iloc[0]
            page.locator(f'.rm-stop[data-stop="{int(first["stop"])}"]').click()
            popup = page.locator(".leaflet-popup-content")
            popup.wait_for(state="visible")
            assert first["name"] in popup.inner_text()
            assert errors == []
            # Thin outlines under tiles, the whole outlined map without: the route keeps its geography.
            assert page.locator(".leaflet-routemap-outlines-pane path").count() >= 3
            if basemap is None:  # the default, offline
                assert outside == [], f"the offline basemap made requests: {outside}"
                assert page.get_by_text("Gansu", exact=True).is_visible()
            else:
                not_tiles = [url for url in outside if not TILE_URL.match(url)]
                assert outside and not_tiles == [], f"requests other than map tiles: {not_tiles}"
        finally:
            browser.close()
