"""The dataset's schema: one pandera schema per CSV file, over the raw text.

Files are read as text first (every cell a ``str``), so that nothing is coerced
before it is checked: each rule below says in words what it expects, and that
sentence is what a person sees next to the file, row and column that broke it.
Rules that need more than one cell (dates inside the trip, a point inside China,
a leg naming a known city) live in :mod:`routemap.data`.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Final

import pandera.pandas as pa

from routemap.model.vocab import CERTAINTIES, MODES, PRECISIONS, STATUSES

SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CJK_RE: Final = re.compile(r"[\u3400-\u9fff]")
MAX_QUOTE_CHARS: Final = 250
MAX_DESCRIPTION_CHARS: Final = 400


#: Characters no text of the dataset may hold: the C0 controls but tab, line feed and
#: carriage return; DEL and the C1 controls; surrogates (only JSON escapes can make a lone
#: one); and the non-characters (U+FDD0-U+FDEF, and the last two of every plane, U+FFFE
#: and U+FFFF among them). XML 1.0, and so KML, cannot hold most of them at all, HTML
#: parsers report them all as errors, and in a CSV file or a terminal they are invisible.
_NOT_TEXT: Final = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef" + "".join(
    rf"\U{plane + 0xFFFE:08x}\U{plane + 0xFFFF:08x}" for plane in range(0, 0x110000, 0x10000)
)
NOT_TEXT_RE: Final = re.compile(f"[{_NOT_TEXT}]")
#: In a one-line column, also tabs and line breaks.
NOT_ONE_LINE_RE: Final = re.compile(f"[\\t\\n\\r{_NOT_TEXT}]")
#: Columns of running text, where a tab or a line break may stand; every other column
#: (ids, names, vocabulary, dates, numbers) holds one line. Columns no schema names are
#: not read by routemap and are taken as running text.
RUNNING_TEXT: Final = frozenset(
    {"description", "source_quote", "date_basis", "mode_basis", "place_basis", "coord_source"}
)
_LINE_CHARS: Final = {"\t": "a tab", "\n": "a line feed", "\r": "a carriage return"}
_NO_LINE_CHARS: Final = str.maketrans(dict.fromkeys(_LINE_CHARS))


def holds_refused_character(value: str, *, one_line: bool) -> bool:
    """True if :func:`character_problem` has something to say about ``value``: a quick test for whole columns.

    ASCII text (ids, dates, numbers, most names) is tested by ``str.isprintable``,
    false exactly for the ASCII controls, in C; only other text goes through the
    regular expression, which takes about 80 ms a megabyte.
    """
    if value.isascii():
        return not (value if one_line else value.translate(_NO_LINE_CHARS)).isprintable()
    return (NOT_ONE_LINE_RE if one_line else NOT_TEXT_RE).search(value) is not None


def character_problem(value: str, *, one_line: bool) -> str | None:
    """What ``value`` should be if it holds a character routemap refuses (see ``NOT_TEXT_RE``), else ``None``.

    The answer names the first such character by its code point and place, e.g.
    ``text without control characters or non-characters (character 4 is U+0000, a control character)``.
    """
    found = (NOT_ONE_LINE_RE if one_line else NOT_TEXT_RE).search(value)
    if found is None:
        return None
    char = found.group()
    where = f"character {found.start() + 1} is U+{ord(char):04X}"
    if char in _LINE_CHARS:
        return f"one line of text, without tabs or line breaks ({where}, {_LINE_CHARS[char]})"
    if "\ud800" <= char <= "\udfff":
        kind = "a lone surrogate"
    elif char <= "\x9f":
        kind = "a control character"
    else:
        kind = "a non-character"
    return f"text without control characters or non-characters ({where}, {kind})"


def is_slug(value: str) -> bool:
    """True for a lower-case, hyphen-separated identifier such as ``yanan-memorial-hall``."""
    return bool(SLUG_RE.match(value))


def parse_float(value: str) -> float | None:
    """The number a cell holds, or ``None`` when it is not a finite decimal number.

    Only ASCII digits count: ``float`` would also take ``3_4.5`` or full-width
    ``３４.５``, and those are typing slips to report, not numbers to coerce.
    """
    if not value.isascii() or "_" in value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_iso_date(value: str) -> date | None:
    """The date a ``YYYY-MM-DD`` cell holds, or ``None``."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _check(fn, expected: str) -> pa.Check:
    return pa.Check(fn, element_wise=True, error=expected)


def _one_of(values: tuple[str, ...], *, blank_ok: bool = False) -> pa.Check:
    allowed = (*values, "") if blank_ok else values
    shown = ", ".join(values) + (" or blank" if blank_ok else "")
    return _check(lambda v: v in allowed, f"one of {shown}")


NON_EMPTY: Final = _check(lambda v: v.strip() != "", "a value (this column may not be blank)")
SLUG: Final = _check(is_slug, "a lower-case id of letters, digits and hyphens, e.g. 'yanan-memorial-hall'")
DATE_OR_BLANK: Final = _check(lambda v: v == "" or parse_iso_date(v) is not None, "a date as YYYY-MM-DD, or blank")
DATE: Final = _check(lambda v: parse_iso_date(v) is not None, "a date as YYYY-MM-DD")
LATITUDE: Final = _check(
    lambda v: v == "" or ((x := parse_float(v)) is not None and -90 <= x <= 90),
    "a latitude: a decimal number of degrees from -90 to 90",
)
LONGITUDE: Final = _check(
    lambda v: v == "" or ((x := parse_float(v)) is not None and -180 <= x <= 180),
    "a longitude: a decimal number of degrees from -180 to 180",
)
#: A blank coordinate is looked up when the dataset loads (routemap.data); one
#: still blank at checking time is one nobody could find.
LOOKED_UP: Final = _check(
    lambda v: v != "",
    "a value: a coordinate left blank is looked up when latitude and longitude are both blank, "
    "but neither the geocoding cache nor the offline gazetteer knows this place "
    "(fill it in, or run `routemap geocode --online --write`)",
)
HAS_CHINESE: Final = _check(
    lambda v: v == "" or bool(CJK_RE.search(v)), "the name in Chinese characters (简体), or blank"
)
QUOTE: Final = _check(
    lambda v: len(v) <= MAX_QUOTE_CHARS,
    f"at most one short sentence of the article ({MAX_QUOTE_CHARS} characters at most)",
)
DESCRIPTION: Final = _check(
    lambda v: 0 < len(v.strip()) <= MAX_DESCRIPTION_CHARS,
    f"a short description in our own words (1 to {MAX_DESCRIPTION_CHARS} characters)",
)


def _col(*checks: pa.Check, unique: bool = False) -> pa.Column:
    # No dtype: every cell is read as text, and pandas 3 stores text either as
    # object or as its str dtype; checking that would only cost time.
    return pa.Column(None, checks=list(checks), unique=unique, nullable=False)


def _coordinates() -> dict[str, pa.Column]:
    return {
        "lat": _col(LOOKED_UP, LATITUDE),
        "lon": _col(LOOKED_UP, LONGITUDE),
        "coord_source": _col(NON_EMPTY),
        "coord_precision": _col(_one_of(PRECISIONS)),
    }


CITIES: Final = pa.DataFrameSchema(
    {
        "id": _col(SLUG, unique=True),
        "name": _col(NON_EMPTY),
        "name_zh": _col(HAS_CHINESE),
        "province": _col(NON_EMPTY),
        "order": _col(
            _check(
                lambda v: v == "" or (v.isascii() and v.isdigit()),  # int() refuses "²"
                "a whole number (the city's place in the route), or blank for a city only mentioned",
            )
        ),
        "status": _col(_one_of(STATUSES)),
        **_coordinates(),
        "source_quote": _col(QUOTE),
    },
    name="cities.csv",
)

LEGS: Final = pa.DataFrameSchema(
    {
        "id": _col(SLUG, unique=True),
        "from": _col(SLUG),
        "to": _col(SLUG),
        "date": _col(DATE),
        "date_earliest": _col(DATE_OR_BLANK),
        "date_latest": _col(DATE_OR_BLANK),
        "date_certainty": _col(_one_of(CERTAINTIES)),
        "date_basis": _col(NON_EMPTY),
        "mode": _col(_one_of(MODES)),
        "mode_basis": _col(NON_EMPTY),
        "source_quote": _col(QUOTE),
    },
    name="legs.csv",
)

PLACES: Final = pa.DataFrameSchema(
    {
        "id": _col(SLUG, unique=True),
        "name": _col(NON_EMPTY),
        "name_zh": _col(HAS_CHINESE),
        "city": _col(SLUG),
        "kind": _col(SLUG),  # one of the trip's own kinds: checked against trip.toml in routemap.data
        "status": _col(_one_of(STATUSES)),
        "date": _col(DATE_OR_BLANK),
        "date_earliest": _col(DATE_OR_BLANK),
        "date_latest": _col(DATE_OR_BLANK),
        "date_certainty": _col(_one_of(CERTAINTIES, blank_ok=True)),
        "date_basis": _col(),
        "themes": _col(NON_EMPTY),
        "description": _col(DESCRIPTION),
        "source_quote": _col(NON_EMPTY, QUOTE),
        "place_certainty": _col(_one_of(CERTAINTIES)),
        "place_basis": _col(NON_EMPTY),
        **_coordinates(),
    },
    name="places.csv",
)

SCHEMAS: Final = {"cities.csv": CITIES, "legs.csv": LEGS, "places.csv": PLACES}
