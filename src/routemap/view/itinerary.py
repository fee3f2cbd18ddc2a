"""The journey day by day, as the Itinerary page and talk mode show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from routemap.model.i18n import Lang, fmt_date, t
from routemap.model.vocab import day_number
from routemap.view.filters import View, city_ids_of_day, city_of_day


@dataclass(frozen=True)
class Day:
    """One day of the trip with what happened on it, after the filters."""

    day: date
    number: int
    where: str
    city: str  # the id of the city the journey is in at the end of the day
    legs: pd.DataFrame
    stops: pd.DataFrame

    @property
    def is_empty(self) -> bool:
        return self.legs.empty and self.stops.empty

    @property
    def title(self) -> str:
        return self.heading("en")

    def heading(self, lang: Lang) -> str:
        """``Day 3 · Wednesday 28 May 2025 · Xi'an → Yan'an`` in ``lang``."""
        return f"{t('day.number', lang, n=self.number)} · {fmt_date(self.day, lang, 'long')} · {self.where}"


def days(view: View) -> list[Day]:
    """The selected days in order, each with its legs and stops.

    With only the day filter set, every selected day is listed, even one the
    article says nothing about. With a theme, city or kind filter, only days
    with something that matches are listed.
    """
    dataset = view.dataset
    where = city_of_day(dataset)
    city = city_ids_of_day(dataset)
    first, last = view.selection.day_range(dataset.trip)
    out = []
    for day in dataset.trip.days:
        if not first <= day <= last:
            continue
        entry = Day(
            day=day,
            number=day_number(day, dataset.trip.start),
            where=where[day],
            city=city[day],
            legs=view.legs[view.legs["date"].dt.date == day],
            stops=view.stops[view.stops["date"].dt.date == day],
        )
        if entry.is_empty and view.selection.narrows_places:
            continue
        out.append(entry)
    return out
