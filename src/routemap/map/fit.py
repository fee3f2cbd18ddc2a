"""Fitting the map to what is on view in the browser, at the map's real size.

The server does not know how wide the map is drawn: 820 px beside the sidebar
on a laptop, 358 px on a phone. So the page sends the box to fit and the room
to keep clear around it (a :class:`Fit`), and the map fits it itself with
Leaflet's ``fitBounds`` (:class:`FitView`, ``templates/fit_view.js``). The
server's own guess of the zoom (:meth:`Fit.estimated_zoom`, for a 900-px map)
only serves until the map has said which zoom it chose.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final

import folium
from jinja2 import Template

from routemap.geo.screen import PADDING_FOLDED_LEGEND, center_zoom
from routemap.map.elements import Group, OnceRendered
from routemap.markup import stylesheet

#: Padding is (top, right, bottom, left) in pixels.
Padding = tuple[int, int, int, int]

#: Room kept clear around a selected stop on a wide map: its details stand over the map's right side.
PADDING_DETAILS: Final[Padding] = (40, 400, 40, 60)

#: A map narrower than this has the details under it, not over it (templates/map_page.css).
NARROW_PX: Final = 600

#: How close the map comes to a selected stop.
STOP_ZOOM: Final = 9


@dataclass(frozen=True)
class Fit:
    """A box to fit, the room to keep clear around it on a wide and a narrow map, and a zoom cap."""

    box: tuple[tuple[float, float], tuple[float, float]]
    padding: Padding = PADDING_FOLDED_LEGEND
    narrow_padding: Padding = PADDING_FOLDED_LEGEND
    max_zoom: float = 12

    @property
    def key(self) -> str:
        """The fit as stable text: the map refits only when this changes, so a pan or zoom is left alone."""
        return json.dumps(self.target(), sort_keys=True)

    def target(self) -> dict:
        """What the browser's script needs, as JSON-ready values."""
        return {
            "box": [list(self.box[0]), list(self.box[1])],
            "padding": list(self.padding),
            "narrowPadding": list(self.narrow_padding),
            "narrowPx": NARROW_PX,
            "maxZoom": self.max_zoom,
        }

    def estimated_zoom(self, width_px: int = 900, height_px: int = 620) -> int:
        """The zoom a map of the given size would fit this at (the server's guess before the map answers)."""
        box = [list(self.box[0]), list(self.box[1])]
        z = center_zoom(box, width_px=width_px, height_px=height_px, padding=self.padding, max_zoom=int(self.max_zoom))
        return z[1]


def box_fit(box: list[list[float]], padding: Padding, max_zoom: float) -> Fit:
    """A fit of ``box`` with the same padding on a wide and a narrow map (talk mode's steps)."""
    (s, w), (n, e) = box
    return Fit(((s, w), (n, e)), padding=padding, narrow_padding=padding, max_zoom=max_zoom)


def route_fit(box: list[list[float]] | None, stop: tuple[float, float] | None = None) -> Fit | None:
    """The Map page's fit: the selected stop close up, clear of its details, else the whole box on view.

    ``None`` when there is nothing to fit.
    """
    if stop is not None:
        return Fit((stop, stop), padding=PADDING_DETAILS, max_zoom=STOP_ZOOM)
    if box is None:
        return None
    (s, w), (n, e) = box
    return Fit(((s, w), (n, e)))


class FitView(OnceRendered):
    """Fits its map to a :class:`Fit` when its layer group is added, and again when the map is resized."""

    _template = Template(stylesheet("fit_view.js"))

    def __init__(self, fit: Fit) -> None:
        super().__init__()
        self._name = "FitView"
        self.target = fit.target()


def fit_group(fit: Fit) -> folium.FeatureGroup:
    """A layer group holding only the fit, for ``st_folium(feature_group_to_add=...)``; not in the layer control."""
    group = Group(name="Fit", control=False)
    group.add_child(FitView(fit))
    return group
