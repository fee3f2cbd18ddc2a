"""Talk mode: stepping through the journey day by day, as pure functions.

A talk is a list of :class:`Step`. It opens on a title card (the trip, its
dates and the route at a glance); then, for each day of the selection, its
travel (one step per leg) and its stops (one step each). A day with neither
is folded away unless the presenter asks for it (``quiet_days``); then it is
one step of its own, so the talk can walk through every day of the trip.
With a theme, city or kind filter, only matching days are there at all.
The page keeps the current step's key in the URL, so a link opens the talk there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from routemap.geo.screen import PADDING_FOLDED_LEGEND, STOP_SIZE, center_zoom, pixel_xy, pixels_xy
from routemap.model.i18n import Lang, t
from routemap.view import itinerary
from routemap.view.filters import View, bounds

StepKind = Literal["title", "stop", "leg", "day"]
TITLE_KEY = "title"
#: The talk map's size in pixels at the smallest screen it is made for (1024 × 768): fits are made for it.
MAP_PX = (560, 640)
#: The talk map zooms in half steps (Leaflet's ``zoomSnap``), so a fit for the smallest screen wastes less of a big one.
ZOOM_SNAP = 0.5
#: A stop step zooms in this far at least when its city's other stops stand elsewhere ...
STOP_ZOOM_NEAR = 10
#: ... and this far at most; a stop alone at its city's point keeps the wider view.
STOP_ZOOM_MAX = 12
STOP_ZOOM_ALONE = 7
#: Neighbouring stops of one city are this far apart on screen at least, so each is seen and told apart.
NEIGHBOUR_PX = 3 * STOP_SIZE


@dataclass(frozen=True, slots=True)
class Step:
    """One thing the presenter shows: the title card, a stop, a leg travelled, or a day with neither."""

    key: str  # "title", the stop's id, "leg:<leg id>" or "day:<YYYY-MM-DD>"
    kind: StepKind
    day: itinerary.Day | None  # None for the title card
    row: dict[str, Any] | None  # the stop or the leg: a plain dict (a Series each made 10,000 steps slow to collect)
    progress: Progress | None  # what of the route is behind (drawn) and ahead (faded); None: all drawn

    @property
    def day_number(self) -> int:
        """The day of the trip this step is on; 0 for the title card, which comes before them all."""
        return self.day.number if self.day is not None else 0

    @property
    def label(self) -> str:
        """A line for the step picker in English (older links hold it): ``Day 3 · 1. Cave dwellings …``."""
        return self.label_in("en")

    def label_in(self, lang: Lang) -> str:
        """A line for the step picker in ``lang``: ``Day 3 · 1. Cave dwellings …``."""
        if self.day is None:
            return t("talk.title_card", lang)
        head = t("day.number", lang, n=self.day.number)
        if self.kind == "stop":
            return f"{head} · {int(self.row['stop'])}. {self.row['name']}"
        if self.kind == "leg":
            travel = t("talk.travel", lang, origin=self.row["from_name"], destination=self.row["to_name"])
            return f"{head} · {travel}"
        return f"{head} · {self.day.where}"


def steps(view: View, *, quiet_days: bool = False) -> list[Step]:
    """Every step of the talk for a view, in order: the title card first; days with nothing only if asked.

    A view with nothing on it has no talk: no steps at all, not even the title. Worked out once
    per view and kept with it (a talk of 10,000 stops took half a second on every step).
    """
    return list(view.memo("talk_steps", quiet_days, lambda: _steps(view, quiet_days)))


def _steps(view: View, quiet_days: bool) -> list[Step]:
    if not quiet_days:  # the same steps, shared, without the quiet days
        kept = [s for s in steps(view, quiet_days=True) if s.kind != "day"]
        return kept if len(kept) > 1 else []  # nothing but the title: no talk
    out: list[Step] = []
    reached = 0
    dates: dict[pd.Timestamp, pd.Timestamp] = {}
    for day in itinerary.days(view):
        stamp = pd.Timestamp(day.day)
        date = dates.setdefault(stamp, stamp)
        for leg in _rows(day.legs, dates):
            out.append(Step(f"leg:{leg['id']}", "leg", day, leg, Progress(reached, date)))
        for stop in _rows(day.stops, dates):
            reached = int(stop["stop"])
            out.append(Step(str(stop["id"]), "stop", day, stop, Progress(reached, date)))
        if day.is_empty:
            out.append(Step(f"day:{day.day.isoformat()}", "day", day, None, Progress(reached, date)))
    if not out:
        return []
    return [Step(TITLE_KEY, "title", None, None, None), *out]


def _rows(frame: pd.DataFrame, dates: dict[pd.Timestamp, pd.Timestamp]) -> list[dict[str, Any]]:
    """``frame``'s rows as dicts, each date one shared object: Streamlit's collector, run after every
    run, looks at every Timestamp there is (30,000 in the steps of a trip of 10,000 stops)."""
    rows = frame.to_dict("records")
    for row in rows:
        for name, value in row.items():
            if isinstance(value, pd.Timestamp):
                row[name] = dates.setdefault(value, value)
    return rows


def step_labels(view: View, lang: Lang, *, quiet_days: bool = False) -> dict[str, str]:
    """Each step's key and its line for the step picker (:meth:`Step.label_in`), kept with the view: read only."""
    return view.memo(
        "talk_labels", (quiet_days, lang), lambda: {s.key: s.label_in(lang) for s in steps(view, quiet_days=quiet_days)}
    )


def has_quiet_days(view: View) -> bool:
    """True when some day on view has nothing recorded (so the toggle that shows them means something)."""
    return view.derived("has_quiet_days", lambda: any(day.is_empty for day in itinerary.days(view)))


def index_of(all_steps: list[Step], key: str | None) -> int:
    """The position of the step with ``key``; the first step when it is unknown or not on view."""
    return next((i for i, s in enumerate(all_steps) if s.key == key), 0)


def nearest_step(all_steps: list[Step], key: str | None) -> str | None:
    """``key`` if it is a step; for a folded-away day, the step that follows it (else the one before)."""
    keys = [s.key for s in all_steps]
    if key in keys:
        return key
    if key and key.startswith("day:") and all_steps:
        day = key.removeprefix("day:")
        later = [s.key for s in all_steps if s.day is not None and s.day.day.isoformat() > day]
        return later[0] if later else keys[-1]
    return None


def step_from_param(all_steps: list[Step], value: str) -> str | None:
    """The key of the step a link names: its key, its number (``9``), or its label as older links held it."""
    value = value.strip()[:200]
    for step in all_steps:
        if value in (step.key, step.label):
            return step.key
    if value.isascii() and value.isdigit() and 1 <= int(value) <= len(all_steps):
        return all_steps[int(value) - 1].key
    return None


def first_step_of_day(all_steps: list[Step], number: int) -> int:
    """The first step on day ``number`` of the trip, else the last step before it (the title card at worst)."""
    before = [i for i, s in enumerate(all_steps) if s.day_number <= number]
    on_day = [i for i in before if all_steps[i].day_number == number]
    return on_day[0] if on_day else (before[-1] if before else 0)


def days_of(all_steps: list[Step]) -> list:
    """The days the talk has steps on, in order (the dates a "jump to day" offers)."""
    return list(dict.fromkeys(s.day.day for s in all_steps if s.day is not None))


def _stop_zoom(stop: dict[str, Any], view: View) -> int:
    """How far a stop step zooms in: enough that the other stops of its city, where they stand apart, are told apart.

    Stops at one point (a city's centre, when no closer coordinate is known) are
    spread around it on the map at any zoom, so they keep the wider view.
    """
    ids, xs, ys = _city_pixels(view).get(stop["city"], _NO_PIXELS)
    x, y = pixel_xy(float(stop["lat"]), float(stop["lon"]), 0)
    gaps = np.hypot(xs - x, ys - y)
    gaps = gaps[(ids != stop["id"]) & (gaps > 0)]
    if not gaps.size:
        return STOP_ZOOM_ALONE
    zoom = math.ceil(math.log2(NEIGHBOUR_PX / float(gaps.min())))
    return max(STOP_ZOOM_NEAR, min(zoom, STOP_ZOOM_MAX))


_NO_PIXELS = (np.array([], dtype=object), np.array([]), np.array([]))


def _city_pixels(view: View) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each city's stops as ids and zoom-0 pixel columns, worked out once per dataset: a step's zoom
    then costs a few array operations, not a scan of every stop (20 ms a step at 10,000 stops)."""

    def compute() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        out = {}
        for city, stops in view.dataset.route_stops.groupby("city", sort=False):
            xy = np.array(pixels_xy(stops["lat"], stops["lon"], 0), dtype=float).reshape(-1, 2)
            out[city] = (stops["id"].to_numpy(dtype=object), xy[:, 0], xy[:, 1])
        return out

    return view.dataset.derived("talk_city_pixels", compute)


def _fit(box: list[list[float]] | None, padding: tuple[int, int, int, int], max_zoom: int = 12):
    """Centre and zoom, in half steps, that fit ``box`` in the talk map with ``padding`` kept clear."""
    width, height = MAP_PX
    center, zoom = center_zoom(box, width_px=width, height_px=height, padding=padding, max_zoom=max_zoom)
    # fitting at zoom z + 1/2 is fitting at zoom z in a map and margins 1/sqrt(2) as large
    shrink = 2**-ZOOM_SNAP
    half_center, half = center_zoom(
        box,
        width_px=round(width * shrink),
        height_px=round(height * shrink),
        padding=tuple(round(p * shrink) for p in padding),
        max_zoom=max_zoom - 1,
    )
    if box is not None and half + ZOOM_SNAP > zoom and padding[1] == padding[3] and padding[0] == padding[2]:
        return half_center, half + ZOOM_SNAP  # margins alike on both sides: the centre is the box's at any zoom
    return center, zoom


def focus(step: Step, view: View) -> tuple[tuple[float, float], float]:
    """Where the map looks for a step: the whole route, the stop, the whole leg, or the day's city."""
    if step.kind == "title":
        return _fit(bounds(view), PADDING_FOLDED_LEGEND)
    if step.kind == "stop":
        return (float(step.row["lat"]), float(step.row["lon"])), _stop_zoom(step.row, view)
    if step.kind == "leg":
        row = step.row
        box = [
            [min(row["from_lat"], row["to_lat"]), min(row["from_lon"], row["to_lon"])],
            [max(row["from_lat"], row["to_lat"]), max(row["from_lon"], row["to_lon"])],
        ]
        return _fit(box, (80, 80, 80, 80), max_zoom=8)  # both ends and the arrow clear of the edges
    city = view.dataset.cities.set_index("id").loc[step.day.city]
    return (float(city["lat"]), float(city["lon"])), STOP_ZOOM_ALONE


def focus_box(step: Step, view: View) -> tuple[list[list[float]], tuple[int, int, int, int], float] | None:
    """What :func:`focus` fits, for a map that fits itself at its real size: box, padding, zoom cap.

    A stop or a day's city is a box of one point, capped at the zoom :func:`focus` gives it.
    """
    if step.kind == "title":
        box = bounds(view)
        return (box, PADDING_FOLDED_LEGEND, 12) if box is not None else None
    if step.kind == "leg":
        row = step.row
        box = [
            [min(row["from_lat"], row["to_lat"]), min(row["from_lon"], row["to_lon"])],
            [max(row["from_lat"], row["to_lat"]), max(row["from_lon"], row["to_lon"])],
        ]
        return box, (80, 80, 80, 80), 8
    (lat, lon), zoom = focus(step, view)
    return [[lat, lon], [lat, lon]], (0, 0, 0, 0), zoom


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a talk has come: stops up to number ``stop`` and legs up to ``day`` are behind."""

    stop: int
    day: pd.Timestamp
