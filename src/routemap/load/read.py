"""Read a data folder as text: ``trip.toml`` and the three CSV files, within the limits.

Nothing is coerced here: every cell stays a ``str`` and every problem of reading
(a missing or non-regular file, bytes that are not UTF-8, a bad header, a file
past a limit, a trip of implausible dates) becomes a :class:`~routemap.model.errors.Problem`.
:mod:`routemap.load.check` then checks the cells; :mod:`routemap.load.folder` ties it together.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import pandas as pd

from routemap.load import schema
from routemap.model.dataset import FILES, TRIP_FILE, RawTable
from routemap.model.errors import Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits
from routemap.model.trip import Trip, trip_from_doc

#: The trip's text and whether it is one line (the title) or running text.
TRIP_TEXT: Final = {"title": True, "dates_quote": False}


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


def read_bytes(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that it is missing, not a regular file or too big.

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
    return raw, []


def read_text(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, list[Problem]]:
    """A file's text, or the problem that it is missing, not a regular file, too big or not UTF-8."""
    raw, problems = read_bytes(path, limits=limits)
    if raw is None:
        return None, problems
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        return None, [
            Problem(
                path.name, line, None, f"bytes {bad}", f"UTF-8 text (byte {exc.start} is not; save the file as UTF-8)"
            )
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
