"""A trip as a zip of routemap's data folder: ``trip.toml`` and the three CSV files, made in memory.

A link cannot carry an uploaded file, so the Upload page offers this zip: commit
its folder to a hosted instance's repository (and name it in ``$ROUTEMAP_DATA``),
or upload the zip again. It reads back with ``routemap validate`` and the
importers exactly as it was written. Nothing here touches the disk.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date
from typing import Any, Final

import pandas as pd

from routemap.model.trip import Trip

FOLDER: Final = "trip-data"
FILES: Final = ("cities.csv", "legs.csv", "places.csv")
#: A fixed time for every entry, so that the same trip is the same bytes.
ZIP_TIME: Final = (2000, 1, 1, 0, 0, 0)


def toml_value(value: Any) -> str:
    """A TOML value: a basic string (JSON's escapes are TOML's too, DEL added), a number or a boolean."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def trip_toml(trip: Trip) -> str:
    """``trip.toml`` for ``trip``, as :func:`routemap.model.trip.trip_from_doc` reads it back."""
    doc = trip.to_doc()
    lines = ["# Written by routemap from an upload. See docs/data.md."]
    tables: list[tuple[str, Mapping[str, Any]]] = []
    arrays: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in doc.items():
        if isinstance(value, Mapping):
            tables.append((key, value))
        elif isinstance(value, list):
            arrays.append((key, value))
        elif value not in ("", None):
            lines.append(f"{key} = {toml_value(value)}")
    for key, table in tables:
        lines += ["", f"[{key}]", *(f"{k} = {toml_value(v)}" for k, v in table.items() if v not in ("", None))]
    for key, items in arrays:
        for item in items:
            lines += ["", f"[[{key}]]", *(f"{k} = {toml_value(v)}" for k, v in item.items() if v not in ("", None))]
    return "\n".join(lines) + "\n"


def data_folder_zip(trip: Trip, tables: Mapping[str, pd.DataFrame], *, folder: str = FOLDER) -> bytes:
    """A zip holding ``folder/trip.toml`` and ``folder/{cities,legs,places}.csv`` (text tables, written as they are)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = {"trip.toml": trip_toml(trip)} | {name: tables[name].to_csv(index=False) for name in FILES}
        for name, text in entries.items():
            archive.writestr(zipfile.ZipInfo(f"{folder}/{name}", ZIP_TIME), text.encode("utf-8"))
    return buffer.getvalue()
