"""routemap.geocache: the committed cache, atomic writes, and a run killed mid-write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from routemap.geo import cache as geocache
from routemap.geo.cache import CACHE_FILE, CacheEntry, GeoCache, cache_key
from routemap.geo.resolve import places_of
from routemap.load.folder import default_data_dir
from routemap.load.geocheck import dataset_targets
from routemap.model.errors import GeocodingError

XIAN = CacheEntry(
    "Xi'an, Shaanxi, China", 34.25833, 108.92861, "Xi'an", "dataset", "GeoNames 1790630", "2025-06-20", "city"
)
ZIXUAN = CacheEntry(
    "Zixuan Winery, Jiayuguan, Gansu, China", 39.8, 98.3, "Zixuan", "nominatim", "one result", "2025-06-21"
)


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    cache = GeoCache(tmp_path / CACHE_FILE)
    cache.put(XIAN)
    assert cache.save()
    return cache.path


def test_keys_ignore_case_spacing_and_the_kind_of_apostrophe() -> None:
    assert cache_key("Xi’an,  Shaanxi, CHINA ") == cache_key("xi'an, shaanxi, china") == "xi'an, shaanxi, china"


def test_a_saved_cache_reads_back_equal(cache_file: Path) -> None:
    again = GeoCache.load(cache_file)
    assert again.get("xi’an, shaanxi, china") == XIAN
    assert len(again) == 1 and again.added == []


def test_saving_nothing_new_leaves_the_file_untouched(cache_file: Path, monkeypatch) -> None:
    before = cache_file.read_bytes()
    stamp = cache_file.stat().st_mtime_ns
    monkeypatch.setattr(geocache, "atomic_write_bytes", lambda *a: pytest.fail("wrote an unchanged cache"))
    cache = GeoCache.load(cache_file)
    assert cache.save() is False
    cache.put(XIAN)  # the same answer again is not news
    assert cache.save() is False
    assert cache_file.read_bytes() == before and cache_file.stat().st_mtime_ns == stamp


def test_the_file_is_sorted_json_so_equal_caches_are_equal_bytes(tmp_path: Path) -> None:
    one, two = GeoCache(tmp_path / "a.json"), GeoCache(tmp_path / "b.json")
    for entry in (XIAN, ZIXUAN):
        one.put(entry)
    for entry in (ZIXUAN, XIAN):
        two.put(entry)
    one.save()
    two.save()
    assert one.path.read_bytes() == two.path.read_bytes()
    doc = json.loads(one.path.read_text(encoding="utf-8"))
    assert doc["format"] == "routemap-geocache/1"
    assert list(doc["entries"]) == sorted(doc["entries"])


def test_saving_keeps_what_another_run_saved_meanwhile(cache_file: Path) -> None:
    ours, theirs = GeoCache.load(cache_file), GeoCache.load(cache_file)
    theirs.put(ZIXUAN)
    theirs.save()
    ours.put(replace(XIAN, query="Xian, China"))
    ours.save()
    assert {e.query for e in GeoCache.load(cache_file).entries} == {XIAN.query, ZIXUAN.query, "Xian, China"}


class _HalfThenFail:
    """A file whose write writes half the bytes, then fails (or kills the process)."""

    def __init__(self, handle, on_half) -> None:
        self.handle, self.on_half = handle, on_half

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        self.on_half()
        raise AssertionError("unreachable")

    def __getattr__(self, name: str):
        return getattr(self.handle, name)


def test_a_write_failing_halfway_leaves_the_old_cache_byte_for_byte(cache_file: Path, monkeypatch) -> None:
    before = cache_file.read_bytes()
    real_fdopen = os.fdopen

    def boom() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(geocache.os, "fdopen", lambda fd, mode: _HalfThenFail(real_fdopen(fd, mode), boom))
    cache = GeoCache.load(cache_file)
    cache.put(ZIXUAN)
    with pytest.raises(OSError, match="No space left"):
        cache.save()
    monkeypatch.undo()
    assert cache_file.read_bytes() == before
    assert sorted(p.name for p in cache_file.parent.iterdir()) == [CACHE_FILE]  # no temp file left behind
    assert GeoCache.load(cache_file).get(ZIXUAN.query) is None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_run_killed_mid_write_leaves_the_old_cache_byte_for_byte(cache_file: Path) -> None:
    before = cache_file.read_bytes()
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})
        from routemap.geo import cache as geocache
        from tests.test_geocode_cache import ZIXUAN, _HalfThenFail
        real_fdopen = os.fdopen
        kill = lambda: os.kill(os.getpid(), signal.SIGKILL)
        os.fdopen = lambda fd, mode: _HalfThenFail(real_fdopen(fd, mode), kill)
        cache = geocache.GeoCache.load(Path({str(cache_file)!r}))
        cache.put(ZIXUAN)
        cache.save()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    assert cache_file.read_bytes() == before
    leftovers = [p for p in cache_file.parent.iterdir() if p.name != CACHE_FILE]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(f".{CACHE_FILE}.")  # the half-written temp file
    assert 0 < leftovers[0].stat().st_size < len(geocache.dump({"a": XIAN, "b": ZIXUAN}))
    assert GeoCache.load(cache_file).get(XIAN.query) == XIAN  # and the cache still reads


def test_a_corrupt_cache_is_an_error_that_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / CACHE_FILE
    bad.write_text('{"format": "routemap-geocache/1", "entries": {', encoding="utf-8")
    with pytest.raises(GeocodingError, match=f"cache {bad} cannot be read"):
        GeoCache.load(bad)
    bad.write_text('{"something": "else"}', encoding="utf-8")
    with pytest.raises(GeocodingError, match="is not a routemap-geocache/1 file"):
        GeoCache.load(bad)


def test_the_committed_cache_holds_every_shipped_point_as_the_dataset_gives_it(dataset) -> None:
    cache = GeoCache.load(default_data_dir() / CACHE_FILE)
    targets = dataset_targets(dataset)
    for place, row in zip(places_of(targets), targets.to_dict("records"), strict=True):
        entry = cache.get(place.query)
        assert entry is not None, f"{place.query!r} is not cached: run `routemap geocode --write`"
        assert (entry.lat, entry.lon) == (row["lat"], row["lon"]), (
            f"{place.query!r} moved in the dataset: run `routemap geocode --write`"
        )
        assert entry.geocoder == "dataset" and entry.source == row["coord_source"]
        assert entry.precision == row["precision"]
