"""The trips an installation offers: folders of data, the shipped one first.

``$ROUTEMAP_DATA`` names one data folder, or several separated by the
platform's path separator (``:`` on Linux and macOS); the first is the one
the dashboard and the CLI open by default. Unset, the shipped ``data/`` comes
first and every example under ``examples/`` that holds a ``trip.toml``
follows, so a hosted instance has more than one journey to show.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Final

DATA_ENV: Final = "ROUTEMAP_DATA"
CHECKOUT: Final = Path(__file__).resolve().parents[3]
SHIPPED: Final = CHECKOUT / "data"
EXAMPLES: Final = CHECKOUT / "examples"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "trip"


def configured_trips(environ: Mapping[str, str] = os.environ) -> dict[str, Path]:
    """Trip id (a short slug of the folder's name) -> data folder, the default first."""
    if value := environ.get(DATA_ENV, "").strip():
        folders = [Path(p) for p in value.split(os.pathsep) if p.strip()]
    else:
        examples = sorted(p.parent for p in EXAMPLES.glob("*/trip.toml")) if EXAMPLES.is_dir() else []
        folders = [SHIPPED, *examples]
    trips: dict[str, Path] = {}
    for folder in folders:
        ident = _slug(folder.name)
        while ident in trips:  # two folders of one name: keep both, apart
            ident += "-2"
        trips[ident] = folder
    return trips


def default_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """The data folder opened when none is named: the first configured trip."""
    return next(iter(configured_trips(environ).values()))


DATA_ENV: Final = "ROUTEMAP_DATA"
