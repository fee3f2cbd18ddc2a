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
from routemap.markup import script_source
from tests.mapdata import outline_payloads

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


def _payload(**kwargs) -> dict:
    """The outline layer's payload as the rendered page carries it (one layer, decoded)."""
    (payload,) = outline_payloads(_render(**kwargs))
    assert payload == outlines.outline_payload(**kwargs)  # what the page sends is what was built
    return payload


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_the_layer_renders_every_province_name_and_loads_nothing_from_outside(lang):
    page = _render(lang=lang)
    labels = "\n".join(label["html"] for label in _payload(lang=lang)["labels"])
    for f in outlines.load_outlines()["provinces"]["features"]:
        assert (f["properties"]["name"] in labels) == (lang in ("en", "both"))
        assert (f["properties"]["name_zh"] in labels) == (lang in ("zh", "both"))
    assert labels.count('<div class="routemap-province-label') == 34
    assert not re.search(r"https?://", page)


def test_nothing_in_the_layer_takes_clicks():
    page, payload = _render(), _payload()
    assert [layer["name"] for layer in payload["layers"]] == ["sea", "countries", "provinces", "coastline", "borders"]
    assert (payload["pane"], payload["labelPane"]) == (outlines.OUTLINE_PANE, outlines.LABEL_PANE)
    script = script_source("outlines.js")
    assert script in page
    # every shape layer and every label marker is made non-interactive, in its own pane
    assert script.count("interactive: false") == 2 and script.count("pane: spec.") == 2
    assert "bubblingMouseEvents: false" in script and "keyboard: false" in script
    assert 'pane.style.pointerEvents = "none"' in page
    assert "pointer-events: none" in outlines.LABEL_CSS


def test_options_leave_out_fills_and_labels():
    bare = _payload(fills=False, labels=False)
    assert bare["labels"] == []
    assert [layer["name"] for layer in bare["layers"]] == ["provinces", "coastline", "borders"]
    text = json.dumps(bare)
    assert outlines.SEA not in text and outlines.LAND not in text and outlines.CHINA not in text


def test_small_divisions_get_minor_labels_and_the_sars_sit_apart():
    labels = [label["html"] for label in _payload()["labels"]]
    found = [re.match(r'<div class="([^"]+)"><span lang="en">([^<]+)</span>', html) for html in labels]
    by_name = {m.group(2): m.group(1) for m in found}
    assert len(by_name) == 34
    minor = {name for name, classes in by_name.items() if "--minor" in classes}
    assert minor == {"Beijing", "Tianjin", "Shanghai", "Hong Kong", "Macao"}
    assert "--left" in by_name["Hong Kong"] and "--right" in by_name["Macao"]


def test_the_land_fill_sets_china_apart_from_its_neighbours():
    countries = next(layer for layer in _payload()["layers"] if layer["name"] == "countries")
    assert countries["fillBy"] == {"property": "iso_a3", "colours": {"CHN": outlines.CHINA}, "otherwise": outlines.LAND}
    assert {f["properties"]["iso_a3"] for f in countries["data"]["features"]} >= {"CHN", "MNG", "IND"}


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
    credited = [layer for layer in _payload(attribution="Natural Earth")["layers"] if "attribution" in layer]
    assert [(layer["name"], layer["attribution"]) for layer in credited] == [("provinces", "Natural Earth")]
    assert all("attribution" not in layer for layer in _payload()["layers"])


def test_served_outlines_are_fetched_in_drawing_order_not_written_into_the_page():
    page = _render(source="../static/basemap/")
    assert len(page) < 60_000  # the ~400 KB of shapes stay on the server
    layers = _payload(source="../static/basemap/")["layers"]
    assert [layer.get("url") for layer in layers] == [None] + [
        f"../static/basemap/{name}.geojson" for name in ("countries", "provinces", "coastline", "borders")
    ]  # borders last, on top; the script adds the files in this order once all have arrived
    assert [layer["name"] for layer in layers if "data" in layer] == ["sea"]  # the rectangle is written in
    assert "Gansu" in page  # the labels are small and written in
    assert "Promise.all(" in script_source("outlines.js")


def test_served_outlines_without_fills_fetch_only_the_lines():
    layers = _payload(fills=False, labels=False, source="s/")["layers"]
    assert [layer["url"] for layer in layers] == ["s/provinces.geojson", "s/coastline.geojson", "s/borders.geojson"]
