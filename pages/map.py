"""Map: the route drawn on the map, with the selection's figures and a legend."""

from pathlib import Path

import streamlit as st

from routemap import mapbuilder, ui
from routemap.markup import md

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
view = ui.page_view("map")
summary = view.summary
trip = view.dataset.trip

st.title("Route map")
st.caption(" · ".join(md(t) for t in (trip.title, trip.subtitle) if t))
cols = st.columns(4)
cols[0].metric("Places", summary.places)
cols[1].metric("Cities", summary.cities)
cols[2].metric("Days", summary.days)
cols[3].metric("Km travelled", f"{summary.km:,.0f}")

if not ui.empty_notice(view):
    drawn = ui.drawn_view(view)  # coordinates as the basemap draws them
    selected = ui.selected_stop()
    focus = drawn.stops[drawn.stops["id"] == selected]
    if len(focus):
        center, zoom = (float(focus["lat"].iloc[0]), float(focus["lon"].iloc[0])), 9
    else:
        center, zoom = mapbuilder.center_zoom(mapbuilder.bounds(drawn), padding=mapbuilder.PADDING_FOLDED_LEGEND)
    ui.route_map(
        drawn,
        APP_DIR,
        key="route-map",
        height=620,
        layers=mapbuilder.layers(drawn, selected=selected, zoom=zoom),
        center=center,
        zoom=zoom,
        returned_objects=["last_active_drawing"],
        on_change=lambda: ui.select_stop_from_map("route-map", view.stops["id"]),
    )
    st.html(
        f'<style>{mapbuilder.CSS}</style><div class="routemap-legend legend-page">{mapbuilder.legend_html(trip)}</div>'
    )
    st.caption(
        "Numbered discs are the stops in route order, coloured by theme, with a badge for their "
        "kind; dashed circles are places the source mentions but the journey did not visit. "
        "Lines are legs between cities; the arrow shows the direction. Click a stop for its "
        "details and where each fact comes from; the Stop box in the sidebar puts it in the link."
    )
