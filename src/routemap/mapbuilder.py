"""Build the route map: a pure function from a :class:`~routemap.filters.View` to a ``folium.Map``.

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
from dataclasses import dataclass
from typing import Final

import folium
import folium.plugins
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from routemap import assets, basemaps, outlines
from routemap.basemaps import DEFAULT_BASEMAP, Basemap
from routemap.data import Dataset
from routemap.datum import to_datum
from routemap.filters import View
from routemap.mapelements import (
    FeatureProperties,
    MapControl,
    NoDefaultIcon,
    PageStyle,
    SafePopup,
    SafeTooltip,
    text,
)
from routemap.markup import render
from routemap.tripdoc import Trip

#: Leg line styles by mode: dash pattern and weight. Direction is drawn as arrows.
MODE_STYLES: Final = {
    "train": {"dash_array": None, "weight": 4},
    "flight": {"dash_array": "10 8", "weight": 3},
    "road": {"dash_array": "2 6", "weight": 4},
    "foot": {"dash_array": "1 5", "weight": 3},
    "boat": {"dash_array": "6 3 1 3", "weight": 3},
    "unknown": {"dash_array": "12 6 2 6", "weight": 3},
}
LEG_COLOUR: Final = "#333333"
STOP_SIZE: Final = 30
SPREAD_PX: Final = 24  # how far apart stops at the same point are drawn
LAYER_NAMES: Final = ("Route (legs)", "Stops", "Mentioned, not visited")
#: The offline outlines' name in the layer control.
OUTLINES_NAME: Final = "Outlines (Natural Earth)"
#: Room kept clear around the fitted route (top, right, bottom, left px), with the
#: legend open on the right (exports) or folded to one line (the dashboard).
PADDING: Final = (40, 330, 40, 60)
PADDING_FOLDED_LEGEND: Final = (40, 60, 40, 60)

CSS: Final = """
.leaflet-container { background: #f3efe6; font: 14px/1.35 system-ui, sans-serif; }
.rm-stop { width: 30px; height: 30px; border-radius: 50%; border: 2px solid #fff;
  box-shadow: 0 0 0 1.5px #222; color: #fff; font-weight: 700; font-size: 14px;
  display: flex; align-items: center; justify-content: center; position: relative; }
.rm-stop .rm-kind { position: absolute; right: -7px; top: -7px; background: #fff; color: #222;
  border: 1px solid #222; border-radius: 8px; font-size: 10px; line-height: 13px;
  min-width: 13px; text-align: center; padding: 0 1px; }
.rm-stop.rm-selected { box-shadow: 0 0 0 4px #111, 0 0 12px 4px #ffd400; }
.rm-mentioned { width: 22px; height: 22px; border-radius: 50%; border: 2px dashed #555;
  background: rgba(255,255,255,.85); color: #444; font-size: 12px; font-weight: 700;
  display: flex; align-items: center; justify-content: center; }
.rm-arrow svg { display: block; }
.rm-ahead { opacity: .25; }
.rm-city { width: max-content; background: rgba(255,255,255,.92); border: 1px solid #888; border-radius: 4px;
  padding: 1px 6px; font-weight: 600; color: #111; white-space: nowrap; font-size: 13px;
  box-shadow: 0 1px 2px rgba(0,0,0,.25); }
.routemap-legend { background: rgba(255,255,255,.95); padding: 6px 8px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11px; line-height: 1.35; max-width: 300px; }
.routemap-legend summary { cursor: pointer; font-weight: 700; font-size: 12px; }
.routemap-legend b { display: block; margin-top: 3px; }
.routemap-legend .grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
.routemap-legend .kb { display: inline-block; min-width: 12px; text-align: center; border: 1px solid #222;
  border-radius: 7px; font-size: 9px; line-height: 12px; margin-right: 4px; }
.routemap-legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; border: 1px solid #222; }
.routemap-legend svg { vertical-align: middle; margin-right: 4px; }
.rm-place h4 { margin: 0 0 2px; font-size: 15px; line-height: 1.25; }
.rm-place .zh { color: #444; margin-bottom: 4px; }
.rm-place .meta { color: #333; font-size: 12px; margin: 4px 0; }
.rm-place blockquote { margin: 6px 0 0; padding-left: 8px; border-left: 3px solid #bbb;
  color: #333; font-style: italic; font-size: 12px; }
.rm-place .src { color: #555; font-size: 11px; margin-top: 4px; }
.rm-place-panel { font-size: 15px; line-height: 1.4; color: #111; }
.rm-place-panel h4 { font-size: 18px; padding: 0; margin-bottom: 4px; }
.rm-place-panel .num { white-space: nowrap; }
.rm-place-panel .zh { font-size: 17px; }
.rm-place-panel .meta { font-size: 13px; }
.rm-place-panel .what { margin: 8px 0; }
.rm-place-panel blockquote { font-size: 14px; margin: 8px 0; }
.rm-place-panel .src { font-size: 12px; }
"""


# --------------------------------------------------------------------------- geometry


def mercator_y(lat: float) -> float:
    """Web Mercator y (radians) of a latitude in degrees."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def latitude_of(y: float) -> float:
    """The latitude in degrees of a Web Mercator y (the inverse of :func:`mercator_y`)."""
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def screen_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Clockwise angle in degrees from east of the straight screen line a → b (lat, lon)."""
    dx = math.radians(b[1] - a[1])
    dy = mercator_y(b[0]) - mercator_y(a[0])
    return math.degrees(math.atan2(-dy, dx))


def screen_midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The (lat, lon) halfway along the straight screen line a → b."""
    y = (mercator_y(a[0]) + mercator_y(b[0])) / 2
    return latitude_of(y), (a[1] + b[1]) / 2


def spread_offsets(count: int, radius: float = SPREAD_PX) -> list[tuple[float, float]]:
    """Pixel offsets that draw ``count`` markers at one point side by side, not on top."""
    if count <= 1:
        return [(0.0, 0.0)]
    return [
        (
            radius * math.cos(2 * math.pi * i / count - math.pi / 2),
            radius * math.sin(2 * math.pi * i / count - math.pi / 2),
        )
        for i in range(count)
    ]


def bounds(view: View) -> list[list[float]] | None:
    """South-west and north-east corners of everything on view, or ``None`` if nothing is."""
    lats = [*view.stops["lat"], *view.mentioned["lat"], *view.legs["from_lat"], *view.legs["to_lat"]]
    lons = [*view.stops["lon"], *view.mentioned["lon"], *view.legs["from_lon"], *view.legs["to_lon"]]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def center_zoom(
    box: list[list[float]] | None,
    *,
    width_px: int = 900,
    height_px: int = 620,
    padding: tuple[int, int, int, int] = PADDING,
    max_zoom: int = 12,
) -> tuple[tuple[float, float], int]:
    """Centre and whole zoom level that fit a bounding box in a map of the given size.

    ``padding`` (top, right, bottom, left, in pixels) keeps the box clear of the
    controls and the legend; the centre is shifted so the box sits in the clear part.
    """
    if box is None:
        return (35.0, 105.0), 4
    (s, w), (n, e) = box
    top, right, bottom, left = padding
    usable_w, usable_h = max(width_px - left - right, 50), max(height_px - top - bottom, 50)
    zoom = 1
    for z in range(max_zoom, 0, -1):
        scale = 256 * 2**z
        span_x = (e - w) / 360 * scale
        span_y = (mercator_y(n) - mercator_y(s)) / (2 * math.pi) * scale
        if span_x <= usable_w and span_y <= usable_h:
            zoom = z
            break
    scale = 256 * 2**zoom
    # shift the centre by half the padding difference, converted back to degrees
    dx_deg = (right - left) / 2 / scale * 360
    mid_y = (mercator_y(n) + mercator_y(s)) / 2 - (top - bottom) / 2 / scale * 2 * math.pi
    return (latitude_of(mid_y), (w + e) / 2 + dx_deg), zoom


# --------------------------------------------------------------------------- html


def _fmt_date(value: pd.Timestamp) -> str:
    return f"{value:%a} {value.day} {value:%B %Y}" if not pd.isna(value) else "no date"


def place_card_html(place: pd.Series, trip: Trip, *, panel: bool = False) -> str:
    """A place's card: names, date and how it is known, themes, description, provenance.

    One template (``templates/place_card.html``, autoescaped) for the map's popup
    and, with ``panel``, the Map page's details panel, so both say the same.
    """
    if place["status"] == "mentioned":
        when = "Mentioned in the source, not visited on this trip"
    else:
        when = f"{_fmt_date(place['date'])} ({place['date_certainty']}: {place['date_basis']})"
    stop = int(place["stop"]) if "stop" in place and not pd.isna(place["stop"]) else None
    card = {
        "stop": stop,
        "name": place["name"],
        "name_zh": place["name_zh"],
        "when": when,
        "kind": trip.kind(place["kind"]).label,
        "themes": trip.themes_text(place["themes"]),
        "description": place["description"],
        "quote": place["source_quote"],
        "place_certainty": place["place_certainty"],
        "place_basis": place["place_basis"],
        "coord_precision": place["coord_precision"],
        "coord_source": place["coord_source"],
    }
    return render("place_card.html", place=card, panel=panel).strip()


def place_tooltip_html(place: pd.Series) -> str:
    stop = f"{int(place['stop'])}. " if "stop" in place and not pd.isna(place["stop"]) else ""
    return f"{text(stop)}{text(place['name'])} · {text(place['name_zh'])}"


def leg_tooltip_html(leg: pd.Series) -> str:
    """``Xi'an → Yan'an · Wed 28 May 2025 (stated) · train · 265 km``."""
    return (
        f"{text(leg['from_name'])} → {text(leg['to_name'])} · {text(_fmt_date(leg['date']))} "
        f"({text(leg['date_certainty'])}) · {text(leg['mode'])} · {leg['distance_km']:,.0f} km"
    )


def _arrow_svg(colour: str = LEG_COLOUR, size: int = 18) -> str:
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 16 16" aria-hidden="true">'
        f'<path d="M1 2 L15 8 L1 14 L5 8 Z" fill="{colour}" stroke="#fff" stroke-width="1"/></svg>'
    )


def _line_svg(style: dict) -> str:
    dash = f' stroke-dasharray="{style["dash_array"]}"' if style["dash_array"] else ""
    return (
        f'<svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" stroke="{LEG_COLOUR}" '
        f'stroke-width="{min(style["weight"], 3)}"{dash}/></svg>'
    )


def legend_html(trip: Trip, *, open_: bool = True) -> str:
    """The legend: theme colours, kind badges, leg styles, mentioned places. Collapsible."""
    themes = "".join(
        f'<div><span class="sw" style="background:{t.colour}"></span>{text(t.label)}</div>' for t in trip.themes
    )
    kinds = "".join(f'<div><span class="kb">{text(k.glyph)}</span>{text(k.label)}</div>' for k in trip.kinds)
    modes = "".join(f"<div>{_line_svg(style)}{text(mode)}</div>" for mode, style in MODE_STYLES.items())
    return (
        f"<details{' open' if open_ else ''}><summary>Legend</summary>"
        f"<b>Theme (colour)</b>{themes}"
        f'<b>Kind (badge)</b><div class="grid">{kinds}</div>'
        f'<b>Legs (arrow = direction)</b><div class="grid">{modes}</div>'
        '<div><span class="sw" style="background:#fff;border:2px dashed #555"></span>'
        "mentioned, not visited</div></details>"
    )


# --------------------------------------------------------------------------- the map


class FocusWithoutScroll(MacroElement):
    """Pressing the mouse on the map focuses it, as before, but never scrolls the page.

    Leaflet focuses the map (for its arrow keys) and the browser focuses a
    marker (Tab reaches markers) when the mouse is pressed on them, and a
    browser scrolls what it focuses into view. On the Map page the 620-px map
    runs past the fold of a 900-px window, so each press scrolled the page by
    what was hidden, and the release landed beside the marker: no click. Both
    now focus with ``preventScroll``; keyboard use of the map is unchanged.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                var keys = map.keyboard;
                if (keys && keys.enabled()) {
                    keys.disable();  // unhooks Leaflet's own handler, so the one below replaces it
                    keys._onMouseDown = function () {
                        if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
                    };
                    keys.enable();
                }
                map.getContainer().addEventListener("mousedown", function (event) {
                    var icon = event.target.closest && event.target.closest(".leaflet-marker-icon[tabindex]");
                    if (icon) { event.preventDefault(); icon.focus({preventScroll: true}); }
                }, true);
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


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
) -> folium.Map:
    """Tiles or outlines, controls, legend and city labels: what does not change with the filters.

    City labels are drawn where ``dataset`` puts them: on a GCJ-02 basemap, pass
    the dataset of a view from :func:`drawn`.
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
    visited = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    for _, city in visited.iterrows():
        label = f"{text(city['name'])} {text(city['name_zh'])}"
        folium.Marker(
            (city["lat"], city["lon"]),
            icon=folium.DivIcon(
                html=f'<div class="rm-city" lang="en">{label}</div>',
                icon_size=(1, 1),
                icon_anchor=(-42, 10),
                class_name="rm-city-icon",
            ),
            interactive=False,
        ).add_to(m)
    return m


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


def pixel_xy(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at a zoom level (256-pixel tiles)."""
    scale = 256 * 2**zoom
    return (lon + 180) / 360 * scale, (1 - mercator_y(lat) / math.pi) / 2 * scale


def _grouped_offsets(frame: pd.DataFrame, zoom: int | None) -> list[tuple[float, float]]:
    """Pixel displacements that keep stops from covering one another.

    Stops at one coordinate are always spread around it. With ``zoom``, stops
    that would overlap on screen at that zoom (the Shanghai stops at the whole
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


@dataclass(frozen=True)
class Progress:
    """How far a talk has come: stops up to number ``stop`` and legs up to ``day`` are behind."""

    stop: int
    day: pd.Timestamp


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
    m = base_map(view.dataset, basemap=basemap, asset_mode=asset_mode)
    box = bounds(view)
    _, zoom = center_zoom(box)
    for group in layers(view, selected=selected, zoom=zoom if box is not None else None):
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if box is not None:
        top, right, bottom, left = PADDING
        m.fit_bounds(box, padding_top_left=(left, top), padding_bottom_right=(right, bottom), max_zoom=12)
    return m
