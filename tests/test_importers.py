"""Imports (routemap.importers): each format into a Dataset, routemap's own export back, and the hostile corpus.

Every file of ``tests/hostile/corpus/`` is either refused with the one problem
written next to its name below, or imported with its text kept literally.
"""

from __future__ import annotations

import io
import json
import struct
import time
import zipfile
from pathlib import Path

import pytest

from routemap.export import geojson
from routemap.load.folder import default_data_dir, load_dataset
from routemap.load.importers import EXPECTED_FORMATS, TEMPLATE_COLUMNS, Imported, import_trip
from routemap.model.dataset import Dataset
from routemap.model.errors import DataError
from routemap.model.limits import Limits
from routemap.view import filters

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "import"
CORPUS = Path(__file__).resolve().parent / "hostile" / "corpus"
UTF8_FIX = "UTF-8 text: save the file as UTF-8 (Excel: 'CSV UTF-8'; a text editor: encoding UTF-8)"
POSITION = "coordinates [longitude, latitude]: finite numbers, longitude -180 to 180 and latitude -90 to 90"
ISO_DATE = "a date as YYYY-MM-DD, or an ISO date-time such as 2024-04-02T09:30:00+08:00"

#: Corpus files refused, each with its one problem as people read it.
REFUSED = {
    "array.json": f"array.json: got 'a JSON array', expected {EXPECTED_FORMATS}",
    "bad-coordinates.kml": "bad-coordinates.kml, placemark 1, column 'coordinates': got 'abc,def,0', expected "
    "coordinates as longitude,latitude[,altitude]: decimal numbers, longitude -180 to 180 and latitude -90 to 90",
    "bad-date.csv": f"bad-date.csv, row 2, column 'date': got '27/05/2025', expected {ISO_DATE}",
    "billion-laughs.kml": "billion-laughs.kml, line 2: got '<!DOCTYPE lolz [', expected XML with no <!DOCTYPE> or "
    "<!ENTITY> declaration: KML needs none, and routemap expands no entities",
    "deep.geojson": "deep.geojson: got '101 levels of nesting', expected a document nested at most 64 levels deep "
    "(routemap's limit)",
    "description-too-long.geojson": "description-too-long.geojson (places), feature 1, column 'description': got "
    "'A Ming tower. A Ming tower.",
    "empty.geojson": f"empty.geojson: got 'an empty file', expected {EXPECTED_FORMATS}",
    "features-not-a-list.geojson": "features-not-a-list.geojson, column 'features': expected a 'features' list of "
    "Point and LineString features",
    "huge-integer.geojson": "huge-integer.geojson: expected valid JSON (Exceeds the limit (4300 digits) for integer "
    "string conversion)",
    "image.png": f"image.png: got 'a PNG image', expected {EXPECTED_FORMATS}",
    "infinity.geojson": f"infinity.geojson, feature 1, column 'geometry': got '[108.94, Infinity]', "
    f"expected {POSITION}",
    "latin-name-zh.csv": "latin-name-zh.csv (places), row 2, column 'name_zh': got 'Zhonglou', expected the name in "
    "Chinese characters (简体), or blank",
    "latin1.csv": "latin1.csv, line 2: got 'bytes e9 20 64 65', expected UTF-8 text (byte 18 is not: Latin-1 or "
    "Windows-1252 perhaps); save the file as UTF-8",
    "multigeometry.kml": "multigeometry.kml, placemark 1: got 'a MultiGeometry', expected a Point (a place) or a "
    "LineString (a leg)",
    "nan-latitude.csv": "nan-latitude.csv (places), row 2, column 'lat': got 'nan', expected a latitude: a decimal "
    "number of degrees from -90 to 90",
    "nan.geojson": f"nan.geojson, feature 1, column 'geometry': got '[NaN, 34.26]', expected {POSITION}",
    "no-date-column.csv": "no-date-column.csv, row 1, column 'date': expected a column named 'date' (or 'day' or "
    "'start' or 'time') in the header, as in routemap's import template (name, city, date, theme, description, "
    "lat, lon, name_zh, kind)",
    "no-date.geojson": "no-date.geojson, feature 2, column 'date': expected a date in a 'date' property (or 'day', "
    "'start', 'time'): the dashboard is day-based, so every place needs its day",
    "notes.md": f"notes.md: got 'text that is neither JSON, XML nor CSV', expected {EXPECTED_FORMATS}",
    "out-of-range.geojson": f"out-of-range.geojson, feature 1, column 'geometry': got '[208.9425, 34.261]', "
    f"expected {POSITION}",
    "overflow.geojson": f"overflow.geojson, feature 1, column 'geometry': got '[Infinity, 34.26]', expected {POSITION}",
    "polygon.geojson": "polygon.geojson, feature 2, column 'geometry': got '\"Polygon\"', expected a Point (a place) "
    "or a LineString (a leg)",
    "ragged.csv": "ragged.csv, row 3: got '10 cells', expected 9 cells, as many as the header has columns",
    "semicolons.csv": "semicolons.csv, row 1: got 'name;city;date;lat;lon', expected comma-separated CSV (this file "
    "separates cells with semicolons: save it as 'CSV UTF-8 (comma delimited)', or set the separator to a comma)",
    "single-feature.geojson": "single-feature.geojson: got 'a single GeoJSON Feature, not a FeatureCollection', "
    f"expected {EXPECTED_FORMATS}",
    "svg.xml": f"svg.xml: got 'an XML document whose root is <svg>, not <kml>', expected {EXPECTED_FORMATS}",
    "trailing-comma.geojson": "trailing-comma.geojson, line 4: expected valid JSON (Expecting value)",
    "unclosed.kml": "unclosed.kml, line 5: expected well-formed XML (mismatched tag)",
    "utf16-bom.csv": f"utf16-bom.csv: got 'UTF-16 text (it starts with a UTF-16 byte-order mark)', expected {UTF8_FIX}",
    "utf16-no-bom.geojson": f"utf16-no-bom.geojson: got 'NUL bytes, as UTF-16 text or a binary file has', "
    f"expected {UTF8_FIX}",
    "xxe.kml": "xxe.kml, line 4: got '<!doctype kml [ <!ENTITY secret SYSTEM \"', expected XML with no <!DOCTYPE> "
    "or <!ENTITY> declaration",
    "year-1.geojson": "year-1.geojson, feature 1, column 'date': got '0001-05-26', expected a date in the years 1000 "
    "to 2999 (routemap's limit)",
    "year-99999.geojson": f"year-99999.geojson, feature 1, column 'date': got '99999-05-26', expected {ISO_DATE}",
    "zip-slip.zip": "zip-slip.zip: got \"an entry named '../../evil/places.csv'\", expected a zip whose entries stay "
    "inside it (no '..', no absolute path, no backslash)",
}

#: Hostile text, to come out of every format exactly as it went in.
HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>",
    "`rm -rf /` ${7*7} {{7*7}}",
    "C:\\Users\\x\\trip \\n \\u0000 \\\\",
]
HOSTILE_DESCRIPTIONS = [
    "</script><script>alert(1)</script>",
    "[click](javascript:alert(1)) **bold** <b>b</b>",
    '=HYPERLINK("http://example.invalid","x") \'; DROP TABLE places; --',
]
HOSTILE = ("hostile-text.geojson", "hostile-text.kml", "hostile-text.csv")
ACCEPTED = {"utf8-bom.csv", *HOSTILE}

#: The example journey, as every example file describes it: (name, day, city id).
SHAANXI = [
    ("Bell Tower of Xi'an", "2025-05-26", "xian"),
    ("Museum of the Terracotta Army", "2025-05-27", "xian"),
    ("Yan'an Revolutionary Memorial Hall", "2025-05-28", "yanan"),
]


def problems_of(imported: Imported) -> list[str]:
    """Every problem of an import, the importer's and the loader's, as people read them."""
    with pytest.raises(DataError) as caught:
        imported.dataset()
    return [str(p) for p in caught.value.problems]


def corpus(name: str) -> Imported:
    return import_trip(name, (CORPUS / name).read_bytes())


def zipped(files: dict[str, bytes | str], **infos) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def data_folder_zip(prefix: str) -> bytes:
    folder = default_data_dir()
    return zipped(
        {prefix + n: (folder / n).read_bytes() for n in ("trip.toml", "cities.csv", "legs.csv", "places.csv")}
    )


def feature_collection(*features: dict, **members) -> bytes:
    return json.dumps({"type": "FeatureCollection", **members, "features": list(features)}).encode()


def point(lon: float, lat: float, **props) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def line(*coords: tuple[float, float], **props) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]},
        "properties": props,
    }


def places_of(dataset: Dataset) -> list[tuple[str, str, str]]:
    return [(r.name, r.date.date().isoformat(), r.city) for r in dataset.places.itertuples()]


# --------------------------------------------------------------------------- the examples


@pytest.mark.parametrize("file", ["shaanxi.geojson", "shaanxi.kml", "shaanxi.csv"])
def test_each_example_format_becomes_the_same_dataset(file):
    imported = import_trip(file, (EXAMPLES / file).read_bytes())
    assert imported.problems == []
    dataset = imported.dataset()
    assert places_of(dataset) == SHAANXI
    assert (dataset.trip.start.isoformat(), dataset.trip.end.isoformat()) == ("2025-05-26", "2025-05-28")
    assert list(dataset.cities["id"]) == ["xian", "yanan"]
    assert list(dataset.cities["order"]) == [1, 2]
    assert [t.label for t in dataset.trip.themes] == ["Imperial Xi'an", "Revolutionary Yan'an"]
    assert [(k.label, k.glyph) for k in dataset.trip.kinds] == [("Landmark", "L"), ("Museum", "M")]
    assert [(r["from"], r["to"], r["date"].date().isoformat()) for _, r in dataset.legs.iterrows()] == [
        ("xian", "yanan", "2025-05-28")
    ]
    assert set(dataset.places["status"]) == {"visited"}
    assert len(dataset.route_stops) == 3


def test_geojson_and_kml_take_the_title_and_the_leg_from_the_file():
    for file in ("shaanxi.geojson", "shaanxi.kml"):
        dataset = import_trip(file, (EXAMPLES / file).read_bytes()).dataset()
        assert dataset.trip.title == "Three days in Shaanxi (sample itinerary)"
        assert list(dataset.legs["mode"]) == ["train"]
        assert list(dataset.legs["date_certainty"]) == ["stated"]


def test_csv_is_titled_after_its_file_and_its_leg_is_inferred():
    imported = import_trip("shaanxi.csv", (EXAMPLES / "shaanxi.csv").read_bytes())
    dataset = imported.dataset()
    assert dataset.trip.title == "shaanxi"
    legs = dataset.legs
    assert (legs.at[0, "mode"], legs.at[0, "date_certainty"]) == ("unknown", "inferred")
    assert legs.at[0, "date_basis"].startswith("imported: consecutive places in date order")
    assert any("titled 'shaanxi' after the file name" in n for n in imported.notes)


def test_a_csv_row_with_no_point_is_placed_at_its_city_and_the_note_says_so():
    imported = import_trip("shaanxi.csv", (EXAMPLES / "shaanxi.csv").read_bytes())
    places = imported.dataset().places.set_index("name")
    hall = places.loc["Yan'an Revolutionary Memorial Hall"]
    assert (hall["lat"], hall["lon"], hall["coord_precision"]) == (36.59889, 109.49167, "city")
    assert "no point in the file" in hall["coord_source"]
    assert any("placed at its city, precision 'city'" in n for n in imported.notes)
    assert any("GeoNames 1787765" in n for n in imported.notes)  # the city, looked up offline


def test_the_template_has_the_documented_columns_and_imports():
    text = (EXAMPLES / "template.csv").read_text(encoding="utf-8")
    assert tuple(text.splitlines()[0].split(",")) == TEMPLATE_COLUMNS
    assert len(text.splitlines()) == 2
    dataset = import_trip("template.csv", text.encode()).dataset()
    assert places_of(dataset) == SHAANXI[:1]
    assert dataset.legs.empty


def test_every_default_filled_in_is_reported():
    imported = import_trip("shaanxi.geojson", (EXAMPLES / "shaanxi.geojson").read_bytes())
    dataset = imported.dataset()
    notes = "\n".join(imported.notes)
    for column in ("source_quote", "place_basis", "date_certainty", "coord_source", "coord_precision", "province"):
        assert f"'{column}' is not stated in the file" in notes
    row = dataset.places.iloc[0]
    assert row["source_quote"] == "imported from shaanxi.geojson: not stated in the file"
    assert row["coord_precision"] == "area"
    assert dataset.cities.at[0, "province"] == "imported from shaanxi.geojson: not stated in the file"


def test_imported_unpacks_as_trip_tables_problems_notes():
    trip, tables, problems, notes = import_trip("shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    assert trip is not None and trip.title.startswith("Three days")
    assert set(tables) == {"cities.csv", "legs.csv", "places.csv"}
    assert all(isinstance(v, str) for v in tables["places.csv"].frame.to_numpy().ravel())
    assert problems == [] and notes


# --------------------------------------------------------------------------- routemap's own files


def test_routemaps_own_geojson_export_imports_back_to_the_same_places(dataset):
    text = geojson.dumps(filters.apply(load_dataset()))
    imported = import_trip("route.geojson", text.encode())
    assert imported.format == "routemap GeoJSON"
    back = imported.dataset()
    columns = ["id", "name", "name_zh", "city", "kind", "date", "lat", "lon", "themes", "description"]
    assert back.places[columns].to_dict("records") == dataset.places[columns].to_dict("records")
    assert back.trip.title == dataset.trip.title
    assert list(back.legs["id"]) == list(dataset.legs["id"])


def test_routemaps_own_geojson_is_checked_by_the_loader():
    doc = json.loads(geojson.dumps(filters.apply(load_dataset())))
    doc["features"][0]["properties"]["date"] = "99999-05-28"
    problems = problems_of(import_trip("route.geojson", json.dumps(doc).encode()))
    assert (
        "route.geojson (places), feature 1, column 'date': got '99999-05-28', expected a date as YYYY-MM-DD, or blank"
        in problems
    )


@pytest.mark.parametrize("prefix", ["", "trip-data/"])
def test_a_zipped_data_folder_imports_at_the_root_or_in_one_top_folder(dataset, prefix):
    imported = import_trip("data.zip", data_folder_zip(prefix))
    back = imported.dataset()
    assert list(back.places["id"]) == list(dataset.places["id"])
    assert list(back.legs["id"]) == list(dataset.legs["id"])
    assert back.trip == dataset.trip


def test_a_zipped_data_folder_is_checked_by_the_loader_with_its_paths():
    folder = default_data_dir()
    files = {f"d/{n}": (folder / n).read_text(encoding="utf-8") for n in ("trip.toml", "cities.csv", "legs.csv")}
    files["d/places.csv"] = (folder / "places.csv").read_text(encoding="utf-8").replace(",museum,", ",musuem,", 1)
    problems = problems_of(import_trip("data.zip", zipped(files)))
    assert len(problems) == 1
    assert problems[0].startswith("data.zip/d/places.csv, row 4, column 'kind': got 'musuem'")


def test_a_zip_missing_a_file_names_it():
    folder = default_data_dir()
    files = {f"d/{n}": (folder / n).read_bytes() for n in ("trip.toml", "cities.csv", "legs.csv")}
    problems = problems_of(import_trip("data.zip", zipped(files)))
    assert problems == ["data.zip/d/places.csv: expected the file d/places.csv in the zip, beside d/trip.toml"]


def test_a_zip_nested_two_folders_deep_is_refused():
    problems = problems_of(import_trip("data.zip", data_folder_zip("a/b/")))
    assert problems == [
        "data.zip: got 'trip.toml at a/b/trip.toml', expected a zip of a routemap data folder (trip.toml, "
        "cities.csv, legs.csv and places.csv at its root or in one top folder), or a KMZ holding one .kml file"
    ]


def test_a_kmz_is_read_as_its_kml():
    kmz = zipped({"doc.kml": (EXAMPLES / "shaanxi.kml").read_bytes(), "images/icon.png": b"\x89PNG"})
    imported = import_trip("shaanxi.kmz", kmz)
    assert imported.format == "KMZ"
    assert places_of(imported.dataset()) == SHAANXI


# --------------------------------------------------------------------------- plain GeoJSON and KML details


def test_places_with_no_city_are_each_their_own_city_and_get_the_defaults():
    data = feature_collection(
        point(108.9425, 34.261, title="Bell Tower", day="2025-05-26T20:00:00Z"),
        point(109.2743, 34.3853, title="Terracotta Army", day="2025-05-27"),
    )
    imported = import_trip("walk.geojson", data)
    dataset = imported.dataset()
    assert list(dataset.cities["name"]) == ["Bell Tower", "Terracotta Army"]
    assert list(dataset.cities["id"]) == ["bell-tower", "terracotta-army"]
    assert [(t.slug, t.label) for t in dataset.trip.themes] == [("uncategorised", "Uncategorised")]
    assert [(k.slug, k.glyph) for k in dataset.trip.kinds] == [("place", "•")]
    assert list(dataset.legs["mode"]) == ["unknown"]
    assert dataset.trip.title == "walk"
    assert any("each their own city" in n for n in imported.notes)


def test_a_line_without_ends_named_joins_the_nearest_cities_on_the_day_of_arrival():
    data = feature_collection(
        point(108.9425, 34.261, name="Bell Tower", city="Xi'an", date="2025-05-26"),
        point(109.49167, 36.59889, name="Memorial Hall", city="Yan'an", date="2025-05-28"),
        line((108.95, 34.27), (109.3, 35.5), (109.48, 36.6)),
    )
    legs = import_trip("route.geojson", data).dataset().legs
    assert [(r["from"], r["to"], r["date"].date().isoformat(), r["date_certainty"]) for _, r in legs.iterrows()] == [
        ("xian", "yanan", "2025-05-28", "inferred")
    ]


def test_a_line_naming_an_unknown_city_is_a_problem():
    data = feature_collection(
        point(108.9425, 34.261, name="Bell Tower", city="Xi'an", date="2025-05-26"),
        line((108.95, 34.27), (109.48, 36.6), to="Lhasa"),
    )
    assert problems_of(import_trip("route.geojson", data)) == [
        "route.geojson, feature 2, column 'to': got 'Lhasa', expected the name of a city (Xi'an)"
    ]


def test_categories_become_themes_with_the_palette_cycled():
    data = feature_collection(
        *(point(108.9 + i / 100, 34.2, name=f"P{i}", date="2025-05-26", category=f"C{i}") for i in range(9))
    )
    imported = import_trip("many.geojson", data)
    themes = imported.dataset().trip.themes
    assert [t.label for t in themes] == [f"C{i}" for i in range(9)]
    assert themes[0].colour == themes[7].colour == "#0072B2"
    assert any("share the palette" in n for n in imported.notes)


def test_unread_properties_are_listed_in_a_note():
    data = feature_collection(point(108.9, 34.2, name="P", date="2025-05-26", **{"marker-color": "#f00"}))
    assert any("'marker-color'" in n for n in import_trip("p.geojson", data).notes)


def test_kml_schema_data_as_qgis_writes_it_is_read():
    kml = """<?xml version="1.0" encoding="utf-8" ?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document id="root_doc">
<Folder><name>places</name>
  <Placemark><name>Bell Tower</name>
    <ExtendedData><SchemaData schemaUrl="#places"><SimpleData name="day">2025-05-26</SimpleData>
    <SimpleData name="town">Xi'an</SimpleData></SchemaData></ExtendedData>
    <Point><coordinates>108.9425,34.261</coordinates></Point></Placemark>
</Folder></Document></kml>"""
    dataset = import_trip("qgis.kml", kml.encode()).dataset()
    assert places_of(dataset) == [("Bell Tower", "2025-05-26", "xian")]
    assert [t.label for t in dataset.trip.themes] == ["places"]


def test_a_kml_timestamp_dates_a_placemark():
    kml = """<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Bell Tower</name><TimeStamp><when>2025-05-26T10:00:00+08:00</when></TimeStamp>
    <Point><coordinates>108.9425,34.261</coordinates></Point></Placemark></Document></kml>"""
    assert places_of(import_trip("t.kml", kml.encode()).dataset()) == [("Bell Tower", "2025-05-26", "bell-tower")]


def test_problems_of_the_file_and_of_the_loader_come_together():
    data = feature_collection(
        point(108.9, 34.2, name="No date"),
        point(108.9, 34.2, name="Bad chinese", date="2025-05-26", name_zh="not chinese"),
    )
    problems = problems_of(import_trip("two.geojson", data))
    assert problems == [
        "two.geojson, feature 1, column 'date': expected a date in a 'date' property (or 'day', 'start', 'time'): "
        "the dashboard is day-based, so every place needs its day",
        "two.geojson (places), feature 2, column 'name_zh': got 'not chinese', expected the name in Chinese "
        "characters (简体), or blank",
    ]


def test_the_uploads_folder_is_never_part_of_its_name():
    imported = import_trip("../../etc/shaanxi.csv", (EXAMPLES / "shaanxi.csv").read_bytes())
    assert imported.file == "shaanxi.csv"
    assert imported.dataset().trip.title == "shaanxi"


# --------------------------------------------------------------------------- the corpus


def test_every_corpus_file_has_an_expectation():
    assert {p.name for p in CORPUS.iterdir() if p.is_file()} == set(REFUSED) | ACCEPTED


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_corpus_file_is_refused_with_its_problem(name):
    problems = problems_of(corpus(name))
    assert len(problems) == 1, problems
    assert problems[0].startswith(REFUSED[name])


def test_utf8_with_a_byte_order_mark_is_accepted():
    assert places_of(corpus("utf8-bom.csv").dataset()) == [("Bell Tower of Xi'an", "2025-05-26", "xian")]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_is_imported_and_kept_literally(name):
    dataset = corpus(name).dataset()
    assert list(dataset.places["name"]) == HOSTILE_NAMES
    assert list(dataset.places["description"]) == HOSTILE_DESCRIPTIONS
    assert [t.label for t in dataset.trip.themes] == ["<i>theme</i>"]
    if name != "hostile-text.csv":
        assert dataset.trip.title == "<script>alert('title')</script>"
    if name != "hostile-text.kml":
        assert [k.label for k in dataset.trip.kinds] == ["<k>"]


# --------------------------------------------------------------------------- limits


def test_bytes_over_the_limit_are_refused_before_parsing():
    limits = Limits(max_file_bytes=1_000)
    started = time.perf_counter()
    problems = problems_of(import_trip("big.geojson", b"[" * 5_000_000, limits=limits))
    assert time.perf_counter() - started < 0.5
    assert problems == ["big.geojson: got '5,000,000 bytes', expected a file of at most 1,000 bytes (routemap's limit)"]


def test_json_nested_100000_deep_is_refused_quickly():
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    started = time.perf_counter()
    problems = problems_of(import_trip("deep.geojson", data))
    assert time.perf_counter() - started < 1
    assert problems == [
        "deep.geojson: got '100,001 levels of nesting', expected a document nested at most 64 levels deep "
        "(routemap's limit)"
    ]


def test_features_past_the_limit_are_refused():
    data = (EXAMPLES / "shaanxi.geojson").read_bytes()
    problems = problems_of(import_trip("s.geojson", data, limits=Limits(max_rows=3)))
    assert problems == [
        "s.geojson, column 'features': got '4 features', expected at most 3 places and legs (routemap's limit)"
    ]


def test_a_trip_longer_than_the_limit_is_refused():
    data = (EXAMPLES / "shaanxi.csv").read_bytes()
    problems = problems_of(import_trip("s.csv", data, limits=Limits(max_trip_days=2)))
    assert problems == [
        "s.csv, row 4, column 'date': got '2025-05-28', expected a trip of at most 2 days, first and last included "
        "(routemap's limit)"
    ]


def test_limits_must_be_whole_numbers_of_at_least_one():
    with pytest.raises(ValueError, match="max_zip_entries"):
        Limits(max_zip_entries=0)


def test_a_zip_bomb_is_refused_quickly_by_its_ratio():
    bomb = zipped({"trip.toml": "", "cities.csv": "", "legs.csv": "", "places.csv": b"0" * 15_000_000})
    assert len(bomb) < 100_000
    started = time.perf_counter()
    problems = problems_of(import_trip("bomb.zip", bomb))
    assert time.perf_counter() - started < 1
    assert len(problems) == 1
    assert problems[0].startswith("bomb.zip/places.csv: got 'compressed ")
    bomb_note = "expected an entry compressed at most 100:1 (past 1,000,000 bytes; routemap's limit: this looks like"
    assert problems[0].endswith(f"{bomb_note} a zip bomb)")


def test_a_zip_whose_entries_declare_too_much_in_all_is_refused():
    bomb = zipped({f"junk{i}.bin": b"\0" * 10_000_000 for i in range(6)})
    started = time.perf_counter()
    problems = problems_of(import_trip("bomb.zip", bomb))
    assert time.perf_counter() - started < 1
    assert problems == [
        "bomb.zip: got '60,000,000 bytes uncompressed', expected a zip of at most 50,000,000 bytes uncompressed in "
        "all (routemap's limit)"
    ]


def test_a_zip_of_10000_entries_is_refused_quickly():
    many = zipped({f"f{i}.txt": "" for i in range(10_000)})
    started = time.perf_counter()
    problems = problems_of(import_trip("many.zip", many))
    assert time.perf_counter() - started < 0.5
    assert problems == ["many.zip: got '10,000 entries', expected a zip of at most 200 entries (routemap's limit)"]


def test_a_zip_that_understates_its_entries_is_refused_from_its_directory():
    many = bytearray(zipped({f"f{i}.txt": "" for i in range(10_000)}))
    end = many.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", many, end + 8, 5, 5)  # the record now claims five entries
    problems = problems_of(import_trip("many.zip", bytes(many)))
    assert problems == ["many.zip: got '10,000 entries', expected a zip of at most 200 entries (routemap's limit)"]


@pytest.mark.parametrize("entry", ["../places.csv", "/etc/passwd", "data\\..\\..\\places.csv", "C:/places.csv"])
def test_a_zip_with_an_escaping_path_is_refused(entry):
    problems = problems_of(import_trip("evil.zip", zipped({"trip.toml": "", entry: "x"})))
    assert problems == [
        f"evil.zip: got {'an entry named ' + repr(entry)!r}, expected a zip whose entries stay inside it "
        "(no '..', no absolute path, no backslash)"
    ]


def test_a_zip_with_a_link_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("places.csv")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
    problems = problems_of(import_trip("link.zip", buffer.getvalue()))
    assert problems == ["link.zip: got \"a link 'places.csv'\", expected a zip of plain files, no links"]


def test_a_cut_off_zip_is_refused():
    data = data_folder_zip("")
    assert problems_of(import_trip("cut.zip", data[: len(data) // 2])) == [
        "cut.zip: expected a zip file with its directory (it is cut off)"
    ]


def test_kml_nested_past_the_depth_limit_is_refused():
    kml = "<kml><Document>" + "<Folder>" * 100 + "</Folder>" * 100 + "</Document></kml>"
    assert problems_of(import_trip("deep.kml", kml.encode())) == [
        "deep.kml: got 'deeper elements', expected a document nested at most 64 levels deep (routemap's limit)"
    ]


def test_kml_past_the_element_limit_is_refused():
    kml = "<kml><Document>" + "<Style/>" * 1_000 + "</Document></kml>"
    problems = problems_of(import_trip("wide.kml", kml.encode(), limits=Limits(max_xml_elements=500)))
    assert problems == [
        "wide.kml: got 'more elements', expected a KML document of at most 500 elements (routemap's limit)"
    ]


def test_an_html_page_is_not_a_kml():
    page = b"<html><body><p>My trip</p></body></html>"
    assert problems_of(import_trip("trip.html", page)) == [
        f"trip.html: got 'an HTML page', expected {EXPECTED_FORMATS}"
    ]


def test_a_csv_with_only_its_header_has_no_place():
    assert problems_of(import_trip("t.csv", b"name,city,date\n")) == [
        "t.csv: expected at least one place: a row with a name and a date"
    ]


def test_a_csv_row_with_no_date_names_its_line_and_column():
    data = b"name,city,date\nBell Tower,Xi'an,2025-05-26\nTerracotta Army,Xi'an,\n"
    assert problems_of(import_trip("t.csv", data)) == [
        "t.csv, row 3, column 'date': expected a date in a 'date' column (or 'day', 'start', 'time'): the dashboard "
        "is day-based, so every place needs its day"
    ]
