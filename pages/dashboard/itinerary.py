"""Itinerary: the journey day by day, each fact with its provenance."""

import streamlit as st

from routemap import itinerary, ui
from routemap.vocab import KIND_BY_SLUG, THEME_BY_SLUG

view = ui.current_view()
st.title("Itinerary")
st.caption(
    "Dates marked *stated* are given by the article; *inferred* ones are our reading of "
    "it, with the reason. Quotes are the article's own words."
)

if not ui.empty_notice(view):
    for day in itinerary.days(view):
        st.subheader(day.title)
        if day.is_empty:
            st.write("The article records nothing for this day.")
        for _, leg in day.legs.iterrows():
            st.markdown(
                f"**Travel: {ui.md(leg['from_name'])} → {ui.md(leg['to_name'])}** · "
                f"{ui.md(leg['mode'])} · {leg['distance_km']:,.0f} km  \n"
                f"Date *{ui.md(leg['date_certainty'])}*: {ui.md(leg['date_basis'])} "
                f"Mode: {ui.md(leg['mode_basis'])}"
            )
            if leg["source_quote"]:
                st.markdown(f"> {ui.md(leg['source_quote'])}")
        for _, stop in day.stops.iterrows():
            themes = ", ".join(THEME_BY_SLUG[t].label for t in stop["themes"])
            st.markdown(
                f"**{int(stop['stop'])}. {ui.md(stop['name'])}** · {ui.md(stop['name_zh'])}  \n"
                f"{ui.md(KIND_BY_SLUG[str(stop['kind'])].label)} · {ui.md(themes)}  \n"
                f"{ui.md(stop['description'])}  \n"
                f"Date *{ui.md(stop['date_certainty'])}*: {ui.md(stop['date_basis'])}"
            )
            st.markdown(f"> {ui.md(stop['source_quote'])}")
