"""The route: its stops in order and the legs between cities, with distances.

A *stop* is a visited place; places only mentioned are never stops. Distances
are geodesic (WGS-84 ellipsoid, :func:`geopy.distance.geodesic`) between the
cities' coordinates, in kilometres.
"""

from __future__ import annotations

import pandas as pd
from geopy.distance import geodesic


def stops(places: pd.DataFrame) -> pd.DataFrame:
    """Visited places in route order (by date, then by their order in the file), numbered from 1.

    Adds ``stop`` (1, 2, ...). Mentioned places are left out.
    """
    visited = places[places["status"] == "visited"]
    ordered = visited.sort_values(["date", "row"], kind="stable").reset_index(drop=True)
    return ordered.assign(stop=range(1, len(ordered) + 1))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in kilometres between two (latitude, longitude) points."""
    return float(geodesic(a, b).km)


def legs_with_geometry(legs: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Legs in date order with their end points and geodesic length.

    Adds ``from_name``, ``to_name``, ``from_lat``, ``from_lon``, ``to_lat``,
    ``to_lon`` and ``distance_km``.
    """
    by_id = cities.set_index("id")
    out = legs.sort_values(["date", "row"], kind="stable").reset_index(drop=True).copy()
    for end in ("from", "to"):
        out[f"{end}_name"] = out[end].map(by_id["name"])
        out[f"{end}_lat"] = out[end].map(by_id["lat"]).astype("float64")
        out[f"{end}_lon"] = out[end].map(by_id["lon"]).astype("float64")
    out["distance_km"] = [distance_km((r.from_lat, r.from_lon), (r.to_lat, r.to_lon)) for r in out.itertuples()]
    return out


def total_km(legs: pd.DataFrame) -> float:
    """Sum of the legs' ``distance_km``."""
    return float(legs["distance_km"].sum()) if len(legs) else 0.0
