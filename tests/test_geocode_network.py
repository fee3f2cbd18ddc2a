"""One test against the real Nominatim; skipped unless pytest runs with --run-network."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic

from routemap.geo.online import (
    USER_AGENT_ENV,
    OnlineGeocoder,
    configured_user_agent,
    is_placeholder,
    make_geocoder,
)


@pytest.mark.network
def test_nominatim_finds_xian_near_its_geonames_point() -> None:
    if is_placeholder(configured_user_agent()):
        pytest.skip(f"public Nominatim needs your user agent in {USER_AGENT_ENV}")
    online = OnlineGeocoder(make_geocoder("nominatim", timeout=20), name="nominatim")
    answer = online.lookup("Xi'an, Shaanxi, China")
    assert answer.location is not None, answer.note
    assert geodesic((answer.location.latitude, answer.location.longitude), (34.25833, 108.92861)).km < 20
    assert online.requests == 1
