"""Map: the route drawn on the map, with the selection's figures, a legend, and the selected stop's details."""

from pathlib import Path

import streamlit as st

from routemap.geo import screen
from routemap.map import build, popups
from routemap.markup import md, stylesheet
from routemap.web import frame, mapview, panel

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
MAP_HEIGHT = 620
#: Room the map keeps clear around a selected stop (top, right, bottom, left px): the details panel is on the right.
PADDING_DETAILS = (40, 400, 40, 60)
view = frame.page_view("map")
summary = view.summary
trip = view.dataset.trip

st.html(f"<style>:root {{ --rm-map-height: {MAP_HEIGHT}px; }}\n{stylesheet('map_page.css')}</style>")
st.title("Route map")
st.caption(" · ".join(md(t) for t in (trip.title, trip.subtitle) if t))
cols = st.columns(4)
cols[0].metric("Places", summary.places)
cols[1].metric("Cities", summary.cities)
cols[2].metric("Days", summary.days)
cols[3].metric("Km travelled", f"{summary.km:,.0f}")

if not mapview.empty_notice(view):
    drawn = mapview.drawn_view(view)  # coordinates as the basemap draws them
    selected = panel.selected_stop()
    focus = drawn.stops[drawn.stops["id"] == selected]
    if len(focus):
        point = [float(focus["lat"].iloc[0]), float(focus["lon"].iloc[0])]
        center, zoom = screen.center_zoom([point, point], padding=PADDING_DETAILS, max_zoom=9)
    else:
        center, zoom = screen.center_zoom(build.bounds(drawn), padding=screen.PADDING_FOLDED_LEGEND)
    with st.container(key="map-stage"):
        mapview.route_map(
            drawn,
            APP_DIR,
            key="route-map",
            height=MAP_HEIGHT,
            layers=build.layers(drawn, selected=selected, zoom=zoom),
            center=center,
            zoom=zoom,
            returned_objects=["last_active_drawing"],
            on_change=lambda: mapview.select_stop_from_map("route-map", view.stops["id"]),
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
    st.html(f'<style>{popups.CSS}</style><div class="routemap-legend legend-page">{popups.legend_html(trip)}</div>')
    st.caption(
        "Numbered discs are the stops in route order, coloured by theme, with a badge for their "
        "kind; dashed circles are places the source mentions but the journey did not visit. "
        "Lines are legs between cities; the arrow shows the direction. Click a stop, or choose it "
        "in the sidebar's Stop box, for its details and where each fact comes from; the link keeps it."
    )
