"""What a reader hands the builder: features (places and lines), the file's source, and the result.

Each reader (GeoJSON, KML, CSV) turns its format into :class:`Feature` objects: a
number people can find, the properties as text, a point or a line. :class:`Props`
reads them through :data:`ALIASES` (``docs/import.md``, *Property mapping*), and
an import ends as an :class:`Imported`. The text helpers here (ids, dates,
positions) are shared by the readers and :mod:`~routemap.load.importers.build`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

from routemap.load.convert import build_dataset
from routemap.load.schema import LOOKED_UP, is_slug
from routemap.model.dataset import Dataset, RawTable
from routemap.model.errors import DataError, Problem
from routemap.model.trip import Trip

#: The property names each routemap column is read from, first match wins (case does not matter).
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "name": ("name", "title"),
    "description": ("description", "desc", "notes"),
    "date": ("date", "day", "start", "time", "timestamp", "when", "begin"),
    "theme": ("category", "theme", "themes", "folder"),
    "city": ("city", "town", "locality"),
    "name_zh": ("name_zh", "name:zh"),
    "kind": ("kind",),
    "province": ("province", "region", "state"),
    "id": ("id",),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "from": ("from",),
    "to": ("to",),
    "mode": ("mode",),
}
#: routemap's own provenance columns, kept as written when a file has them (routemap's CSV export does).
PLACE_PASS_THROUGH: Final = (
    "date_earliest",
    "date_latest",
    "date_certainty",
    "date_basis",
    "source_quote",
    "place_certainty",
    "place_basis",
    "coord_source",
    "coord_precision",
)
LEG_PASS_THROUGH: Final = ("date_earliest", "date_latest", "date_certainty", "date_basis", "mode_basis", "source_quote")

#: Okabe-Ito, the colour-blind-safe palette routemap's own themes use, without its yellow
#: (white stop numbers are not legible on it); cycled when a file has more themes.

_DATE_RE: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)
DATE_EXPECTED: Final = "a date as YYYY-MM-DD, or an ISO date-time such as 2024-04-02T09:30:00+08:00"
NOT_FOUND_EXPECTED: Final = (
    "a value: the file gives no point for this row, and neither the geocoding cache nor the offline "
    "gazetteer knows it (add lat and lon, or a 'city' the gazetteer knows)"
)


@dataclass
class Feature:
    """One place (a point) or leg (a line) as a file gives it.

    ``number`` is how people find it in the file: the feature or placemark counted
    from 1, or the CSV line. ``lat``/``lon`` are text: a CSV's cells as written, or
    the ``repr`` of numbers a reader has already checked. ``line`` holds a leg's
    (latitude, longitude) vertices.
    """

    number: int
    props: dict[str, str]
    lat: str = ""
    lon: str = ""
    line: tuple[tuple[float, float], ...] | None = None


@dataclass(frozen=True)
class Source:
    """The file being imported: its name, what format it is, what a row of it is called, its title."""

    file: str
    format: str
    row_label: str
    title: str = ""
    stem: str = ""
    field: str = "property"  # what holds a value: a property, or a CSV's column
    place: str = "a point"  # what a place is in this format, for the refusal of a file with none


@dataclass
class Imported:
    """What an import made of a file: the trip and tables to check, the problems, and the notes.

    ``notes`` lists every default filled in for what the file does not state, and
    every value derived (cities, legs, themes, kinds): read them before trusting
    the map. Iterates as ``trip, tables, problems, notes``.
    """

    trip: Trip | None
    tables: dict[str, RawTable]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    format: str = ""
    file: str = ""

    def __iter__(self) -> Iterator:
        return iter((self.trip, self.tables, self.problems, self.notes))

    def dataset(self) -> Dataset:
        """The validated dataset, by the loader's own checks; raises :class:`DataError` with every problem."""
        try:
            return build_dataset(self.trip, self.tables, self.problems, self.file)
        except DataError as exc:
            advised = [
                replace(p, expected=NOT_FOUND_EXPECTED) if p.expected == LOOKED_UP.error else p for p in exc.problems
            ]
            raise DataError(advised) from None


def refused(file: str, fmt: str, problems: list[Problem], notes: Iterable[str] = ()) -> Imported:
    """An import that produced no tables, only problems."""
    return Imported(None, {}, list(problems), list(notes), fmt, file)


# --------------------------------------------------------------------------- text helpers


def text_of(value: object) -> str:
    """A property value as text: lists joined by ';', numbers as written, null as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ";".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text_of(v)}" for k, v in value.items())
    return str(value)


def slug(text: str, limit: int = 60) -> str:
    """A routemap id from free text (``"Xi'an Bell Tower"`` → ``xi-an-bell-tower``); blank when nothing is left."""
    text = re.sub(r"['’‘`]", "", text)  # Xi'an → xian, not xi-an
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return out[:limit].rstrip("-")


class Ids:
    """Hands out ids unique within one table: the wanted one, else it with -2, -3, ... (in constant time)."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, wanted: str, fallback: str) -> str:
        base = wanted if wanted and is_slug(wanted) else fallback
        out = base
        while out in self.used:
            self.next[base] = self.next.get(base, 1) + 1
            out = f"{base}-{self.next[base]}"
        self.used.add(out)
        return out


def parse_day(text: str) -> date | None:
    """The day of an ISO date or date-time as written (no time-zone conversion), or ``None``."""
    match = _DATE_RE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def check_position(position: object) -> tuple[float, float] | None:
    """(latitude, longitude) of a ``[longitude, latitude, ...]`` position of finite numbers in range."""
    if not isinstance(position, list | tuple) or len(position) < 2:
        return None
    lon, lat = position[0], position[1]
    for value in (lon, lat):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return float(lat), float(lon)


POSITION_EXPECTED: Final = (
    "coordinates [longitude, latitude]: finite numbers, longitude -180 to 180 and latitude -90 to 90"
)


class Props:
    """A feature's properties, read through :data:`ALIASES`, remembering which were used."""

    def __init__(self, raw: dict[str, str]) -> None:
        self.by_key = {k.strip().casefold(): (k, v) for k, v in raw.items()}
        self.used: set[str] = set()

    def get(self, column: str) -> tuple[str, str]:
        """(the property name as written, its text) of the first alias present and not blank."""
        for alias in ALIASES.get(column, (column,)):
            hit = self.by_key.get(alias)
            if hit is not None:
                self.used.add(alias)
                if hit[1].strip():
                    return hit
        return "", ""

    def value(self, column: str) -> str:
        return self.get(column)[1].strip()

    def unused(self) -> list[str]:
        return [k for key, (k, _) in self.by_key.items() if key not in self.used]
