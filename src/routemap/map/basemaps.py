"""The basemaps, in one table: what is drawn under the route, and what that asks of the network.

:data:`TABLE` is the only list of basemaps. The map builder draws from it
(tiles, attribution, zoom, referrer policy, the outlines, the datum), the
dashboard's Basemap box and the URL's ``basemap=<id>`` take their ids and
labels from it, and so do the command line's ``--basemap`` choices; the tests
check that the README lists every id.

* ``osm``, ``esri``: tiles from the network, in WGS-84 like the data.
* ``gaode``: AutoNavi's (高德) public tiles, which are drawn in GCJ-02, the
  datum Chinese law requires of maps published in China; the route is shifted
  to match them (:mod:`routemap.gcj02`), the data itself never is.
* ``offline``: no tiles; the shipped Natural Earth outlines of China and its
  neighbours (:mod:`routemap.outlines`) are the map.
* ``none``: no tiles and no outlines; a plain background, no request at all.

Under tiles the outlines are drawn as thin lines without fills or labels, so
the route keeps its geography when the tiles cannot load. (CARTO's tiles now
want an API key, so they are not offered.)

This module imports nothing heavy, so ``routemap --help`` stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Basemap = Literal["osm", "esri", "gaode", "offline", "none"]
Datum = Literal["wgs84", "gcj02"]
#: How the offline outlines are drawn: as the map itself (fills and province
#: labels), as thin lines under tiles, or not at all.
Outlines = Literal["map", "lines", "off"]

#: Credit for the offline outlines (public domain: credit is a courtesy, not a duty).
NATURAL_EARTH: Final = 'Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain)'


@dataclass(frozen=True)
class BasemapSpec:
    """One basemap: what it draws and what it asks of the network.

    ``url`` is a Leaflet tile URL template (``{s}`` takes one of ``subdomains``)
    or ``None`` for a basemap without tiles. ``attribution`` is HTML written by
    us, shown in the map's corner. ``referrer_policy`` goes on each tile
    request when the tile server requires one. ``datum`` is the datum the tiles
    are drawn in: the route is shifted to it before it is drawn.
    """

    id: Basemap
    label: str
    attribution: str
    url: str | None = None
    subdomains: str = ""
    max_zoom: int = 18
    referrer_policy: str | None = None
    datum: Datum = "wgs84"
    outlines: Outlines = "lines"
    note: str = ""

    @property
    def needs_network(self) -> bool:
        """Whether drawing this basemap requests anything from outside the machine (its tiles)."""
        return self.url is not None

    @property
    def gcj02(self) -> bool:
        """Whether the tiles are drawn in GCJ-02, so the route must be shifted to match them."""
        return self.datum == "gcj02"


TABLE: Final[tuple[BasemapSpec, ...]] = (
    BasemapSpec(
        id="osm",
        label="OpenStreetMap",
        url="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        max_zoom=19,
        # OpenStreetMap refuses tile requests without a Referer (since March 2026;
        # folium #2215, #2236): send the origin. A page opened from a file has none.
        referrer_policy="strict-origin-when-cross-origin",
        note="OpenStreetMap's tiles (needs the network; a page opened from a file gets none)",
    ),
    BasemapSpec(
        id="esri",
        label="Esri World Street Map",
        url="https://server.arcgisonline.com/ArcGIS/rest/services/World_Street_Map/MapServer/tile/{z}/{y}/{x}",
        attribution=(
            "Tiles &copy; Esri &mdash; Source: Esri, DeLorme, NAVTEQ, USGS, Intermap, iPC, NRCAN, Esri Japan, "
            "METI, Esri China (Hong Kong), Esri (Thailand), TomTom, 2012"
        ),
        max_zoom=18,
        note="Esri's street map tiles (needs the network; no Referer needed)",
    ),
    BasemapSpec(
        id="gaode",
        label="AutoNavi 高德 (GCJ-02)",
        url="https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        subdomains="1234",
        attribution="&copy; 高德地图 AutoNavi",
        max_zoom=18,
        datum="gcj02",
        note="AutoNavi's public tiles in Chinese, reachable from mainland China; drawn in GCJ-02, "
        "so the route is shifted to match (needs the network)",
    ),
    BasemapSpec(
        id="offline",
        label="Offline outlines",
        attribution=NATURAL_EARTH,
        outlines="map",
        note="no tiles: the shipped outlines of China's provinces and its neighbours (no network)",
    ),
    BasemapSpec(
        id="none",
        label="No tiles",
        attribution="",
        outlines="off",
        note="a plain background, nothing else (no network)",
    ),
)

#: The table by id.
SPECS: Final[dict[str, BasemapSpec]] = {spec.id: spec for spec in TABLE}
#: Every basemap id, in the table's order (the command line's choices).
IDS: Final[tuple[Basemap, ...]] = tuple(spec.id for spec in TABLE)
#: id -> label, for the dashboard's Basemap box and links that name a label.
BASEMAPS: Final[dict[str, str]] = {spec.id: spec.label for spec in TABLE}

#: The dashboard's basemap.
DEFAULT_BASEMAP: Final[Basemap] = "osm"
#: The standalone HTML and PNG exports' basemap: a file opened from disk, or a
#: picture for slides, has no network it can count on.
EXPORT_BASEMAP: Final[Basemap] = "offline"


def spec(basemap: str) -> BasemapSpec:
    """The table's row for a basemap id; ``ValueError`` naming the ids for an unknown one."""
    try:
        return SPECS[basemap]
    except KeyError:
        raise ValueError(f"Unknown basemap {basemap!r}: expected one of {', '.join(IDS)}.") from None


def alternatives(basemap: str) -> tuple[BasemapSpec, ...]:
    """The tiled basemaps the map's layer control offers beside ``basemap``: the others in the
    same datum (switching to one in another datum would put the route beside its roads)."""
    chosen = spec(basemap)
    if not chosen.needs_network:
        return ()
    return tuple(s for s in TABLE if s.needs_network and s.datum == chosen.datum and s.id != chosen.id)


def help_text() -> str:
    """One line per basemap, ``id: note``, for help texts and the docs."""
    return "; ".join(f"{s.id}: {s.note}" for s in TABLE)
