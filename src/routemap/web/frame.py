"""The frame every page shares: navigation, page config, the trip, the dataset, errors as ``st.error``.

``app.py`` runs :func:`app_frame` around the page; each page opens with
:func:`page_view`, which sets up the navigation and starts the run again from
``app.py`` when Streamlit runs the page file on its own (its pages-folder mode, for a
fresh process's first request).
This package is the only one that imports Streamlit.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import streamlit as st

from routemap.load import trips
from routemap.load.folder import load_dataset
from routemap.load.read import read_trip
from routemap.markup import md
from routemap.model.dataset import Dataset
from routemap.model.errors import DataError, RoutemapError
from routemap.model.i18n import Lang, t
from routemap.view import filters, localize, urlstate
from routemap.web import actions, mapframe, upload
from routemap.web.keys import (
    _NOTES,
    _TRIP_PICKER,
    KEY_TRIP,
)
from routemap.web.panel import (
    current_lang,
    current_view,
    page_lang_script,
    restore_panel,
    sidebar,
    tr,
    write_url,
)
from routemap.web.tripstate import select_trip


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard: its file in ``pages/`` and title (a key of the translation table).

    No icons: emoji need an emoji font the viewer may lack, and Streamlit's
    Material Symbols come from a font CDN, which a talk without network lacks.
    """

    name: str
    title: str
    default: bool = False


#: The pages, once: ``app.py``'s navigation and each page's own title come from here.
PAGES: Final = (
    PageSpec("map", "page.map", default=True),
    PageSpec("itinerary", "page.itinerary"),
    PageSpec("places", "page.places"),
    PageSpec("talk", "page.talk"),
    PageSpec("upload", "page.upload"),
    PageSpec("about", "page.about"),
)


def page_title(spec: PageSpec, lang: Lang) -> str:
    """A page's title in the navigation and the browser's tab, in ``lang``."""
    return t(spec.title, lang)


_run = threading.local()  # the view of the run in progress, once the frame is drawn


_first_navigation = threading.Event()  # set once st.navigation has run in this server process


def navigation(app_dir: Path) -> st.navigation:
    """``st.navigation`` over :data:`PAGES`, each page a file ``pages/<name>.py``.

    With a ``pages/`` folder beside ``app.py``, Streamlit runs a fresh process's
    first script in its pages-folder mode and leaves it when ``st.navigation``
    is first called; widgets of that one run get other ids than in every later
    run. So the first run of a process, once navigation is set up, reruns at
    once (``st.rerun``, public API) and every run people see has stable ids.
    What the widgets' callbacks posted is applied first, so the titles are in the language just chosen.
    """
    actions.apply_posted()
    nav = st.navigation(
        [
            st.Page(
                app_dir / "pages" / f"{p.name}.py",
                title=page_title(p, current_lang()),
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


def page_view(page_file: str) -> filters.View:
    """What the panels leave on view for the page in ``page_file`` (its ``__file__``), drawn by ``app.py``.

    A fresh server whose first request names a page (a talk's link, opened right after
    ``streamlit run``) runs that page's file on its own: with a ``pages/`` folder beside
    ``app.py``, Streamlit starts in its pages-folder mode, and stays in it until ``st.navigation``
    is called. The page would have file names for navigation ("app", "talk") and no way back
    to the Map page's own address. So the page sets up the navigation, which leaves that mode
    for good, and the run starts again from ``app.py``. (Streamlit's AppTest puts every run in
    that mode again; there, as before any navigation existed, the page draws the frame itself.)
    """
    view = getattr(_run, "view", None)
    if view is None:
        page = Path(page_file).resolve()
        if not _first_navigation.is_set():
            navigation(page.parents[1])  # reruns: app.py draws the page
        # AppTest starts every run in that mode: the page draws the frame itself, as app.py would
        spec = next(p for p in PAGES if p.name == page.stem)
        st.set_page_config(page_title=page_title(spec, current_lang()), layout="wide")
        view = _draw_frame()
    return view


def _draw_frame() -> filters.View:
    mapframe.count_run()
    actions.apply_posted()  # done already when app.py runs the page (navigation)
    offered = trips.configured_trips()
    uploaded = upload.session_dataset()  # this session's own, in memory (web/upload.py)
    ident = chosen_trip([*offered, upload.UPLOAD_TRIP] if uploaded is not None else offered)
    dataset = uploaded if ident == upload.UPLOAD_TRIP and uploaded is not None else load(str(offered[ident]))
    restore_panel(dataset)  # ids: links made in any language, labels of older links in English
    shown = localize.localize_dataset(dataset, current_lang())
    with st.sidebar:
        trip_picker(offered, uploaded)
    sidebar(shown)
    with st.sidebar:  # last in the sidebar, where its element's gap moves nothing (talk mode hides the sidebar)
        page_lang_script()
    write_url(dataset)
    return current_view(shown)


def chosen_trip(offered: Collection[str]) -> str:
    """The id of the trip on view: the session's, else the link's (``?trip=``), else the first offered."""
    state = st.session_state
    if state.get(KEY_TRIP) not in offered:
        linked = st.query_params.get(KEY_TRIP)
        state[KEY_TRIP] = linked if linked in offered else next(iter(offered))
        if linked and linked not in offered:
            value = (("value", linked[:40]),)
            elsewhere = linked == upload.UPLOAD_TRIP  # an upload lives only in the session that made it
            note = urlstate.Note("link.upload_elsewhere", value) if elsewhere else urlstate.Note("link.no_trip", value)
            state[_NOTES] = [*state.get(_NOTES, []), note]
    return state[KEY_TRIP]


@st.cache_data(max_entries=32)
def _trip_title(folder: str, lang: Lang) -> str:
    trip, _ = read_trip(Path(folder) / "trip.toml")
    return localize.localize_trip(trip, lang).title if trip is not None else Path(folder).name


def _switch_trip(picker: str) -> None:
    """The trip picker's action: another trip starts with its own default view (basemap and language stay).

    Streamlit may call it after the box has left the page (talk mode draws no sidebar), when
    its value is gone from the session: then nobody chose a trip, and the view stays.
    """
    if picker in st.session_state:
        select_trip(st.session_state[picker])


def trip_picker(offered: dict[str, Path], uploaded: Dataset | None = None) -> None:
    """A choice of trip, shown when more than one is configured or the session holds an upload."""
    if len(offered) + (uploaded is not None) > 1:
        titles = {ident: _trip_title(str(folder), current_lang()) for ident, folder in offered.items()}
        if uploaded is not None:
            titles[upload.UPLOAD_TRIP] = upload.trip_title()
        picker = f"{_TRIP_PICKER}-{st.session_state[KEY_TRIP]}"  # a new box per trip: it shows the one on view
        st.selectbox(
            tr("panel.trip"),
            options=list(titles),
            index=list(titles).index(st.session_state[KEY_TRIP]),
            format_func=titles.__getitem__,
            key=picker,
            **actions.on_change(_switch_trip, picker),
        )


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str | None, _lang: Lang = "en") -> Dataset:
    """One ``Dataset`` per data folder for the whole process, shared by every session, never copied.

    ``st.cache_data`` would hand each rerun of each session its own unpickled copy
    (a 10,000-place trip: about 0.1 s and tens of MB each); the dataset is read-only
    (filters and the datum shift make new frames), so sharing the object is safe.
    """
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar  # shown only when some coordinates have to be looked up
        bar = bar or st.progress(0.0)
        bar.progress(done / total, text=t("frame.looking_up", _lang, name=md(name), done=done, total=total))

    dataset = load_dataset(path, progress=progress)
    if bar is not None:
        bar.empty()
    dataset.route_stops, dataset.route_legs  # noqa: B018 - computed once, kept in the cache
    _settle_heap()
    return dataset


def _settle_heap() -> None:
    """Move what lives for the whole process (modules, the dataset just loaded) out of the collector's sight.

    Streamlit runs a full garbage collection after every script run
    (``runner.postScriptGC``), holding the GIL: with pandas, pandera and folium
    loaded that is 75-115 ms on every run of every session, in which the server
    answers nobody, not even the map's own script and style requests. Objects
    frozen here are never scanned again (:func:`gc.freeze`), so the collection
    after a run only looks at what runs made: about 1 ms. Garbage is collected
    first so that none is frozen.
    """
    gc.collect()
    gc.freeze()


def load(path: str | None = None) -> Dataset:
    """The dataset, loaded once per process; on bad data, every problem as ``st.error``, then stop."""
    try:
        with st.spinner(tr("frame.loading")):
            return _load(path, current_lang())
    except DataError as exc:
        st.error(tr("frame.data_problems"))
        st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)
        st.stop()
    except RoutemapError as exc:
        st.error(md(exc))
        st.stop()
    raise AssertionError("unreachable")  # st.stop() raises
