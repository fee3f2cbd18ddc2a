"""Talk mode: step through the journey, in type legible from the back of a room.

Made for a projector: the map, the whole card and the Previous/Next buttons fit
the window with no scrolling (templates/talk.css); the buttons stay in one place
above the card; the arrow keys and a clicker's PageDown/PageUp work wherever the
focus is, the map included.
"""

from pathlib import Path

import streamlit as st

from routemap.map import build
from routemap.map import fit as mapfit
from routemap.markup import stylesheet
from routemap.view import filters, talk, talk_card
from routemap.web import actions, frame, mapview, panel, presenter
from routemap.web.keys import TALK_NEXT, TALK_PREVIOUS
from routemap.web.panel import tr

APP_DIR = Path(__file__).resolve().parents[1]  # where app.py and static/ are
view = mapview.drawn_view(frame.page_view(__file__))  # a talk is a map: coordinates as the basemap draws them
trip = view.dataset.trip
lang = panel.current_lang()
st.html(f"<style>{stylesheet('talk.css')}</style>")
every_step = talk.steps(view, quiet_days=True)
if not every_step:
    mapview.empty_notice(view)
    presenter.leave_talk_button()
    st.stop()

# only quiet days on view: show them
quiet_days = presenter.talk_shows_quiet_days(every_step) or not talk.steps(view, quiet_days=False)
all_steps = talk.steps(view, quiet_days=quiet_days)
keys = [s.key for s in all_steps]
index = talk.index_of(all_steps, presenter.talk_step(all_steps))
step = all_steps[index]

left, right = st.columns([3, 2], gap="medium")
with left:
    with st.container(horizontal=True, key="talk-tools"):
        presenter.leave_talk_button()
        with st.popover(tr("talk.options"), key="talk-options"):
            labels = filters.day_labels(view.dataset, lang)
            days = talk.days_of(all_steps)
            day_key = f"talk-day-{step.key}"  # a new box for each step, so it shows the step's day
            st.selectbox(
                tr("talk.jump_to_day"),
                days,
                index=days.index(step.day.day) if step.day is not None else None,
                format_func=labels.__getitem__,
                key=day_key,
                placeholder=tr("talk.choose_day"),
                **actions.on_change(presenter.go_to_day, day_key, all_steps, trip.start),
            )
            presenter.talk_step_picker(talk.step_labels(view, lang, quiet_days=quiet_days), step.key)
            if talk.has_quiet_days(view):
                presenter.quiet_days_toggle()
            st.caption(tr("talk.keys_help"))
    _, zoom = talk.focus(step, view)  # the zoom the stops are spread for; the map fits itself at its real size
    fit = talk.focus_box(step, view)
    with st.container(key="talk-map-box"):
        mapview.route_map(
            view,
            APP_DIR,
            key="talk-map",
            height=600,  # the stylesheet makes it fill the window's height
            layers=[
                *build.layers(
                    view,
                    selected=step.key if step.kind == "stop" else None,
                    progress=step.progress,
                    zoom=zoom,
                    lang=lang,
                ),
                build.city_labels(view, zoom, lang),
                *([mapfit.fit_group(mapfit.box_fit(*fit))] if fit is not None else []),
            ],
            returned_objects=[],
            leaflet={"keyboard": False, "zoomSnap": talk.ZOOM_SNAP},  # the arrow keys move the talk, not the map
            fill_frame=True,
        )
with right:
    with st.container(horizontal=True, key="talk-nav"):
        st.button(
            tr("talk.previous"),
            key=TALK_PREVIOUS,
            disabled=index == 0,
            width="stretch",
            **actions.on_click(presenter.step_by, keys, -1),
        )
        st.button(
            tr("talk.next"),
            key=TALK_NEXT,
            disabled=index == len(keys) - 1,
            width="stretch",
            type="primary",
            **actions.on_click(presenter.step_by, keys, +1),
        )
    st.html(talk_card.card_html(all_steps, index, trip, lang))
presenter.keyboard_shortcuts()
