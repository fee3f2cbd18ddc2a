"""Issue 8, hostile data and faults, on the geocoding side: the file modes and full disks of the writes.

No test sleeps (a fake clock is patched in) and none reaches the network (the
``no_network`` guard fails any connection that is not to loopback); the online
geocoder is a fake behind geopy's own interface.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from routemap import cli, geocache, geocode
from routemap.cli import main
from routemap.geocache import CACHE_FILE, CacheEntry, GeoCache
from tests.test_geocode_fakes import FakeClock, FakeGeocoder, no_network  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_network")

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as a write(2) raises it: no file name
ZIXUAN = CacheEntry(
    "Zixuan Winery, Jiayuguan, Gansu, China", 39.8, 98.3, "Zixuan", "nominatim", "one result", "2025-06-21"
)


@pytest.fixture(autouse=True)
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every online geocoder the CLI builds gets a clock that never sleeps."""
    clock = FakeClock()
    monkeypatch.setattr(geocode, "default_clock", clock.clock)
    monkeypatch.setattr(geocode, "default_sleep", clock.sleep)
    return clock


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """``os.umask`` for one test: the mask it sets is undone after the test."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fake_online(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[tuple[str, float, float]]]) -> FakeGeocoder:
    """Make every ``--online`` run of the CLI ask this fake instead of Nominatim."""
    fake = FakeGeocoder(answers)
    monkeypatch.setattr(geocode, "make_geocoder", lambda service, **options: fake)
    return fake


# --------------------------------------------------------------------------- file modes


@pytest.mark.parametrize("existing", [0o644, 0o640, 0o664], ids=oct)
def test_saving_the_cache_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, umask, existing: int) -> None:
    umask(0o022)
    path = tmp_path / CACHE_FILE
    path.write_bytes(geocache.dump({}))
    path.chmod(existing)
    cache = GeoCache.load(path)
    cache.put(ZIXUAN)
    assert cache.save()
    assert mode(path) == existing, oct(mode(path))


@pytest.mark.parametrize(
    ("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)], ids=["022", "002", "077"]
)
def test_a_new_cache_file_gets_the_mode_the_umask_gives(tmp_path: Path, umask, mask: int, expected: int) -> None:
    umask(mask)
    cache = GeoCache(tmp_path / CACHE_FILE)
    cache.put(ZIXUAN)
    assert cache.save()
    assert mode(tmp_path / CACHE_FILE) == expected == 0o666 & ~mask, oct(mode(tmp_path / CACHE_FILE))


def test_geocode_write_leaves_a_world_readable_cache_world_readable(tmp_path: Path, umask, monkeypatch, capsys) -> None:
    umask(0o022)
    fake_online(monkeypatch, {"Zixuan Winery, Jiayuguan, Gansu, China": [("Zixuan Winery", 39.8, 98.3)]})
    itinerary = tmp_path / "itinerary.csv"
    itinerary.write_text("name,city,province\nZixuan Winery,Jiayuguan,Gansu\n", encoding="utf-8")
    cache = tmp_path / CACHE_FILE
    cache.write_bytes(geocache.dump({}))
    cache.chmod(0o644)
    assert main(["geocode", str(itinerary), "--online", "--write", "--cache", str(cache)]) == 0
    assert "Wrote 1 new entry" in capsys.readouterr().err
    assert mode(cache) == 0o644, oct(mode(cache))


# --------------------------------------------------------------------------- a full disk


def test_export_to_a_full_disk_names_the_file(data_copy: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    target = tmp_path / "route.geojson"

    def full(self: Path, data: bytes) -> int:
        raise ENOSPC

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["export", str(data_copy), "--format", "geojson", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err == f"routemap: cannot write {target}: No space left on device\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_export_to_dev_full_names_the_file(capsys) -> None:
    assert main(["export", "--format", "csv", "-o", "/dev/full"]) == 1
    assert capsys.readouterr().err == "routemap: cannot write /dev/full: No space left on device\n"


def test_geocode_write_to_a_full_disk_names_the_cache(data_copy: Path, monkeypatch, capsys) -> None:
    fake_online(monkeypatch, {"Nowhere Farm, Jiayuguan, Gansu, China": [("Nowhere Farm", 39.8, 98.3)]})
    itinerary = data_copy.parent / "itinerary.csv"
    itinerary.write_text("name,city,province\nNowhere Farm,Jiayuguan,Gansu\n", encoding="utf-8")
    cache = data_copy / CACHE_FILE
    before = cache.read_bytes()

    def full(path: Path, data: bytes) -> None:
        raise ENOSPC

    monkeypatch.setattr(geocache, "atomic_write_bytes", full)
    assert main(["geocode", str(itinerary), "--online", "--write", "--cache", str(cache)]) == 1
    err = capsys.readouterr().err
    assert f"routemap: cannot write {cache}: No space left on device\n" in err
    assert "None" not in err
    assert cache.read_bytes() == before


def test_an_os_error_without_a_file_name_never_prints_none(monkeypatch, capsys) -> None:
    def fails(args) -> int:
        raise ENOSPC

    monkeypatch.setitem(cli.COMMANDS, "validate", fails)
    assert main(["validate"]) == 1
    assert capsys.readouterr().err == "routemap: No space left on device\n"
