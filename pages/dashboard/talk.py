"""Talk mode: step through the journey stop by stop, in type legible from the back of a room."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from routemap import assets, filters, mapbuilder, talk, ui

view = ui.current_view()
st.html(f"<style>{talk.TALK_CSS}</style>")
step = talk.current_step(view, ui.selected_stop())
if step is None:
    ui.empty_notice(view)
    st.stop()

stop = step.stop
labels = filters.day_labels(view.dataset)
left, right = st.columns([3, 2], gap="medium")
with right:
    st.html(talk.card_html(step))
    st.progress((step.index + 1) / step.count)
    back, forward = st.columns(2)
    back.button("← Previous", disabled=step.is_first, width="stretch",
                on_click=ui.select_stop, args=(talk.neighbour(view, stop["id"], -1),))
    forward.button("Next →", disabled=step.is_last, width="stretch", type="primary",
                   on_click=ui.select_stop, args=(talk.neighbour(view, stop["id"], +1),))
    day_key = f"talk-day-{stop['id']}"  # a new box for each stop, so it shows the stop's day
    st.selectbox("Jump to day", view.dataset.trip.days, index=step.day - 1,
                 format_func=labels.__getitem__, key=day_key,
                 on_change=lambda: ui.select_stop(talk.first_stop_from(view, st.session_state[day_key])))
    st.caption("Keys: → or PageDown for next, ← or PageUp for previous. "
               "Open the sidebar's filters from any other page to give a talk on one theme.")
with left:
    mode = assets.SERVED if st.get_option("server.enableStaticServing") else assets.DATA_URLS
    st_folium(
        mapbuilder.base_map(view.dataset, basemap=ui.basemap(), asset_mode=mode, legend_open=False),
        key="talk-map",
        height=720,
        use_container_width=True,
        feature_group_to_add=mapbuilder.layers(view, selected=stop["id"], reached=int(stop["stop"]),
                                               zoom=7),
        layer_control=folium.LayerControl(collapsed=True),
        center=(float(stop["lat"]), float(stop["lon"])),
        zoom=7,
        returned_objects=[],
    )
ui.keyboard_shortcuts()
