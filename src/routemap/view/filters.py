"""What the panels select, and what of the dataset that leaves on view.

One :class:`Selection` drives the map, the itinerary, the table, the summary
figures and the CLI's exports alike, through :func:`apply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from routemap.load.read import Trip
from routemap.model import route
from routemap.model.dataset import Dataset
from routemap.model.derive import Derives
from routemap.model.errors import RoutemapError
from routemap.model.i18n import Lang, fmt_date, t
from routemap.model.vocab import day_number


@dataclass(frozen=True)
class Selection:
    """The panels' state.

    ``None`` means no filter (every theme, city, kind; the whole trip); an empty
    set means nothing is selected, and then nothing is on view.
    """

    first_day: date | None = None
    last_day: date | None = None
    themes: frozenset[str] | None = None
    cities: frozenset[str] | None = None
    kinds: frozenset[str] | None = None

    def day_range(self, trip: Trip) -> tuple[date, date]:
        """The first and last day on view: the selected ones, else the trip's."""
        return self.first_day or trip.start, self.last_day or trip.end

    @property
    def narrows_places(self) -> bool:
        """True when a theme, city or kind filter is set (not just days)."""
        return any(f is not None for f in (self.themes, self.cities, self.kinds))


@dataclass(frozen=True)
class Summary:
    """The figures shown above the map."""

    places: int
    cities: int
    days: int
    km: float


@dataclass(frozen=True)
class View(Derives):
    """What a selection leaves on view.

    ``stops`` keep their number in the whole route, so stop 8 is the same place
    whatever the filters. ``mentioned`` places follow the theme, city and kind
    filters but have no day, so a narrower day range hides them. ``legs`` are
    the travel on the selected days; when a theme, city or kind filter is set,
    only the stretch between the first and last stop on view.
    """

    dataset: Dataset
    selection: Selection
    stops: pd.DataFrame
    mentioned: pd.DataFrame
    legs: pd.DataFrame

    @property
    def summary(self) -> Summary:
        return Summary(
            places=len(self.stops),
            cities=self.stops["city"].nunique(),
            days=self.stops["date"].nunique(),
            km=route.total_km(self.legs),
        )


def check_selection(dataset: Dataset, selection: Selection) -> None:
    """Raise :class:`RoutemapError` for a day outside the trip or an unknown theme, city or kind."""
    trip = dataset.trip
    for day in (selection.first_day, selection.last_day):
        if day is not None and not trip.start <= day <= trip.end:
            raise RoutemapError(
                f"Day {day.isoformat()} is outside the trip ({trip.start.isoformat()} to {trip.end.isoformat()})."
            )
    if selection.first_day and selection.last_day and selection.first_day > selection.last_day:
        raise RoutemapError("The first day of the range comes after the last.")
    known = {"theme": set(trip.theme_by_id), "city": set(dataset.cities["id"]), "kind": set(trip.kind_by_id)}
    for what, values in (("theme", selection.themes), ("city", selection.cities), ("kind", selection.kinds)):
        unknown = sorted((values or frozenset()) - known[what])
        if unknown:
            raise RoutemapError(
                f"Unknown {what} {', '.join(unknown)}: expected one of {', '.join(sorted(known[what]))}."
            )


@dataclass(frozen=True)
class _Columns:
    """What the filters read of one table, as plain arrays: worked out once per dataset."""

    themes: tuple[frozenset[str], ...]
    city: np.ndarray
    kind: np.ndarray
    day: np.ndarray  # datetime64[D]; NaT where there is no date

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Columns:
        # one set per combination of themes, shared: the collector Streamlit runs after every run
        # looks at each set there is (20,000 of them for a trip of 10,000 places)
        sets: dict[frozenset[str], frozenset[str]] = {}
        return cls(
            themes=tuple(sets.setdefault(ts, ts) for ts in map(frozenset, frame["themes"])),
            city=frame["city"].to_numpy(dtype=object),
            kind=frame["kind"].astype(str).to_numpy(dtype=object),
            day=_days(frame["date"]),
        )


def _days(dates: pd.Series) -> np.ndarray:
    return dates.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _matches(columns: _Columns, selection: Selection) -> np.ndarray:
    keep = np.ones(len(columns.city), dtype=bool)
    if selection.themes is not None:
        themes = selection.themes
        keep &= np.fromiter((not themes.isdisjoint(ts) for ts in columns.themes), dtype=bool, count=len(keep))
    if selection.cities is not None:
        keep &= np.isin(columns.city, list(selection.cities))
    if selection.kinds is not None:
        keep &= np.isin(columns.kind, list(selection.kinds))
    return keep


def _in_days(days: np.ndarray, selection: Selection) -> np.ndarray:
    keep = np.ones(len(days), dtype=bool)
    if selection.first_day is not None:
        keep &= days >= np.datetime64(selection.first_day, "D")
    if selection.last_day is not None:
        keep &= days <= np.datetime64(selection.last_day, "D")
    return keep


def _city_order(dataset: Dataset) -> dict[str, float]:
    pairs = zip(dataset.cities["id"], dataset.cities["order"], strict=True)
    return {str(c): float(o) for c, o in pairs if not pd.isna(o)}  # a city only mentioned has no place


def _orders(cities: pd.Series, order: dict[str, float]) -> np.ndarray:
    """Each city's place in the route; NaN (never in range) for a city without one."""
    return np.array([order.get(c, np.nan) for c in cities], dtype=float)


def _rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The kept rows, numbered from 0: the (read-only) frame itself when it keeps them all."""
    if keep.all() and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1:
        return frame
    return frame.take(np.flatnonzero(keep)).reset_index(drop=True)


def _whole_trip(dataset: Dataset, selection: Selection) -> bool:
    first, last = selection.day_range(dataset.trip)
    return first <= dataset.trip.start and last >= dataset.trip.end


def apply(dataset: Dataset, selection: Selection = Selection()) -> View:
    """The stops, mentioned places and legs a selection leaves on view."""
    check_selection(dataset, selection)
    stop_columns = dataset.derived("filter_stops", lambda: _Columns.of(dataset.route_stops))
    place_columns = dataset.derived("filter_places", lambda: _Columns.of(dataset.places))
    stops = _rows(dataset.route_stops, _matches(stop_columns, selection) & _in_days(stop_columns.day, selection))
    mentioned_rows = dataset.derived("mentioned_rows", lambda: (dataset.places["status"] == "mentioned").to_numpy())
    if _whole_trip(dataset, selection):
        mentioned = _rows(dataset.places, mentioned_rows & _matches(place_columns, selection))
    else:
        mentioned = _rows(dataset.places, np.zeros(len(mentioned_rows), dtype=bool))  # they belong to no day
    legs = dataset.route_legs
    leg_days = dataset.derived("filter_leg_days", lambda: _days(legs["date"]))
    keep_legs = _in_days(leg_days, selection)
    if selection.narrows_places:
        if stops.empty:
            keep_legs[:] = False
        else:
            order = dataset.derived("city_order", lambda: _city_order(dataset))
            ends = dataset.derived("leg_end_orders", lambda: (_orders(legs["from"], order), _orders(legs["to"], order)))
            reached = _orders(stops["city"], order)
            keep_legs &= (ends[0] >= reached.min()) & (ends[1] <= reached.max())
    return View(dataset, selection, stops, mentioned, _rows(legs, keep_legs))


def city_ids_of_day(dataset: Dataset) -> dict[date, str]:
    """The id of the city the journey is in at the end of each day (where a travel day arrives)."""
    return dict(dataset.derived("city_ids_of_day", lambda: _city_ids_of_day(dataset)))


def _city_ids_of_day(dataset: Dataset) -> dict[date, str]:
    visited = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    current = str(visited["id"].iloc[0])
    arrivals = {row.date.date(): str(row.to) for row in dataset.legs.itertuples()}
    out: dict[date, str] = {}
    for day in dataset.trip.days:
        current = arrivals.get(day, current)
        out[day] = current
    return out


def city_of_day(dataset: Dataset) -> dict[date, str]:
    """Where the journey was each day: a city name, or "A → B" on a travel day."""
    return dict(dataset.derived("city_of_day", lambda: _city_of_day(dataset)))


def _city_of_day(dataset: Dataset) -> dict[date, str]:
    names = dataset.cities.set_index("id")["name"]
    legs = dataset.legs
    travel = {d.date(): (names[a], names[b]) for d, a, b in zip(legs["date"], legs["from"], legs["to"], strict=True)}
    at = city_ids_of_day(dataset)
    return {day: " → ".join(travel[day]) if day in travel else str(names[at[day]]) for day in dataset.trip.days}


def visited_cities(dataset: Dataset) -> pd.DataFrame:
    """The cities the trip visited, in route order (the filter's choices, the map's labels); kept, read only."""
    return dataset.derived(
        "visited_cities", lambda: dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    )


def day_labels(dataset: Dataset, lang: Lang = "en") -> dict[date, str]:
    """Each day of the trip labelled for a picker: ``Day 2 · Tue 2 Apr · Porto → Lisbon``."""
    where = city_of_day(dataset)
    return {
        day: t(
            "day.label", lang, n=day_number(day, dataset.trip.start), date=fmt_date(day, lang, "day"), where=where[day]
        )
        for day in dataset.trip.days
    }


def only_places(view: View, ids: set[str]) -> View:
    """The view with only the places whose id is in ``ids`` (what a search left), its legs unchanged."""
    return View(
        view.dataset,
        view.selection,
        view.stops[view.stops["id"].isin(ids)].reset_index(drop=True),
        view.mentioned[view.mentioned["id"].isin(ids)].reset_index(drop=True),
        view.legs,
    )


def bounds(view: View) -> list[list[float]] | None:
    """South-west and north-east corners of everything on view, or ``None`` if nothing is."""
    lats = [*view.stops["lat"], *view.mentioned["lat"], *view.legs["from_lat"], *view.legs["to_lat"]]
    lons = [*view.stops["lon"], *view.mentioned["lon"], *view.legs["from_lon"], *view.legs["to_lon"]]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
