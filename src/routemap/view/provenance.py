"""Figures on where the dataset's facts come from, for the About page and the docs."""

from __future__ import annotations

import pandas as pd

from routemap.model.dataset import Dataset


def summary(dataset: Dataset) -> pd.DataFrame:
    """How many places have stated or inferred dates and identities, and at what precision."""
    places = dataset.places
    visited = places[places["status"] == "visited"]
    rows = [
        ("Stops (visited places)", len(visited)),
        ("Places only mentioned", len(places) - len(visited)),
        ("Dates stated by the source", int((visited["date_certainty"] == "stated").sum())),
        ("Dates inferred (with reason)", int((visited["date_certainty"] == "inferred").sum())),
        ("Places named by the source", int((places["place_certainty"] == "stated").sum())),
        ("Places identified by inference", int((places["place_certainty"] == "inferred").sum())),
    ]
    for precision, count in places["coord_precision"].value_counts(sort=False).items():
        rows.append((f"Coordinates at {precision} precision", int(count)))
    return pd.DataFrame(rows, columns=["What", "Count"])
