"""routemap.geocode: the polite online geocoder, the resolution order, resolve_places.

No test sleeps (a fake clock is injected) and none reaches the network (the
``no_network`` guard fails any connection that is not to loopback).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from geopy.exc import GeocoderQueryError, GeocoderRateLimited
from geopy.geocoders import Nominatim

from routemap.geo import online
from routemap.geo.cache import CacheEntry, GeoCache
from routemap.geo.online import OnlineGeocoder
from routemap.geo.resolve import Place, Resolver, resolve_places
from routemap.load.folder import default_cache
from routemap.load.geocheck import dataset_targets
from routemap.model.errors import GeocodingError
from tests.test_geocode_fakes import FAULTS, FakeClock, FakeGeocoder, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
XIAN = "Xi'an, Shaanxi, China"
DAY = date(2025, 6, 20)


def polite(fake: FakeGeocoder, clock: FakeClock, **kwargs) -> OnlineGeocoder:
    return OnlineGeocoder(fake, name="fake", clock=clock.clock, sleep=clock.sleep, **kwargs)


# --------------------------------------------------------------------------- online geocoder


def test_requests_are_spaced_by_the_rate_limiter_without_sleeping() -> None:
    clock = FakeClock()
    fake = FakeGeocoder({"a": [("A", 30.0, 110.0)], "b": [("B", 31.0, 111.0)]})
    online = polite(fake, clock, min_delay_seconds=1.0)
    online.lookup("a")
    online.lookup("b")
    assert clock.sleeps == [pytest.approx(1.0)]  # the second request waited its slot
    assert fake.calls == [("a", False), ("b", False)]  # always asks for every result


def test_nominatim_is_never_asked_faster_than_once_a_second() -> None:
    online = OnlineGeocoder(Nominatim(user_agent="routemap-test"), min_delay_seconds=0.1)
    assert online.min_delay_seconds == 1.0


@pytest.mark.parametrize("fault", ["timeout", "unavailable"])
def test_timeouts_and_unavailability_are_retried_with_doubling_back_off(fault: str) -> None:
    clock = FakeClock()
    fake = FakeGeocoder({"a": [("A", 30.0, 110.0)]}, faults=[FAULTS[fault](), FAULTS[fault]()])
    answer = polite(fake, clock, max_retries=2, backoff_seconds=1.0, min_delay_seconds=0).lookup("a")
    assert answer.location is not None and answer.location.address == "A"
    assert clock.sleeps == [1.0, 2.0]
    assert len(fake.calls) == 3


def test_rate_limiting_waits_as_long_as_the_service_asks() -> None:
    clock = FakeClock()
    fake = FakeGeocoder({"a": [("A", 30.0, 110.0)]}, faults=[FAULTS["rate-limited"]()])
    polite(fake, clock, min_delay_seconds=0).lookup("a")
    assert clock.sleeps == [7]  # retry_after, not the back-off


def test_a_service_asking_for_an_hour_is_given_up_on_at_once() -> None:
    clock = FakeClock()
    fake = FakeGeocoder(faults=[GeocoderRateLimited("429", retry_after=3600)])
    online = polite(fake, clock)
    with pytest.raises(GeocodingError, match="asks to wait 3600 s"):
        online.lookup("a")
    assert clock.sleeps == []
    with pytest.raises(GeocodingError, match="not tried"):
        online.lookup("b")
    assert len(fake.calls) == 1


def test_an_unreachable_service_fails_the_rest_at_once() -> None:
    clock = FakeClock()
    fake = FakeGeocoder(faults=[FAULTS["unavailable"]() for _ in range(3)])
    online = polite(fake, clock, max_retries=2, min_delay_seconds=0)
    reason = r"unreachable \(GeocoderUnavailable: fake: connection refused; 3 attempts"
    with pytest.raises(GeocodingError, match=reason):
        online.lookup("a")
    with pytest.raises(GeocodingError, match="not tried: fake is unreachable"):
        online.lookup("b")
    assert len(fake.calls) == 3


def test_an_error_that_retrying_cannot_fix_is_not_retried() -> None:
    clock = FakeClock()
    fake = FakeGeocoder(faults=[GeocoderQueryError("bad query")])
    with pytest.raises(GeocodingError, match="refused the query: GeocoderQueryError: bad query"):
        polite(fake, clock).lookup("a")
    assert len(fake.calls) == 1 and clock.sleeps == []


def test_an_ambiguous_answer_takes_the_first_result_inside_china() -> None:
    fake = FakeGeocoder(
        {"Suzhou": [("Suzhou, Texas?", 29.0, -97.0), ("Suzhou, Jiangsu", 31.3, 120.6), ("Suzhou, Anhui", 33.6, 117.0)]}
    )
    answer = polite(fake, FakeClock()).lookup("Suzhou")
    assert answer.location.address == "Suzhou, Jiangsu"
    assert answer.note == "3 results; took the first inside China"


def test_no_result_and_no_result_inside_china_are_answers_not_errors() -> None:
    fake = FakeGeocoder({"Paris": [("Paris, France", 48.86, 2.35)]})
    online = polite(fake, FakeClock())
    assert online.lookup("Atlantis").location is None
    paris = online.lookup("Paris")
    assert paris.location is None and paris.note == "1 result(s), none inside China"
    assert online.lookup("Paris", country="FR").location.address == "Paris, France"


def test_make_geocoder_names_routemap_to_nominatim_and_refuses_unknown_services(monkeypatch) -> None:
    monkeypatch.setenv(online.USER_AGENT_ENV, "routemap-test/1.0 (contact: tests@routemap.invalid)")
    nominatim = online.make_geocoder("nominatim", timeout=3)
    assert isinstance(nominatim, Nominatim)
    assert nominatim.headers["User-Agent"] == "routemap-test/1.0 (contact: tests@routemap.invalid)"
    assert nominatim.timeout == 3
    with pytest.raises(GeocodingError, match="no geopy geocoder is called 'nowhere'"):
        online.make_geocoder("nowhere")
    photon = online.make_geocoder("photon", domain="127.0.0.1:9")
    assert type(photon).__name__ == "Photon"


# --------------------------------------------------------------------------- resolution order


def test_queries_name_a_place_with_its_city_province_and_country_once_each() -> None:
    assert Place("Xi'an", province="Shaanxi").query == XIAN
    assert Place("Fudan University", "Shanghai", "Shanghai").query == "Fudan University, Shanghai, China"
    assert Place("Red Boat, Jiaxing", "Jiaxing", "Zhejiang").query == "Red Boat, Jiaxing, Zhejiang, China"
    assert Place("Paris", country="FR").query == "Paris, FR"


def test_resolution_order_is_cache_then_gazetteer_then_online() -> None:
    cache = GeoCache(entries={})
    cache.put(CacheEntry("Somewhere, China", 35.0, 105.0, "Somewhere", "nominatim", "one result", "2025-06-01"))
    fake = FakeGeocoder({"Zixuan Winery, Jiayuguan, Gansu, China": [("Zixuan", 39.8, 98.3)]})
    resolver = Resolver(cache, online=polite(fake, FakeClock()), today=lambda: DAY)
    assert resolver.resolve(Place("Somewhere")).source == "cache"
    xian = resolver.resolve(Place("Xi'an", province="Shaanxi"))
    assert xian.source == "gazetteer" and "GeoNames 1790630" in xian.detail
    winery = resolver.resolve(Place("Zixuan Winery", "Jiayuguan", "Gansu"))
    assert (winery.source, winery.lat, winery.lon) == ("online", 39.8, 98.3)
    assert [q for q, _ in fake.calls] == ["Zixuan Winery, Jiayuguan, Gansu, China"]
    assert cache.get(winery.query) == CacheEntry(
        "Zixuan Winery, Jiayuguan, Gansu, China", 39.8, 98.3, "Zixuan", "fake", "one result", "2025-06-20"
    )


def test_offline_a_place_needing_the_network_fails_with_the_reason() -> None:
    res = Resolver(GeoCache()).resolve(Place("Atlantis"))
    assert res.source == "failed"
    assert res.detail == "not in the cache or the gazetteer; needs the online geocoder (run with --online)"


def test_the_same_query_never_goes_out_twice_in_a_run_or_across_runs(tmp_path) -> None:
    fake = FakeGeocoder({"Atlantis, China": [], "Zixuan Winery, China": [("Zixuan", 39.8, 98.3)]})
    cache = GeoCache.load(tmp_path / "geocache.json")
    names = pd.DataFrame({"name": ["Atlantis", "Zixuan Winery", "atlantis", "Zixuan Winery"]})
    _, report = resolve_places(names, online=True, geocoder=polite(fake, FakeClock()), cache=cache, today=lambda: DAY)
    assert len(fake.calls) == 2 and report.requests == 2
    assert [r.source for r in report.resolutions] == ["failed", "online", "failed", "online"]
    assert cache.save()
    again = GeoCache.load(tmp_path / "geocache.json")
    _, report = resolve_places(names[:2], online=True, geocoder=polite(fake, FakeClock()), cache=again)
    assert len(fake.calls) == 2 and report.requests == 0
    assert report.resolutions[1].source == "cache"
    assert "found nothing on 2025-06-20" in report.resolutions[0].detail  # "no result" is remembered too


def test_a_failure_is_not_cached_so_a_later_run_may_try_again() -> None:
    cache = GeoCache()
    fake = FakeGeocoder(faults=[FAULTS["unavailable"]() for _ in range(3)])
    res = Resolver(cache, online=polite(fake, FakeClock(), min_delay_seconds=0)).resolve(Place("Atlantis"))
    assert res.source == "failed" and "unreachable" in res.detail
    assert cache.added == []


# --------------------------------------------------------------------------- resolve_places


def test_resolve_places_fills_only_what_is_missing_and_reports_progress() -> None:
    df = pd.DataFrame(
        {
            "name": ["Xi'an", "Suzhou", "Atlantis"],
            "province": ["Shaanxi", "Anhui", ""],
            "lat": [34.0, None, None],
            "lon": [108.0, None, None],
        }
    )
    seen: list[tuple[int, int, str]] = []
    out, report = resolve_places(df, cache=GeoCache(), progress=lambda *a: seen.append(a))
    assert out["resolved_from"].tolist() == ["dataset", "gazetteer", "failed"]
    assert out.loc[0, ["lat", "lon"]].tolist() == [34.0, 108.0]
    assert out.loc[1, ["lat", "lon"]].tolist() == [33.63611, 116.97889]  # the Suzhou in Anhui
    assert out.loc[1, "coord_source"].startswith("gazetteer: GeoNames 1793743")
    assert pd.isna(out.loc[2, "lat"])
    assert seen == [(1, 2, "Suzhou"), (2, 2, "Atlantis")]
    assert report.counts == {"dataset": 1, "cache": 0, "gazetteer": 1, "online": 0, "failed": 1}
    assert [r.name for r in report.failed] == ["Atlantis"]
    assert report.summary() == (
        "3 places: 1 kept from the dataset, 0 from cache, 1 from gazetteer, 0 online, 1 failed (0 online requests)"
    )
    assert df["lat"].isna().sum() == 2  # the input is left alone


def test_resolve_places_online_uses_the_given_geocoder() -> None:
    fake = FakeGeocoder({"Zixuan Winery, China": [("Zixuan", 39.8, 98.3)]})
    df = pd.DataFrame({"name": ["Zixuan Winery"]})
    out, report = resolve_places(df, online=True, geocoder=polite(fake, FakeClock()), cache=GeoCache())
    assert out["resolved_from"].tolist() == ["online"] and report.requests == 1
    _, offline = resolve_places(df, geocoder=polite(fake, FakeClock()), cache=GeoCache())
    assert offline.counts["failed"] == 1 and len(fake.calls) == 1  # online=False means offline


def test_every_shipped_place_resolves_from_the_committed_cache(dataset) -> None:
    targets = dataset_targets(dataset).drop(columns=["lat", "lon"])
    out, report = resolve_places(targets, cache=default_cache())
    assert report.counts["cache"] == len(targets) == len(dataset.cities) + len(dataset.places)
    assert report.requests == 0
    stored = dataset_targets(dataset)
    assert out["lat"].tolist() == stored["lat"].tolist()
    assert out["lon"].tolist() == stored["lon"].tolist()


def test_the_dashboard_can_pass_the_places_table_with_city_ids(dataset) -> None:
    places = dataset.places.drop(columns=["lat", "lon"])
    out, report = resolve_places(places, cities=dataset.cities, cache=default_cache())
    assert report.counts["cache"] == len(places)
    assert out["lat"].tolist() == dataset.places["lat"].tolist()


def test_an_itinerary_of_city_names_geocodes_with_no_network() -> None:
    df = pd.DataFrame({"name": ["Beijing", "Xi'an", "Lanzhou", "Urumqi", "Kashgar"]})
    out, report = resolve_places(df, cache=GeoCache())
    assert report.counts["gazetteer"] == 5 and report.requests == 0
    assert out["lat"].notna().all()
