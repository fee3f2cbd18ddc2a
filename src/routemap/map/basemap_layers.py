"""What a basemap draws under the route: its tiles and the offline outlines, in the language on view.

The one table of basemaps (:mod:`routemap.map.basemaps`) says what each draws;
these functions make the folium layers of it, with the credits' and layers'
words in the map's language.
"""

from __future__ import annotations

from typing import Final

import folium
import xyzservices

from routemap.map import assets, basemaps, outlines
from routemap.map.basemaps import Basemap
from routemap.map.elements import Tiles, text
from routemap.model.i18n import Lang, t

#: The offline outlines' name in the layer control (a key of the translation table).
OUTLINES_NAME: Final = "layer.outlines"


#: The words of the basemaps' credits that are not names, as keys of the translation table.
ATTRIBUTION_WORDS: Final = {
    "Outlines": "attribution.outlines",
    "public domain": "attribution.public_domain",
    "contributors": "attribution.contributors",
    "Tiles": "attribution.tiles",
    "Source": "attribution.source",
}


def attribution(credit: str, lang: Lang = "en") -> str:
    """A basemap's credit (HTML from :mod:`routemap.map.basemaps`) with its few common words in ``lang``."""
    if lang == "en":
        return credit
    for word, key in ATTRIBUTION_WORDS.items():
        credit = credit.replace(word, text(t(key, lang)))
    return credit


def tile_layer(spec: basemaps.BasemapSpec, *, show: bool = True, lang: Lang = "en") -> folium.TileLayer:
    """A basemap's tiles as a folium layer: URL, attribution, zoom and referrer policy from the table."""
    if spec.url is None:
        raise ValueError(f"The {spec.id} basemap has no tiles.")
    options = {"referrerPolicy": spec.referrer_policy} if spec.referrer_policy else {}
    if spec.subdomains:
        options["subdomains"] = spec.subdomains
    # a TileProvider, not the URL: given a string, folium searches all of xyzservices' ~1,000
    # providers for that name first (about 7 ms a layer, on every run of the page)
    provider = xyzservices.TileProvider(name=spec.id, url=spec.url, attribution=spec.attribution)
    return Tiles(
        provider,
        attr=attribution(spec.attribution, lang),
        name=t(f"basemap.{spec.id}", lang),
        max_zoom=spec.max_zoom,
        show=show,
        **options,
    )


def tile_layers(basemap: Basemap, lang: Lang = "en") -> list[folium.TileLayer]:
    """The basemap's tiles, shown, then the other tiled basemaps in its datum, offered in the layer
    control but not shown (so never requested unless chosen); nothing for a basemap without tiles."""
    chosen = basemaps.spec(basemap)
    if not chosen.needs_network:
        return []
    others = basemaps.alternatives(basemap)
    return [tile_layer(chosen, lang=lang), *(tile_layer(other, show=False, lang=lang) for other in others)]


def outline_layer(
    basemap: Basemap, asset_mode: assets.AssetMode = assets.INLINE, lang: Lang = "en"
) -> folium.FeatureGroup | None:
    """The offline outlines as the basemap wants them: the map itself (fills and province labels),
    thin lines under tiles (no fills, no labels), or none. Credited to Natural Earth either way.

    Served by the app (``asset_mode`` SERVED), the shapes are fetched from its static folder,
    so the base map the dashboard sends on every run stays small; otherwise they are in the page.
    """
    style = basemaps.spec(basemap).outlines
    if style == "off":
        return None
    full = style == "map"
    return outlines.outline_layer(
        lang=lang,
        fills=full,
        labels=full,
        name=t(OUTLINES_NAME, lang),
        attribution=attribution(basemaps.NATURAL_EARTH, lang),
        source=assets.SERVED_BASEMAP if asset_mode == assets.SERVED else None,
    )
