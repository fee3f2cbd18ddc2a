"""What the Upload page shows of an upload, as tables of text: every problem, every place the file did not place.

Pure functions of the importers' results (:mod:`routemap.load.importers`), so the
page only draws them. The cells hold the file's own text; the page shows them in
a data table, which renders no Markdown or HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import pandas as pd

from routemap.load.importers.placing import Placement
from routemap.model.errors import Problem

PROBLEM_COLUMNS: Final = ("File", "Where", "Column", "Value", "How to fix")
PLACEMENT_COLUMNS: Final = ("Table", "Row", "Name", "Placed by", "Detail")


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """One row a problem: the file, the row or line (blank for the whole file), the column, the value, the fix."""
    rows = [
        (
            p.file,
            f"{p.row_label} {p.row}" if p.row is not None else "the whole file",
            p.column or "",
            "" if p.value is None else p.value,
            f"expected {p.expected}",
        )
        for p in problems
    ]
    return pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS), dtype=object)


def placements_frame(placements: Iterable[Placement]) -> pd.DataFrame:
    """One row a city or place the file gave no point for: how it was placed, or that it was not."""
    rows = [(p.table, p.row, p.name, p.placed_by, p.detail) for p in placements]
    return pd.DataFrame(rows, columns=list(PLACEMENT_COLUMNS))
