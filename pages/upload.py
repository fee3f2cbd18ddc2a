"""Upload: a trip from a file (GeoJSON, KML, KMZ, the CSV template, a zipped data folder), for this session only."""

import streamlit as st

from routemap.web import frame, upload

frame.page_view("upload")
st.title("Upload a trip")
st.markdown(
    "Draw your own journey with the whole dashboard: a **GeoJSON** from geojson.io, uMap or QGIS, a **KML** or "
    "**KMZ** from Google My Maps, a **CSV** in routemap's template, or a **zip** of a routemap data folder. "
    "The file stays in this session's memory on the server: it is never saved, no one else sees it, "
    "and it is gone when you close the tab. The trips this site ships are not changed."
)
with st.expander("The CSV template, with an example"):
    upload.templates()
held = upload.receive(st.file_uploader(upload.LABEL, key=upload.uploader_key(), help=upload.HELP))
if upload.take_new(held):  # a new file: show it everywhere, or, with problems, the default trip
    frame.select_trip(upload.UPLOAD_TRIP if upload.session_dataset() is not None else None)
    st.rerun()
upload.report(held)
