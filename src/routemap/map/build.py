"""Build the route map: a pure function from a :class:`~routemap.view.filters.View` to a ``folium.Map``.

The map is made of two parts so the dashboard can redraw without a flash:

* :func:`base_map`: tiles or outlines, controls, legend and city labels. It
  depends only on the dataset and the basemap, so streamlit-folium keeps it mounted.
* :func:`layers`: what the filters change (stops, legs and their arrows,
  mentioned places), as ``FeatureGroup``s that streamlit-folium swaps in place.

:func:`build_map` puts both together for exports and tests. Everything must stay
legible with no tiles at all: stops are numbered discs, cities carry permanent
labels, and the background is a plain light colour; under tiles, thin outlines
of the provinces and coasts keep the route's geography when the tiles fail.

What each basemap draws comes from :data:`routemap.basemaps.TABLE`. The
builders draw the coordinates they are given: on a basemap in GCJ-02, pass a
view through :func:`drawn` first (:func:`build_map` does).
"""

from __future__ import annotations

import math
from typing import Final

import folium
import folium.plugins
import pandas as pd

from routemap.geo.screen import (
    PADDING,
    STOP_SIZE,
    center_zoom,
    pixel_xy,
    screen_angle,
    screen_midpoint,
    spread_offsets,
)
from routemap.map import assets, basemaps, outlines
from routemap.map.basemaps import DEFAULT_BASEMAP, Basemap
from routemap.map.datum import to_datum
from routemap.map.elements import (
    FeatureProperties,
    FocusWithoutScroll,
    MapControl,
    NoDefaultIcon,
    PageStyle,
    SafePopup,
    SafeTooltip,
    text,
)
from routemap.map.labels import label_group, mentioned_boxes, route_frame
from routemap.map.popups import (
    CSS,
    LEG_COLOUR,
    MODE_STYLES,
    _arrow_svg,
    leg_tooltip_html,
    legend_html,
    place_card_html,
    place_tooltip_html,
)
from routemap.model.dataset import Dataset
from routemap.model.trip import Trip
from routemap.view.filters import View, bounds
from routemap.view.talk import Progress

LAYER_NAMES: Final = ("Route (legs)", "Stops", "Mentioned, not visited")


#: The offline outlines' name in the layer control.
OUTLINES_NAME: Final = "Outlines (Natural Earth)"


def tile_layer(spec: basemaps.BasemapSpec, *, show: bool = True) -> folium.TileLayer:
    """A basemap's tiles as a folium layer: URL, attribution, zoom and referrer policy from the table."""
    if spec.url is None:
        raise ValueError(f"The {spec.id} basemap has no tiles.")
    options = {"referrerPolicy": spec.referrer_policy} if spec.referrer_policy else {}
    if spec.subdomains:
        options["subdomains"] = spec.subdomains
    return folium.TileLayer(
        spec.url, attr=spec.attribution, name=spec.label, max_zoom=spec.max_zoom, show=show, **options
    )


def tile_layers(basemap: Basemap) -> list[folium.TileLayer]:
    """The basemap's tiles, shown, then the other tiled basemaps in its datum, offered in the layer
    control but not shown (so never requested unless chosen); nothing for a basemap without tiles."""
    chosen = basemaps.spec(basemap)
    if not chosen.needs_network:
        return []
    return [tile_layer(chosen), *(tile_layer(other, show=False) for other in basemaps.alternatives(basemap))]


def outline_layer(basemap: Basemap, asset_mode: assets.AssetMode = assets.INLINE) -> folium.FeatureGroup | None:
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
        fills=full,
        labels=full,
        name=OUTLINES_NAME,
        attribution=basemaps.NATURAL_EARTH,
        source=assets.SERVED_BASEMAP if asset_mode == assets.SERVED else None,
    )


def base_map(
    dataset: Dataset,
    *,
    basemap: Basemap = DEFAULT_BASEMAP,
    asset_mode: assets.AssetMode = assets.SERVED,
    legend_open: bool = True,
    city_labels: bool = True,
) -> folium.Map:
    """Tiles or outlines, controls, legend and city labels: what does not change with the filters.

    City labels are drawn where ``dataset`` puts them: on a GCJ-02 basemap, pass
    the dataset of a view from :func:`drawn`. Without ``city_labels`` they are
    left to :func:`city_labels`, which places them clear of the stops at a zoom.
    """
    spec = basemaps.spec(basemap)
    m = folium.Map(location=(35.0, 105.0), zoom_start=4, tiles=None, control_scale=True, max_bounds=False, min_zoom=2)
    m.options["max_zoom"] = spec.max_zoom  # folium passes max_zoom to a tile layer only; this is the map's own
    m.add_child(NoDefaultIcon())
    m.add_child(FocusWithoutScroll())
    if asset_mode == assets.INLINE:
        m.default_js, m.default_css = [], []
        m.get_root().header.add_child(
            folium.Element(
                assets.inline_tags(assets.MAP_JS + assets.FULLSCREEN_JS, assets.MAP_CSS + assets.FULLSCREEN_CSS)
            ),
            name="routemap_inline_assets",
            index=0,
        )
    else:
        m.default_js = assets.links(assets.MAP_JS, asset_mode)
        m.default_css = assets.links(assets.MAP_CSS, asset_mode)
    for layer in tile_layers(basemap):
        layer.add_to(m)
    if (shapes := outline_layer(basemap, asset_mode)) is not None:
        shapes.add_to(m)
    fullscreen = folium.plugins.Fullscreen(position="topleft", title="Full screen", title_cancel="Leave full screen")
    if asset_mode == assets.INLINE:
        fullscreen.default_js, fullscreen.default_css = [], []
    else:
        fullscreen.default_js = assets.links(assets.FULLSCREEN_JS, asset_mode)
        fullscreen.default_css = assets.links(assets.FULLSCREEN_CSS, asset_mode)
    fullscreen.add_to(m)
    m.add_child(PageStyle(CSS))
    m.add_child(
        MapControl(legend_html(dataset.trip, open_=legend_open), position="bottomright", css_class="routemap-legend")
    )
    if city_labels:
        label_group(dataset, None, None).add_to(m)
    return m


def city_labels(view: View, zoom: float | None) -> folium.FeatureGroup:
    """The city labels for a map at ``zoom``, each where no stop (as :func:`layers` draws them) covers it."""
    if zoom is None:
        return label_group(view.dataset, None, None)
    points = [pixel_xy(lat, lon, zoom) for lat, lon in zip(view.stops["lat"], view.stops["lon"], strict=True)]
    offsets = _grouped_offsets(view.stops, zoom)
    discs = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(points, offsets, strict=True)]
    return label_group(view.dataset, discs, zoom, mentioned_boxes(view, zoom), route_frame(view, zoom))


def _stop_marker(
    stop: pd.Series, trip: Trip, offset: tuple[float, float], selected: bool, ahead: bool = False
) -> folium.Marker:
    colour = trip.theme(stop["theme"]).colour
    glyph = trip.kind(stop["kind"]).glyph
    half = STOP_SIZE / 2
    classes = "rm-stop" + (" rm-selected" if selected else "") + (" rm-ahead" if ahead else "")
    icon = folium.DivIcon(
        html=(
            f'<div class="{classes}" style="background:{colour}" data-stop="{int(stop["stop"])}" '
            f'data-id="{text(stop["id"])}"><span>{int(stop["stop"])}</span>'
            f'<span class="rm-kind">{text(glyph)}</span></div>'
        ),
        icon_size=(STOP_SIZE, STOP_SIZE),
        icon_anchor=(half - offset[0], half - offset[1]),
        class_name="rm-stop-icon",
    )
    # stops stay above mentioned places and arrows, so a click always reaches them
    marker = folium.Marker((stop["lat"], stop["lon"]), icon=icon, z_index_offset=1000)
    marker.add_child(FeatureProperties(id=str(stop["id"])))
    marker.add_child(SafeTooltip(place_tooltip_html(stop)))
    marker.add_child(SafePopup(place_card_html(stop, trip)))
    return marker


def _grouped_offsets(frame: pd.DataFrame, zoom: int | None) -> list[tuple[float, float]]:
    """Pixel displacements that keep stops from covering one another.

    Stops at one coordinate are always spread around it. With ``zoom``, stops
    that would overlap on screen at that zoom (a city's stops at the whole
    route's zoom, say) are spread around their common centre too. Coordinates
    are never changed: only where the disc is drawn relative to its point.
    """
    if zoom is None:
        points = [
            (round(lat, 4) * 1e6, round(lon, 4) * 1e6) for lat, lon in zip(frame["lat"], frame["lon"], strict=True)
        ]
        reach = 0.5
    else:
        points = [pixel_xy(lat, lon, zoom) for lat, lon in zip(frame["lat"], frame["lon"], strict=True)]
        reach = STOP_SIZE
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(points):
        for group in groups:
            gx = sum(points[j][0] for j in group) / len(group)
            gy = sum(points[j][1] for j in group) / len(group)
            if math.hypot(x - gx, y - gy) < reach:
                group.append(i)
                break
        else:
            groups.append([i])
    offsets: list[tuple[float, float]] = [(0.0, 0.0)] * len(frame)
    for group in groups:
        gx = sum(points[j][0] for j in group) / len(group)
        gy = sum(points[j][1] for j in group) / len(group)
        for i, (sx, sy) in zip(group, spread_offsets(len(group)), strict=True):
            to_centre = (gx - points[i][0], gy - points[i][1]) if zoom is not None else (0.0, 0.0)
            offsets[i] = (to_centre[0] + sx, to_centre[1] + sy)
    return offsets


def layers(
    view: View, *, selected: str | None = None, progress: Progress | None = None, zoom: int | None = None
) -> list[folium.FeatureGroup]:
    """Feature groups for what the filters show: legs, stops and mentioned places.

    ``selected`` (a stop id) is ringed. With ``progress`` (talk mode), the stops
    and legs still ahead are faded. ``zoom`` is the zoom the map opens at: stops
    that would overlap there are drawn side by side.
    """
    reached_day = progress.day if progress is not None else None
    reached = progress.stop if progress is not None else None
    legs = folium.FeatureGroup(name=LAYER_NAMES[0])
    for _, leg in view.legs.iterrows():
        a, b = (leg["from_lat"], leg["from_lon"]), (leg["to_lat"], leg["to_lon"])
        style = MODE_STYLES[str(leg["mode"])]
        ahead = reached_day is not None and leg["date"] > reached_day
        line = folium.PolyLine(
            [a, b],
            color=LEG_COLOUR,
            weight=style["weight"],
            dash_array=style["dash_array"],
            opacity=0.2 if ahead else 0.9,
            class_name=f"rm-leg rm-mode-{leg['mode']}" + (" rm-ahead" if ahead else ""),
        )
        line.add_child(SafeTooltip(leg_tooltip_html(leg)))
        line.add_to(legs)
        arrow_class = "rm-arrow rm-ahead" if ahead else "rm-arrow"
        arrow = folium.Marker(
            screen_midpoint(a, b),
            icon=folium.DivIcon(
                html=(
                    f'<div class="{arrow_class}" style="transform:rotate({screen_angle(a, b):.1f}deg)">'
                    f"{_arrow_svg()}</div>"
                ),
                icon_size=(18, 18),
                icon_anchor=(9, 9),
                class_name="rm-arrow-icon",
            ),
        )
        arrow.add_child(SafeTooltip(leg_tooltip_html(leg)))
        arrow.add_to(legs)
    stops = folium.FeatureGroup(name=LAYER_NAMES[1])
    for (_, stop), offset in zip(view.stops.iterrows(), _grouped_offsets(view.stops, zoom), strict=True):
        ahead = reached is not None and int(stop["stop"]) > reached
        _stop_marker(stop, view.dataset.trip, offset, selected == stop["id"], ahead).add_to(stops)
    mentioned = folium.FeatureGroup(name=LAYER_NAMES[2])
    for _, place in view.mentioned.iterrows():
        marker = folium.Marker(
            (place["lat"], place["lon"]),
            icon=folium.DivIcon(
                html=f'<div class="rm-mentioned" data-id="{text(place["id"])}">?</div>',
                icon_size=(22, 22),
                icon_anchor=(11, 11),
                class_name="rm-mentioned-icon",
            ),
            z_index_offset=-1000,
        )
        marker.add_child(SafeTooltip(f"{place_tooltip_html(place)} (mentioned, not visited)"))
        marker.add_child(SafePopup(place_card_html(place, view.dataset.trip)))
        marker.add_to(mentioned)
    return [legs, stops, mentioned]


def drawn(view: View, basemap: Basemap) -> View:
    """The view with its coordinates in the basemap's datum (GCJ-02 for AutoNavi), ready to draw.

    The same view when the basemap draws in WGS-84 like the data, or when it is converted already.
    """
    return to_datum(view, basemaps.spec(basemap).datum)


def build_map(
    view: View,
    *,
    basemap: Basemap = DEFAULT_BASEMAP,
    asset_mode: assets.AssetMode = assets.SERVED,
    selected: str | None = None,
) -> folium.Map:
    """The whole map of a view: base, layers, layer control, and the view fitted to the selection.

    The view's coordinates are put in the basemap's datum first (:func:`drawn`).
    """
    view = drawn(view, basemap)
    m = base_map(view.dataset, basemap=basemap, asset_mode=asset_mode, city_labels=False)
    box = bounds(view)
    _, zoom = center_zoom(box)
    for group in layers(view, selected=selected, zoom=zoom if box is not None else None):
        group.add_to(m)
    city_labels(view, zoom if box is not None else None).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if box is not None:
        top, right, bottom, left = PADDING
        m.fit_bounds(box, padding_top_left=(left, top), padding_bottom_right=(right, bottom), max_zoom=12)
    return m
