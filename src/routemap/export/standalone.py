"""A view as one self-contained HTML file: the map that opens from a USB stick.

Every script and stylesheet (Leaflet, the full-screen control, routemap's own
styles) is written into the page, so it needs no server and no network. The
basemap defaults to the offline outlines, written into the page too: a file
opened from a USB stick, or a picture for slides, cannot count on the network
(and a page opened from ``file://`` cannot send the Referer header
OpenStreetMap's tile servers require). A tiled basemap can still be asked for;
the route stays legible when its tiles do not load.
"""

from __future__ import annotations

import html
from typing import Final

from routemap.map import assets
from routemap.map.basemaps import EXPORT_BASEMAP, Basemap
from routemap.map.build import build_map
from routemap.model.i18n import Lang, html_lang
from routemap.view.filters import View
from routemap.view.localize import localize

DEFAULT_BASEMAP: Final[Basemap] = EXPORT_BASEMAP


def page_title(view: View) -> str:
    """The trip's title (as a localized view holds it), with the days on view when they are not the whole trip."""
    trip, selection = view.dataset.trip, view.selection
    first, last = selection.day_range(trip)
    if (first, last) == (trip.start, trip.end):
        return trip.title
    days = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    return f"{trip.title} · {days}"


def to_html(view: View, *, basemap: Basemap = DEFAULT_BASEMAP, lang: Lang = "en") -> str:
    """The whole map of a view as a standalone HTML page (UTF-8 text), in ``lang``: names, labels, ``<html lang>``."""
    view = localize(view, lang)
    m = build_map(view, basemap=basemap, asset_mode=assets.INLINE, lang=lang)
    root = m.get_root()
    root.title = html.escape(page_title(view))  # branca pastes the title unescaped
    page = root.render()
    return page.replace("<html>", f'<html lang="{html_lang(lang)}">', 1)
