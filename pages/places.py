"""Places: a searchable, sortable table of what the filters show, with downloads of what is on view."""

import streamlit as st

from routemap.export import formats as export
from routemap.export import snapshot
from routemap.export import table as exportformats
from routemap.view import figures, filters, tables
from routemap.web import frame

view = frame.page_view("places")
st.title("Places")
query = st.text_input("Search", key="q", bind="query-params", placeholder="Name in English or 中文, city, description…")
table = tables.search(export.places_table(view), query)
shown = filters.only_places(view, set(table["id"]))  # the downloads follow the search
st.caption(figures.places_caption(len(table), view))
st.dataframe(
    table.drop(columns=["id"]),
    hide_index=True,
    width="stretch",
    column_config={
        "stop": st.column_config.NumberColumn("Stop", format="%d", width="small"),
        "name": st.column_config.TextColumn("Name", width="large"),
        "name_zh": st.column_config.TextColumn("中文", width="medium"),
        **{
            col: st.column_config.TextColumn(col.replace("_", " ").capitalize())
            for col in table.columns
            if col not in ("stop", "id", "name", "name_zh", "lat", "lon")
        },
        "lat": st.column_config.NumberColumn("Latitude", format="%.4f"),
        "lon": st.column_config.NumberColumn("Longitude", format="%.4f"),
    },
)
st.subheader("Download what is on view")
no_browser = snapshot.missing_browser()
for column, fmt in zip(st.columns(len(exportformats.TABLE)), exportformats.TABLE, strict=True):
    unavailable = no_browser if fmt.id == "png" else None
    column.download_button(
        fmt.label,
        # the map formats are made only when clicked: they take a moment
        (lambda fmt=fmt: export.download_bytes(shown, fmt.id))
        if fmt.draws_map
        else export.download_bytes(shown, fmt.id),
        file_name=fmt.file_name,
        mime=fmt.mime,
        on_click="ignore",
        disabled=unavailable is not None,
        help=unavailable or fmt.help,
    )
