"""Map: the route drawn on the map, with the selection's figures and a legend."""

from pathlib import Path

import streamlit as st

from routemap import mapbuilder, ui

APP_DIR = Path(__file__).resolve().parents[2]  # where app.py and static/ are
view = ui.current_view()
summary = view.summary

st.title("Route map")
st.caption(
    f"{ui.md(view.dataset.trip.title)} · 26 May – 5 June 2025 · Xi'an → Yan'an → Dunhuang → Jiayuguan → Shanghai"
)
cols = st.columns(4)
cols[0].metric("Places", summary.places)
cols[1].metric("Cities", summary.cities)
cols[2].metric("Days", summary.days)
cols[3].metric("Km travelled", f"{summary.km:,.0f}")

if not ui.empty_notice(view):
    selected = ui.selected_stop()
    focus = view.stops[view.stops["id"] == selected]
    if len(focus):
        center, zoom = (float(focus["lat"].iloc[0]), float(focus["lon"].iloc[0])), 9
    else:
        center, zoom = mapbuilder.center_zoom(mapbuilder.bounds(view), padding=mapbuilder.PADDING_FOLDED_LEGEND)
    ui.route_map(
        view,
        APP_DIR,
        key="route-map",
        height=620,
        layers=mapbuilder.layers(view, selected=selected, zoom=zoom),
        center=center,
        zoom=zoom,
        returned_objects=["last_object_clicked_tooltip"],
        on_change=lambda: ui.select_stop_from_map("route-map", view.stops),
    )
    st.html(f'<style>{mapbuilder.CSS}</style><div class="routemap-legend legend-page">{mapbuilder.legend_html()}</div>')
    st.caption(
        "Numbered discs are the stops in route order, coloured by theme, with a badge for their "
        "kind; dashed circles are places the article mentions but the delegation did not visit. "
        "Lines are legs between cities; the arrow shows the direction. Click a stop for its "
        "details and where each fact comes from; the Stop box in the sidebar puts it in the link."
    )
