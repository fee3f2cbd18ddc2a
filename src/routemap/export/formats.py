"""Exports of a view, shared by the CLI and the dashboard's download buttons."""

from __future__ import annotations

import io
from typing import Any, Final

import pandas as pd

from routemap.export import geojson, kml, snapshot, standalone
from routemap.export import table as exportformats
from routemap.map.basemaps import Basemap
from routemap.model.errors import ExportError
from routemap.model.i18n import DEFAULT_LANG, Lang
from routemap.view.filters import View
from routemap.view.localize import source_view

FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS: Final = (
    "stop",
    "id",
    "name",
    "name_zh",
    "city",
    "kind",
    "status",
    "date",
    "date_certainty",
    "date_earliest",
    "date_latest",
    "date_basis",
    "themes",
    "description",
    "source_quote",
    "place_certainty",
    "place_basis",
    "lat",
    "lon",
    "coord_source",
    "coord_precision",
)


def neutralise_formula(value: object) -> object:
    """Make a text cell inert in spreadsheets: one starting with ``= + - @``, tab or CR gets a ``'``.

    Numbers are left alone, so a negative longitude stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def places_table(view: View) -> pd.DataFrame:
    """Stops then mentioned places, one row each, with plain text and ISO dates."""
    frame = pd.concat([view.stops, view.mentioned], ignore_index=True)
    out = pd.DataFrame(index=frame.index)
    for col in CSV_COLUMNS:
        values = frame[col] if col in frame else pd.Series(pd.NA, index=frame.index)
        if col == "themes":
            values = values.map(";".join)
        elif pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        out[col] = values
    out["stop"] = out["stop"].astype("Int64")
    return out


def to_csv(view: View) -> str:
    """The places of a view as CSV, safe to open in a spreadsheet."""
    table = places_table(view)
    for col in table.columns:
        if table[col].dtype == object or pd.api.types.is_string_dtype(table[col]):
            table[col] = table[col].map(neutralise_formula)
    buffer = io.StringIO()
    # RFC 4180 line ends: Python's csv writer (before 3.12) quotes a field only
    # for the characters of the line terminator, so with "\n" a bare CR in a cell
    # went out unquoted and split its row in every reader.
    table.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue()


#: The writer of each format of :data:`routemap.exportformats.TABLE`, which says what each is.
FORMATS: Final = {"geojson": geojson.dumps, "csv": to_csv, "kml": kml.dumps, "html": standalone.to_html}
BINARY_FORMATS: Final = {"png": snapshot.to_png}
ALL_FORMATS: Final = exportformats.IDS
MAP_FORMATS: Final = tuple(f.id for f in exportformats.TABLE if f.draws_map)
MIME_TYPES: Final = {f.id: f.mime for f in exportformats.TABLE}
#: Excel reads a CSV file as UTF-8 only when it starts with a byte-order mark.
UTF8_BOM: Final = "\ufeff"


#: The formats that draw names and labels for people, and so take a language; the data formats
#: (GeoJSON, CSV) keep the data as it is, both names in their own columns, headers as ids.
LOCALIZED: Final = ("kml", "html", "png")


def export_text(view: View, fmt: str, *, basemap: Basemap | None = None, lang: Lang = DEFAULT_LANG) -> str:
    """The view in one of the text :data:`FORMATS`; ``basemap`` is for ``html`` (default: the offline outlines).

    ``lang`` is for :data:`LOCALIZED` formats: names and labels in English, 中文 or both."""
    if fmt in BINARY_FORMATS:
        raise ExportError(f"{fmt.upper()} is binary, not text: use export_bytes.")
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ExportError(f"Unknown export format {fmt!r}: expected one of {', '.join(ALL_FORMATS)}.") from None
    view = source_view(view)  # the data as it is; the formats for people localize it themselves
    if fmt in MAP_FORMATS:
        return standalone.to_html(view, basemap=basemap or standalone.DEFAULT_BASEMAP, lang=lang)
    return writer(view, lang) if fmt in LOCALIZED else writer(view)


def export_bytes(
    view: View, fmt: str, *, basemap: Basemap | None = None, lang: Lang = DEFAULT_LANG, **png_options: Any
) -> bytes:
    """The view in any of :data:`ALL_FORMATS` as bytes (text as UTF-8).

    ``png_options`` go to :func:`routemap.snapshot.to_png` (size, ``network``, ``renderer``).
    """
    if fmt in BINARY_FORMATS:
        if basemap is not None:
            png_options["basemap"] = basemap
        return snapshot.to_png(source_view(view), lang=lang, **png_options)
    return export_text(view, fmt, basemap=basemap, lang=lang).encode("utf-8")


def download_bytes(view: View, fmt: str, lang: Lang = DEFAULT_LANG) -> bytes:
    """What a download button offers: :func:`export_bytes`, with CSV starting with a BOM so Excel reads UTF-8."""
    data = export_bytes(view, fmt, lang=lang)
    return UTF8_BOM.encode("utf-8") + data if fmt == "csv" else data
