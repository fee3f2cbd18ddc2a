"""What a map's frame in the browser holds already, so that a rerun does not send its places again.

streamlit-folium sends a map's layers on every run, and the map's frame keeps the
places of each layer it drew, by digest (``templates/places.js``). A talk step or a
click sends the same places with another look: at 10,000 places about 1 MB of JSON,
written, sent and read on every step for nothing. The frame lives as long as every
run of the session draws the same map (the same key, basemap, language and trip):
then the places it was sent in the run before are left out (only their digest goes).
When in doubt (a run that did not draw the map, another basemap) they are sent again,
and a frame that lost them anyway asks for them: its request comes back as the map's
value (:data:`~routemap.map.places.PLACES_WANTED`), and the next run sends them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Final

import folium
import streamlit as st

from routemap.map.places import PLACES_WANTED, PlaceLayer

_RUN: Final = "_routemap_run"  # this session's runs, counted by the frame
_HELD: Final = "_routemap_held:"  # + a map's key: what its frame held after the last run that drew it


@dataclass(frozen=True)
class Held:
    """What a map's frame held after a run: the frame (what makes streamlit-folium build it anew),
    the run that drew it, the digests of the places it was sent, and its last request answered."""

    frame: Hashable
    run: int
    digests: frozenset[str]
    answered: Any = None


def holds(before: Held | None, frame: Hashable, run: int, request: Any = None) -> frozenset[str]:
    """The digests whose places ``frame`` holds at the start of ``run``.

    Those of the run just before, if that run drew the same frame; none if it did not
    (the page was left, the run stopped early, the basemap changed: the frame may be new),
    nor when the frame asked for places since (``request``, a value not answered before).
    """
    if before is None or before.frame != frame or before.run != run - 1:
        return frozenset()
    if request is not None and request != before.answered:
        return frozenset()
    return before.digests


def count_run() -> None:
    """Note that a run of this session began (the frame calls this once per run)."""
    st.session_state[_RUN] = st.session_state.get(_RUN, 0) + 1


def place_layers(groups: list[folium.FeatureGroup]) -> Iterator[PlaceLayer]:
    """The place layers among the children of ``groups``."""
    for group in groups:
        yield from (child for child in group._children.values() if isinstance(child, PlaceLayer))


def send_new_places_only(key: str, frame: Hashable, groups: list[folium.FeatureGroup]) -> None:
    """Leave out of ``groups`` the places the frame of map ``key`` holds (:func:`holds`); note what it holds now."""
    state = st.session_state
    run = state.get(_RUN, 0)
    returned = state.get(key)
    request = returned.get(PLACES_WANTED) if isinstance(returned, dict) else None
    held = holds(state.get(_HELD + key), frame, run, request)
    sent = set()
    for layer in place_layers(groups):
        sent.add(layer.digest)
        if layer.digest in held:
            layer.leave_out_places()
    state[_HELD + key] = Held(frame, run, frozenset(sent), request)
