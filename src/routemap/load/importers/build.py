"""From the places and legs of a plain GeoJSON, KML or CSV file to routemap's raw tables and trip.

Each reader turns its format into :class:`Feature` objects (a number people can
find, the properties as text, a point or a line) and hands them to :func:`build`,
which maps the common property names (``docs/import.md``), derives cities, legs,
themes and kinds, and writes ``cities.csv``, ``legs.csv`` and ``places.csv`` as
tables of text cells. What the file does not state is filled with an honest
default and said in a note; what the file states is kept as written, and the
loader's own checks (:func:`routemap.data.build_dataset`) then judge it exactly as
they judge a data folder.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

import pandas as pd

from routemap.load.convert import build_dataset
from routemap.load.folder import fill_missing_coordinates
from routemap.load.importers.sniff import ImportLimits
from routemap.load.schema import LOOKED_UP, SCHEMAS, is_slug, parse_float
from routemap.model.dataset import Dataset, RawTable
from routemap.model.errors import DataError, Problem
from routemap.model.trip import Trip, trip_from_doc
from routemap.model.vocab import MODES

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
PALETTE: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DEFAULT_THEME: Final = ("uncategorised", "Uncategorised")
DEFAULT_KIND: Final = ("place", "Place", "•")
#: How precise a point is that the file gives without saying: the right area, as for an
#: unverified geocoder answer (``routemap.data.LOOKED_UP_PRECISION``); never more.
DEFAULT_PRECISION: Final = "area"
LEG_BASIS: Final = "imported: consecutive places in date order"

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


# --------------------------------------------------------------------------- building


@dataclass
class _Place:
    feature: Feature
    props: Props
    name: str
    day: date
    date_key: str
    city: str = ""  # the city's id, once cities are made
    city_name: str = ""


@dataclass
class _City:
    name: str
    province: str
    places: list[_Place]
    slug: str = ""
    point: tuple[str, str] | None = None
    point_of: str = ""


class _Defaults:
    """Counts the cells filled with a default, for one note per table and column."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], tuple[int, str, bool]] = {}

    def fill(self, table: str, column: str, value: str, count: int = 1) -> str:
        before, example, varied = self.counts.get((table, column), (0, value, False))
        self.counts[(table, column)] = (before + count, example, varied or value != example)
        return value

    def notes(self, totals: dict[str, int]) -> list[str]:
        return [
            f"{table}: '{column}' is not stated in the file for {count} of {totals[table]} rows; "
            f"filled with {example!r}" + (" and the like" if varied else "")
            for (table, column), (count, example, varied) in self.counts.items()
        ]


class _Builder:
    def __init__(self, source: Source, limits: ImportLimits) -> None:
        self.source = source
        self.limits = limits
        self.file = source.file
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.defaults = _Defaults()
        self.not_stated = f"imported from {self.file}: not stated in the file"

    def problem(self, number: int | None, column: str | None, value: str | None, expected: str) -> None:
        shown = None if value is None else value[:80]
        self.problems.append(Problem(self.file, number, column, shown, expected, row_label=self.source.row_label))

    def day(self, feature: Feature, props: Props, *, required: bool) -> tuple[date | None, str]:
        key, text = props.get("date")
        if not text.strip():
            if required:
                self.problem(
                    feature.number,
                    "date",
                    None,
                    f"a date in a 'date' {self.source.field} (or 'day', 'start', 'time'): the dashboard is day-based, "
                    "so every place needs its day",
                )
            return None, ""
        day = parse_day(text)
        if day is None:
            self.problem(feature.number, key, text, DATE_EXPECTED)
        elif not self.limits.plausible(day):
            self.problem(feature.number, key, text, self.limits.years_expected)
            day = None
        return day, key

    # ----------------------------------------------------------------------- places

    def places(self, features: list[Feature]) -> list[_Place]:
        out = []
        source_field = self.source.field
        for feature in features:
            props = Props(feature.props)
            name = props.value("name")
            if not name:
                self.problem(feature.number, "name", None, f"a place name in a 'name' or 'title' {source_field}")
            day, key = self.day(feature, props, required=True)
            if name and day is not None:
                out.append(_Place(feature, props, name, day, key))
        return sorted(out, key=lambda p: (p.day, p.feature.number))

    def cities(self, places: list[_Place]) -> list[_City]:
        by_key: dict[tuple[str, str], _City] = {}
        for place in places:  # in date order, so cities come in the order of their first day
            city = place.props.value("city")
            key = ("city", city.casefold()) if city else ("own", place.name.casefold())
            if key not in by_key:
                by_key[key] = _City(city or place.name, place.props.value("province"), [])
            by_key[key].places.append(place)
        ids = Ids()
        for n, city in enumerate(by_key.values(), start=1):
            city.slug = ids.take(slug(city.name), f"city-{n}")
            for place in city.places:
                place.city, place.city_name = city.slug, city.name
                lat, lon = parse_float(place.feature.lat), parse_float(place.feature.lon)
                if city.point is None and lat is not None and lon is not None:
                    city.point = (place.feature.lat, place.feature.lon)
                    city.point_of = place.name
        if any(k[0] == "own" for k in by_key):
            own = sum(1 for k in by_key if k[0] == "own")
            self.notes.append(
                f"cities: {own} place(s) with no 'city' (or 'town', 'locality') {self.source.field} are each "
                "their own city"
            )
        if any(k[0] == "city" for k in by_key):
            self.notes.append(
                f"cities: derived from the places' 'city' {self.source.field}, in the order of their first day"
            )
        return list(by_key.values())

    def vocabulary(self, places: list[_Place]) -> tuple[list[dict], list[dict], dict[int, list[str]], dict[int, str]]:
        """Themes and kinds as the trip declares them, and each place's theme ids and kind id."""
        theme_ids, kind_ids = Ids(), Ids()
        themes: dict[str, dict] = {}
        kinds: dict[str, dict] = {}
        place_themes: dict[int, list[str]] = {}
        place_kind: dict[int, str] = {}
        for place in sorted(places, key=lambda p: p.feature.number):  # declared in the file's order
            labels = [t.strip() for t in place.props.value("theme").split(";") if t.strip()]
            if not labels:
                labels = [DEFAULT_THEME[1]]
                self.defaults.fill("places", "themes", DEFAULT_THEME[0])
            ids = []
            for label in labels:
                if label.casefold() not in themes:
                    wanted = DEFAULT_THEME[0] if label == DEFAULT_THEME[1] else slug(label)
                    n = len(themes)
                    themes[label.casefold()] = {
                        "id": theme_ids.take(wanted, f"theme-{n + 1}"),
                        "label": label,
                        "colour": PALETTE[n % len(PALETTE)],
                    }
                theme_id = themes[label.casefold()]["id"]
                if theme_id not in ids:
                    ids.append(theme_id)
            place_themes[place.feature.number] = ids
            label = place.props.value("kind")
            if not label:
                label = DEFAULT_KIND[1]
                self.defaults.fill("places", "kind", DEFAULT_KIND[0])
            if label.casefold() not in kinds:
                if label == DEFAULT_KIND[1]:
                    kind_id, glyph = kind_ids.take(DEFAULT_KIND[0], "place"), DEFAULT_KIND[2]
                else:
                    kind_id = kind_ids.take(slug(label), f"kind-{len(kinds) + 1}")
                    glyph = next((c.upper() for c in label if c.isalnum()), DEFAULT_KIND[2])
                kinds[label.casefold()] = {"id": kind_id, "label": label, "glyph": glyph}
            place_kind[place.feature.number] = kinds[label.casefold()]["id"]
        if len(themes) > len(PALETTE):
            self.notes.append(f"themes: {len(themes)} themes share the palette's {len(PALETTE)} colours")
        shown_themes = ", ".join(f"{t['label']!r} ({t['colour']})" for t in themes.values())
        shown_kinds = ", ".join(f"{k['label']!r} ({k['glyph']})" for k in kinds.values())
        field = self.source.field
        self.notes.append(f"themes: {shown_themes}, from the 'category' (or 'theme', 'folder') {field}")
        self.notes.append(f"kinds: {shown_kinds}, from the 'kind' {field}, else 'Place' (•)")
        return list(themes.values()), list(kinds.values()), place_themes, place_kind

    def place_rows(
        self, places: list[_Place], place_themes: dict[int, list[str]], place_kind: dict[int, str]
    ) -> list[tuple[int, dict[str, str]]]:
        ids = Ids()
        rows = []
        fill = self.defaults.fill
        for place in sorted(places, key=lambda p: p.feature.number):
            props, feature = place.props, place.feature
            passed = {c: props.value(c) for c in PLACE_PASS_THROUGH}
            has_point = bool(feature.lat.strip() or feature.lon.strip())
            row = {
                "id": ids.take(props.value("id"), slug(place.name) or f"place-{feature.number}"),
                "name": place.name,
                "name_zh": props.value("name_zh"),
                "city": place.city,
                "kind": place_kind[feature.number],
                "status": "visited",
                "date": place.day.isoformat(),
                "date_earliest": passed["date_earliest"],
                "date_latest": passed["date_latest"],
                "date_certainty": passed["date_certainty"] or fill("places", "date_certainty", "stated"),
                "date_basis": passed["date_basis"]
                or fill("places", "date_basis", f"imported from {self.file}: the file's '{place.date_key}' value"),
                "themes": ";".join(place_themes[feature.number]),
                "description": props.value("description")
                or fill("places", "description", f"imported from {self.file}: no description in the file"),
                "source_quote": passed["source_quote"] or fill("places", "source_quote", self.not_stated),
                "place_certainty": passed["place_certainty"] or fill("places", "place_certainty", "stated"),
                "place_basis": passed["place_basis"] or fill("places", "place_basis", self.not_stated),
                "lat": feature.lat,
                "lon": feature.lon,
                "coord_source": passed["coord_source"],
                "coord_precision": passed["coord_precision"],
            }
            if has_point and not row["coord_source"]:
                row["coord_source"] = fill(
                    "places", "coord_source", f"imported from {self.file}: the file's point; its source is not stated"
                )
            if has_point and not row["coord_precision"]:
                row["coord_precision"] = fill("places", "coord_precision", DEFAULT_PRECISION)
            rows.append((feature.number, row))
        return rows

    def city_rows(self, cities: list[_City]) -> list[tuple[int, dict[str, str]]]:
        rows = []
        for order, city in enumerate(cities, start=1):
            lat, lon = city.point or ("", "")
            rows.append(
                (
                    order,
                    {
                        "id": city.slug,
                        "name": city.name,
                        "name_zh": "",
                        "province": city.province,  # blank until the lookup is done: it would skew the query
                        "order": str(order),
                        "status": "visited",
                        "lat": lat,
                        "lon": lon,
                        "coord_source": (
                            f"imported from {self.file}: the point of its first place, {city.point_of}"
                            if city.point
                            else ""
                        ),
                        "coord_precision": DEFAULT_PRECISION if city.point else "",
                        "source_quote": "",
                    },
                )
            )
        if any(c.point for c in cities):
            self.notes.append(
                "cities: each city's point is the point of its first place, precision 'area' "
                "(the file gives no point for a city)"
            )
        return rows

    # ----------------------------------------------------------------------- legs

    def consecutive_legs(self, places: list[_Place]) -> list[tuple[int, dict[str, str]]]:
        rows: list[tuple[int, dict[str, str]]] = []
        ids = Ids()
        last = places[0] if places else None
        for place in places[1:]:
            assert last is not None
            if place.city != last.city:
                rows.append(
                    (
                        len(rows) + 1,
                        {
                            "id": ids.take(f"{last.city}-{place.city}"[:60].rstrip("-"), f"leg-{len(rows) + 1}"),
                            "from": last.city,
                            "to": place.city,
                            "date": place.day.isoformat(),
                            "date_earliest": last.day.isoformat(),
                            "date_latest": place.day.isoformat(),
                            "date_certainty": "inferred",
                            "date_basis": f"{LEG_BASIS}: arrives on the day of {place.name}, leaves after {last.name}",
                            "mode": "unknown",
                            "mode_basis": self.not_stated,
                            "source_quote": "",
                        },
                    )
                )
            last = place
        if rows:
            self.notes.append(
                f"legs: {len(rows)} leg(s) between consecutive places in date order that are in different cities; "
                "mode 'unknown', dated on the day of arrival (inferred)"
            )
        return rows

    def line_legs(
        self, features: list[Feature], cities: list[_City], places: list[_Place]
    ) -> list[tuple[int, dict[str, str]]]:
        points = {c.slug: (float(c.point[0]), float(c.point[1])) for c in cities if c.point is not None}
        by_name = {c.name.casefold(): c.slug for c in cities} | {c.slug: c.slug for c in cities}
        first_day = {}
        for place in places:
            first_day.setdefault(place.city, place)
        ids = Ids()
        rows = []
        fill = self.defaults.fill
        for feature in features:
            props = Props(feature.props)
            assert feature.line is not None
            ends = []
            for end, vertex in (("from", feature.line[0]), ("to", feature.line[-1])):
                named = props.value(end)
                if named:
                    city = by_name.get(named.casefold(), by_name.get(slug(named), ""))
                    if not city:
                        shown = ", ".join(c.name for c in cities)
                        self.problem(feature.number, props.get(end)[0], named, f"the name of a city ({shown})")
                elif points:
                    city = _nearest(vertex, points)
                else:
                    city = ""
                    self.problem(
                        feature.number, end, None, f"a '{end}' property naming a city: no city has a point to match"
                    )
                ends.append(city)
            day, key = self.day(feature, props, required=False)
            if not all(ends) or (day is None and key):
                continue
            origin, target = ends
            passed = {c: props.value(c) for c in LEG_PASS_THROUGH}
            mode_key, mode = props.get("mode")
            mode = mode.strip().lower() if mode.strip().lower() in MODES else mode.strip()
            row = {
                "id": ids.take(props.value("id"), f"{origin}-{target}"[:60].rstrip("-")),
                "from": origin,
                "to": target,
                "date": "",
                "date_earliest": passed["date_earliest"],
                "date_latest": passed["date_latest"],
                "date_certainty": passed["date_certainty"],
                "date_basis": passed["date_basis"],
                "mode": mode or fill("legs", "mode", "unknown"),
                "mode_basis": passed["mode_basis"]
                or (f"imported from {self.file}: the file's '{mode_key}' value" if mode else "")
                or fill("legs", "mode_basis", self.not_stated),
                "source_quote": passed["source_quote"],
            }
            if day is not None:
                row["date"] = day.isoformat()
                row["date_certainty"] = row["date_certainty"] or "stated"
                row["date_basis"] = row["date_basis"] or f"imported from {self.file}: the file's '{key}' value"
            elif target in first_day:
                arrival = first_day[target]
                row["date"] = fill("legs", "date", arrival.day.isoformat())
                row["date_certainty"] = "inferred"
                row["date_basis"] = (
                    f"imported from {self.file}: the line states no date; the day of {arrival.name}, "
                    f"the first place in {arrival.city_name}"
                )
            rows.append((feature.number, row))
        if rows:
            self.notes.append(
                f"legs: {len(rows)} leg(s) from the file's lines, each from the city named by 'from' (else the one "
                "nearest its first point) to the city named by 'to' (else the one nearest its last point)"
            )
        return rows

    # ----------------------------------------------------------------------- trip

    def trip(self, places: list[_Place], themes: list[dict], kinds: list[dict]) -> Trip | None:
        days = [p.day for p in places]
        for place in places:  # a window given in the file widens the trip, so the loader can check it
            for column in ("date_earliest", "date_latest"):
                day = parse_day(place.props.value(column))
                if day is not None and self.limits.plausible(day):
                    days.append(day)
        start, end = min(days), max(days)
        if (end - start).days + 1 > self.limits.max_trip_days:
            last = max(places, key=lambda p: p.day)
            self.problem(last.feature.number, last.date_key, last.day.isoformat(), self.limits.trip_days_expected)
            return None
        title = self.source.title.strip()
        if not title:
            title = self.source.stem or self.file
            self.notes.append(f"trip: the file states no title; titled {title!r} after the file name")
        cities = list(dict.fromkeys(p.city_name for p in places))
        route = " → ".join(cities[:6]) + (" → …" if len(cities) > 6 else "")
        doc = {
            "title": title,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "subtitle": f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y} · {route}",
            "about": f"Imported from {self.file} ({self.source.format}). What the file does not state is marked "
            "'not stated in the file'.",
            "source": {"title": f"{self.file} ({self.source.format})", "file": self.file},
            "themes": themes,
            "kinds": kinds,
        }
        self.notes.append(f"trip: from {start.isoformat()} to {end.isoformat()}, the first and last dates of the file")
        trip, problems = trip_from_doc(doc, self.file)
        self.problems += problems
        return trip


def _nearest(vertex: tuple[float, float], points: dict[str, tuple[float, float]]) -> str:
    """The id of the city nearest a (latitude, longitude) vertex (great-circle), or blank when none has a point."""
    if not points:
        return ""

    def distance(p: tuple[float, float]) -> float:
        (lat1, lon1), (lat2, lon2) = (map(math.radians, vertex)), (map(math.radians, p))
        h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * math.asin(min(1.0, math.sqrt(h)))

    return min(points, key=lambda city: distance(points[city]))


def table(file: str, key: str, rows: list[tuple[int, dict[str, str]]], row_label: str) -> RawTable:
    """A raw table of text cells in the columns of ``key``'s schema, indexed by the numbers people see."""
    columns = list(SCHEMAS[key].columns)
    frame = pd.DataFrame(
        [{c: r.get(c, "") for c in columns} for _, r in rows],
        columns=columns,
        index=pd.Index([n for n, _ in rows], name="row"),
        dtype=object,
    )
    return RawTable(file, frame, row_label=row_label, schema_key=key)


def _look_up(tables: dict[str, RawTable], file: str, notes: list[str]) -> None:
    """Fill blank points offline (cache, gazetteer); a place still blank takes its city's point."""
    blanks = {
        name: set(tables[name].frame.index[(tables[name].frame["lat"] == "") & (tables[name].frame["lon"] == "")])
        for name in ("cities.csv", "places.csv")
    }
    if any(blanks.values()):
        fill_missing_coordinates(tables, None)
    for name, rows in blanks.items():
        frame = tables[name].frame
        for row in sorted(rows):
            if frame.at[row, "lat"]:
                notes.append(
                    f"{name}: no point in the file for {frame.at[row, 'name']!r}; {frame.at[row, 'coord_source']}"
                )
    places, cities = tables["places.csv"].frame, tables["cities.csv"].frame.set_index("id")
    for row in sorted(blanks.get("places.csv", ())):
        city = places.at[row, "city"]
        if places.at[row, "lat"] or city not in cities.index or not cities.at[city, "lat"]:
            continue
        places.loc[row, ["lat", "lon", "coord_precision"]] = [cities.at[city, "lat"], cities.at[city, "lon"], "city"]
        places.at[row, "coord_source"] = (
            f"imported from {file}: no point in the file; the point of its city, {cities.at[city, 'name']}"
        )
        notes.append(f"places.csv: no point for {places.at[row, 'name']!r}; placed at its city, precision 'city'")


def build(source: Source, features: list[Feature], problems: list[Problem], limits: ImportLimits) -> Imported:
    """Build routemap's trip and raw tables from a file's features; rows with a problem here are left out.

    The loader checks the rest when :meth:`Imported.dataset` is called, so every
    problem of the file is reported together.
    """
    builder = _Builder(source, limits)
    builder.problems = list(problems)
    place_features = [f for f in features if f.line is None]
    line_features = [f for f in features if f.line is not None]
    if not place_features and not builder.problems:
        builder.problem(None, None, None, f"at least one place: {source.place} with a name and a date")
    places = builder.places(place_features)
    if not places:
        return refused(source.file, source.format, builder.problems, builder.notes)
    cities = builder.cities(places)
    themes, kinds, place_themes, place_kind = builder.vocabulary(places)
    place_rows = builder.place_rows(places, place_themes, place_kind)
    city_rows = builder.city_rows(cities)
    if line_features:
        leg_rows, leg_label = builder.line_legs(line_features, cities, places), source.row_label
    else:
        leg_rows, leg_label = builder.consecutive_legs(places), "leg"
    trip = builder.trip(places, themes, kinds)
    tables = {
        "cities.csv": table(f"{source.file} (cities)", "cities.csv", city_rows, "city"),
        "legs.csv": table(f"{source.file} (legs)", "legs.csv", leg_rows, leg_label),
        "places.csv": table(f"{source.file} (places)", "places.csv", place_rows, source.row_label),
    }
    notes = builder.notes
    _look_up(tables, source.file, notes)
    cities_frame = tables["cities.csv"].frame
    unstated = cities_frame["province"] == ""
    if unstated.any():
        cities_frame.loc[unstated, "province"] = builder.not_stated
        builder.defaults.fill("cities", "province", builder.not_stated, int(unstated.sum()))
    notes += builder.defaults.notes({"places": len(place_rows), "legs": len(leg_rows), "cities": len(city_rows)})
    unused = sorted({k for p in places for k in p.props.unused()})
    if unused:
        shown = ", ".join(repr(k[:40]) for k in unused[:10]) + (", …" if len(unused) > 10 else "")
        notes.append(f"properties not read (see docs/import.md for those that are): {shown}")
    return Imported(trip, tables, builder.problems, notes, source.format, source.file)
