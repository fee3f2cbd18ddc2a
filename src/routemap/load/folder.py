"""Load a dataset: a data folder or an itinerary GeoJSON file, blank coordinates looked up offline.

:func:`load_dataset` is the one entry point the dashboard and the CLI use:
read (:mod:`~routemap.load.read`), fill blank coordinates from the geocoding
cache and the gazetteer, check (:mod:`~routemap.load.check`) and convert
(:mod:`~routemap.load.convert`), or raise one ``DataError`` with every problem.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Final

import pandas as pd

from routemap.geo import resolve
from routemap.geo.cache import CACHE_FILE, GeoCache
from routemap.geo.online import OnlineGeocoder
from routemap.load import schema, trips
from routemap.load.convert import build_dataset
from routemap.load.read import read_bytes, read_raw_tables
from routemap.model.dataset import Dataset, ProgressFn, RawTable
from routemap.model.errors import DataError, Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits


def default_data_dir() -> Path:
    """The trip opened when none is named: the first of ``$ROUTEMAP_DATA``, else ``data/`` (see routemap.trips)."""
    return trips.default_folder()


#: The command that looks up online, and keeps in the folder's cache, what the offline lookup could not find.
GEOCODE_COMMAND: Final = "routemap geocode --online --write"


#: The cells a lookup fills in a row of cities or places.
LOOKUP_COLUMNS: Final = ("lat", "lon", "coord_source", "coord_precision")


HALF_BLANK: Final = (
    "a value: latitude and longitude are looked up only when both are blank "
    "(fill this one in, or blank both to have the place looked up)"
)


NOT_LOOKED_UP: Final = "a value: a coordinate left blank is looked up only in a data folder's CSV files (fill it in)"


def blank_coordinates(frame: pd.DataFrame) -> pd.Series:
    """Which rows of a raw cities or places table leave latitude and longitude both blank: those are looked up."""
    return (frame["lat"] == "") & (frame["lon"] == "")


def lookup_advice(problems: list[Problem], tables: dict[str, RawTable], folder: Path | None) -> list[Problem]:
    """The schema's word on a blank coordinate nobody could look up, made exact for where the row is.

    The schema knows neither the folder nor the rest of the row. Here a row of a
    data folder with both coordinates blank is told the command that looks it up
    and that the next load fills it from (:data:`GEOCODE_COMMAND` on that folder);
    a row with one of the two blank, or a row of an itinerary file, which no lookup
    fills, is told to fill it in.
    """
    generic = schema.LOOKED_UP.error
    command = f"{GEOCODE_COMMAND} {shlex.quote(str(folder))}"
    advised = []
    for problem in problems:
        if problem.expected == generic:
            table = tables.get(problem.file)
            if folder is None or table is None:
                expected = NOT_LOOKED_UP
            elif problem.row in table.frame.index and blank_coordinates(table.frame.loc[[problem.row]]).all():
                expected = generic.replace(f"`{GEOCODE_COMMAND}`", f"`{command}`")
            else:
                expected = HALF_BLANK
            problem = replace(problem, expected=expected)
        advised.append(problem)
    return advised


#: Precision given to a looked-up coordinate when its source does not say:
#: a gazetteer answer is a city centre; any other geocoder's answer for a name is
#: not verified, so it claims no more than the right area.
LOOKED_UP_PRECISION: Final = {"gazetteer": "city"}


#: Who follows lookups made deep inside a reader (an import) that has no ``progress`` of its own to
#: pass: the Upload page's bounded reader sets it around one import (:func:`lookup_progress`).
LOOKUP_PROGRESS: ContextVar[ProgressFn | None] = ContextVar("routemap_lookup_progress", default=None)


@contextmanager
def lookup_progress(progress: ProgressFn | None) -> Iterator[None]:
    """Within the block, lookups that were given no ``progress`` report to this one."""
    token = LOOKUP_PROGRESS.set(progress)
    try:
        yield
    finally:
        LOOKUP_PROGRESS.reset(token)


def fill_missing_coordinates(
    tables: dict[str, RawTable],
    folder: Path | None,
    progress: ProgressFn | None = None,
    *,
    online: OnlineGeocoder | None = None,
) -> None:
    """Look up rows of cities and places whose latitude and longitude are both blank.

    The geocoding cache (``geocache.json`` of the data folder, else the shipped
    one), then the GeoNames gazetteer; then ``online`` when one is given (the
    Upload page's, where the host allows it; its answers stay in memory). A row
    found gets its coordinate, a ``coord_source`` saying it was looked up and
    from what, and a precision; a row not found stays blank, and the schema
    check reports it.
    """
    progress = progress or LOOKUP_PROGRESS.get()
    todo = {
        name: t.frame[blank_coordinates(t.frame)] for name, t in tables.items() if name in ("cities.csv", "places.csv")
    }
    todo = {name: rows for name, rows in todo.items() if len(rows)}
    if not todo:
        return
    from routemap.geo.cache import CACHE_FILE, GeoCache

    own = folder / CACHE_FILE if folder is not None else None
    cache = GeoCache.load(own) if own is not None and own.exists() else default_cache()
    cities = tables["cities.csv"].frame if "cities.csv" in tables else None
    total = sum(len(rows) for rows in todo.values())
    done = 0
    for name, rows in todo.items():
        frame = tables[name].frame

        def step(offset: int, _total: int, place: str, before: int = done) -> None:
            if progress is not None:
                progress(before + offset, total, place)

        filled, report = resolve.resolve_places(
            rows,
            cache=cache,
            progress=step,
            cities=cities if name == "places.csv" else None,
            online=online is not None,
            geocoder=online,
        )
        done += len(rows)
        for (row, found), resolution in zip(filled.iterrows(), report.resolutions, strict=True):
            if not resolution.found:
                continue
            frame.loc[row, "lat"] = repr(float(found["lat"]))
            frame.loc[row, "lon"] = repr(float(found["lon"]))
            frame.loc[row, "coord_source"] = f"looked up ({resolution.source}): {resolution.detail}"
            frame.loc[row, "coord_precision"] = resolution.precision or LOOKED_UP_PRECISION.get(
                resolution.source, "area"
            )


def load_dataset(
    path: Path | str | None = None, *, progress: ProgressFn | None = None, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Load and validate a dataset: a data folder, an itinerary GeoJSON file, or a file to import.

    A ``.kml``, ``.kmz``, ``.csv`` (routemap's import template) or ``.zip`` is read by
    the importers (:func:`import_file`), exactly as the dashboard's Upload page reads it.

    Rows of cities or places with blank coordinates are looked up offline first
    (:func:`fill_missing_coordinates`); ``progress(done, total, name)`` follows that.
    Files beyond ``limits`` (:mod:`routemap.limits`) are refused before they are parsed.
    Raises :class:`~routemap.errors.DataError` listing every problem found.
    """
    path = Path(path) if path is not None else default_data_dir()
    folder = None
    if path.is_file() and path.suffix.lower() in IMPORTED_SUFFIXES:
        return import_file(path, limits=limits)
    if path.is_file() and path.suffix.lower() in {".geojson", ".json"}:
        from routemap.load.itinerary import read_itinerary

        trip, tables, problems = read_itinerary(path, limits=limits)
    elif path.is_dir():
        folder = path
        trip, tables, problems = read_raw_tables(path, limits=limits)
        fill_missing_coordinates(tables, path, progress)
    else:
        raise DataError(
            [
                Problem(
                    path.name or str(path),
                    None,
                    None,
                    None,
                    f"a data folder or an itinerary .geojson file at {path} "
                    "(or a .kml, .kmz, .csv or .zip file to import)",
                )
            ]
        )
    try:
        return build_dataset(trip, tables, problems, str(path))
    except DataError as exc:
        raise DataError(lookup_advice(exc.problems, tables, folder)) from None


#: Files that are not a data folder nor routemap's own GeoJSON: read by the importers (docs/import.md).
IMPORTED_SUFFIXES: Final = (".kml", ".kmz", ".csv", ".zip")


def import_file(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Import a KML, KMZ, CSV (the import template) or zip file as the Upload page does; raise ``DataError``."""
    from routemap.load.importers import import_trip  # the importers build on this module

    data, problems = read_bytes(path, limits=limits)
    if data is None:
        raise DataError(problems)
    return import_trip(path.name, data, limits=limits).dataset()


def default_cache() -> GeoCache:
    """The committed cache of the shipped dataset, ``data/geocache.json``."""
    return GeoCache.load(default_data_dir() / CACHE_FILE)
