"""Not a page: sends a first request for /talk through app.py (see pages/README.md)."""

import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"))
