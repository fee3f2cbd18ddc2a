"""The route's legs and city labels as data, drawn in the browser by one shared script.

Each leg used to be four folium elements (line, tooltip, arrow marker, its icon and
tooltip) and each label two, every one rendered on every run of the Map page
(streamlit-folium renders them each time). Here a layer's legs or labels are one
element carrying a list, and ``templates/route.js`` (:class:`RouteScript`, sent
once with the base map) draws the same Leaflet lines, markers and tooltips from it.
The HTML in the data (tooltips, labels) is escaped by the builders; the whole
list reaches the page as a JSON string literal (:func:`~routemap.map.elements.script_string`).
"""

from __future__ import annotations

from typing import Any, Literal

from jinja2 import Template

from routemap.map.elements import DataElement, SourceScript
from routemap.markup import script_source


class RouteLayer(DataElement):
    """A layer group's legs (``kind="legs"``) or city labels (``kind="labels"``), drawn by ``routemapRoute``."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            routemapRoute.{{ this.kind }}({{ this._parent.get_name() }}, JSON.parse({{ this.script_json }}));
        {% endmacro %}
    """)

    def __init__(self, kind: Literal["legs", "labels"], payload: dict[str, Any], literal: str | None = None) -> None:
        super().__init__(payload, literal)
        self._name = "RouteLayer"
        self.kind = kind


class RouteScript(SourceScript):
    """``routemapRoute``: the one script that draws every layer's legs and labels, sent with the base map."""

    def __init__(self) -> None:
        super().__init__(script_source("route.js"))
