"""``routemap geocode``: offline by default, --online when asked, --check, --write. No test sleeps."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from routemap.cli import main
from routemap.geo import online
from routemap.geo.cache import CACHE_FILE, GeoCache
from tests.test_geocode_fakes import FakeClock, FakeGeocoder, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture(autouse=True)
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every online geocoder the CLI builds gets a clock that never sleeps."""
    clock = FakeClock()
    monkeypatch.setattr(online, "default_clock", clock.clock)
    monkeypatch.setattr(online, "default_sleep", clock.sleep)
    return clock


def itinerary(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "itinerary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def move(data: Path, place_id: str, dlat: float) -> None:
    """Shift one place of a data folder copy north by ``dlat`` degrees."""
    path = data / "places.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == place_id:
            row["lat"] = f"{float(row['lat']) + dlat:.5f}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_the_shipped_dataset_resolves_from_the_cache_offline(data_copy: Path, capsys) -> None:
    assert main(["geocode", str(data_copy)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("name,query,lat,lon,resolved_from,detail\n")
    assert len(out.splitlines()) == 1 + 22
    assert "22 places: 22 from cache, 0 from gazetteer, 0 online, 0 failed (0 online requests)" in err


def test_write_with_nothing_new_leaves_the_cache_byte_for_byte(data_copy: Path, capsys) -> None:
    before = (data_copy / CACHE_FILE).read_bytes()
    assert main(["geocode", str(data_copy), "--write"]) == 0
    assert (data_copy / CACHE_FILE).read_bytes() == before
    assert "Cache unchanged" in capsys.readouterr().err


def test_an_itinerary_of_city_names_geocodes_offline(tmp_path: Path, capsys) -> None:
    path = itinerary(tmp_path, "name,province\nXi'an,Shaanxi\nSuzhou,Anhui\nLanzhou,\n")
    cache = tmp_path / CACHE_FILE
    assert main(["geocode", str(path), "--cache", str(cache)]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(out.splitlines()))
    assert [r["resolved_from"] for r in rows] == ["gazetteer"] * 3
    assert rows[1]["lat"] == "33.63611" and "GeoNames 1793743" in rows[1]["detail"]
    assert "3 places: 0 from cache, 3 from gazetteer, 0 online, 0 failed" in err
    assert not cache.exists()  # gazetteer answers are not cached: they are offline anyway


def test_offline_a_place_that_needs_the_network_is_named_and_the_status_says_so(tmp_path: Path, capsys) -> None:
    path = itinerary(tmp_path, "name\nXi'an\nAtlantis\n")
    assert main(["geocode", str(path), "--cache", str(tmp_path / CACHE_FILE)]) == 1
    err = capsys.readouterr().err
    assert (
        "routemap: 'Atlantis': not in the cache or the gazetteer; needs the online geocoder (run with --online)"
    ) in err
    assert "1 failed" in err


def test_online_with_no_reachable_geocoder_exits_promptly_and_leaves_the_cache(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    cache = data_copy / CACHE_FILE
    before = cache.read_bytes()
    path = itinerary(tmp_path, "name\nAtlantis\nEl Dorado\nXi'an\n")
    started = time.monotonic()
    status = main(
        [
            "geocode",
            str(path),
            "--online",
            "--write",
            "--cache",
            str(cache),
            "--timeout",
            "0.5",
            "--geocoder-option",
            "domain=127.0.0.1:9",
            "--geocoder-option",
            "scheme=http",
        ]
    )
    assert time.monotonic() - started < 10
    assert status == 1
    err = capsys.readouterr().err
    assert re.search(
        r"routemap: 'Atlantis': nominatim is unreachable "
        r"\(GeocoderUnavailable: \[Errno \d+\] Connection refused; 3 attempts\)",
        err,
    )
    assert "routemap: 'El Dorado': not tried: nominatim is unreachable" in err
    assert "1 from gazetteer, 0 online, 2 failed" in err
    assert "Cache unchanged" in err
    assert cache.read_bytes() == before


def test_online_answers_are_written_with_write_and_never_asked_again(tmp_path: Path, monkeypatch, capsys) -> None:
    fake = FakeGeocoder({"Zixuan Winery, Jiayuguan, Gansu, China": [("Zixuan Winery, Jiayuguan", 39.8, 98.3)]})
    monkeypatch.setattr(online, "make_geocoder", lambda service, **options: fake)
    path = itinerary(tmp_path, "name,city,province\nZixuan Winery,Jiayuguan,Gansu\n")
    cache = tmp_path / CACHE_FILE
    assert main(["geocode", str(path), "--online", "--cache", str(cache)]) == 0
    assert "1 new answer(s) not saved; add --write" in capsys.readouterr().err
    assert main(["geocode", str(path), "--online", "--write", "--cache", str(cache)]) == 0
    assert "Wrote 1 new entry" in capsys.readouterr().err
    assert GeoCache.load(cache).get("Zixuan Winery, Jiayuguan, Gansu, China").lat == 39.8
    assert main(["geocode", str(path), "--online", "--cache", str(cache)]) == 0
    assert "1 from cache" in capsys.readouterr().err
    assert len(fake.calls) == 2  # the first two runs; never again once cached


def test_check_on_the_shipped_dataset_is_quiet_and_honest(data_copy: Path, capsys) -> None:
    assert main(["geocode", str(data_copy), "--check"]) == 0
    out, err = capsys.readouterr()
    assert "FLAG" not in out
    assert "NOTE  Mogao Caves: not compared: not in the cache or the gazetteer; needs the online geocoder" in out
    assert "Checked 22 points: 0 flagged, 6 not compared, 16 fine (threshold 5 km)." in err


def test_check_flags_a_city_precision_point_away_from_its_city_and_one_outside_its_area(
    data_copy: Path, capsys
) -> None:
    move(data_copy, "jiayuguan-zixuan-winery", 0.1)  # ~11 km: not the city's point any more
    move(data_copy, "dunhuang-mogao-caves", 1.0)  # ~110 km: far outside Dunhuang
    assert main(["geocode", str(data_copy), "--check"]) == 1
    out = capsys.readouterr().out
    assert "FLAG  Zixuan Winery: city precision, yet 11.1 km from the point of Jiayuguan" in out
    assert "FLAG  Mogao Caves: 97.2 km from the point of Dunhuang (more than 60 km: outside the city's area)" in out
    assert main(["geocode", str(data_copy), "--check", "--threshold", "20"]) == 1  # Mogao still flagged
    assert "Zixuan" not in capsys.readouterr().out


def test_check_compares_an_itinerary_with_the_gazetteer_and_china(tmp_path: Path, capsys) -> None:
    path = itinerary(
        tmp_path,
        "name,lat,lon\nXi'an,34.25833,108.92861\nDunhuang,40.3,94.68333\n"
        "Jiayuguan,98.28618,39.81121\nLanzhou,103.8,36.05\nKashgar,39.5,-76\n",
    )
    assert main(["geocode", str(path), "--check", "--cache", str(tmp_path / CACHE_FILE)]) == 1
    out = capsys.readouterr().out
    assert "Xi'an" not in out
    assert "FLAG  Dunhuang: 14.8 km from where gazetteer puts 'Dunhuang, China'" in out
    assert "FLAG  Jiayuguan: 98.2862, 39.8112 is not a latitude, longitude; latitude and longitude look swapped" in out
    assert "FLAG  Lanzhou: 103.8, 36.05 is not a latitude, longitude; latitude and longitude look swapped" in out
    assert "FLAG  Kashgar: 39.5, -76 is outside China" in out


def test_check_online_compares_sites_with_the_geocoder(data_copy: Path, monkeypatch, capsys) -> None:
    fake = FakeGeocoder({"Mogao Caves, Dunhuang, Gansu, China": [("Mogao Caves", 40.04, 94.81)]})
    monkeypatch.setattr(online, "make_geocoder", lambda service, **options: fake)
    assert main(["geocode", str(data_copy), "--check", "--online"]) == 0
    out, err = capsys.readouterr()
    assert "Mogao Caves" not in out  # 0.5 km apart: fine
    assert "NOTE  Lenovo Shanghai Future Center: not compared: nominatim: no result" in out
    assert len(fake.calls) == 6  # the six points not at city precision, each asked once
    assert "6 new answer(s) not saved" in err


def test_a_bad_itinerary_lists_every_problem(tmp_path: Path, capsys) -> None:
    path = itinerary(tmp_path, "name,lat,lon\n,1,2\nXi'an,north,\n")
    assert main(["geocode", str(path)]) == 1
    err = capsys.readouterr().err
    assert "itinerary.csv, row 2, column 'name'" in err
    assert "itinerary.csv, row 3, column 'lat, lon': got 'north, ', expected two decimal numbers" in err
    assert main(["geocode", str(itinerary(tmp_path, "city\nXi'an\n"))]) == 1
    assert "a column named 'name'" in capsys.readouterr().err
