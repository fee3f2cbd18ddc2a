"""Hostile cases: values and files made to break a reader, with what routemap must answer.

Reuse them for any feature that reads data (an upload, a new file format, a CLI
option): every case here must end in a :class:`~routemap.errors.Problem` naming the
file, soon, and never in a traceback, a hang, a runaway use of memory or a row
dropped without a word. Sizes are a little past :data:`routemap.limits.DEFAULT_LIMITS`
unless a test passes smaller limits.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

import pytest

from routemap.load.folder import load_dataset
from routemap.model.errors import DataError, Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits

T = TypeVar("T")


def refused(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """The problems :func:`~routemap.data.load_dataset` finds in ``path``, which it must refuse."""
    with pytest.raises(DataError) as caught:
        load_dataset(path, limits=limits)
    return caught.value.problems


def only(found: list[Problem]) -> Problem:
    """The one problem found; the assertion lists them all when there are more."""
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --------------------------------------------------------------------------- text

#: Characters no text of the data may hold (routemap.schema.NOT_TEXT_RE), by name.
#: Lone surrogates cannot be written as UTF-8: only a JSON escape makes one.
REFUSED_CHARACTERS: Final = {
    **{f"c0-{code:02x}": chr(code) for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]},
    "delete": "\x7f",
    "c1-padding": "\x80",
    "c1-next-line": "\x85",
    "c1-csi": "\x9b",
    "c1-application-command": "\x9f",
    "noncharacter-fdd0": "\ufdd0",
    "noncharacter-fffe": "\ufffe",
    "noncharacter-ffff": "\uffff",
    "noncharacter-1fffe": "\U0001fffe",
    "noncharacter-10ffff": "\U0010ffff",
}
LONE_SURROGATES: Final = {"high": "\ud800", "low": "\udfff"}

#: Tabs and line breaks: allowed in running text (routemap.schema.RUNNING_TEXT), refused in one-line columns.
LINE_BREAKS: Final = {"tab": "\t", "line-feed": "\n", "carriage-return": "\r", "crlf": "\r\n"}

#: Text the loader accepts that is hostile to whatever reads an export: markup, script,
#: template and formula syntax, quotes, escapes, invisible and right-to-left characters.
#: One line each, so they fit any text column.
ACCEPTED_TEXT: Final = {
    "markup": "<b>bold</b> & <i>italic</i> <img src=x onerror=alert(1)>",
    "script-end": "</script><script>alert(1)</script><!--",
    "closing-tags": "</title></textarea></style></noscript></div></kml></Document>",
    "cdata-end": "]]> <![CDATA[ x ]]>",
    "entities": "&amp; &#0; &#x1F; &lt;&gt; &nbsp;",
    "quotes": "\"double\" 'single' `back`",
    "template": "${alert(1)} {{ 7*7 }} {% raw %} #{x}",
    "jinja-code": "{{ 7*7 }} {{ cycler.__init__.__globals__.os.getpid() }} {# comment",
    "backslashes": "C:\\new\\table\\ \\u0000 \\x00",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "bidi": "abc\u202edcba\u202c \u2066x\u2069",
    "line-separators": "a\u2028b\u2029c",
    "astral": "𠮷野家 🚆 \U0001f3f3\ufe0f\u200d\U0001f308",
    "zero-width": "a\u200bb\u200dc\ufeffd",
    "xml-declaration": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
}


def set_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Put ``value`` in one cell, found by the row's id; return the line number the row starts on.

    Every cell is quoted, so a carriage return stays in its cell (Python's csv module
    before 3.12 leaves a lone CR unquoted when the line terminator is LF).
    """
    path = folder / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    col = rows[0].index(column)
    (index,) = [i for i, row in enumerate(rows) if row[0] == row_id]
    rows[index][col] = value
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    reader = csv.reader(io.StringIO(buffer.getvalue(), newline=""))
    start = 1
    for number, _ in enumerate(reader):  # the line a record starts on, counted as the loader counts
        if number == index:
            return start
        start = reader.line_num + 1
    raise AssertionError(f"row {row_id!r} of {file} vanished")


# --------------------------------------------------------------------------- dates

#: Trip days past the limits: (start, end, the key blamed, the start of what is expected).
HOSTILE_TRIPS: Final = {
    "end-in-year-9999": ("2025-05-26", "9999-12-31", "end", "a date in the years 1000 to 2999 (routemap's limit)"),
    "start-in-year-1": ("0001-01-01", "2025-06-05", "start", "a date in the years 1000 to 2999 (routemap's limit)"),
    "a-year-before-1000": ("0999-12-31", "1000-01-01", "start", "a date in the years 1000 to 2999 (routemap's limit)"),
    "ten-years-and-a-day": ("2025-05-26", "2035-06-03", "end", "a trip of at most 3,660 days"),
    "end-before-start": ("2025-06-05", "2025-05-26", "end", "a day on or after 'start'"),
}

#: Date cells no trip can hold: (cell, the start of what is expected). Problems, never exceptions.
HOSTILE_CELL_DATES: Final = {
    "five-digit-year": ("99999-05-30", "a date as YYYY-MM-DD"),
    "year-one": ("0001-05-30", "a day of the trip"),
    "year-zero": ("0000-05-30", "a date as YYYY-MM-DD"),
    "year-9999": ("9999-12-31", "a day of the trip"),
    "negative-year": ("-2025-05-30", "a date as YYYY-MM-DD"),
    "february-30": ("2025-02-30", "a date as YYYY-MM-DD"),
    "full-width-digits": ("２０２５-０５-３０", "a date as YYYY-MM-DD"),
}


def set_trip(folder: Path, start: str, end: str) -> None:
    """Give the data folder's ``trip.toml`` other first and last days."""
    path = folder / "trip.toml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for key, day in (("start", start), ("end", end)):
        (index,) = [i for i, line in enumerate(lines) if line.startswith(f"{key} = ")]
        lines[index] = f"{key} = {day}\n"
    path.write_text("".join(lines), encoding="utf-8")


def move_to_year(folder: Path, year: int) -> None:
    """Move every date of the data folder (2025) to another year, days and months unchanged."""
    for name in ("trip.toml", "cities.csv", "legs.csv", "places.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("2025-", f"{year:04d}-"), encoding="utf-8")


# --------------------------------------------------------------------------- files


def wide_csv(columns: int, *, rows: int = 1) -> str:
    """A CSV text with ``columns`` distinct columns: the header, then ``rows`` rows of ``x``."""
    header = ",".join(f"c{i}" for i in range(columns))
    row = ",".join("x" * columns)
    return "\n".join([header, *([row] * rows)]) + "\n"


def long_csv(header: str, rows: int) -> str:
    """A CSV text of ``header`` and ``rows`` rows of blank cells, as many as the header has."""
    return header + "\n" + ("," * header.count(",") + "\n") * rows


def deep_json(depth: int, *, inner: str = "") -> str:
    """A GeoJSON FeatureCollection whose ``features`` nests ``depth`` arrays deep."""
    return '{"type": "FeatureCollection", "features": ' + "[" * depth + inner + "]" * depth + "}"


#: JSON whose bracket scan must stay linear: strings full of brackets and escaped
#: quotes, and a string never closed (a naive scanner restarts at every escaped quote).
TRICKY_JSON: Final = {
    "brackets-in-strings": '{"type": "FeatureCollection", "features": [], "x": "' + "[{" * 50_000 + '"}',
    "escaped-quotes": '{"type": "FeatureCollection", "features": [], "x": "' + '\\"[' * 50_000 + '"}',
    "unterminated-string": '{"type": "FeatureCollection", "x": "' + '\\"[' * 200_000,
    "huge-integer": '{"type": "FeatureCollection", "features": [' + "9" * 50_000 + "]}",
}


def deep_toml(depth: int) -> str:
    """A trip.toml whose ``title`` is an array nested ``depth`` deep (tomllib recurses once per level)."""
    return "title = " + "[" * depth + "]" * depth + "\nstart = 2025-05-26\nend = 2025-06-05\n"


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` NUL bytes that takes no disk space: only its size is ever meant to be read."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def fifo(path: Path) -> Path:
    """A named pipe at ``path``: a reader that opens it blocks until a writer comes, for ever in a test."""
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    return path


def call_unblocking(call: Callable[[], T], pipe: Path, *, seconds: float = 10.0) -> T:
    """``call()``, which must not block on the FIFO ``pipe``; if it does, unblock it and fail.

    A reader stuck opening the FIFO is released by opening its write end and closing
    it (the reader then sees an empty file), so a regression fails the test instead
    of hanging the suite.
    """
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        with contextlib.suppress(OSError):  # blocked elsewhere than on opening: the daemon thread stays behind
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(seconds)
        raise AssertionError(f"blocked for {seconds} s on the FIFO {pipe}: it was opened for reading")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
