"""Places: a searchable, sortable table of what the filters show, with downloads."""

import streamlit as st

from routemap import export, tables, ui

view = ui.current_view()
st.title("Places")
query = st.text_input("Search", key="q", bind="query-params",
                      placeholder="Name in English or 中文, city, description…")
table = tables.search(export.places_table(view), query)
st.caption(f"{len(table)} of {len(view.stops) + len(view.mentioned)} places on view.")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "stop": st.column_config.NumberColumn("Stop", format="%d"),
        "lat": st.column_config.NumberColumn("Lat", format="%.4f"),
        "lon": st.column_config.NumberColumn("Lon", format="%.4f"),
    },
)
left, right = st.columns(2)
left.download_button("Download CSV", export.export_text(view, "csv"),
                     file_name="routemap-places.csv", mime="text/csv", on_click="ignore")
right.download_button("Download GeoJSON", export.export_text(view, "geojson"),
                      file_name="routemap.geojson", mime="application/geo+json", on_click="ignore")
