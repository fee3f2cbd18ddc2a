"""Upload: a trip from a file (GeoJSON, KML, KMZ, the CSV template, a zipped data folder), for this session only."""

import streamlit as st

from routemap.web import frame, upload
from routemap.web.panel import tr

frame.page_view(__file__)
st.title(tr("upload.title"))
st.markdown(tr("upload.intro"))
with st.expander(tr("upload.template_expander")):
    upload.templates()
held = upload.receive(upload.uploader(upload.uploader_key()))
if upload.take_new(held):  # a new file: show it everywhere, or, with problems, the default trip
    frame.select_trip(upload.UPLOAD_TRIP if upload.session_dataset() is not None else None)
    st.rerun()
upload.report(held)
