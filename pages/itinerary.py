"""Itinerary: the journey day by day, each fact with its provenance."""

import streamlit as st

from routemap.markup import md
from routemap.model.i18n import fmt_km
from routemap.view import itinerary
from routemap.web import frame, mapview, panel
from routemap.web.panel import tr

view = frame.page_view(__file__)
trip = view.dataset.trip
lang = panel.current_lang()
st.title(tr("page.itinerary"))
st.caption(tr("itinerary.intro"))
if lang == "zh":
    st.caption(tr("data.english_only_page"))

if not mapview.empty_notice(view):
    for day in itinerary.days(view):
        st.subheader(md(day.heading(lang)))
        if day.is_empty:
            st.write(tr("talk.nothing_recorded"))
        for _, leg in day.legs.iterrows():
            travel = tr("itinerary.travel", origin=md(leg["from_name"]), destination=md(leg["to_name"]))
            mode, km = tr(f"mode.{leg['mode']}"), tr("unit.km", km=fmt_km(float(leg["distance_km"])))
            dated = tr("itinerary.date", certainty=tr(f"certainty.{leg['date_certainty']}"))
            st.markdown(
                f"**{travel}** · {mode} · {km}  \n"
                f"{dated}: {md(leg['date_basis'])} {tr('itinerary.mode')}: {md(leg['mode_basis'])}"
            )
            if leg["source_quote"]:
                st.markdown(f"> {md(leg['source_quote'])}")
        for _, stop in day.stops.iterrows():
            st.markdown(
                f"**{int(stop['stop'])}. {md(stop['name'])}** · {md(stop['name_zh'])}  \n"
                f"{md(trip.kind(stop['kind']).label)} · {md(trip.themes_text(stop['themes']))}  \n"
                f"{md(stop['description'])}  \n"
                f"{tr('itinerary.date', certainty=tr('certainty.' + stop['date_certainty']))}: "
                f"{md(stop['date_basis'])}"
            )
            st.markdown(f"> {md(stop['source_quote'])}")
