"""pages/: one file per page of ``routemap.ui.PAGES``, each opening with ``frame.page_view``; no private API.

See pages/README.md: Streamlit may run a page file on its own (the first
request of a fresh process), so each page draws the frame through
``frame.page_view`` rather than relying on app.py having run.
"""

from __future__ import annotations

import re
from pathlib import Path

from routemap.web.frame import PAGES

REPO = Path(__file__).resolve().parents[1]


def test_each_page_of_the_table_is_a_file_that_opens_with_the_frame():
    files = {p.stem for p in (REPO / "pages").glob("*.py")}
    assert files == {p.name for p in PAGES}
    for page in PAGES:
        source = (REPO / "pages" / f"{page.name}.py").read_text(encoding="utf-8")
        assert "frame.page_view(__file__)" in source
        assert "runpy" not in source


def test_no_private_streamlit_api():
    private = re.compile(r"streamlit\.runtime|PagesManager|from streamlit\.[a-z_]+\.[a-z_]+ import|st\._")
    for path in [REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "src" / "routemap").rglob("*.py")]:
        assert not private.search(path.read_text(encoding="utf-8")), path
