"""How much data routemap agrees to read: every limit stated once, checked before the expensive work.

A dataset is a few dozen rows written by hand. A file far bigger than that is a
mistake or an attack, and the work it would cost (a quadratic check, a RecursionError
in the JSON parser, a day slider of three million days) is refused up front with a
:class:`~routemap.errors.Problem` that names the file and the limit. The loading
functions take ``limits`` (keyword-only, default :data:`DEFAULT_LIMITS`), so a
command-line option can raise them for a larger journey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from typing import Final

LIMIT_NOTE: Final = "routemap's limit"


@dataclass(frozen=True, slots=True)
class Limits:
    """The most routemap reads of a dataset. See ``docs/data.md``, section *Limits*."""

    #: Bytes of one file (CSV, TOML or GeoJSON), checked before it is read.
    max_file_bytes: int = 20_000_000
    #: Rows of one CSV file after its header (blank lines count); features or cities of an itinerary GeoJSON.
    max_rows: int = 20_000
    #: Columns of one CSV file, checked on the header before any row is parsed.
    max_columns: int = 100
    #: How deeply a JSON document nests arrays and objects (routemap's own GeoJSON needs 6).
    max_json_depth: int = 64
    #: Days of a trip, first and last day included: ten years, so a year-long journey fits.
    max_trip_days: int = 3_660
    #: The first and last year a date of the data may fall in.
    earliest_year: int = 1000
    latest_year: int = 2999

    def __post_init__(self) -> None:
        for name in ("max_file_bytes", "max_rows", "max_columns", "max_json_depth", "max_trip_days"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
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
    def trip_days_expected(self) -> str:
        return f"a trip of at most {self.max_trip_days:,} days, first and last included ({LIMIT_NOTE})"

    @property
    def years_expected(self) -> str:
        return f"a date in the years {self.earliest_year} to {self.latest_year} ({LIMIT_NOTE})"


DEFAULT_LIMITS: Final = Limits()
