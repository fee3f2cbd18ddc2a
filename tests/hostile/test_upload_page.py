"""Hostile files through the Upload page (AppTest): each refused with its message, nothing drawn, the session fine.

The same corpus the importers are tested with (``tests/hostile/corpus``), and files
made here past a limit (huge, a million columns, deep nesting): every one ends in
routemap's own message in the page's problem table, never an exception, and a good
file uploaded next in the same session is drawn.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st

from routemap.model.limits import DEFAULT_LIMITS
from tests.test_app import metrics
from tests.test_app_upload import send, trip_choice, upload_page

CORPUS = Path(__file__).resolve().parent / "corpus"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "import" / "shaanxi.kml"


def deep_json(levels: int) -> bytes:
    return ("[" * levels + "]" * levels).encode()


MADE = {
    "huge.geojson": (b" " * (DEFAULT_LIMITS.max_file_bytes + 1), "a file of at most 20,000,000 bytes"),
    "wide.csv": (
        (",".join(f"c{i}" for i in range(1_000_000)) + "\n").encode(),
        "at most 100 columns (routemap's limit)",
    ),
    "deep.json": (deep_json(100_000), "nested at most 64"),
    "binary.kml": (bytes(range(256)) * 64, "NUL bytes"),
    "nan.geojson": (
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [float("nan"), float("inf")]},
                        "properties": {"name": "x", "date": "2025-05-26"},
                    }
                ],
            }
        ).encode(),
        "finite numbers",
    ),
}
FROM_CORPUS = {
    "year-99999.geojson": "a date as YYYY-MM-DD",
    "xxe.kml": "DOCTYPE",
    "zip-slip.zip": "..",
    "utf16-bom.csv": "UTF-8",
    "image.png": "a GeoJSON FeatureCollection of Points and LineStrings",
}


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def refusal_text(at) -> str:
    table = at.dataframe[0].value
    return " ".join(" ".join(map(str, table[c])) for c in ("Value", "How to fix"))


@pytest.mark.parametrize("name", sorted(MADE))
def test_a_made_hostile_file_is_refused_with_its_limit_and_the_session_goes_on(name):
    data, expected = MADE[name]
    at = send(upload_page(), name, data)
    assert "so nothing is drawn" in at.error[0].value
    assert expected in refusal_text(at), refusal_text(at)
    assert not trip_choice(at)[1]
    at = send(at, "shaanxi.kml", EXAMPLE.read_bytes())  # the same session, a good file next
    assert trip_choice(at) == ("upload", True)
    at.switch_page("pages/map.py").run()
    assert metrics(at)["Stops"] == "3"


@pytest.mark.parametrize("name", sorted(FROM_CORPUS))
def test_a_corpus_file_is_refused_through_the_page(name):
    at = send(upload_page(), name, (CORPUS / name).read_bytes())
    assert "so nothing is drawn" in at.error[0].value
    assert FROM_CORPUS[name] in refusal_text(at), refusal_text(at)
    at.switch_page("pages/map.py").run()
    assert metrics(at)["Stops"] == "14"


def hostile_upload() -> bytes:
    """A GeoJSON whose every text (title, names, cities, descriptions, themes, kinds) is the hostile string."""
    from tests.hostile.text_cases import HOSTILE

    props = {"name": HOSTILE, "city": HOSTILE, "description": HOSTILE, "category": HOSTILE, "kind": HOSTILE}
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [108.9425 + n, 34.261]},
            "properties": {**props, "name": f"{HOSTILE} {n}", "date": f"2025-05-2{6 + n}"},
        }
        for n in range(2)
    ]
    return json.dumps({"type": "FeatureCollection", "name": HOSTILE, "features": features}).encode()


@pytest.mark.parametrize("bad", [False, True], ids=["drawn", "refused"])
def test_an_uploads_text_is_inert_markdown_on_every_page(bad):
    from routemap.web.frame import PAGES
    from tests.hostile.test_markdown import assert_inert, markdown_sources

    data = hostile_upload()
    if bad:
        data = data.replace(b"2025-05-26", b"26/05/2025")
    at = send(upload_page(), "x[js](javascript:alert(1)) ![i](http://evil.example/i.png).geojson", data)
    for source in markdown_sources(at):
        assert_inert(source)
    for page in [f"pages/{p.name}.py" for p in PAGES]:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        sources = markdown_sources(at)
        assert bad or any("Xian" in s for s in sources), "the hostile text should be on the page"
        for source in sources:
            assert_inert(source)
        for block in at.get("html"):
            assert "<img src=x" not in block.proto.body and "<script>alert" not in block.proto.body
