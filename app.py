"""routemap: the dashboard's frame. Run with `streamlit run app.py`.

Sets up the page once, draws the shared filter panel, and hands over to the
page the URL names. Pages live in pages/ and stay thin: they read widgets and
call routemap (see pages/README.md).
"""

from pathlib import Path

from routemap.web import frame

page = frame.navigation(Path(__file__).parent)
with frame.app_frame():
    page.run()
