#!/usr/bin/env python3
"""Time to the whole route on the map, beside a plain Streamlit page, in one run.

Starts `streamlit run` on loopback twice: the dashboard, and a baseline app
that only writes one line of text. For each, Chromium (headless, every
outside request cut off, as on a projector with no network) loads the page
N times; the figure is the median time from navigation until the dashboard
shows all 14 stop markers, or the baseline shows its text.

    python scripts/bench_browser.py [--runs 5]

Needs Playwright and Chromium (Debian's `chromium` works).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from loopback import CHROMIUM_ARGS, streamlit_server  # scripts/ is on the path when a script runs
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
BASELINE = 'import streamlit as st\nst.write("baseline ready")\n'


def timed_loads(browser, url: str, ready, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort("internetdisconnected")
        )
        start = time.perf_counter()
        page.goto(url)
        ready(page)
        times.append(time.perf_counter() - start)
        context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    chromium = shutil.which("chromium")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        baseline_app = Path(tmp) / "baseline.py"
        baseline_app.write_text(BASELINE)
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        results = {}
        for name, app, ready in (
            (
                "dashboard",
                REPO / "app.py",
                lambda page: (
                    page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                    .locator(".rm-stop")
                    .nth(13)
                    .wait_for(timeout=60_000)
                ),
            ),
            ("baseline", baseline_app, lambda page: page.get_by_text("baseline ready").wait_for(timeout=60_000)),
        ):
            with streamlit_server(app, logs=Path(tmp)) as (_, url):
                timed_loads(browser, url, ready, 1)  # warm the server: imports, caches
                results[name] = timed_loads(browser, url, ready, runs)
        browser.close()
    dash, base = (statistics.median(results[k]) for k in ("dashboard", "baseline"))
    print(f"{'page':10} {'median s':>9}   (of {runs} loads, network cut)")
    print(f"{'dashboard':10} {dash:9.2f}   all 14 stops on the map")
    print(f"{'baseline':10} {base:9.2f}   one line of text")
    print(f"ratio {dash / base:.1f}x")


if __name__ == "__main__":
    main()
