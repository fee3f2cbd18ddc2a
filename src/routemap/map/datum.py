"""The route in the datum of the tiles under it: one shift of every coordinate a map draws.

The data is WGS-84 and stays so. Tiles published in mainland China (AutoNavi's,
the ``gaode`` basemap) are drawn in GCJ-02 (:mod:`routemap.gcj02`), a few
hundred metres off; a route drawn on them in WGS-84 lands beside its roads.
:func:`to_datum` makes a copy of a :class:`~routemap.filters.View` whose every
coordinate column (stops, mentioned places, legs' ends, and the dataset's
cities, places and route) is in the tiles' datum, and everything drawn from
that copy follows: markers, lines, arrows, city labels, bounds and centre.

The copy is a :class:`DrawnView`, which knows its datum, so converting twice is
a no-op rather than a second shift. It is for drawing only: tables and exports
of data (CSV, GeoJSON, KML) use the view as loaded. Measured values (a leg's
``distance_km``) are carried over from the WGS-84 data, not measured again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Final

import pandas as pd

from routemap.geo.gcj02 import wgs84_to_gcj02
from routemap.map.basemaps import Datum
from routemap.model.dataset import Dataset
from routemap.view.filters import View

Shift = Callable[[float, float], tuple[float, float]]

#: The (lat, lon) column pairs of every frame a map draws from.
POINTS: Final = (("lat", "lon"),)
LEG_ENDS: Final = (("from_lat", "from_lon"), ("to_lat", "to_lon"))
#: From WGS-84, the data's datum, to each datum a basemap may draw in.
SHIFTS: Final[dict[Datum, Shift]] = {"gcj02": wgs84_to_gcj02}
DATA_DATUM: Final[Datum] = "wgs84"


@dataclasses.dataclass(frozen=True)
class DrawnView(View):
    """A :class:`View` whose coordinates are in ``datum``, for drawing on tiles in that datum."""

    datum: Datum = DATA_DATUM


def datum_of(view: View) -> Datum:
    """The datum of a view's coordinates: WGS-84 unless :func:`to_datum` made it."""
    return view.datum if isinstance(view, DrawnView) else DATA_DATUM


def shift_frame(frame: pd.DataFrame, pairs: tuple[tuple[str, str], ...], shift: Shift) -> pd.DataFrame:
    """A copy of ``frame`` with each (lat, lon) column pair moved by ``shift``; the rest unchanged."""
    out = frame.copy()
    for lat, lon in pairs:
        moved = [shift(y, x) for y, x in zip(frame[lat], frame[lon], strict=True)]
        out[lat] = pd.Series([y for y, _ in moved], index=frame.index, dtype="float64")
        out[lon] = pd.Series([x for _, x in moved], index=frame.index, dtype="float64")
    return out


def shift_dataset(dataset: Dataset, shift: Shift) -> Dataset:
    """A copy of ``dataset`` with its cities, places and route moved by ``shift``.

    The route's stops and legs are moved from the dataset's own (cached) ones, so
    the legs keep the distances measured on the WGS-84 data.
    """
    moved = dataclasses.replace(
        dataset, cities=shift_frame(dataset.cities, POINTS, shift), places=shift_frame(dataset.places, POINTS, shift)
    )
    # Dataset.route_stops and .route_legs are cached_property: they read the
    # instance's __dict__ first, so filling it gives the copy the moved route.
    vars(moved).update(
        {k: v for k, v in vars(dataset).items() if k.startswith("_routemap")},  # its language, say
        route_stops=shift_frame(dataset.route_stops, POINTS, shift),
        route_legs=shift_frame(dataset.route_legs, LEG_ENDS, shift),
    )
    return moved


def to_datum(view: View, datum: Datum) -> View:
    """The view with every coordinate in ``datum``: itself when it is in that datum already.

    Points outside China are left where they are (:func:`~routemap.gcj02.wgs84_to_gcj02`).
    The view passed in is not changed.
    """
    current = datum_of(view)
    if current == datum:
        return view
    if current != DATA_DATUM:
        raise ValueError(f"Only views in the data's datum ({DATA_DATUM}) are converted, not one in {current}.")
    shift = SHIFTS[datum]
    return DrawnView(
        dataset=view.dataset.derived(f"datum:{datum}", lambda: shift_dataset(view.dataset, shift)),
        selection=view.selection,
        stops=shift_frame(view.stops, POINTS, shift),
        mentioned=shift_frame(view.mentioned, POINTS, shift),
        legs=shift_frame(view.legs, LEG_ENDS, shift),
        datum=datum,
    )
