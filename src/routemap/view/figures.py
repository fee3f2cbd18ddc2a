"""The figures the pages show, each saying what it counts: label, value and help, in one place.

"Days 6" beside an 11-day slider, or "Places 14" on the Map page beside "16 of
16" on the Places page, left readers to guess what was counted. Each figure here
names its unit and what it is out of, and its help text says how it is counted.
"""

from __future__ import annotations

from dataclasses import dataclass

from routemap.view.filters import View


@dataclass(frozen=True)
class Figure:
    """One figure: a short label, its value as shown, and what it counts."""

    label: str
    value: str
    help: str


def map_figures(view: View) -> list[Figure]:
    """The Map page's four figures: stops, cities, days with a stop, kilometres."""
    summary = view.summary
    first, last = view.selection.day_range(view.dataset.trip)
    selected_days = (last - first).days + 1
    mentioned = len(view.mentioned)
    return [
        Figure(
            "Stops",
            f"{summary.places}",
            "Places visited on the days and themes selected, numbered in route order."
            + (f" {mentioned} more places are only mentioned by the source (dashed circles)." if mentioned else ""),
        ),
        Figure("Cities", f"{summary.cities}", "Cities with at least one of these stops."),
        Figure(
            "Days with stops",
            f"{summary.days} of {selected_days}",
            f"Days with at least one stop on view, of the {selected_days} days the Days filter selects; "
            "the others were travel or are not recorded.",
        ),
        Figure("Km travelled", f"{summary.km:,.0f}", "Distance of the legs on view, city to city, as the crow flies."),
    ]


def places_caption(shown: int, view: View) -> str:
    """The Places page's count: how many rows of how many, and what the rows are."""
    stops, mentioned = len(view.stops), len(view.mentioned)
    return (
        f"{shown} of {stops + mentioned} places on view: {stops} stops"
        + (f" and {mentioned} places the source only mentions" if mentioned else "")
        + ". Mentioned places are shown when the whole trip is selected."
    )
