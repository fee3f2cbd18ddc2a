"""The export formats, in one table: what each is, its file name and type, and whether it draws the map.

:data:`TABLE` is the only list of formats. The CLI's ``--format`` choices, the
Places page's download buttons and :mod:`routemap.export`'s writers all follow
it; a test checks the README names every format. Like :mod:`routemap.basemaps`
it imports nothing heavy, so ``routemap --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class ExportFormat:
    """One way to take a view away: id (``--format``), button label, file name, MIME type, help."""

    id: str
    label: str
    file_name: str
    mime: str
    help: str
    binary: bool = False  # bytes, not text (PNG)
    draws_map: bool = False  # takes a basemap, and is made only when asked (it takes a moment)


TABLE: Final[tuple[ExportFormat, ...]] = (
    ExportFormat(
        "csv",
        "CSV",
        "routemap-places.csv",
        "text/csv",
        "The places as a table, safe to open in a spreadsheet; Excel keeps the Chinese names (UTF-8 with BOM).",
    ),
    ExportFormat("geojson", "GeoJSON", "routemap.geojson", "application/geo+json", "Places and legs for GIS tools."),
    ExportFormat(
        "kml",
        "KML",
        "routemap.export.kml",
        "application/vnd.google-earth.kml+xml",
        "For Google Earth, or import into Google My Maps.",
    ),
    ExportFormat(
        "html",
        "Map (HTML)",
        "routemap.html",
        "text/html",
        "One file that opens in any browser with no network.",
        draws_map=True,
    ),
    ExportFormat(
        "png", "Map (PNG)", "routemap.png", "image/png", "An image of the map for slides.", binary=True, draws_map=True
    ),
)
BY_ID: Final[dict[str, ExportFormat]] = {f.id: f for f in TABLE}
IDS: Final[tuple[str, ...]] = tuple(BY_ID)
