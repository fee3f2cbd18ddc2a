"""Vocabularies: the ones every trip shares, and the shapes of the ones a trip declares.

A trip names its own themes and kinds in ``trip.toml`` (see :mod:`routemap.tripdoc`);
this module only says what a theme, a kind and a bounding box are. What is
the same for every journey (how people travelled, how sure a date is, how
precise a coordinate is) is fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme of the trip: its id (what places.csv holds), label, colour and labels in other languages."""

    slug: str
    label: str
    colour: str  # a hex colour; white stop numbers must stay legible on it
    short: str = ""  # a short label for chips and legends; the label when blank
    label_zh: str = ""

    @property
    def short_label(self) -> str:
        return self.short or self.label


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of place: its id, label and the one character drawn in its marker's badge."""

    slug: str
    label: str
    glyph: str  # a single character drawn inside the marker; no icon font needed
    label_zh: str = ""


@dataclass(frozen=True, slots=True)
class Bounds:
    """The box every point of a trip must fall in, with a name for messages."""

    name: str
    south: float
    west: float
    north: float
    east: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def describe(self) -> str:
        return f"a point in {self.name} (latitude {self.south} to {self.north}, longitude {self.west} to {self.east})"


#: The whole world: what a trip that states no bounds is held to.
WORLD: Final = Bounds("the world", -90.0, -180.0, 90.0, 180.0)

MODES: Final[tuple[str, ...]] = ("train", "flight", "road", "foot", "boat", "unknown")
STATUSES: Final[tuple[str, ...]] = ("visited", "mentioned")
CERTAINTIES: Final[tuple[str, ...]] = ("stated", "inferred")
PRECISIONS: Final[tuple[str, ...]] = ("building", "site", "area", "city")

THEMES_SEPARATOR: Final = ";"


def day_number(day: date, start: date) -> int:
    """Day of the trip, 1 on the first day."""
    return (day - start).days + 1


#: Kept for the geocoder's sanity checks until they take the trip's own bounds.
CHINA_BOUNDS: Final = ((18.0, 73.0), (54.0, 135.5))
