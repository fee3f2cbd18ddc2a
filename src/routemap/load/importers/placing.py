"""Where each place of an upload that gave no point was put, and the online lookup where the host allows it.

An import looks blank points up offline as it builds its tables (the cache,
then the gazetteer; a place still blank takes its city's point). What is left
blank is what :func:`place_online` asks an online geocoder for, when the
dashboard's host has configured one (``routemap.geo.online.host_geocoder``);
its answers stay in memory, never in a file. :func:`placements` reports, per
place or city the file gave no point for, what became of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from routemap.geo.online import OnlineGeocoder
from routemap.load.importers.features import Imported
from routemap.load.importers.tables import look_up
from routemap.model.dataset import ProgressFn

#: How a point was found, by the start of its ``coord_source`` (the loader's and the importer's wording).
HOW: Final = (
    ("looked up (cache)", "the geocoding cache"),
    ("looked up (gazetteer)", "the offline gazetteer"),
    ("looked up (", "the online geocoder"),
)
NOT_PLACED: Final = "not placed"


@dataclass(frozen=True, slots=True)
class Placement:
    """One row the file gave no point for: which table, its name, how it was placed (or not), and the detail."""

    table: str
    row: int
    name: str
    placed_by: str
    detail: str

    @property
    def placed(self) -> bool:
        return self.placed_by != NOT_PLACED


def awaiting(imported: Imported) -> list[tuple[str, int, str]]:
    """(table, row, name) of every city and place still without a point: what an online lookup could place."""
    out = []
    for name in ("cities.csv", "places.csv"):
        table = imported.tables.get(name)
        if table is None:
            continue
        frame = table.frame
        blank = frame[(frame["lat"] == "") & (frame["lon"] == "")]
        out += [(name, int(row), str(value)) for row, value in blank["name"].items()]
    return out


def place_online(imported: Imported, online: OnlineGeocoder, progress: ProgressFn | None = None) -> None:
    """Look up, through ``online`` too, every point still blank; fills ``imported``'s tables and notes in place."""
    if imported.tables and awaiting(imported):
        look_up(imported.tables, imported.file, imported.notes, online=online, progress=progress)


def placements(imported: Imported) -> list[Placement]:
    """What became of each city and place the file gave no point for, in table order."""
    out = []
    for name in ("cities.csv", "places.csv"):
        table = imported.tables.get(name)
        if table is None:
            continue
        for row, record in table.frame.iterrows():
            source = str(record["coord_source"])
            if record["lat"] == "" or record["lon"] == "":
                how, detail = NOT_PLACED, "neither the cache, the gazetteer nor (where allowed) the online geocoder"
            elif source.startswith("looked up ("):
                how = next(label for prefix, label in HOW if source.startswith(prefix))
                detail = source
            elif "no point in the file; the point of its city" in source:
                how, detail = "its city's point", source
            else:
                continue  # the file's own point, or its first place's
            out.append(Placement(name, int(row), str(record["name"]), how, detail))
    return out
