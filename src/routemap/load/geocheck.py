"""What ``routemap geocode`` works on, and its ``--check``: targets, the itinerary CSV, seeding, checking.

A *target* table has one row per point to geocode or check, with the columns
``name, city, province, country, lat, lon, precision, city_lat, city_lon, kind``
(``kind`` is ``city`` or ``place``). It comes from a dataset (its cities, then
its places, with each place's city name, province and point) or from an
itinerary CSV (see :func:`read_itinerary_csv` and ``docs/geocoding.md``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
from geopy.distance import geodesic

from routemap.geo import gazetteer
from routemap.geo.cache import DATASET_GEOCODER, CacheEntry, GeoCache
from routemap.geo.resolve import Place, ProgressFn, Resolver, places_of
from routemap.load.convert import build_dataset
from routemap.load.folder import LOOKUP_COLUMNS, blank_coordinates, fill_missing_coordinates, lookup_advice
from routemap.load.read import read_raw_tables, read_text
from routemap.load.schema import parse_float
from routemap.model.dataset import Dataset
from routemap.model.errors import DataError, Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits
from routemap.model.vocab import CHINA_BOUNDS

TARGET_COLUMNS: Final = (
    "name",
    "city",
    "province",
    "country",
    "lat",
    "lon",
    "precision",
    "city_lat",
    "city_lon",
    "kind",
)
ITINERARY_COLUMNS: Final = ("name", "city", "province", "country", "lat", "lon")
DEFAULT_THRESHOLD_KM: Final = 5.0
DEFAULT_AREA_KM: Final = 60.0


def dataset_targets(dataset: Dataset) -> pd.DataFrame:
    """The dataset's cities, then its places, as a target table (coordinates as stored)."""
    return _targets(dataset.cities, dataset.places)


def _targets(cities: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Cities, then places, as a target table, from the dataset's typed tables or from text ones.

    Text coordinates become numbers, and ``NaN`` where blank or not a number; a
    place's city is looked up by id (the first row with that id; unknown ids give
    no city); rows without a name, which cannot be geocoded, are left out.
    """
    cities, places = _numbered(cities), _numbered(places)
    city_rows = pd.DataFrame(
        {
            "name": cities["name"],
            "city": "",
            "province": cities["province"],
            "country": "CN",
            "lat": cities["lat"],
            "lon": cities["lon"],
            "precision": cities["coord_precision"].astype(str),
            "city_lat": float("nan"),
            "city_lon": float("nan"),
            "kind": "city",
            "coord_source": cities["coord_source"],
        }
    )
    by_id = cities.drop_duplicates("id").set_index("id")
    place_rows = pd.DataFrame(
        {
            "name": places["name"],
            "city": places["city"].map(by_id["name"]),
            "province": places["city"].map(by_id["province"]),
            "country": "CN",
            "lat": places["lat"],
            "lon": places["lon"],
            "precision": places["coord_precision"].astype(str),
            "city_lat": places["city"].map(by_id["lat"]),
            "city_lon": places["city"].map(by_id["lon"]),
            "kind": "place",
            "coord_source": places["coord_source"],
        }
    )
    return pd.concat([city_rows, place_rows], ignore_index=True)


def _numbered(frame: pd.DataFrame) -> pd.DataFrame:
    """A table with ``lat`` and ``lon`` as floats and only the rows that have a name."""
    if pd.api.types.is_float_dtype(frame["lat"]) and pd.api.types.is_float_dtype(frame["lon"]):
        return frame  # typed already: a loaded dataset
    named = frame[frame["name"].str.strip() != ""]
    return named.assign(**{col: pd.to_numeric(named[col].map(parse_float), errors="coerce") for col in ("lat", "lon")})


def folder_targets(folder: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[pd.DataFrame, list[Problem]]:
    """A data folder's target table, and its problems, even when the dataset does not load.

    What the folder is read into is what :func:`routemap.data.load_dataset` reads:
    its text tables, with blank coordinates looked up offline. When that loads,
    the targets are :func:`dataset_targets` and there is no problem. Otherwise the
    targets come from the text tables, and the problems are every one except the
    blank coordinate cells of rows still awaiting a lookup: those rows are what
    ``routemap geocode`` is for, and its report says what became of each.

    Raises :class:`DataError` when ``cities.csv`` or ``places.csv`` cannot be read:
    with no table of names there is nothing to look up.
    """
    trip, tables, problems = read_raw_tables(folder, limits=limits)
    fill_missing_coordinates(tables, folder)
    try:
        return dataset_targets(build_dataset(trip, tables, problems, str(folder))), []
    except DataError as exc:
        problems = lookup_advice(exc.problems, tables, folder)
    if "cities.csv" not in tables or "places.csv" not in tables:
        raise DataError(problems)
    awaiting = {
        (name, row)
        for name in ("cities.csv", "places.csv")
        for row in tables[name].frame.index[blank_coordinates(tables[name].frame)]
    }
    others = [p for p in problems if not ((p.file, p.row) in awaiting and p.column in LOOKUP_COLUMNS)]
    return _targets(tables["cities.csv"].frame, tables["places.csv"].frame), others


def read_itinerary_csv(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> pd.DataFrame:
    """A simple itinerary CSV as a target table. Raises :class:`DataError` listing every problem.

    UTF-8, one header row; ``name`` is required; ``city``, ``province``, ``country``
    (ISO 3166 code, default ``CN``), ``lat`` and ``lon`` are optional, and other
    columns are ignored. ``lat``/``lon`` are given together or not at all.
    """
    name = path.name
    text, problems = read_text(path, limits=limits)  # a regular file, within the byte limit
    if text is None:
        raise DataError(problems)
    if text.count("\n") > limits.max_rows + 1:
        raise DataError([Problem(name, None, None, f"more than {limits.max_rows:,} rows", limits.rows_expected)])
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    header = [h.strip() for h in (csv.DictReader(io.StringIO(text)).fieldnames or [])]
    if "name" not in header:
        raise DataError([Problem(name, 1, "name", None, "a column named 'name' in the header")])
    problems: list[Problem] = []
    records = []
    for line, raw in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(row.values()):
            continue
        if not row.get("name"):
            problems.append(Problem(name, line, "name", "", "a place or city name"))
        lat_text, lon_text = row.get("lat", ""), row.get("lon", "")
        lat, lon = parse_float(lat_text), parse_float(lon_text)
        if (lat_text or lon_text) and (lat is None or lon is None):
            problems.append(
                Problem(name, line, "lat, lon", f"{lat_text}, {lon_text}", "two decimal numbers, or both blank")
            )
        records.append(
            {
                **{c: row.get(c, "") for c in ("name", "city", "province")},
                "country": (row.get("country") or gazetteer.DEFAULT_COUNTRY).upper(),
                "lat": lat,
                "lon": lon,
                "precision": "",
                "city_lat": None,
                "city_lon": None,
                "kind": "place" if row.get("city") else "city",
            }
        )
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame.from_records(records, columns=list(TARGET_COLUMNS))
    for col in ("lat", "lon", "city_lat", "city_lon"):
        frame[col] = pd.to_numeric(frame[col])
    return frame


def seed_cache(cache: GeoCache, targets: pd.DataFrame, today: date) -> int:
    """Record the dataset's own coordinates in the cache (geocoder ``dataset``); return how many changed.

    An entry another geocoder gave is never overwritten; a ``dataset`` entry is
    rewritten only when the dataset's coordinate, source or precision changed.
    """
    changed = 0
    for place, row in zip(places_of(targets), targets.to_dict("records"), strict=True):
        if pd.isna(row["lat"]) or pd.isna(row["lon"]):
            continue
        new = CacheEntry(
            query=place.query,
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            address=place.query,
            geocoder=DATASET_GEOCODER,
            source=str(row.get("coord_source", "")),
            fetched=today.isoformat(),
            precision=str(row["precision"]),
        )
        old = cache.get(place.query)
        if old is not None and (
            old.geocoder != DATASET_GEOCODER
            or (old.lat, old.lon, old.source, old.precision) == (new.lat, new.lon, new.source, new.precision)
        ):
            continue
        cache.put(new)
        changed += 1
    return changed


@dataclass(frozen=True, slots=True)
class Finding:
    """The check's word on one point: ``ok``, ``note`` (not checked, and why) or ``flag`` (wrong)."""

    name: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.upper():4}  {self.name}: {self.message}"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic(a, b).km)


def _in_china(lat: float, lon: float) -> bool:
    (lat_min, lon_min), (lat_max, lon_max) = CHINA_BOUNDS
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def check_point(
    place: Place,
    row: dict,
    resolver: Resolver,
    *,
    threshold_km: float = DEFAULT_THRESHOLD_KM,
    area_km: float = DEFAULT_AREA_KM,
) -> list[Finding]:
    """Every finding for one stored point: bounds, distance from its city, distance from its geocode.

    A place at ``city`` precision *is* its city's point, so it is compared with
    that point rather than geocoded by name (which would only find the city again).
    """
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return [Finding(place.name, "note", "no stored coordinate to check")]
    point = (float(row["lat"]), float(row["lon"]))
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        hint = "; latitude and longitude look swapped" if _in_china(point[1], point[0]) else ""
        return [Finding(place.name, "flag", f"{point[0]:g}, {point[1]:g} is not a latitude, longitude{hint}")]
    found: list[Finding] = []
    if place.country == "CN" and not _in_china(*point):
        hint = "; latitude and longitude look swapped" if _in_china(point[1], point[0]) else ""
        found.append(Finding(place.name, "flag", f"{point[0]:g}, {point[1]:g} is outside China{hint}"))
    has_city = not (pd.isna(row["city_lat"]) or pd.isna(row["city_lon"]))
    city_km = _km(point, (row["city_lat"], row["city_lon"])) if has_city else None
    if city_km is not None and city_km > area_km:
        found.append(
            Finding(
                place.name,
                "flag",
                f"{city_km:.1f} km from the point of {place.city} (more than {area_km:g} km: outside the city's area)",
            )
        )
    if row["precision"] == "city" and row["kind"] == "place":
        if city_km is None:
            found.append(Finding(place.name, "note", "city precision, and no city point to compare with"))
        elif city_km > threshold_km:
            found.append(
                Finding(place.name, "flag", f"city precision, yet {city_km:.1f} km from the point of {place.city}")
            )
        else:
            found.append(Finding(place.name, "ok", f"city precision: at the point of {place.city}"))
        return found
    ref = resolver.resolve(place)
    if not ref.found or ref.lat is None or ref.lon is None:
        return [*found, Finding(place.name, "note", f"not compared: {ref.detail}")]
    km = _km(point, (ref.lat, ref.lon))
    level = "flag" if km > threshold_km else "ok"
    return [
        *found,
        Finding(place.name, level, f"{km:.1f} km from where {ref.source} puts {ref.query!r} ({ref.detail})"),
    ]


def check_targets(
    targets: pd.DataFrame,
    resolver: Resolver,
    *,
    threshold_km: float = DEFAULT_THRESHOLD_KM,
    area_km: float = DEFAULT_AREA_KM,
    progress: ProgressFn | None = None,
) -> list[Finding]:
    """:func:`check_point` for every row, in order. Give a resolver with ``trust_dataset=False``."""
    findings: list[Finding] = []
    places = places_of(targets)
    for i, (place, row) in enumerate(zip(places, targets.to_dict("records"), strict=True), start=1):
        findings += check_point(place, row, resolver, threshold_km=threshold_km, area_km=area_km)
        if progress is not None:
            progress(i, len(places), place.name)
    return findings
