#!/usr/bin/env python3
"""The README's screenshots: the Map page and a step of talk mode, on a projector and a phone.

Starts `streamlit run app.py` on loopback, opens each view in headless Chromium
with every outside request cut off (so the map is drawn on the offline
outlines, the same on every machine), waits until the map is drawn and
Streamlit has finished its runs, and writes

    docs/screenshot-map-1280x720.png    docs/screenshot-talk-1280x720.png
    docs/screenshot-map-390x844.png     docs/screenshot-talk-390x844.png

    python scripts/screenshots.py [--out docs]

Needs Playwright and Chromium (Debian's `chromium` works).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from loopback import CHROMIUM_ARGS, streamlit_server  # scripts/ is on the path when a script runs
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
SCREENS = [(1280, 720), (390, 844)]
#: What each picture shows, by name: the page's address (the offline basemap: no tiles to wait for).
#: On a projector the Map page has a stop's details open; on a phone it shows the whole route.
VIEWS = {
    "map": "/?basemap=offline&stop=shanghai-fudan-china-institute-dialogue",
    "talk": "/talk?basemap=offline&step=dunhuang-shouhang-csp-plant",
}
PHONE_MAP = "/?basemap=offline"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
RUNNING = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def local_only(route) -> None:
    if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


def settle(page) -> None:
    """The map drawn, and every run Streamlit started (the map reports its fit) finished."""
    page.frame_locator(MAP_FRAME).locator(".rm-stop").first.wait_for(timeout=60_000)
    for _ in range(2):
        page.wait_for_function(RUNNING, timeout=30_000)
        page.wait_for_timeout(1500)


def shoot(page, url: str, name: str, size: tuple[int, int], out: Path) -> Path:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    phone = size[0] <= 640
    page.goto(url + (PHONE_MAP if name == "map" and phone else VIEWS[name]))
    settle(page)
    if name == "map" and not phone:  # the map and its details panel just below the header
        page.locator(".st-key-map-stage").evaluate(
            """stage => { const main = document.querySelector('[data-testid="stMain"]');
                          main.scrollTop += stage.getBoundingClientRect().top - 64; }"""
        )
        page.wait_for_timeout(800)
    path = out / f"screenshot-{name}-{size[0]}x{size[1]}.png"
    page.screenshot(path=str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=lambda p: Path(p).resolve(), default=REPO / "docs", help="folder for the PNGs (default: docs/)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with (
        tempfile.TemporaryDirectory() as logs,
        streamlit_server(REPO / "app.py", logs=Path(logs)) as (_, url),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        page.route("**/*", local_only)
        for size in SCREENS:
            for name in VIEWS:
                path = shoot(page, url, name, size, args.out)
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        browser.close()


if __name__ == "__main__":
    main()
