"""The offline basemap: the shipped Natural Earth outlines and the folium layer that draws them."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from importlib import resources

import folium
import pytest

from routemap.map import outlines

BASEMAP = resources.files("routemap") / "static" / "basemap"
FILES = ("countries.geojson", "provinces.geojson", "borders.geojson", "coastline.geojson", "manifest.json")
#: The shipped data is 406,223 bytes (README.md); a rebuild that grows it past this should be a decision.
BYTE_BUDGET = 425_000

#: ISO 3166-2:CN: 23 provinces (Taiwan included), 5 autonomous regions, 4 municipalities, 2 SARs.
PROVINCES = ("AH", "FJ", "GD", "GS", "GZ", "HA", "HB", "HE", "HI", "HL", "HN", "JL")
PROVINCES += ("JS", "JX", "LN", "QH", "SC", "SD", "SN", "SX", "YN", "ZJ", "TW")
PROVINCE_CODES = {f"CN-{c}" for c in (*PROVINCES, "GX", "NM", "NX", "XJ", "XZ", "BJ", "CQ", "SH", "TJ", "HK", "MO")}


def _render(**kwargs) -> str:
    """A bare map (no tiles, no CDN scripts) with the outline layer, as HTML."""
    m = folium.Map(location=(35, 105), zoom_start=4, tiles=None)
    m.default_js, m.default_css = [], []
    outlines.outline_layer(**kwargs).add_to(m)
    return m.get_root().render()


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _inside(x: float, y: float, geometry: dict) -> bool:
    """Even-odd ray casting over every ring (holes included)."""
    inside = False
    for ring in _rings(geometry):
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def test_the_files_are_shipped_and_small():
    sizes = {name: (BASEMAP / name).stat().st_size for name in FILES}
    assert all(sizes.values())
    assert sum(sizes.values()) < BYTE_BUDGET, sizes
    for name in ("README.md", "LICENSE.md"):
        assert (BASEMAP / name).is_file()


def test_the_manifest_says_where_the_data_comes_from():
    manifest = outlines.load_outlines()["manifest"]
    assert manifest["source"].startswith("Natural Earth")
    assert manifest["point_of_view"] in {"chn", "default+FCLASS_CN"}
    assert manifest["simplification"]["decimals"] == 3
    assert manifest["layers"] == {name: len(outlines.load_outlines()[name]["features"]) for name in outlines.LAYERS}


def test_load_outlines_reads_once():
    assert outlines.load_outlines() is outlines.load_outlines()
    assert set(outlines.load_outlines()) == {*outlines.LAYERS, "manifest"}


def test_chinas_34_province_level_divisions():
    provinces = outlines.load_outlines()["provinces"]["features"]
    assert {f["properties"]["iso_3166_2"] for f in provinces} == PROVINCE_CODES
    names = outlines.province_names("en")
    assert len(set(names)) == 34
    assert {"Beijing", "Sichuan", "Inner Mongolia", "Xizang", "Taiwan", "Hong Kong", "Macao"} <= set(names)
    assert {"北京市", "四川省", "内蒙古自治区", "台湾省", "香港", "澳门"} <= set(outlines.province_names("zh"))


def test_province_label_points_fall_inside_their_province():
    for f in outlines.load_outlines()["provinces"]["features"]:
        p = f["properties"]
        assert _inside(p["label_lon"], p["label_lat"], f["geometry"]), p["name"]


def test_every_feature_is_named_in_english_and_chinese_with_rounded_coordinates():
    data = outlines.load_outlines()
    for layer in outlines.LAYERS:
        for f in data[layer]["features"]:
            assert f["properties"]["name"] and f["properties"]["name_zh"], (layer, f["properties"])
            text = json.dumps(f["geometry"]["coordinates"])
            assert not re.search(r"\.\d{4,}", text), (layer, f["properties"]["name"])
    countries = {f["properties"]["iso_a3"] for f in data["countries"]["features"]}
    assert {"CHN", "MNG", "RUS", "IND", "VNM", "JPN", "KOR", "PRK", "KAZ", "MMR"} <= countries
    assert not {"TWN", "HKG", "MAC"} & countries  # drawn as part of China (China's point of view)


def test_the_country_shapes_stay_inside_the_clip_box():
    west, south, east, north = outlines.load_outlines()["manifest"]["clip"]
    for f in outlines.load_outlines()["countries"]["features"]:
        for ring in _rings(f["geometry"]):
            assert all(west <= x <= east and south <= y <= north for x, y in ring), f["properties"]["name"]


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_the_layer_renders_every_province_name_and_loads_nothing_from_outside(lang):
    page = _render(lang=lang)
    escaped = page.encode().decode("unicode_escape", errors="ignore")  # folium writes non-ASCII as \uXXXX
    for f in outlines.load_outlines()["provinces"]["features"]:
        if lang in ("en", "both"):
            assert f["properties"]["name"] in page
        if lang in ("zh", "both"):
            assert f["properties"]["name_zh"] in escaped
    assert page.count("routemap-province-label ") + page.count('routemap-province-label\\"') >= 34
    assert not re.search(r"https?://", page)


def test_nothing_in_the_layer_takes_clicks():
    page = _render()
    assert page.count("L.geoJson(") == 5  # sea, countries, provinces, coastline, borders
    assert page.count('"interactive": false') == 5 + 34
    assert 'pane.style.pointerEvents = "none"' in page
    panes = re.findall(r'"pane": "([^"]+)"', page)
    assert set(panes) == {outlines.OUTLINE_PANE, outlines.LABEL_PANE}
    assert "pointer-events: none" in outlines.LABEL_CSS


def test_options_leave_out_fills_and_labels():
    bare = _render(fills=False, labels=False)
    assert outlines.SEA not in bare and outlines.LAND not in bare
    assert "routemap-province-label routemap" not in bare and "L.marker(" not in bare
    assert bare.count("L.geoJson(") == 3


def test_small_divisions_get_minor_labels_and_the_sars_sit_apart():
    page = _render().encode().decode("unicode_escape")  # the labels' HTML is written as JSON strings
    labels = re.findall(r'<div class="([^"]+)"><span lang="en">([^<]+)</span>', page)
    by_name = {name: classes for classes, name in labels}
    assert len(by_name) == 34
    minor = {name for name, classes in by_name.items() if "--minor" in classes}
    assert minor == {"Beijing", "Tianjin", "Shanghai", "Hong Kong", "Macao"}
    assert "--left" in by_name["Hong Kong"] and "--right" in by_name["Macao"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="lang"):
        outlines.outline_layer(lang="fr")  # type: ignore[arg-type]


def test_label_html_escapes_names():
    html = outlines.label_html({"name": "A<b>", "name_zh": "乙&"}, "both")
    assert "A&lt;b&gt;" in html and "乙&amp;" in html and 'lang="zh-Hans"' in html


def test_shapely_is_not_needed_at_run_time():
    code = "import sys, routemap.map.outlines as o; o.load_outlines(); print('shapely' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_an_attribution_credits_the_outlines_in_the_maps_corner():
    page = _render(attribution="Natural Earth")
    assert page.count('"attribution": "Natural Earth"') == 1  # on one layer, so shown once
    assert '"attribution"' not in _render()


def test_served_outlines_are_fetched_in_drawing_order_not_written_into_the_page():
    page = _render(source="../static/basemap/")
    assert len(page) < 60_000  # the ~400 KB of shapes stay on the server
    assert page.count('"coordinates"') == 1  # the sea's rectangle only
    urls = re.search(r"Promise\.all\((\[[^\]]*\])", page).group(1)
    drawn = ("countries", "provinces", "coastline", "borders")  # borders last, on top
    assert json.loads(urls) == [f"../static/basemap/{name}.geojson" for name in drawn]
    # each file goes to its own layer, in the order the layers are drawn
    added = re.findall(r"(geo_json_\w+)\.addData\(data\[(\d)\]\)", page)
    created = re.findall(r"var (geo_json_\w+) = L\.geoJson\(", page)
    assert [name for name, _ in added] == created[1:]  # after the sea, which is written in
    assert [int(i) for _, i in added] == [0, 1, 2, 3]
    assert "Gansu" in page  # the labels are small and written in


def test_served_outlines_without_fills_fetch_only_the_lines():
    page = _render(fills=False, labels=False, source="s/")
    assert json.loads(re.search(r"Promise\.all\((\[[^\]]*\])", page).group(1)) == [
        "s/provinces.geojson",
        "s/coastline.geojson",
        "s/borders.geojson",
    ]
