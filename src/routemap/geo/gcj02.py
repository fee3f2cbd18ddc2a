"""WGS-84 <-> GCJ-02, the obfuscated datum of maps published in mainland China.

Chinese law requires maps published in China (AutoNavi/Amap, Tencent, the
Chinese editions of Apple and Google maps, and Baidu's BD-09 on top of it) to
shift WGS-84 coordinates by a pseudo-random offset of a few hundred metres,
"GCJ-02". A route drawn in WGS-84 over such tiles lands beside the roads; this
module converts in both directions so points can be matched to those maps.

The forward formula is the one long since public and used by every open-source
implementation (e.g. ``wandergis/coordtransform``, ``googollee/eviltransform``),
with Krasovsky 1940's semi-major axis and eccentricity. There is no closed-form
inverse: :func:`gcj02_to_wgs84` iterates the forward function to a fixed point,
to well under a millimetre.

Outside the rough box :func:`in_china` (the one the algorithm has always used:
lon 72.004-137.8347, lat 0.8293-55.8271) points are not shifted. The box also
takes in parts of China's neighbours; that is how GCJ-02 maps behave too.
"""

from __future__ import annotations

import math
from typing import Final

#: Krasovsky 1940 ellipsoid: semi-major axis (m) and first eccentricity squared.
A: Final = 6378245.0
EE: Final = 0.00669342162296594323

#: (west, south, east, north) of the rough box the algorithm shifts.
CHINA_BOX: Final = (72.004, 0.8293, 137.8347, 55.8271)

#: The inverse stops when a step moves less than this (degrees, about 0.1 mm).
INVERSE_EPSILON: Final = 1e-9
INVERSE_MAX_STEPS: Final = 30


def in_china(lat: float, lon: float) -> bool:
    """Whether GCJ-02 shifts this point: inside the algorithm's rough box around China."""
    west, south, east, north = CHINA_BOX
    return west <= lon <= east and south <= lat <= north


def _offset(lat: float, lon: float) -> tuple[float, float]:
    """The GCJ-02 shift (dlat, dlon), in degrees, at a WGS-84 point."""
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x)) + common
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x)) + common
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    # The shifts above are in metres-like units; scale them to degrees on the ellipsoid.
    rad_lat = math.radians(lat)
    magic = 1.0 - EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return dlat, dlon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """A WGS-84 point (lat, lon) in GCJ-02; unchanged outside :func:`in_china`."""
    if not in_china(lat, lon):
        return lat, lon
    dlat, dlon = _offset(lat, lon)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """A GCJ-02 point (lat, lon) back in WGS-84; unchanged outside :func:`in_china`.

    Fixed-point iteration: start at the GCJ-02 point and move by the difference
    between its forward image and the target. The shift varies slowly (a few
    metres per kilometre), so each step gains about three orders of magnitude;
    it stops below :data:`INVERSE_EPSILON` degrees, in 3-4 steps.
    """
    if not in_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(INVERSE_MAX_STEPS):
        dlat, dlon = _offset(wlat, wlon)  # not wgs84_to_gcj02: no jump at the box's edge
        step_lat, step_lon = wlat + dlat - lat, wlon + dlon - lon
        wlat, wlon = wlat - step_lat, wlon - step_lon
        if abs(step_lat) < INVERSE_EPSILON and abs(step_lon) < INVERSE_EPSILON:
            break
    return wlat, wlon
