"""Table helpers for the Places page: plain-text search over a places table."""

from __future__ import annotations

from typing import Final

import pandas as pd

SEARCHED: Final = ("name", "name_zh", "city", "kind", "description", "themes", "id")


def search(table: pd.DataFrame, query: str | None) -> pd.DataFrame:
    """Rows whose text columns contain every word of ``query`` (case-insensitive, literal)."""
    words = (query or "").casefold().split()
    if not words:
        return table
    columns = [c for c in SEARCHED if c in table]
    haystack = table[columns].astype(str).agg(" ".join, axis=1).str.casefold()
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return table[keep]
