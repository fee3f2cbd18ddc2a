"""Itinerary: the journey day by day, each fact with its provenance."""

import streamlit as st

from routemap.markup import md
from routemap.view import itinerary
from routemap.web import frame, mapview

view = frame.page_view("itinerary")
trip = view.dataset.trip
st.title("Itinerary")
st.caption(
    "Dates marked *stated* are given by the source; *inferred* ones are our reading of "
    "it, with the reason. Quotes are the source's own words."
)

if not mapview.empty_notice(view):
    for day in itinerary.days(view):
        st.subheader(md(day.title))
        if day.is_empty:
            st.write("The source records nothing for this day.")
        for _, leg in day.legs.iterrows():
            st.markdown(
                f"**Travel: {md(leg['from_name'])} → {md(leg['to_name'])}** · "
                f"{md(leg['mode'])} · {leg['distance_km']:,.0f} km  \n"
                f"Date *{md(leg['date_certainty'])}*: {md(leg['date_basis'])} "
                f"Mode: {md(leg['mode_basis'])}"
            )
            if leg["source_quote"]:
                st.markdown(f"> {md(leg['source_quote'])}")
        for _, stop in day.stops.iterrows():
            st.markdown(
                f"**{int(stop['stop'])}. {md(stop['name'])}** · {md(stop['name_zh'])}  \n"
                f"{md(trip.kind(stop['kind']).label)} · {md(trip.themes_text(stop['themes']))}  \n"
                f"{md(stop['description'])}  \n"
                f"Date *{md(stop['date_certainty'])}*: {md(stop['date_basis'])}"
            )
            st.markdown(f"> {md(stop['source_quote'])}")
