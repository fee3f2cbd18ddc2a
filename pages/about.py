"""About: where the data comes from, how it was established, and the licences."""

import streamlit as st

from routemap.map import assets
from routemap.markup import md
from routemap.view import provenance
from routemap.web import frame, panel
from routemap.web.panel import tr

view = frame.page_view(__file__)
dataset = view.dataset
trip = dataset.trip
lang = panel.current_lang()
st.title(tr("about.title"))
st.markdown(md(trip.about or trip.title))
if lang == "zh" and not dataset.trip.about_zh and trip.about:
    st.caption(tr("data.english_only"))
source = trip.source
if source.title or source.url:
    st.subheader(tr("about.source"))
    named = " · ".join(md(t) for t in (source.title, source.publisher) if t)
    st.markdown(named or md(source.url))
    if source.url:
        st.link_button(tr("about.open_source"), source.url)
    if source.licence:
        st.caption(md(source.licence))
st.subheader(tr("about.dates_title"))
st.markdown(tr("about.dates"))
st.subheader(tr("about.places_title"))
st.markdown(tr("about.places"))
st.dataframe(provenance.summary(dataset, lang), hide_index=True)
st.subheader(tr("about.licences_title"))
st.markdown(tr("about.licences"))
st.dataframe(assets.licence_table(lang), hide_index=True)
