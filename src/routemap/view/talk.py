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
from typing import Literal

import pandas as pd

from routemap.geo.screen import PADDING_FOLDED_LEGEND, STOP_SIZE, center_zoom, pixel_xy
from routemap.markup import render
from routemap.model.i18n import Lang, fmt_date, fmt_km, fmt_span, html_lang, name_langs, t
from routemap.model.trip import Trip
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


@dataclass(frozen=True)
class Step:
    """One thing the presenter shows: the title card, a stop, a leg travelled, or a day with neither."""

    key: str  # "title", the stop's id, "leg:<leg id>" or "day:<YYYY-MM-DD>"
    kind: StepKind
    day: itinerary.Day | None  # None for the title card
    row: pd.Series | None  # the stop or the leg
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
    out: list[Step] = []
    reached = 0
    for day in itinerary.days(view):
        date = pd.Timestamp(day.day)
        for _, leg in day.legs.iterrows():
            out.append(Step(f"leg:{leg['id']}", "leg", day, leg, Progress(reached, date)))
        for _, stop in day.stops.iterrows():
            reached = int(stop["stop"])
            out.append(Step(str(stop["id"]), "stop", day, stop, Progress(reached, date)))
        if day.is_empty and quiet_days:
            out.append(Step(f"day:{day.day.isoformat()}", "day", day, None, Progress(reached, date)))
    if not out:
        return []
    return [Step(TITLE_KEY, "title", None, None, None), *out]


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


def progress_label(all_steps: list[Step], index: int, days_total: int, lang: Lang = "en") -> str:
    """``Step 7 of 21 · Day 3 of 11 · Stop 4 of 14``; the title card is ``Step 1 of 21``."""
    step = all_steps[index]
    label = t("talk.step_of", lang, n=index + 1, total=len(all_steps))
    if step.day is None:
        return label
    label += " · " + t("talk.day_of", lang, n=step.day.number, total=days_total)
    if step.kind == "stop":
        stops = sum(1 for s in all_steps if s.kind == "stop")
        done = sum(1 for s in all_steps[: index + 1] if s.kind == "stop")
        label += " · " + t("talk.stop_of", lang, n=done, total=stops)
    return label


def _beyond(subtitle: str, said: list[str]) -> str:
    """The parts of a ``·``-separated subtitle the card does not already say (its dates, its route)."""
    return " · ".join(part for part in (p.strip() for p in subtitle.split("·")) if part and part not in said)


def route_cities(all_steps: list[Step]) -> list[str]:
    """The cities the talk passes through, in order (from where each of its days is)."""
    names = (name for s in all_steps if s.day is not None for name in s.day.where.split(" → "))
    return list(dict.fromkeys(names))


def card_context(all_steps: list[Step], index: int, trip: Trip, lang: Lang = "en") -> dict:
    """What the card of step ``index`` says, as plain values (the template escapes them).

    ``trip`` and the steps' rows are as :func:`routemap.view.localize.localize` gives them for ``lang``.
    The data's own texts (what happened, how a date is known) are in English: the card
    marks them ``lang="en"`` and, in Chinese, says so (``data_note``).
    """
    step = all_steps[index]
    row = step.row
    first, other = name_langs(lang)
    card = {
        "kind": step.kind,
        "lang": html_lang(lang),
        "name_lang": first,
        "alt_lang": other,
        "data_note": t("data.english_only", lang) if lang == "zh" else "",
        "progress": progress_label(all_steps, index, len(trip.days), lang),
        "done": (index + 1) / len(all_steps),
        "when": fmt_date(step.day.day, lang, "long") if step.day is not None else "",
        **dict.fromkeys(("number", "name_zh", "what", "quote", "basis", "subtitle", "summary"), None),
        **dict.fromkeys(("meta", "route", "figures"), ()),
        "route_label": t("talk.the_route", lang),
    }
    if step.kind == "title":
        stops = sum(1 for s in all_steps if s.kind == "stop")
        km = sum(float(s.row["distance_km"]) for s in all_steps if s.kind == "leg")
        figures = [
            t("talk.days", lang, n=len(trip.days)),
            t("talk.stop" if stops == 1 else "talk.stops", lang, n=stops),
        ]
        if km:
            figures.append(t("talk.km_travelled", lang, km=fmt_km(km)))
        when, route = fmt_span(trip.start, trip.end, lang), route_cities(all_steps)
        return card | {
            "colour": "#222222",
            "when": when,
            "title": trip.title,
            "subtitle": _beyond(trip.subtitle, [when, " → ".join(route)]),
            "route": route,
            "figures": figures,
        }
    if step.kind == "stop":
        certainty = (
            t("talk.date_stated", lang)
            if row["date_certainty"] == "stated"
            else t("talk.date_inferred", lang, basis=row["date_basis"])
        )
        return card | {
            "colour": trip.theme(row["theme"]).colour,
            "number": int(row["stop"]),
            "title": row["name"],
            "name_zh": row["name_zh"],
            "what": row["description"],
            "quote": row["source_quote"],
            "meta": [trip.kind(row["kind"]).label, trip.themes_text(row["themes"], " · ")],
            "basis": certainty,
        }
    if step.kind == "leg":
        mode = t(f"mode.{row['mode']}", lang)
        return card | {
            "colour": "#333333",
            "title": f"{row['from_name']} → {row['to_name']}",
            "summary": t("talk.travel_km", lang, km=fmt_km(float(row["distance_km"])), mode=mode),
            "what": row["mode_basis"],
            "quote": row["source_quote"] or "",
            "basis": t(
                "talk.date_basis",
                lang,
                certainty=t(f"certainty.{row['date_certainty']}", lang),
                basis=row["date_basis"],
            ),
        }
    return card | {
        "colour": "#999999",
        "title": step.day.where,
        "summary": t("talk.nothing_recorded", lang),
        "data_note": "",
    }


def card_html(all_steps: list[Step], index: int, trip: Trip, lang: Lang = "en") -> str:
    """The large card: progress, date, what happened, and the source's own words."""
    return render("talk_card.html", card=card_context(all_steps, index, trip, lang))


def _stop_zoom(stop: pd.Series, view: View) -> int:
    """How far a stop step zooms in: enough that the other stops of its city, where they stand apart, are told apart.

    Stops at one point (a city's centre, when no closer coordinate is known) are
    spread around it on the map at any zoom, so they keep the wider view.
    """
    stops = view.dataset.route_stops
    others = stops[(stops["city"] == stop["city"]) & (stops["id"] != stop["id"])]
    x, y = pixel_xy(float(stop["lat"]), float(stop["lon"]), 0)
    points = (pixel_xy(float(lat), float(lon), 0) for lat, lon in zip(others["lat"], others["lon"], strict=True))
    gaps = [math.hypot(ox - x, oy - y) for ox, oy in points]
    gaps = [g for g in gaps if g > 0]
    if not gaps:
        return STOP_ZOOM_ALONE
    zoom = math.ceil(math.log2(NEIGHBOUR_PX / min(gaps)))
    return max(STOP_ZOOM_NEAR, min(zoom, STOP_ZOOM_MAX))


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


@dataclass(frozen=True)
class Progress:
    """How far a talk has come: stops up to number ``stop`` and legs up to ``day`` are behind."""

    stop: int
    day: pd.Timestamp
