"""Talk mode: step through the journey day by day, in type legible from the back of a room."""

from pathlib import Path

import streamlit as st

from routemap import filters, mapbuilder, talk, ui
from routemap.vocab import day_number

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
    back.button(
        "← Previous", disabled=index == 0, width="stretch", on_click=ui.go_to_step, args=(keys[max(index - 1, 0)],)
    )
    forward.button(
        "Next →",
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
        view.dataset.trip.days,
        index=step.day.number - 1,
        format_func=labels.__getitem__,
        key=day_key,
        on_change=lambda: ui.go_to_step(
            keys[talk.first_step_of_day(all_steps, day_number(st.session_state[day_key], view.dataset.trip.start))]
        ),
    )
right.caption(
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
    )
ui.keyboard_shortcuts()
