#!/usr/bin/env python3
"""Scale benchmark: routemap on seeded synthetic trips, each figure beside a bare baseline.

Issue 13, item 1. For each size (visited places; default 20, 1,000 and 10,000)
a synthetic trip is written by scripts/synth_trip.py into a temporary folder
and checked with ``routemap validate``; then, each beside its baseline measured
in the same run, interleaved, with the median and the spread (min-max):

  1. load       load_dataset(folder)                 vs pandas.read_csv of the same files
  2. map        build_map(apply(ds)) + render, bytes  vs bare folium: one GeoJson layer with a
                                                        GeoJsonPopup and GeoJsonTooltip (name, date)
  3. export     export_text(view, "html"), bytes      vs the same bare folium map rendered
  4. AppTest    app.py, theme filter change           vs a bare page: multiselect + st_folium of
                                                        the bare map (same points, same change)
  5. browser    Chromium on loopback, outside cut off: navigation until every place is drawn in
                the map iframe (cold), then after the same filter change; routemap vs bare page,
                both servers up, their sessions taking turns
  6. memory     RSS of the streamlit process with 1 and with 20 sessions, routemap vs bare page
  7. pan/zoom   in the cold session: a zoom step and a 150-px pan, each until painted, vs bare page
  8. talk       routemap's talk mode at 1280×720: a Next step until the map settles, vs the
                smallest size's (a bare page has no talk mode): one server per size, all up at
                once, the sizes taking turns, --talk-steps steps each

    python scripts/bench_scale.py [--sizes 20,1000,10000] [--runs N] [--skip-browser]
                                  [--out docs/performance.md]

The filter change everywhere: drop the first theme ("Revolutionary heritage")
from the theme filter (5 of the 14 shipped stops have only that theme), by
its chip's remove button in the browser. At the largest sizes the slow steps
run at most 3 times, the browser steps once (see --heavy-runs); the 20 sessions of step 6 are given
--session-cap seconds to draw their maps, and the table says how many did.

Needs the test extras (Playwright) and Debian's /usr/bin/chromium for steps 5-6.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib.metadata
import inspect
import itertools
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd

from routemap.export.formats import export_text

# The four names this benchmark needs from routemap, each imported here only:
# a rename in the package is a one-line change below.
from routemap.load.folder import load_dataset
from routemap.map.build import build_map
from routemap.view.filters import apply as apply_filters

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import CHROMIUM_ARGS, streamlit_server
from synth_trip import DEFAULT_SEED, write_trip

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
TRIP = tomllib.loads((REPO / "data" / "trip.toml").read_text(encoding="utf-8"))
THEMES = [t["id"] for t in TRIP["themes"]]
THEME_LABELS = {t["id"]: t["short"] for t in TRIP["themes"]}
DROPPED = THEMES[0]  # the filter change: every theme but this one
KEPT = THEMES[1:]
# AppTest's changes to a selection the server has not seen yet: one per run, three themes each
# (routemap keeps the view and the map's layers of the few selections used last, per dataset).
FRESH = [list(c) for c in itertools.combinations(THEMES, len(THEMES) - 2)]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ROUTEMAP_MARKER = ".rm-stop"
BARE_MARKER = ".leaflet-marker-icon"  # what a bare GeoJson layer draws for a Point: Leaflet's default marker
SESSIONS = 20
BIG = 10_000  # from here: each step at most 3 runs, routemap's browser steps --heavy-runs, the sessions capped
MEMORY_BOUND_MIB = 1024  # proposed bound for 20 sessions (see the report's targets)
SMALL_SESSION_LIMIT = 900  # seconds the 20 sessions may take below BIG: a safety net, not a cap
# Leaflet for the bare page, from the same loopback server as routemap's (app/static); with the
# network cut, folium's default CDN links would leave the bare page with no map at all.
SERVED_LEAFLET = "../../app/static/vendor/leaflet-1.9.4/"
# Debian's chromium, with the flags the browser tests use (loopback.CHROMIUM_ARGS): no background traffic.
CHROMIUM = "/usr/bin/chromium"
LOOPBACK = ("http://127.0.0.1:", "data:", "blob:", "about:")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- figures


@dataclass
class Row:
    """One line of the table: routemap's figures beside the baseline's."""

    size: int
    what: str
    unit: str  # "s", "ms", "MiB", "kB"
    ours: list[float]
    base: list[float]
    note: str = ""
    key: str = ""  # stable name for the targets
    comparable: bool = True  # False when the two sides did not do the same work (no ratio then)

    @property
    def ratio(self) -> float | None:
        if not self.comparable or not self.ours or not self.base or statistics.median(self.base) == 0:
            return None
        return statistics.median(self.ours) / statistics.median(self.base)


SCALE = {"s": 1.0, "ms": 1e3, "MiB": 2**-20, "kB": 1e-3}


def fmt(values: list[float], unit: str) -> str:
    if not values:
        return "–"
    k = SCALE[unit]
    med = statistics.median(values) * k
    digits = 0 if unit in ("kB", "MiB") and med >= 100 else 1 if unit in ("kB", "MiB", "ms") else 2
    if unit == "s" and med >= 10:
        digits = 1
    text = f"{med:,.{digits}f}"
    if len(values) > 1:
        text += f" ({min(values) * k:,.{digits}f}–{max(values) * k:,.{digits}f})"
    return f"{text} {unit}"


def runs_text(row: Row) -> str:
    return f"{len(row.ours)} / {len(row.base)}"


def table(rows: list[Row]) -> str:
    lines = [
        "| Places | Measure | routemap | baseline | ratio | runs (routemap / baseline) |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "–"
        what = r.what + (f" ({r.note})" if r.note else "")
        lines.append(
            f"| {r.size:,} | {what} | {fmt(r.ours, r.unit)} | {fmt(r.base, r.unit)} | {ratio} | {runs_text(r)} |"
        )
    return "\n".join(lines)


def interleaved(ours: Callable[[], object], base: Callable[[], object], n_ours: int, n_base: int):
    """Time both, alternating, so they see the same machine; return (seconds, seconds, last results)."""
    t_ours, t_base, last = [], [], [None, None]
    for i in range(max(n_ours, n_base)):
        for fn, times, slot, n in ((ours, t_ours, 0, n_ours), (base, t_base, 1, n_base)):
            if i < n:
                start = time.perf_counter()
                last[slot] = fn()
                times.append(time.perf_counter() - start)
    return t_ours, t_base, last


# --------------------------------------------------------------------------- the bare baseline


def bare_map(frame: pd.DataFrame, leaflet: str | None = None) -> folium.Map:
    """Bare folium: the places as one GeoJson layer, popup and tooltip showing name and date."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"name": str(name), "date": str(date)},
        }
        for name, date, lat, lon in zip(frame["name"], frame["date"], frame["lat"], frame["lon"], strict=True)
    ]
    m = folium.Map(location=(35, 105), zoom_start=4)
    if leaflet:  # the page under streamlit: Leaflet from loopback, as routemap has it
        m.default_js = [("leaflet", leaflet + "leaflet.js")]
        m.default_css = [("leaflet_css", leaflet + "leaflet.css")]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        popup=folium.GeoJsonPopup(fields=["name", "date"]),
        tooltip=folium.GeoJsonTooltip(fields=["name", "date"]),
    ).add_to(m)
    if features:
        m.fit_bounds([[frame["lat"].min(), frame["lon"].min()], [frame["lat"].max(), frame["lon"].max()]])
    return m


BARE_PAGE = '''"""Bare baseline page (written by scripts/bench_scale.py): a theme filter and st_folium."""
import os

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

THEMES = {themes!r}


{bare_map}

@st.cache_data
def places(path):
    return pd.read_csv(path, usecols=["id", "name", "date", "themes", "lat", "lon"])


st.set_page_config(layout="wide")
frame = places(os.environ["BENCH_PLACES"])
chosen = st.sidebar.multiselect("Themes", THEMES, default=THEMES, key="theme")
shown = frame[frame["themes"].str.split(";").map(lambda ts: not set(ts).isdisjoint(chosen))]
st.metric("Stops", len(shown))
st_folium(bare_map(shown, {leaflet!r}), key="map", height=620, use_container_width=True, returned_objects=[])
'''


def write_bare_page(folder: Path) -> Path:
    """The bare page in ``folder``, with ``static`` linked so Streamlit serves Leaflet as it does for routemap."""
    page = folder / "bare_page.py"
    source = textwrap.dedent(inspect.getsource(bare_map))  # the very function step 2 times
    page.write_text(BARE_PAGE.format(themes=THEMES, bare_map=source, leaflet=SERVED_LEAFLET), encoding="utf-8")
    (folder / "static").symlink_to(REPO / "static")
    return page


# --------------------------------------------------------------------------- the trip


@dataclass
class Trip:
    size: int
    folder: Path
    shown_after_change: int  # places left on view once the first theme is dropped
    theme_sets: list[frozenset[str]] = field(default_factory=list)  # each visited place's themes
    files: list[Path] = field(default_factory=list)


def make_trip(size: int, root: Path, seed: int) -> Trip:
    folder = write_trip(root / f"trip-{size}", size, seed=seed)
    check = subprocess.run(
        [sys.executable, "-m", "routemap.cli", "validate", str(folder)], capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        raise SystemExit(f"the synthetic trip of {size} places does not validate:\n{check.stdout}{check.stderr}")
    log(check.stdout.strip())
    with (folder / "places.csv").open(encoding="utf-8", newline="") as handle:
        themes = [frozenset(r["themes"].split(";")) for r in csv.DictReader(handle)]
    after = sum(1 for t in themes if t & set(KEPT))
    files = [folder / n for n in ("cities.csv", "legs.csv", "places.csv")]
    return Trip(size, folder, after, files=files, theme_sets=themes)


def shown(trip: Trip, kept: list[str]) -> int:
    """How many places the theme filter ``kept`` leaves on view."""
    return sum(1 for t in trip.theme_sets if t & set(kept))


# --------------------------------------------------------------------------- steps 1-3: in process


def bench_core(trip: Trip, runs: int, rows: list[Row]) -> None:
    n = trip.size
    light = min(runs, 3) if n >= BIG else runs

    def read_plain() -> None:
        tomllib.loads((trip.folder / "trip.toml").read_text(encoding="utf-8"))
        for path in trip.files:
            pd.read_csv(path)

    log(f"{n}: load ×{light}")
    ours, base, _ = interleaved(lambda: load_dataset(trip.folder), read_plain, light, light)
    rows.append(Row(n, "1. load + validate", "ms", ours, base, "vs pandas.read_csv", key="load"))

    frame = pd.read_csv(trip.folder / "places.csv")
    # A freshly loaded dataset and its view for each run, made outside the timing: routemap keeps what
    # it works out of a dataset and a view with them (model/derive.py), so reusing one would time a cache.
    fresh = iter([apply_filters(load_dataset(trip.folder)) for _ in range(2 * light)])
    log(f"{n}: map build + render ×{light}")
    ours, base, (html, bare_html) = interleaved(
        lambda: build_map(next(fresh)).get_root().render(), lambda: bare_map(frame).get_root().render(), light, light
    )
    rows.append(Row(n, "2. map build + render", "s", ours, base, "vs bare GeoJson", key="map_time"))
    rows.append(Row(n, "2. map HTML size", "kB", [len(html.encode())], [len(bare_html.encode())], key="map_size"))

    log(f"{n}: export html ×{light}")
    ours, base, (exported, bare_html) = interleaved(
        lambda: export_text(next(fresh), "html"), lambda: bare_map(frame).get_root().render(), light, light
    )
    rows.append(Row(n, "3. export --format html", "s", ours, base, "vs bare GeoJson", key="export_time"))
    rows.append(
        Row(
            n,
            "3. export HTML size",
            "kB",
            [len(exported.encode())],
            [len(bare_html.encode())],
            "Leaflet inlined",
            key="export_size",
        )
    )


# --------------------------------------------------------------------------- step 4: AppTest


def bench_apptest(trip: Trip, bare_page: Path, runs: int, rows: list[Row]) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    n = trip.size
    light = min(runs, 3) if n >= BIG else runs
    os.environ["ROUTEMAP_DATA"] = str(trip.folder)
    os.environ["BENCH_PLACES"] = str(trip.folder / "places.csv")
    st.cache_data.clear()  # the app caches the dataset by path argument (None): a new trip needs a clear

    def change(at, kept: list[str], app: Path) -> float:
        at.sidebar.multiselect(key="theme").set_value(kept)
        start = time.perf_counter()
        at.run()
        took = time.perf_counter() - start
        figure = {m.label: m.value for m in at.metric}.get("Stops")
        if at.exception or str(figure).replace(",", "") != str(shown(trip, kept)):
            raise SystemExit(f"{app.name}: expected {shown(trip, kept)} places after the change, got {figure}")
        return took

    def session(app: Path, fresh: list[str]) -> tuple[float, float, float]:
        """A new session: its first run, a change to a selection new to the server, one back to one it has seen."""
        at = AppTest.from_file(str(app), default_timeout=3600)
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        if at.exception:
            raise SystemExit(f"{app.name} failed on {n} places: {[e.value for e in at.exception]}")
        return first, change(at, fresh, app), change(at, KEPT, app)

    if light > len(FRESH):
        raise SystemExit(f"AppTest has {len(FRESH)} selections new to the server: at most {len(FRESH)} runs")
    log(f"{n}: AppTest ×{light}")
    for app in (APP, bare_page):  # a session first: the default view and KEPT are then ones the server has seen
        at = AppTest.from_file(str(app), default_timeout=3600)
        at.run()
        change(at, KEPT, app)
    firsts: dict[Path, list[float]] = {APP: [], bare_page: []}
    fresh: dict[Path, list[float]] = {APP: [], bare_page: []}
    seen: dict[Path, list[float]] = {APP: [], bare_page: []}
    for i in range(light):
        for app in (APP, bare_page):
            first, new, again = session(app, FRESH[i])
            firsts[app].append(first)
            fresh[app].append(new)
            seen[app].append(again)
    note = "vs bare page; a new session"
    rows.append(Row(n, "4. AppTest: first run", "ms", firsts[APP], firsts[bare_page], note, key="app_first"))
    rows.append(
        Row(
            n,
            "4. AppTest: theme filter change",
            "ms",
            fresh[APP],
            fresh[bare_page],
            "vs bare page; to a selection new to the server",
            key="app_change",
        )
    )
    rows.append(
        Row(
            n,
            "4. AppTest: change to a seen selection",
            "ms",
            seen[APP],
            seen[bare_page],
            "vs bare page; one this or another session chose before",
            key="app_seen",
        )
    )


# --------------------------------------------------------------------------- steps 5-6: browser


def status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def new_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(600_000)  # at 10,000 places the server takes minutes to answer
    page = context.new_page()
    # every request that leaves the machine (tiles) fails at once, as with the network cut
    page.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(LOOPBACK) else r.abort("internetdisconnected")
    )
    return context, page


#: How many stops routemap's map holds: its layers report it (``routemapPlaces.drawn``), since above
#: 300 places a layer draws dots on one canvas and numbered discs (``.rm-stop``) only for the few in view.
ROUTEMAP_DRAWN = "() => (window.routemapPlaces ? window.routemapPlaces.drawn('stop') : 0)"


#: Put in the top page before it loads (``add_init_script``): on every animation frame, count the places
#: the map iframe holds (as :func:`markers` does); once all are there, note the time of the *next* frame,
#: by which the frame showing them has been painted. In ms since navigation began, in
#: ``window.__benchShown``. The page's own clock, so the figure carries no polling delay from Playwright.
SHOWN_JS = """(() => {
  if (window.top !== window) { return; }
  const expected = __EXPECTED__, routemap = __ROUTEMAP__;
  const count = () => {
    const frame = document.querySelector(__FRAME__);
    const inner = frame && frame.contentWindow;
    try {
      if (routemap) { return inner && inner.routemapPlaces ? inner.routemapPlaces.drawn("stop") : 0; }
      return inner && inner.document ? inner.document.querySelectorAll(__BARE_MARKER__).length : 0;
    } catch (error) { return 0; }  /* the iframe is being replaced */
  };
  const check = () => {
    if (count() === expected) { requestAnimationFrame(() => { window.__benchShown = performance.now(); }); }
    else { requestAnimationFrame(check); }
  };
  requestAnimationFrame(check);
})();"""


def shown_script(expected: int, ours: bool) -> str:
    """:data:`SHOWN_JS` for a page of ``expected`` places, with the selectors :func:`markers` uses."""
    fills = {"__EXPECTED__": int(expected), "__ROUTEMAP__": ours, "__FRAME__": MAP_FRAME}
    fills["__BARE_MARKER__"] = BARE_MARKER
    script = SHOWN_JS
    for placeholder, value in fills.items():
        script = script.replace(placeholder, json.dumps(value))
    return script


def markers(page, selector: str) -> int:
    try:
        if selector == ROUTEMAP_MARKER:
            return int(page.frame_locator(MAP_FRAME).locator("body").evaluate(ROUTEMAP_DRAWN, timeout=5_000))
        return page.frame_locator(MAP_FRAME).locator(selector).count()
    except Exception:  # the iframe is being replaced
        return -1


def wait_markers(page, selector: str, expected: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while markers(page, selector) != expected:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expected} markers not drawn within {timeout:.0f} s (have {markers(page, selector)})")
        time.sleep(0.05)


#: Zoom in and out one level, pan 150 px right and back, twice, each step without animation; the
#: time of each from the call until Leaflet's ``moveend`` has run (routemap redraws its places there)
#: and two frames more are painted. The map is Leaflet's own object in the iframe, found by its class.
PAN_ZOOM_JS = """async () => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const painted = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const step = async move => {
    const start = performance.now();
    const moved = new Promise(done => map.once("moveend", done));
    move();
    await moved;
    await painted();
    return (performance.now() - start) / 1000;
  };
  const zoom = map.getZoom(), out = {zoom: [], pan: []};
  for (let i = 0; i < 2; i++) {
    out.zoom.push(await step(() => map.setZoom(zoom + 1, {animate: false})));
    out.zoom.push(await step(() => map.setZoom(zoom, {animate: false})));
    out.pan.push(await step(() => map.panBy([150, 0], {animate: false})));
    out.pan.push(await step(() => map.panBy([-150, 0], {animate: false})));
  }
  return out;
}"""
STATUS = '[data-testid="stStatusWidget"]'


def run_over(page) -> None:
    """Wait until Streamlit has finished the run in progress (its status widget shows only while one runs)."""
    page.wait_for_function(f"() => !document.querySelector('{STATUS}')", timeout=3_600_000)


def pan_and_zoom(page) -> tuple[float, float]:
    """Median seconds of a zoom step and of a pan step on the map (:data:`PAN_ZOOM_JS`), then a quiet page.

    routemap reports its zoom to the server, which respreads the stops for it: the
    page is left until those reruns are over, so the filter change that follows
    is timed on its own.
    """
    steps = page.frame_locator(MAP_FRAME).locator("body").evaluate(PAN_ZOOM_JS, timeout=3_600_000)
    page.wait_for_timeout(1_000)
    run_over(page)
    return statistics.median(steps["zoom"]), statistics.median(steps["pan"])


@dataclass
class PageResult:
    cold: list[float] = field(default_factory=list)  # in the page's clock (SHOWN_JS)
    polled: list[float] = field(default_factory=list)  # as Playwright's polling (wait_markers) first saw it
    zoom: list[float] = field(default_factory=list)
    pan: list[float] = field(default_factory=list)
    change: list[float] = field(default_factory=list)
    rss1: float = 0.0
    rss20: float = 0.0
    hwm: float = 0.0
    drawn20: int = 0
    session_wait: float = 0.0


@dataclass
class Page:
    """One page of the browser steps: the app, how it finds its trip, how often it is timed."""

    app: Path
    env: dict[str, str]
    ours: bool
    runs: int
    sessions: bool  # whether to open the 20 sessions of step 6 on it
    url: str = ""
    pid: int = 0
    result: PageResult = field(default_factory=PageResult)

    @property
    def selector(self) -> str:
        return ROUTEMAP_MARKER if self.ours else BARE_MARKER


def bench_pages(browser, trip: Trip, pages: list[Page], *, cap: float, logs: Path) -> None:
    """Steps 5-8 for every page, each on its own server, all servers up at once.

    Each server is warmed up; then the timed sessions (a cold load, pan and zoom, the filter change,
    each session in a fresh browser context) alternate between the pages, the order swapped every
    run, so that routemap and its baseline see the same minutes of a noisy machine. The server's RSS
    with one session is read after its first cold load. Then, one
    page after the other, 20 sessions open the page and the RSS is read when all 20 show their map, or
    after ``cap`` seconds.
    """
    with contextlib.ExitStack() as stack:
        for page in pages:
            proc, page.url = stack.enter_context(streamlit_server(page.app, logs=logs, env=page.env, timeout=120))
            page.pid = proc.pid
            warm(browser, page, trip)
        for run in range(max(p.runs for p in pages)):
            for page in pages if run % 2 == 0 else pages[::-1]:
                if run < page.runs:
                    timed_session(browser, page, trip, first=run == 0)
        for page in pages:
            if page.sessions:
                open_sessions(browser, page, trip, cap)
            else:
                page.result.hwm = status_kb(page.pid, "VmHWM") * 1024


WAIT_S = 3600  # at 10,000 places a first load can take minutes; this only stops a hung run


def warm(browser, page: Page, trip: Trip) -> None:
    """Load the server's imports and cached dataset; routemap without drawing the map (no theme selected)."""
    context, tab = new_page(browser, page.url)
    if page.ours:
        tab.goto(page.url + "/?theme=")
        tab.get_by_text("Nothing matches these filters").wait_for(timeout=WAIT_S * 1000)
    else:
        tab.goto(page.url)
        wait_markers(tab, page.selector, trip.size, WAIT_S)
    context.close()


def timed_session(browser, page: Page, trip: Trip, *, first: bool) -> None:
    """One cold load, the pan and zoom steps, then the filter change, in a fresh context."""
    result, n = page.result, trip.size
    remove = f"Remove {THEME_LABELS[DROPPED] if page.ours else DROPPED}"
    context, tab = new_page(browser, page.url)
    tab.add_init_script(shown_script(n, page.ours))
    start = time.perf_counter()
    tab.goto(page.url)
    wait_markers(tab, page.selector, n, WAIT_S)
    result.polled.append(time.perf_counter() - start)
    result.cold.append(tab.wait_for_function("() => window.__benchShown").json_value() / 1000)
    if first:
        result.rss1 = status_kb(page.pid, "VmRSS") * 1024
    zoom, pan = pan_and_zoom(tab)
    result.zoom.append(zoom)
    result.pan.append(pan)
    # time from a page that answers (with thousands of markers drawing, the main thread may still be busy)
    tab.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
    start = time.perf_counter()
    chip = tab.locator('[data-testid="stSidebar"]').get_by_role("button", name=remove, exact=True)
    chip.click(timeout=WAIT_S * 1000)
    wait_markers(tab, page.selector, trip.shown_after_change, WAIT_S)
    result.change.append(time.perf_counter() - start)
    context.close()


TALK_NEXT = ".st-key-talk-next button"
TALK_PROGRESS = ".rm-talk-card .rm-talk-progress"
CARD_CHANGED = f"""before => {{
  const progress = document.querySelector({json.dumps(TALK_PROGRESS)});
  return progress !== null && progress.innerText !== before;
}}"""
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def open_talk(browser, url: str, trip: Trip):
    """A fresh context at a 1280×720 projector's size on the Talk page, its map drawn and the run over."""
    context, tab = new_page(browser, url)
    tab.set_viewport_size({"width": 1280, "height": 720})
    tab.goto(url)  # "/" first, as a visitor comes: the server has loaded the trip when the sidebar shows
    tab.wait_for_selector('[data-testid="stSidebarNav"]', timeout=WAIT_S * 1000)
    tab.goto(url + "/talk")
    tab.locator(TALK_PROGRESS).wait_for(timeout=WAIT_S * 1000)
    wait_markers(tab, ROUTEMAP_MARKER, trip.size, WAIT_S)
    run_over(tab)
    return context, tab


def talk_step(tab, trip: Trip) -> float:
    """Seconds of one Next step: from the click until the new card is shown, the run is over, the map
    holds every place and two more frames are painted in it."""
    progress = tab.locator(TALK_PROGRESS)
    before = progress.inner_text()
    tab.evaluate(NEXT_FRAMES)  # from a page that answers
    start = time.perf_counter()
    tab.locator(TALK_NEXT).click()
    tab.wait_for_function(CARD_CHANGED, arg=before, timeout=WAIT_S * 1000)
    run_over(tab)
    wait_markers(tab, ROUTEMAP_MARKER, trip.size, WAIT_S)
    tab.frame_locator(MAP_FRAME).locator("body").evaluate(NEXT_FRAMES)
    return time.perf_counter() - start


def bench_talk(trips: list[Trip], steps: int, rows: list[Row], logs: Path) -> None:
    """Step 8, routemap only: talk mode at every size at once, each beside the smallest size.

    One server per size, all up together, each with its Talk page open in its own context; then
    ``steps`` Next steps per size, the sizes taking turns (the order rotated every round), so that the
    smallest size's steps, the baseline, are timed in the same minutes as the others'.
    """
    from playwright.sync_api import sync_playwright

    times: dict[int, list[float]] = {trip.size: [] for trip in trips}
    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        tabs = []
        for trip in trips:
            env = {"ROUTEMAP_DATA": str(trip.folder)}
            _, url = stack.enter_context(streamlit_server(APP, logs=logs, env=env, timeout=120))
            context, tab = open_talk(browser, url, trip)
            stack.callback(context.close)
            tabs.append((trip, tab))
        log(f"talk mode: {steps} Next steps at each of {', '.join(f'{t.size:,}' for t in trips)} places, in turn")
        for step in range(steps):
            turn = step % len(tabs)
            for trip, tab in tabs[turn:] + tabs[:turn]:
                times[trip.size].append(talk_step(tab, trip))
    smallest = min(times)
    for size, values in times.items():
        rows.append(
            Row(
                size,
                "8. browser: talk mode, a Next step until the map settles",
                "s",
                values,
                times[smallest] if size != smallest else [],
                f"vs {smallest:,} places, the sizes taking turns"
                if size != smallest
                else "the baseline of the sizes above",
                key="talk",
                comparable=size != smallest,
            )
        )


def open_sessions(browser, page: Page, trip: Trip, cap: float) -> None:
    """Step 6: 20 sessions, opened one after another (opened all at once, 20 Streamlit pages on two
    cores mostly measure the browser); the RSS once all show their map, or after the time allowed."""
    result, n = page.result, trip.size
    opened = []
    start = time.perf_counter()
    deadline = start + (cap if n >= BIG else SMALL_SESSION_LIMIT)
    while len(opened) < SESSIONS:
        opened.append(new_page(browser, page.url))
        opened[-1][1].goto(page.url)
        try:
            wait_markers(opened[-1][1], page.selector, n, max(deadline - time.perf_counter(), 0))
        except TimeoutError:
            break
        result.drawn20 += 1
    result.session_wait = time.perf_counter() - start
    result.rss20 = status_kb(page.pid, "VmRSS") * 1024
    result.hwm = status_kb(page.pid, "VmHWM") * 1024
    for context, _ in opened:
        context.close()


def bench_browser(
    trip: Trip, bare_page: Path, runs: int, heavy: int, cap: float, bare_sessions: bool, rows: list[Row], logs: Path
) -> str:
    from playwright.sync_api import sync_playwright

    n = trip.size
    slow = heavy if n >= BIG else runs
    light = min(runs, 3) if n >= BIG else runs
    ours = Page(APP, {"ROUTEMAP_DATA": str(trip.folder)}, ours=True, runs=slow, sessions=True)
    bare = Page(
        bare_page, {"BENCH_PLACES": str(trip.folder / "places.csv")}, ours=False, runs=light, sessions=bare_sessions
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        log(f"{n}: browser, routemap ×{slow} and the bare page ×{light} taking turns; then {SESSIONS} sessions")
        bench_pages(browser, trip, [ours, bare], cap=cap, logs=logs)
        version = browser.version
        browser.close()
    rows.append(
        Row(
            n, "5. browser: all places shown, cold", "s", ours.result.cold, bare.result.cold, "vs bare page", key="cold"
        )
    )
    rows.append(
        Row(
            n,
            "5. browser: the same, as Playwright's polling saw it",
            "s",
            ours.result.polled,
            bare.result.polled,
            "vs bare page",
        )
    )
    rows.append(
        Row(
            n,
            "5. browser: after the theme filter change",
            "s",
            ours.result.change,
            bare.result.change,
            "vs bare page",
            key="change",
        )
    )
    rows.append(
        Row(
            n,
            "7. browser: a zoom step, until painted",
            "s",
            ours.result.zoom,
            bare.result.zoom,
            "vs bare page",
            key="zoom",
        )
    )
    rows.append(
        Row(
            n,
            "7. browser: a 150-px pan, until painted",
            "s",
            ours.result.pan,
            bare.result.pan,
            "vs bare page",
            key="pan",
        )
    )
    rows.append(Row(n, "6. server RSS, 1 session", "MiB", [ours.result.rss1], [bare.result.rss1], key="rss1"))
    mine, theirs = ours.result, bare.result
    drawn = f"maps drawn: {mine.drawn20}/{SESSIONS} in {mine.session_wait:.0f} s"
    if bare_sessions:
        drawn += f" vs {theirs.drawn20}/{SESSIONS} in {theirs.session_wait:.0f} s"
    both = bare_sessions and mine.drawn20 == theirs.drawn20 == SESSIONS
    for what, key, ours_value, base_value, note in (
        (f"6. server RSS, {SESSIONS} sessions", "rss20", mine.rss20, theirs.rss20, drawn),
        ("6. server peak RSS (VmHWM) by then", "hwm", mine.hwm, theirs.hwm, ""),
    ):
        base_values = [base_value] if bare_sessions else []
        rows.append(Row(n, what, "MiB", [ours_value], base_values, note, key=key, comparable=both))
    return version


# --------------------------------------------------------------------------- the report


def machine(chromium: str | None, load_before: tuple[float, ...], load_after: tuple[float, ...]) -> list[str]:
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    versions = ", ".join(
        f"{p} {importlib.metadata.version(p)}" for p in ("streamlit", "folium", "streamlit-folium", "pandas", "pandera")
    )
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    return [
        f"- Machine: {len(os.sched_getaffinity(0))} CPUs usable (nproc), {int(mem) / 1024**2:.1f} GiB RAM, {cpu}; "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}" + (f"; Chromium {chromium}" if chromium else ""),
        f"- routemap at commit {commit.strip() or 'unknown'}",
        f"- Load average (1, 5, 15 min) at the start {', '.join(f'{x:.1f}' for x in load_before)}, at the end "
        f"{', '.join(f'{x:.1f}' for x in load_after)}: other jobs share the machine, so compare ratios, not times",
    ]


def targets(rows: list[Row], sizes: list[int], cap_note: str) -> list[str]:
    def get(size: int, key: str) -> Row | None:
        return next((r for r in rows if r.size == size and r.key == key), None)

    def verdict(row: Row | None, limit: float) -> str:
        if row is None or row.ratio is None:
            return "not measured in this run"
        return f"{'**met**' if row.ratio <= limit else '**not yet**'} ({row.ratio:.2f}×, target ≤ {limit}×)"

    big, small = BIG, min(sizes)
    out = [
        f"- At {big:,} places, map build + render within 1.5× the bare GeoJson baseline's time: "
        + verdict(get(big, "map_time"), 1.5),
        f"- At {big:,} places, map HTML within 1.5× the bare baseline's size: " + verdict(get(big, "map_size"), 1.5),
        f"- At {big:,} places, the browser showing every place within 1.5× the bare page's time: cold "
        + verdict(get(big, "cold"), 1.5)
        + "; after the filter change "
        + verdict(get(big, "change"), 1.5),
        f"- At {big:,} places, panning and zooming fluid, taken as: a zoom step and a pan each painted within "
        "1.5× the bare page's time: zoom " + verdict(get(big, "zoom"), 1.5) + "; pan " + verdict(get(big, "pan"), 1.5),
        f"- At the shipped size ({small:,} places stand for the shipped trip's 14 stops and 2 mentioned places), "
        "within 1.3× the bare page in the browser: cold "
        + verdict(get(small, "cold"), 1.3)
        + "; after the filter change "
        + verdict(get(small, "change"), 1.3),
        "- At the shipped size, within 1.3× the bare page in the app (AppTest): a new session's first run "
        + verdict(get(small, "app_first"), 1.3)
        + "; the filter change, to a selection new to the server, "
        + verdict(get(small, "app_change"), 1.3)
        + " (to one it has seen: "
        + (f"{r.ratio:.2f}×" if (r := get(small, "app_seen")) is not None and r.ratio is not None else "not measured")
        + ")",
    ]
    if talks := [r for r in rows if r.key == "talk" and r.ours]:
        out.append(talk_target(talks))
    mem = [(r, get(r.size, "hwm")) for r in rows if r.key == "rss20"]
    if mem:
        parts = []
        for r, peak in mem:
            peak_mib = max(peak.ours) * 2**-20 if peak else float("nan")
            full = r.note.startswith(f"maps drawn: {SESSIONS}/{SESSIONS}")
            state = "**met**" if full and peak_mib <= MEMORY_BOUND_MIB else "**not yet**"
            why = "" if full else f"; only {r.note.split(' in ')[0].split(': ')[1]} maps drawn within the cap"
            parts.append(f"{r.size:,} places: {state} (peak {peak_mib:,.0f} MiB{why})")
        out.append(
            f"- {SESSIONS} sessions within a documented memory bound. No bound had been documented before this file; "
            f"this benchmark proposes: **the server's peak RSS (VmHWM) stays within {MEMORY_BOUND_MIB:,} MiB "
            f"while {SESSIONS} sessions open the map, and every one of them gets its map** (1 GB is the RAM "
            "Streamlit's free hosting guaranteed an app in 2021, streamlit/streamlit#3384; check today's limit "
            "before relying on it). Against it: " + "; ".join(parts) + "." + cap_note
        )
    else:
        out.append(f"- {SESSIONS} sessions within a memory bound: not measured in this run (--skip-browser).")
    return out


#: "Talk mode stays as smooth": a Next step at any size within this many times the shipped size's, the
#: tolerance the issue gives "no slower than today" at the shipped size.
TALK_LIMIT = 1.3


def talk_target(talks: list[Row]) -> str:
    """The talk-mode line of the targets: each size's Next step beside the smallest size's, timed in turn."""
    shipped = min(talks, key=lambda r: r.size)
    parts = [f"{fmt(shipped.ours, shipped.unit)} at {shipped.size:,} places"]
    for r in talks:
        if r is not shipped and r.ratio is not None:
            state = "**met**" if r.ratio <= TALK_LIMIT else "**not yet**"
            parts.append(
                f"{fmt(r.ours, r.unit)} at {r.size:,} places, {state} ({r.ratio:.2f}×, target ≤ {TALK_LIMIT}×)"
            )
    return (
        "- Talk mode as smooth at every size, taken as: a Next step, until the map settles, within "
        f"{TALK_LIMIT}× the shipped size's, the sizes taking turns in the same minutes (the issue's tolerance "
        "for no slower; a bare page has no talk mode): " + "; ".join(parts) + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000,10000", help="visited places per synthetic trip, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at most 3 for light steps at 10,000+)")
    parser.add_argument("--heavy-runs", type=int, default=1, help="runs of routemap's browser steps at 10,000+ places")
    parser.add_argument(
        "--session-cap",
        type=float,
        default=120,
        help=f"seconds the {SESSIONS} sessions get to draw their maps at {BIG:,}+ places",
    )
    parser.add_argument(
        "--bare-sessions",
        choices=("small", "all", "none"),
        default="small",
        help=f"sizes at which the bare page gets {SESSIONS} sessions too: below {BIG:,} places (default), all, none",
    )
    parser.add_argument(
        "--talk-steps", type=int, default=16, help="Next steps per size in talk mode (step 8), the sizes taking turns"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--skip-browser", action="store_true", help="leave out steps 5 and 6 (Chromium)")
    parser.add_argument("--out", type=Path, help="write the report (Markdown) here, e.g. docs/performance.md")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the streamlit servers are stopped too
    load_before = os.getloadavg()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    began = time.perf_counter()
    rows: list[Row] = []
    chromium = None
    with tempfile.TemporaryDirectory(prefix="routemap-bench-") as tmp:
        root = Path(tmp)
        logs = root / "logs"
        logs.mkdir()
        bare_page = write_bare_page(root)
        # warm up once on the shipped data: imports, template and asset caches
        shipped = apply_filters(load_dataset(REPO / "data"))
        build_map(shipped).get_root().render()
        export_text(shipped, "html")
        durations = {}
        trips = []
        for size in sizes:
            size_began = time.perf_counter()
            trip = make_trip(size, root, args.seed)
            trips.append(trip)
            bench_core(trip, args.runs, rows)
            bench_apptest(trip, bare_page, args.runs, rows)
            if not args.skip_browser:
                bare_sessions = args.bare_sessions == "all" or (args.bare_sessions == "small" and size < BIG)
                chromium = bench_browser(
                    trip, bare_page, args.runs, args.heavy_runs, args.session_cap, bare_sessions, rows, logs
                )
            durations[f"{size:,} places"] = time.perf_counter() - size_began
            print(table([r for r in rows if r.size == size]), flush=True)
        if not args.skip_browser and args.talk_steps:
            talk_began = time.perf_counter()
            bench_talk(trips, args.talk_steps, rows, logs)
            durations["talk mode"] = time.perf_counter() - talk_began
        rows.sort(key=lambda r: r.size)  # stable: each size's rows together, in the steps' order
    elapsed = time.perf_counter() - began
    print()
    print(table(rows))
    print(f"\nwhole run: {elapsed / 60:.1f} min")
    command = "python scripts/bench_scale.py " + shlex.join(
        [
            "--sizes",
            ",".join(str(s) for s in sizes),
            "--runs",
            str(args.runs),
            "--heavy-runs",
            str(args.heavy_runs),
            "--talk-steps",
            str(args.talk_steps),
            "--session-cap",
            f"{args.session_cap:g}",
            "--bare-sessions",
            args.bare_sessions,
            "--seed",
            str(args.seed),
            *(["--skip-browser"] if args.skip_browser else []),
            *(["--out", str(args.out)] if args.out else []),
        ]
    )
    if args.out:
        report = REPORT.format(
            date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            command=command,
            minutes=elapsed / 60,
            durations=", ".join(f"{what} {seconds / 60:.1f} min" for what, seconds in durations.items()),
            machine="\n".join(machine(chromium, load_before, os.getloadavg())),
            table=table(rows),
            targets="\n".join(targets(rows, sizes, f" (The cap: {args.session_cap:g} s.)")),
            runs=args.runs,
            heavy=args.heavy_runs,
            talk_steps=args.talk_steps,
            big=f"{BIG:,}",
            sessions=SESSIONS,
            cap=f"{args.session_cap:g}",
        )
        old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        args.out.write_text(with_notes(report, old), encoding="utf-8")
        log(f"wrote {args.out}")


NOTES_START = "<!-- hand-written notes: bench_scale.py keeps them when it rewrites this file -->"
NOTES_END = "<!-- end of hand-written notes -->"


def with_notes(report: str, previous: str) -> str:
    """``report`` with the hand-written notes of the file it replaces (between :data:`NOTES_START` and
    :data:`NOTES_END`) put back before "## What is measured": the analysis of a table outlives a rerun."""
    start, end = previous.find(NOTES_START), previous.find(NOTES_END)
    if start < 0 or end < start:
        return report
    notes = previous[start : end + len(NOTES_END)]
    head, sep, tail = report.partition("## What is measured")
    return f"{head}{notes}\n\n{sep}{tail}" if sep else f"{report}\n{notes}\n"


REPORT = """# Performance at scale

Measured by `scripts/bench_scale.py` (issue 13, item 1) on {date}; the run took {minutes:.1f} minutes
({durations}). To reproduce:

```sh
{command}
```

{machine}

## Results

{table}

Each routemap figure stands beside a baseline measured in the same run, interleaved with it: the median,
then (min–max) over the runs; the ratio is of the medians. {runs} runs per figure below {big} places. From
{big} places the browser steps (5–7) run {heavy} time(s) for routemap (a bare page of {big} markers takes
over ten seconds to draw, and twenty of them minutes), and every other figure, and the browser baselines,
at most 3 times.

## Targets (issue 13)

{targets}

## What is measured

- **Trips.** `scripts/synth_trip.py N FOLDER` (seeded) copies `trip.toml`, `cities.csv` and `legs.csv`
  from `data/` and writes N visited places: the 14 shipped visited rows repeated with ids `<id>-<k>`, names,
  dates, themes, descriptions and quotes kept, each point moved around its city by a seeded jitter (about
  5 km, inside the trip's bounds, `coord_precision` `area`, `coord_source` saying it is synthetic). No
  mentioned places, so every place is a stop. Each trip passes `routemap validate` before it is measured.
- **1. Load:** `load_dataset(folder)` (read, schema and cross-file checks, typing) vs `pandas.read_csv` of
  the three CSV files plus `tomllib` of `trip.toml`.
- **2. Map:** `build_map(apply(dataset)).get_root().render()` vs bare folium: a `folium.Map`, one
  `folium.GeoJson` layer of the same points with a `GeoJsonPopup` and `GeoJsonTooltip` (name, date),
  fitted to the points, rendered (the features built from a pandas frame inside the timing). Size: bytes
  of the rendered HTML (UTF-8).
- **3. Export:** `export_text(view, "html")`, what `routemap export --format html` writes (Leaflet and
  its styles inlined so the file works offline) vs the same bare folium map (which links Leaflet from a CDN).
- **4. AppTest:** Streamlit's `AppTest` of `app.py` with `ROUTEMAP_DATA` set to the trip, vs a bare page
  (written to a temporary file) with a theme multiselect and `st_folium` of the bare map of the places on
  view. One session of each first loads the data and makes the default view and the change below ones the
  server has seen. Then, per run, a new session: its first run; a change of the theme filter
  (`at.sidebar.multiselect(key="theme").set_value(...)` + `run()`) to three themes, a combination no
  earlier run chose (*theme filter change*: routemap keeps the view and the map's layers of the few
  selections used last, per dataset, so this is the change that has to work them out); then the change
  below, which this server has seen (*change to a seen selection*: what another session or going back
  costs). The number of places on view after each change is checked.
  The filter change everywhere else: drop "Revolutionary heritage", leaving 9 of every 14 places. In the
  browser (5) every run after the first therefore opens on a view, and changes to a selection, that the
  server has seen. Steps 2 and 3 build each run's map from a freshly loaded dataset, so nothing is reused.
- **5. Browser:** `streamlit run` on loopback (from the repository, so with its `.streamlit/config.toml`),
  headless Debian Chromium, a fresh context (empty cache) per run, viewport 1400×1000, every request
  that does not go to 127.0.0.1 aborted (the map tiles). Both servers run at once and each is warmed
  first (routemap with `?theme=`, which loads the dataset but draws no map); then the timed sessions
  take turns, routemap's and the bare page's, the order swapped every run, so both see the same
  minutes of the machine (until 2026-12-01 all of routemap's ran before all of the bare page's).
  *Cold*: from the start of navigation until the map iframe's layers hold every place
  (`routemapPlaces.drawn("stop")`: one `.rm-stop` element per place up to 300 places in a layer (1,000
  until 2026-12-01), above that one dot per place on a canvas; bare page: one Leaflet marker,
  `.leaflet-marker-icon`, per point, which is what a bare GeoJson layer draws) and the page has drawn
  one more frame, so the frame showing them is painted: a script put in the page before it loads counts
  the places on every animation frame and notes the time by the page's own clock. Playwright's polling
  (every 50 ms, each look a round trip into the iframe) sees the same moment later, by 0.1–0.6 s and the
  more so the busier the page is just after: that figure is the next row, for comparison, and was the
  cold figure of tables before 2026-11-30 evening. *After the filter
  change*: from the click on the
  theme chip's remove button (once the page answers) until the iframe holds exactly the places left.
  The bare page gets Leaflet from the same loopback server as routemap (`app/static/vendor`), since with
  folium's CDN links and the network cut it would draw nothing; on a change it draws a new map, where
  routemap swaps its layers in place.
- **7. Pan and zoom:** in the same cold session, before the filter change, in the map iframe: zoom in one
  level and back, pan 150 px right and back, twice, each step without animation, timed from the call until
  Leaflet's `moveend` handlers have run (routemap draws the numbered discs in view there) and two more
  frames are painted; the median of each kind. routemap then reports its zoom and the server respreads
  the stops, so the page is left to settle before the filter change.
- **8. Talk mode:** routemap only; a bare page has no talk mode, so each size is set beside the smallest
  one's. After every size's other steps, one routemap server per size is started, all up at once, and a
  fresh context at a 1280×720 projector's size opens each one's Talk page and waits for its map. Then
  {talk_steps} Next steps per size, the sizes taking turns (the order rotated every round), each timed
  from the click until the new card is shown, the run is over, the map holds every place and two more
  frames are painted in it. A step moves the map to the next leg or stop, fades what lies ahead and
  rings the stop: the server sends the layers' styles and the places' digest, and the map restyles them.
- **6. Memory:** VmRSS of the `streamlit` process (`/proc/<pid>/status`). *1 session*: after the first
  cold load. *{sessions} sessions*: after the timed sessions, {sessions} new
  contexts open the page one after another, each waiting for its map (opened all at once, twenty
  Streamlit pages on two cores mostly measure the browser); the reading is taken when all maps are drawn,
  or at {big} places after {cap} s (the table says how many were drawn). *Peak* is VmHWM, the process's
  high-water mark. Streamlit keeps a closed session for up to 2 minutes, so the warm-up and earlier timed
  sessions may still count. A ratio is given only when both pages drew all {sessions} maps. The bare
  page's {sessions} sessions are measured below {big} places only (`--bare-sessions all` adds them):
  twenty pages of {big} markers each are more than a browser sharing two cores with the server draws
  in a few minutes, so there the ratio would compare unequal numbers of maps.
- Times are wall-clock on a shared machine (see the load average above); the baselines are measured in
  the same minutes, so compare the ratios between runs, not the times.
"""


if __name__ == "__main__":
    main()
