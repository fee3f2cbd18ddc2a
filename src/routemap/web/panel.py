"""The filter panel and the link: widgets whose state is ids, mirrored in the session and the URL.

The URL is read once when a session starts (:mod:`routemap.view.urlstate`) and
written after every run; the mirror keeps the panel's state when a page run on
its own draws a panel of its own.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

import streamlit as st

from routemap.load import trips
from routemap.map.basemaps import BASEMAPS, DEFAULT_BASEMAP
from routemap.markup import md, render, stylesheet
from routemap.model.dataset import Dataset
from routemap.model.errors import RoutemapError
from routemap.view import filters, urlstate
from routemap.web.keys import (
    _MIRROR,
    _NOTES,
    KEY_BASEMAP,
    KEY_CITIES,
    KEY_DAYS,
    KEY_KINDS,
    KEY_STOP,
    KEY_THEMES,
    KEY_TRIP,
    NO_STOP,
)

KEY_QUIET_DAYS: Final = "talk-quiet-days"


def _visited_cities(dataset: Dataset) -> dict[str, str]:
    cities = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    return dict(zip(cities["id"], cities["name"], strict=True))


def _short_day_labels(dataset: Dataset) -> dict[date, str]:
    """``2 Apr · Lisbon``: a day and where the trip was, short enough for the slider."""
    where = filters.city_of_day(dataset)
    return {d: f"{d.day} {d:%b} · {where[d].split(' → ')[-1]}" for d in dataset.trip.days}


def _choices(dataset: Dataset) -> urlstate.Choices:
    return urlstate.choices(
        dataset.trip,
        cities=_visited_cities(dataset),
        stops={row.id: f"{row.stop} · {row.name}" for row in dataset.route_stops.itertuples()},
        basemaps=BASEMAPS,
        day_labels={d: [label] for d, label in _short_day_labels(dataset).items()},
    )


def _state_from_widgets() -> urlstate.ViewState:
    state = st.session_state
    first, last = state.get(KEY_DAYS) or (None, None)
    themes = state.get(KEY_THEMES)
    basemap = state.get(KEY_BASEMAP)
    return urlstate.ViewState(
        first_day=first,
        last_day=last,
        themes=tuple(themes) if themes is not None else None,
        cities=tuple(state.get(KEY_CITIES) or ()) or None,
        kinds=tuple(state.get(KEY_KINDS) or ()) or None,
        stop=state.get(KEY_STOP) or None,
        basemap=basemap if basemap != DEFAULT_BASEMAP else None,
    )


def restore_panel(dataset: Dataset) -> None:
    """Give the panel's widgets their state: from the link when a session starts, else as they were.

    Streamlit forgets a widget's value when the widget is not drawn in a run
    (a page run on its own draws its own panel); the mirror in the session
    keeps the ids, and each widget missing from the session gets its value back.
    """
    state = st.session_state
    if _MIRROR not in state:
        params = {k: st.query_params.get_all(k) for k in urlstate.PARAMS if k in st.query_params}
        view, notes = urlstate.parse(params, _choices(dataset))
        state[_MIRROR], state[_NOTES] = view, notes
    view: urlstate.ViewState = state[_MIRROR]
    n_days = len(dataset.trip.days)
    # The mirror is the truth: widgets write to it in their on_change callbacks,
    # which run before this, so restoring it every run loses no change.
    defaults = {
        KEY_DAYS: (view.first_day or 1, view.last_day or n_days),
        KEY_THEMES: list(view.themes) if view.themes is not None else [t.slug for t in dataset.trip.themes],
        KEY_CITIES: list(view.cities or ()),
        KEY_KINDS: list(view.kinds or ()),
        KEY_STOP: view.stop or NO_STOP,
        KEY_BASEMAP: view.basemap or DEFAULT_BASEMAP,
    }
    for key, value in defaults.items():
        state[key] = value


def _remember(key: str) -> None:
    """Widget callback: copy a changed widget's value into the mirror."""
    st.session_state[_MIRROR] = _state_from_widgets()


def write_url(dataset: Dataset) -> None:
    """Keep the URL in step with the panel: ids only, defaults left out."""
    view = st.session_state[_MIRROR] = _state_from_widgets()
    wanted = urlstate.to_params(view, days=len(dataset.trip.days), all_themes=[t.slug for t in dataset.trip.themes])
    if st.session_state.get(KEY_TRIP) != next(iter(trips.configured_trips())):
        wanted[KEY_TRIP] = st.session_state[KEY_TRIP]
    for key in (KEY_TRIP, *urlstate.PARAMS):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def sidebar(dataset: Dataset) -> None:
    """The filter panel, defined once for every page. Options are ids; people read labels."""
    trip = dataset.trip
    days = trip.days
    labels = filters.day_labels(dataset)
    short = _short_day_labels(dataset)
    cities = _visited_cities(dataset)
    stops = dataset.route_stops
    stop_labels = {NO_STOP: "None", **{row.id: f"{row.stop} · {row.name}" for row in stops.itertuples()}}
    with st.sidebar:
        st.html(f"<style>{stylesheet('frame.css')}</style>")
        st.header("Filters")
        if notes := st.session_state.get(_NOTES):
            st.caption("Ignored from the link: " + "; ".join(md(n) for n in notes))
        # select_slider options are drawn as Markdown: escape them (multiselect and selectbox options are plain text)
        first, last = st.select_slider(
            "Days",
            options=list(range(1, len(days) + 1)),
            value=(1, len(days)),  # a range slider; restore_panel has set the state it shows
            format_func=lambda n: md(short[days[n - 1]]).replace(" · ", "  \n", 1),
            key=KEY_DAYS,
            on_change=_remember,
            args=(KEY_DAYS,),
            help="Drag both handles onto one day to see a single day.",
        )
        first_day, last_day = days[first - 1], days[last - 1]
        st.caption(md(labels[first_day]) if first == last else f"{md(labels[first_day])}  \n to {md(labels[last_day])}")
        st.multiselect(
            "Themes",
            options=[t.slug for t in trip.themes],
            format_func=lambda s: trip.theme(s).short_label,
            key=KEY_THEMES,
            on_change=_remember,
            args=(KEY_THEMES,),
            placeholder="No theme selected",
        )
        st.multiselect(
            "Cities",
            options=list(cities),
            format_func=cities.__getitem__,
            key=KEY_CITIES,
            on_change=_remember,
            args=(KEY_CITIES,),
            placeholder="All cities",
        )
        st.multiselect(
            "Kinds",
            options=[k.slug for k in trip.kinds],
            format_func=lambda s: trip.kind(s).label,
            key=KEY_KINDS,
            on_change=_remember,
            args=(KEY_KINDS,),
            placeholder="All kinds",
        )
        st.selectbox(
            "Stop",
            options=list(stop_labels),
            format_func=stop_labels.__getitem__,
            key=KEY_STOP,
            on_change=_remember,
            args=(KEY_STOP,),
            help="Focus the map on one stop; talk mode starts from it.",
        )
        st.selectbox(
            "Basemap",
            options=list(BASEMAPS),
            format_func=BASEMAPS.__getitem__,
            key=KEY_BASEMAP,
            on_change=_remember,
            args=(KEY_BASEMAP,),
            help="Tiles come from the network; the offline outlines and No tiles need none. "
            "AutoNavi's tiles are in GCJ-02: the route is shifted to match them.",
        )
        copy_link_button()


def selection(dataset: Dataset) -> filters.Selection:
    """The filter panel's state as a :class:`~routemap.filters.Selection`."""
    view: urlstate.ViewState = st.session_state[_MIRROR]
    start = dataset.trip.start
    n_themes = len(dataset.trip.themes)
    return filters.Selection(
        first_day=start + timedelta(days=view.first_day - 1) if view.first_day else None,
        last_day=start + timedelta(days=view.last_day - 1) if view.last_day else None,
        themes=None if view.themes is None or len(set(view.themes)) == n_themes else frozenset(view.themes),
        cities=frozenset(view.cities) if view.cities else None,
        kinds=frozenset(view.kinds) if view.kinds else None,
    )


def current_view(dataset: Dataset) -> filters.View:
    """What the panels leave on view."""
    try:
        return filters.apply(dataset, selection(dataset))
    except RoutemapError as exc:
        st.error(md(exc))
        st.stop()
    raise AssertionError("unreachable")


def selected_stop() -> str | None:
    """The id of the stop in focus, or ``None``."""
    return st.session_state.get(KEY_STOP) or None


def select_stop(stop_id: str | None) -> None:
    """Put a stop in focus (use from a callback: it sets a widget's state)."""
    st.session_state[KEY_STOP] = stop_id or NO_STOP
    _remember(KEY_STOP)


def copy_link_button() -> None:
    """A "Copy link" button: the browser's URL already carries the whole view."""
    st.iframe(
        render(
            "copy_link.html",
            label="Copy link to this view",
            copied="✓ Link copied",
            manual="Select the link below and copy it",
            field_label="Link to this view",
        ),
        height=70,
    )
