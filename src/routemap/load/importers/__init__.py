"""Import a trip from a file people already have: GeoJSON, KML, a CSV template, or a zipped data folder.

:func:`import_trip` takes a file's name and bytes (as an upload gives them), works
out what they are from their content, and returns an :class:`Imported`: routemap's
:class:`~routemap.tripdoc.Trip` and raw tables (``cities.csv``, ``legs.csv``,
``places.csv`` as text), the problems found while reading, and notes on every
default filled in. :meth:`Imported.dataset` then checks the tables with the
loader's own rules and returns the :class:`~routemap.data.Dataset`, or raises a
:class:`~routemap.errors.DataError` listing every problem. Nothing here touches
the disk, the network or Streamlit. See ``docs/import.md``.
"""

from __future__ import annotations

from routemap.load.importers.csv_template import TEMPLATE_COLUMNS, read_csv_template
from routemap.load.importers.features import ALIASES, Imported
from routemap.load.importers.kml import read_kml
from routemap.load.importers.plain_geojson import read_geojson
from routemap.load.importers.sniff import EXPECTED_FORMATS, display_name, sniff, too_big
from routemap.load.importers.zipped import read_zip
from routemap.model.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "ALIASES",
    "EXPECTED_FORMATS",
    "TEMPLATE_COLUMNS",
    "Imported",
    "import_trip",
]


def import_trip(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Imported:
    """Read an uploaded file into routemap's trip and raw tables, or say why not.

    ``name`` is only shown in messages (and titles a CSV's trip); what the bytes are
    is decided from their content. The size is checked before anything else.
    ``limits`` are the loader's own (:class:`routemap.model.limits.Limits`): one set
    of limits for a data folder and an upload.
    """
    file = display_name(name)
    if problem := too_big(file, len(data), limits):
        return Imported(None, {}, [problem], [], "", file)
    kind, text, problems = sniff(file, data)
    if problems or (text is None and kind != "zip"):
        return Imported(None, {}, problems, [], "", file)
    if kind == "zip":
        return read_zip(file, data, limits)
    assert text is not None
    if kind == "json":
        return read_geojson(file, text, data, limits)
    if kind == "xml":
        return read_kml(file, text, limits)
    return read_csv_template(file, text, limits)
