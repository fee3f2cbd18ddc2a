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

from dataclasses import dataclass
from datetime import date
from typing import Final

from routemap.load.importers.features import (
    DATE_EXPECTED,
    PLACE_PASS_THROUGH,
    Feature,
    Ids,
    Imported,
    Props,
    Source,
    parse_day,
    refused,
    slug,
)
from routemap.load.importers.legs import consecutive_legs, line_legs
from routemap.load.importers.tables import DEFAULT_PRECISION, Defaults, city_rows, look_up, table
from routemap.load.schema import parse_float
from routemap.model.errors import Problem
from routemap.model.limits import Limits
from routemap.model.trip import Trip, trip_from_doc

PALETTE: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DEFAULT_THEME: Final = ("uncategorised", "Uncategorised")
DEFAULT_KIND: Final = ("place", "Place", "•")


# --------------------------------------------------------------------------- building


@dataclass
class Place:
    feature: Feature
    props: Props
    name: str
    day: date
    date_key: str
    city: str = ""  # the city's id, once cities are made
    city_name: str = ""


@dataclass
class City:
    name: str
    province: str
    places: list[Place]
    slug: str = ""
    point: tuple[str, str] | None = None
    point_of: str = ""


class Builder:
    """Turns a file's features into rows of routemap's tables, collecting problems, notes and defaults."""

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source = source
        self.limits = limits
        self.file = source.file
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.defaults = Defaults()
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

    def places(self, features: list[Feature]) -> list[Place]:
        out = []
        source_field = self.source.field
        for feature in features:
            props = Props(feature.props)
            name = props.value("name")
            if not name:
                self.problem(feature.number, "name", None, f"a place name in a 'name' or 'title' {source_field}")
            day, key = self.day(feature, props, required=True)
            if name and day is not None:
                out.append(Place(feature, props, name, day, key))
        return sorted(out, key=lambda p: (p.day, p.feature.number))

    def cities(self, places: list[Place]) -> list[City]:
        by_key: dict[tuple[str, str], City] = {}
        for place in places:  # in date order, so cities come in the order of their first day
            city = place.props.value("city")
            key = ("city", city.casefold()) if city else ("own", place.name.casefold())
            if key not in by_key:
                by_key[key] = City(city or place.name, place.props.value("province"), [])
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

    def vocabulary(self, places: list[Place]) -> tuple[list[dict], list[dict], dict[int, list[str]], dict[int, str]]:
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
        self, places: list[Place], place_themes: dict[int, list[str]], place_kind: dict[int, str]
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

    def trip(self, places: list[Place], themes: list[dict], kinds: list[dict]) -> Trip | None:
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


def build(source: Source, features: list[Feature], problems: list[Problem], limits: Limits) -> Imported:
    """Build routemap's trip and raw tables from a file's features; rows with a problem here are left out.

    The loader checks the rest when :meth:`Imported.dataset` is called, so every
    problem of the file is reported together.
    """
    builder = Builder(source, limits)
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
    city_table = city_rows(builder, cities)
    if line_features:
        leg_rows, leg_label = line_legs(builder, line_features, cities, places), source.row_label
    else:
        leg_rows, leg_label = consecutive_legs(builder, places), "leg"
    trip = builder.trip(places, themes, kinds)
    tables = {
        "cities.csv": table(f"{source.file} (cities)", "cities.csv", city_table, "city"),
        "legs.csv": table(f"{source.file} (legs)", "legs.csv", leg_rows, leg_label),
        "places.csv": table(f"{source.file} (places)", "places.csv", place_rows, source.row_label),
    }
    notes = builder.notes
    look_up(tables, source.file, notes)
    cities_frame = tables["cities.csv"].frame
    unstated = cities_frame["province"] == ""
    if unstated.any():
        cities_frame.loc[unstated, "province"] = builder.not_stated
        builder.defaults.fill("cities", "province", builder.not_stated, int(unstated.sum()))
    notes += builder.defaults.notes({"places": len(place_rows), "legs": len(leg_rows), "cities": len(city_table)})
    unused = sorted({k for p in places for k in p.props.unused()})
    if unused:
        shown = ", ".join(repr(k[:40]) for k in unused[:10]) + (", …" if len(unused) > 10 else "")
        notes.append(f"properties not read (see docs/import.md for those that are): {shown}")
    return Imported(trip, tables, builder.problems, notes, source.format, source.file)
