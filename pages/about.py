"""About: where the data comes from, how it was established, and the licences."""

import streamlit as st

from routemap.map import assets
from routemap.markup import md
from routemap.view import provenance
from routemap.web import frame

view = frame.page_view("about")
dataset = view.dataset
trip = dataset.trip
st.title("About this map")
st.markdown(md(trip.about or trip.title))
source = trip.source
if source.title or source.url:
    st.subheader("Source")
    named = " · ".join(md(t) for t in (source.title, source.publisher) if t)
    st.markdown(named or md(source.url))
    if source.url:
        st.link_button("Open the source", source.url)
    if source.licence:
        st.caption(md(source.licence))
st.subheader("How dates were established")
st.markdown(
    "A date is **stated** when the source gives it. Otherwise it is **inferred** from the order "
    "of the account and the dates around it; each inferred date carries its reason and, where the "
    "source allows several days, the earliest and latest possible day."
)
st.subheader("How places and coordinates were established")
st.markdown(
    "Coordinates are WGS-84 and come from named public references (GeoNames for city centres, "
    "encyclopaedia infoboxes or operators' databases for sites). Each records its precision: "
    "*building*, *site*, *area* or *city*. Where no public reference pins a site, it is placed at "
    "its city's centre and says so, rather than inventing precision. Places the source only "
    "mentions are shown as context, never as stops."
)
st.dataframe(provenance.summary(dataset), hide_index=True)
st.subheader("Licences")
st.markdown(
    "- **Map tiles**: © OpenStreetMap contributors (ODbL), © Esri and its data providers, or "
    "© 高德地图 AutoNavi (its tiles are in GCJ-02, so the route is shifted to match them; the data "
    "stays WGS-84); attribution is shown on the map. Tiles are the only thing loaded from the network.\n"
    "- **Outlines** (the *Offline outlines* basemap, and the thin lines under tiles): "
    "[Natural Earth](https://www.naturalearthdata.com/), public domain, simplified to about 4 km. "
    "They draw China's 34 province-level divisions, Taiwan, Hong Kong and Macao among them, as "
    "China classes them; other borders are Natural Earth's default de facto lines, not an "
    "endorsement of any claim. `routemap/static/basemap/README.md` says how they were built.\n"
    "- **Descriptions** are our own words; each row quotes at most one short sentence of the "
    "source as provenance.\n"
    "- **Bundled scripts and styles**, served by this app itself at pinned versions:"
)
st.dataframe(assets.licence_table(), hide_index=True)
