"""The filter panel and the link: widgets whose state is ids, mirrored in the session and the URL.

The URL is read once when a session starts (:mod:`routemap.view.urlstate`) and
written after every run; the mirror keeps the panel's state when a page run on
its own draws a panel of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Final

import streamlit as st

from routemap.load import trips
from routemap.map.basemaps import BASEMAPS, DEFAULT_BASEMAP
from routemap.markup import md, render, stylesheet
from routemap.model.dataset import Dataset
from routemap.model.errors import RoutemapError
from routemap.model.i18n import DEFAULT_LANG, LANG_NAMES, LANGS, Lang, fmt_date, html_lang, parse_lang, t
from routemap.view import filters, localize, urlstate
from routemap.web import actions, longpick
from routemap.web.keys import (
    _MIRROR,
    _NOTES,
    KEY_BASEMAP,
    KEY_CITIES,
    KEY_DAYS,
    KEY_KINDS,
    KEY_LANG,
    KEY_STOP,
    KEY_THEMES,
    KEY_TRIP,
    NO_STOP,
)

KEY_QUIET_DAYS: Final = "talk-quiet-days"

#: Each panel widget's generation (see :func:`widget_key`), by name.
_GENERATIONS: Final = "_routemap_widget_generations"


def widget_key(name: str) -> str:
    """The key a panel widget is drawn with: its name (``KEY_STOP``...), then a new one each time the app
    sets its value (:func:`renew`).

    A value set by the app, not in the widget (a stop clicked on the map, "Clear",
    another trip), reaches the browser with the run that draws it. A message the
    browser sent before that still carries the widget's old value, and Streamlit
    takes a value unlike the one the app set for a change made in the widget: the
    old value would come back. Drawn under a new key, the widget is another one,
    and the old one's value is ignored.
    """
    generation = st.session_state.get(_GENERATIONS, {}).get(name, 0)
    return f"{name}-{generation}" if generation else name


def renew(*names: str) -> None:
    """Draw these panel widgets under new keys, with the mirror's values (use when the app sets them)."""
    generations = dict(st.session_state.get(_GENERATIONS, {}))
    for name in names:
        generations[name] = generations.get(name, 0) + 1
    st.session_state[_GENERATIONS] = generations


def _visited_cities(dataset: Dataset) -> dict[str, str]:
    """The visited cities' names by id, in route order (read only)."""
    cities = filters.visited_cities(dataset)
    return dataset.derived("visited_city_names", lambda: dict(zip(cities["id"], cities["name"], strict=True)))


def _short_day_labels(dataset: Dataset, lang: Lang = "en") -> dict[date, str]:
    """``2 Apr · Lisbon``: a day and where the trip was, short enough for the slider."""
    where = filters.city_of_day(dataset)
    return {d: f"{fmt_date(d, lang, 'short')} · {where[d].split(' → ')[-1]}" for d in dataset.trip.days}


def current_lang() -> Lang:
    """The language the dashboard is in: the panel's, else the link's (``?lang=``), else English."""
    mirror = st.session_state.get(_MIRROR)
    if mirror is not None:
        return mirror.lang if mirror.lang in LANGS else DEFAULT_LANG
    return parse_lang(st.query_params.get(urlstate.LANG))


def tr(key: str, **fmt: object) -> str:
    """``key`` of the translation table in the dashboard's language (:func:`current_lang`)."""
    return t(key, current_lang(), **fmt)


def page_lang_script() -> None:
    """Set the page's ``<html lang>`` to the dashboard's language, for screen readers and CJK fonts."""
    st.html(render("page_lang.html", lang=html_lang(current_lang())), unsafe_allow_javascript=True)


def _choices(dataset: Dataset) -> urlstate.Choices:
    return urlstate.choices(
        dataset.trip,
        cities=_visited_cities(dataset),
        stops={row.id: f"{row.stop} · {row.name}" for row in dataset.route_stops.itertuples()},
        basemaps=BASEMAPS,
        day_labels={d: [label] for d, label in _short_day_labels(dataset).items()},
    )


def _fields(name: str, value: Any) -> dict[str, Any]:
    """The mirror's fields that panel widget ``name`` holds, from its value (defaults as ``None``)."""
    if name == KEY_DAYS:
        first, last = value or (None, None)
        return {"first_day": first, "last_day": last}
    if name == KEY_THEMES:
        return {"themes": tuple(value) if value is not None else None}
    if name in (KEY_CITIES, KEY_KINDS):
        return {"cities" if name == KEY_CITIES else "kinds": tuple(value or ()) or None}
    if name == KEY_STOP:
        return {"stop": value or None}
    if name == KEY_BASEMAP:
        return {"basemap": value if value != DEFAULT_BASEMAP else None}
    return {"lang": value if value in LANGS and value != DEFAULT_LANG else None}


def restore_panel(dataset: Dataset) -> None:
    """Give the panel's widgets their state: from the link when a session starts, else as they were.

    Streamlit forgets a widget's value when the widget is not drawn in a run
    (a page run on its own draws its own panel); the mirror in the session
    keeps the ids, and each widget gets its value back from it.
    """
    state = st.session_state
    if _MIRROR not in state:
        params = {k: st.query_params.get_all(k) for k in urlstate.PARAMS if k in st.query_params}
        view, notes = urlstate.parse(params, _choices(dataset))
        state[_MIRROR], state[_NOTES] = view, [*state.get(_NOTES, []), *notes]  # keep the frame's trip= note
    view: urlstate.ViewState = state[_MIRROR]
    n_days = len(dataset.trip.days)
    # The mirror is the truth: widgets' changes go into it first (_remember, applied at
    # the start of the run), so restoring it every run loses no change.
    defaults = {
        KEY_DAYS: (view.first_day or 1, view.last_day or n_days),
        KEY_THEMES: list(view.themes) if view.themes is not None else [t.slug for t in dataset.trip.themes],
        KEY_CITIES: list(view.cities or ()),
        KEY_KINDS: list(view.kinds or ()),
        KEY_STOP: view.stop or NO_STOP,
        KEY_BASEMAP: view.basemap or DEFAULT_BASEMAP,
        KEY_LANG: view.lang or DEFAULT_LANG,
    }
    for key, value in defaults.items():
        state[widget_key(key)] = value


def _remember(name: str, drawn_as: str) -> None:
    """A panel widget's change (an action, :mod:`routemap.web.actions`): its value into the mirror.

    ``drawn_as`` is the key the widget had when it was changed; a widget drawn
    before the app set its value (:func:`widget_key`) changes nothing.
    """
    state = st.session_state
    if drawn_as == widget_key(name) and drawn_as in state:
        state[_MIRROR] = replace(state[_MIRROR], **_fields(name, state[drawn_as]))


def _widget(name: str) -> dict[str, Any]:
    """A panel widget's ``key`` and its change, which goes into the mirror."""
    key = widget_key(name)
    return {"key": key, **actions.on_change(_remember, name, key)}


def write_url(dataset: Dataset) -> None:
    """Keep the URL in step with the panel: ids only, defaults left out."""
    view: urlstate.ViewState = st.session_state[_MIRROR]
    wanted = urlstate.to_params(view, days=len(dataset.trip.days), all_themes=[t.slug for t in dataset.trip.themes])
    if st.session_state.get(KEY_TRIP) != next(iter(trips.configured_trips())):
        wanted[KEY_TRIP] = st.session_state[KEY_TRIP]
    for key in (KEY_TRIP, *urlstate.PARAMS):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def language_control() -> None:
    """English, 中文 or both: each offered in its own words, so whoever reads either finds it."""
    st.segmented_control(
        t("panel.language", current_lang()),
        options=list(LANGS),
        format_func=LANG_NAMES.__getitem__,
        **_widget(KEY_LANG),
        required=True,
    )


def _note_text(note: object, lang: Lang) -> str:
    return note.text(lang) if isinstance(note, urlstate.Note) else str(note)


def sidebar(dataset: Dataset) -> None:
    """The filter panel, defined once for every page. Options are ids; people read labels.

    ``dataset`` is as :func:`routemap.view.localize.localize_dataset` gives it for the panel's language.
    """
    lang = current_lang()
    trip = dataset.trip
    days = trip.days
    labels = filters.day_labels(dataset, lang)
    short = _short_day_labels(dataset, lang)
    cities = _visited_cities(dataset)
    stop_labels = longpick.stop_labels(dataset, lang)
    with st.sidebar:
        st.html(f"<style>{stylesheet('frame.css')}</style>")
        language_control()
        st.header(t("panel.filters", lang))
        if notes := st.session_state.get(_NOTES):
            ignored = "; ".join(md(_note_text(n, lang)) for n in notes)
            st.caption(t("panel.ignored_from_link", lang, notes=ignored))
        if untranslated := localize.untranslated_labels(dataset.trip, lang):
            st.caption(t("panel.labels_untranslated", lang, ids=md(", ".join(untranslated))))
        # select_slider options are drawn as Markdown: escape them (multiselect and selectbox options are plain text)
        first, last = st.select_slider(
            t("panel.days", lang),
            options=list(range(1, len(days) + 1)),
            value=(1, len(days)),  # a range slider; restore_panel has set the state it shows
            format_func=lambda n: md(short[days[n - 1]]).replace(" · ", "  \n", 1),
            **_widget(KEY_DAYS),
            help=t("panel.days_help", lang),
        )
        first_day, last_day = days[first - 1], days[last - 1]
        st.caption(
            md(labels[first_day])
            if first == last
            else f"{md(labels[first_day])}  \n {t('panel.to', lang)} {md(labels[last_day])}"
        )
        st.multiselect(
            t("panel.themes", lang),
            options=[t.slug for t in trip.themes],
            format_func=lambda s: trip.theme(s).short_label,
            **_widget(KEY_THEMES),
            placeholder=t("panel.no_theme", lang),
        )
        st.multiselect(
            t("panel.cities", lang),
            options=list(cities),
            format_func=cities.__getitem__,
            **_widget(KEY_CITIES),
            placeholder=t("panel.all_cities", lang),
        )
        st.multiselect(
            t("panel.kinds", lang),
            options=[k.slug for k in trip.kinds],
            format_func=lambda s: trip.kind(s).label,
            **_widget(KEY_KINDS),
            placeholder=t("panel.all_kinds", lang),
        )
        stop = panel_state().stop or NO_STOP
        stops = longpick.shown_choices(stop_labels, key=KEY_STOP, lang=lang, keep=(NO_STOP, stop), near=stop)
        st.selectbox(
            t("panel.stop", lang),
            options=list(stops),
            format_func=stop_labels.__getitem__,
            **_widget(KEY_STOP),
            help=t("panel.stop_help", lang),
        )
        st.selectbox(
            t("panel.basemap", lang),
            options=list(BASEMAPS),
            format_func=lambda b: t(f"basemap.{b}", lang),
            **_widget(KEY_BASEMAP),
            help=t("panel.basemap_help", lang),
        )
        copy_link_button(lang)


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
    """What the panels leave on view: worked out once per selection of the (shared) dataset, so a rerun
    that changes no filter, or another session with the same filters, reuses the view and what
    the map made of it (:meth:`~routemap.model.derive.Derives.memo`)."""
    try:
        chosen = selection(dataset)
        return dataset.memo("view", chosen, lambda: filters.apply(dataset, chosen))
    except RoutemapError as exc:
        st.error(md(exc))
        st.stop()
    raise AssertionError("unreachable")


def panel_state() -> urlstate.ViewState:
    """The panel's state as ids (the mirror, the truth); the defaults before the first run has set it."""
    return st.session_state.get(_MIRROR) or urlstate.ViewState()


def selected_stop() -> str | None:
    """The id of the stop in focus, or ``None``."""
    return panel_state().stop


def select_stop(stop_id: str | None) -> None:
    """Put a stop in focus, or none (an action: post it from a callback, :mod:`routemap.web.actions`)."""
    state = st.session_state
    state[_MIRROR] = replace(state[_MIRROR], stop=stop_id or None)
    renew(KEY_STOP)


def copy_link_button(lang: Lang = "en") -> None:
    """A "Copy link" button: the browser's URL already carries the whole view. In the page, not an
    iframe: a first visit loads one document fewer before the map's (docs/performance.md)."""
    st.html(
        render(
            "copy_link.html",
            lang=html_lang(lang),
            label=t("link.copy", lang),
            copied=t("link.copied", lang),
            manual=t("link.manual", lang),
            field_label=t("link.field", lang),
        ),
        unsafe_allow_javascript=True,
    )
