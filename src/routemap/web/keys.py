"""The session-state keys of the web layer, once. A panel widget is named after its link parameter and drawn
under that name, or under a new key once the app has set its value (routemap.web.panel.widget_key)."""

from __future__ import annotations

from typing import Final

#: Names of the shared panel's widgets (and their link parameters); each widget holds ids, never labels.
KEY_DAYS: Final = "days"


KEY_THEMES: Final = "theme"


KEY_CITIES: Final = "city"


KEY_KINDS: Final = "kind"


KEY_BASEMAP: Final = "basemap"


KEY_STOP: Final = "stop"


KEY_LANG: Final = "lang"


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
