"""A view in one language: place and city names, theme and kind labels, the trip's own texts.

State stays ids; only what people read changes. :func:`localize` gives a copy
of a view whose ``name`` columns hold the name ``lang`` shows first (the
Chinese ``name_zh`` in ``zh``, when the data has one) and whose ``name_zh``
columns hold the other one, so every page, the map and the exports show the
right name without asking which. The trip's themes and kinds take the labels
the trip gives for the language (``label_zh`` in ``trip.toml``), and fall back
to the trip's own labels when it gives none (:func:`untranslated_labels` says so).
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from routemap.model.dataset import Dataset
from routemap.model.i18n import SEPARATOR, Lang, label
from routemap.model.trip import Trip
from routemap.view.filters import View

#: Each frame's (name, other name) column pairs.
_NAMES = {
    "places": (("name", "name_zh"),),
    "cities": (("name", "name_zh"),),
    "legs": (("from_name", "from_name_zh"), ("to_name", "to_name_zh")),
}


def localize_trip(trip: Trip, lang: Lang) -> Trip:
    """The trip with its themes' and kinds' labels, title, subtitle and About in ``lang`` where it gives them."""
    if lang == "en":
        return trip
    themes = tuple(
        dataclasses.replace(
            th,
            label=label(th.label, th.label_zh, lang),
            short=label(th.short_label, th.label_zh, lang) if th.label_zh else th.short,
        )
        for th in trip.themes
    )
    kinds = tuple(dataclasses.replace(k, label=label(k.label, k.label_zh, lang)) for k in trip.kinds)
    texts = {key: label(getattr(trip, key), getattr(trip, f"{key}_zh"), lang) for key in ("title", "subtitle")}
    about = trip.about_zh if lang == "zh" and trip.about_zh else trip.about
    if lang == "both" and trip.about_zh:
        about = f"{trip.about}\n\n{trip.about_zh}"
    return dataclasses.replace(trip, themes=themes, kinds=kinds, about=about, **texts)


def untranslated_labels(trip: Trip, lang: Lang) -> list[str]:
    """The ids of the trip's themes and kinds with no label in ``lang`` (shown with their own label)."""
    if lang == "en":
        return []
    return [x.slug for x in (*trip.themes, *trip.kinds) if not x.label_zh]


def _swap(frame: pd.DataFrame, pairs: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Chinese names first: each name column takes its Chinese one where there is one, and gives its own in return."""
    present = [(a, b) for a, b in pairs if a in frame and b in frame]
    if not present or frame.empty:
        return frame
    out = frame.copy()
    for first, other in present:
        zh = frame[other].fillna("").astype(str)
        has = zh.str.strip() != ""
        out[first] = frame[first].where(~has, zh)
        out[other] = frame[other].where(~has, frame[first])
    return out


def _legs(frame: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Legs carry their ends' names (``from_name``, ``to_name``): in Chinese, from the cities' Chinese names."""
    if frame.empty or "from_name" not in frame:
        return frame
    zh = cities.set_index("id")["name_zh"].fillna("").astype(str)
    out = frame.copy()
    for end in ("from", "to"):
        names = frame[end].map(zh).fillna("")
        out[f"{end}_name"] = frame[f"{end}_name"].where(names.str.strip() == "", names)
    return out


_MARK = "_routemap_lang"  # the language a localized dataset is in (an attribute of the copy)
_SOURCE = "_routemap_source"  # the English dataset it was made from


def lang_of(dataset: Dataset) -> Lang:
    """The language a dataset's names and labels are in: English unless :func:`localize_dataset` made it."""
    return vars(dataset).get(_MARK, "en")


def localize_dataset(dataset: Dataset, lang: Lang) -> Dataset:
    """The dataset with names and labels as ``lang`` shows them (itself in English).

    Localizing twice to one language changes nothing; a dataset is localized only from English.
    """
    if lang_of(dataset) == lang:
        return dataset
    if lang_of(dataset) != "en":
        raise ValueError(f"Only an English dataset is localized, not one in {lang_of(dataset)}.")
    return dataset.derived(f"localized-{lang}", lambda: _localized(dataset, lang))  # once per dataset and language


def _localized(dataset: Dataset, lang: Lang) -> Dataset:
    trip = localize_trip(dataset.trip, lang)
    if lang != "zh":
        return _with_route(dataset, trip, dataset.route_stops, dataset.route_legs, lang)
    out = dataclasses.replace(
        dataset,
        trip=trip,
        cities=_swap(dataset.cities, _NAMES["cities"]),
        places=_swap(dataset.places, _NAMES["places"]),
    )
    vars(out).update(  # cached_property: the copy keeps the route computed once (see map.datum)
        route_stops=_swap(dataset.route_stops, _NAMES["places"]),
        route_legs=_legs(dataset.route_legs, dataset.cities),
        **{_MARK: lang, _SOURCE: dataset},
    )
    return out


def _with_route(dataset: Dataset, trip: Trip, stops: pd.DataFrame, legs: pd.DataFrame, lang: Lang) -> Dataset:
    out = dataclasses.replace(dataset, trip=trip)
    vars(out).update(route_stops=stops, route_legs=legs, **{_MARK: lang, _SOURCE: dataset})
    return out


def localize(view: View, lang: Lang) -> View:
    """The view with names and labels as ``lang`` shows them; its selection and ids unchanged."""
    if lang_of(view.dataset) == lang:
        return view
    dataset = localize_dataset(view.dataset, lang)
    if lang != "zh":
        return dataclasses.replace(view, dataset=dataset)
    return dataclasses.replace(
        view,
        dataset=dataset,
        stops=_swap(view.stops, _NAMES["places"]),
        mentioned=_swap(view.mentioned, _NAMES["places"]),
        legs=_legs(view.legs, view.dataset.cities),
    )


def both_names(first: str, other: str) -> str:
    """``Xi'an · 西安``: a name and its other-language name, when they differ."""
    return f"{first}{SEPARATOR}{other}" if other and other != first else first


def _rows(frame: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` with the ids of ``like``, in ``like``'s order."""
    return frame.set_index("id", drop=False).loc[list(like["id"])].reset_index(drop=True)


def source_view(view: View) -> View:
    """The same places and legs as the data gives them (English labels, each name in its own column).

    What the data exports (GeoJSON, CSV) write, whatever language the dashboard is in.
    """
    source = vars(view.dataset).get(_SOURCE)
    if source is None:
        return view
    return View(
        source,
        view.selection,
        _rows(source.route_stops, view.stops),
        _rows(source.places, view.mentioned),
        _rows(source.route_legs, view.legs),
    )
