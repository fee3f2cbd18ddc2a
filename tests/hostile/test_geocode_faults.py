"""Issue 8, hostile data and faults, on the geocoding side.

A blank coordinate nobody knows offline, and the advice it gets; the file mode
of the cache a write replaces; a full disk under ``export -o`` and ``geocode --write``.

No test sleeps (a fake clock is patched in) and none reaches the network (the
``no_network`` guard fails any connection that is not to loopback); the online
geocoder is a fake behind geopy's own interface.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shlex
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from routemap import cli
from routemap.cli import main
from routemap.geo import cache as geocache
from routemap.geo import online
from routemap.geo.cache import CACHE_FILE, CacheEntry, GeoCache
from routemap.load.folder import load_dataset
from tests.test_fill_coordinates import BLANK, edit
from tests.test_geocode_fakes import FakeClock, FakeGeocoder, no_network  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("no_network")

FARM = "Nowhere Farm, Jiayuguan, Gansu, China"  # neither in the shipped cache nor in the gazetteer
FARM_ROW = "places.csv, row 12"
ZIXUAN = CacheEntry(
    "Zixuan Winery, Jiayuguan, Gansu, China", 39.8, 98.3, "Zixuan", "nominatim", "one result", "2025-06-21"
)


@pytest.fixture(autouse=True)
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every online geocoder the CLI builds gets a clock that never sleeps."""
    clock = FakeClock()
    monkeypatch.setattr(online, "default_clock", clock.clock)
    monkeypatch.setattr(online, "default_sleep", clock.sleep)
    return clock


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """``os.umask`` for one test: the mask it sets is undone after the test."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def enospc() -> OSError:
    """A full disk, as a write(2) reports it: no file name."""
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fake_online(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[tuple[str, float, float]]]) -> FakeGeocoder:
    """Make every ``--online`` run of the CLI ask this fake instead of Nominatim."""
    fake = FakeGeocoder(answers)
    monkeypatch.setattr(online, "make_geocoder", lambda service, **options: fake)
    return fake


def blank_the_dairy(data: Path) -> None:
    """Blank the coordinates of one place and give it a name no offline source knows."""
    edit(data / "places.csv", "jiayuguan-qimu-dairy", name="Nowhere Farm", **BLANK)


def resolved(out: str) -> dict[str, tuple[str, str, str, str]]:
    """The CSV ``routemap geocode`` prints, by name: query, lat, lon and where it resolved from."""
    return {r["name"]: (r["query"], r["lat"], r["lon"], r["resolved_from"]) for r in csv.DictReader(io.StringIO(out))}


def advised_commands(text: str) -> set[str]:
    return set(re.findall(r"`(routemap geocode [^`]*)`", text))


# --------------------------------------------------------------------------- a blank coordinate nobody knows


@pytest.mark.parametrize("folder_name", ["data", "my trip data"])
def test_the_advice_for_a_blank_coordinate_is_the_command_that_fills_it(
    data_copy: Path, folder_name: str, monkeypatch, capsys
) -> None:
    data = data_copy.rename(data_copy.parent / folder_name)
    blank_the_dairy(data)
    assert main(["validate", str(data)]) == 1
    err = capsys.readouterr().err
    assert f"{FARM_ROW}, column 'lat': got ''" in err and f"{FARM_ROW}, column 'lon': got ''" in err
    commands = advised_commands(err)
    assert commands == {f"routemap geocode --online --write {shlex.quote(str(data))}"}

    fake = fake_online(monkeypatch, {FARM: [("Nowhere Farm, Jiayuguan, Gansu", 39.75, 98.2)]})
    program, *argv = shlex.split(commands.pop())
    assert program == "routemap"
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "22 places: 21 from cache, 0 from gazetteer, 1 online, 0 failed (1 online request)" in err
    assert resolved(out)["Nowhere Farm"] == (FARM, "39.75", "98.2", "online")
    assert fake.calls == [(FARM, False)]
    assert GeoCache.load(data / CACHE_FILE).get(FARM).lat == 39.75

    assert main(["validate", str(data)]) == 0
    farm = load_dataset(data).places.set_index("id").loc["jiayuguan-qimu-dairy"]
    assert (farm["lat"], farm["lon"]) == (39.75, 98.2)
    assert farm["coord_source"].startswith("looked up (cache): nominatim")
    assert farm["coord_precision"] == "area"  # an unverified geocoder answer claims no more


def test_geocode_offline_on_such_a_folder_says_what_it_could_not_find(data_copy: Path, capsys) -> None:
    blank_the_dairy(data_copy)
    before = (data_copy / CACHE_FILE).read_bytes()
    assert main(["geocode", str(data_copy), "--write"]) == 1
    out, err = capsys.readouterr()
    assert "problem" not in err  # the blank coordinate is this command's business, not a problem of the data
    assert "routemap: 'Nowhere Farm': not in the cache or the gazetteer; needs the online geocoder" in err
    assert "22 places: 21 from cache, 0 from gazetteer, 0 online, 1 failed" in err
    assert resolved(out)["Nowhere Farm"] == (FARM, "", "", "failed")
    assert (data_copy / CACHE_FILE).read_bytes() == before


def test_other_problems_are_reported_and_do_not_stop_the_lookup(data_copy: Path, monkeypatch, capsys) -> None:
    blank_the_dairy(data_copy)
    places = data_copy / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace(",museum,visited,", ",musuem,visited,", 1))
    fake_online(monkeypatch, {FARM: [("Nowhere Farm", 39.75, 98.2)]})
    assert main(["geocode", str(data_copy), "--online", "--write"]) == 1
    err = capsys.readouterr().err
    assert "1 problem in the dataset:\n  - places.csv, row 4, column 'kind': got 'musuem'" in err
    assert FARM_ROW not in err
    assert "1 online, 0 failed" in err
    assert GeoCache.load(data_copy / CACHE_FILE).get(FARM).lat == 39.75
    assert main(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "column 'kind'" in err and FARM_ROW not in err  # the lookup is kept; the typo is still there


def test_a_folder_without_its_places_cannot_be_looked_up(data_copy: Path, monkeypatch, capsys) -> None:
    (data_copy / "places.csv").unlink()
    fake = fake_online(monkeypatch, {})
    assert main(["geocode", str(data_copy), "--online", "--write"]) == 1
    err = capsys.readouterr().err
    assert "places.csv: expected the file" in err
    assert fake.calls == []


def test_one_coordinate_of_two_left_blank_is_not_looked_up_and_the_advice_says_so(data_copy: Path, capsys) -> None:
    edit(data_copy / "places.csv", "jiayuguan-qimu-dairy", lat="")
    assert main(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{FARM_ROW}, column 'lat': got '', expected a value: latitude and longitude are looked up only" in err
    assert not advised_commands(err)
    assert main(["geocode", str(data_copy)]) == 1  # reported as a problem here too
    assert f"{FARM_ROW}, column 'lat'" in capsys.readouterr().err


def test_an_itinerary_file_is_not_told_to_run_geocode(tmp_path: Path, capsys) -> None:
    route = tmp_path / "route.geojson"
    assert main(["export", "--format", "geojson", "-o", str(route)]) == 0
    doc = json.loads(route.read_text(encoding="utf-8"))
    doc["routemap"]["cities"][0]["lat"] = None
    route.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(route)]) == 1
    err = capsys.readouterr().err
    assert "column 'lat': got ''" in err
    assert not advised_commands(err)


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
        raise enospc()

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
        raise enospc()

    monkeypatch.setattr(geocache, "atomic_write_bytes", full)
    assert main(["geocode", str(itinerary), "--online", "--write", "--cache", str(cache)]) == 1
    err = capsys.readouterr().err
    assert f"routemap: cannot write {cache}: No space left on device\n" in err
    assert "None" not in err
    assert cache.read_bytes() == before


def test_an_os_error_without_a_file_name_never_prints_none(monkeypatch, capsys) -> None:
    def fails(args) -> int:
        raise enospc()

    monkeypatch.setitem(cli.COMMANDS, "validate", fails)
    assert main(["validate"]) == 1
    assert capsys.readouterr().err == "routemap: No space left on device\n"
