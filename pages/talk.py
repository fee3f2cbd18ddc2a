"""Talk mode: step through the journey day by day, in type legible from the back of a room."""

from pathlib import Path

import streamlit as st

from routemap import filters, mapbuilder, talk, ui
from routemap.vocab import day_number

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
view = ui.page_view("talk")
trip = view.dataset.trip
st.html(f"<style>{talk.TALK_CSS}</style>")
all_steps = talk.steps(view)
if not all_steps:
    ui.empty_notice(view)
    st.stop()

keys = [s.key for s in all_steps]
index = talk.index_of(all_steps, ui.talk_step(all_steps))
step = all_steps[index]
left, right = st.columns([3, 2], gap="medium")
with right:
    st.html(talk.card_html(all_steps, index, trip))
    st.progress((index + 1) / len(all_steps))
    back, forward = st.columns(2)
    back.button(
        "← Previous",
        key=ui.TALK_PREVIOUS,
        disabled=index == 0,
        width="stretch",
        on_click=ui.go_to_step,
        args=(keys[max(index - 1, 0)],),
    )
    forward.button(
        "Next →",
        key=ui.TALK_NEXT,
        disabled=index == len(keys) - 1,
        width="stretch",
        type="primary",
        on_click=ui.go_to_step,
        args=(keys[min(index + 1, len(keys) - 1)],),
    )
    labels = filters.day_labels(view.dataset)
    day_key = f"talk-day-{step.key}"  # a new box for each step, so it shows the step's day
    st.selectbox(
        "Jump to day",
        trip.days,
        index=step.day.number - 1,
        format_func=labels.__getitem__,
        key=day_key,
        on_change=lambda: ui.go_to_step(
            keys[talk.first_step_of_day(all_steps, day_number(st.session_state[day_key], trip.start))]
        ),
    )
    ui.talk_step_picker(all_steps, step.key)
    st.caption(
        "Keys: → or PageDown for next, ← or PageUp for previous. Set the sidebar's "
        "filters on another page first to give a talk on one theme."
    )
with left:
    center, zoom = talk.focus(step, view)
    ui.route_map(
        view,
        APP_DIR,
        key="talk-map",
        height=720,
        layers=mapbuilder.layers(
            view, selected=step.key if step.kind == "stop" else None, progress=step.progress, zoom=zoom
        ),
        center=center,
        zoom=zoom,
        returned_objects=[],
        keyboard=False,  # the arrow keys move the talk, not the map
    )
ui.keyboard_shortcuts()
