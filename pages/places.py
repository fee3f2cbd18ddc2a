"""Places: a searchable, sortable table of what the filters show, with downloads of what is on view."""

import streamlit as st

from routemap.export import formats as export
from routemap.export import snapshot
from routemap.export import table as exportformats
from routemap.view import figures, filters, tables
from routemap.web import frame, panel
from routemap.web.panel import tr

view = frame.page_view(__file__)
lang = panel.current_lang()
st.title(tr("page.places"))
query = st.text_input(tr("places.search"), key="q", bind="query-params", placeholder=tr("places.search_placeholder"))
table = tables.search(tables.for_people(export.places_table(view), view.dataset, lang), query)
shown = filters.only_places(view, set(table["id"]))  # the downloads follow the search
st.caption(figures.places_caption(len(table), view, lang))
st.dataframe(
    table.drop(columns=["id"]),
    hide_index=True,
    width="stretch",
    column_config={
        "stop": st.column_config.NumberColumn(tr("column.stop"), format="%d", width="small"),
        "name": st.column_config.TextColumn(tr("column.name"), width="large"),
        "name_zh": st.column_config.TextColumn(tr("column.name_zh"), width="medium"),
        **{
            col: st.column_config.TextColumn(tr(f"column.{col}"))
            for col in table.columns
            if col not in ("stop", "id", "name", "name_zh", "lat", "lon")
        },
        "lat": st.column_config.NumberColumn(tr("column.lat"), format="%.4f"),
        "lon": st.column_config.NumberColumn(tr("column.lon"), format="%.4f"),
    },
)
st.subheader(tr("places.download"))
no_browser = snapshot.missing_browser()
for column, fmt in zip(st.columns(len(exportformats.TABLE)), exportformats.TABLE, strict=True):
    unavailable = (
        (tr("format.png_unavailable") if no_browser == snapshot.INSTALL_HINT else no_browser)
        if fmt.id == "png"
        else None
    )
    column.download_button(
        tr(f"format.{fmt.id}"),
        # the map formats are made only when clicked: they take a moment
        (lambda fmt=fmt: export.download_bytes(shown, fmt.id, lang))
        if fmt.draws_map
        else export.download_bytes(shown, fmt.id, lang),
        file_name=fmt.file_name,
        mime=fmt.mime,
        on_click="ignore",
        disabled=unavailable is not None,
        help=unavailable or tr(f"format.{fmt.id}_help"),
    )
