"""The validated, typed dataset, and one file's rows as text before they are checked.

:class:`RawTable` is what :mod:`routemap.load.read` makes of a CSV file (every
cell a ``str``, rows numbered as a person sees them); :class:`Dataset` is what
:mod:`routemap.load.convert` makes of clean tables (real dtypes, the route's
stops and legs computed once). See ``docs/data.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Final

import pandas as pd

from routemap.model import route
from routemap.model.derive import Derives
from routemap.model.trip import Trip

FILES: Final = ("cities.csv", "legs.csv", "places.csv")


TRIP_FILE: Final = "trip.toml"


ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Dataset(Derives):
    """The validated, typed dataset.

    ``places`` holds visited and mentioned places (column ``status``); the
    route's stops are only the visited ones (see :mod:`routemap.route`).
    """

    trip: Trip
    cities: pd.DataFrame
    legs: pd.DataFrame
    places: pd.DataFrame
    origin: str = ""

    @cached_property
    def route_stops(self) -> pd.DataFrame:
        """The visited places in route order, numbered (see :func:`routemap.route.stops`)."""
        return route.stops(self.places)

    @cached_property
    def route_legs(self) -> pd.DataFrame:
        """The legs with end points and geodesic length, computed once per dataset."""
        return route.legs_with_geometry(self.legs, self.cities)


@dataclass(frozen=True)
class RawTable:
    """One file's rows as text, indexed by the row number a person sees."""

    file: str
    frame: pd.DataFrame
    row_label: str = "row"
    schema_key: str = ""  # which of FILES' schemas applies; defaults to ``file``
    missing: tuple[str, ...] = ()  # columns absent from the header, reported once there
