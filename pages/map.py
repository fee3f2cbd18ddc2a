"""Map: the route drawn on the map, with the selection's figures, a legend, and the selected stop's details."""

from pathlib import Path

import streamlit as st

from routemap.geo import screen
from routemap.map import build, popups
from routemap.markup import md, stylesheet
from routemap.web import frame, mapview, panel
from routemap.web.panel import tr

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
MAP_HEIGHT = 620
#: Room the map keeps clear around a selected stop (top, right, bottom, left px): the details panel is on the right.
PADDING_DETAILS = (40, 400, 40, 60)
view = frame.page_view("map")
summary = view.summary
trip = view.dataset.trip
lang = panel.current_lang()

st.html(f"<style>:root {{ --rm-map-height: {MAP_HEIGHT}px; }}\n{stylesheet('map_page.css')}</style>")
st.title(tr("map.title"))
st.caption(" · ".join(md(t) for t in (trip.title, trip.subtitle) if t))
cols = st.columns(4)
cols[0].metric(tr("figures.places"), summary.places)
cols[1].metric(tr("figures.cities"), summary.cities)
cols[2].metric(tr("figures.days"), summary.days)
cols[3].metric(tr("figures.km"), f"{summary.km:,.0f}")

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
            layers=build.layers(drawn, selected=selected, zoom=zoom, lang=lang),
            center=center,
            zoom=zoom,
            returned_objects=["last_active_drawing"],
            on_change=lambda: mapview.select_stop_from_map("route-map", view.stops["id"]),
        )
        if len(focus):  # the details stay while the stop is selected, whatever reruns
            with st.container(key="stop-details"):
                st.button(
                    tr("map.clear"),
                    key="stop-clear",
                    on_click=panel.select_stop,
                    args=(None,),
                    help=tr("map.clear_help"),
                )
                place = view.stops[view.stops["id"] == selected].iloc[0]
                st.html(popups.place_card_html(place, trip, panel=True, lang=lang))
    legend = popups.legend_html(trip, lang=lang)
    st.html(f'<style>{popups.CSS}</style><div class="routemap-legend legend-page">{legend}</div>')
    st.caption(tr("map.how_to_read"))
