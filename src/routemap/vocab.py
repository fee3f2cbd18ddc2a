"""Controlled vocabularies of the dataset: themes, kinds, modes, certainties.

Themes are the article's five section headings, in the article's order. Each
vocabulary maps a stable slug (what the CSV files hold) to what people read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final


@dataclass(frozen=True, slots=True)
class Theme:
    slug: str
    label: str
    colour: str  # a colour-blind-safe hex colour (Okabe-Ito palette)


THEMES: Final[tuple[Theme, ...]] = (
    Theme("revolutionary-heritage", "Celebrating revolutionary heritage", "#D55E00"),
    Theme("civilisational-exchange", "Promoting civilisational exchange", "#0072B2"),
    Theme("protecting-the-planet", "Protecting the planet", "#009E73"),
    Theme("defend-socialist-china", "Defend Socialist China", "#CC79A7"),
    Theme("technology-and-prosperity", "Technological advancement and common prosperity", "#E69F00"),
)
THEME_BY_SLUG: Final = {t.slug: t for t in THEMES}


@dataclass(frozen=True, slots=True)
class Kind:
    slug: str
    label: str
    glyph: str  # a single character drawn inside the marker; no icon font needed


KINDS: Final[tuple[Kind, ...]] = (
    Kind("revolutionary-site", "Revolutionary site", "★"),
    Kind("museum", "Museum or memorial hall", "M"),
    Kind("conference", "Conference session", "C"),
    Kind("meeting", "Lecture, dialogue or meeting", "D"),
    Kind("performance", "Performance", "♪"),
    Kind("energy", "Energy project", "⚡"),
    Kind("enterprise", "Farm or enterprise", "E"),
    Kind("technology", "Technology centre", "T"),
    Kind("heritage-site", "Heritage site", "H"),
)
KIND_BY_SLUG: Final = {k.slug: k for k in KINDS}

MODES: Final[tuple[str, ...]] = ("train", "flight", "road", "unknown")
STATUSES: Final[tuple[str, ...]] = ("visited", "mentioned")
CERTAINTIES: Final[tuple[str, ...]] = ("stated", "inferred")
PRECISIONS: Final[tuple[str, ...]] = ("building", "site", "area", "city")

#: Latitude/longitude box around the People's Republic of China, used to catch
#: a point put in the wrong place or with latitude and longitude swapped.
CHINA_BOUNDS: Final = ((18.0, 73.0), (54.0, 135.5))

THEMES_SEPARATOR: Final = ";"


def day_number(day: date, start: date) -> int:
    """Day of the trip, 1 on the first day."""
    return (day - start).days + 1
