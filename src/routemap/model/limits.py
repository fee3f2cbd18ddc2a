"""How much data routemap agrees to read: every limit stated once, checked before the expensive work.

One :class:`Limits` serves the loader (a data folder, an itinerary GeoJSON), the
importers (an upload: GeoJSON, KML, CSV, zip) and the bound on parsing an
upload (seconds and memory), in the dashboard and the CLI alike; the CLI's
``--limit NAME=VALUE`` raises any of them (:func:`parse_limit`).

A dataset is a few dozen rows written by hand. A file far bigger than that is a
mistake or an attack, and the work it would cost (a quadratic check, a RecursionError
in the JSON parser, a day slider of three million days) is refused up front with a
:class:`~routemap.errors.Problem` that names the file and the limit. The loading
functions take ``limits`` (keyword-only, default :data:`DEFAULT_LIMITS`), so a
command-line option can raise them for a larger journey.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date
from typing import Final

LIMIT_NOTE: Final = "routemap's limit"


@dataclass(frozen=True, slots=True)
class Limits:
    """The most routemap reads of a dataset or an upload. See ``docs/data.md`` and ``docs/import.md``, *Limits*."""

    #: Bytes of one file (CSV, TOML, GeoJSON, KML, an upload, a file in a zip), checked before it is parsed.
    max_file_bytes: int = 20_000_000
    #: Rows of one CSV file after its header (blank lines count); features or cities of a GeoJSON;
    #: placemarks of a KML; rows of an import CSV.
    max_rows: int = 20_000
    #: Columns of one CSV file, checked on the header before any row is parsed.
    max_columns: int = 100
    #: How deeply a JSON or XML document nests (routemap's own GeoJSON needs 6, a KML about 8).
    max_json_depth: int = 64
    #: Elements of one KML document (a placemark is about ten).
    max_xml_elements: int = 500_000
    #: Entries of a zip, read from its directory before anything else.
    max_zip_entries: int = 200
    #: Uncompressed bytes of all entries of a zip together, as its directory declares them.
    max_zip_total_bytes: int = 50_000_000
    #: Uncompressed size over compressed size of an entry bigger than :attr:`zip_ratio_floor`.
    max_zip_ratio: int = 100
    #: Entries up to this many uncompressed bytes are not held to the ratio (tiny files compress well).
    zip_ratio_floor: int = 1_000_000
    #: Seconds an upload's parsing and checking may take, in its own process (then it is stopped).
    max_parse_seconds: int = 20
    #: Memory (address space) of that process, in megabytes.
    max_parse_megabytes: int = 2_000
    #: Days of a trip, first and last day included: ten years, so a year-long journey fits.
    max_trip_days: int = 3_660
    #: The first and last year a date of the data may fall in.
    earliest_year: int = 1000
    latest_year: int = 2999

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a whole number of at least 1, not {value!r}")
        if not MINYEAR <= self.earliest_year <= self.latest_year <= MAXYEAR:
            raise ValueError(
                f"Limits years must satisfy {MINYEAR} <= earliest_year <= latest_year <= {MAXYEAR}, "
                f"not {self.earliest_year} and {self.latest_year}"
            )

    def plausible(self, day: date) -> bool:
        """True when ``day`` falls in the years a date of the data may have."""
        return self.earliest_year <= day.year <= self.latest_year

    # The ``expected`` half of a refusal, one sentence per limit, so every message says the same.

    @property
    def file_bytes_expected(self) -> str:
        return f"a file of at most {self.max_file_bytes:,} bytes ({LIMIT_NOTE})"

    @property
    def rows_expected(self) -> str:
        return f"at most {self.max_rows:,} rows after the header ({LIMIT_NOTE})"

    @property
    def items_expected(self) -> str:
        return f"at most {self.max_rows:,} items, as many as a CSV file may have rows ({LIMIT_NOTE})"

    @property
    def columns_expected(self) -> str:
        return f"at most {self.max_columns:,} columns ({LIMIT_NOTE})"

    @property
    def json_depth_expected(self) -> str:
        return f"JSON nested at most {self.max_json_depth} arrays or objects deep ({LIMIT_NOTE})"

    @property
    def depth_expected(self) -> str:
        return f"a document nested at most {self.max_json_depth} levels deep ({LIMIT_NOTE})"

    @property
    def features_expected(self) -> str:
        return f"at most {self.max_rows:,} places and legs ({LIMIT_NOTE})"

    @property
    def xml_elements_expected(self) -> str:
        return f"a KML document of at most {self.max_xml_elements:,} elements ({LIMIT_NOTE})"

    @property
    def zip_entries_expected(self) -> str:
        return f"a zip of at most {self.max_zip_entries:,} entries ({LIMIT_NOTE})"

    @property
    def zip_total_expected(self) -> str:
        return f"a zip of at most {self.max_zip_total_bytes:,} bytes uncompressed in all ({LIMIT_NOTE})"

    @property
    def zip_ratio_expected(self) -> str:
        return (
            f"an entry compressed at most {self.max_zip_ratio}:1 "
            f"(past {self.zip_ratio_floor:,} bytes; {LIMIT_NOTE}: this looks like a zip bomb)"
        )

    @property
    def parse_seconds_expected(self) -> str:
        return f"a file read and checked within {self.max_parse_seconds:,} seconds (max_parse_seconds, {LIMIT_NOTE})"

    @property
    def parse_memory_expected(self) -> str:
        return (
            f"a file read and checked within {self.max_parse_megabytes:,} MB of memory "
            f"(max_parse_megabytes, {LIMIT_NOTE})"
        )

    @property
    def trip_days_expected(self) -> str:
        return f"a trip of at most {self.max_trip_days:,} days, first and last included ({LIMIT_NOTE})"

    @property
    def years_expected(self) -> str:
        return f"a date in the years {self.earliest_year} to {self.latest_year} ({LIMIT_NOTE})"


DEFAULT_LIMITS: Final = Limits()


#: The names of the limits, as ``--limit NAME=VALUE`` takes them.
LIMIT_NAMES: Final = Limits.__slots__


def parse_limit(text: str) -> tuple[str, int]:
    """``max_rows=50000`` (or ``max-rows=50_000``) as a limit's name and value; ``ValueError`` says what is wrong."""
    name, sep, value = text.partition("=")
    name = name.strip().replace("-", "_")
    if not sep or name not in LIMIT_NAMES:
        raise ValueError(f"{text!r} is not NAME=VALUE with NAME one of {', '.join(LIMIT_NAMES)}")
    try:
        return name, int(value.strip().replace("_", "").replace(",", ""))
    except ValueError:
        raise ValueError(f"{text!r}: {value.strip()!r} is not a whole number") from None


def with_limits(base: Limits, changes: Iterable[str]) -> Limits:
    """``base`` with each ``NAME=VALUE`` of ``changes`` applied; ``ValueError`` for a bad name or value."""
    return replace(base, **dict(parse_limit(c) for c in changes))
