#!/usr/bin/env python3
"""Benchmarks: each figure beside a baseline measured in the same run.

These machines are noisy, so absolute times mean little; the ratio to a
baseline doing the nearest plain job, timed in the same process and moment,
is what to compare between runs.

    python scripts/bench.py            # default repeats
    python scripts/bench.py --quick    # fewer repeats

What is measured (median of repeats, in milliseconds):
  load      routemap.data.load_dataset (read, pandera checks, typing)
            vs pandas.read_csv of the same three files (no checks)
  filter    routemap.filters.apply for a theme selection
            vs a plain boolean mask on the places frame
  map       build.build_map(...).render() for the whole route
            vs folium: a map with the same number of plain markers and lines
  geojson   routemap.geojson.dumps for the whole route
            vs json.dumps of the same records without geometry work
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

import folium
import pandas as pd

from routemap.export import geojson
from routemap.load.folder import default_data_dir, load_dataset
from routemap.map import build
from routemap.view import filters
from routemap.view.filters import Selection


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm up: imports, caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    repeats = 5 if parser.parse_args().quick else 25
    data = default_data_dir()
    dataset = load_dataset(data)
    view = filters.apply(dataset)
    planet = Selection(themes=frozenset({"protecting-the-planet"}))

    def baseline_load() -> None:
        for name in ("cities.csv", "legs.csv", "places.csv"):
            pd.read_csv(data / name)

    def baseline_filter() -> None:
        places = dataset.places
        places[places["themes"].map(lambda ts: "protecting-the-planet" in ts)]

    def baseline_map() -> None:
        m = folium.Map(location=(35, 105), zoom_start=4)
        for row in view.stops.itertuples():
            folium.Marker((row.lat, row.lon), tooltip=row.name).add_to(m)
        for row in view.legs.itertuples():
            folium.PolyLine([(row.from_lat, row.from_lon), (row.to_lat, row.to_lon)]).add_to(m)
        m.get_root().render()

    def baseline_json() -> None:
        json.dumps(view.stops.astype(str).to_dict(orient="records"), ensure_ascii=False)

    rows = [
        ("load", lambda: load_dataset(data), baseline_load),
        ("filter", lambda: filters.apply(dataset, planet), baseline_filter),
        ("map", lambda: build.build_map(view).get_root().render(), baseline_map),
        ("geojson", lambda: geojson.dumps(view), baseline_json),
    ]
    print(f"{'what':8} {'routemap ms':>12} {'baseline ms':>12} {'ratio':>7}   (median of {repeats})")
    for name, ours, base in rows:
        # interleave so both see the same machine state
        a, b = median_ms(ours, repeats), median_ms(base, repeats)
        print(f"{name:8} {a:12.2f} {b:12.2f} {a / b:7.1f}x")


if __name__ == "__main__":
    main()
