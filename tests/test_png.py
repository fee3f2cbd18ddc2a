"""PNG export: a real image from headless Chromium, or a clear message saying what to install.

The images are rendered with no tiles and the browser kept off the network, so
the tests stay offline. Without Chromium they skip (fail in CI), per tests/browser.py.
"""

from __future__ import annotations

import re
import struct
import subprocess
import zlib
from functools import partial

import pytest

from routemap import cli
from routemap.export import formats as export
from routemap.export import snapshot
from routemap.model.errors import ExportError
from routemap.view import filters
from tests.browser import unavailable
from tests.mapdata import route_entries


def ihdr(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's first chunk, which must be a well-formed IHDR."""
    assert png[:8] == snapshot.PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", png[8:16])
    assert (length, kind) == (13, b"IHDR")
    data, crc = png[16:29], struct.unpack(">I", png[29:33])[0]
    assert zlib.crc32(b"IHDR" + data) == crc
    width, height = struct.unpack(">II", data[:8])
    return width, height


def render(view, **options) -> bytes:
    try:
        return snapshot.to_png(view, basemap="none", network=False, **options)
    except ExportError as exc:
        unavailable(str(exc))
    raise AssertionError("unreachable")


@pytest.mark.browser
def test_png_of_the_whole_route_is_a_real_image(dataset):
    png = render(filters.apply(dataset))
    assert ihdr(png) == (snapshot.WIDTH, snapshot.HEIGHT)
    assert len(png) > 20_000  # a drawn map, not a blank page (a blank 1600x900 PNG is ~5 KB)
    assert png.rstrip(b"\0").endswith(b"IEND\xaeB`\x82")


@pytest.mark.browser
def test_png_size_is_the_one_asked_for(dataset):
    png = render(filters.apply(dataset), width=800, height=450)
    assert ihdr(png) == (800, 450)


@pytest.mark.browser
def test_chromium_command_line_renders_without_playwright(dataset):
    try:
        renderer = snapshot.find_renderer(load_playwright=lambda: None)
    except ExportError as exc:
        unavailable(str(exc))
    png = render(filters.apply(dataset), width=640, height=360, renderer=renderer)
    assert ihdr(png) == (640, 360) and len(png) > 5_000


def test_no_browser_gives_a_clear_message_naming_what_to_install():
    with pytest.raises(ExportError) as caught:
        snapshot.find_renderer(which=lambda _: None, load_playwright=lambda: None)
    message = str(caught.value)
    assert "PNG export needs a headless Chromium" in message
    assert "apt install chromium" in message and "playwright install chromium" in message


def test_a_browser_that_will_not_start_gives_the_same_message(dataset):
    pytest.importorskip("playwright.sync_api")
    renderer = snapshot.find_renderer(which=lambda _: "/nonexistent/chromium")
    with pytest.raises(ExportError, match=r"needs a headless Chromium.*did not start"):
        snapshot.to_png(filters.apply(dataset), basemap="none", network=False, renderer=renderer)


def test_a_renderer_that_returns_no_png_is_an_error(dataset):
    def bogus(page, width, height, *, network):
        assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert snapshot.SLIDE_CSS in page.read_text(encoding="utf-8") and network is False
        return b"<html>not an image"

    with pytest.raises(ExportError, match="did not produce a PNG"):
        export.export_bytes(filters.apply(dataset), "png", network=False, renderer=bogus)


def test_cli_refuses_png_to_standard_output(capsys):
    assert cli.main(["export", "--format", "png"]) == cli.EXIT_PROBLEM
    err = capsys.readouterr().err
    assert "PNG is a binary image" in err and "-o FILE" in err


def test_cli_without_a_browser_says_what_to_install_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(
        snapshot, "find_renderer", partial(snapshot.find_renderer, which=lambda _: None, load_playwright=lambda: None)
    )
    out = tmp_path / "route.png"
    assert cli.main(["export", "--format", "png", "-o", str(out)]) == cli.EXIT_PROBLEM
    assert "routemap: PNG export needs a headless Chromium" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.browser
def test_cli_writes_a_png_of_the_filtered_view(tmp_path, capsys):
    out = tmp_path / "day3.png"
    try:
        status = cli.main(["export", "--format", "png", "--basemap", "none", "--day", "2025-05-28", "-o", str(out)])
    finally:
        err = capsys.readouterr().err
    if status != cli.EXIT_OK and "needs a headless Chromium" in err:
        unavailable(err.strip())
    assert status == cli.EXIT_OK, err
    assert ihdr(out.read_bytes()) == (snapshot.WIDTH, snapshot.HEIGHT)


def test_missing_browser_is_the_install_message_or_none(monkeypatch):
    monkeypatch.setattr(
        snapshot, "find_renderer", partial(snapshot.find_renderer, which=lambda _: None, load_playwright=lambda: None)
    )
    assert snapshot.missing_browser() == snapshot.INSTALL_HINT
    monkeypatch.setattr(snapshot, "find_renderer", lambda: object())
    assert snapshot.missing_browser() is None


def _unescaped(page: str) -> str:
    """The page with the ``\\uXXXX`` escapes of its scripts' strings read, as the browser reads them."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


@pytest.mark.browser
def test_cli_png_in_chinese_draws_the_chinese_names_with_a_cjk_font(tmp_path, capsys, monkeypatch):
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        unavailable("no font for Chinese is installed (Debian: fonts-noto-cjk)")
    pages: dict[str, str] = {}
    real = snapshot.find_renderer

    def recording(*args, **kwargs):
        try:
            renderer = real(*args, **kwargs)
        except ExportError as exc:
            unavailable(str(exc))

        def render(page, width, height, *, network):
            pages[lang] = page.read_text(encoding="utf-8")
            return renderer(page, width, height, network=network)

        return render

    monkeypatch.setattr(snapshot, "find_renderer", recording)
    images = {}
    for lang in ("en", "zh"):
        out = tmp_path / f"route-{lang}.png"
        status = cli.main(["export", "--format", "png", "--basemap", "offline", "--lang", lang, "-o", str(out)])
        assert status == cli.EXIT_OK, capsys.readouterr().err
        images[lang] = out.read_bytes()
        assert ihdr(images[lang]) == (snapshot.WIDTH, snapshot.HEIGHT)
    zh = _unescaped(pages["zh"])
    assert '<html lang="zh-Hans">' in pages["zh"] and '<html lang="en">' in pages["en"]
    for name in ("西安", "延安", "敦煌", "嘉峪关", "上海", "图例", "弘扬革命传统", "新疆"):  # 新疆: a province label
        assert name in zh, name
    labels = [label["html"] for label in route_entries(pages["zh"], "labels")]
    assert any('class="rm-city" lang="zh-Hans">西安' in label for label in labels)  # the city label, Chinese first
    assert "Legend" not in zh and "Legend" in _unescaped(pages["en"])
    assert images["zh"] != images["en"]
