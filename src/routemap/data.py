"""Load the dataset from ``data/`` into typed pandas DataFrames, or explain why not.

Three CSV files and one TOML file make the dataset (see ``docs/data.md``):
``trip.toml`` (title and dates), ``cities.csv``, ``legs.csv`` and ``places.csv``.
Loading is two steps. First every file is read as text and checked against its
schema (:mod:`routemap.schema`) and against the other files; *every* problem of
every file is collected, and if there is any, one :class:`~routemap.errors.DataError`
carries them all. Only a clean dataset is then converted to real dtypes, so the
conversion cannot fail and nothing is silently dropped or coerced.
"""

from __future__ import annotations

import csv
import io
import os
import shlex
import stat
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pandera.pandas as pa

from routemap import route, schema, trips
from routemap.errors import DataError, Problem
from routemap.limits import DEFAULT_LIMITS, Limits
from routemap.tripdoc import Trip, trip_from_doc
from routemap.vocab import CERTAINTIES, MODES, PRECISIONS, STATUSES, THEMES_SEPARATOR

FILES: Final = ("cities.csv", "legs.csv", "places.csv")
TRIP_FILE: Final = "trip.toml"
#: The trip's text and whether it is one line (the title) or running text.
TRIP_TEXT: Final = {"title": True, "dates_quote": False}
DATA_ENV: Final = "ROUTEMAP_DATA"
ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Dataset:
    """The validated, typed dataset.

    ``places`` holds visited and mentioned places (column ``status``); the
    route's stops are only the visited ones (see :mod:`routemap.route`).
    """

    trip: Trip
    cities: pd.DataFrame
    legs: pd.DataFrame
    places: pd.DataFrame
    origin: str = ""

    @cached_property
    def route_stops(self) -> pd.DataFrame:
        """The visited places in route order, numbered (see :func:`routemap.route.stops`)."""
        return route.stops(self.places)

    @cached_property
    def route_legs(self) -> pd.DataFrame:
        """The legs with end points and geodesic length, computed once per dataset."""
        return route.legs_with_geometry(self.legs, self.cities)


@dataclass(frozen=True)
class RawTable:
    """One file's rows as text, indexed by the row number a person sees."""

    file: str
    frame: pd.DataFrame
    row_label: str = "row"
    schema_key: str = ""  # which of FILES' schemas applies; defaults to ``file``
    missing: tuple[str, ...] = ()  # columns absent from the header, reported once there

    @property
    def schema(self) -> pa.DataFrameSchema:
        return schema.SCHEMAS[self.schema_key or self.file]


def default_data_dir() -> Path:
    """The trip opened when none is named: the first of ``$ROUTEMAP_DATA``, else ``data/`` (see routemap.trips)."""
    return trips.default_folder()


# --------------------------------------------------------------------------- reading


#: What a path is when it is not a regular file, for the message that refuses it.
_FILE_KINDS: Final = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(name: str, mode: int) -> Problem:
    kind = next((what for test, what in _FILE_KINDS if test(mode)), "a special file")
    return Problem(name, None, None, None, f"a regular file, not {kind}")


def _read_at_most(path: Path, size: int) -> bytes | Problem:
    """Up to ``size`` bytes of a regular file, or the problem that it is no longer one.

    Opened without blocking and checked again once open, so a file swapped for a FIFO
    after :func:`read_text` looked at it cannot hang the reader.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            return _not_regular(path.name, mode)
        return handle.read(size)


def read_text(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that it is missing, not a regular file, too big or not UTF-8.

    Only a regular file is read: a FIFO or a device in place of a data file would
    block the reader for ever, and one is refused before it is opened. The size is
    checked before reading, and no more than one byte past ``limits.max_file_bytes``
    is ever read, in case the file grows meanwhile.
    """
    name = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [_not_regular(name, info.st_mode)]
        if info.st_size > limits.max_file_bytes:
            return None, [Problem(name, None, None, f"{info.st_size:,} bytes", limits.file_bytes_expected)]
        raw = _read_at_most(path, limits.max_file_bytes + 1)
    except FileNotFoundError:
        return None, [Problem(name, None, None, None, f"the file {path} to exist")]
    except OSError as exc:
        return None, [Problem(name, None, None, None, f"a readable file ({exc.strerror})")]
    if isinstance(raw, Problem):
        return None, [raw]
    if len(raw) > limits.max_file_bytes:
        return None, [
            Problem(name, None, None, f"more than {limits.max_file_bytes:,} bytes", limits.file_bytes_expected)
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        return None, [
            Problem(name, line, None, f"bytes {bad}", f"UTF-8 text (byte {exc.start} is not; save the file as UTF-8)")
        ]


def parse_csv(
    name: str, text: str, columns: Iterable[str], *, limits: Limits = DEFAULT_LIMITS
) -> tuple[RawTable | None, list[Problem]]:
    """Parse CSV text into a table of strings indexed by line number.

    Rows whose number of cells differs from the header's are reported, never
    dropped quietly: such a row is a problem and the file is not loaded. A file
    with more columns or rows than ``limits`` allows, or with a column named twice,
    is refused as a whole (no table, only the problems of its header), as soon as
    the header or the row past the limit is read.
    """
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return RawTable(name, pd.DataFrame(columns=list(columns))), [
            Problem(name, None, None, None, "a header row naming the columns")
        ]
    except csv.Error as exc:
        return None, [Problem(name, 1, None, None, f"well-formed CSV ({exc})")]
    if len(header) > limits.max_columns:
        return None, [Problem(name, 1, None, f"{len(header):,} columns", limits.columns_expected)]
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    for col in missing:
        problems.append(Problem(name, 1, col, None, f"a column named '{col}' in the header"))
    counts = Counter(header)
    dupes = sorted(h for h, n in counts.items() if n > 1)
    for col in dupes:
        problems.append(Problem(name, 1, col, None, "each column named once in the header"))
    if dupes:  # a cell can no longer be found by its column's name: nothing more to check
        return None, problems
    rows: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for count, record in enumerate(reader, start=1):
            if count > limits.max_rows:
                return None, [Problem(name, None, None, f"more than {limits.max_rows:,} rows", limits.rows_expected)]
            if not record or (all(cell.strip() == "" for cell in record) and len(record) <= 1):
                start = reader.line_num + 1
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        name,
                        start,
                        None,
                        f"{len(record)} cells",
                        f"{len(header)} cells, as many as the header has columns",
                    )
                )
            else:
                rows.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, None, None, f"well-formed CSV ({exc})"))
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="row"), dtype=object)
    for col in missing:
        frame[col] = ""
    return RawTable(name, frame, missing=tuple(missing)), problems


def read_trip(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[Trip | None, list[Problem]]:
    """Read ``trip.toml``: the title and the first and last day of the journey."""
    text, problems = read_text(path, limits=limits)
    if text is None:
        return None, problems
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(path.name, None, None, None, f"valid TOML ({exc})")]
    except RecursionError:  # tomllib recurses once per array or inline table: a few hundred are its end
        return None, [
            Problem(path.name, None, None, None, "valid TOML (arrays or inline tables nested too deep to read)")
        ]
    # Text the Trip does not hold (a [source] table, ...) is checked here; its own, by check_trip.
    for key, value in _strings(doc):
        if key not in TRIP_TEXT and (expected := schema.character_problem(value, one_line=False)):
            problems.append(Problem(path.name, None, key, value, expected))
    if problems:
        return None, problems
    trip, trip_problems = trip_from_doc(doc, path.name)
    if trip is None:
        return None, trip_problems
    return check_trip(trip, path.name, limits=limits)


def _strings(value: object, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a parsed TOML document, with its dotted key (``source.title``, ``tags[0]``)."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{key}[{index}]")


def check_trip(
    trip: Trip, file: str, *, key_prefix: str = "", limits: Limits = DEFAULT_LIMITS
) -> tuple[Trip | None, list[Problem]]:
    """The trip if it makes sense, else its problems: its text, its years, its order and its length.

    Text may hold no control character (see :func:`routemap.schema.character_problem`),
    and the title is one line.

    A trip of millions of days would validate and then stall every page that lists
    its days, so the span is held to ``limits.max_trip_days``. ``key_prefix`` locates
    the keys in a file where the trip is not at the top level (``routemap.trip.``).
    """
    problems = [
        Problem(file, None, key_prefix + key, value, expected)
        for key, value in (("title", trip.title), ("dates_quote", trip.dates_quote))
        if (expected := schema.character_problem(value, one_line=TRIP_TEXT[key]))
    ]
    problems += [
        Problem(file, None, key_prefix + key, day.isoformat(), limits.years_expected)
        for key, day in (("start", trip.start), ("end", trip.end))
        if not limits.plausible(day)
    ]
    if problems:
        return None, problems
    end = key_prefix + "end"
    if trip.start > trip.end:
        return None, [Problem(file, None, end, trip.end.isoformat(), "a day on or after 'start'")]
    days = (trip.end - trip.start).days + 1
    if days > limits.max_trip_days:
        expected = f"{limits.trip_days_expected}; from {trip.start.isoformat()} that makes {days:,} days"
        return None, [Problem(file, None, end, trip.end.isoformat(), expected)]
    return trip, []


def read_raw_tables(
    folder: Path, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[Trip | None, dict[str, RawTable], list[Problem]]:
    """Read every file of a data folder as text, with the problems of reading them."""
    trip, problems = read_trip(folder / TRIP_FILE, limits=limits)
    tables: dict[str, RawTable] = {}
    for name in FILES:
        text, read_problems = read_text(folder / name, limits=limits)
        problems += read_problems
        if text is not None:
            table, parse_problems = parse_csv(name, text, schema.SCHEMAS[name].columns, limits=limits)
            if table is not None:
                tables[name] = table
            problems += parse_problems
    return trip, tables, problems


# --------------------------------------------------------------------------- checking


def schema_problems(table: RawTable) -> list[Problem]:
    """Every cell of a table that breaks its pandera schema, as problems."""
    frame_schema = table.schema
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


def _date_problems(table: RawTable, trip: Trip | None) -> list[Problem]:
    """Dates outside the trip, and a best date outside its own earliest/latest window."""
    problems = []
    span = f"{trip.start.isoformat()} to {trip.end.isoformat()}" if trip else ""
    frame = table.frame
    for row in frame.index:
        record = frame.loc[row]
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
    for row, record in table.frame.iterrows():
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
    for row, record in table.frame.iterrows():
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
    one_line = set(table.schema.columns) - schema.RUNNING_TEXT
    for column in table.frame.columns:
        if expected := schema.character_problem(str(column), one_line=True):
            problems.append(Problem(table.file, 1, None, str(column), expected))  # row 1: the header
            continue
        values = table.frame[column]
        pattern = schema.NOT_ONE_LINE_RE if column in one_line else schema.NOT_TEXT_RE
        if not pattern.search("".join(values)):  # one search a column: clean columns cost next to nothing
            continue
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


# --------------------------------------------------------------------------- typing


def _categorical(values: pd.Series, categories: Iterable[str], *, ordered: bool = False) -> pd.Series:
    return pd.Series(
        pd.Categorical(values, categories=list(categories), ordered=ordered), index=values.index, name=values.name
    )


def _dates(values: pd.Series) -> pd.Series:
    # Straight to seconds: before pandas 3, to_datetime parsed text to nanoseconds, which
    # cover only the years 1677 to 2262, fewer than the limits allow.
    seconds = np.array([v or "NaT" for v in values], dtype="datetime64[s]")
    return pd.Series(seconds, index=values.index, name=values.name)


def _typed_coordinates(frame: pd.DataFrame) -> pd.DataFrame:
    frame["lat"] = frame["lat"].astype("float64")
    frame["lon"] = frame["lon"].astype("float64")
    frame["coord_precision"] = _categorical(frame["coord_precision"], PRECISIONS, ordered=True)
    return frame


def type_cities(raw: pd.DataFrame) -> pd.DataFrame:
    """Cities with real dtypes; ``order`` is a nullable integer (blank for mentioned cities)."""
    frame = _typed_coordinates(raw.copy())
    frame["order"] = pd.array([int(v) if v else None for v in raw["order"]], dtype="Int64")
    frame["status"] = _categorical(frame["status"], STATUSES)
    return frame.reset_index(drop=False)


def type_legs(raw: pd.DataFrame) -> pd.DataFrame:
    """Legs with dates as dates and the mode as a categorical."""
    frame = raw.copy()
    for col in ("date", "date_earliest", "date_latest"):
        frame[col] = _dates(frame[col])
    frame["date_certainty"] = _categorical(frame["date_certainty"], CERTAINTIES)
    frame["mode"] = _categorical(frame["mode"], MODES)
    return frame.reset_index(drop=False)


def type_places(raw: pd.DataFrame, trip: Trip) -> pd.DataFrame:
    """Places with dates as dates, kinds and statuses as categoricals, themes as tuples.

    ``theme`` (categorical) is the first of a place's themes, which colours its marker.
    """
    frame = _typed_coordinates(raw.copy())
    for col in ("date", "date_earliest", "date_latest"):
        frame[col] = _dates(frame[col])
    frame["date_certainty"] = _categorical(frame["date_certainty"].replace("", None), CERTAINTIES)
    frame["kind"] = _categorical(frame["kind"], list(trip.kind_by_id))
    frame["status"] = _categorical(frame["status"], STATUSES)
    frame["place_certainty"] = _categorical(frame["place_certainty"], CERTAINTIES)
    themes = [tuple(t.strip() for t in v.split(THEMES_SEPARATOR) if t.strip()) for v in raw["themes"]]
    frame["themes"] = pd.Series(themes, index=frame.index, dtype=object)
    frame["theme"] = _categorical(pd.Series([t[0] for t in themes], index=frame.index), list(trip.theme_by_id))
    return frame.reset_index(drop=False)


def build_dataset(trip: Trip | None, tables: dict[str, RawTable], problems: list[Problem], origin: str) -> Dataset:
    """Check raw tables and, when nothing is wrong, type them into a :class:`Dataset`."""
    problems = problems + check_tables(trip, tables)
    if problems or trip is None:
        raise DataError(problems)
    return Dataset(
        trip=trip,
        cities=type_cities(tables["cities.csv"].frame),
        legs=type_legs(tables["legs.csv"].frame),
        places=type_places(tables["places.csv"].frame, trip),
        origin=origin,
    )


#: The command that looks up online, and keeps in the folder's cache, what the offline lookup could not find.
GEOCODE_COMMAND: Final = "routemap geocode --online --write"
#: The cells a lookup fills in a row of cities or places.
LOOKUP_COLUMNS: Final = ("lat", "lon", "coord_source", "coord_precision")
HALF_BLANK: Final = (
    "a value: latitude and longitude are looked up only when both are blank "
    "(fill this one in, or blank both to have the place looked up)"
)
NOT_LOOKED_UP: Final = "a value: a coordinate left blank is looked up only in a data folder's CSV files (fill it in)"


def blank_coordinates(frame: pd.DataFrame) -> pd.Series:
    """Which rows of a raw cities or places table leave latitude and longitude both blank: those are looked up."""
    return (frame["lat"] == "") & (frame["lon"] == "")


def lookup_advice(problems: list[Problem], tables: dict[str, RawTable], folder: Path | None) -> list[Problem]:
    """The schema's word on a blank coordinate nobody could look up, made exact for where the row is.

    The schema knows neither the folder nor the rest of the row. Here a row of a
    data folder with both coordinates blank is told the command that looks it up
    and that the next load fills it from (:data:`GEOCODE_COMMAND` on that folder);
    a row with one of the two blank, or a row of an itinerary file, which no lookup
    fills, is told to fill it in.
    """
    generic = schema.LOOKED_UP.error
    command = f"{GEOCODE_COMMAND} {shlex.quote(str(folder))}"
    advised = []
    for problem in problems:
        if problem.expected == generic:
            table = tables.get(problem.file)
            if folder is None or table is None:
                expected = NOT_LOOKED_UP
            elif problem.row in table.frame.index and blank_coordinates(table.frame.loc[[problem.row]]).all():
                expected = generic.replace(f"`{GEOCODE_COMMAND}`", f"`{command}`")
            else:
                expected = HALF_BLANK
            problem = replace(problem, expected=expected)
        advised.append(problem)
    return advised


#: Precision given to a looked-up coordinate when its source does not say:
#: a gazetteer answer is a city centre; any other geocoder's answer for a name is
#: not verified, so it claims no more than the right area.
LOOKED_UP_PRECISION: Final = {"gazetteer": "city"}


def fill_missing_coordinates(
    tables: dict[str, RawTable], folder: Path | None, progress: ProgressFn | None = None
) -> None:
    """Look up rows of cities and places whose latitude and longitude are both blank.

    Offline only: the geocoding cache (``geocache.json`` of the data folder, else the
    shipped one), then the GeoNames gazetteer. A row found gets its coordinate, a
    ``coord_source`` saying it was looked up and from what, and a precision; a row
    not found stays blank, and the schema check reports it.
    """
    todo = {
        name: t.frame[blank_coordinates(t.frame)] for name, t in tables.items() if name in ("cities.csv", "places.csv")
    }
    todo = {name: rows for name, rows in todo.items() if len(rows)}
    if not todo:
        return
    from routemap import geocode  # only needed when something is missing
    from routemap.geocache import CACHE_FILE, GeoCache

    own = folder / CACHE_FILE if folder is not None else None
    cache = GeoCache.load(own) if own is not None and own.exists() else geocode.default_cache()
    cities = tables["cities.csv"].frame if "cities.csv" in tables else None
    total = sum(len(rows) for rows in todo.values())
    done = 0
    for name, rows in todo.items():
        frame = tables[name].frame

        def step(offset: int, _total: int, place: str, before: int = done) -> None:
            if progress is not None:
                progress(before + offset, total, place)

        filled, report = geocode.resolve_places(
            rows, cache=cache, progress=step, cities=cities if name == "places.csv" else None
        )
        done += len(rows)
        for (row, found), resolution in zip(filled.iterrows(), report.resolutions, strict=True):
            if not resolution.found:
                continue
            frame.loc[row, "lat"] = repr(float(found["lat"]))
            frame.loc[row, "lon"] = repr(float(found["lon"]))
            frame.loc[row, "coord_source"] = f"looked up ({resolution.source}): {resolution.detail}"
            frame.loc[row, "coord_precision"] = resolution.precision or LOOKED_UP_PRECISION.get(
                resolution.source, "area"
            )


def load_dataset(
    path: Path | str | None = None, *, progress: ProgressFn | None = None, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Load and validate a dataset: a data folder, or an itinerary GeoJSON file.

    Rows of cities or places with blank coordinates are looked up offline first
    (:func:`fill_missing_coordinates`); ``progress(done, total, name)`` follows that.
    Files beyond ``limits`` (:mod:`routemap.limits`) are refused before they are parsed.
    Raises :class:`~routemap.errors.DataError` listing every problem found.
    """
    path = Path(path) if path is not None else default_data_dir()
    folder = None
    if path.is_file() and path.suffix.lower() in {".geojson", ".json"}:
        from routemap.geojson import read_itinerary

        trip, tables, problems = read_itinerary(path, limits=limits)
    elif path.is_dir():
        folder = path
        trip, tables, problems = read_raw_tables(path, limits=limits)
        fill_missing_coordinates(tables, path, progress)
    else:
        raise DataError(
            [
                Problem(
                    path.name or str(path), None, None, None, f"a data folder or an itinerary .geojson file at {path}"
                )
            ]
        )
    try:
        return build_dataset(trip, tables, problems, str(path))
    except DataError as exc:
        raise DataError(lookup_advice(exc.problems, tables, folder)) from None
