"""GeoJSON uploads: routemap's own export, read back as it is, or a plain FeatureCollection.

A collection with the ``routemap`` member is routemap's own export and goes to
:func:`routemap.geojson.read_itinerary`, the reader ``routemap validate route.geojson``
uses. Any other FeatureCollection is read as geojson.io, uMap or QGIS write it:
a Point feature per place and, optionally, a LineString feature per leg, with the
properties mapped as ``docs/import.md`` says.
"""

from __future__ import annotations

import json
from typing import Any, Final

from routemap.load.importers.build import build
from routemap.load.importers.features import (
    POSITION_EXPECTED,
    Feature,
    Imported,
    Source,
    check_position,
    refused,
    text_of,
)
from routemap.load.importers.sniff import json_depth, unknown
from routemap.load.itinerary import read_itinerary_text
from routemap.model.errors import Problem
from routemap.model.limits import Limits

FORMAT: Final = "GeoJSON"
OWN_FORMAT: Final = "routemap GeoJSON"


def _describe(doc: Any) -> str:
    """What a JSON document is, for the refusal of one that is not a FeatureCollection."""
    if isinstance(doc, list):
        return "a JSON array"
    if not isinstance(doc, dict):
        return f"a JSON {type(doc).__name__}"
    kind = doc.get("type")
    if kind == "Feature":
        return "a single GeoJSON Feature, not a FeatureCollection"
    if isinstance(kind, str) and kind:
        return f"a JSON object of type {kind[:40]!r}"
    return "a JSON object with no GeoJSON 'type'"


def _title(doc: dict[str, Any]) -> str:
    """The collection's name as QGIS (``name``), uMap or geojson.io tools give it."""
    props = doc.get("properties") if isinstance(doc.get("properties"), dict) else {}
    for value in (doc.get("name"), doc.get("title"), props.get("name"), props.get("title")):
        text = text_of(value).strip() if not isinstance(value, dict | list) else ""
        if text:
            return text
    return ""


def _features(name: str, doc: dict[str, Any], limits: Limits) -> tuple[list[Feature], list[Problem]]:
    raw = doc.get("features")
    if not isinstance(raw, list):
        return [], [Problem(name, None, "features", None, "a 'features' list of Point and LineString features")]
    if len(raw) > limits.max_rows:
        return [], [Problem(name, None, "features", f"{len(raw):,} features", limits.features_expected)]
    features, problems = [], []

    def problem(number: int, column: str | None, value: str | None, expected: str) -> None:
        problems.append(Problem(name, number, column, value, expected, row_label="feature"))

    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            problem(number, None, json.dumps(item)[:40], "a GeoJSON Feature object")
            continue
        props = item.get("properties") or {}
        if not isinstance(props, dict):
            problem(number, "properties", json.dumps(props)[:40], "an object of properties")
            continue
        texts = {str(k): text_of(v) for k, v in props.items()}
        if "id" in item and not any(k.strip().casefold() == "id" for k in texts):
            texts["id"] = text_of(item["id"])
        geometry = item.get("geometry")
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if kind == "Point":
            point = check_position(coords)
            if point is None:
                problem(number, "geometry", json.dumps(coords)[:60], POSITION_EXPECTED)
                continue
            features.append(Feature(number, texts, repr(point[0]), repr(point[1])))
        elif kind == "LineString":
            line = [check_position(p) for p in coords] if isinstance(coords, list) else []
            if len(line) < 2 or any(p is None for p in line):
                problem(number, "geometry", json.dumps(coords)[:60], f"a LineString of two or more {POSITION_EXPECTED}")
                continue
            features.append(Feature(number, texts, line=tuple(p for p in line if p is not None)))
        else:
            shown = json.dumps(kind)[:40] if geometry is not None else "null"
            problem(number, "geometry", shown, "a Point (a place) or a LineString (a leg)")
    return features, problems


def read_geojson(name: str, text: str, data: bytes, limits: Limits) -> Imported:
    """Read a GeoJSON text (``data`` are its bytes, for routemap's own reader)."""
    depth = json_depth(text)
    if depth > limits.max_json_depth:
        return refused(name, FORMAT, [Problem(name, None, None, f"{depth:,} levels of nesting", limits.depth_expected)])
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return refused(name, FORMAT, [Problem(name, exc.lineno, None, None, f"valid JSON ({exc.msg})", "line")])
    except ValueError as exc:  # a number the parser will not take, e.g. an integer of 5,000 digits
        return refused(
            name, FORMAT, [Problem(name, None, None, None, f"valid JSON ({str(exc).split(':', 1)[0][:80]})")]
        )
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return refused(name, FORMAT, [unknown(name, _describe(doc))])
    if "routemap" in doc:
        trip, tables, problems = read_itinerary_text(name, text, limits=limits)
        notes = ["read as routemap's own GeoJSON export: nothing filled in"]
        return Imported(trip, tables, problems, notes, OWN_FORMAT, name)
    features, problems = _features(name, doc, limits)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return build(
        Source(name, FORMAT, "feature", _title(doc), stem, place="a Point feature"), features, problems, limits
    )
