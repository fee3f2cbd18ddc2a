"""Talk mode: stepping through the stops one by one, as pure functions.

The page keeps the current stop's id (in the URL, so a link opens the talk at
that stop); everything else (neighbours, progress, the card) follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from routemap.filters import View
from routemap.mapelements import text
from routemap.vocab import KIND_BY_SLUG, THEME_BY_SLUG, day_number


@dataclass(frozen=True)
class Step:
    """Where the talk is: the stop, its position among the stops on view, and its day."""

    stop: pd.Series
    index: int  # 0-based among the stops on view
    count: int
    day: int
    days: int

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == self.count - 1

    @property
    def progress_label(self) -> str:
        return f"Stop {self.index + 1} of {self.count} · Day {self.day} of {self.days}"


def current_step(view: View, stop_id: str | None) -> Step | None:
    """The step for ``stop_id``, or the first stop on view when it is unknown or not on view."""
    stops = view.stops
    if stops.empty:
        return None
    matches = stops.index[stops["id"] == stop_id]
    index = int(matches[0]) if len(matches) else 0
    stop = stops.iloc[index]
    trip = view.dataset.trip
    return Step(stop=stop, index=index, count=len(stops),
                day=day_number(stop["date"].date(), trip.start), days=len(trip.days))


def neighbour(view: View, stop_id: str | None, offset: int) -> str | None:
    """The id of the stop ``offset`` places away (clamped to the ends), or ``None`` if none on view."""
    step = current_step(view, stop_id)
    if step is None:
        return None
    index = min(max(step.index + offset, 0), step.count - 1)
    return str(view.stops.iloc[index]["id"])


def first_stop_from(view: View, day: date) -> str | None:
    """The first stop on or after ``day``, else the last stop before it."""
    stops = view.stops
    if stops.empty:
        return None
    later = stops[stops["date"].dt.date >= day]
    chosen = later.iloc[0] if len(later) else stops.iloc[-1]
    return str(chosen["id"])


def card_html(step: Step) -> str:
    """The large card: day and date, place in English and 中文, what happened, the article's words."""
    stop = step.stop
    themes = " · ".join(THEME_BY_SLUG[t].label for t in stop["themes"])
    colour = THEME_BY_SLUG[str(stop["theme"])].colour
    certainty = ("date stated by the article" if stop["date_certainty"] == "stated"
                 else "date inferred: " + str(stop["date_basis"]))
    when = f"{stop['date']:%A} {stop['date'].day} {stop['date']:%B %Y}"
    return (
        f'<div class="rm-talk-card" style="border-left: 12px solid {colour}">'
        f'<div class="rm-talk-progress">{text(step.progress_label)}</div>'
        f'<div class="rm-talk-when">{text(when)}</div>'
        f'<h2 class="rm-talk-name"><span class="rm-talk-num">{int(stop["stop"])}</span>'
        f"{text(stop['name'])}</h2>"
        f'<div class="rm-talk-zh" lang="zh-Hans">{text(stop["name_zh"])}</div>'
        f'<p class="rm-talk-what">{text(stop["description"])}</p>'
        f'<blockquote class="rm-talk-quote">“{text(stop["source_quote"])}”</blockquote>'
        f'<div class="rm-talk-meta">{text(KIND_BY_SLUG[str(stop["kind"])].label)} · {text(themes)}'
        f" · {text(certainty)}</div>"
        "</div>"
    )


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
