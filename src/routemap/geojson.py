"""The route as RFC 7946 GeoJSON, and such a file read back as a dataset.

One FeatureCollection: a Point per place (visited or mentioned) and a
LineString per leg, coordinates as [longitude, latitude]. The collection's
foreign member ``routemap`` carries the trip and the cities, so that a file
written here loads again as an itinerary (``routemap validate FILE``).
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from routemap import schema
from routemap.data import RawTable, check_trip
from routemap.errors import Problem
from routemap.filters import View
from routemap.limits import DEFAULT_LIMITS, Limits
from routemap.tripdoc import Trip, trip_from_doc

FORMAT_VERSION: Final = 1
PLACE_PROPERTIES: Final = (
    "id",
    "name",
    "name_zh",
    "city",
    "kind",
    "date",
    "date_certainty",
    "themes",
    "status",
    "description",
    "source_quote",
    "coord_source",
    "coord_precision",
)
EXTRA_PLACE_PROPERTIES: Final = (
    "date_earliest",
    "date_latest",
    "date_basis",
    "place_certainty",
    "place_basis",
)
LEG_PROPERTIES: Final = ("from", "to", "date", "mode", "distance_km")
EXTRA_LEG_PROPERTIES: Final = (
    "id",
    "date_earliest",
    "date_latest",
    "date_certainty",
    "date_basis",
    "mode_basis",
    "source_quote",
)
CITY_FIELDS: Final = tuple(schema.CITIES.columns)


def _plain(value: Any) -> Any:
    """A JSON-ready value: ISO dates, ``None`` for missing, plain numbers and strings."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if value is pd.NaT:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if pd.isna(value):
        return None
    return value


def _place_feature(row: pd.Series) -> dict[str, Any]:
    props = {key: _plain(row[key]) for key in (*PLACE_PROPERTIES, *EXTRA_PLACE_PROPERTIES)}
    stop = _plain(row.get("stop"))  # a float column once mentioned places (no stop) join the stops
    props["stop"] = None if stop is None else int(stop)
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
        "properties": props,
    }


def _leg_feature(row: pd.Series) -> dict[str, Any]:
    props = {key: _plain(row[key]) for key in (*LEG_PROPERTIES, *EXTRA_LEG_PROPERTIES)}
    props["distance_km"] = round(float(row["distance_km"]), 1)
    props["from_name"], props["to_name"] = row["from_name"], row["to_name"]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {
            "type": "LineString",
            "coordinates": [
                [float(row["from_lon"]), float(row["from_lat"])],
                [float(row["to_lon"]), float(row["to_lat"])],
            ],
        },
        "properties": props,
    }


def to_geojson(view: View) -> dict[str, Any]:
    """The view as a GeoJSON FeatureCollection (a dict ready for :func:`json.dumps`)."""
    trip = view.dataset.trip
    cities = [{key: _plain(row[key]) for key in CITY_FIELDS} for _, row in view.dataset.cities.iterrows()]
    places = pd.concat([view.stops, view.mentioned], ignore_index=True)
    features = [_place_feature(row) for _, row in places.iterrows()]
    features += [_leg_feature(row) for _, row in view.legs.iterrows()]
    return {
        "type": "FeatureCollection",
        "routemap": {
            "version": FORMAT_VERSION,
            "trip": trip.to_doc(),
            "cities": cities,
        },
        "features": features,
    }


def dumps(view: View) -> str:
    """The view as GeoJSON text, UTF-8 friendly (Chinese names stay readable)."""
    return json.dumps(to_geojson(view), ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- reading back


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _table(file: str, key: str, records: list[tuple[int, dict[str, str]]], label: str) -> RawTable:
    columns = tuple(schema.SCHEMAS[key].columns)
    frame = pd.DataFrame(
        [{c: rec.get(c, "") for c in columns} for _, rec in records],
        columns=list(columns),
        index=pd.Index([n for n, _ in records], name="row"),
        dtype=object,
    )
    return RawTable(file, frame, row_label=label, schema_key=key)


#: What the bracket scan skips: a JSON string up to its closing quote (or, unterminated, to
#: the end of the text), or a run of text holding no bracket and no quote. Every quote
#: starts a match that consumes what follows it, so the scan never starts over: linear.
_NOT_BRACKETS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[^\[\]{}"]+', re.DOTALL)


def json_depth(text: str) -> int:
    """How deeply a JSON text nests arrays and objects, by one linear scan of its brackets.

    Brackets inside strings do not count. Cheap enough to run before :func:`json.loads`,
    whose parser recurses once per level and so fails with a RecursionError (not a
    JSONDecodeError) on a document nested some thousands deep. Malformed JSON gets a
    depth too; parsing it says what is wrong.
    """
    brackets = np.frombuffer(_NOT_BRACKETS.sub("", text).encode("ascii"), dtype=np.uint8)
    if not brackets.size:
        return 0
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
    return max(int(np.cumsum(steps).max()), 0)


def read_itinerary(
    path: Path, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[Trip | None, dict[str, RawTable], list[Problem]]:
    """Read a GeoJSON file written by :func:`dumps` into raw tables for validation.

    Rows are numbered by feature (1-based) or by city in the ``routemap`` member.
    A file past ``limits`` in bytes or in nesting depth is refused before it is parsed;
    one with more features or cities than a CSV file may have rows, before they are read.
    """
    from routemap.data import read_text

    text, problems = read_text(path, limits=limits)
    if text is None:
        return None, {}, problems
    return read_itinerary_text(path.name, text, limits=limits)


def read_itinerary_text(
    name: str, text: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[Trip | None, dict[str, RawTable], list[Problem]]:
    """:func:`read_itinerary` on text already read (an upload, a zip entry); ``name`` names it in problems."""
    problems: list[Problem] = []
    if len(text.encode("utf-8", "surrogatepass")) > limits.max_file_bytes:
        return None, {}, [Problem(name, None, None, f"{len(text):,} characters", limits.file_bytes_expected)]
    depth = json_depth(text)
    if depth > limits.max_json_depth:
        return None, {}, [Problem(name, None, None, f"{depth:,} levels of nesting", limits.json_depth_expected)]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, {}, [Problem(name, exc.lineno, None, None, f"valid JSON ({exc.msg})", row_label="line")]
    except ValueError as exc:  # a number the parser will not take, e.g. an integer of 5,000 digits
        return None, {}, [Problem(name, None, None, None, f"valid JSON ({exc})")]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return (
            None,
            {},
            [
                Problem(
                    name,
                    None,
                    "type",
                    str(doc.get("type") if isinstance(doc, dict) else doc)[:40],
                    "a GeoJSON FeatureCollection",
                )
            ],
        )
    meta = doc.get("routemap")
    if not isinstance(meta, dict) or not isinstance(meta.get("cities"), list):
        return (
            None,
            {},
            [
                Problem(
                    name,
                    None,
                    "routemap",
                    None,
                    "the 'routemap' member with the trip and its cities, "
                    "as `routemap export --format geojson` writes it",
                )
            ],
        )
    features = doc.get("features") or []
    if not isinstance(features, list):  # a string would otherwise be read as one bad feature per character
        return None, {}, [Problem(name, None, "features", type(features).__name__, "a list of Feature objects")]
    for member, items in (("features", features), ("routemap.cities", meta["cities"])):
        if len(items) > limits.max_rows:
            return None, {}, [Problem(name, None, member, f"{len(items):,} items", limits.items_expected)]
    trip = None
    if isinstance(meta.get("trip"), dict):
        trip, trip_problems = trip_from_doc(meta["trip"], name, key_prefix="routemap.trip.")
        problems += trip_problems
        if trip is not None:
            trip, trip_problems = check_trip(trip, name, key_prefix="routemap.trip.", limits=limits)
            problems += trip_problems
    else:
        problems.append(Problem(name, None, "routemap.trip", None, "a trip with title, start and end (YYYY-MM-DD)"))
    cities = [
        (i, {k: _cell(v) for k, v in c.items()}) for i, c in enumerate(meta["cities"], start=1) if isinstance(c, dict)
    ]
    for i, c in enumerate(meta["cities"], start=1):
        if not isinstance(c, dict):
            problems.append(Problem(name, i, "routemap.cities", str(c)[:40], "a city as an object", "city"))
    places: list[tuple[int, dict[str, str]]] = []
    legs: list[tuple[int, dict[str, str]]] = []
    for number, feature in enumerate(features, start=1):
        if not (
            isinstance(feature, dict)
            and isinstance(feature.get("geometry") or {}, dict)
            and isinstance(feature.get("properties") or {}, dict)
        ):
            problems.append(
                Problem(
                    name,
                    number,
                    None,
                    str(feature)[:40],
                    "a Feature object whose geometry and properties are objects",
                    "feature",
                )
            )
            continue
        geometry = feature.get("geometry") or {}
        props = {k: _cell(v) for k, v in (feature.get("properties") or {}).items()}
        coords = geometry.get("coordinates")
        if geometry.get("type") == "Point":
            if not (isinstance(coords, list) and len(coords) >= 2):
                problems.append(
                    Problem(
                        name, number, "geometry", str(coords)[:40], "Point coordinates [longitude, latitude]", "feature"
                    )
                )
                continue
            props["lon"], props["lat"] = _cell(coords[0]), _cell(coords[1])
            places.append((number, props))
        elif geometry.get("type") == "LineString":
            legs.append((number, props))
        else:
            problems.append(
                Problem(
                    name,
                    number,
                    "geometry",
                    str(geometry.get("type")),
                    "a Point (place) or a LineString (leg)",
                    "feature",
                )
            )
    tables = {
        "cities.csv": _table(f"{name} (cities)", "cities.csv", cities, "city"),
        "legs.csv": _table(f"{name} (legs)", "legs.csv", legs, "feature"),
        "places.csv": _table(f"{name} (places)", "places.csv", places, "feature"),
    }
    return trip, tables, problems
