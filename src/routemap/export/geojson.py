"""The route as RFC 7946 GeoJSON (read back by :mod:`routemap.load.itinerary`).

One FeatureCollection: a Point per place (visited or mentioned) and a
LineString per leg, coordinates as [longitude, latitude]. The collection's
foreign member ``routemap`` carries the trip and the cities, so that a file
written here loads again as an itinerary (``routemap validate FILE``).
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any, Final

import pandas as pd

from routemap.load import schema
from routemap.view.filters import View

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
