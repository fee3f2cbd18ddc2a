"""GCJ-02: the forward shift against published reference pairs, the inverse, and no shift abroad."""

from __future__ import annotations

import math

import pytest

from routemap.geo.gcj02 import CHINA_BOX, gcj02_to_wgs84, in_china, wgs84_to_gcj02

#: (wgs_lat, wgs_lon, gcj_lat, gcj_lon)
REFERENCE = [
    # googollee/eviltransform, go/transform_test.go and python/test.py (TESTS): Shanghai, Shenzhen, Beijing.
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    # wandergis/coordtransform, README.md usage example: wgs84togcj02(116.404, 39.915) (lon, lat order there)
    # -> [116.41024449916938, 39.91640428150164].
    (39.915, 116.404, 39.91640428150164, 116.41024449916938),
]

OUTSIDE = {
    "London": (51.5074, -0.1278),
    "New York": (40.7128, -74.0060),
    "Tokyo": (35.6762, 139.6503),
    "Sydney": (-33.8688, 151.2093),
}


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), REFERENCE)
def test_forward_matches_published_pairs(wlat, wlon, glat, glon):
    lat, lon = wgs84_to_gcj02(wlat, wlon)
    # eviltransform's tests compare to 6 decimals; its newer Python port uses the WGS-84 radius
    # (6378137 m) instead of Krasovsky's, which moves the shift by under 1 cm.
    assert lat == pytest.approx(glat, abs=1e-6)
    assert lon == pytest.approx(glon, abs=1e-6)
    assert haversine_m(lat, lon, glat, glon) < 0.05


@pytest.mark.parametrize(("wlat", "wlon", "glat", "glon"), REFERENCE)
def test_inverse_of_published_pairs(wlat, wlon, glat, glon):
    lat, lon = gcj02_to_wgs84(glat, glon)
    assert haversine_m(lat, lon, wlat, wlon) < 0.05


def test_inverse_round_trips_within_a_metre_over_china():
    worst = 0.0
    count = 0
    for i in range(37):
        for j in range(63):
            # a 1° grid over the box, each point nudged off the whole degree
            lat, lon = 18.0 + i + (0.137 * j) % 1, 73.5 + j + (0.071 * i) % 1
            if not in_china(lat, lon):
                continue
            glat, glon = wgs84_to_gcj02(lat, lon)
            assert 10 < haversine_m(lat, lon, glat, glon) < 1500  # it does shift, by metres to hundreds
            back = gcj02_to_wgs84(glat, glon)
            worst = max(worst, haversine_m(lat, lon, *back))
            count += 1
    assert count > 2000
    assert worst < 1.0  # the brief; in fact it is far below a millimetre
    assert worst < 1e-3


@pytest.mark.parametrize("city", sorted(OUTSIDE))
def test_points_outside_china_are_returned_unchanged(city):
    lat, lon = OUTSIDE[city]
    assert not in_china(lat, lon)
    assert wgs84_to_gcj02(lat, lon) == (lat, lon)
    assert gcj02_to_wgs84(lat, lon) == (lat, lon)


def test_in_china_is_the_algorithms_rough_box():
    west, south, east, north = CHINA_BOX
    assert (west, south, east, north) == (72.004, 0.8293, 137.8347, 55.8271)
    assert in_china(39.9042, 116.4074)  # Beijing
    assert in_china(south, west) and in_china(north, east)  # edges included
    assert not in_china(south - 1e-6, 100.0) and not in_china(30.0, east + 1e-6)
    assert not in_china(56.0, 100.0) and not in_china(30.0, 70.0)


def test_inverse_near_the_box_edge_converges():
    # A GCJ-02 point just inside the box whose WGS-84 preimage may lie just outside it.
    glat, glon = wgs84_to_gcj02(40.0, 72.005)
    lat, lon = gcj02_to_wgs84(glat, glon)
    assert haversine_m(lat, lon, 40.0, 72.005) < 0.01
