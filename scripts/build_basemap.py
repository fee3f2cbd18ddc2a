#!/usr/bin/env python3
"""Build the offline basemap of China from a Natural Earth checkout.

Writes small GeoJSON files to ``src/routemap/static/basemap/`` that
``routemap.outlines`` draws when there are no map tiles:

* ``countries.geojson``: land of China and its neighbours (polygons), clipped to
  :data:`CLIP` (lon 60-145, lat 5-60, a margin around the map's usual view of
  lon 65-140, lat 10-56);
* ``provinces.geojson``: China's 34 province-level divisions with a label point;
* ``borders.geojson``: international land borders (lines);
* ``coastline.geojson``: the coast (lines);
* ``manifest.json``: the input files with their sha256, the Natural Earth
  version, the point of view and the simplification settings.

Sources, looked up in ``NE/geojson/`` and then ``NE/`` (``NE`` being a clone of
github.com/nvkelso/natural-earth-vector or a folder holding the same files):

* admin-0 countries: ``ne_10m_admin_0_countries_chn.geojson`` (Natural Earth's
  China point of view, shipped only at 1:10m) when present, else
  ``ne_50m_admin_0_countries.geojson``. Either way the ``FCLASS_CN`` column (how
  China classes each unit) decides what is a country: Taiwan, Hong Kong and
  Macao, classed by China as province-level units, are drawn as part of China
  and listed among its provinces.
* admin-1 provinces: ``ne_50m_admin_1_states_provinces.geojson`` (it covers
  China since Natural Earth 5), else ``ne_10m_admin_1_states_provinces.geojson``.

Geometry: the provinces are clipped to China's admin-0 outline (slivers of that
outline no province covers go to the province they touch most), the countries
to :data:`CLIP`; the lot is cleaned into an edge-matched polygonal coverage
(``shapely.coverage_clean``) and simplified as one polygonal coverage with
``shapely.coverage_simplify`` so that shared borders stay shared (simplifying
each polygon on its own, e.g. Douglas-Peucker, opens gaps and overlaps between
neighbours), islands smaller than ``--min-area`` are dropped (never a unit's
largest part), and coordinates are rounded to ``--precision`` decimals.

shapely (>= 2.2) is needed by this script only, never at run time::

    pip install 'shapely>=2.2'
    python scripts/build_basemap.py ~/src/natural-earth-vector
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import shapely
    from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, shape
    from shapely.ops import polylabel
except ImportError:  # pragma: no cover - a build-time tool
    sys.exit("build_basemap.py needs shapely >= 2.2: pip install 'shapely>=2.2'")

OUT = Path(__file__).resolve().parents[1] / "src" / "routemap" / "static" / "basemap"

#: (west, south, east, north) the countries are clipped to.
CLIP = (60.0, 5.0, 145.0, 60.0)
TOLERANCE = 0.04  # degrees: square root of the largest triangle area removed (coverage_simplify)
PRECISION = 3  # decimals, about 100 m
MIN_AREA = 0.002  # square degrees, about 20 km2 at 35 N

ADMIN0_POV = "ne_10m_admin_0_countries_chn"
ADMIN0 = "ne_50m_admin_0_countries"
ADMIN1 = ("ne_50m_admin_1_states_provinces", "ne_10m_admin_1_states_provinces")

#: Admin-0 units that China's point of view (FCLASS_CN) classes as its own
#: province-level units: (English name, Chinese name, ISO 3166-2, kind).
CHINA_PARTS: dict[str, tuple[str, str, str, str]] = {
    "TWN": ("Taiwan", "台湾省", "CN-TW", "Province"),
    "HKG": ("Hong Kong", "香港", "CN-HK", "Special Administrative Region"),
    "MAC": ("Macao", "澳门", "CN-MO", "Special Administrative Region"),
}
#: Natural Earth's ``name`` where it is cut short.
NAME_FIXES = {"Inner Mongol": "Inner Mongolia"}
#: Labels that would sit on top of each other: the side of the point the text goes.
LABEL_ANCHORS = {"CN-HK": "left", "CN-MO": "right"}


@dataclass(frozen=True, slots=True)
class Sources:
    """The input files and what they are."""

    admin0: Path
    admin1: Path
    point_of_view: str  # "chn" (the _chn file) or "default+FCLASS_CN"


def division_type(name_zh: str) -> str:
    """The kind of division, read off the Chinese name's suffix (Natural Earth's own
    ``type_en`` column is one of the few it takes from GADM, whose licence differs)."""
    for suffix, kind in (("自治区", "Autonomous Region"), ("省", "Province"), ("市", "Municipality")):
        if name_zh.endswith(suffix):
            return kind
    raise SystemExit(f"{name_zh}: no province-level suffix")


def find_layer(ne: Path, name: str) -> Path | None:
    """``NE/geojson/<name>.geojson`` or ``NE/<name>.geojson``, whichever exists."""
    for candidate in (ne / "geojson" / f"{name}.geojson", ne / f"{name}.geojson"):
        if candidate.is_file():
            return candidate
    return None


def find_sources(ne: Path) -> Sources:
    """Pick the admin-0 and admin-1 files, China's point of view first."""
    pov = find_layer(ne, ADMIN0_POV)
    admin0 = pov or find_layer(ne, ADMIN0)
    admin1 = next((p for p in (find_layer(ne, n) for n in ADMIN1) if p), None)
    if admin0 is None or admin1 is None:
        raise SystemExit(f"{ne}: need {ADMIN0_POV} or {ADMIN0}, and one of {', '.join(ADMIN1)} (.geojson)")
    return Sources(admin0=admin0, admin1=admin1, point_of_view="chn" if pov else "default+FCLASS_CN")


def prop(properties: Mapping[str, Any], key: str) -> Any:
    """A property whatever its case (Natural Earth's admin-0 keys are upper-case, admin-1 lower)."""
    for k in (key, key.upper(), key.lower()):
        if k in properties:
            return properties[k]
    return None


def polygons(geom: Any) -> list[Polygon]:
    """The polygons in a geometry (empty for anything else)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, MultiPolygon):
        return list(geom.geoms)
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygons(g)]
    return []


def as_multipolygon(parts: Iterable[Polygon]) -> MultiPolygon:
    return MultiPolygon([p for p in parts if not p.is_empty])


def valid(geom: Any) -> MultiPolygon:
    """The polygonal part of ``make_valid(geom)``."""
    return as_multipolygon(polygons(shapely.make_valid(geom)))


def china_units(admin0: dict[str, Any], admin1: list[dict[str, Any]]) -> list[tuple[dict[str, Any], MultiPolygon]]:
    """China's provinces clipped to its admin-0 outline, plus Taiwan, Hong Kong and Macao."""
    chn = valid(admin0["CHN"]["geometry"])
    units = []
    for feature in admin1:
        geom = valid(shape(feature["geometry"]).intersection(chn))
        units.append((feature["properties"], geom))
    # Pieces of China's outline that no province covers (islands, slivers along
    # the border) go to the province they share most boundary with, else the nearest.
    covered = shapely.union_all([g for _, g in units])
    for piece in polygons(chn.difference(covered)):
        if piece.area < 1e-9:
            continue
        shared = [g.boundary.intersection(piece.boundary).length for _, g in units]
        if max(shared) > 0:
            i = shared.index(max(shared))
        else:
            distances = [g.distance(piece) for _, g in units]
            i = distances.index(min(distances))
        units[i] = (units[i][0], valid(units[i][1].union(piece)))
    for a3 in CHINA_PARTS:
        if a3 in admin0:
            units.append((admin0[a3]["properties"], valid(admin0[a3]["geometry"])))
    return units


def is_china_part(properties: Mapping[str, Any]) -> bool:
    """Whether China's point of view classes this admin-0 unit as part of China."""
    a3 = prop(properties, "ADM0_A3")
    fclass = prop(properties, "FCLASS_CN")
    return a3 in CHINA_PARTS and (fclass is None or "admin-0 country" not in str(fclass).lower())


def load_features(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return json.load(f)["features"]


def drop_small_parts(geom: MultiPolygon, min_area: float) -> MultiPolygon:
    """Parts of at least ``min_area``, and always the largest part."""
    parts = sorted(polygons(geom), key=lambda p: p.area, reverse=True)
    return as_multipolygon(parts[:1] + [p for p in parts[1:] if p.area >= min_area])


def round_coords(coords: Iterable[Iterable[float]], precision: int) -> list[list[float]]:
    """Coordinates rounded, consecutive duplicates removed."""
    out: list[list[float]] = []
    for x, y, *_ in coords:
        point = [round(x, precision), round(y, precision)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def polygon_json(geom: MultiPolygon, precision: int) -> dict[str, Any] | None:
    """A rounded Polygon or MultiPolygon; rings that collapse are left out."""
    parts = []
    for poly in polygons(geom):
        rings = [round_coords(r.coords, precision) for r in (poly.exterior, *poly.interiors)]
        if len(rings[0]) < 4:
            continue
        parts.append([rings[0], *(r for r in rings[1:] if len(r) >= 4)])
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def line_json(geom: Any, precision: int) -> dict[str, Any] | None:
    """A rounded LineString or MultiLineString of a geometry's lines, merged end to end."""
    lines = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, LineString | MultiLineString)]
    merged = shapely.line_merge(shapely.union_all(lines)) if lines else None
    parts = []
    for line in getattr(merged, "geoms", [merged] if merged is not None else []):
        if isinstance(line, LineString):
            coords = round_coords(line.coords, precision)
            if len(coords) >= 2:
                parts.append(coords)
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def label_point(properties: Mapping[str, Any], geom: MultiPolygon) -> tuple[float, float]:
    """Natural Earth's label point (admin-1 ``longitude``/``latitude``, admin-0
    ``LABEL_X``/``LABEL_Y``) if it falls inside the simplified unit, else a point inside it."""
    x = prop(properties, "longitude") if prop(properties, "longitude") is not None else prop(properties, "LABEL_X")
    y = prop(properties, "latitude") if prop(properties, "latitude") is not None else prop(properties, "LABEL_Y")
    if x is not None and y is not None and geom.contains(Point(x, y)):
        return float(x), float(y)
    largest = max(polygons(geom), key=lambda p: p.area)
    inside = polylabel(largest, tolerance=0.01)
    return inside.x, inside.y


def feature(properties: dict[str, Any], geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(name: str, features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "name": name, "features": features}


def build(sources: Sources, *, tolerance: float, precision: int, min_area: float) -> dict[str, dict[str, Any]]:
    """The four layers as GeoJSON FeatureCollections."""
    clip = box(*CLIP)
    admin0: dict[str, dict[str, Any]] = {}
    for f in load_features(sources.admin0):
        a3 = prop(f["properties"], "ADM0_A3")
        f["geometry"] = shape(f["geometry"])
        if f["geometry"].intersects(clip):
            admin0[a3] = f
    china_a3 = {a3 for a3, f in admin0.items() if is_china_part(f["properties"])}
    admin1 = [f for f in load_features(sources.admin1) if prop(f["properties"], "adm0_a3") == "CHN"]

    units = china_units(admin0, admin1)
    others = [
        (f["properties"], valid(f["geometry"].intersection(clip)))
        for a3, f in sorted(admin0.items())
        if a3 != "CHN" and a3 not in china_a3
    ]
    # Natural Earth's admin-0 and admin-1 layers do not share vertices where a
    # province meets a neighbouring country: clean first, so the edges match.
    coverage = shapely.coverage_clean([g for _, g in units] + [g for _, g in others])
    simplified = [
        drop_small_parts(valid(g), min_area) for g in shapely.coverage_simplify(coverage, tolerance=tolerance)
    ]
    unit_geoms, other_geoms = simplified[: len(units)], simplified[len(units) :]

    provinces = []
    for (p, _), geom in zip(units, unit_geoms, strict=True):
        a3 = prop(p, "ADM0_A3") if "adm1_code" not in p else None
        if a3 in CHINA_PARTS:
            name, name_zh, iso, kind = CHINA_PARTS[a3]
        else:
            name = NAME_FIXES.get(p["name"], p["name"])
            name_zh, iso, kind = p["name_zh"], p["iso_3166_2"], division_type(p["name_zh"])
        lon, lat = label_point(p, geom)
        props = {
            "name": name,
            "name_zh": name_zh,
            "iso_3166_2": iso,
            "type": kind,
            "label_lon": round(lon, precision),
            "label_lat": round(lat, precision),
        }
        if iso in LABEL_ANCHORS:
            props["label_anchor"] = LABEL_ANCHORS[iso]
        geometry = polygon_json(geom, precision)
        if geometry is None:
            raise SystemExit(f"{name}: nothing left after simplification")
        provinces.append(feature(props, geometry))
    provinces.sort(key=lambda f: f["properties"]["iso_3166_2"])

    china_props = admin0["CHN"]["properties"]
    lands = [(china_props, valid(shapely.union_all(unit_geoms)))]
    lands += zip([p for p, _ in others], other_geoms, strict=True)
    countries = []
    for p, geom in lands:
        geometry = polygon_json(geom, precision)
        if geometry is not None:
            countries.append(
                feature(
                    {"name": prop(p, "NAME"), "name_zh": prop(p, "NAME_ZH"), "iso_a3": prop(p, "ADM0_A3")}, geometry
                )
            )

    borders = []
    for i, (pa, ga) in enumerate(lands):
        for pb, gb in lands[i + 1 :]:
            if not ga.intersects(gb):
                continue
            geometry = line_json(ga.boundary.intersection(gb.boundary), precision)
            if geometry is None:
                continue
            (a, a_zh), (b, b_zh) = sorted(
                [(prop(pa, "NAME"), prop(pa, "NAME_ZH")), (prop(pb, "NAME"), prop(pb, "NAME_ZH"))]
            )
            borders.append(feature({"name": f"{a} – {b}", "name_zh": f"{a_zh}–{b_zh}"}, geometry))

    land = shapely.union_all([g for _, g in lands])
    coast = land.boundary.difference(clip.exterior.buffer(1e-6))
    coastline = [feature({"name": "Coastline", "name_zh": "海岸线"}, line_json(coast, precision) or {})]

    return {
        "countries": collection("countries", countries),
        "provinces": collection("provinces", provinces),
        "borders": collection("borders", borders),
        "coastline": collection("coastline", coastline),
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ne_version(ne: Path) -> tuple[str | None, str | None]:
    """The checkout's ``VERSION`` file and git commit, where there are any."""
    version_file = ne / "VERSION"
    version = version_file.read_text().strip() if version_file.is_file() else None
    try:
        commit = subprocess.run(
            ["git", "-C", str(ne), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return version, commit


def dump(data: Mapping[str, Any]) -> str:
    """Compact JSON, one feature a line (small, yet diffs stay readable)."""
    if "features" not in data:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    head = {k: v for k, v in data.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in data["features"]]
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def iter_sizes(out: Path, names: Iterable[str]) -> Iterator[tuple[str, int]]:
    for name in names:
        yield name, (out / name).stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ne", type=Path, help="Natural Earth checkout (or a folder with its .geojson files)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="coverage_simplify tolerance, degrees")
    parser.add_argument("--precision", type=int, default=PRECISION, help="decimals kept in coordinates")
    parser.add_argument("--min-area", type=float, default=MIN_AREA, help="smallest island kept, square degrees")
    parser.add_argument("--ne-version", help="Natural Earth version to record when the checkout has no VERSION file")
    args = parser.parse_args(argv)

    sources = find_sources(args.ne)
    layers = build(sources, tolerance=args.tolerance, precision=args.precision, min_area=args.min_area)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in layers.items():
        (args.out / f"{name}.geojson").write_text(dump(data), encoding="utf-8")

    version, commit = ne_version(args.ne)
    manifest = {
        "source": "Natural Earth (public domain), https://www.naturalearthdata.com/",
        "natural_earth_version": version or args.ne_version,
        "natural_earth_commit": commit,
        "point_of_view": sources.point_of_view,
        "inputs": {p.name: {"sha256": sha256(p), "bytes": p.stat().st_size} for p in (sources.admin0, sources.admin1)},
        "clip": list(CLIP),
        "simplification": {
            "method": "shapely.coverage_simplify (GEOS CoverageSimplifier, topology-preserving Visvalingam-Whyatt)",
            "tolerance_degrees": args.tolerance,
            "min_island_area_sq_degrees": args.min_area,
            "decimals": args.precision,
        },
        "layers": {name: len(data["features"]) for name, data in layers.items()},
    }
    (args.out / "manifest.json").write_text(dump(manifest), encoding="utf-8")

    names = [f"{name}.geojson" for name in layers] + ["manifest.json"]
    total = 0
    for name, size in iter_sizes(args.out, names):
        total += size
        print(f"{size:>9,} B  {name}")
    print(f"{total:>9,} B  total ({math.ceil(total / 1024)} KiB), point of view: {sources.point_of_view}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
