"""Check raw tables: every cell against its schema, then the rules across cells and files.

*Every* problem of every file is collected (characters, the pandera schema of
:mod:`routemap.load.schema`, dates inside the trip, points inside its bounds,
themes and kinds the trip declares, references between files), so one
:class:`~routemap.model.errors.DataError` can list them all.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import replace

import pandas as pd
import pandera.pandas as pa

from routemap.load import schema
from routemap.model.dataset import FILES, RawTable
from routemap.model.errors import Problem
from routemap.model.trip import Trip
from routemap.model.vocab import THEMES_SEPARATOR


def schema_of(table: RawTable) -> pa.DataFrameSchema:
    """The pandera schema a raw table is checked against (its own file's, or ``schema_key``'s)."""
    return schema.SCHEMAS[table.schema_key or table.file]


def schema_problems(table: RawTable) -> list[Problem]:
    """Every cell of a table that breaks its pandera schema, as problems."""
    frame_schema = schema_of(table)
    columns = list(frame_schema.columns)
    try:
        frame_schema.validate(table.frame[columns], lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    problems = []
    for case in cases.itertuples(index=False):
        if case.column in table.missing:
            continue  # the header already says the column is missing; its blanks are not news
        expected = "an id used by no other row" if case.check == "field_uniqueness" else case.check
        row = None if pd.isna(case.index) else int(case.index)
        problems.append(
            Problem(table.file, row, case.column, str(case.failure_case), expected, row_label=table.row_label)
        )
    return problems


def _in_trip(value: str, trip: Trip | None) -> bool:
    parsed = schema.parse_iso_date(value)
    return parsed is None or trip is None or trip.start <= parsed <= trip.end


def _point_problems(table: RawTable, trip: Trip | None) -> list[Problem]:
    """Points outside the trip's bounds, with a hint when latitude and longitude look swapped."""
    if trip is None:
        return []
    box = trip.bounds
    problems = []
    for row, lat_text, lon_text in zip(table.frame.index, table.frame["lat"], table.frame["lon"], strict=True):
        lat, lon = schema.parse_float(lat_text), schema.parse_float(lon_text)
        if lat is None or lon is None:
            continue  # already reported by the schema
        if box.contains(lat, lon):
            continue
        if box.contains(lon, lat):
            expected = (
                f"latitude and longitude the right way round: this point is in {box.name} only with the two swapped"
            )
        else:
            expected = box.describe()
        problems.append(
            Problem(table.file, int(row), "lat, lon", f"{lat_text}, {lon_text}", expected, row_label=table.row_label)
        )
    return problems


def _records(table: RawTable) -> Iterator[tuple[Hashable, dict[str, str]]]:
    """Each row's number and cells by column: ``iterrows`` builds a Series per row, 100x slower at 10,000 rows."""
    columns = [str(c) for c in table.frame.columns]
    rows = zip(*(table.frame[c].tolist() for c in table.frame.columns), strict=True)
    return zip(table.frame.index, (dict(zip(columns, row, strict=True)) for row in rows), strict=True)


def _date_problems(table: RawTable, trip: Trip | None) -> list[Problem]:
    """Dates outside the trip, and a best date outside its own earliest/latest window."""
    problems = []
    span = f"{trip.start.isoformat()} to {trip.end.isoformat()}" if trip else ""
    for row, record in _records(table):
        for col in ("date", "date_earliest", "date_latest"):
            value = record[col]
            if value and not _in_trip(value, trip):
                problems.append(
                    Problem(table.file, int(row), col, value, f"a day of the trip ({span})", row_label=table.row_label)
                )
        best = schema.parse_iso_date(record["date"])
        lo = schema.parse_iso_date(record["date_earliest"])
        hi = schema.parse_iso_date(record["date_latest"])
        if best and lo and best < lo:
            problems.append(
                Problem(
                    table.file,
                    int(row),
                    "date_earliest",
                    record["date_earliest"],
                    f"a day on or before 'date' ({record['date']})",
                    row_label=table.row_label,
                )
            )
        if best and hi and best > hi:
            problems.append(
                Problem(
                    table.file,
                    int(row),
                    "date_latest",
                    record["date_latest"],
                    f"a day on or after 'date' ({record['date']})",
                    row_label=table.row_label,
                )
            )
    return problems


def _reference_problems(table: RawTable, columns: Iterable[str], known: set[str], what: str) -> list[Problem]:
    problems = []
    for col in columns:
        for row, value in table.frame[col].items():
            if value and schema.is_slug(value) and value not in known:
                shown = ", ".join(sorted(k for k in known if schema.is_slug(k))) or "none"
                problems.append(
                    Problem(
                        table.file,
                        int(row),
                        col,
                        value,
                        f"the id of a {what} (one of {shown})",
                        row_label=table.row_label,
                    )
                )
    return problems


def _place_rules(table: RawTable, trip: Trip | None) -> list[Problem]:
    """Themes and kinds the trip declares; dates only on visited places, with how they are known."""
    problems = []
    theme_ids = set(trip.theme_by_id) if trip else set()
    known = ", ".join(trip.theme_by_id) if trip else "the trip's themes"
    problems += _vocabulary_problems(table, "kind", trip)
    for row, record in _records(table):
        themes = [t.strip() for t in record["themes"].split(THEMES_SEPARATOR) if t.strip()]
        if record["themes"].strip() and not themes:  # e.g. ";": blank is the schema's to report
            problems.append(
                Problem(
                    table.file,
                    int(row),
                    "themes",
                    record["themes"],
                    f"at least one theme id, one of {known}",
                    row_label=table.row_label,
                )
            )
        for theme in themes:
            if trip is not None and theme not in theme_ids:
                problems.append(
                    Problem(
                        table.file,
                        int(row),
                        "themes",
                        theme,
                        f"theme ids separated by '{THEMES_SEPARATOR}', each one of {known}",
                        row_label=table.row_label,
                    )
                )
        status = record["status"]
        if status == "visited":
            for col in ("date", "date_certainty", "date_basis"):
                if not record[col].strip():
                    problems.append(
                        Problem(table.file, int(row), col, "", "a value for a visited place", row_label=table.row_label)
                    )
        elif status == "mentioned":
            for col in ("date", "date_earliest", "date_latest", "date_certainty"):
                if record[col].strip():
                    problems.append(
                        Problem(
                            table.file,
                            int(row),
                            col,
                            record[col],
                            "blank: a place only mentioned was not visited on this trip, so it has no date",
                            row_label=table.row_label,
                        )
                    )
    return problems


def _vocabulary_problems(table: RawTable, column: str, trip: Trip | None) -> list[Problem]:
    """Cells of ``column`` that name no kind declared in ``trip.toml``."""
    if trip is None:
        return []
    known = trip.kind_by_id
    shown = ", ".join(known) or "none: declare [[kinds]] in trip.toml"
    return [
        Problem(
            table.file,
            int(row),
            column,
            value,
            f"a kind declared in trip.toml (one of {shown})",
            row_label=table.row_label,
        )
        for row, value in table.frame[column].items()
        if value not in known
    ]


def _leg_rules(table: RawTable, cities: RawTable | None) -> list[Problem]:
    problems = []
    for row, record in _records(table):
        if record["from"] and record["from"] == record["to"]:
            problems.append(
                Problem(table.file, int(row), "to", record["to"], "a city other than 'from'", row_label=table.row_label)
            )
    if cities is not None and "status" in cities.frame:
        mentioned = set(cities.frame.loc[cities.frame["status"] == "mentioned", "id"])
        for col in ("from", "to"):
            for row, value in table.frame[col].items():
                if value in mentioned:
                    problems.append(
                        Problem(
                            table.file,
                            int(row),
                            col,
                            value,
                            "a visited city: this one is only mentioned",
                            row_label=table.row_label,
                        )
                    )
    return problems


def character_problems(table: RawTable) -> list[Problem]:
    """Every column name and cell holding a character no text may hold (:func:`routemap.schema.character_problem`).

    Running-text columns may hold tabs and line breaks; every other column is one line.
    The cells of a column whose name is refused are not looked at: its name is the news.
    """
    problems = []
    one_line = set(schema_of(table).columns) - schema.RUNNING_TEXT
    for column in table.frame.columns:
        if expected := schema.character_problem(str(column), one_line=True):
            problems.append(Problem(table.file, 1, None, str(column), expected))  # row 1: the header
            continue
        values = table.frame[column]
        if not schema.holds_refused_character("".join(values), one_line=column in one_line):
            continue  # one test a column: clean columns cost next to nothing
        for row, value in values.items():
            if expected := schema.character_problem(value, one_line=column in one_line):
                problems.append(Problem(table.file, int(row), column, value, expected, row_label=table.row_label))
    return problems


def _without(table: RawTable, refused: list[Problem]) -> RawTable:
    """A copy of ``table`` with its refused cells blank and its columns with refused names left out."""
    mine = [p for p in refused if p.file == table.file]
    frame = table.frame.drop(columns=[p.value for p in mine if p.column is None])
    for p in mine:
        if p.column is not None:
            frame.loc[p.row, p.column] = ""
    return replace(table, frame=frame)


def check_tables(trip: Trip | None, tables: dict[str, RawTable]) -> list[Problem]:
    """Every problem of every table: characters first, then schema rules, then rules across cells and files.

    A cell refused for its characters gets that one problem, not also the others it then breaks.
    """
    text = [p for table in tables.values() for p in character_problems(table)]
    refused = {(p.file, p.row, p.column) for p in text}
    if text:  # the other rules see such a cell blank: some refused characters (surrogates) crash pandas
        tables = {name: _without(table, text) for name, table in tables.items()}
    problems: list[Problem] = []
    for table in tables.values():
        problems += schema_problems(table)
    cities, legs, places = (tables.get(n) for n in FILES)
    city_ids = set(cities.frame["id"]) if cities is not None else set()
    if cities is not None:
        problems += _point_problems(cities, trip)
    if legs is not None:
        problems += _date_problems(legs, trip)
        if cities is not None:
            problems += _reference_problems(legs, ("from", "to"), city_ids, "city in cities.csv")
        problems += _leg_rules(legs, cities)
    if places is not None:
        problems += _point_problems(places, trip)
        problems += _date_problems(places, trip)
        problems += _place_rules(places, trip)
        if cities is not None:
            problems += _reference_problems(places, ("city",), city_ids, "city in cities.csv")
    return text + [p for p in problems if (p.file, p.row, p.column) not in refused]
