"""routemap: the dashboard's frame. Run with `streamlit run app.py`.

Sets up the page once, draws the shared filter panel, and hands over to the
page the URL names. Pages live in pages/ and stay thin: they read widgets and
call routemap.
"""

from pathlib import Path

import streamlit as st

from routemap import ui

HERE = Path(__file__).parent

ui.leave_legacy_multipage_mode()
st.set_page_config(page_title="routemap · 2025 delegation", page_icon="🗺️", layout="wide")

dataset = ui.load()
ui.sidebar(dataset)

page = st.navigation(
    [
        st.Page(HERE / "pages" / "dashboard" / "map.py", title="Map", icon="🗺️", default=True),
        st.Page(HERE / "pages" / "dashboard" / "itinerary.py", title="Itinerary", icon="📅", url_path="itinerary"),
        st.Page(HERE / "pages" / "dashboard" / "places.py", title="Places", icon="📋", url_path="places"),
        st.Page(HERE / "pages" / "dashboard" / "talk.py", title="Talk mode", icon="🎤", url_path="talk"),
        st.Page(HERE / "pages" / "dashboard" / "about.py", title="About", icon="ℹ️", url_path="about"),
    ]
)
page.run()
