"""routemap: one journey on a map.

The core (loading, validation, routing, export, map building) never imports
Streamlit; the dashboard in ``app.py`` and ``pages/`` is a thin layer on top.
"""

from routemap.model.errors import DataError, Problem, RoutemapError

__all__ = ["DataError", "Problem", "RoutemapError"]
__version__ = "0.1.0"
