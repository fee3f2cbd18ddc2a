"""Talk mode: stepping through the journey day by day, as pure functions.

A talk is a list of :class:`Step`: for each day of the selection, its travel
(one step per leg), then its stops (one step each); a day with neither is one
step of its own, so a presenter walks through every day of the trip, not only
the days with visits (with a theme, city or kind filter, only matching days).
The page keeps the current step's key in the URL, so a link opens the talk there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from routemap import itinerary
from routemap.filters import View
from routemap.mapbuilder import Progress, center_zoom
from routemap.mapelements import text
from routemap.tripdoc import Trip

StepKind = Literal["stop", "leg", "day"]


@dataclass(frozen=True)
class Step:
    """One thing the presenter shows: a stop, a leg travelled, or a day with neither."""

    key: str  # the stop's id, "leg:<leg id>" or "day:<YYYY-MM-DD>"
    kind: StepKind
    day: itinerary.Day
    row: pd.Series | None  # the stop or the leg
    progress: Progress  # what of the route is behind (drawn) and ahead (faded)

    @property
    def label(self) -> str:
        """A line for the step picker: ``Day 3 · 1. Cave dwellings …``."""
        head = f"Day {self.day.number}"
        if self.kind == "stop":
            return f"{head} · {int(self.row['stop'])}. {self.row['name']}"
        if self.kind == "leg":
            return f"{head} · travel {self.row['from_name']} → {self.row['to_name']}"
        return f"{head} · {self.day.where}"


def steps(view: View) -> list[Step]:
    """Every step of the talk for a view, in order."""
    out: list[Step] = []
    reached = 0
    for day in itinerary.days(view):
        date = pd.Timestamp(day.day)
        for _, leg in day.legs.iterrows():
            out.append(Step(f"leg:{leg['id']}", "leg", day, leg, Progress(reached, date)))
        for _, stop in day.stops.iterrows():
            reached = int(stop["stop"])
            out.append(Step(str(stop["id"]), "stop", day, stop, Progress(reached, date)))
        if day.is_empty:
            out.append(Step(f"day:{day.day.isoformat()}", "day", day, None, Progress(reached, date)))
    return out


def index_of(all_steps: list[Step], key: str | None) -> int:
    """The position of the step with ``key``; the first step when it is unknown or not on view."""
    return next((i for i, s in enumerate(all_steps) if s.key == key), 0)


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
    """The first step on day ``number`` of the trip, else the last step before it."""
    before = [i for i, s in enumerate(all_steps) if s.day.number <= number]
    on_day = [i for i in before if all_steps[i].day.number == number]
    return on_day[0] if on_day else (before[-1] if before else 0)


def progress_label(all_steps: list[Step], index: int, days_total: int) -> str:
    """``Step 7 of 21 · Day 3 of 11 · Stop 4 of 14``."""
    step = all_steps[index]
    stops = sum(1 for s in all_steps if s.kind == "stop")
    label = f"Step {index + 1} of {len(all_steps)} · Day {step.day.number} of {days_total}"
    if step.kind == "stop":
        done = sum(1 for s in all_steps[: index + 1] if s.kind == "stop")
        label += f" · Stop {done} of {stops}"
    return label


def _when(step: Step) -> str:
    d = step.day.day
    return f"{d:%A} {d.day} {d:%B %Y}"


def card_html(all_steps: list[Step], index: int, trip: Trip) -> str:
    """The large card: progress, date, what happened, and the article's own words."""
    days_total = len(trip.days)
    step = all_steps[index]
    row = step.row
    if step.kind == "stop":
        colour = trip.theme(row["theme"]).colour
        themes = trip.themes_text(row["themes"], " · ")
        certainty = (
            "date stated by the article"
            if row["date_certainty"] == "stated"
            else "date inferred: " + str(row["date_basis"])
        )
        title = f'<span class="rm-talk-num">{int(row["stop"])}</span>{text(row["name"])}'
        body = (
            f'<div class="rm-talk-zh" lang="zh-Hans">{text(row["name_zh"])}</div>'
            f'<p class="rm-talk-what">{text(row["description"])}</p>'
            f'<blockquote class="rm-talk-quote">“{text(row["source_quote"])}”</blockquote>'
            f'<div class="rm-talk-meta">{text(trip.kind(row["kind"]).label)} · '
            f"{text(themes)} · {text(certainty)}</div>"
        )
    elif step.kind == "leg":
        colour = "#333333"
        title = f"{text(row['from_name'])} → {text(row['to_name'])}"
        quote = (
            f'<blockquote class="rm-talk-quote">“{text(row["source_quote"])}”</blockquote>'
            if row["source_quote"]
            else ""
        )
        body = (
            f'<p class="rm-talk-what">Travel, {row["distance_km"]:,.0f} km '
            f"({text(row['mode'])}). {text(row['mode_basis'])}</p>{quote}"
            f'<div class="rm-talk-meta">Date {text(row["date_certainty"])}: '
            f"{text(row['date_basis'])}</div>"
        )
    else:
        colour = "#999999"
        title = text(step.day.where)
        body = '<p class="rm-talk-what">The article records nothing for this day.</p>'
    return (
        f'<div class="rm-talk-card rm-talk-{step.kind}" style="border-left: 12px solid {colour}">'
        f'<div class="rm-talk-progress">{text(progress_label(all_steps, index, days_total))}</div>'
        f'<div class="rm-talk-when">{text(_when(step))}</div>'
        f'<h2 class="rm-talk-name">{title}</h2>{body}</div>'
    )


def focus(step: Step, view: View) -> tuple[tuple[float, float], int]:
    """Where the map looks for a step: the stop, the whole leg, or the day's city."""
    if step.kind == "stop":
        return (float(step.row["lat"]), float(step.row["lon"])), 7
    if step.kind == "leg":
        row = step.row
        box = [
            [min(row["from_lat"], row["to_lat"]), min(row["from_lon"], row["to_lon"])],
            [max(row["from_lat"], row["to_lat"]), max(row["from_lon"], row["to_lon"])],
        ]
        # the talk map is about 700 px wide: keep both ends and the arrow clear of the edges
        return center_zoom(box, width_px=700, height_px=720, padding=(80, 80, 80, 80), max_zoom=8)
    city = view.dataset.cities.set_index("id").loc[step.day.city]
    return (float(city["lat"]), float(city["lon"])), 7


TALK_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"]
  { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
.rm-talk-card { background: #fff; padding: 18px 24px; border-radius: 10px;
  box-shadow: 0 2px 10px rgba(0,0,0,.15); font-size: 22px; line-height: 1.4; }
.rm-talk-progress { font-size: 18px; color: #555; letter-spacing: .02em; }
.rm-talk-when { font-size: 26px; font-weight: 600; margin-top: 4px; }
.rm-talk-name { font-size: 38px; line-height: 1.15; margin: 8px 0 2px; }
.rm-talk-num { display: inline-block; min-width: 1.4em; margin-right: .4em; text-align: center;
  background: #222; color: #fff; border-radius: 999px; padding: 0 .3em; }
.rm-talk-zh { font-size: 28px; color: #333; }
.rm-talk-what { font-size: 24px; margin: 12px 0; }
.rm-talk-quote { font-style: italic; color: #333; border-left: 4px solid #bbb; margin: 8px 0;
  padding-left: 12px; font-size: 20px; }
.rm-talk-meta { font-size: 16px; color: #555; }
"""
