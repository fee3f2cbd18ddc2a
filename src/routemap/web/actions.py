"""Widget callbacks that nothing can cut short: a callback posts what happened, the next run applies it.

Streamlit looks for a newer rerun request at every access to ``st.session_state``,
in callbacks too, and ends the callback there: the rest of it never runs (the
newer request, such as the map reporting the end of its fly-to a moment after
"Clear" is pressed, starts the next run instead). A callback that puts a stop in
focus and then records it could do half of its work.

So every callback of the dashboard is :func:`post`, which appends the action to
a plain list held in the session; plain Python has no such check. The run
applies the list (:func:`apply_posted`) first, before anything reads the state.
An action cut short there stays on the list and is applied again by the next
run, so each action may be applied more than once but takes effect once: it is
written to be safe to repeat, with at most one relative write, its last (the
list drops it right after, with no access in between). Streamlit's own control
flow (a newer request, ``st.rerun``) is not an ``Exception``, so an action it cuts
short stays; an action that fails is dropped and its error shown once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Final

import streamlit as st

_POSTED: Final = "_routemap_posted"


def post(posted: list[Callable[[], object]], action: Callable[[], object]) -> None:
    """The callback of every widget: keep ``action`` for the run to apply (no session-state access)."""
    posted.append(action)


def callback(action: Callable[..., object], *args: Any) -> Callable[[], None]:
    """A callback that posts ``action(*args)`` for the next run to apply (for ``st_folium``'s ``on_change``)."""
    posted = st.session_state.setdefault(_POSTED, [])
    return partial(post, posted, partial(action, *args))


def on_click(action: Callable[..., object], *args: Any) -> dict[str, Any]:
    """A button's ``on_click``: ``action(*args)``, applied at the start of the next run."""
    return {"on_click": callback(action, *args)}


def on_change(action: Callable[..., object], *args: Any) -> dict[str, Any]:
    """A widget's ``on_change``: ``action(*args)``, applied at the start of the next run."""
    return {"on_change": callback(action, *args)}


def apply_posted() -> None:
    """Apply the actions posted since the last run, in the order they were posted."""
    posted = st.session_state.get(_POSTED)
    while posted:
        try:
            posted[0]()
        except Exception:
            posted.pop(0)  # an action that fails is reported once (by the frame), not at every run
            raise
        posted.pop(0)
