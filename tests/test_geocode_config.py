"""The online geocoder's contact comes from configuration; with routemap's placeholder, Nominatim is never asked."""

from __future__ import annotations

import pytest
from geopy.geocoders import Nominatim

from routemap.geo import online, resolve
from routemap.model.errors import GeocodingError
from tests.test_geocode_fakes import no_network  # noqa: F401 - the fixture

MINE = "trips-at-acme/1.0 (ops@acme.example.net)"


@pytest.fixture
def nominatim_calls(monkeypatch) -> list[str]:
    """Every query that reached geopy's Nominatim, which here answers nothing and never touches the network."""
    calls: list[str] = []
    monkeypatch.setattr(Nominatim, "geocode", lambda self, query, **kwargs: calls.append(query))
    monkeypatch.delenv(online.USER_AGENT_ENV, raising=False)
    return calls


def test_the_user_agent_comes_from_the_environment_then_the_secret_then_the_placeholder():
    assert online.configured_user_agent({online.USER_AGENT_ENV: MINE}, {"nominatim_user_agent": "x"}) == MINE
    assert online.configured_user_agent({}, {"nominatim_user_agent": MINE}) == MINE
    assert online.configured_user_agent({}, {}) == online.USER_AGENT
    assert online.is_placeholder(online.USER_AGENT) and online.is_placeholder("  ")
    assert online.is_placeholder("me/1.0 (+https://example.org/me)") and not online.is_placeholder(MINE)


@pytest.mark.usefixtures("no_network")
def test_with_the_placeholder_public_nominatim_is_refused_before_any_request(nominatim_calls):
    assert online.host_geocoder({}, {}) is None
    assert online.host_geocoder({online.USER_AGENT_ENV: online.USER_AGENT}) is None
    with pytest.raises(GeocodingError, match=online.USER_AGENT_ENV):
        online.make_geocoder("nominatim")
    frame = resolve.pd.DataFrame({"name": ["Qwertyville"], "lat": [None], "lon": [None]})
    with pytest.raises(GeocodingError, match="placeholder"):
        resolve.resolve_places(frame, online=True, geocoder="nominatim")
    assert nominatim_calls == []


@pytest.mark.usefixtures("no_network")
def test_a_configured_user_agent_is_sent_to_nominatim(nominatim_calls):
    geocoder = online.host_geocoder({online.USER_AGENT_ENV: MINE})
    assert geocoder is not None and geocoder.geocoder.headers["User-Agent"] == MINE
    assert geocoder.min_delay_seconds >= 1.0
    geocoder.lookup("Qwertyville")
    assert nominatim_calls == ["Qwertyville"]


def test_a_nominatim_of_ones_own_is_not_held_to_the_placeholder(nominatim_calls):
    own = online.make_geocoder("nominatim", domain="nominatim.example.net")
    assert own.domain == "nominatim.example.net"
