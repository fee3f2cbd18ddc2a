"""Any trip is data: the Long March example draws the whole dashboard with its own vocabularies.

The shipped 2025 delegation and the Long March share no theme, kind, city or
date. Pointing the app at the example (``ROUTEMAP_DATA``) must give every page
with that trip's own title, themes and kinds, and no word of the 2025 trip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from routemap.export import kml
from routemap.load.folder import load_dataset
from routemap.map import build
from routemap.view import filters, talk, talk_card
from routemap.web.frame import PAGES

REPO = Path(__file__).resolve().parents[1]
LONG_MARCH = REPO / "examples" / "long-march"
#: Words only the shipped 2025 trip has: a page of another trip showing one is hard-coded.
SHIPPED_WORDS = ("2025", "delegation", "Xi'an", "Yan'an", "Dunhuang", "Jiayuguan", "Shanghai", "Socialist China")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def long_march():
    return load_dataset(LONG_MARCH)


def test_the_example_has_its_own_vocabularies(long_march, dataset):
    trip = long_march.trip
    assert trip.start.year == 1934 and len(trip.days) > 365
    assert {t.slug for t in trip.themes}.isdisjoint(t.slug for t in dataset.trip.themes)
    assert [k.label for k in trip.kinds] != [k.label for k in dataset.trip.kinds]
    assert 15 <= len(long_march.places) <= 30
    used = {t for ts in long_march.places["themes"] for t in ts}
    assert used == {t.slug for t in trip.themes}


def test_map_legend_kml_and_talk_use_the_example_s_labels(long_march):
    view = filters.apply(long_march)
    html = build.build_map(view, basemap="none").get_root().render()
    for theme in long_march.trip.themes:
        assert theme.colour in html and theme.label in html
    document = kml.dumps(view)
    assert all(t.label in document or t.slug in document for t in long_march.trip.themes)
    steps = talk.steps(view)
    card = talk_card.card_html(steps, 0, long_march.trip)
    assert not any(word in card for word in SHIPPED_WORDS)


def test_a_trip_outside_china_is_held_to_its_own_bounds(tmp_path):
    import shutil

    folder = tmp_path / "trip"
    shutil.copytree(LONG_MARCH, folder)
    text = (folder / "trip.toml").read_text(encoding="utf-8")
    text = re.sub(
        r"\[bounds\][^\[]*",
        '[bounds]\nname = "Europe"\nsouth = 35.0\nwest = -10.0\nnorth = 70.0\neast = 40.0\n\n',
        text,
    )
    (folder / "trip.toml").write_text(text, encoding="utf-8")
    from routemap.model.errors import DataError

    with pytest.raises(DataError) as caught:
        load_dataset(folder)
    first = caught.value.problems[0]
    assert first.file == "cities.csv" and first.column == "lat, lon"
    assert first.expected.startswith("a point in Europe (latitude 35.0 to 70.0")


def _text_of(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "caption", "markdown", "subheader", "header", "info") for e in at.get(kind)]
    parts += [
        str(getattr(e, "label", "")) for kind in ("multiselect", "selectbox", "select_slider") for e in at.get(kind)
    ]
    for kind in ("multiselect", "selectbox", "select_slider"):
        for e in at.get(kind):
            parts += [str(o) for o in e.options]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(parts)


@pytest.mark.parametrize("page", [f"pages/{p.name}.py" for p in PAGES])
def test_every_page_of_the_example_shows_no_word_of_the_shipped_trip(page, monkeypatch):
    monkeypatch.setenv("ROUTEMAP_DATA", str(LONG_MARCH))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    text = _text_of(at)
    leaked = [w for w in SHIPPED_WORDS if w in text]
    assert not leaked, leaked
    themes = at.sidebar.multiselect(key="theme")
    assert (
        themes.value == ["breakout", "crossings", "decisions", "alliances", "terrain", "arrival"][: len(themes.value)]
    )


def test_the_trip_picker_offers_the_example_and_a_link_names_it(monkeypatch):
    monkeypatch.delenv("ROUTEMAP_DATA", raising=False)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    picker = at.sidebar.selectbox(key="trip-picker-data")
    assert picker.value == "data" and "The Long March of the Central Red Army" in picker.options
    at.sidebar.multiselect(key="theme").set_value(["protecting-the-planet"]).run()
    at.sidebar.selectbox(key="trip-picker-data").set_value("long-march").run()
    assert not at.exception
    assert at.query_params["trip"] == "long-march" and "theme" not in at.query_params  # a fresh view of that trip
    assert "Long March" in at.caption[0].value
    again = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    again.query_params["trip"] = "long-march"
    again.run()
    assert "Long March" in again.caption[0].value
