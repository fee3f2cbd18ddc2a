"""Places: a searchable, sortable table of what the filters show, with downloads."""

import streamlit as st

from routemap import export, snapshot, tables, ui

view = ui.page_view("places")
st.title("Places")
query = st.text_input("Search", key="q", bind="query-params", placeholder="Name in English or 中文, city, description…")
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
st.subheader("Download what is on view")
csv, geojson, kml, html, png = st.columns(5)
csv.download_button(
    "CSV",
    export.export_text(view, "csv"),
    file_name="routemap-places.csv",
    mime="text/csv",
    on_click="ignore",
    help="Safe to open in a spreadsheet.",
)
geojson.download_button(
    "GeoJSON",
    export.export_text(view, "geojson"),
    file_name="routemap.geojson",
    mime=export.MIME_TYPES["geojson"],
    on_click="ignore",
)
# The map formats are made only when clicked: they take a moment.
kml.download_button(
    "KML",
    lambda: export.export_bytes(view, "kml"),
    file_name="routemap.kml",
    mime=export.MIME_TYPES["kml"],
    on_click="ignore",
    help="For Google Earth, or import into Google My Maps.",
)
html.download_button(
    "Map (HTML)",
    lambda: export.export_bytes(view, "html"),
    file_name="routemap.html",
    mime=export.MIME_TYPES["html"],
    on_click="ignore",
    help="One file that opens in any browser with no network (tiles aside).",
)
no_browser = snapshot.missing_browser()
png.download_button(
    "Map (PNG)",
    lambda: export.export_bytes(view, "png"),
    file_name="routemap.png",
    mime=export.MIME_TYPES["png"],
    on_click="ignore",
    disabled=no_browser is not None,
    help=no_browser or "An image of the map for slides.",
)
