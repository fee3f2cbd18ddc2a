"""pages/: every page URL has its forwarding file, and nothing else sits directly in pages/.

See pages/README.md: Streamlit serves pages/<name>.py on its own for the first
request of a process, so each must only run app.py.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_each_url_path_has_a_forwarding_file_and_no_page_sits_in_pages():
    app = (REPO / "app.py").read_text(encoding="utf-8")
    url_paths = set(re.findall(r'url_path="([^"]+)"', app))
    top_level = {p.stem for p in (REPO / "pages").glob("*.py")}
    assert url_paths and top_level == url_paths
    for name in top_level:
        source = (REPO / "pages" / f"{name}.py").read_text(encoding="utf-8")
        assert 'runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"))' in source
        assert (REPO / "pages" / "dashboard" / f"{name}.py").exists()
