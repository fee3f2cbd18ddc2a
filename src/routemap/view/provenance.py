"""Figures on where the dataset's facts come from, for the About page and the docs."""

from __future__ import annotations

import pandas as pd

from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, t


def summary(dataset: Dataset, lang: Lang = "en") -> pd.DataFrame:
    """How many places have stated or inferred dates and identities, and at what precision."""
    places = dataset.places
    visited = places[places["status"] == "visited"]
    rows = [
        (t("provenance.stops", lang), len(visited)),
        (t("provenance.mentioned", lang), len(places) - len(visited)),
        (t("provenance.dates_stated", lang), int((visited["date_certainty"] == "stated").sum())),
        (t("provenance.dates_inferred", lang), int((visited["date_certainty"] == "inferred").sum())),
        (t("provenance.places_stated", lang), int((places["place_certainty"] == "stated").sum())),
        (t("provenance.places_inferred", lang), int((places["place_certainty"] == "inferred").sum())),
    ]
    for precision, count in places["coord_precision"].value_counts(sort=False).items():
        rows.append((t("provenance.precision", lang, precision=t(f"precision.{precision}", lang)), int(count)))
    return pd.DataFrame(rows, columns=[t("provenance.what", lang), t("provenance.count", lang)])
