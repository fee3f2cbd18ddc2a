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

from typing import Any, Final

import folium
import folium.plugins
import pandas as pd

from routemap.geo.labels import label_width
from routemap.geo.screen import PADDING, PADDING_FOLDED_LEGEND, center_zoom, pixel_xy, pixels_xy, screen_angle
from routemap.map import assets, basemaps
from routemap.map.basemap_layers import outline_layer, tile_layers
from routemap.map.basemaps import DEFAULT_BASEMAP, Basemap
from routemap.map.datum import to_datum
from routemap.map.elements import (
    DecorativeMarkers,
    FocusWithoutScroll,
    Group,
    MapControl,
    NoDefaultIcon,
    PageStyle,
    SourceScript,
    WholePixelPans,
)
from routemap.map.labels import label_group, label_offsets, label_text, mentioned_boxes, route_frame, visited_cities
from routemap.map.layout import arrow_points, grouped_offsets
from routemap.map.places import (
    PlaceLayer,
    PlaceScript,
    Written,
    dots_past,
    place_offsets,
    place_payload,
    place_state,
    stop_cards,
)
from routemap.map.popups import CSS, LEG_COLOUR, MODE_STYLES, _arrow_svg, leg_tooltip_html, legend_html
from routemap.map.route_layers import RouteLayer, RouteScript
from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, t
from routemap.view.filters import View, apply, bounds
from routemap.view.talk import Progress

#: The layers' names in the layer control, as keys of the translation table.
LAYER_NAMES: Final = ("layer.legs", "layer.stops", "layer.mentioned")


def base_map(
    dataset: Dataset,
    *,
    basemap: Basemap = DEFAULT_BASEMAP,
    asset_mode: assets.AssetMode = assets.SERVED,
    legend_open: bool = True,
    city_labels: bool = True,
    lang: Lang = "en",
) -> folium.Map:
    """Tiles or outlines, controls, legend and city labels: what does not change with the filters.

    City labels are drawn where ``dataset`` puts them: on a GCJ-02 basemap, pass
    the dataset of a view from :func:`drawn`. Without ``city_labels`` they are
    left to :func:`city_labels`, which places them clear of the stops at a zoom.
    Labels are in ``lang``, names as the dataset holds them
    (:func:`routemap.view.localize.localize_dataset`).
    """
    spec = basemaps.spec(basemap)
    home, zoom = home_view(dataset)
    m = folium.Map(location=home, zoom_start=zoom, tiles=None, control_scale=True, max_bounds=False, min_zoom=2)
    m.options["max_zoom"] = spec.max_zoom  # folium passes max_zoom to a tile layer only; this is the map's own
    m.add_child(NoDefaultIcon())
    m.add_child(FocusWithoutScroll())
    m.add_child(WholePixelPans())
    m.add_child(DecorativeMarkers())
    m.add_child(PlaceScript(lang))
    m.add_child(RouteScript())
    if asset_mode == assets.INLINE:
        m.default_js, m.default_css = [], []
        m.get_root().header.add_child(
            folium.Element(assets.inline_tags(assets.MAP_JS, assets.MAP_CSS)),
            name="routemap_inline_assets",
            index=0,
        )
    else:
        m.default_js = assets.links(assets.MAP_JS, asset_mode)
        m.default_css = assets.links(assets.MAP_CSS, asset_mode)
    for layer in tile_layers(basemap, lang):
        layer.add_to(m)
    if (shapes := outline_layer(basemap, asset_mode, lang)) is not None:
        shapes.add_to(m)
    fullscreen = folium.plugins.Fullscreen(
        position="topleft", title=t("map.fullscreen", lang), title_cancel=t("map.leave_fullscreen", lang)
    )
    # The control's 9 kB travel inside the map in every mode: as a file of its own, streamlit-folium
    # loads it after Leaflet's and before the map can start, one request more on every first visit.
    fullscreen.default_js, fullscreen.default_css = [], []
    m.add_child(PageStyle(assets.inline_css(assets.vendor_dir() / assets.FULLSCREEN_CSS)))
    m.add_child(SourceScript(assets.script_text(assets.FULLSCREEN_JS)))
    fullscreen.add_to(m)
    m.add_child(PageStyle(CSS))
    m.add_child(
        MapControl(
            legend_html(dataset.trip, open_=legend_open, lang=lang, dots_past=dots_past(dataset)),
            position="bottomright",
            css_class="routemap-legend",
        )
    )
    if city_labels:
        label_group(dataset, lang=lang).add_to(m)
    return m


def home_view(dataset: Dataset) -> tuple[tuple[float, float], int]:
    """Where the map opens before it fits itself: the whole trip, centred and zoomed as the Map page's
    first fit estimates it (:meth:`routemap.map.fit.Fit.estimated_zoom`).

    streamlit-folium reports the map's zoom as soon as the map exists, before the
    page's fit has run; opening at the estimate means that first report is the zoom
    the stops were spread for, not a stray zoom 4 that respreads them and reruns the page.
    """
    return dataset.derived("home_view", lambda: center_zoom(bounds(apply(dataset)), padding=PADDING_FOLDED_LEGEND))


def stop_offsets(view: View, zoom: float | None) -> list[tuple[float, float]]:
    """How far (px) each stop's disc is drawn from its point at ``zoom`` so none covers another
    (:func:`~routemap.map.layout.grouped_offsets`): worked out once per view and zoom, for the
    stops, the arrows and the labels that keep clear of them. Read, never changed."""
    return view.memo(
        "stop_offsets", zoom, lambda: grouped_offsets(view.stops["lat"].tolist(), view.stops["lon"].tolist(), zoom)
    )


def _drawn_discs(view: View, zoom: float) -> list[tuple[float, float]]:
    """The stops' discs as :func:`layers` draws them at ``zoom``: pixel points, spread apart."""
    points = pixels_xy(view.stops["lat"], view.stops["lon"], zoom)
    offsets = stop_offsets(view, zoom)
    return [(x + dx, y + dy) for (x, y), (dx, dy) in zip(points, offsets, strict=True)]


def city_labels(view: View, zoom: float | None, lang: Lang = "en") -> folium.FeatureGroup:
    """The city labels for a map at ``zoom``, each where no stop (as :func:`layers` draws them) covers it.

    Names as the view holds them (:func:`routemap.view.localize.localize`), marked as ``lang`` shows them first."""
    if zoom is None:
        return label_group(view.dataset, lang=lang)
    return label_group(view.dataset, _label_offsets(view, zoom), lang)


def _label_offsets(view: View, zoom: float) -> list[tuple[float, float]]:
    """Where the city labels sit at ``zoom``, clear of the stops' discs and the mentioned places:
    worked out once per view and zoom, for the labels and for the arrows that keep clear of them."""

    def place() -> list[tuple[float, float]]:
        discs, others = _drawn_discs(view, zoom), mentioned_boxes(view, zoom)
        return label_offsets(visited_cities(view.dataset), discs, zoom, others, route_frame(view, zoom))

    return view.memo("label_offsets", zoom, place)


def label_boxes(view: View, zoom: float | None) -> list[tuple[float, float, float, float]]:
    """The screen boxes (px at ``zoom``) the city labels of :func:`city_labels` cover: arrows keep clear of them."""
    if zoom is None:
        return []
    boxes = []
    for (_, city), (ox, oy) in zip(visited_cities(view.dataset).iterrows(), _label_offsets(view, zoom), strict=True):
        x, y = pixel_xy(city["lat"], city["lon"], zoom)
        boxes.append((x + ox, y + oy, x + ox + label_width(label_text(city)), y + oy + 22))
    return boxes


def _leg_entry(
    leg: pd.Series, at: tuple[float, float], ahead: bool, *, above: bool = False, lang: Lang = "en"
) -> dict[str, Any]:
    """A leg as ``templates/route.js`` draws it: its line, styled by its mode, and its direction arrow
    at ``at`` (decorative: no tab stop, hidden from screen readers), both with the leg's tooltip.

    ``above`` draws the arrow over the stops: for a leg so short that stops cover all of it.
    ``ahead`` fades both (talk mode: a leg not yet travelled).
    """
    a, b = (float(leg["from_lat"]), float(leg["from_lon"])), (float(leg["to_lat"]), float(leg["to_lon"]))
    style = MODE_STYLES[str(leg["mode"])]
    return {
        "line": [a, b],
        "className": f"rm-leg rm-mode-{leg['mode']}" + (" rm-ahead" if ahead else ""),
        "dashArray": style["dash_array"],
        "weight": style["weight"],
        "opacity": 0.2 if ahead else 0.9,
        "tooltip": leg_tooltip_html(leg, lang),
        "arrow": [float(at[0]), float(at[1])],
        "above": above,
        "icon": (
            f'<div class="{"rm-arrow rm-ahead" if ahead else "rm-arrow"}" '
            f'style="transform:rotate({screen_angle(a, b):.1f}deg)">{_arrow_svg()}</div>'
        ),
    }


def layers(
    view: View,
    *,
    selected: str | None = None,
    progress: Progress | None = None,
    zoom: float | None = None,
    lang: Lang = "en",
) -> list[folium.FeatureGroup]:
    """Feature groups for what the filters show: legs, stops and mentioned places.

    ``selected`` (a stop id) is ringed. With ``progress`` (talk mode), the stops
    and legs still ahead are faded. ``zoom`` is the zoom the map opens at: stops
    that would overlap there are drawn side by side, and each leg's arrow sits
    where no stop covers it. The places go to the browser as data
    (:func:`~routemap.map.places.place_payload`), drawn there by one shared script.
    Names are as ``view`` holds them (:func:`routemap.view.localize.localize`); labels are in ``lang``.

    What is written is kept with the view, with its JSON, each part for what it
    depends on: the places for ``lang``, the stops' spread for ``zoom``, the legs for
    the day reached, ``zoom`` and ``lang``. So a talk step or a click rewrites only the
    small :func:`~routemap.map.places.place_state`, and a rerun that changes nothing
    (another session on the same selection) reuses it all.
    """
    reached_day = progress.day if progress is not None else None
    legs_data = view.memo("legs_layer", (reached_day, zoom, lang), lambda: _legs_payload(view, reached_day, zoom, lang))
    legs = Group(name=t(LAYER_NAMES[0], lang))
    if legs_data is not None:
        legs.add_child(RouteLayer("legs", legs_data.payload, legs_data.literal))
    stops = Group(name=t(LAYER_NAMES[1], lang))
    state = place_state(selected, progress.stop if progress is not None else None)
    # the stops always have a layer (maybe of no places)
    stops.add_child(PlaceLayer(_stop_places(view, lang), state, _stop_spread(view, zoom)))
    mentioned = Group(name=t(LAYER_NAMES[2], lang))
    if not view.mentioned.empty:
        written = view.memo(
            "mentioned_layer",
            lang,
            lambda: Written.of(place_payload(view.mentioned, view.dataset.trip, role="mentioned", lang=lang)),
        )
        mentioned.add_child(PlaceLayer(written, place_state()))
    return [legs, stops, mentioned]


def _stop_places(view: View, lang: Lang) -> Written:
    """The stops as :func:`layers` sends them, written once per view and language."""

    def write() -> Written:
        cards = stop_cards(view.stops, view.dataset, lang)
        return Written.of(place_payload(view.stops, view.dataset.trip, role="stop", lang=lang, cards=cards))

    return view.memo("stops_layer", lang, write)


def _stop_spread(view: View, zoom: float | None) -> Written:
    """How the stops are spread at ``zoom`` (:func:`stop_offsets`), written once per view and zoom."""
    return view.memo("stops_spread", zoom, lambda: Written.of(place_offsets(stop_offsets(view, zoom))))


def _legs_payload(view: View, reached_day: pd.Timestamp | None, zoom: float | None, lang: Lang) -> Written | None:
    """The legs :func:`layers` sends: each with its arrow clear of the stops at ``zoom``, those after
    ``reached_day`` faded; none when the view has no legs."""
    offsets = stop_offsets(view, zoom)
    arrows = arrow_points(view.legs, view.stops, offsets, view.mentioned, label_boxes(view, zoom), zoom)
    entries = [
        _leg_entry(leg, at, reached_day is not None and leg["date"] > reached_day, above=not clear, lang=lang)
        for (_, leg), (at, clear) in zip(view.legs.iterrows(), arrows, strict=True)
    ]
    return Written.of({"colour": LEG_COLOUR, "legs": entries}) if entries else None


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
    lang: Lang = "en",
) -> folium.Map:
    """The whole map of a view: base, layers, layer control, and the view fitted to the selection.

    The view's coordinates are put in the basemap's datum first (:func:`drawn`); pass a view
    localized for ``lang`` (:func:`routemap.view.localize.localize`) for names in that language.
    """
    view = drawn(view, basemap)
    m = base_map(view.dataset, basemap=basemap, asset_mode=asset_mode, city_labels=False, lang=lang)
    box = bounds(view)
    _, zoom = center_zoom(box)
    for group in layers(view, selected=selected, zoom=zoom if box is not None else None, lang=lang):
        group.add_to(m)
    city_labels(view, zoom if box is not None else None, lang).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    if box is not None:
        top, right, bottom, left = PADDING
        m.fit_bounds(box, padding_top_left=(left, top), padding_bottom_right=(right, bottom), max_zoom=12)
    return m
