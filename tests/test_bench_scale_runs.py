"""The scale benchmark still runs: every step of ``scripts/bench_scale.py`` at the smallest size, once.

Not a timed test: no figure is compared with anything. It guards the benchmark's
own assumptions about the app (the Map page's "Stops" figure, the theme chip's
remove button, ``routemapPlaces.drawn``, Leaflet's map in the iframe), which
once broke with a rename and went unnoticed, since the benchmark is not run in CI.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.browser import launch_browser

REPO = Path(__file__).resolve().parents[1]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location("bench_scale", REPO / "scripts" / "bench_scale.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_scale"] = module  # its dataclasses look their module up there
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("bench_scale", None)
        sys.path.remove(str(REPO / "scripts"))


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    """The benchmark points the app at its trip through the environment: put it back afterwards."""
    monkeypatch.setenv("ROUTEMAP_DATA", str(REPO / "data"))
    monkeypatch.setenv("BENCH_PLACES", "")


@pytest.fixture
def trip(bench, tmp_path):
    return bench.make_trip(20, tmp_path, 13)


def test_the_in_process_steps_measure_both_sides(bench, trip, tmp_path):
    rows = []
    bench.bench_core(trip, 1, rows)
    bench.bench_apptest(trip, bench.write_bare_page(tmp_path), 1, rows)  # checks the stops left on view
    assert {r.key for r in rows} >= {"load", "map_time", "map_size", "export_time", "app_first", "app_change"}
    for row in rows:
        assert row.ours and row.base and min(row.ours) > 0 and min(row.base) > 0, row.what


@pytest.mark.browser
def test_the_browser_steps_find_what_they_wait_for_on_both_pages(bench, trip, tmp_path):
    bare_page = bench.write_bare_page(tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    with sync_api.sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            pages = [
                bench.Page(bench.APP, {"ROUTEMAP_DATA": str(trip.folder)}, ours=True, runs=2, sessions=False),
                bench.Page(
                    bare_page, {"BENCH_PLACES": str(trip.folder / "places.csv")}, ours=False, runs=1, sessions=False
                ),
            ]
            bench.bench_pages(browser, trip, pages, cap=60, logs=logs)
            for page, runs in zip(pages, (2, 1), strict=True):
                result = page.result
                assert len(result.cold) == len(result.change) == len(result.zoom) == len(result.pan) == runs
                assert min(result.cold + result.change + result.zoom + result.pan) > 0
                assert result.rss1 > 0 and result.hwm >= result.rss1
        finally:
            browser.close()


@pytest.mark.browser
def test_talk_mode_is_timed_at_every_size_in_turn_beside_the_smallest(bench, trip, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    bigger = bench.make_trip(40, tmp_path, 13)
    rows = []
    bench.bench_talk([trip, bigger], 2, rows, logs)
    small, large = sorted(rows, key=lambda r: r.size)
    assert (small.size, large.size) == (20, 40) and small.key == large.key == "talk"
    assert len(small.ours) == len(large.ours) == 2 and min(small.ours + large.ours) > 0
    assert large.base == small.ours and large.ratio is not None
    assert not small.base and small.ratio is None  # the smallest size is the baseline, not judged


def test_a_rewritten_report_keeps_the_hand_written_notes_of_the_one_it_replaces(bench):
    report = "# Performance\n\n## Targets\n\nmet\n\n## What is measured\n\n- trips\n"
    notes = f"{bench.NOTES_START}\n## What changed\n\nthe cards are faster\n{bench.NOTES_END}"
    previous = report.replace("met", "not yet").replace("## What is measured", notes + "\n\n## What is measured")
    kept = bench.with_notes(report, previous)
    assert kept.index("met") < kept.index("the cards are faster") < kept.index("## What is measured")
    assert "not yet" not in kept and kept.count(bench.NOTES_START) == 1
    assert bench.with_notes(report, "") == report  # a first report has no notes to keep
    assert bench.with_notes(report, report) == report


def test_talk_mode_is_judged_against_the_shipped_size_s_step(bench):
    shipped = [0.3, 0.4, 0.5]

    def talk(size: int, seconds: list[float]):
        return bench.Row(size, "talk", "s", seconds, shipped if size > 20 else [], key="talk", comparable=size > 20)

    line = bench.talk_target([talk(20, shipped), talk(1000, [0.48, 0.52]), talk(10000, [0.9])])
    assert "0.40 (0.30–0.50) s at 20 places" in line
    assert "at 1,000 places, **met** (1.25×, target ≤ 1.3×)" in line
    assert "at 10,000 places, **not yet** (2.25×, target ≤ 1.3×)" in line
