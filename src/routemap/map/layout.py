"""Where the map draws things on screen: stops spread apart, leg arrows placed in the clear.

Pure functions of coordinates and a zoom level (Web Mercator pixels). Coordinates
are never changed: a stop's disc is drawn at a pixel offset from its point, and a
leg's arrow at a point of the leg's own screen line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from routemap.geo.screen import STOP_SIZE, latitude_of, mercator_y, pixel_xy, pixels_xy, spread_offsets

#: Half the arrow's size, and the room it keeps from anything drawn over or under it (px).
ARROW_RADIUS: Final = 9
ARROW_MARGIN: Final = 3
#: A stop disc's reach from its centre (px): the disc, its white edge, and the kind badge.
DISC_RADIUS: Final = STOP_SIZE / 2 + 6
MENTIONED_RADIUS: Final = 13
#: Fractions along a leg where an arrow may sit: never at the ends, where the cities are.
ARROW_STOPS: Final = np.linspace(0.12, 0.88, 39)


def grouped_offsets(lats: Sequence[float], lons: Sequence[float], zoom: float | None) -> list[tuple[float, float]]:
    """Pixel displacements that keep stops from covering one another.

    Stops at one coordinate are always spread around it. With ``zoom``, stops
    that would overlap on screen at that zoom (a city's stops at the whole
    route's zoom, say) are spread around their common centre too. A point joins
    the first group whose centre is within reach; groups are found through a
    grid of cells as wide as that reach, so a trip of ten thousand stops takes
    milliseconds, not minutes. The map builder keeps the result with the view
    (:func:`routemap.map.build.stop_offsets`), so a page works it out once per zoom.
    """
    if zoom is None:
        points = [(round(lat, 4) * 1e6, round(lon, 4) * 1e6) for lat, lon in zip(lats, lons, strict=True)]
        reach = 0.5
    else:
        points = pixels_xy(lats, lons, zoom)
        reach = float(STOP_SIZE)
    members: list[list[int]] = []
    sums: list[list[float]] = []
    centres: list[tuple[float, float]] = []  # each group's centre, sums / size, kept up to date
    cells: dict[tuple[int, int], list[int]] = {}
    floor, hypot = math.floor, math.hypot

    for i, (x, y) in enumerate(points):
        cx, cy = floor(x / reach), floor(y / reach)
        best = None
        for key in (
            (cx - 1, cy - 1), (cx - 1, cy), (cx - 1, cy + 1),
            (cx, cy - 1), (cx, cy), (cx, cy + 1),
            (cx + 1, cy - 1), (cx + 1, cy), (cx + 1, cy + 1),
        ):  # fmt: skip
            for g in cells.get(key, ()):
                if (best is None or g < best) and hypot(x - centres[g][0], y - centres[g][1]) < reach:
                    best = g
        if best is None:
            members.append([i])
            sums.append([x, y])
            centres.append((x, y))
            cells.setdefault((cx, cy), []).append(len(members) - 1)
            continue
        group, total = members[best], sums[best]
        before = floor(centres[best][0] / reach), floor(centres[best][1] / reach)
        group.append(i)
        total[0] += x
        total[1] += y
        centre = total[0] / len(group), total[1] / len(group)
        centres[best] = centre
        after = floor(centre[0] / reach), floor(centre[1] / reach)
        if after != before:
            cells[before].remove(best)
            cells.setdefault(after, []).append(best)
    offsets: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for group, (gx, gy) in zip(members, centres, strict=True):
        if len(group) == 1:  # a stop alone stays on its point
            continue
        for i, (dx, dy) in zip(group, spread_offsets(len(group)), strict=True):
            to_centre = (gx - points[i][0], gy - points[i][1]) if zoom is not None else (0.0, 0.0)
            offsets[i] = (to_centre[0] + dx, to_centre[1] + dy)
    return offsets


def point_along(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    """The (lat, lon) at fraction ``t`` of the straight screen line a → b (0.5 is its midpoint)."""
    y = mercator_y(a[0]) + t * (mercator_y(b[0]) - mercator_y(a[0]))
    return latitude_of(y), a[1] + t * (b[1] - a[1])


def clearance(points: np.ndarray, discs: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """For each point (n×2 px), its distance to the nearest disc (m×3: x, y, radius) or box
    (k×4: x0, y0, x1, y1) edge; negative inside one, ``inf`` when there is nothing."""
    best = np.full(len(points), np.inf)
    if len(discs):
        d = np.hypot(points[:, None, 0] - discs[None, :, 0], points[:, None, 1] - discs[None, :, 1]) - discs[None, :, 2]
        best = np.minimum(best, d.min(axis=1))
    if len(boxes):
        dx = np.maximum(np.maximum(boxes[None, :, 0] - points[:, None, 0], points[:, None, 0] - boxes[None, :, 2]), 0)
        dy = np.maximum(np.maximum(boxes[None, :, 1] - points[:, None, 1], points[:, None, 1] - boxes[None, :, 3]), 0)
        inside = (dx == 0) & (dy == 0)
        best = np.minimum(best, np.where(inside, -1.0, np.hypot(dx, dy)).min(axis=1))
    return best


def arrow_fraction(
    a_px: tuple[float, float], b_px: tuple[float, float], discs: np.ndarray, boxes: np.ndarray
) -> tuple[float, bool]:
    """Where along a leg (a fraction of it) its arrow is drawn so nothing covers it, and whether it is clear.

    The sample nearest the middle whose arrow clears every disc and box; when
    none does (a short leg inside a crowd of stops), the one with the most room,
    and ``False``: the arrow is then drawn above the stops.
    """
    ax, ay = a_px
    bx, by = b_px
    samples = np.column_stack([ax + ARROW_STOPS * (bx - ax), ay + ARROW_STOPS * (by - ay)])
    room = clearance(samples, discs, boxes)
    clear = np.flatnonzero(room >= ARROW_RADIUS + ARROW_MARGIN)
    if len(clear):
        return float(ARROW_STOPS[clear[np.argmin(np.abs(ARROW_STOPS[clear] - 0.5))]]), True
    return float(ARROW_STOPS[int(np.argmax(room))]), False


def arrow_points(
    legs: pd.DataFrame,
    stops: pd.DataFrame,
    offsets: Sequence[tuple[float, float]],
    mentioned: pd.DataFrame,
    labels: Sequence[tuple[float, float, float, float]],
    zoom: float | None,
) -> list[tuple[tuple[float, float], bool]]:
    """Each leg's arrow at ``zoom``: ((lat, lon), clear). Without a zoom, the leg's screen midpoint;
    else the point of the leg nearest its middle that no stop disc, mentioned place or city label
    covers (``clear``), or, when there is none, the point with the most room (not ``clear``)."""
    starts = zip(legs["from_lat"].tolist(), legs["from_lon"].tolist(), strict=True)
    ends = list(zip(starts, zip(legs["to_lat"].tolist(), legs["to_lon"].tolist(), strict=True), strict=True))
    if zoom is None:
        return [(point_along(a, b, 0.5), True) for a, b in ends]
    points = pixels_xy(stops["lat"], stops["lon"], zoom)
    discs = [(x + dx, y + dy, DISC_RADIUS) for (x, y), (dx, dy) in zip(points, offsets, strict=True)]
    discs += [
        (*pixel_xy(lat, lon, zoom), MENTIONED_RADIUS)
        for lat, lon in zip(mentioned["lat"], mentioned["lon"], strict=True)
    ]
    disc_array = np.array(discs, dtype=float).reshape(-1, 3)
    boxes = np.array(labels, dtype=float).reshape(-1, 4)  # the city labels' screen boxes at ``zoom``
    out = []
    for a, b in ends:
        pa, pb = pixel_xy(*a, zoom), pixel_xy(*b, zoom)
        t, clear = arrow_fraction(pa, pb, _near(disc_array, pa, pb), boxes)
        out.append((point_along(a, b, t), clear))
    return out


def _near(discs: np.ndarray, a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """The discs that could touch the segment a–b's arrows: within the box around it, widened."""
    reach = DISC_RADIUS + ARROW_RADIUS + ARROW_MARGIN
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    xs, ys = discs[:, 0], discs[:, 1]
    keep = (xs > x0 - reach) & (xs < x1 + reach) & (ys > y0 - reach) & (ys < y1 + reach)
    return discs[keep]
