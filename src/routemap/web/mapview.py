"""The route map on a page: ``st_folium`` with the fixed base and the view's layers swapped in place.

A click on a stop reaches the app as the stop's id; the empty notice says
plainly when nothing matches the filters.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

import folium
import streamlit as st
from streamlit_folium import st_folium

from routemap.map import assets
from routemap.map.basemaps import DEFAULT_BASEMAP
from routemap.map.build import base_map, drawn
from routemap.map.elements import PageStyle
from routemap.map.fit import Fit
from routemap.view import filters
from routemap.web import actions, mapframe
from routemap.web.keys import KEY_TRIP
from routemap.web.panel import current_lang, panel_state, select_stop, tr


def asset_mode(app_dir: Path) -> assets.AssetMode:
    """How the map gets Leaflet: from the app's static folder when Streamlit serves it, else inline.

    ``app_dir/static`` is a link to the package's files; a checkout without
    symlinks (some Windows set-ups) or a config without static serving falls
    back to data: URLs, heavier but still offline.
    """
    return assets.SERVED if _linked(app_dir) and st.get_option("server.enableStaticServing") else assets.DATA_URLS


@cache
def _linked(app_dir: Path) -> bool:
    """Whether ``app_dir/static`` reaches the package's files: looked at once (a stat through the link
    took a few ms on every run of every session on a loaded machine)."""
    return (app_dir / "static" / "vendor" / "manifest.json").is_file()


def route_map(
    view: filters.View,
    app_dir: Path,
    *,
    key: str,
    height: int,
    layers: list,
    center: tuple[float, float] | None = None,
    zoom: float | None = None,
    leaflet: dict | None = None,
    fill_frame: bool = False,
    **options,
) -> None:
    """The route map as the pages show it: the fixed base, the view's layers swapped in place.

    The base map depends only on the dataset and basemap, so streamlit-folium
    keeps it mounted; ``options`` go to ``st_folium`` (``returned_objects``, ...).
    ``view``, ``layers``, ``center`` are in the basemap's datum (see :func:`drawn_view`).
    Without ``center`` and ``zoom`` the map keeps its view, or fits itself to a
    :func:`~routemap.map.fit.fit_group` among the ``layers``.
    Places the map's frame holds already are not sent again (:mod:`routemap.web.mapframe`).
    ``leaflet`` adds Leaflet map options (talk mode: ``keyboard: False`` leaves the
    arrow keys to the page). With ``fill_frame`` the map fills its iframe whatever
    height the page's CSS gives that (streamlit-folium sizes both once, to ``height``).
    """
    base = base_map(
        drawn_view(view).dataset,
        basemap=basemap(),
        asset_mode=asset_mode(app_dir),
        legend_open=False,
        city_labels=False,
        lang=current_lang(),
    )
    base.options.update(leaflet or {})
    # what makes streamlit-folium build the map's frame anew (its base map); the trip's places have digests
    frame = (basemap(), asset_mode(app_dir), current_lang(), st.session_state.get(KEY_TRIP), repr(leaflet), fill_frame)
    mapframe.send_new_places_only(key, frame, layers)
    if fill_frame:
        base.add_child(PageStyle("html, body { overflow: hidden; } #map_div { height: 100vh !important; }"))
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        render=False,  # st_folium renders the map itself as well; the figure's whole page is not needed
        **options,
    )


def basemap() -> str:
    return panel_state().basemap or DEFAULT_BASEMAP


def drawn_view(view: filters.View) -> filters.View:
    """The view with its coordinates as the chosen basemap draws them (GCJ-02 on AutoNavi's tiles),
    for the map only: markers, lines, labels, bounds and centre. The same view on other basemaps."""
    chosen = basemap()
    return view.derived(f"drawn:{chosen}", lambda: drawn(view, chosen))


def on_map_report(component_key: str, stop_ids) -> dict:
    """``on_change`` for a map's ``st_folium``: :func:`select_stop_from_map`, applied at the next run."""
    return actions.on_change(select_stop_from_map, component_key, tuple(stop_ids))


def select_stop_from_map(component_key: str, stop_ids) -> None:
    """The map's report (an action, :mod:`routemap.web.actions`): the stop whose marker was clicked comes into focus.

    Each stop marker carries its id as its GeoJSON feature's only property
    (``templates/places.js``), which streamlit-folium returns as
    ``last_active_drawing``: the id, not text meant for people.
    The map also reports its zoom (see :func:`fitted_zoom`) and how many clicks it
    has had: only a new click selects, so a zoom after "Clear" brings no stop back.
    Safe to repeat: the click is counted as seen last, once its stop is in focus.
    """
    state = st.session_state
    returned = state.get(component_key) or {}
    _remember_zoom(component_key, returned.get("zoom"))
    clicks = returned.get("last_object_clicked_count")
    if clicks == state.get(f"{component_key}{_CLICKS}"):
        return  # the map moved; nothing was clicked
    drawing = returned.get("last_active_drawing") or {}
    ident = (drawing.get("properties") or {}).get("id") if isinstance(drawing, dict) else None
    if isinstance(ident, str) and ident in set(stop_ids):
        select_stop(ident)
    state[f"{component_key}{_CLICKS}"] = clicks


#: Session keys beside a map's own: the fit it was last sent, the zoom it chose for that fit, its last click.
_FIT, _ZOOM, _CLICKS = "-fit", "-zoom", "-clicks"

#: What the Map page's map returns: what was clicked, how often (a click again is new), and its zoom.
RETURNED: Final = ["last_active_drawing", "last_object_clicked_count", "zoom"]


def _remember_zoom(component_key: str, zoom: object) -> None:
    if isinstance(zoom, int | float):
        st.session_state[f"{component_key}{_ZOOM}"] = (st.session_state.get(f"{component_key}{_FIT}"), int(zoom))


def fitted_zoom(component_key: str, fit: Fit) -> int:
    """The zoom the map shows ``fit`` at: as the map reported it, else the server's guess.

    The map fits itself at its real width (:mod:`routemap.map.fit`), which only
    the browser knows; its answer comes back with ``returned_objects=["zoom"]``
    and a rerun, so markers are spread for the zoom really shown (a phone's is lower).
    A zoom the person chose is reported the same way while the fit stays.
    """
    state = st.session_state
    state[f"{component_key}{_FIT}"] = fit.key
    shown_for, zoom = state.get(f"{component_key}{_ZOOM}", (None, None))
    return zoom if shown_for == fit.key else fit.estimated_zoom()


def empty_notice(view: filters.View) -> bool:
    """Say plainly that nothing matches; return True when that is the case."""
    if view.stops.empty and view.legs.empty and view.mentioned.empty:
        st.info(tr("map.nothing_matches"))
        return True
    return False
