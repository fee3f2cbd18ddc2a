"""One exception tree for routemap, raised deep and shown at the edge.

The CLI prints these as messages and the dashboard as ``st.error``; neither
ever shows a traceback for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one cell, row or file of the dataset.

    ``row`` is the 1-based line number in the file as a spreadsheet or editor
    shows it (the header is line 1), or ``None`` for a problem of the whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    row_label: str = "row"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", {self.row_label} {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        if self.value is None:
            return f"{where}: expected {self.expected}"
        return f"{where}: got {self.value!r}, expected {self.expected}"


class RoutemapError(Exception):
    """Base of every error routemap raises on purpose."""


class DataError(RoutemapError):
    """The dataset breaks its schema. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        """All problems, one per line, under a count."""
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the dataset:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class ExportError(RoutemapError):
    """An export could not be produced (unknown format, no browser for PNG, ...)."""


class GeocodingError(RoutemapError):
    """A place could not be geocoded, or the geocoder setup is invalid."""
