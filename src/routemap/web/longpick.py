"""Select boxes over long lists: past :data:`~routemap.view.longlist.LONG_LIST` choices, a search box
first, and the select box lists what it finds (:func:`routemap.view.longlist.narrowed`)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, t
from routemap.view import longlist
from routemap.web.keys import NO_STOP


def stop_labels(dataset: Dataset, lang: Lang) -> dict[str, str]:
    """The stop picker's options (ids, "none" first) and labels: ``8 · Mogao Caves`` (read only)."""

    def labels() -> dict[str, str]:
        rows = dataset.route_stops.itertuples()
        return {NO_STOP: t("panel.no_stop", lang), **{row.id: f"{row.stop} · {row.name}" for row in rows}}

    return dataset.derived(f"stop_labels:{lang}", labels)


def shown_choices(labels: dict[str, str], *, key: str, lang: Lang, keep: Iterable[str], near: str) -> dict[str, str]:
    """The choices a select box over ``labels`` lists: all of them, or, for a long list, those the
    search box drawn here (``key`` + ``-search``) finds, or those near the current choice.

    ``keep`` are always listed (the current choice, "none"), so the select box keeps its value.
    """
    if not longlist.is_long(labels):
        return labels
    query = st.text_input(t("finder.search", lang), key=f"{key}-search", placeholder=t("finder.placeholder", lang))
    shown = longlist.narrowed(labels, query, keep=keep, near=near)
    st.caption(t("finder.shown", lang, shown=f"{len(shown):,}", total=f"{len(labels):,}"))
    return shown
