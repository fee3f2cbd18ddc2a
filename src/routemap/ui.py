"""The Streamlit edge: cached loading, the shared filter panel, errors shown as ``st.error``.

This is the only module of the package that imports Streamlit; the core
(loading, filtering, routing, map building, export) never does. Pages call
:func:`current_view` and draw what it returns.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Final

import folium
import streamlit as st
from streamlit_folium import st_folium

from routemap import assets, filters
from routemap.data import Dataset, load_dataset
from routemap.errors import DataError, RoutemapError
from routemap.mapbuilder import BASEMAPS, base_map
from routemap.vocab import KIND_BY_SLUG, KINDS, THEME_BY_SLUG, THEMES

#: Widget keys; each is also the query parameter that carries it in the URL.
KEY_DAYS: Final = "days"
KEY_THEMES: Final = "theme"
KEY_CITIES: Final = "city"
KEY_KINDS: Final = "kind"
KEY_BASEMAP: Final = "basemap"
KEY_STOP: Final = "stop"
KEY_STEP: Final = "step"
NO_STOP: Final = ""

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def leave_legacy_multipage_mode() -> None:
    """Make sure the app runs under ``st.navigation`` from its very first run.

    With a ``pages/`` folder beside ``app.py``, Streamlit starts each server
    process in its older multipage mode and stays there until ``st.navigation``
    has run once. In that first run ``app.py`` runs as one of the folder's
    pages, so its widgets get other ids than in every later run, and the first
    page switch of a fresh process loses the filters (see pages/README.md).
    Leaving that mode and rerunning at once gives every run the same ids.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def md(value: object) -> str:
    """Text from the data made inert in Streamlit markdown (no links, images, HTML or maths)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


@st.cache_data(show_spinner="Loading the dataset…")
def _load(path: str | None) -> Dataset:
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar  # shown only when some coordinates have to be looked up
        bar = bar or st.progress(0.0)
        bar.progress(done / total, text=f"Looking up coordinates offline: {name} ({done} of {total})")

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


def _visited_cities(dataset: Dataset) -> dict[str, str]:
    cities = dataset.cities[dataset.cities["status"] == "visited"].sort_values("order")
    return dict(zip(cities["id"], cities["name"], strict=True))


def sidebar(dataset: Dataset) -> None:
    """The filter panel, defined once for every page. Each widget lives in the URL."""
    labels = filters.day_labels(dataset)
    days = dataset.trip.days
    where = filters.city_of_day(dataset)
    short = {d: f"{d.day} {d:%b} · {where[d].split(' → ')[-1]}" for d in days}  # fits the slider
    cities = _visited_cities(dataset)
    with st.sidebar:
        st.header("Filters")
        first, last = st.select_slider(
            "Days",
            options=days,
            value=(days[0], days[-1]),
            format_func=short.__getitem__,
            key=KEY_DAYS,
            bind="query-params",
            persist_state="session",
            help="Drag both handles onto one day to see a single day.",
        )
        st.caption(md(labels[first]) if first == last else f"{md(labels[first])}  \n to {md(labels[last])}")
        st.multiselect(
            "Themes",
            options=[t.slug for t in THEMES],
            default=[t.slug for t in THEMES],
            format_func=lambda s: THEME_BY_SLUG[s].label,
            key=KEY_THEMES,
            bind="query-params",
            persist_state="session",
            placeholder="No theme selected",
        )
        st.multiselect(
            "Cities",
            options=list(cities),
            format_func=cities.__getitem__,
            key=KEY_CITIES,
            bind="query-params",
            persist_state="session",
            placeholder="All cities",
        )
        st.multiselect(
            "Kinds",
            options=[k.slug for k in KINDS],
            format_func=lambda s: KIND_BY_SLUG[s].label,
            key=KEY_KINDS,
            bind="query-params",
            persist_state="session",
            placeholder="All kinds",
        )
        stops = dataset.route_stops
        labels_by_id = {NO_STOP: "None", **{row.id: f"{row.stop} · {row.name}" for row in stops.itertuples()}}
        st.selectbox(
            "Stop",
            options=list(labels_by_id),
            format_func=labels_by_id.__getitem__,
            key=KEY_STOP,
            bind="query-params",
            persist_state="session",
            help="Focus the map on one stop; talk mode starts from it.",
        )
        st.selectbox(
            "Basemap",
            options=list(BASEMAPS),
            format_func=BASEMAPS.__getitem__,
            key=KEY_BASEMAP,
            bind="query-params",
            persist_state="session",
            help="Tiles come from the network; with none, the route stays readable.",
        )
        copy_link_button()


def selection() -> filters.Selection:
    """The filter panel's state as a :class:`~routemap.filters.Selection`."""
    state = st.session_state
    first, last = state.get(KEY_DAYS) or (None, None)
    themes = state.get(KEY_THEMES)
    cities = state.get(KEY_CITIES) or None
    kinds = state.get(KEY_KINDS) or None
    return filters.Selection(
        first_day=first if isinstance(first, date) else None,
        last_day=last if isinstance(last, date) else None,
        themes=None if themes is None or len(themes) == len(THEMES) else frozenset(themes),
        cities=frozenset(cities) if cities else None,
        kinds=frozenset(kinds) if kinds else None,
    )


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
    zoom: int,
    **options,
) -> None:
    """The route map as the pages show it: the fixed base, the view's layers swapped in place.

    The base map depends only on the dataset and basemap, so streamlit-folium
    keeps it mounted; ``options`` go to ``st_folium`` (``returned_objects``, ...).
    """
    base = base_map(view.dataset, basemap=basemap(), asset_mode=asset_mode(app_dir), legend_open=False)
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
    return st.session_state.get(KEY_BASEMAP) or "osm"


def selected_stop() -> str | None:
    """The id of the stop in focus, or ``None``."""
    return st.session_state.get(KEY_STOP) or None


def select_stop(stop_id: str | None) -> None:
    """Put a stop in focus (use from a callback: it sets a bound widget's state)."""
    st.session_state[KEY_STOP] = stop_id or NO_STOP


def select_stop_from_map(component_key: str, view_stops) -> None:
    """``st_folium`` callback: the stop whose marker was clicked comes into focus.

    Stop tooltips start with the stop's number (``8. Shouhang …``); several
    stops can share a coordinate, so the tooltip, not the point, says which.
    """
    clicked = (st.session_state.get(component_key) or {}).get("last_object_clicked_tooltip")
    match = re.match(r"\s*(\d+)\.", clicked or "")
    if match:
        rows = view_stops[view_stops["stop"] == int(match.group(1))]
        if len(rows):
            select_stop(str(rows["id"].iloc[0]))


def copy_link_button() -> None:
    """A "Copy link" button: the browser's URL already carries the whole view."""
    st.iframe(
        """
      <style>
        body { margin: 0; font: 14px system-ui, sans-serif; }
        button { width: 100%; padding: 6px 10px; border: 1px solid #b03a2e; color: #b03a2e;
                 background: #fff; border-radius: 8px; cursor: pointer; font: inherit; }
        input { width: 100%; box-sizing: border-box; margin-top: 4px; font-size: 11px;
                border: 1px solid #ccc; border-radius: 4px; padding: 2px 4px; color: #444; }
      </style>
      <button id="copy" type="button">🔗 Copy link to this view</button>
      <input id="link" readonly aria-label="Link to this view">
      <script>
        const button = document.getElementById("copy");
        const field = document.getElementById("link");
        const current = () => window.parent.location.href;
        field.value = current();
        setInterval(() => { if (document.activeElement !== field) field.value = current(); }, 500);
        button.addEventListener("click", async () => {
          field.value = current();
          try {
            await navigator.clipboard.writeText(field.value);
            button.textContent = "✓ Link copied";
          } catch (error) {
            field.select();
            button.textContent = document.execCommand("copy") ? "✓ Link copied"
                                                                : "Select the link below and copy it";
          }
          setTimeout(() => { button.textContent = "🔗 Copy link to this view"; }, 2500);
        });
      </script>""",
        height=70,
    )


def go_to_step(key: str) -> None:
    """Move the talk to a step (use from a callback: it sets a bound widget's state)."""
    st.session_state[KEY_STEP] = key


def talk_step_picker(steps) -> str:
    """Every step by name, bound to the URL (``?step=``); returns the current step's key.

    With no step in the URL or the session, the talk starts at the stop in focus
    (the sidebar's Stop, which a map click sets), else at the first step.
    """
    labels = {s.key: s.label for s in steps}
    keys = list(labels)
    if st.session_state.get(KEY_STEP) not in (None, *keys):
        del st.session_state[KEY_STEP]  # a step the filters no longer show
    start = keys.index(selected_stop()) if selected_stop() in keys else 0
    return (
        st.selectbox(
            "Go to step",
            options=keys,
            format_func=labels.__getitem__,
            key=KEY_STEP,
            bind="query-params",
            index=None if KEY_STEP in st.session_state else start,
        )
        or keys[start]
    )


def keyboard_shortcuts() -> None:
    """Arrow keys and a presenter's clicker (PageUp/PageDown) press Previous/Next."""
    st.iframe(
        """<script>
      const doc = window.parent.document;
      if (!doc.routemapKeys) {
        doc.routemapKeys = true;
        doc.addEventListener("keydown", (event) => {
          const tag = (event.target && event.target.tagName) || "";
          if (["INPUT", "TEXTAREA", "SELECT"].includes(tag)) return;
          const word = {ArrowRight: "Next", PageDown: "Next", ArrowLeft: "Previous",
                        PageUp: "Previous"}[event.key];
          if (!word) return;
          const button = [...doc.querySelectorAll("button")]
            .find((b) => b.innerText.trim().includes(word));
          if (button && !button.disabled) { button.click(); event.preventDefault(); }
        });
      }
    </script>""",
        height=1,
    )


def current_view() -> filters.View:
    """What the panels leave on view, for the page being drawn."""
    dataset = load()
    try:
        return filters.apply(dataset, selection())
    except RoutemapError as exc:
        st.error(md(exc))
        st.stop()
    raise AssertionError("unreachable")


def empty_notice(view: filters.View) -> bool:
    """Say plainly that nothing matches; return True when that is the case."""
    if view.stops.empty and view.legs.empty and view.mentioned.empty:
        st.info(
            "Nothing matches these filters: no stop, leg or mentioned place. "
            "Widen the days or pick more themes, cities or kinds in the sidebar."
        )
        return True
    return False
