#!/usr/bin/env python3
"""Write a seeded synthetic trip of N visited places, in routemap's own data layout.

For benchmarks only (scripts/bench_scale.py). The folder gets the shipped
``trip.toml``, ``cities.csv`` and ``legs.csv`` unchanged, and a ``places.csv``
of exactly N visited places: the shipped visited rows repeated in file order,
copy k of row ``<id>`` getting the id ``<id>-<k>``. Every other cell is kept
(names, kind, date and its window and basis, themes, description, quote), so
the rows validate by the same rules as the real ones, except the point: each
copy is put near its city's point with a small seeded jitter (kept inside the
trip's bounds), and says so in ``coord_source`` with precision ``area``.
Places only mentioned are left out, so every place is a stop on the map.

    python scripts/synth_trip.py 1000 /tmp/trip-1000 [--seed 13]
    routemap validate /tmp/trip-1000

Reads only the shipped ``data/`` folder; imports nothing from routemap.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "data"
COPIED = ("trip.toml", "cities.csv", "legs.csv")
JITTER_DEG = 0.05  # standard deviation of the offset from the city's point: about 5 km
DEFAULT_SEED = 13  # issue 13


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def synth_places(n: int, *, seed: int = DEFAULT_SEED, source: Path = SOURCE) -> tuple[list[str], list[dict[str, str]]]:
    """The header and N rows of a synthetic places.csv (see the module's docstring)."""
    if n < 1:
        raise ValueError("a synthetic trip needs at least one place")
    bounds = tomllib.loads((source / "trip.toml").read_text(encoding="utf-8"))["bounds"]
    _, cities = _read_csv(source / "cities.csv")
    city_point = {c["id"]: (float(c["lat"]), float(c["lon"])) for c in cities}
    header, places = _read_csv(source / "places.csv")
    visited = [p for p in places if p["status"] == "visited"]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        template = visited[i % len(visited)]
        copy = i // len(visited) + 1
        lat0, lon0 = city_point[template["city"]]
        lat = min(max(lat0 + rng.gauss(0, JITTER_DEG), bounds["south"]), bounds["north"])
        lon = min(max(lon0 + rng.gauss(0, JITTER_DEG), bounds["west"]), bounds["east"])
        rows.append(
            {
                **template,
                "id": f"{template['id']}-{copy}",
                "lat": f"{lat:.5f}",
                "lon": f"{lon:.5f}",
                "coord_source": (
                    f"Synthetic benchmark point: the {template['city']} city point moved by a seeded random "
                    f"offset (seed {seed}); not a real location"
                ),
                "coord_precision": "area",
            }
        )
    return header, rows


def write_trip(folder: Path | str, n: int, *, seed: int = DEFAULT_SEED, source: Path = SOURCE) -> Path:
    """Write the synthetic trip of ``n`` places into ``folder`` (created if needed); return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(source / name, folder / name)
    header, rows = synth_places(n, seed=seed, source=source)
    with (folder / "places.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of visited places")
    parser.add_argument("folder", type=Path, help="where to write the trip (created if needed)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    print(write_trip(args.folder, args.n, seed=args.seed))


if __name__ == "__main__":
    main()
