"""What the Upload page shows, as pure functions: problem tables, the placement report, the data folder as a zip."""

from __future__ import annotations

from pathlib import Path

from routemap.export.datafolder import data_folder_zip, toml_value, trip_toml
from routemap.load.importers import import_trip
from routemap.load.importers.bounded import parse_upload
from routemap.load.importers.placing import NOT_PLACED, awaiting, placements
from routemap.model.errors import Problem
from routemap.view.upload import PROBLEM_COLUMNS, placements_frame, problems_frame

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "import"


def test_a_problem_table_has_a_row_per_problem_with_where_and_how_to_fix():
    frame = problems_frame(
        [
            Problem("a.csv", 3, "date", "27/05/2025", "a date as YYYY-MM-DD"),
            Problem("a.kml", None, None, None, "a KML file", row_label="placemark"),
            Problem("b.geojson", 2, "geometry", "null", "a Point", row_label="feature"),
        ]
    )
    assert tuple(frame.columns) == PROBLEM_COLUMNS
    assert frame.values.tolist() == [
        ["a.csv", "row 3", "date", "27/05/2025", "expected a date as YYYY-MM-DD"],
        ["a.kml", "the whole file", "", "", "expected a KML file"],
        ["b.geojson", "feature 2", "geometry", "null", "expected a Point"],
    ]


def test_the_placement_report_says_how_each_point_the_file_lacked_was_found():
    parsed = parse_upload("shaanxi.csv", (EXAMPLES / "shaanxi.csv").read_bytes())
    report = placements(parsed.imported)
    assert [(p.table, p.name, p.placed_by) for p in report] == [
        ("cities.csv", "Yan'an", "the offline gazetteer"),
        ("places.csv", "Yan'an Revolutionary Memorial Hall", "its city's point"),
    ]
    assert list(placements_frame(report)["Placed by"]) == ["the offline gazetteer", "its city's point"]
    assert awaiting(parsed.imported) == []


def test_a_place_nobody_knows_is_reported_not_placed_and_awaits_a_lookup():
    data = b"name,city,date\nAtlantis Hall,Qwertyville,2025-05-26\n"
    parsed = parse_upload("unknown.csv", data)
    assert parsed.dataset is None
    assert {(p.name, p.placed_by) for p in placements(parsed.imported)} == {
        ("Qwertyville", NOT_PLACED),
        ("Atlantis Hall", NOT_PLACED),
    }
    assert awaiting(parsed.imported) == [("cities.csv", 1, "Qwertyville"), ("places.csv", 2, "Atlantis Hall")]


def test_toml_strings_carry_quotes_backslashes_and_newlines_literally():
    hostile = 'a "quoted" \\ back\\slash\nnew line """ \x7f'
    assert toml_value(hostile) == '"a \\"quoted\\" \\\\ back\\\\slash\\nnew line \\"\\"\\" \\u007f"'


def test_a_hostile_trip_round_trips_through_the_data_folder_zip():
    text = (EXAMPLES / "shaanxi.geojson").read_text(encoding="utf-8")
    text = text.replace("Three days in Shaanxi (sample itinerary)", 'Trip \\"x\\" \\\\ ${1+1} {{ 7*7 }} </script>')
    parsed = parse_upload("hostile.geojson", text.encode())
    assert parsed.dataset is not None, parsed.problems
    assert 'title = "Trip \\"x\\" \\\\ ${1+1} {{ 7*7 }} </script>"' in trip_toml(parsed.dataset.trip)
    tables = {k: t.frame for k, t in parsed.imported.tables.items()}
    back = import_trip("trip.zip", data_folder_zip(parsed.dataset.trip, tables)).dataset()
    assert back.trip.title == 'Trip "x" \\ ${1+1} {{ 7*7 }} </script>'
    assert back.trip == parsed.dataset.trip
