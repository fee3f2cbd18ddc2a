"""Hostile text, once, for every test that shows data: Markdown, HTML, JavaScript and addresses.

Each later feature that shows text from data (uploads above all) runs these
strings through its own display and asserts they stay inert: shown as typed,
never a link, an image, markup, maths or script.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Final

#: Markdown link and image, raw HTML, a closing script tag, a template literal,
#: a backslash, Streamlit's maths and colour directive, and bare addresses that
#: GitHub-flavoured Markdown would link by itself.
HOSTILE: Final = (
    "Xian [js](javascript:alert(1)) ![px](http://evil.example/pixel.png) "
    "<img src=x onerror=alert(1)> </script><script>alert(2)</script> `${alert(3)}` C:\\new "
    "$x^2$ :red[red] **bold** www.evil.example mail@evil.example"
)
#: What must never come out of rendering HOSTILE anywhere.
FORBIDDEN_HTML: Final = re.compile(r'<a href="(?:javascript|[^"]*evil)|<img\b|<script\b|<strong>bold</strong>', re.I)
BARE_ADDRESS: Final = re.compile(r"(?i)(https?://|www\.|\w@\w)")


def set_cells(folder: Path, file: str, column: str, value: str, rows: int | None = None) -> None:
    """Put ``value`` in ``column`` of the first ``rows`` data rows (all when ``None``) of a CSV file."""
    path = folder / file
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.DictReader(f))
    for record in records[:rows]:
        record[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_dataset(folder: Path) -> Path:
    """Make the data folder's every shown text hostile (names, descriptions, labels, title) yet valid."""
    for file, columns in {
        "cities.csv": ("name",),
        "places.csv": ("name", "description", "date_basis", "place_basis", "coord_source"),
        "legs.csv": ("date_basis", "mode_basis"),
    }.items():
        for column in columns:
            set_cells(folder, file, column, HOSTILE)
    toml = (folder / "trip.toml").read_text(encoding="utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    for key in ("title", "subtitle", "label", "short"):
        toml = re.sub(rf'(?m)^{key} = ".*"$', lambda _, key=key: f'{key} = "{quoted}"', toml)
    toml = re.sub(r'(?s)about = """.*?"""', lambda _: f'about = "{quoted}"', toml)
    (folder / "trip.toml").write_text(toml, encoding="utf-8")
    return folder
