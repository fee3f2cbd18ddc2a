"""The filters against a plain pandas reading of what they mean, on the shipped trip and a synthetic one.

``filters.apply`` works on arrays it keeps with the dataset (it runs on every
filter change); the reference below is the plain pandas it replaced, kept as
the statement of what a selection leaves on view.
"""

from __future__ import annotations

import itertools
import sys
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest

from routemap.load.folder import load_dataset
from routemap.view import filters
from routemap.view.filters import Selection

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from synth_trip import write_trip


def reference(dataset, selection: Selection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    def matches(places: pd.DataFrame) -> pd.Series:
        keep = pd.Series(True, index=places.index)
        if selection.themes is not None:
            keep &= places["themes"].map(lambda ts: bool(selection.themes.intersection(ts))).astype(bool)
        if selection.cities is not None:
            keep &= places["city"].isin(selection.cities)
        if selection.kinds is not None:
            keep &= places["kind"].astype(str).isin(selection.kinds)
        return keep

    def in_days(dates: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=dates.index)
        if selection.first_day is not None:
            keep &= dates.dt.date >= selection.first_day
        if selection.last_day is not None:
            keep &= dates.dt.date <= selection.last_day
        return keep

    stops = dataset.route_stops[matches(dataset.route_stops) & in_days(dataset.route_stops["date"])]
    places = dataset.places
    mentioned = places[(places["status"] == "mentioned") & matches(places)]
    first, last = selection.day_range(dataset.trip)
    if not (first <= dataset.trip.start and last >= dataset.trip.end):
        mentioned = mentioned.iloc[0:0]
    legs = dataset.route_legs[in_days(dataset.route_legs["date"])]
    if selection.narrows_places:
        order = dataset.cities.set_index("id")["order"]
        if stops.empty:
            legs = legs.iloc[0:0]
        else:
            reached = stops["city"].map(order)
            legs = legs[legs["from"].map(order).ge(reached.min()) & legs["to"].map(order).le(reached.max())]
    return tuple(f.reset_index(drop=True) for f in (stops, mentioned, legs))


def selections(dataset) -> list[Selection]:
    trip = dataset.trip
    themes = sorted(trip.theme_by_id)
    cities = sorted(set(dataset.route_stops["city"]))
    kinds = sorted(set(dataset.places["kind"].astype(str)))
    days = [None, trip.start, trip.start + timedelta(days=2), trip.end]
    out = [Selection()]
    out += [Selection(themes=frozenset(c)) for r in range(len(themes) + 1) for c in itertools.combinations(themes, r)]
    out += [Selection(first_day=a, last_day=b) for a, b in itertools.product(days, days) if not (a and b and a > b)]
    out += [Selection(cities=frozenset(cities[i : i + 2])) for i in range(len(cities))]
    out += [Selection(kinds=frozenset([k])) for k in kinds] + [Selection(cities=frozenset())]
    out += [
        Selection(first_day=trip.start + timedelta(days=1), themes=frozenset(themes[1:3]), cities=frozenset(cities)),
        Selection(last_day=trip.start + timedelta(days=3), kinds=frozenset(kinds[:2]), themes=frozenset(themes[:1])),
    ]
    return out


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return load_dataset(write_trip(tmp_path_factory.mktemp("synth") / "trip", 300, seed=7))


@pytest.mark.parametrize("which", ["shipped", "synthetic"])
def test_every_selection_leaves_what_the_plain_pandas_reading_leaves(which, dataset, synthetic):
    data = dataset if which == "shipped" else synthetic
    chosen = selections(data)
    assert len(chosen) > 40
    for selection in chosen:
        view = filters.apply(data, selection)
        for got, want in zip((view.stops, view.mentioned, view.legs), reference(data, selection), strict=True):
            pd.testing.assert_frame_equal(got, want, obj=f"{selection}")
    assert any(filters.apply(data, s).legs.empty for s in chosen)  # the cases include empty ones


def test_the_view_comes_from_the_shared_dataset_untouched(dataset):
    before = dataset.route_stops.copy()
    filters.apply(dataset, Selection(themes=frozenset()))
    pd.testing.assert_frame_equal(dataset.route_stops, before)
