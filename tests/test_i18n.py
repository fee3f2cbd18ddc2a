"""The translation tables: complete in every language, every key the code uses is there; and the pure
functions that put the dashboard in a language (names, labels, dates, links, exports)."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from routemap import cli
from routemap.export import formats, kml
from routemap.export import table as exportformats
from routemap.map import basemap_layers, basemaps, build, popups
from routemap.model import i18n
from routemap.model.vocab import CERTAINTIES, MODES, PRECISIONS, STATUSES
from routemap.view import filters, localize, urlstate
from routemap.view.tables import VOCABULARIES

REPO = Path(__file__).resolve().parents[1]
CODE = [*(REPO / "src" / "routemap").rglob("*.py"), *(REPO / "pages").glob("*.py"), REPO / "app.py"]
#: Keys the code builds from a prefix and a value, and the values it may take.
DYNAMIC = {
    "mode.": MODES,
    "certainty.": CERTAINTIES,
    "precision.": PRECISIONS,
    "precision_note.": PRECISIONS,
    "status.": STATUSES,
    "basemap.": basemaps.IDS,
    "format.": [*exportformats.IDS, *(f"{f}_help" for f in exportformats.IDS)],
    "column.": [c for c in formats.CSV_COLUMNS if c != "id"],  # the id is not shown
    "legend.": popups.LEGEND_WORDS,
    "kml.count_": [f"{noun}{s}" for noun in ("stop", "leg", "mentioned") for s in ("", "s")],
}
TRANSLATORS = {"t", "tr", "parts"}
#: Keys the code holds in constants and translates later.
CONSTANT_KEYS = (
    *build.LAYER_NAMES,
    basemap_layers.OUTLINES_NAME,
    *kml.FOLDERS,
    *basemap_layers.ATTRIBUTION_WORDS.values(),
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key_and_the_same_placeholders():
    tables = {code: i18n.table(code) for code in i18n.TABLES}
    keys = set(tables["en"])
    for code, table in tables.items():
        assert set(table) == keys, f"{code}: missing {sorted(keys - set(table))}, extra {sorted(set(table) - keys)}"
        assert all(value.strip() for value in table.values()), code
    for key in keys:
        assert len({frozenset(_fields(t[key])) for t in tables.values()}) == 1, f"{key}: placeholders differ"


def test_the_languages_are_listed_once_and_each_has_its_tables():
    assert i18n.LANGS == ("en", "zh", "both") and set(i18n.LANG_NAMES) == set(i18n.LANGS)
    assert set(i18n.TABLES) == set(i18n.HTML_LANG)
    assert {code for lang in i18n.LANGS for code in i18n.codes(lang)} == set(i18n.TABLES)


def _used_keys() -> tuple[set[str], set[str]]:
    """Keys the code names as literals, and prefixes of keys it builds (f-strings)."""
    literal, prefixes = set(), set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            arg = node.args[0]
            if name == "_note" and isinstance(arg, ast.Constant):
                literal.add(f"link.{arg.value}")
            elif name in {"Note", *TRANSLATORS} and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            elif name in TRANSLATORS and isinstance(arg, ast.IfExp):  # t("a" if ... else "b")
                literal |= {x.value for x in (arg.body, arg.orelse) if isinstance(x, ast.Constant)}
            elif name in TRANSLATORS and isinstance(arg, ast.JoinedStr):
                head = arg.values[0]
                prefixes.add(head.value if isinstance(head, ast.Constant) else "")
            elif name in TRANSLATORS and isinstance(arg, ast.BinOp) and isinstance(arg.left, ast.Constant):
                prefixes.add(arg.left.value)  # "certainty." + value
    return literal, prefixes


def test_every_key_the_code_uses_is_in_the_table():
    table = i18n.table("en")
    literal, prefixes = _used_keys()
    assert len(literal) > 100  # the scan finds the code's keys
    assert not sorted(k for k in literal if k not in table)
    assert "" in prefixes and all(f"{p}." in DYNAMIC for p in VOCABULARIES.values())  # f"{p}.{v}" in view.tables
    unknown = prefixes - set(DYNAMIC) - {""}
    assert not unknown, f"keys built from {unknown}: add their values to DYNAMIC"
    missing = [p + v for p in prefixes - {""} for v in DYNAMIC[p] if p + v not in table]
    assert not missing
    from routemap.web.frame import PAGES

    constants = [*CONSTANT_KEYS, *(p.title for p in PAGES)]
    assert [k for k in constants if k not in table] == []


def test_no_key_of_the_table_is_left_unused():
    literal, prefixes = _used_keys()
    constants = set(CONSTANT_KEYS)
    from routemap.web.frame import PAGES

    prefixes = (prefixes - {""}) | {f"{p}." for p in VOCABULARIES.values()}
    used = literal | constants | {p.title for p in PAGES} | {p + v for p in prefixes for v in DYNAMIC[p]}
    assert sorted(set(i18n.table("en")) - used) == []


def test_t_in_each_language():
    assert i18n.t("talk.step_of", "en", n=2, total=5) == "Step 2 of 5"
    assert i18n.t("talk.step_of", "zh", n=2, total=5) == "第 2 步，共 5 步"
    assert i18n.t("page.map", "both") == "Map · 地图"
    assert i18n.parts("page.map", "both") == [("en", "Map"), ("zh-Hans", "地图")]
    with pytest.raises(KeyError):
        i18n.t("no.such_key", "en")


def test_dates_in_each_language():
    day = date(2025, 5, 26)
    assert i18n.fmt_date(day, "en", "long") == "Monday 26 May 2025"
    assert i18n.fmt_date(day, "zh", "long") == "2025年5月26日（星期一）"
    assert i18n.fmt_date(day, "zh", "day") == "5月26日（周一）"
    assert i18n.fmt_date(day, "both", "short") == "26 May · 5月26日"
    assert i18n.fmt_span(day, date(2025, 6, 5), "en") == "26 May – 5 June 2025"
    assert i18n.fmt_span(day, date(2025, 6, 5), "zh") == "2025年5月26日—6月5日"


def test_localize_puts_the_chinese_name_first_and_keeps_ids(dataset):
    view = filters.apply(dataset)
    zh = localize.localize(view, "zh")
    assert list(zh.stops["id"]) == list(view.stops["id"])
    assert zh.stops["name"].iloc[0] == "杨家岭革命旧址" and zh.stops["name_zh"].iloc[0].startswith("Cave dwellings")
    assert list(zh.legs["from_name"]) == ["西安", "延安", "敦煌", "嘉峪关"]
    assert zh.dataset.trip.theme("protecting-the-planet").label == "保护地球"
    assert filters.city_of_day(zh.dataset)[date(2025, 5, 28)] == "西安 → 延安"
    assert localize.localize(zh, "zh") is zh  # twice is once
    assert localize.localize(view, "en") is view
    both = localize.localize(view, "both")
    assert both.dataset.trip.kind("museum").label == "Museum or memorial hall · 博物馆或纪念馆"
    assert both.stops["name"].iloc[0] == view.stops["name"].iloc[0]
    assert localize.source_view(zh).stops.equals(view.stops)  # what the data exports write


def test_a_name_the_data_gives_only_in_english_stays(dataset):
    places = dataset.places.copy()
    places.loc[0, "name_zh"] = ""
    from dataclasses import replace

    zh = localize.localize_dataset(replace(dataset, places=places), "zh")
    assert zh.places["name"].iloc[0] == dataset.places["name"].iloc[0]


def test_the_link_holds_the_language(dataset):
    choices = urlstate.choices(dataset.trip, cities={}, stops={}, basemaps=basemaps.BASEMAPS)
    assert urlstate.parse({"lang": ["zh"]}, choices)[0].lang == "zh"
    state, notes = urlstate.parse({"lang": ["klingon"]}, choices)
    assert state.lang is None and str(notes[0]) == "lang=klingon: no such lang in this trip"
    assert notes[0].text("zh") == "lang=klingon：本行程中没有这一项"
    assert urlstate.to_params(urlstate.ViewState(lang="both"), days=11, all_themes=[]) == {"lang": "both"}


def test_exports_in_chinese(dataset, tmp_path):
    view = filters.apply(dataset)
    text = kml.dumps(view, "zh")
    assert "<name>1. 杨家岭革命旧址</name>" in text and "<name>站点</name>" in text
    assert "<name>“中国社会主义之友”第二次访问中华人民共和国代表团</name>" in text
    assert '<Data name="name_zh">\n      <value>杨家岭革命旧址</value>' in text  # the data's column stays the data's
    page = formats.export_text(view, "html", lang="zh")
    assert '<html lang="zh-Hans">' in page and "\\u56fe\\u4f8b" in page  # 图例, the legend, as the script holds it
    assert formats.export_text(view, "csv", lang="zh") == formats.export_text(view, "csv")  # data stays data
    out = tmp_path / "route.kml"
    assert cli.main(["export", "--format", "kml", "--lang", "zh", "-o", str(out)]) == 0
    assert "站点" in out.read_text(encoding="utf-8")
    assert re.search(
        r"--lang \{en,zh,both\}", cli.build_parser()._subparsers._group_actions[0].choices["export"].format_usage()
    )


def test_the_png_install_hint_is_the_same_in_the_table_and_the_cli():
    from routemap.export import snapshot

    assert i18n.table("en")["format.png_unavailable"] == snapshot.INSTALL_HINT  # the Places page shows it translated
    assert "apt install chromium" in i18n.table("zh")["format.png_unavailable"]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_formatter_writes_what_t_writes(lang):
    stop = i18n.formatter("card.stop", lang)
    assert [stop(n=n) for n in (1, 14, 10_000)] == [i18n.t("card.stop", lang, n=n) for n in (1, 14, 10_000)]
    with pytest.raises(KeyError):
        i18n.formatter("card.no_such_word", lang)
