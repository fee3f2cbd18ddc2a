"""The Streamlit edge: the frame every page shares, cached loading, errors shown as ``st.error``.

This is the only module of the package that imports Streamlit; the core
(loading, filtering, routing, map building, export) never does. ``app.py``
runs the frame once and then the page; each page opens with :func:`page_view`,
which returns what the panels leave on view. When Streamlit runs a page file
on its own (its pages-folder mode, for the first request of a fresh server
process that lands on a page's address), :func:`page_view` draws the frame
itself, so the page looks and behaves the same either way.

The panel's state lives in ``st.session_state`` as ids; the URL carries the
same ids (:mod:`routemap.urlstate`), read once when a session starts and
written after every run.
"""

from __future__ import annotations

from typing import Final

#: Widget keys of the shared panel; each holds ids, never labels.
KEY_DAYS: Final = "days"


KEY_THEMES: Final = "theme"


KEY_CITIES: Final = "city"


KEY_KINDS: Final = "kind"


KEY_BASEMAP: Final = "basemap"


KEY_STOP: Final = "stop"


KEY_STEP: Final = "step"


KEY_TRIP: Final = "trip"


NO_STOP: Final = ""


_MIRROR: Final = "_routemap_view"  # the panel's state as a ViewState; survives page switches


_NOTES: Final = "_routemap_link_notes"


_TRIP_PICKER: Final = "trip-picker"


_STEP_PARAM: Final = "step"


_QUIET_DAYS: Final = "_routemap_talk_quiet_days"  # the toggle's state; survives leaving talk mode


#: The talk's buttons by key (each gets the CSS class ``st-key-<key>``), which its keyboard script presses.
TALK_NEXT: Final = "talk-next"


TALK_PREVIOUS: Final = "talk-previous"


TALK_KEYS: Final = {"ArrowRight": TALK_NEXT, "PageDown": TALK_NEXT, "ArrowLeft": TALK_PREVIOUS, "PageUp": TALK_PREVIOUS}
