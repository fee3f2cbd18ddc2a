"""A view as a PNG image for slides, rendered by a headless Chromium.

The image is a screenshot of the standalone HTML export (:mod:`routemap.standalone`),
so it shows exactly the exported map. Two ways to drive Chromium are tried, in
order: Playwright (with Debian's ``chromium`` if installed, else Playwright's own
browser), then the ``chromium --headless --screenshot`` command line. When
neither is available, :class:`~routemap.errors.ExportError` says what to install.

The browser is a seam: :func:`to_png` takes a ``renderer``, and
:func:`find_renderer` takes the functions it uses to look for one, so tests can
make the browser unavailable without touching the machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Final, Protocol

from routemap.export.standalone import DEFAULT_BASEMAP, to_html
from routemap.map.basemaps import Basemap
from routemap.model.errors import ExportError
from routemap.model.i18n import Lang
from routemap.view.filters import View

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
MIME: Final = "image/png"
WIDTH, HEIGHT = 1600, 900  # 16:9, the shape of a slide
#: How long to wait for map tiles before taking the picture anyway (the route
#: is legible without them).
TILE_WAIT_MS: Final = 10_000
TIMEOUT_S: Final = 60
CHROMIUM_NAMES: Final = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT: Final = (
    "PNG export needs a headless Chromium, and none was found. Install one: "
    "`apt install chromium` (Debian/Ubuntu), or `pip install playwright` then "
    "`playwright install chromium`. The HTML export needs no browser to make."
)
#: Chromium flags: no background traffic, and no sandbox only when running as root
#: (Chromium refuses to start as root with one).
CHROMIUM_ARGS: Final = (
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
#: Controls that mean nothing on a slide; the legend and scale stay.
SLIDE_CSS: Final = (
    ".leaflet-control-zoom, .leaflet-control-fullscreen, .leaflet-control-layers { display: none !important; }"
)


class Renderer(Protocol):
    """Turns an HTML file into PNG bytes of a ``width`` x ``height`` viewport."""

    def __call__(self, page: Path, width: int, height: int, *, network: bool) -> bytes: ...


def _args() -> list[str]:
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    return [*CHROMIUM_ARGS, *(["--no-sandbox"] if root else [])]


def _is_local(url: str) -> bool:
    return url.startswith(("file:", "data:", "about:", "blob:"))


def _load_playwright() -> Callable[[], Any] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    return sync_playwright


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def render_with_playwright(
    sync_playwright: Callable[[], Any],
    executable: str | None,
    page_file: Path,
    width: int,
    height: int,
    *,
    network: bool,
) -> bytes:
    """Screenshot ``page_file`` with Playwright; ``network=False`` aborts every non-file request."""
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=_args())
        except Exception as exc:  # Playwright raises its own Error types
            raise ExportError(f"{INSTALL_HINT} (Chromium did not start: {_first_line(exc)})") from None
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            if not network:
                page.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
            page.goto(page_file.as_uri(), wait_until="load")
            # Tiles still loading after the wait: take the picture anyway.
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=TILE_WAIT_MS)
            return page.screenshot(type="png")
        finally:
            browser.close()


def render_with_cli(executable: str, page_file: Path, width: int, height: int, *, network: bool) -> bytes:
    """Screenshot ``page_file`` with ``chromium --headless --screenshot``.

    The command line cannot block requests, so ``network=False`` is only honoured
    by a page that makes none (``basemap="offline"`` or ``"none"``).
    """
    out = page_file.with_suffix(".png")
    cmd = [
        executable,
        "--headless",
        *_args(),
        f"--window-size={width},{height}",
        f"--screenshot={out}",
        f"--virtual-time-budget={TILE_WAIT_MS}",
        page_file.as_uri(),
    ]
    try:
        subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=True)
        return out.read_bytes()
    except (OSError, subprocess.SubprocessError) as exc:
        raise ExportError(f"Chromium ({executable}) could not take the screenshot: {_first_line(exc)}") from None


def find_renderer(
    *,
    which: Callable[[str], str | None] = shutil.which,
    load_playwright: Callable[[], Callable[[], Any] | None] = _load_playwright,
) -> Renderer:
    """The best way to drive Chromium here, or :class:`ExportError` naming what to install."""
    executable = next((path for name in CHROMIUM_NAMES if (path := which(name))), None)
    sync_playwright = load_playwright()
    if sync_playwright is not None:
        return partial(render_with_playwright, sync_playwright, executable)
    if executable is not None:
        return partial(render_with_cli, executable)
    raise ExportError(INSTALL_HINT)


def missing_browser() -> str | None:
    """Why PNG export cannot run here (what to install), or ``None`` when it can."""
    try:
        find_renderer()
    except ExportError as exc:
        return str(exc)
    return None


def to_png(
    view: View,
    *,
    basemap: Basemap = DEFAULT_BASEMAP,
    width: int = WIDTH,
    height: int = HEIGHT,
    network: bool = True,
    renderer: Renderer | None = None,
    lang: Lang = "en",
) -> bytes:
    """The view's standalone map as PNG bytes.

    ``network=False`` keeps the browser off the network (tiles stay blank);
    ``renderer`` defaults to :func:`find_renderer`; ``lang`` as for :func:`~routemap.export.standalone.to_html`.
    """
    render = renderer or find_renderer()
    with tempfile.TemporaryDirectory(prefix="routemap-png-") as tmp:
        page_file = Path(tmp) / "map.html"
        page = to_html(view, basemap=basemap, lang=lang).replace("</head>", f"<style>{SLIDE_CSS}</style></head>", 1)
        page_file.write_text(page, encoding="utf-8")
        # Playwright's sync API refuses to run in a thread with an asyncio loop
        # (Streamlit's server thread has one), so it gets a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as pool:
            png = pool.submit(render, page_file, width, height, network=network).result(TIMEOUT_S * 2)
    if not png.startswith(PNG_SIGNATURE):
        raise ExportError("The browser did not produce a PNG image.")
    return png
