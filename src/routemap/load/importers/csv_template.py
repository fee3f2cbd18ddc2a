"""CSV uploads in routemap's import template: one row a place.

The template (``examples/import/template.csv``) has the columns ``name``, ``city``,
``date``, ``theme``, ``description``, ``lat``, ``lon``, ``name_zh`` and ``kind``; only
``name`` and ``date`` are required, and the other names ``docs/import.md`` lists
are read too (``title``, ``day``, ``category``, ``latitude``, ...). A row without
``lat`` and ``lon`` is looked up offline, else placed at its city. Rows are
numbered by their line, as a spreadsheet shows them (the header is line 1).
"""

from __future__ import annotations

from typing import Final

from routemap.load.importers.build import build
from routemap.load.importers.features import ALIASES, Feature, Imported, Props, Source, refused
from routemap.load.read import parse_csv
from routemap.model.errors import Problem
from routemap.model.limits import Limits

FORMAT: Final = "CSV"
TEMPLATE_COLUMNS: Final = ("name", "city", "date", "theme", "description", "lat", "lon", "name_zh", "kind")
REQUIRED: Final = ("name", "date")
SEPARATORS: Final = {";": "semicolons", "\t": "tabs"}


def _separator_problem(name: str, text: str) -> Problem | None:
    """A header separated by something other than commas, as a European-locale spreadsheet saves it."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return None
    for sep, what in SEPARATORS.items():
        if sep in header:
            return Problem(
                name,
                1,
                None,
                header[:60],
                f"comma-separated CSV (this file separates cells with {what}: save it as 'CSV UTF-8 (comma "
                "delimited)', or set the separator to a comma)",
            )
    return None


def read_csv_template(name: str, text: str, limits: Limits) -> Imported:
    """Read a CSV text in the import template into routemap's trip and tables, or refuse it."""
    if problem := _separator_problem(name, text):
        return refused(name, FORMAT, [problem])
    table, problems = parse_csv(name, text, (), limits=limits)
    if table is None:  # a later loader refuses a CSV past its own limits with no table
        return refused(name, FORMAT, problems)
    frame = table.frame
    if len(frame) > limits.max_rows:
        return refused(name, FORMAT, [Problem(name, None, None, f"{len(frame):,} rows", limits.features_expected)])
    header = {str(h).strip().casefold() for h in frame.columns}
    template = ", ".join(TEMPLATE_COLUMNS)
    for column in REQUIRED:
        if not any(alias in header for alias in ALIASES[column]):
            others = " or ".join(f"'{a}'" for a in ALIASES[column][1:4])
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    None,
                    f"a column named '{column}' (or {others}) in the header, as in routemap's import template "
                    f"({template})",
                )
            )
    if any(p.row == 1 and p.column in REQUIRED for p in problems):
        return refused(name, FORMAT, problems)
    features = []
    for row, record in frame.iterrows():
        cells = {str(k): str(v) for k, v in record.items()}
        props = Props(cells)
        lat, lon = props.value("lat"), props.value("lon")
        point_columns = {*ALIASES["lat"], *ALIASES["lon"]}
        cells = {k: v for k, v in cells.items() if k.strip().casefold() not in point_columns}
        features.append(Feature(int(row), cells, lat, lon))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return build(Source(name, FORMAT, "row", "", stem, field="column", place="a row"), features, problems, limits)
