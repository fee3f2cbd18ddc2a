"""Map: the route drawn on the map, with the selection's figures, a legend, and the selected stop's details."""

from pathlib import Path

import streamlit as st

from routemap.map import build, places, popups
from routemap.map import fit as mapfit
from routemap.markup import md, stylesheet
from routemap.view import figures
from routemap.web import actions, frame, mapview, panel
from routemap.web.panel import tr

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
MAP_HEIGHT = 620  # on a phone the stylesheet makes it shorter
view = frame.page_view(__file__)
trip = view.dataset.trip
lang = panel.current_lang()

st.html(f"<style>:root {{ --rm-map-height: {MAP_HEIGHT}px; }}\n{stylesheet('map_page.css')}</style>")
with st.container(key="map-head"):  # on a phone the stylesheet puts it under the map
    st.title(tr("map.title"))
    st.caption(" · ".join(md(t) for t in (trip.title, trip.subtitle) if t))
    with st.container(horizontal=True, key="map-figures"):
        for figure in figures.map_figures(view, lang):
            st.metric(figure.label, figure.value, help=figure.help)

if not mapview.empty_notice(view):
    drawn = mapview.drawn_view(view)  # coordinates as the basemap draws them
    selected = panel.selected_stop()
    focus = drawn.stops[drawn.stops["id"] == selected]
    point = (float(focus["lat"].iloc[0]), float(focus["lon"].iloc[0])) if len(focus) else None
    fit = mapfit.route_fit(build.bounds(drawn), point)  # the map fits it at its real width, phone or projector
    zoom = mapview.fitted_zoom("route-map", fit) if fit is not None else None
    with st.container(key="map-stage"):
        mapview.route_map(
            drawn,
            APP_DIR,
            key="route-map",
            height=MAP_HEIGHT,
            layers=[
                *build.layers(drawn, selected=selected, zoom=zoom, lang=lang),
                build.city_labels(drawn, zoom, lang),
                *([mapfit.fit_group(fit)] if fit is not None else []),
            ],
            returned_objects=mapview.RETURNED,
            **mapview.on_map_report("route-map", view.stops["id"]),
            fill_frame=True,
        )
        if len(focus):  # the details stay while the stop is selected, whatever reruns
            with st.container(key="stop-details"):
                st.button(
                    tr("map.clear"),
                    key="stop-clear",
                    **actions.on_click(panel.select_stop, None),
                    help=tr("map.clear_help"),
                )
                place = view.stops[view.stops["id"] == selected].iloc[0]
                st.html(popups.place_card_html(place, trip, panel=True, lang=lang))
    with st.container(key="map-notes"):
        st.html(popups.page_legend_html(trip, lang, places.dots_past(view.dataset)))
        st.caption(tr("map.how_to_read"))
