"""Legs of an import: from the file's lines, or between consecutive places in different cities.

Functions of the builder (:class:`~routemap.load.importers.build.Builder`), whose
problems, notes and defaults they add to; see ``docs/import.md``, *What is derived*.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from routemap.load.importers.features import LEG_PASS_THROUGH, Feature, Ids, Props, slug
from routemap.model.vocab import MODES

if TYPE_CHECKING:
    from routemap.load.importers.build import Builder, City, Place

LEG_BASIS: Final = "imported: consecutive places in date order"


def consecutive_legs(self: Builder, places: list[Place]) -> list[tuple[int, dict[str, str]]]:
    """A leg between each two consecutive places (in date order) in different cities, mode unknown."""
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
    self: Builder, features: list[Feature], cities: list[City], places: list[Place]
) -> list[tuple[int, dict[str, str]]]:
    """A leg per line of the file, between the cities its ends name or are nearest to."""
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
                city = nearest(vertex, points)
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


def nearest(vertex: tuple[float, float], points: dict[str, tuple[float, float]]) -> str:
    """The id of the city nearest a (latitude, longitude) vertex (great-circle), or blank when none has a point."""
    if not points:
        return ""

    def distance(p: tuple[float, float]) -> float:
        (lat1, lon1), (lat2, lon2) = (map(math.radians, vertex)), (map(math.radians, p))
        h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        return 2 * math.asin(min(1.0, math.sqrt(h)))

    return min(points, key=lambda city: distance(points[city]))
