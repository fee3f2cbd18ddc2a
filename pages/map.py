"""Map: the route drawn on the map, with the selection's figures, a legend, and the selected stop's details."""

from pathlib import Path

import streamlit as st

from routemap.map import build, popups
from routemap.map import fit as mapfit
from routemap.markup import md, stylesheet
from routemap.view import figures
from routemap.web import frame, mapview, panel

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
MAP_HEIGHT = 620  # on a phone the stylesheet makes it shorter
view = frame.page_view("map")
trip = view.dataset.trip

st.html(f"<style>:root {{ --rm-map-height: {MAP_HEIGHT}px; }}\n{stylesheet('map_page.css')}</style>")
with st.container(key="map-head"):  # on a phone the stylesheet puts it under the map
    st.title("Route map")
    st.caption(" · ".join(md(t) for t in (trip.title, trip.subtitle) if t))
    with st.container(horizontal=True, key="map-figures"):
        for figure in figures.map_figures(view):
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
                *build.layers(drawn, selected=selected, zoom=zoom),
                build.city_labels(drawn, zoom),
                *([mapfit.fit_group(fit)] if fit is not None else []),
            ],
            returned_objects=mapview.RETURNED,
            on_change=lambda: mapview.select_stop_from_map("route-map", view.stops["id"]),
            fill_frame=True,
        )
        if len(focus):  # the details stay while the stop is selected, whatever reruns
            with st.container(key="stop-details"):
                st.button(
                    "Clear",
                    key="stop-clear",
                    on_click=panel.select_stop,
                    args=(None,),
                    help="Unselect the stop: the map shows the whole selection again.",
                )
                st.html(popups.place_card_html(view.stops[view.stops["id"] == selected].iloc[0], trip, panel=True))
    with st.container(key="map-notes"):
        st.html(popups.page_legend_html(trip))
        st.caption(
            "Numbered discs are the stops in route order, coloured by theme, with a badge for their "
            "kind; dashed circles are places the source mentions but the journey did not visit. "
            "Lines are legs between cities; the arrow shows the direction. Click a stop, or choose it "
            "in the sidebar's Stop box, for its details and where each fact comes from; the link keeps it."
        )
