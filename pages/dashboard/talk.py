"""Talk mode: step through the journey day by day, in type legible from the back of a room."""

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from routemap import filters, mapbuilder, talk, ui

APP_DIR = Path(__file__).resolve().parents[2]  # where app.py and static/ are
view = ui.current_view()
st.html(f"<style>{talk.TALK_CSS}</style>")
all_steps = talk.steps(view)
if not all_steps:
    ui.empty_notice(view)
    st.stop()

keys = [s.key for s in all_steps]
left, right = st.columns([3, 2], gap="medium")
controls = right.container()  # drawn above the step picker, filled once the picker has spoken
with right:
    index = talk.index_of(all_steps, ui.talk_step_picker(all_steps))
step = all_steps[index]
days_total = len(view.dataset.trip.days)
with controls:
    st.html(talk.card_html(all_steps, index, days_total))
    st.progress((index + 1) / len(all_steps))
    back, forward = st.columns(2)
    back.button("← Previous", disabled=index == 0, width="stretch",
                on_click=ui.go_to_step, args=(keys[max(index - 1, 0)],))
    forward.button("Next →", disabled=index == len(keys) - 1, width="stretch", type="primary",
                   on_click=ui.go_to_step, args=(keys[min(index + 1, len(keys) - 1)],))
    labels = filters.day_labels(view.dataset)
    day_key = f"talk-day-{step.key}"  # a new box for each step, so it shows the step's day
    st.selectbox("Jump to day", view.dataset.trip.days, index=step.day.number - 1,
                 format_func=labels.__getitem__, key=day_key,
                 on_change=lambda: ui.go_to_step(keys[talk.first_step_of_day(
                     all_steps, (st.session_state[day_key] - view.dataset.trip.start).days + 1)]))
right.caption("Keys: → or PageDown for next, ← or PageUp for previous. Set the sidebar's "
              "filters on another page first to give a talk on one theme.")
with left:
    center, zoom = talk.focus(step, view)
    st_folium(
        mapbuilder.base_map(view.dataset, basemap=ui.basemap(), asset_mode=ui.asset_mode(APP_DIR), legend_open=False),
        key="talk-map",
        height=720,
        use_container_width=True,
        feature_group_to_add=mapbuilder.layers(
            view, selected=step.key if step.kind == "stop" else None, progress=step.progress,
            zoom=zoom),
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        returned_objects=[],
    )
ui.keyboard_shortcuts()
