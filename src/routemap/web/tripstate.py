"""Which trip the session shows: another trip starts with its own default view (basemap and language stay)."""

from __future__ import annotations

import streamlit as st

from routemap.view import urlstate
from routemap.web.keys import (
    _MIRROR,
    _NOTES,
    KEY_CITIES,
    KEY_DAYS,
    KEY_KINDS,
    KEY_STEP,
    KEY_STOP,
    KEY_THEMES,
    KEY_TRIP,
)
from routemap.web.panel import panel_state, renew


def select_trip(ident: str | None) -> None:
    """Show trip ``ident`` (``None``: the default one) from its default view, keeping the basemap and language.

    The filter widgets are drawn anew (:func:`~routemap.web.panel.renew`), so a message the browser sent
    before it had the new trip's panel brings no value of the old trip's back. Safe to repeat.
    """
    state = st.session_state
    if ident is None:
        state.pop(KEY_TRIP, None)
    else:
        state[KEY_TRIP] = ident
    for key in (KEY_STEP, _NOTES):
        state.pop(key, None)
    kept = panel_state()
    state[_MIRROR] = urlstate.ViewState(basemap=kept.basemap, lang=kept.lang)
    renew(KEY_DAYS, KEY_THEMES, KEY_CITIES, KEY_KINDS, KEY_STOP)
