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

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

import folium
import streamlit as st
from streamlit_folium import st_folium

from routemap import assets, filters, talk, trips, urlstate
from routemap.basemaps import BASEMAPS, DEFAULT_BASEMAP
from routemap.data import Dataset, load_dataset, read_trip
from routemap.errors import DataError, RoutemapError
from routemap.mapbuilder import base_map, drawn
from routemap.mapelements import PageStyle
from routemap.markup import md, render

#: Widget keys of the shared panel; each holds ids, never labels.
KEY_DAYS: Final = "days"
KEY_THEMES: Final = "theme"
KEY_CITIES: Final = "city"
KEY_KINDS: Final = "kind"
KEY_BASEMAP: Final = "basemap"
KEY_STOP: Final = "stop"
KEY_STEP: Final = "step"
KEY_TRIP: Final = "trip"
KEY_QUIET_DAYS: Final = "talk-quiet-days"
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


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its file in ``pages/`` and title.

    No icons: emoji need an emoji font the viewer may lack, and Streamlit's
    Material Symbols come from a font CDN, which a talk without network lacks.
    """

    name: str
    title: str
    default: bool = False


#: The pages, once: ``app.py``'s navigation and each page's own title come from here.
PAGES: Final = (
    PageSpec("map", "Map", default=True),
    PageSpec("itinerary", "Itinerary"),
    PageSpec("places", "Places"),
    PageSpec("talk", "Talk mode"),
    PageSpec("about", "About"),
)

_run = threading.local()  # the view of the run in progress, once the frame is drawn
_first_navigation = threading.Event()  # set once st.navigation has run in this server process


def navigation(app_dir: Path) -> st.navigation:
    """``st.navigation`` over :data:`PAGES`, each page a file ``pages/<name>.py``.

    With a ``pages/`` folder beside ``app.py``, Streamlit runs a fresh process's
    first script in its pages-folder mode and leaves it when ``st.navigation``
    is first called; widgets of that one run get other ids than in every later
    run. So the first run of a process, once navigation is set up, reruns at
    once (``st.rerun``, public API) and every run people see has stable ids.
    """
    nav = st.navigation(
        [
            st.Page(
                app_dir / "pages" / f"{p.name}.py",
                title=p.title,
                default=p.default,
                url_path=None if p.default else p.name,
            )
            for p in PAGES
        ]
    )
    if not _first_navigation.is_set():
        _first_navigation.set()
        st.rerun()
    return nav


@contextmanager
def app_frame() -> Iterator[None]:
    """Draw the frame (page config, dataset, filter panel) for the page run inside the block."""
    st.set_page_config(layout="wide")
    _run.view = _draw_frame()
    try:
        yield
    finally:
        _run.view = None


def page_view(name: str) -> filters.View:
    """What the panels leave on view for page ``name``; draws the frame if ``app.py`` has not."""
    view = getattr(_run, "view", None)
    if view is None:  # Streamlit runs this page file on its own (its pages-folder mode)
        spec = next(p for p in PAGES if p.name == name)
        st.set_page_config(page_title=spec.title, layout="wide")
        view = _draw_frame()
    return view


def _draw_frame() -> filters.View:
    offered = trips.configured_trips()
    dataset = load(str(offered[chosen_trip(offered)]))
    restore_panel(dataset)
    with st.sidebar:
        trip_picker(offered)
    sidebar(dataset)
    write_url(dataset)
    return current_view(dataset)


# --------------------------------------------------------------------------- which trip


def chosen_trip(offered: dict[str, Path]) -> str:
    """The id of the trip on view: the session's, else the link's (``?trip=``), else the first offered."""
    state = st.session_state
    if state.get(KEY_TRIP) not in offered:
        linked = st.query_params.get(KEY_TRIP)
        state[KEY_TRIP] = linked if linked in offered else next(iter(offered))
        if linked and linked not in offered:
            state[_NOTES] = [*state.get(_NOTES, []), f"trip={linked}: no such trip here"]
    return state[KEY_TRIP]


@st.cache_data(max_entries=32)
def _trip_title(folder: str) -> str:
    trip, _ = read_trip(Path(folder) / "trip.toml")
    return trip.title if trip is not None else Path(folder).name


def _switch_trip(picker: str) -> None:
    """Widget callback: another trip starts with its own default view (the basemap stays)."""
    state = st.session_state
    state[KEY_TRIP] = state[picker]
    basemap = state.get(KEY_BASEMAP)
    for key in (KEY_DAYS, KEY_THEMES, KEY_CITIES, KEY_KINDS, KEY_STOP, KEY_STEP, _NOTES):
        state.pop(key, None)
    state[_MIRROR] = urlstate.ViewState(basemap=basemap if basemap != DEFAULT_BASEMAP else None)


def trip_picker(offered: dict[str, Path]) -> None:
    """A choice of trip, shown when more than one is configured."""
    if len(offered) > 1:
        titles = {ident: _trip_title(str(folder)) for ident, folder in offered.items()}
        picker = f"{_TRIP_PICKER}-{st.session_state[KEY_TRIP]}"  # a new box per trip: it shows the one on view
        st.selectbox(
            "Trip",
            options=list(offered),
            index=list(offered).index(st.session_state[KEY_TRIP]),
            format_func=titles.__getitem__,
            key=picker,
            on_change=_switch_trip,
            args=(picker,),
        )


# --------------------------------------------------------------------------- loading


@st.cache_data(show_spinner="Loading the dataset…", max_entries=8)
def _load(path: str | None) -> Dataset:
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar  # shown only when some coordinates have to be looked up
        bar = bar or st.progress(0.0)
        bar.progress(done / total, text=f"Looking up coordinates offline: {md(name)} ({done} of {total})")

    dataset = load_dataset(path, progress=progress)
    if bar is not None:
        bar.empty()
    dataset.route_stops, dataset.route_legs  # noqa: B018 - computed once, kept in the cache
    return dataset


def load(path: str | None = None) -> Dataset:
    """The dataset, loaded once per process; on bad data, every problem as ``st.error``, then stop."""
    try:
        return _load(path)
    except DataError as exc:
        st.error(
            "The dataset has problems, so the dashboard cannot show it. "
            "Fix them and reload (`routemap validate` lists the same):"
        )
        st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)
        st.stop()
    except RoutemapError as exc:
        st.error(md(exc))
        st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


# --------------------------------------------------------------------------- the panel's state


def _visited_cities(dataset: Dataset) -> dict[str, str]:
    cities = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    return dict(zip(cities["id"], cities["name"], strict=True))


def _short_day_labels(dataset: Dataset) -> dict[date, str]:
    """``28 May · Yan'an``: a day and where the trip was, short enough for the slider."""
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
        st.header("Filters")
        if notes := st.session_state.get(_NOTES):
            st.caption("Ignored from the link: " + "; ".join(md(n) for n in notes))
        # select_slider options are drawn as Markdown: escape them (multiselect and selectbox options are plain text)
        first, last = st.select_slider(
            "Days",
            options=list(range(1, len(days) + 1)),
            value=(1, len(days)),  # a range slider; restore_panel has set the state it shows
            format_func=lambda n: md(short[days[n - 1]]),
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


# --------------------------------------------------------------------------- the map


def asset_mode(app_dir: Path) -> assets.AssetMode:
    """How the map gets Leaflet: from the app's static folder when Streamlit serves it, else inline.

    ``app_dir/static`` is a link to the package's files; a checkout without
    symlinks (some Windows set-ups) or a config without static serving falls
    back to data: URLs, heavier but still offline.
    """
    linked = (app_dir / "static" / "vendor" / "manifest.json").is_file()
    return assets.SERVED if linked and st.get_option("server.enableStaticServing") else assets.DATA_URLS


def route_map(
    view: filters.View,
    app_dir: Path,
    *,
    key: str,
    height: int,
    layers: list,
    center: tuple[float, float],
    zoom: float,
    leaflet: dict | None = None,
    fill_frame: bool = False,
    **options,
) -> None:
    """The route map as the pages show it: the fixed base, the view's layers swapped in place.

    The base map depends only on the dataset and basemap, so streamlit-folium
    keeps it mounted; ``options`` go to ``st_folium`` (``returned_objects``, ...).
    ``view``, ``layers``, ``center`` are in the basemap's datum (see :func:`drawn_view`).
    ``leaflet`` adds Leaflet map options (talk mode: ``keyboard: False`` leaves the
    arrow keys to the page). With ``fill_frame`` the map fills its iframe whatever
    height the page's CSS gives that (streamlit-folium sizes both once, to ``height``).
    """
    base = base_map(drawn_view(view).dataset, basemap=basemap(), asset_mode=asset_mode(app_dir), legend_open=False)
    base.options.update(leaflet or {})
    if fill_frame:
        base.add_child(PageStyle("html, body { overflow: hidden; } #map_div { height: 100vh !important; }"))
    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        **options,
    )


def basemap() -> str:
    return st.session_state.get(KEY_BASEMAP) or DEFAULT_BASEMAP


def drawn_view(view: filters.View) -> filters.View:
    """The view with its coordinates as the chosen basemap draws them (GCJ-02 on AutoNavi's tiles),
    for the map only: markers, lines, labels, bounds and centre. The same view on other basemaps."""
    return drawn(view, basemap())


def selected_stop() -> str | None:
    """The id of the stop in focus, or ``None``."""
    return st.session_state.get(KEY_STOP) or None


def select_stop(stop_id: str | None) -> None:
    """Put a stop in focus (use from a callback: it sets a widget's state)."""
    st.session_state[KEY_STOP] = stop_id or NO_STOP
    _remember(KEY_STOP)


def select_stop_from_map(component_key: str, stop_ids) -> None:
    """``st_folium`` callback: the stop whose marker was clicked comes into focus.

    Each stop marker carries its id as a GeoJSON feature property
    (:class:`~routemap.mapelements.FeatureProperties`), which streamlit-folium
    returns as ``last_active_drawing``: the id, not text meant for people.
    """
    drawing = (st.session_state.get(component_key) or {}).get("last_active_drawing") or {}
    ident = (drawing.get("properties") or {}).get("id") if isinstance(drawing, dict) else None
    if isinstance(ident, str) and ident in set(stop_ids):
        select_stop(ident)


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


# --------------------------------------------------------------------------- talk mode


def go_to_step(key: str) -> None:
    """Move the talk to a step (use from a callback)."""
    st.session_state[KEY_STEP] = key


def step_by(keys: list[str], delta: int) -> None:
    """Move the talk ``delta`` steps from where it is when the press is handled (a callback).

    Relative, not "to the key this button was drawn with": a second press that
    comes before the rerun of the first still moves on from where the first left.
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

    A link to one of those days (``?step=day:2025-05-26``) shows them, so it opens there.
    ``every_step`` is the talk with them shown.
    """
    state = st.session_state
    if _QUIET_DAYS not in state:
        linked = talk.step_from_param(every_step, st.query_params.get(_STEP_PARAM, ""))
        state[_QUIET_DAYS] = bool(linked and linked.startswith("day:"))
    state[KEY_QUIET_DAYS] = state[_QUIET_DAYS]  # the toggle's state, kept while it is not drawn
    return state[_QUIET_DAYS]


def _remember_quiet_days() -> None:
    st.session_state[_QUIET_DAYS] = st.session_state[KEY_QUIET_DAYS]


def quiet_days_toggle() -> None:
    """The presenter's switch for the days with nothing recorded (folded away by default)."""
    st.toggle(
        "Show days with nothing recorded",
        key=KEY_QUIET_DAYS,
        on_change=_remember_quiet_days,
        help="Days the source says nothing about are left out of the talk unless you show them.",
    )


def talk_step_picker(steps, current: str) -> None:
    """Every step by name; choosing one moves the talk there."""
    labels = {s.key: s.label for s in steps}
    picker = f"talk-picker-{current}"  # a new box for each step, so it shows the current one
    st.selectbox(
        "Go to step",
        options=list(labels),
        index=list(labels).index(current),
        format_func=labels.__getitem__,
        key=picker,
        on_change=lambda: go_to_step(st.session_state[picker]),
    )


def leave_talk_button() -> None:
    """Back to the Map page; the filters stay (they live in the session and go back into the URL)."""
    if st.button("Leave talk mode", key="talk-leave", help="Back to the Map page, with the same filters"):
        default = next(p for p in PAGES if p.default)
        st.switch_page(f"pages/{default.name}.py")


def keyboard_shortcuts() -> None:
    """Arrow keys and a presenter's clicker (PageUp/PageDown) press Previous/Next, wherever the focus is."""
    with st.container(key="talk-keys"):
        buttons = {key: f"st-key-{button}" for key, button in TALK_KEYS.items()}
        st.iframe(render("talk_keys.html", buttons=buttons), height=1)


def empty_notice(view: filters.View) -> bool:
    """Say plainly that nothing matches; return True when that is the case."""
    if view.stops.empty and view.legs.empty and view.mentioned.empty:
        st.info(
            "Nothing matches these filters: no stop, leg or mentioned place. "
            "Widen the days or pick more themes, cities or kinds in the sidebar."
        )
        return True
    return False
