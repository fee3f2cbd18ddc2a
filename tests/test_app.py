"""Every page with Streamlit's AppTest: no exception, and the filters change what they should."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from routemap.export import table as exportformats
from routemap.load.folder import load_dataset
from routemap.map import basemaps
from routemap.markup import WORD_JOINER
from routemap.web import frame

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
PAGES = (
    "pages/map.py",
    "pages/itinerary.py",
    "pages/places.py",
    "pages/talk.py",
    "pages/about.py",
)
PLANET = "protecting-the-planet"


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def run_app(page: str | None = None, **query: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """What a person reads from Markdown that routemap.markup.md escaped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = run_app(page)
    assert at.sidebar.multiselect(key="theme").value == [
        "revolutionary-heritage",
        "civilisational-exchange",
        "protecting-the-planet",
        "defend-socialist-china",
        "technology-and-prosperity",
    ]
    if page.endswith("talk.py"):  # full-screen: the card is the heading
        assert talk_progress(at) == "Step 1 of 19"  # the title card
    else:
        assert at.title


def test_map_page_summary_for_the_whole_route():
    at = run_app()
    assert metrics(at) == {"Stops": "14", "Cities": "4", "Days with stops": "6 of 11", "Km travelled": "4,225"}
    # each figure says what it counts: stops beside the places only mentioned, days out of the slider's
    helps = {m.label: m.help for m in at.metric}
    assert "2 more places are only mentioned" in helps["Stops"]
    assert "of the 11 days the Days filter selects" in helps["Days with stops"]


def test_theme_filter_changes_the_counts():
    at = run_app()
    at.sidebar.multiselect(key="theme").set_value([PLANET]).run()
    assert not at.exception
    assert metrics(at) == {"Stops": "4", "Cities": "2", "Days with stops": "2 of 11", "Km travelled": "310"}


def test_day_filter_changes_the_counts():
    at = run_app()
    at.sidebar.select_slider(key="days").set_value((3, 3)).run()  # day 3: 28 May
    assert metrics(at) == {"Stops": "4", "Cities": "1", "Days with stops": "1 of 1", "Km travelled": "265"}


def test_city_and_kind_filters_change_the_counts():
    at = run_app()
    at.sidebar.multiselect(key="city").set_value(["shanghai"]).run()
    assert metrics(at)["Stops"] == "3"
    at.sidebar.multiselect(key="kind").set_value(["meeting"]).run()
    assert metrics(at)["Stops"] == "1"


def test_empty_selection_says_so_instead_of_drawing_a_map():
    at = run_app()
    at.sidebar.multiselect(key="theme").set_value([]).run()
    assert not at.exception
    assert any("Nothing matches these filters" in i.value for i in at.info)
    assert metrics(at)["Stops"] == "0"


def test_places_table_follows_filters_and_search():
    at = run_app("pages/places.py")
    assert len(at.dataframe[0].value) == 16  # 14 stops and 2 mentioned places
    said = " ".join(c.value for c in at.caption)  # the count says what it counts, unlike "Places 14"
    assert "16 of 16 places on view: 14 stops and 2 places the source only mentions" in said
    assert "id" not in at.dataframe[0].value.columns  # the internal slug is not shown
    at.sidebar.multiselect(key="theme").set_value([PLANET]).run()
    assert list(at.dataframe[0].value["stop"]) == [8, 9, 10, 11]
    at.text_input(key="q").set_value("winery").run()
    assert list(at.dataframe[0].value["name"]) == ["Zixuan Winery"]


def test_downloads_follow_the_search_and_csv_opens_in_excel():
    at = run_app("pages/places.py")
    at.text_input(key="q").set_value("winery").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f.label for f in exportformats.TABLE]
    from routemap.export import formats as export
    from routemap.view import filters, tables

    view = filters.apply(load_dataset())
    shown = filters.only_places(view, set(tables.search(export.places_table(view), "winery")["id"]))
    payload = export.download_bytes(shown, "csv")
    assert payload.startswith("\ufeff".encode()) and payload.count(b"\r\n") == 2  # header and one row


def test_itinerary_lists_days_with_provenance():
    at = run_app("pages/itinerary.py")
    headers = [shown(h.value) for h in at.subheader]
    assert len(headers) == 11 and headers[0].startswith("Day 1 · Monday 26 May 2025 · Xi'an")
    text = shown(" ".join(m.value for m in at.markdown))
    assert "On 28 May, the delegation travelled by train from Xi’an to Yan’an" in text
    assert "inferred" in text and "stated" in text
    at.sidebar.multiselect(key="theme").set_value(["defend-socialist-china"]).run()
    assert [shown(h.value) for h in at.subheader] == ["Day 9 · Tuesday 3 June 2025 · Shanghai"]


def test_url_query_parameters_open_the_matching_view():
    at = run_app(theme=["Protecting the planet"], city=["Jiayuguan"])
    assert at.sidebar.multiselect(key="theme").value == [PLANET]
    assert at.sidebar.multiselect(key="city").value == ["jiayuguan"]
    assert metrics(at)["Stops"] == "3"


def test_an_unknown_url_value_falls_back_to_the_default_with_a_note():
    at = run_app(theme=["Not a theme"], days=["40..2"], stop=["nowhere"])
    assert metrics(at)["Stops"] == "14"
    notes = shown(" ".join(c.value for c in at.sidebar.caption))
    assert "Ignored from the link" in notes and "Not a theme" in notes and "days=40..2" in notes
    assert "nowhere" in notes


def test_links_hold_ids_and_numbers_and_reopen_the_view():
    at = run_app(days=["5..6"], theme=[PLANET], city=["dunhuang"], stop=["dunhuang-shouhang-csp-plant"])
    assert at.sidebar.select_slider(key="days").value == (5, 6)
    assert metrics(at)["Stops"] == "1"
    assert dict(at.query_params) == {
        "days": "5..6",
        "theme": PLANET,
        "city": "dunhuang",
        "stop": "dunhuang-shouhang-csp-plant",
    }
    at.sidebar.multiselect(key="theme").set_value([]).run()
    assert at.query_params["theme"] == ""


def test_the_basemap_box_offers_the_table_and_the_map_pages_run_on_every_basemap():
    at = run_app(basemap=["gaode"])
    box = at.sidebar.selectbox(key="basemap")
    assert box.options == list(basemaps.BASEMAPS.values())
    assert box.value == "gaode" and at.query_params["basemap"] == "gaode"
    assert metrics(at)["Km travelled"] == "4,225"  # measured on the data, never on the shifted drawing
    for basemap in basemaps.IDS:
        at.sidebar.selectbox(key="basemap").set_value(basemap).run()
        assert not at.exception, basemap
        at.switch_page("pages/talk.py").run()
        assert not at.exception and talk_progress(at) == "Step 1 of 19"  # the title card
        at.switch_page("pages/map.py").run()
        assert at.query_params.get("basemap", basemaps.DEFAULT_BASEMAP) == basemap


def details_panel(at: AppTest) -> str | None:
    panels = [h.proto.body for h in at.get("html") if 'class="rm-place rm-place-panel"' in h.proto.body]
    assert len(panels) <= 1
    return panels[0] if panels else None


def stop_box(at):
    """The sidebar's Stop box, whatever key it has now."""
    return next(box for box in at.sidebar.selectbox if box.label == "Stop")


def test_the_selected_stop_s_details_stay_beside_the_map_until_cleared():
    at = run_app(stop=["shanghai-fudan-china-institute-dialogue"])
    panel = details_panel(at)
    assert panel is not None
    words = re.sub(r"<[^>]+>", "", panel)  # the text a reader sees
    assert "Stop 12 · Dialogue with the China Institute, Fudan University" in words
    assert "复旦大学中国研究院对话会" in words and "On 3 June, the delegation participated" in words
    assert "Tue 3 June 2025 (stated:" in words and "Coordinates (site): English Wikipedia" in words
    assert "Location known to the site: within a few hundred metres." in words
    at.sidebar.multiselect(key="theme").set_value([PLANET, "defend-socialist-china"]).run()
    assert details_panel(at) is not None  # another rerun: still there
    at.button(key="stop-clear").click().run()
    assert details_panel(at) is None
    assert stop_box(at).value == "" and "stop" not in at.query_params
    assert stop_box(at).key != "stop"  # drawn anew: the app set its value (panel.widget_key)
    stop_box(at).set_value("jiayuguan-zixuan-winery").run()
    assert "Stop 10 · " in re.sub(r"<[^>]+>", "", details_panel(at))


def test_no_details_for_a_stop_the_filters_hide():
    at = run_app(stop=["shanghai-fudan-china-institute-dialogue"], theme=[PLANET])
    assert details_panel(at) is None


def test_filter_state_survives_a_page_switch():
    at = run_app()
    at.sidebar.multiselect(key="theme").set_value([PLANET]).run()
    at.switch_page("pages/places.py").run()
    assert at.sidebar.multiselect(key="theme").value == [PLANET]
    assert len(at.dataframe[0].value) == 4


def test_bad_data_is_a_clear_error_not_a_traceback(data_copy, monkeypatch):
    text = (data_copy / "places.csv").read_text(encoding="utf-8")
    (data_copy / "places.csv").write_text(text.replace(",museum,", ",bakery,", 1), encoding="utf-8")
    monkeypatch.setenv("ROUTEMAP_DATA", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.error and "dataset has problems" in at.error[0].value
    assert "places.csv, row 4, column 'kind': got 'bakery'" in at.code[0].value


def test_about_page_lists_the_bundled_licences():
    at = run_app("pages/about.py")
    licences = at.dataframe[1].value
    assert set(licences["Package"]) == {"leaflet", "leaflet.fullscreen"}
    assert set(licences["Licence"]) == {"BSD-2-Clause", "MIT"}
    text = " ".join(m.value for m in at.markdown)
    assert "Natural Earth" in text and "public domain" in text and "Taiwan, Hong Kong and Macao" in text
    assert "高德地图 AutoNavi" in text and "GCJ-02" in text


def talk_card(at: AppTest) -> str:
    cards = [h.proto.body for h in at.get("html") if 'class="rm-talk-card ' in h.proto.body]
    assert len(cards) == 1
    return cards[0]


def talk_progress(at: AppTest) -> str:
    return re.search(r'rm-talk-progress">([^<]+)<', talk_card(at)).group(1)


def test_talk_mode_opens_on_its_title_and_steps_forward_and_back():
    at = run_app("pages/talk.py")
    assert talk_progress(at) == "Step 1 of 19"
    assert "Xi&#39;an</span>" in talk_card(at) and "The route" in talk_card(at)
    assert at.button(key="talk-previous").disabled
    at.button(key="talk-next").click().run()
    assert talk_progress(at) == "Step 2 of 19 · Day 3 of 11"  # days 1 and 2 recorded nothing: folded away
    at.button(key="talk-next").click().run()
    assert talk_progress(at) == "Step 3 of 19 · Day 3 of 11 · Stop 1 of 14"
    assert at.session_state["step"] == "yanan-leaders-caves"
    assert at.query_params["step"] == "yanan-leaders-caves"
    at.button(key="talk-previous").click().run()
    assert talk_progress(at) == "Step 2 of 19 · Day 3 of 11"


def test_the_presenter_can_show_the_days_with_nothing_recorded():
    at = run_app("pages/talk.py")
    at.button(key="talk-next").click().run()
    at.toggle(key="talk-quiet-days").set_value(True).run()
    assert talk_progress(at) == "Step 4 of 22 · Day 3 of 11"  # the same step, among more
    at.selectbox(key="talk-day-leg:xian-yanan").set_value(date(2025, 5, 27)).run()
    assert talk_progress(at) == "Step 3 of 22 · Day 2 of 11"
    assert "The source records nothing for this day." in talk_card(at)
    at.toggle(key="talk-quiet-days").set_value(False).run()  # folded away: on to the next step
    assert talk_progress(at) == "Step 2 of 19 · Day 3 of 11"
    at.switch_page("pages/map.py").run().switch_page("pages/talk.py").run()
    assert not at.toggle(key="talk-quiet-days").value  # the choice outlives a page switch


def test_a_link_to_a_quiet_day_shows_the_quiet_days():
    at = run_app("pages/talk.py", step=["day:2025-06-05"])
    assert talk_progress(at) == "Step 22 of 22 · Day 11 of 11"
    assert at.toggle(key="talk-quiet-days").value


def test_a_talk_of_quiet_days_only_shows_them():
    at = run_app("pages/talk.py", days=["1..2"])
    assert talk_progress(at) == "Step 1 of 3"
    at.button(key="talk-next").click().run()
    assert talk_progress(at) == "Step 2 of 3 · Day 1 of 11"


def test_talk_mode_opens_at_the_stop_in_focus_and_jumps_to_a_day():
    at = run_app(stop=["8 · Shouhang Dunhuang 100 MW molten-salt tower solar power plant"])
    at.switch_page("pages/talk.py").run()
    assert talk_progress(at) == "Step 11 of 19 · Day 6 of 11 · Stop 8 of 14"
    at.selectbox(key="talk-day-dunhuang-shouhang-csp-plant").set_value(date(2025, 6, 3)).run()
    assert talk_progress(at) == "Step 17 of 19 · Day 9 of 11 · Stop 12 of 14"


def test_leaving_talk_mode_returns_to_the_map_with_the_same_filters():
    at = run_app(theme=[PLANET])
    at.switch_page("pages/talk.py").run()
    assert talk_progress(at) == "Step 1 of 6"
    at.button(key="talk-next").click().run()
    at.button(key="talk-leave").click().run()
    assert not at.exception
    assert at.title[0].value == "Route map" and metrics(at)["Stops"] == "4"
    assert at.query_params["theme"] == PLANET and "step" not in at.query_params


def test_blank_coordinates_are_looked_up_offline_and_the_app_runs(data_copy, monkeypatch):
    from tests.test_fill_coordinates import BLANK, edit

    edit(data_copy / "places.csv", "jiayuguan-qimu-dairy", **BLANK)
    monkeypatch.setenv("ROUTEMAP_DATA", str(data_copy))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception and not at.error
    assert metrics(at)["Stops"] == "14"


def test_the_dataset_loads_once_per_process(monkeypatch):

    calls = []
    real = frame.load_dataset
    monkeypatch.setattr(frame, "load_dataset", lambda *a, **k: calls.append(a) or real(*a, **k))
    run_app()
    run_app("pages/itinerary.py")  # a second session, another page
    assert len(calls) == 1


def test_each_day_is_labelled_with_its_date_and_city():
    # the date over the city: two lines, so a handle near the slider's end stays inside the sidebar
    options = [shown(o).split("  \n") for o in run_app().sidebar.select_slider(key="days").options]
    assert options[0] == ["26 May", "Xi'an"] and options[2] == ["28 May", "Yan'an"]
    assert options[-1] == ["5 Jun", "Shanghai"] and len(options) == 11
