"""Small Leaflet elements for folium whose text from the data stays text.

folium's own ``Popup`` and ``Tooltip`` paste HTML into a JavaScript template
literal (and ``Popup`` needs jQuery): a description holding ``C:\\`` breaks the
whole script, and ``${...}`` runs as code. These elements instead pass their
HTML to Leaflet as a JSON string (Jinja's ``tojson`` also escapes ``<``, ``>``
and ``&``, so nothing can close the ``<script>``), and every value from the
data is HTML-escaped by :func:`text` before it is put into that HTML.

branca renders each element's script and then compiles the result *again* as a
Jinja template (``Element(rendered)``), so data holding ``{{ ... }}`` or ``{% ... %}``
was run as template code when the map rendered, in the export and in the
dashboard alike. :func:`text` therefore also writes as a character reference
every brace that could open Jinja syntax (``{{``, ``{%``, ``{#``, or a brace
ending the text, which the next piece of HTML might complete): the same text to
a browser, nothing Jinja can read as code.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Final

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

#: A brace that could open Jinja syntax, in text already HTML-escaped (see above).
_JINJA_OPENER: Final = re.compile(r"\{(?=[{%#]|\Z)")


def text(value: Any) -> str:
    """A value from the data as HTML text: ``<``, ``>``, ``&``, quotes and Jinja's openers escaped."""
    return _JINJA_OPENER.sub("&#123;", html.escape("" if value is None else str(value), quote=True))


def script_string(html_content: str) -> str:
    """HTML as a JavaScript string literal safe inside ``<script>`` and through branca's second pass.

    Jinja's ``tojson`` escaping (``<``, ``>``, ``&``, ``'``), and every ``{`` written as
    ``\\u007b``: branca renders a map's output once more as a Jinja template, so text
    from the data must leave no ``{{``, ``{%`` or ``{#`` in the script.
    """
    return str(htmlsafe_json_dumps(html_content)).replace("{", "\\u007b")


class Rendered(Element):
    """Text already rendered, put into the page as it is."""

    def __init__(self, rendered: str) -> None:
        super().__init__()  # no template: nothing to compile
        self.rendered = rendered

    def render(self, **kwargs: Any) -> str:
        return self.rendered


class OnceRendered(MacroElement):
    """A ``MacroElement`` whose header, html and script reach the page rendered once.

    branca's ``MacroElement.render`` wraps what each macro rendered in a new
    ``Element``, which compiles that text as a Jinja template and renders it
    again: about 1 ms per element on every render, and the dashboard renders its
    map on every run (streamlit-folium renders the base map twice). Rendered
    once, the output is the same, and text from the data meets Jinja only once.
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{self._name} can only be rendered in a Figure.")
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = module.__dict__.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Rendered(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _AddTo(ElementAddToElement):
    """folium's ``layer.addTo(parent)`` line for a shown layer, rendered once."""

    render = OnceRendered.render


class OnceRenderedLayer:
    """Mixin, first among the bases of a folium ``Layer``: rendered as :class:`OnceRendered` is.

    folium's ``Layer.render`` adds an ``addTo`` element to every shown layer and
    hands both to ``MacroElement.render``, which compiles each one's output as a
    template: four compiles a layer on every run of the Map page. The output is the same.
    """

    def render(self, **kwargs: Any) -> None:
        if self.includes:  # type: ignore[attr-defined]  # class-wide Leaflet includes: folium's own way
            return super().render(**kwargs)  # type: ignore[misc]
        if self.show:  # type: ignore[attr-defined]
            add = _AddTo(element_name=self.get_name(), element_parent_name=self._parent.get_name())  # type: ignore[attr-defined]
            self.add_child(add, name=self.get_name() + "_add")  # type: ignore[attr-defined]
        OnceRendered.render(self, **kwargs)  # type: ignore[arg-type]
        return None


class Group(OnceRenderedLayer, folium.FeatureGroup):
    """A ``folium.FeatureGroup``, rendered once (:class:`OnceRenderedLayer`)."""


class Tiles(OnceRenderedLayer, folium.TileLayer):
    """A ``folium.TileLayer``, rendered once (:class:`OnceRenderedLayer`)."""


def data_literal(payload: Any) -> str:
    """Data for one of our scripts: compact JSON as a JavaScript string literal, for ``JSON.parse``
    (:func:`script_string`: inert inside ``<script>``, whatever text the data holds)."""
    return script_string(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


class DataElement(OnceRendered):
    """One of our elements whose script reads ``payload`` from a JSON string literal (:func:`data_literal`).

    ``literal`` is that literal when it was written already: a payload kept between runs keeps its literal.
    """

    def __init__(self, payload: Any, literal: str | None = None) -> None:
        super().__init__()
        self.payload = payload
        self.script_json = data_literal(payload) if literal is None else literal


class SourceScript(OnceRendered):
    """One of our own scripts (``routemap/templates``, no data in it), sent once with the base map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this.source }}
        {% endmacro %}
    """)

    def __init__(self, source: str) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.source = source


class MapControl(OnceRendered):
    """A fixed panel on the map (legend, title): an ``L.Control`` holding escaped HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function () {
                var control = L.control({position: {{ this.position|tojson }}});
                control.onAdd = function () {
                    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
                    div.innerHTML = {{ this.script_html }};
                    L.DomEvent.disableClickPropagation(div);
                    L.DomEvent.disableScrollPropagation(div);
                    return div;
                };
                control.addTo({{ this._parent.get_name() }});
            })();
        {% endmacro %}
    """)

    def __init__(self, html_content: str, *, position: str = "bottomleft", css_class: str = "routemap-control") -> None:
        super().__init__()
        self._name = "MapControl"
        self.script_html = script_string(html_content)
        self.html = html_content
        self.position = position
        self.css_class = css_class


class PageStyle(OnceRendered):
    """A ``<style>`` block in the page's header (our own CSS, never data)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
        {% endmacro %}
    """)

    def __init__(self, css: str) -> None:
        super().__init__()
        self._name = "PageStyle"
        self.css = css


class NoDefaultIcon(OnceRendered):
    """Give markers an empty icon until folium sets theirs.

    folium adds a marker to the map before calling ``setIcon``, so Leaflet first
    builds its default image icon and fetches ``marker-icon.png`` (from a path
    it guesses wrongly while the stylesheet is still loading). Every marker
    here has a drawn icon, so the default is never needed.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.Marker.prototype.options.icon = L.divIcon({className: "rm-placeholder", iconSize: [0, 0]});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "NoDefaultIcon"


class DecorativeMarkers(OnceRendered):
    """Markers that are decoration (city labels, leg arrows) stay out of the keyboard and screen readers.

    Leaflet makes every marker a focusable ``role=button``, interactive or not. A
    marker made with ``interactive: false`` or ``decorative: true`` gets no tab stop
    and no role, and its element is ``aria-hidden``; a stop's marker keeps both and
    has an accessible name (``templates/places.js``).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.Marker.addInitHook(function () {
                if (this.options.interactive === false || this.options.decorative) {
                    this.options.keyboard = false;
                    this.on("add", function () {
                        if (this._icon) { this._icon.setAttribute("aria-hidden", "true"); }
                    });
                }
            });
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "DecorativeMarkers"


class FocusWithoutScroll(OnceRendered):
    """Pressing the mouse on the map focuses it, as before, but never scrolls the page.

    Leaflet focuses the map (for its arrow keys) and the browser focuses a
    marker (Tab reaches markers) when the mouse is pressed on them, and a
    browser scrolls what it focuses into view. On the Map page the 620-px map
    runs past the fold of a 900-px window, so each press scrolled the page by
    what was hidden, and the release landed beside the marker: no click. Both
    now focus with ``preventScroll``; keyboard use of the map is unchanged.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                var keys = map.keyboard;
                if (keys && keys.enabled()) {
                    keys.disable();  // unhooks Leaflet's own handler, so the one below replaces it
                    keys._onMouseDown = function () {
                        if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
                    };
                    keys.enable();
                }
                map.getContainer().addEventListener("mousedown", function (event) {
                    var icon = event.target.closest && event.target.closest(".leaflet-marker-icon[tabindex]");
                    if (icon) { event.preventDefault(); icon.focus({preventScroll: true}); }
                }, true);
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScroll"


class WholePixelPans(OnceRendered):
    """Leaflet's animated pans (a talk step, the arrow keys, the glide after a drag) move by whole pixels.

    Leaflet moves the map's pane by fractions of a pixel in each frame of a pan and
    rounds only the last. Every marker is a compositing layer of its own (Leaflet's
    ``translate3d``), and Chromium rasters each one again at each new fraction: with
    1,000 stops, one 100-px pan cost 1,186 raster tasks (0.52 s of CPU), and 32 tasks
    (7.5 ms) with each frame rounded. The duration and easing are Leaflet's own.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            L.PosAnimation.prototype._runFrame = function (progress) {
                var position = this._startPos.add(this._offset.multiplyBy(progress));
                L.DomUtil.setPosition(this._el, position._round());
                this.fire("step");
            };
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "WholePixelPans"
