"""The Upload page with Streamlit's AppTest (which drives st.file_uploader): read, refuse, place, share, forget.

Each AppTest is one session: an upload shows on every page of its own session,
never in another, and the shipped trip stays as it was. Online lookups go to a
fake geopy geocoder; with the placeholder user agent Nominatim is never asked.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import streamlit as st
from geopy.geocoders import Nominatim
from geopy.location import Location
from streamlit.testing.v1 import AppTest

from routemap.geo import online
from routemap.load.importers import import_trip
from tests.test_app import APP, metrics
from tests.test_geocode_fakes import FakeGeocoder

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "import"
CORPUS = REPO / "tests" / "hostile" / "corpus"
UNKNOWN = b"name,city,date\nAtlantis Hall,Qwertyville,2025-05-26\nBell Tower of Xi'an,Xi'an,2025-05-27\n"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    monkeypatch.delenv(online.USER_AGENT_ENV, raising=False)
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def upload_page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/upload.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def send(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def trip_choice(at: AppTest) -> tuple[str | None, bool]:
    """The Trip picker's value, and whether it offers "Your upload"."""
    boxes = [b for b in at.sidebar.selectbox if b.label == "Trip"]
    if not boxes:
        return None, False
    return boxes[0].value, any(o.startswith("Your upload") for o in boxes[0].options)


def test_the_page_offers_the_uploader_and_the_template():
    at = upload_page()
    uploader = at.file_uploader[0]
    assert uploader.allowed_type == []  # any name: the content decides, and a refusal says why
    assert "GeoJSON, KML, KMZ, CSV or zip" in uploader.label
    assert at.title[0].value == "Upload a trip"
    assert "name,city,date,theme,description,lat,lon,name_zh,kind" in at.code[0].value


@pytest.mark.parametrize("name", ["shaanxi.kml", "shaanxi.geojson", "shaanxi.csv"])
def test_an_upload_is_drawn_by_every_page_of_its_session(name):
    at = send(upload_page(), name, (EXAMPLES / name).read_bytes())
    assert not at.error
    assert "3 place(s) in 2 cities" in at.success[0].value
    assert trip_choice(at) == ("upload", True)
    for page in ("pages/map.py", "pages/itinerary.py", "pages/places.py", "pages/talk.py"):
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
    at.switch_page("pages/map.py").run()
    assert metrics(at) == {"Stops": "3", "Cities": "2", "Days with stops": "3 of 3", "Km travelled": "264"}


def test_a_file_with_problems_lists_each_and_draws_nothing():
    at = send(upload_page(), "bad-date.csv", (CORPUS / "bad-date.csv").read_bytes())
    assert "1 problem(s), so nothing is drawn" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["File", "Where", "Column", "Value", "How to fix"]
    assert table.iloc[0].tolist()[:4] == ["bad-date.csv", "row 2", "date", "27/05/2025"]
    assert table.iloc[0]["How to fix"].startswith("expected a date as YYYY-MM-DD")
    assert trip_choice(at)[0] in (None, "data")
    at.switch_page("pages/map.py").run()
    assert metrics(at)["Stops"] == "14"  # the shipped trip, untouched


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("latin1.csv", "UTF-8 text"),
        ("image.png", "a GeoJSON FeatureCollection of Points and LineStrings"),
        ("billion-laughs.kml", "DOCTYPE"),
    ],
)
def test_a_hostile_file_is_refused_with_its_message(name, expected):
    at = send(upload_page(), name, (CORPUS / name).read_bytes())
    fixes = " ".join(at.dataframe[0].value["How to fix"])
    assert expected in fixes or expected in " ".join(at.dataframe[0].value["Value"]), fixes


def test_another_session_never_sees_the_upload():
    mine = send(upload_page(), "shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    assert trip_choice(mine)[0] == "upload"
    other = upload_page()
    assert not other.success and not trip_choice(other)[1]
    other.switch_page("pages/map.py").run()
    assert metrics(other)["Stops"] == "14"


def test_a_link_to_an_upload_opens_the_shipped_trip_with_a_note():
    at = upload_page(trip="upload")
    assert not trip_choice(at)[1] and not at.success
    notes = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert "trip=upload: an upload lives only in the session that made it" in notes, notes
    at.switch_page("pages/map.py").run()
    assert metrics(at)["Stops"] == "14"


def test_removing_the_upload_returns_to_the_shipped_trip():
    at = send(upload_page(), "shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    at.button(key="upload-forget").click().run()
    assert not at.exception and not at.success
    assert not trip_choice(at)[1]
    at.switch_page("pages/map.py").run()
    assert metrics(at)["Stops"] == "14"


def test_the_share_section_says_a_link_cannot_carry_a_file_and_offers_html_and_zip():
    at = send(upload_page(), "shaanxi.geojson", (EXAMPLES / "shaanxi.geojson").read_bytes())
    assert any("A link cannot carry a file" in i.value for i in at.info)
    labels = [b.label for b in at.get("download_button")]
    assert "Standalone HTML map" in labels and "Data folder (zip)" in labels


def test_nothing_is_written_to_disk_and_the_shipped_trip_is_unchanged(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    shipped = {p: p.stat().st_mtime_ns for p in (REPO / "data").iterdir()}
    send(upload_page(), "shaanxi.csv", (EXAMPLES / "shaanxi.csv").read_bytes())
    assert list(tmp_path.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in (REPO / "data").iterdir()} == shipped


def test_with_the_placeholder_user_agent_nominatim_is_never_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(Nominatim, "geocode", lambda self, *a, **k: calls.append(a))
    at = send(upload_page(), "unknown.csv", UNKNOWN)
    assert "1 problem(s), so nothing is drawn" in at.error[0].value or at.error
    assert any(online.USER_AGENT_ENV in i.value.replace("\\", "") for i in at.info)
    assert not [b for b in at.button if b.key == "upload-online"]
    assert calls == []
    placed = at.dataframe[1].value if len(at.dataframe) > 1 else at.dataframe[0].value
    assert "not placed" in set(placed.get("Placed by", []))


class AnyPlace(FakeGeocoder):
    """Finds every query, at one point in Shaanxi."""

    def geocode(self, query, *, exactly_one=True, timeout=None):
        self.calls.append((query, exactly_one))
        found = Location(f"fake: {query}", (34.3, 108.9), {})
        return found if exactly_one else [found]


def test_where_the_host_allows_it_the_rest_is_looked_up_online_with_progress(monkeypatch):
    fake = AnyPlace()
    monkeypatch.setenv(online.USER_AGENT_ENV, "routemap-tests/1.0 (tests@routemap.invalid)")
    monkeypatch.setattr(online, "make_geocoder", lambda service, **options: fake)
    monkeypatch.setattr(online, "default_sleep", lambda seconds: None)
    at = send(upload_page(), "unknown.csv", UNKNOWN)
    at.button(key="upload-online").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert fake.calls and all("Qwertyville" in q for q, _ in fake.calls)
    assert at.success and not at.error
    placed = at.dataframe[0].value
    assert "the online geocoder" in set(placed["Placed by"])


def test_the_data_folder_zip_reads_back_as_the_same_trip():
    from routemap.export.datafolder import data_folder_zip
    from routemap.load.importers.bounded import parse_upload

    parsed = parse_upload("shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    zipped = data_folder_zip(parsed.dataset.trip, {k: t.frame for k, t in parsed.imported.tables.items()})
    assert sorted(zipfile.ZipFile(io.BytesIO(zipped)).namelist()) == [
        "trip-data/cities.csv",
        "trip-data/legs.csv",
        "trip-data/places.csv",
        "trip-data/trip.toml",
    ]
    back = import_trip("trip.zip", zipped).dataset()
    assert back.trip == parsed.dataset.trip
    assert back.places["name"].tolist() == parsed.dataset.places["name"].tolist()
