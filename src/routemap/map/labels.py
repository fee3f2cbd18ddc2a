"""City labels on the map, each put where no stop covers it (``routemap.geo.labels`` says where).

The labels are drawn for one zoom: the zoom the map shows, since that is where
the stops' discs are (they are spread around their city at that zoom). The
dashboard sends them with the stops, so they move when the stops do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import folium
import pandas as pd

from routemap.geo.labels import Box, Label, disc_box, label_width, place_labels
from routemap.geo.screen import PADDING_FOLDED_LEGEND, pixel_xy, pixels_xy
from routemap.map.elements import Group, text
from routemap.map.route_layers import RouteLayer
from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, name_langs
from routemap.view.filters import View, bounds, visited_cities

#: The smallest map the labels are placed for (a phone's, in pixels): the route fitted in it is centred.
MIN_MAP_PX: Final = (320, 400)

#: Where a label goes when nothing is known of the stops: right of the centre, as before.
DEFAULT_OFFSET = (42.0, -10.0)


def label_text(city: pd.Series) -> str:
    return f"{city['name']} {city['name_zh']}"


def label_entry(city: pd.Series, offset: tuple[float, float], lang: Lang = "en") -> dict[str, Any]:
    """One city's label as ``templates/route.js`` draws it: its top-left corner ``offset`` pixels from
    the city's point; its first name is the one ``lang`` shows first
    (:func:`routemap.view.localize.localize_dataset` put it there)."""
    return {
        "at": [float(city["lat"]), float(city["lon"])],
        "anchor": [round(-offset[0]), round(-offset[1])],
        "html": f'<div class="rm-city" lang="{name_langs(lang)[0]}">{text(label_text(city))}</div>',
    }


def label_offsets(
    cities: pd.DataFrame,
    discs: Sequence[tuple[float, float]],
    zoom: float,
    others: Sequence[Box] = (),
    frame: Box | None = None,
) -> list[tuple[float, float]]:
    """Each city's label offset at ``zoom``, clear of the stop discs drawn at pixel points ``discs``
    and inside ``frame`` (pixels at ``zoom``) where it can be."""
    labels = [
        Label(*pixel_xy(city["lat"], city["lon"], zoom), label_width(label_text(city))) for _, city in cities.iterrows()
    ]
    return place_labels(labels, [disc_box(x, y) for x, y in discs] + list(others), frame)


def label_group(
    dataset: Dataset, offsets: Sequence[tuple[float, float]] | None = None, lang: Lang = "en"
) -> folium.FeatureGroup:
    """The city labels as a layer group (not in the layer control), each at its offset (pixels from
    its city; :func:`label_offsets` places them for a zoom). Without offsets every label sits right of its city."""
    cities = visited_cities(dataset)
    placed = [DEFAULT_OFFSET] * len(cities) if offsets is None else offsets
    group = Group(name="City labels", control=False)
    entries = [label_entry(city, offset, lang) for (_, city), offset in zip(cities.iterrows(), placed, strict=True)]
    group.add_child(RouteLayer("labels", {"labels": entries}))
    return group


def mentioned_boxes(view: View, zoom: float) -> list[Box]:
    """The screen boxes of the view's mentioned places (22-px dashed circles) at ``zoom``."""
    points = pixels_xy(view.mentioned["lat"], view.mentioned["lon"], zoom)
    return [(x - 13, y - 13, x + 13, y + 13) for x, y in points]


def route_frame(view: View, zoom: float) -> Box | None:
    """What a map fitted to the view surely shows at ``zoom``, in pixels: the route, the fit's padding,
    and at least a phone's map around its centre. ``None`` for an empty view."""
    if (box := bounds(view)) is None:
        return None
    (s, w), (n, e) = box
    (left, top), (right, bottom) = pixel_xy(n, w, zoom), pixel_xy(s, e, zoom)
    pad_top, pad_right, pad_bottom, pad_left = PADDING_FOLDED_LEGEND
    half_w = max((right - left + pad_left + pad_right) / 2, MIN_MAP_PX[0] / 2)
    half_h = max((bottom - top + pad_top + pad_bottom) / 2, MIN_MAP_PX[1] / 2)
    cx, cy = (left + right + pad_right - pad_left) / 2, (top + bottom + pad_bottom - pad_top) / 2
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
