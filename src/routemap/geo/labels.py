"""Where to put a city's label so that no stop covers it: pure geometry in screen pixels.

A city's stops are spread around its centre (``routemap.map.build``), so a
label always drawn to the right of the centre ends up under the stops of the
city or of its neighbour (Dunhuang's under Jiayuguan's at the whole route's
zoom). :func:`place_labels` tries places around the centre, nearest first, on
each side, and takes the first that no disc and no label placed before covers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

#: A box on screen: left, top, right, bottom, in pixels.
Box = tuple[float, float, float, float]

#: Half the room a stop's disc takes: the disc, its white rim and its outline.
DISC_HALF: Final = 18.0

#: How far the kind badge sticks out above and to the right of the disc.
BADGE: Final = 8.0

#: Room kept between a label and what it must not touch.
MARGIN: Final = 3.0

#: The label's type (13 px, semibold) and box (6 px padding each side, 1 px border), in pixels.
LATIN_PX, WIDE_PX, LABEL_PAD, LABEL_HEIGHT = 8.0, 14.0, 14.0, 22.0

#: What a covered pixel of a label costs, against 1 for a pixel that may be off the map's edge.
COVERED: Final = 4.0

#: The distances from the centre tried, nearest first; beyond the crowd when all are covered.
DISTANCES: Final = (14.0, 40.0, 70.0, 110.0)


@dataclass(frozen=True)
class Label:
    """A label to place: its point on screen and its size."""

    x: float
    y: float
    width: float
    height: float = LABEL_HEIGHT


def label_width(text: str) -> float:
    """A generous estimate of a label's width in pixels: wide (CJK) characters count double."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return LABEL_PAD + wide * WIDE_PX + (len(text) - wide) * LATIN_PX


def disc_box(x: float, y: float) -> Box:
    """The screen box a stop drawn at (x, y) covers, with its kind badge."""
    return (x - DISC_HALF, y - DISC_HALF - BADGE, x + DISC_HALF + BADGE, y + DISC_HALF)


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they are apart)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _candidates(label: Label) -> list[tuple[float, float]]:
    """Top-left offsets from the label's point: right, left, below, above, then the corners, at each distance."""
    w, h = label.width, label.height
    out = []
    for d in DISTANCES:
        out += [
            (d, -h / 2),
            (-d - w, -h / 2),
            (-w / 2, d),
            (-w / 2, -d - h),
            (d * 0.7, d * 0.7),
            (-d * 0.7 - w, d * 0.7),
            (d * 0.7, -d * 0.7 - h),
            (-d * 0.7 - w, -d * 0.7 - h),
        ]
    return out


def place_labels(
    labels: Sequence[Label], obstacles: Sequence[Box], frame: Box | None = None
) -> list[tuple[float, float]]:
    """Each label's top-left offset from its point, clear of ``obstacles`` and of the labels before it.

    The first candidate (nearest, right before left before below before above)
    that touches nothing and stays inside ``frame`` (the part of the map surely
    on screen) wins; when every one is covered, the one covered least.
    """
    placed: list[Box] = []
    offsets = []
    boxes = np.asarray(obstacles, dtype=float).reshape(-1, 4)
    for label in labels:
        best, best_cost = None, float("inf")
        nearby = _within(boxes, label)  # a 10,000-stop map: the label's neighbourhood, not every stop
        for dx, dy in _candidates(label):
            box = (label.x + dx - MARGIN, label.y + dy - MARGIN, label.x + dx + label.width + MARGIN)
            box = (*box, label.y + dy + label.height + MARGIN)
            cost = COVERED * (_covered(box, nearby) + sum(overlap(box, p) for p in placed))
            if frame is not None:  # the part of the label off the frame counts too, but less than covered
                cost += (box[2] - box[0]) * (box[3] - box[1]) - overlap(box, frame)
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0:
                break
        assert best is not None
        offsets.append(best)
        placed.append(
            (label.x + best[0], label.y + best[1], label.x + best[0] + label.width, label.y + best[1] + label.height)
        )
    return offsets


def _within(boxes: np.ndarray, label: Label) -> np.ndarray:
    """The boxes (rows of left, top, right, bottom) that any of the label's candidate places could touch."""
    reach = DISTANCES[-1] + label.width + label.height + 2 * MARGIN
    x, y = label.x, label.y
    near = (boxes[:, 2] > x - reach) & (boxes[:, 0] < x + reach) & (boxes[:, 3] > y - reach) & (boxes[:, 1] < y + reach)
    return boxes[near]


def _covered(box: Box, boxes: np.ndarray) -> float:
    """The area of ``box`` that ``boxes`` cover, counted once per box (as :func:`overlap` summed)."""
    w = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    h = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    return float(np.sum(np.where((w > 0) & (h > 0), w * h, 0.0)))
