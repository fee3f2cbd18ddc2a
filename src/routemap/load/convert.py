"""Turn clean raw tables into the typed :class:`~routemap.model.dataset.Dataset`.

Only tables that passed :mod:`routemap.load.check` reach here, so the conversion
cannot fail and nothing is silently dropped or coerced.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from routemap.load.check import check_tables
from routemap.model.dataset import Dataset, RawTable
from routemap.model.errors import DataError, Problem
from routemap.model.trip import Trip
from routemap.model.vocab import CERTAINTIES, MODES, PRECISIONS, STATUSES, THEMES_SEPARATOR


def _categorical(values: pd.Series, categories: Iterable[str], *, ordered: bool = False) -> pd.Series:
    return pd.Series(
        pd.Categorical(values, categories=list(categories), ordered=ordered), index=values.index, name=values.name
    )


def _dates(values: pd.Series) -> pd.Series:
    # Straight to seconds: before pandas 3, to_datetime parsed text to nanoseconds, which
    # cover only the years 1677 to 2262, fewer than the limits allow.
    seconds = np.array([v or "NaT" for v in values], dtype="datetime64[s]")
    return pd.Series(seconds, index=values.index, name=values.name)


def _typed_coordinates(frame: pd.DataFrame) -> pd.DataFrame:
    frame["lat"] = frame["lat"].astype("float64")
    frame["lon"] = frame["lon"].astype("float64")
    frame["coord_precision"] = _categorical(frame["coord_precision"], PRECISIONS, ordered=True)
    return frame


def type_cities(raw: pd.DataFrame) -> pd.DataFrame:
    """Cities with real dtypes; ``order`` is a nullable integer (blank for mentioned cities)."""
    frame = _typed_coordinates(raw.copy())
    frame["order"] = pd.array([int(v) if v else None for v in raw["order"]], dtype="Int64")
    frame["status"] = _categorical(frame["status"], STATUSES)
    return frame.reset_index(drop=False)


def type_legs(raw: pd.DataFrame) -> pd.DataFrame:
    """Legs with dates as dates and the mode as a categorical."""
    frame = raw.copy()
    for col in ("date", "date_earliest", "date_latest"):
        frame[col] = _dates(frame[col])
    frame["date_certainty"] = _categorical(frame["date_certainty"], CERTAINTIES)
    frame["mode"] = _categorical(frame["mode"], MODES)
    return frame.reset_index(drop=False)


def type_places(raw: pd.DataFrame, trip: Trip) -> pd.DataFrame:
    """Places with dates as dates, kinds and statuses as categoricals, themes as tuples.

    ``theme`` (categorical) is the first of a place's themes, which colours its marker.
    """
    frame = _typed_coordinates(raw.copy())
    for col in ("date", "date_earliest", "date_latest"):
        frame[col] = _dates(frame[col])
    frame["date_certainty"] = _categorical(frame["date_certainty"].replace("", None), CERTAINTIES)
    frame["kind"] = _categorical(frame["kind"], list(trip.kind_by_id))
    frame["status"] = _categorical(frame["status"], STATUSES)
    frame["place_certainty"] = _categorical(frame["place_certainty"], CERTAINTIES)
    themes = [tuple(t.strip() for t in v.split(THEMES_SEPARATOR) if t.strip()) for v in raw["themes"]]
    frame["themes"] = pd.Series(themes, index=frame.index, dtype=object)
    frame["theme"] = _categorical(pd.Series([t[0] for t in themes], index=frame.index), list(trip.theme_by_id))
    return frame.reset_index(drop=False)


def build_dataset(trip: Trip | None, tables: dict[str, RawTable], problems: list[Problem], origin: str) -> Dataset:
    """Check raw tables and, when nothing is wrong, type them into a :class:`Dataset`."""
    problems = problems + check_tables(trip, tables)
    if problems or trip is None:
        raise DataError(problems)
    return Dataset(
        trip=trip,
        cities=type_cities(tables["cities.csv"].frame),
        legs=type_legs(tables["legs.csv"].frame),
        places=type_places(tables["places.csv"].frame, trip),
        origin=origin,
    )
