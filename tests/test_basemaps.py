"""The basemaps: one table, and what each draws under the route (tiles, outlines, or nothing)."""

from __future__ import annotations

import json
import re
from importlib import resources

import folium
import pytest

from routemap import cli
from routemap.export import formats as export
from routemap.export import snapshot, standalone
from routemap.map import assets, basemaps, build, outlines
from routemap.view import filters, urlstate
from tests.conftest import REPO
from tests.mapdata import outline_payloads, places_of

TILED = [s.id for s in basemaps.TABLE if s.needs_network]


def rendered(basemap: str, dataset, **options) -> str:
    return build.build_map(filters.apply(dataset), basemap=basemap, **options).get_root().render()


def tile_layers(page: str) -> list[tuple[str, dict, bool]]:
    """Each ``L.tileLayer(url, options)`` of a page: its URL, its options, and whether it is added to the map."""
    found = []
    for match in re.finditer(r"var (tile_layer_\w+) = L\.tileLayer\(\s*(\".*?\"),\s*(\{.*?\})\s*\);", page, re.S):
        name, url, options = match.groups()
        options = json.loads(re.sub(r",\s*\}$", "}", options))  # folium leaves a trailing comma
        found.append((json.loads(url), options, f"{name}.addTo(" in page))
    return found


def test_the_table_has_the_five_basemaps_each_complete():
    assert basemaps.IDS == ("osm", "esri", "gaode", "offline", "none")
    assert list(basemaps.BASEMAPS) == list(basemaps.IDS)
    for spec in basemaps.TABLE:
        assert spec.label and spec.note and spec.max_zoom >= 12
        assert spec.needs_network == (spec.url is not None)
        if spec.url is not None:
            assert {"{x}", "{y}", "{z}"} <= set(re.findall(r"\{[a-z]\}", spec.url)), spec.id
            assert spec.url.startswith("https://") and spec.attribution and spec.outlines == "lines"
            assert ("{s}" in spec.url) == bool(spec.subdomains)
    assert [s.id for s in basemaps.TABLE if s.gcj02] == ["gaode"]
    assert [s.id for s in basemaps.TABLE if s.referrer_policy] == ["osm"]
    assert basemaps.spec("offline").outlines == "map" and basemaps.spec("none").outlines == "off"
    assert basemaps.DEFAULT_BASEMAP == "osm" and basemaps.EXPORT_BASEMAP == "offline"


def test_an_unknown_basemap_is_refused_naming_the_known_ones(dataset):
    with pytest.raises(ValueError, match="osm, esri, gaode, offline, none"):
        basemaps.spec("carto")
    with pytest.raises(ValueError, match="Unknown basemap"):
        rendered("carto", dataset)


@pytest.mark.parametrize("basemap", TILED)
def test_each_tiled_basemap_renders_its_template_attribution_zoom_and_policy(dataset, basemap):
    spec = basemaps.spec(basemap)
    layers = tile_layers(rendered(basemap, dataset))
    url, options, shown = layers[0]
    assert (url, shown) == (spec.url, True)
    assert options["attribution"] == spec.attribution
    assert options["maxZoom"] == spec.max_zoom
    assert options.get("referrerPolicy") == spec.referrer_policy
    if spec.subdomains:
        assert options["subdomains"] == spec.subdomains
    # the other basemaps in the same datum are offered in the layer control, not loaded
    assert [(u, s) for u, _, s in layers[1:]] == [(other.url, False) for other in basemaps.alternatives(basemap)]


def test_gaode_is_offered_alone_since_switching_datum_would_misplace_the_route():
    assert basemaps.alternatives("gaode") == ()
    assert [s.id for s in basemaps.alternatives("osm")] == ["esri"]
    assert [s.id for s in basemaps.alternatives("esri")] == ["osm"]
    assert basemaps.alternatives("offline") == basemaps.alternatives("none") == ()


def test_gaode_tiles_come_from_the_autonavi_hosts_in_chinese(dataset):
    page = rendered("gaode", dataset)
    assert "webrd0{s}.is.autonavi.com" in page and "lang=zh_cn" in page.replace("\\u0026", "&")
    assert "\\u9ad8\\u5fb7\\u5730\\u56fe AutoNavi" in page  # © 高德地图 AutoNavi, as folium writes it


def test_the_offline_basemap_is_the_outlines_with_fills_and_labels_and_no_tiles(dataset):
    page = rendered("offline", dataset)
    assert tile_layers(page) == []
    assert outlines.SEA in page and outlines.CHINA in page  # the fills
    (shapes,) = outline_payloads(page)
    assert "Gansu" in page and len(shapes["labels"]) == 34
    assert "naturalearthdata.com" in page  # credited in the map's corner
    assert not re.search(r"https?://[^\"'\s]*\{[xyz]\}", page)


@pytest.mark.parametrize("basemap", TILED)
def test_under_tiles_the_outlines_are_thin_lines_without_fills_or_labels(dataset, basemap):
    page = rendered(basemap, dataset)
    assert outlines.PROVINCE_LINE in page and outlines.COAST in page and outlines.BORDER in page
    assert outlines.SEA not in page and outlines.LAND not in page and outlines.CHINA not in page
    assert [shapes["labels"] for shapes in outline_payloads(page)] == [[]]
    assert "naturalearthdata.com" in page


def test_no_tiles_draws_nothing_extra(dataset):
    page = rendered("none", dataset)
    assert tile_layers(page) == []
    assert outlines.OUTLINE_PANE not in page and "naturalearthdata.com" not in page
    assert len(places_of(page, "stop")) == 14  # the route, on its plain background


def test_the_outlines_are_in_the_base_map_not_in_the_filtered_layers(dataset):
    """streamlit-folium keeps the base mounted and swaps only the layers: the outlines stay put."""
    base = build.base_map(dataset, basemap="offline").get_root().render()
    assert outlines.OUTLINE_PANE in base
    view = filters.apply(dataset)
    for group in build.layers(view):
        assert not any(isinstance(c, folium.GeoJson) for c in group._children.values())


def test_the_dashboard_fetches_the_outlines_from_its_own_server_instead_of_sending_them_each_run(dataset):
    base = build.base_map(dataset, basemap="offline", asset_mode=assets.SERVED).get_root().render()
    for name in ("countries", "provinces", "coastline", "borders"):
        assert f"{assets.SERVED_BASEMAP}{name}.geojson" in base
    assert len(base.encode()) < 60_000  # the shapes are ~400 KB: not in the page
    served = resources.files("routemap") / "static" / "basemap"
    assert assets.SERVED_BASEMAP.replace("basemap/", "") == assets.SERVED_BASE.replace("vendor/", "")
    assert all((served / f"{name}.geojson").is_file() for name in outlines.LAYERS)
    # a layer added later is drawn on top: the fetched shapes are added in drawing order, together
    assert base.index("countries.geojson") < base.index("provinces.geojson") < base.index("borders.geojson")
    assert "Promise.all(" in base


def test_standalone_export_sizes_stay_within_budget(dataset):
    """The offline outlines make the default export ~0.7 MB (~0.2 MB gzipped), lines under tiles ~0.5 MB."""
    view = filters.apply(dataset)
    sizes = {b: len(standalone.to_html(view, basemap=b).encode()) for b in ("offline", "osm", "none")}
    assert sizes["none"] < 300_000
    assert sizes["osm"] < 600_000
    assert sizes["offline"] < 800_000


def test_the_png_is_drawn_on_the_offline_outlines_by_default(dataset):
    pages = []

    def renderer(page, width, height, *, network):
        pages.append(page.read_text(encoding="utf-8"))
        return snapshot.PNG_SIGNATURE + b"stand-in"

    snapshot.to_png(filters.apply(dataset), renderer=renderer)
    assert tile_layers(pages[0]) == [] and "Gansu" in pages[0] and outlines.SEA in pages[0]


def test_the_command_line_takes_its_choices_from_the_table(capsys):
    assert not hasattr(cli, "BASEMAPS")
    parser = cli.build_parser()
    export_parser = parser._subparsers._group_actions[0].choices["export"]
    action = next(a for a in export_parser._actions if "--basemap" in a.option_strings)
    assert tuple(action.choices) == basemaps.IDS
    with pytest.raises(SystemExit):
        cli.main(["export", "--format", "html", "--basemap", "carto"])
    assert "invalid choice: 'carto'" in capsys.readouterr().err


def test_the_html_export_default_and_choice(dataset):
    view = filters.apply(dataset)
    assert tile_layers(export.export_text(view, "html")) == []  # offline by default
    assert tile_layers(export.export_text(view, "html", basemap="gaode"))[0][0] == basemaps.spec("gaode").url


def test_links_name_a_basemap_by_id_or_by_its_label(dataset):
    choices = urlstate.choices(dataset.trip, cities={}, stops={}, basemaps=basemaps.BASEMAPS)
    for spec in basemaps.TABLE:
        assert urlstate.parse({"basemap": [spec.id]}, choices)[0].basemap == spec.id
        assert urlstate.parse({"basemap": [spec.label]}, choices)[0].basemap == spec.id
    assert urlstate.parse({"basemap": ["No tiles"]}, choices)[0].basemap == "none"  # links made before ids


def test_the_readme_lists_every_basemap_and_the_export_default():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command_line = readme.split("## Command line", 1)[1].split("\n## ", 1)[0]
    for spec in basemaps.TABLE:
        assert f"`{spec.id}`" in command_line, spec.id
    assert "--basemap " + "|".join(basemaps.IDS) in command_line
