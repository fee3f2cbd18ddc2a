"""Which trip the session shows: switching starts the new trip with its own default view (the basemap stays)."""

from __future__ import annotations

import streamlit as st

from routemap.map.basemaps import DEFAULT_BASEMAP
from routemap.view import urlstate
from routemap.web.keys import (
    _MIRROR,
    _NOTES,
    KEY_BASEMAP,
    KEY_CITIES,
    KEY_DAYS,
    KEY_KINDS,
    KEY_STEP,
    KEY_STOP,
    KEY_THEMES,
    KEY_TRIP,
)


def select_trip(ident: str | None) -> None:
    """Show trip ``ident`` (``None``: the default one) from its default view, keeping the basemap."""
    state = st.session_state
    if ident is None:
        state.pop(KEY_TRIP, None)
    else:
        state[KEY_TRIP] = ident
    basemap = state.get(KEY_BASEMAP)
    for key in (KEY_DAYS, KEY_THEMES, KEY_CITIES, KEY_KINDS, KEY_STOP, KEY_STEP, _NOTES):
        state.pop(key, None)
    state[_MIRROR] = urlstate.ViewState(basemap=basemap if basemap != DEFAULT_BASEMAP else None)
