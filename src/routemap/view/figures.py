"""The figures the pages show, each saying what it counts: label, value and help, in one place.

"Days 6" beside an 11-day slider, or "Places 14" on the Map page beside "16 of
16" on the Places page, left readers to guess what was counted. Each figure here
names its unit and what it is out of, and its help text says how it is counted,
in the language asked for (the ``figures`` section of the translation tables).
"""

from __future__ import annotations

from dataclasses import dataclass

from routemap.model.i18n import Lang, fmt_km, t
from routemap.view.filters import View


@dataclass(frozen=True)
class Figure:
    """One figure: a short label, its value as shown, and what it counts."""

    label: str
    value: str
    help: str


def map_figures(view: View, lang: Lang = "en") -> list[Figure]:
    """The Map page's four figures: stops, cities, days with a stop, kilometres."""
    summary = view.summary
    first, last = view.selection.day_range(view.dataset.trip)
    selected_days = (last - first).days + 1
    mentioned = len(view.mentioned)
    stops_help = t("figures.stops_help", lang)
    if mentioned:
        stops_help += " " + t("figures.stops_help_mentioned", lang, n=mentioned)
    return [
        Figure(t("figures.stops", lang), f"{summary.places}", stops_help),
        Figure(t("figures.cities", lang), f"{summary.cities}", t("figures.cities_help", lang)),
        Figure(
            t("figures.days_with_stops", lang),
            t("figures.n_of", lang, n=summary.days, total=selected_days),
            t("figures.days_help", lang, total=selected_days),
        ),
        Figure(t("figures.km", lang), fmt_km(summary.km), t("figures.km_help", lang)),
    ]


def places_caption(shown: int, view: View, lang: Lang = "en") -> str:
    """The Places page's count: how many rows of how many, and what the rows are."""
    stops, mentioned = len(view.stops), len(view.mentioned)
    return t(
        "figures.places_caption_mentioned" if mentioned else "figures.places_caption",
        lang,
        shown=shown,
        total=stops + mentioned,
        stops=stops,
        mentioned=mentioned,
    )
