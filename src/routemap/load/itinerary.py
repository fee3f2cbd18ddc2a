"""Read routemap's own GeoJSON export back into raw tables, within the limits.

The export (:mod:`routemap.export.geojson`) carries the trip and the cities in
a ``routemap`` member, so ``routemap validate route.geojson`` checks the file
with the same rules as a data folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from routemap.load import schema
from routemap.load.read import check_trip
from routemap.model.dataset import RawTable
from routemap.model.errors import Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits
from routemap.model.trip import Trip, trip_from_doc

#: What the bracket scan skips: a JSON string up to its closing quote (or, unterminated, to
#: the end of the text), or a run of text holding no bracket and no quote. Every quote
#: starts a match that consumes what follows it, so the scan never starts over: linear.
_NOT_BRACKETS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[^\[\]{}"]+', re.DOTALL)


def _table(file: str, key: str, records: list[tuple[int, dict[str, str]]], label: str) -> RawTable:
    columns = tuple(schema.SCHEMAS[key].columns)
    frame = pd.DataFrame(
        [{c: rec.get(c, "") for c in columns} for _, rec in records],
        columns=list(columns),
        index=pd.Index([n for n, _ in records], name="row"),
        dtype=object,
    )
    return RawTable(file, frame, row_label=label, schema_key=key)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


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
    from routemap.load.read import read_text

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
