"""About: where the data comes from, how it was established, and the licences."""

import streamlit as st

from routemap import assets, provenance, ui

view = ui.current_view()
dataset = view.dataset
st.title("About this map")
st.markdown(
    "This dashboard shows one journey: the second Friends of Socialist China delegation to the "
    "People's Republic of China, 26 May – 5 June 2025. Its only source is the delegation's own "
    "account, published by Friends of Socialist China. Every place, date and coordinate in the "
    "dataset says where it came from."
)
st.subheader("How dates were established")
st.markdown(
    'A date is **stated** when the article gives it ("On 31 May …"). Otherwise it is '
    '**inferred** from the order of the account and the dates around it ("Several days later", '
    '"Following the opening ceremony"); each inferred date carries its reason and, where the '
    "article allows several days, the earliest and latest possible day."
)
st.subheader("How places and coordinates were established")
st.markdown(
    "Coordinates are WGS-84 and come from named public references: GeoNames for city centres, "
    "encyclopaedia infoboxes and operators' project databases for sites. Each records its "
    "precision: *building*, *site*, *area* or *city*. Where no public reference pins a site, it "
    "is placed at its city's centre and says so, rather than inventing precision. Places the "
    "article only mentions (the Red Boat in Jiaxing, the Mogao Caves) are shown as context, "
    "never as stops."
)
st.dataframe(provenance.summary(dataset), hide_index=True)
st.subheader("Licences")
st.markdown(
    "- **Map tiles**: © OpenStreetMap contributors (ODbL), or © Esri and its data providers; "
    "attribution is shown on the map. Tiles are the only thing loaded from the network.\n"
    "- **Descriptions** are our own words; each row quotes at most one short sentence of the "
    "article as provenance.\n"
    "- **Bundled scripts and styles**, served by this app itself at pinned versions:"
)
st.dataframe(assets.licence_table(), hide_index=True)
