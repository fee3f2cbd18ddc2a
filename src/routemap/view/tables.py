"""Table helpers for the Places page: plain-text search over a places table, and its words for people."""

from __future__ import annotations

from typing import Final

import pandas as pd

from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, t

#: Columns that hold a word of a shared vocabulary, and the section of the translation table that names it.
VOCABULARIES: Final = {
    "status": "status",
    "date_certainty": "certainty",
    "place_certainty": "certainty",
    "coord_precision": "precision",
}
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


def for_people(table: pd.DataFrame, dataset: Dataset, lang: Lang) -> pd.DataFrame:
    """The places table as people read it in ``lang``: cities by name, kinds and themes by the trip's
    labels, and the shared vocabularies (status, how sure a date or place is, a coordinate's precision)
    in words.

    ``dataset`` is localized for ``lang`` (:func:`routemap.view.localize.localize_dataset`); ids stay in ``id``.
    """
    trip = dataset.trip
    out = table.copy()
    if "city" in out:
        names = dict(zip(dataset.cities["id"], dataset.cities["name"], strict=True))
        out["city"] = out["city"].map(lambda c: names.get(c, c))
    if "kind" in out:
        out["kind"] = out["kind"].map(lambda k: trip.kind(k).label if k in trip.kind_by_id else k)
    if "themes" in out:
        out["themes"] = out["themes"].map(
            lambda ts: ", ".join(trip.theme(s).label if s in trip.theme_by_id else s for s in str(ts).split(";") if s)
        )
    for column, prefix in VOCABULARIES.items():
        if column in out:
            out[column] = out[column].map(lambda v, p=prefix: t(f"{p}.{v}", lang) if isinstance(v, str) else v)
    return out
