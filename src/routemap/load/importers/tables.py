"""The tables an import writes: text cells in the schema's columns, defaults counted, blank points looked up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import pandas as pd

from routemap.geo.online import OnlineGeocoder
from routemap.load.folder import fill_missing_coordinates
from routemap.load.schema import SCHEMAS
from routemap.model.dataset import ProgressFn, RawTable

if TYPE_CHECKING:
    from routemap.load.importers.build import Builder, City

#: How precise a point is that the file gives without saying: the right area, never more.
DEFAULT_PRECISION: Final = "area"


class Defaults:
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


def look_up(
    tables: dict[str, RawTable],
    file: str,
    notes: list[str],
    *,
    online: OnlineGeocoder | None = None,
    progress: ProgressFn | None = None,
) -> None:
    """Fill blank points (cache, gazetteer, then ``online`` if given); a place still blank takes its city's point.

    ``progress(done, total, name)`` follows the lookups, e.g. to drive ``st.progress``.
    """
    blanks = {
        name: set(tables[name].frame.index[(tables[name].frame["lat"] == "") & (tables[name].frame["lon"] == "")])
        for name in ("cities.csv", "places.csv")
    }
    if any(blanks.values()):
        fill_missing_coordinates(tables, None, progress, online=online)
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


def city_rows(self: Builder, cities: list[City]) -> list[tuple[int, dict[str, str]]]:
    """The rows of cities.csv: each city at the point of its first place, when one has a point."""
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
