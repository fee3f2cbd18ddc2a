"""Talk mode's Streamlit side: the step in the session and the link, the pickers, the keys, the way out."""

from __future__ import annotations

from datetime import date

import streamlit as st

from routemap.markup import render
from routemap.model.vocab import day_number
from routemap.view import talk
from routemap.web import actions, longpick
from routemap.web.frame import PAGES
from routemap.web.keys import _QUIET_DAYS, _STEP_PARAM, KEY_STEP, TALK_KEYS
from routemap.web.panel import KEY_QUIET_DAYS, current_lang, selected_stop, tr


def go_to_step(key: str) -> None:
    """Move the talk to a step (an action: post it from a callback, :mod:`routemap.web.actions`)."""
    st.session_state[KEY_STEP] = key


def go_to_chosen(picker: str) -> None:
    """The step picker's action: the talk moves to the step chosen in box ``picker``."""
    if (chosen := st.session_state.get(picker)) is not None:
        go_to_step(chosen)


def go_to_day(picker: str, steps, start: date) -> None:
    """The day picker's action: the talk moves to the first step of the day chosen in box ``picker``."""
    if (chosen := st.session_state.get(picker)) is not None:
        go_to_step(steps[talk.first_step_of_day(steps, day_number(chosen, start))].key)


def step_by(keys: list[str], delta: int) -> None:
    """Move the talk ``delta`` steps from where it is when the press is handled (an action).

    Relative, not "to the key this button was drawn with": a second press that
    comes before the rerun of the first still moves on from where the first left.
    Its one write is its last, so it takes effect once (:func:`routemap.web.actions.apply_posted`).
    """
    current = st.session_state.get(KEY_STEP)
    index = keys.index(current) if current in keys else 0
    st.session_state[KEY_STEP] = keys[max(0, min(len(keys) - 1, index + delta))]


def talk_step(steps) -> str:
    """The current step's key: from the session, else the link (``?step=``), else the stop in focus.

    A step the talk no longer has (a day just folded away) gives way to the step after it.
    """
    keys = [s.key for s in steps]
    state = st.session_state
    current = talk.nearest_step(steps, state.get(KEY_STEP))
    if current is None:
        linked = talk.step_from_param(steps, st.query_params.get(_STEP_PARAM, ""))
        current = linked or (selected_stop() if selected_stop() in keys else keys[0])
    state[KEY_STEP] = current
    if st.query_params.get(_STEP_PARAM) != current:
        st.query_params[_STEP_PARAM] = current
    return current


def talk_shows_quiet_days(every_step) -> bool:
    """Whether the talk shows the days with nothing recorded: the presenter's choice, else no.

    A link to one of those days (``?step=day:2024-04-01``) shows them, so it opens there.
    ``every_step`` is the talk with them shown.
    """
    state = st.session_state
    if _QUIET_DAYS not in state:
        linked = talk.step_from_param(every_step, st.query_params.get(_STEP_PARAM, ""))
        state[_QUIET_DAYS] = bool(linked and linked.startswith("day:"))
    state[KEY_QUIET_DAYS] = state[_QUIET_DAYS]  # the toggle's state, kept while it is not drawn
    return state[_QUIET_DAYS]


def _remember_quiet_days() -> None:
    if KEY_QUIET_DAYS in st.session_state:
        st.session_state[_QUIET_DAYS] = st.session_state[KEY_QUIET_DAYS]


def quiet_days_toggle() -> None:
    """The presenter's switch for the days with nothing recorded (folded away by default)."""
    st.toggle(
        tr("talk.quiet_days"),
        key=KEY_QUIET_DAYS,
        **actions.on_change(_remember_quiet_days),
        help=tr("talk.quiet_days_help"),
    )


def talk_step_picker(labels: dict[str, str], current: str) -> None:
    """Every step by name (``labels``: :func:`routemap.view.talk.step_labels`); choosing one moves the talk there.

    A talk of many steps gets a search box first, and the box lists the steps it finds or those
    near the current one (:func:`routemap.web.longpick.shown_choices`).
    """
    shown = longpick.shown_choices(labels, key="talk-picker", lang=current_lang(), keep=(current,), near=current)
    picker = f"talk-picker-{current}"  # a new box for each step, so it shows the current one
    st.selectbox(
        tr("talk.go_to_step"),
        options=list(shown),
        index=list(shown).index(current),
        format_func=labels.__getitem__,
        key=picker,
        **actions.on_change(go_to_chosen, picker),
    )


def leave_talk_button() -> None:
    """Back to the Map page; the filters stay (they live in the session and go back into the URL)."""
    if st.button(tr("talk.leave"), key="talk-leave", help=tr("talk.leave_help")):
        default = next(p for p in PAGES if p.default)
        st.switch_page(f"pages/{default.name}.py")


def keyboard_shortcuts() -> None:
    """Arrow keys and a presenter's clicker (PageUp/PageDown) press Previous/Next, wherever the focus is."""
    with st.container(key="talk-keys"):
        buttons = {key: f"st-key-{button}" for key, button in TALK_KEYS.items()}
        st.iframe(render("talk_keys.html", buttons=buttons), height=1)
