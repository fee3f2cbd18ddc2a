"""Every page in 中文 with AppTest: no English word of the interface left, the language kept everywhere.

What a page shows is collected element by element (labels, options, help, Markdown,
the cards' HTML, table headers and cells; tests/uitext.py). The data's own text,
English where the data gives no Chinese, is taken out first: what is left must
hold no English word but names that read the same in Chinese (OpenStreetMap, GCJ-02).
"""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from routemap.load.folder import load_dataset
from routemap.load.importers import TEMPLATE_COLUMNS
from tests.test_app import APP, PAGES, run_app, talk_card, talk_progress
from tests.uitext import english_left, page_texts


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def run_zh(page: str | None = None, lang: str = "zh", **query) -> AppTest:
    return run_app(page, lang=lang, **query)


def assert_all_chinese(at: AppTest, dataset, where: str) -> None:
    texts = page_texts(at)
    assert len(texts) > 20, where  # the collector found the page's text
    left = english_left(texts, dataset)
    assert not left, f"{where}: English left in 中文: {sorted(set(left))}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_chinese_has_no_english_interface_text(page, dataset):
    at = run_zh(page)
    assert_all_chinese(at, dataset, page)
    assert at.query_params["lang"] == "zh"


def test_talk_mode_in_chinese_every_kind_of_step(dataset):
    at = run_zh("pages/talk.py", stop=["yanan-leaders-caves"])
    at.toggle(key="talk-quiet-days").set_value(True).run()  # the days with nothing recorded, too
    seen = set()
    for _ in range(8):  # the title card, a quiet day, a leg, stops
        card = talk_card(at)
        seen.add(re.search(r"rm-talk-(title|stop|leg|day)", card).group(1))
        assert 'lang="zh-Hans"' in card
        assert_all_chinese(at, dataset, talk_progress(at))
        at.button(key="talk-next").click().run()
    at.selectbox(key=f"talk-day-{at.session_state['step']}").set_value(load_dataset().trip.start).run()
    seen.add(re.search(r"rm-talk-(title|stop|leg|day)", talk_card(at)).group(1))
    assert seen >= {"stop", "leg", "day"}
    assert talk_progress(at).startswith("第 ")


def test_the_title_card_in_chinese_names_the_route_in_chinese():
    at = run_zh("pages/talk.py")
    card = talk_card(at)
    assert talk_progress(at) == "第 1 步，共 19 步"
    assert "西安</span>" in card and "上海</span>" in card and "路线" in card
    assert "“中国社会主义之友”第二次访问中华人民共和国代表团" in card


def test_a_stop_card_says_its_description_is_in_english_only():
    at = run_zh("pages/talk.py", step=["yanan-leaders-caves"])
    card = talk_card(at)
    assert '<span lang="zh-Hans">杨家岭革命旧址</span>' in card
    assert 'lang="en">Cave dwellings of the CPC leadership, Yangjialing' in card  # the other name, marked English
    assert 'class="rm-talk-what" lang="en"' in card and "（仅有英文说明）" in card
    assert "革命旧址" in card and "弘扬革命传统" in card  # the trip's own kind and theme labels in 中文


def test_the_language_is_kept_across_pages_and_written_in_the_link():
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.title[0].value == "Route map" and "lang" not in at.query_params  # English by default
    at.sidebar.button_group(key="lang").set_value("zh").run()
    assert at.title[0].value == "路线地图" and at.query_params["lang"] == "zh"
    at.switch_page("pages/itinerary.py").run()
    assert at.title[0].value == "行程" and at.query_params["lang"] == "zh"
    assert at.subheader[0].value.startswith("第 1 天 · 2025年5月26日（星期一） · 西安")
    at.sidebar.button_group(key="lang").set_value("both").run()
    assert at.title[0].value == "Itinerary · 行程" and at.query_params["lang"] == "both"
    at.sidebar.button_group(key="lang").set_value("en").run()
    assert at.title[0].value == "Itinerary" and "lang" not in at.query_params


def test_the_page_s_html_lang_follows_the_language():
    scripts = [h.proto.body for h in run_zh().get("html") if "documentElement.lang" in h.proto.body]
    assert scripts and '"zh-Hans"' in scripts[0]


def test_figures_panel_and_places_table_in_chinese():
    at = run_zh("pages/places.py")
    assert [b.proto.label for b in at.get("download_button")][:2] == ["CSV 表格", "GeoJSON 数据"]
    table = at.dataframe[0].value
    assert table["name"].iloc[0] == "杨家岭革命旧址"
    assert set(table["status"]) == {"到访", "提及"} and "革命旧址" in set(table["kind"])
    assert "嘉峪关" in set(table["city"])
    at.text_input(key="q").set_value("紫轩").run()  # search finds the Chinese name
    assert len(at.dataframe[0].value) == 1
    at.switch_page("pages/map.py").run()
    assert {m.label for m in at.metric} == {"站点", "城市", "有站点的天数", "行程公里数"}
    assert at.sidebar.multiselect(key="theme").options[0] == "弘扬革命传统"
    assert at.sidebar.multiselect(key="city").options[0] == "西安"


def test_both_languages_side_by_side():
    at = run_zh("pages/map.py", lang="both")
    assert at.title[0].value == "Route map · 路线地图"
    assert {m.label for m in at.metric} >= {"Stops · 站点"}
    assert at.sidebar.multiselect(key="theme").options[0] == "Revolutionary heritage · 弘扬革命传统"  # the short label


def test_a_link_note_shows_in_the_language_on_view():
    at = run_zh(theme=["Not a theme"])
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert "链接中被忽略的内容" in notes and "本行程中没有这一项" in notes


def test_a_trip_without_chinese_labels_shows_its_own_and_says_so(data_copy, monkeypatch):
    text = (data_copy / "trip.toml").read_text(encoding="utf-8")
    (data_copy / "trip.toml").write_text(re.sub(r'(?m)^label_zh = ".*"\n', "", text), encoding="utf-8")
    monkeypatch.setenv("ROUTEMAP_DATA", str(data_copy))
    at = run_zh()
    assert at.sidebar.multiselect(key="theme").options[0] == "Revolutionary heritage"  # the trip's own label
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert "本行程没有为以下项目提供中文标签" in notes and "revolutionary" in notes


def test_the_long_march_in_chinese(monkeypatch):
    from routemap.load.trips import EXAMPLES

    monkeypatch.setenv("ROUTEMAP_DATA", str(EXAMPLES / "long-march"))
    at = run_zh("pages/talk.py")
    assert "中央红军长征" in talk_card(at)
    assert_all_chinese(at, load_dataset(EXAMPLES / "long-march"), "long march talk")


def test_the_upload_page_in_chinese_has_no_english_interface_text(dataset):
    at = run_zh("pages/upload.py")
    texts = page_texts(at)
    assert len(texts) > 20
    # the template's column names are what the file must say, the tools and formats are names, the path is a path
    literal = {*TEMPLATE_COLUMNS, "geojson", "uMap", "QGIS", "KMZ", "zip", "docs", "import"}
    left = [word for word in english_left(texts, dataset) if word not in literal]
    assert not left, f"pages/upload.py: English left in 中文: {sorted(set(left))}"
    assert at.title[0].value == "上传行程"
