"""An offline basemap of China: outlines drawn as a light vector layer, no tiles needed.

The data ships in ``routemap/static/basemap/`` (see its README.md): Natural
Earth's countries around China, China's 34 province-level divisions with a
label point each, international borders and the coast, simplified by
``scripts/build_basemap.py``. :func:`outline_layer` draws them as a
:class:`folium.FeatureGroup` a map can add under the route:

* pale sea and land fills (optional), so a map with no tiles is still legible;
* thin grey-blue province lines, darker country borders, a blue-grey coast;
* province names as permanent labels, in English, Chinese or both, hidden when
  the map is zoomed too far out for them to fit (all below zoom 4; the small
  ones - Beijing, Tianjin, Shanghai, Hong Kong, Macao - below zoom 6).

Nothing in the layer is interactive: the outlines and labels sit in panes of
their own below Leaflet's overlay pane, with ``pointer-events: none`` and
``interactive: false``, so every click reaches the route's markers and lines.

The shapes are written into the page (a standalone file), or, given a
``source`` URL, fetched from the app's own server: a dashboard that redraws
the page on every click then sends a few kilobytes, not 400, and the browser
caches the files.
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

import folium
from folium.template import Template
from folium.utilities import get_obj_in_upper_tree

from routemap.map.elements import DataElement, Group, OnceRendered, data_literal
from routemap.markup import script_source

Lang = Literal["en", "zh", "both"]
LANGS: Final[tuple[Lang, ...]] = ("en", "zh", "both")

#: The files in ``static/basemap/``, in drawing order.
LAYERS: Final = ("countries", "provinces", "borders", "coastline")

#: Leaflet panes: above tiles (200), below overlays such as the route (400).
OUTLINE_PANE: Final = "routemap-outlines"
LABEL_PANE: Final = "routemap-outline-labels"
PANES: Final = ((OUTLINE_PANE, 250), (LABEL_PANE, 350))

SEA: Final = "#dce8f2"
LAND: Final = "#f2f0e9"
CHINA: Final = "#fbfaf6"
PROVINCE_LINE: Final = "#9fb2c6"
BORDER: Final = "#6f7782"
COAST: Final = "#7f9cb6"

#: The class of a province label's (empty, zero-size) marker icon; the label is the ``div`` inside it.
LABEL_ICON_CLASS: Final = "routemap-province-label-icon"

#: Label zoom thresholds: no labels below LABELS_FROM, small divisions from MINOR_LABELS_FROM.
LABELS_FROM: Final = 4
MINOR_LABELS_FROM: Final = 6
#: A division whose bounding box is smaller than this (square degrees) gets a "minor" label.
MINOR_BBOX_AREA: Final = 4.0

LABEL_CSS: Final = f"""
.routemap-province-label {{
    position: absolute; transform: translate(-50%, -50%);
    white-space: nowrap; text-align: center; pointer-events: none;
    font: 11px/1.15 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", sans-serif;
    color: #556577; letter-spacing: 0.02em;
    text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff;
}}
.routemap-province-label span {{ display: block; }}
.routemap-province-label--left {{ transform: translate(4px, -50%); text-align: left; }}
.routemap-province-label--right {{ transform: translate(calc(-100% - 4px), -50%); text-align: right; }}
.routemap-province-label--minor {{ font-size: 10px; }}
.routemap-zoom-lt{LABELS_FROM} .routemap-province-label,
.routemap-zoom-lt{MINOR_LABELS_FROM} .routemap-province-label--minor {{ display: none; }}
"""


@cache
def load_outlines() -> dict[str, dict[str, Any]]:
    """The shipped layers as GeoJSON FeatureCollections, keyed by :data:`LAYERS` name,
    plus ``"manifest"`` (sources, point of view, simplification, clip box).

    Read once and cached: the dicts are shared, treat them as read-only.
    """
    folder = resources.files("routemap") / "static" / "basemap"
    data = {name: json.loads((folder / f"{name}.geojson").read_text(encoding="utf-8")) for name in LAYERS}
    data["manifest"] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def province_names(lang: Literal["en", "zh"] = "en") -> list[str]:
    """The province-level divisions' names in English (``"en"``) or Chinese (``"zh"``), by ISO code."""
    key = {"en": "name", "zh": "name_zh"}[lang]
    return [f["properties"][key] for f in load_outlines()["provinces"]["features"]]


def label_html(properties: dict[str, Any], lang: Lang = "en", *, minor: bool = False) -> str:
    """A province label's HTML: the name(s) in a ``div.routemap-province-label``; ``minor``
    labels (small divisions) are smaller and shown only from :data:`MINOR_LABELS_FROM`."""
    en = f'<span lang="en">{html.escape(properties["name"])}</span>'
    zh = f'<span lang="zh-Hans">{html.escape(properties["name_zh"])}</span>'
    text = {"en": en, "zh": zh, "both": en + zh}[lang]
    classes = ["routemap-province-label"]
    if anchor := properties.get("label_anchor"):
        classes.append(f"routemap-province-label--{anchor}")
    if minor:
        classes.append("routemap-province-label--minor")
    return f'<div class="{" ".join(classes)}">{text}</div>'


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a Polygon or MultiPolygon."""
    rings = (
        geometry["coordinates"] if geometry["type"] == "Polygon" else [r for p in geometry["coordinates"] for r in p]
    )
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _is_minor(geometry: dict[str, Any]) -> bool:
    """Whether a division is small enough that its label waits for a closer zoom."""
    west, south, east, north = _bbox(geometry)
    return (east - west) * (north - south) < MINOR_BBOX_AREA


class _OutlineSetup(OnceRendered):
    """Creates the outline and label panes (click-through) and the label CSS, and keeps a
    ``routemap-zoom-ltN`` class on the label pane for the zoom-dependent label rules."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            (function (map) {
                {%- for pane, z in this.panes %}
                if (!map.getPane({{ pane|tojson }})) {
                    var pane = map.createPane({{ pane|tojson }});
                    pane.style.zIndex = {{ z }};
                    pane.style.pointerEvents = "none";
                }
                {%- endfor %}
                var labels = map.getPane({{ this.label_pane|tojson }});
                function zoomClasses() {
                    var z = map.getZoom();
                    {%- for threshold in this.thresholds %}
                    labels.classList.toggle("routemap-zoom-lt{{ threshold }}", z < {{ threshold }});
                    {%- endfor %}
                }
                map.on("zoomend", zoomClasses);
                zoomClasses();
            })({{ this.map_name }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "RoutemapOutlineSetup"
        self.css = LABEL_CSS
        self.panes = PANES
        self.label_pane = LABEL_PANE
        self.thresholds = (LABELS_FROM, MINOR_LABELS_FROM)
        self.map_name = ""

    def render(self, **kwargs: Any) -> None:
        self.map_name = get_obj_in_upper_tree(self, folium.Map).get_name()
        super().render(**kwargs)


class _OutlineShapes(DataElement):
    """The outlines' shapes and labels, drawn into the parent group by ``templates/outlines.js``
    from a payload (:func:`outline_payload`) written as a JSON string literal."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.source }}
            routemapOutlines({{ this._parent.get_name() }}, JSON.parse({{ this.script_json }}));
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict[str, Any], literal: str | None = None) -> None:
        super().__init__(payload, literal)
        self._name = "RoutemapOutlineShapes"
        self.source = script_source("outlines.js")


def outline_layer(
    *,
    lang: Lang = "en",
    fills: bool = True,
    labels: bool = True,
    name: str = "Outlines",
    attribution: str | None = None,
    source: str | None = None,
) -> folium.FeatureGroup:
    """China and its neighbours as a light, non-interactive vector layer (see :func:`outline_payload`
    for the options), drawn in the browser by ``templates/outlines.js``; ``name`` in the layer control."""
    group = Group(name=name)
    group.add_child(_OutlineSetup())
    group.add_child(_OutlineShapes(*_written(lang, fills, labels, attribution, source)))
    return group


@cache
def _written(
    lang: Lang, fills: bool, labels: bool, attribution: str | None, source: str | None
) -> tuple[dict[str, Any], str]:
    """:func:`outline_payload` and its literal, worked out once per set of options: the base map is built
    on every run of the Map page, and the labels' placement reads every province's outline. Read only."""
    payload = outline_payload(lang, fills, labels, attribution, source)
    return payload, data_literal(payload)


def outline_payload(
    lang: Lang = "en",
    fills: bool = True,
    labels: bool = True,
    attribution: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """What ``templates/outlines.js`` draws: the shape layers in drawing order, and the province labels.

    ``lang`` is the labels' language: ``"en"``, ``"zh"`` or ``"both"`` (English
    over Chinese). ``fills=False`` leaves out the sea and land fills (for use over
    tiles); ``labels=False`` leaves out the province names. ``attribution`` (HTML)
    is shown in the map's attribution corner while the layer is on the map (it goes
    with the province lines, so it is shown once). ``source`` is the URL (relative
    to the page) of a folder serving the shipped files: the shapes are fetched from
    it instead of written into the page (all but the sea, a rectangle).
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    data = load_outlines()
    layers: list[dict[str, Any]] = []
    if fills:
        west, south, east, north = data["manifest"]["clip"]
        sea = {
            "type": "Feature",
            "properties": {"name": "Sea", "name_zh": "海"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
            },
        }
        layers.append({"name": "sea", "data": sea, "style": {"stroke": False, "fillColor": SEA, "fillOpacity": 1}})
        layers.append(
            {
                "name": "countries",
                "style": {"stroke": False, "fillOpacity": 1},
                "fillBy": {"property": "iso_a3", "colours": {"CHN": CHINA}, "otherwise": LAND},
            }
        )
    layers += [
        {"name": "provinces", "style": {"color": PROVINCE_LINE, "weight": 0.8, "fill": False}},
        {"name": "coastline", "style": {"color": COAST, "weight": 0.9}},
        {"name": "borders", "style": {"color": BORDER, "weight": 1.3, "opacity": 0.9}},
    ]
    for layer in layers:
        if layer["name"] == "provinces" and attribution:
            layer["attribution"] = attribution
        if layer["name"] != "sea":
            layer.update({"url": f"{source}{layer['name']}.geojson"} if source else {"data": data[layer["name"]]})
    names = [
        {
            "at": [feature["properties"]["label_lat"], feature["properties"]["label_lon"]],
            "html": label_html(feature["properties"], lang, minor=_is_minor(feature["geometry"])),
        }
        for feature in data["provinces"]["features"]
    ]
    return {
        "pane": OUTLINE_PANE,
        "labelPane": LABEL_PANE,
        "labelClass": LABEL_ICON_CLASS,
        "layers": layers,
        "labels": names if labels else [],
    }
