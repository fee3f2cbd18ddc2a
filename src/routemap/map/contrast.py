"""Colour contrast as WCAG 2 measures it, and the ink that stays legible on a marker's colour.

Pure functions of ``#rrggbb`` colours; the stop discs take their number's colour
from :func:`number_ink`, so every theme colour of every trip reads at least 4.5:1.
"""

from __future__ import annotations

from typing import Final

#: The two inks a stop number may have: pure black and white reach at least 4.58:1 on any colour.
DARK_INK: Final = "#000000"
LIGHT_INK: Final = "#ffffff"

#: WCAG 2 level AA for normal text.
AA_TEXT: Final = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance (0 black … 1 white) of a ``#rrggbb`` or ``#rgb`` colour."""
    hex_ = colour.strip().lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(ch * 2 for ch in hex_)
    if len(hex_) != 6:
        raise ValueError(f"Not a #rrggbb colour: {colour!r}")
    r, g, b = (_channel(int(hex_[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def number_ink(background: str) -> str:
    """The ink (black or white) with the higher contrast on ``background``: always at least 4.58:1."""
    return max((DARK_INK, LIGHT_INK), key=lambda ink: contrast_ratio(ink, background))
