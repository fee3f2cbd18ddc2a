"""Test doubles for geocoding: a fake geopy geocoder with injectable faults, a fake clock, a network guard.

Other ``test_geocode*`` modules import these. The fake implements geopy's
:class:`~geopy.geocoders.base.Geocoder` interface (``geocode(query, *, exactly_one, timeout)``
returning :class:`~geopy.location.Location`), so the code under test cannot tell it
from Nominatim.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

#: Faults by name, for readable tests.
FAULTS = {
    "timeout": lambda: GeocoderTimedOut("fake: timed out"),
    "unavailable": lambda: GeocoderUnavailable("fake: connection refused"),
    "rate-limited": lambda: GeocoderRateLimited("fake: 429 Too Many Requests", retry_after=7),
}


class FakeGeocoder(Geocoder):
    """Answers from a dict; raises the queued faults first, one per call.

    ``answers`` maps a query to ``[(address, lat, lon), ...]``: none is "no result",
    several is an ambiguous answer (a list with ``exactly_one=False``, the first otherwise).
    """

    def __init__(
        self,
        answers: dict[str, list[tuple[str, float, float]]] | None = None,
        faults: list[Exception | None] | None = None,
    ) -> None:
        super().__init__(timeout=1)
        self.answers = answers or {}
        self.faults = list(faults or [])
        self.calls: list[tuple[str, bool]] = []

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: object = DEFAULT_SENTINEL
    ) -> Location | list[Location] | None:
        self.calls.append((query, exactly_one))
        if self.faults and (fault := self.faults.pop(0)) is not None:
            raise fault
        found = [Location(address, (lat, lon), {"fake": True}) for address, lat, lon in self.answers.get(query, [])]
        if not found:
            return None
        return found[0] if exactly_one else found


class FakeClock:
    """A clock that moves only when slept on; every sleep is recorded and none takes time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any connection that is not to loopback: these tests must never reach the internet."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else ""
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield


def test_the_fake_honours_exactly_one() -> None:
    fake = FakeGeocoder({"Suzhou": [("Suzhou, Jiangsu", 31.3, 120.6), ("Suzhou, Anhui", 33.6, 117.0)]})
    one = fake.geocode("Suzhou")
    many = fake.geocode("Suzhou", exactly_one=False)
    assert isinstance(one, Location) and one.address == "Suzhou, Jiangsu"
    assert [loc.address for loc in many] == ["Suzhou, Jiangsu", "Suzhou, Anhui"]
    assert fake.geocode("Atlantis") is None


def test_the_fake_raises_queued_faults_in_turn() -> None:
    fake = FakeGeocoder({"Xi'an": [("Xi'an", 34.26, 108.93)]}, faults=[FAULTS["timeout"](), None])
    with pytest.raises(GeocoderTimedOut):
        fake.geocode("Xi'an")
    assert fake.geocode("Xi'an") is not None
    assert len(fake.calls) == 2


@pytest.mark.usefixtures("no_network")
def test_the_network_guard_stops_a_public_address() -> None:
    with socket.socket() as sock, pytest.raises(AssertionError, match="reach the network"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed, and never tried here
