"""Defence in depth: every text export parses back with its own format's parser, whatever text the loader accepts.

The loader refuses the characters no format can carry (test_control_characters);
what it accepts, markup, script, quotes and all, must come out of each export as
data: a well-formed document whose structure is the same as the shipped data's,
holding the text as it was.
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from routemap.export import formats as export
from routemap.export import kml
from routemap.load.folder import load_dataset
from routemap.map import elements as mapelements
from routemap.model.dataset import Dataset
from routemap.view import filters
from tests.hostile.cases import ACCEPTED_TEXT, set_cell
from tests.mapdata import all_place_text, place_payloads, route_entries

#: The text formats, png aside (a picture: nothing in it parses).
TEXT_FORMATS = tuple(export.FORMATS)


def parse_csv(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert rows[0] == list(export.CSV_COLUMNS)
    assert {len(row) for row in rows} == {len(export.CSV_COLUMNS)}
    return rows


def parse_kml(text: str) -> list[str]:
    root = ET.fromstring(text.encode("utf-8"))
    return [element.tag for element in root.iter()]


class StrictHTML(HTMLParser):
    """html.parser, recording every tag and holding the page to balanced script and style elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("script", "style", "title"):
            assert not self.open, f"<{tag}> inside <{self.open[-1]}>"
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(f"/{tag}")
        if tag in ("script", "style", "title"):
            assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"


def parse_html(text: str) -> list[str]:
    parser = StrictHTML()
    parser.feed(text)
    parser.close()
    assert parser.open == [], f"unclosed {parser.open}"
    assert parser.tags[0] == "html" and parser.tags[-1] == "/html"
    return parser.tags


def parse_geojson(text: str) -> dict:
    return json.loads(text)


PARSERS: dict[str, Callable[[str], object]] = {
    "csv": parse_csv,
    "geojson": parse_geojson,
    "kml": parse_kml,
    "html": parse_html,
}


def test_every_text_format_has_a_parser_here():
    assert set(PARSERS) == set(TEXT_FORMATS) == {"csv", "geojson", "kml", "html"}


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_export_of_the_shipped_dataset_parses_back(dataset, fmt):
    text = export.export_text(filters.apply(dataset), fmt, basemap="none" if fmt == "html" else None)
    assert PARSERS[fmt](text)
    assert export.export_bytes(filters.apply(dataset), fmt).decode("utf-8")  # and is UTF-8, as written to a file


# --------------------------------------------------------------------------- text the loader accepts

#: Where the hostile texts go: one-line columns get them as they are, running text with line breaks too.
PLACES = ("yanan-revolutionary-memorial-hall", "dunhuang-dialogue-opening", "jiaxing-red-boat")
RUNNING = "{text}\nand on a second line,\r\nand a third,\ttabbed."


def hostile_copy(folder: Path, text: str) -> Dataset:
    """The data folder with ``text`` in names, Chinese names, descriptions, bases and the trip's title."""
    for place in PLACES:
        set_cell(folder, "places.csv", place, "name", text)
        set_cell(folder, "places.csv", place, "name_zh", f"中文{text}")
        for column in ("description", "date_basis", "place_basis", "coord_source"):
            set_cell(folder, "places.csv", place, column, RUNNING.format(text=text)[:400])
    set_cell(folder, "cities.csv", "yanan", "name", text)
    set_cell(folder, "legs.csv", "xian-yanan", "mode_basis", RUNNING.format(text=text))
    trip = folder / "trip.toml"
    lines = trip.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    lines[title] = f"title = {json.dumps(text, ensure_ascii=False)}"  # a TOML basic string, here
    trip.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_dataset(folder)  # the loader accepts every one of them


@pytest.fixture(scope="module")
def shipped_structure(dataset) -> dict[str, object]:
    view = filters.apply(dataset)
    return {"kml": parse_kml(kml.dumps(view)), "html": parse_html(export.export_text(view, "html", basemap="none"))}


@pytest.mark.parametrize("text", ACCEPTED_TEXT.values(), ids=ACCEPTED_TEXT.keys())
def test_every_export_keeps_accepted_text_as_data(data_copy, shipped_structure, text):
    dataset = hostile_copy(data_copy, text)
    view = filters.apply(dataset)
    names = set(view.stops["name"]) | set(view.mentioned["name"])
    assert text in names and dataset.trip.title == text

    rows = parse_csv(export.export_text(view, "csv"))
    name = export.CSV_COLUMNS.index("name")
    assert export.neutralise_formula(text) in [row[name] for row in rows]

    collection = parse_geojson(export.export_text(view, "geojson"))
    assert text in [f["properties"].get("name") for f in collection["features"]]
    assert collection["routemap"]["trip"]["title"] == text

    page = export.export_text(view, "kml")
    assert parse_kml(page) == shipped_structure["kml"]  # no element more or less: text stayed text
    root = ET.fromstring(page.encode("utf-8"))
    placemark_names = [e.text for e in root.iter(f"{{{kml.NS}}}name")]
    assert text in placemark_names  # the mentioned Red Boat, unnumbered
    assert placemark_names[0] == text  # the document's name: the trip's title

    page = export.export_text(view, "html", basemap="none")
    assert parse_html(page) == shipped_structure["html"]  # no tag more or less: text stayed text
    assert text in tooltips(page)  # ... and it is the text the data holds, not a template's output


def tooltips(page: str) -> str:
    """The text of every tooltip of a map page: the legs' (escaped HTML in their layer's data, decoded
    and unescaped) and the places' (the text their layers' data carries, which the browser puts in
    tooltips and cards as textContent)."""
    legs = route_entries(page, "legs")
    assert legs and place_payloads(page)
    return "\n".join([*(html.unescape(leg["tooltip"]) for leg in legs), all_place_text(page)])


BRACES = {"lone": "{", "trailing": "a{", "triple": "{{{", "trimmed": "{%- x -%}", "comment": "{#", "closers": "}}"}


@pytest.mark.parametrize("value", [*ACCEPTED_TEXT.values(), *BRACES.values()], ids=[*ACCEPTED_TEXT, *BRACES])
def test_map_text_is_plain_data_to_jinja(value):
    """What :func:`routemap.mapelements.text` gives renders as itself, even twice and next to itself."""
    escaped = mapelements.text(value)
    assert html.unescape(escaped) == value
    for page in (escaped, escaped + escaped, f"<b>{escaped}</b>{escaped}"):
        assert jinja2.Template(page).render() == page


def test_text_in_the_map_is_never_run_as_a_template(data_copy):
    """branca compiles each rendered element again as Jinja: data once ran as template code there."""
    set_cell(data_copy, "places.csv", "dunhuang-dialogue-opening", "name", "Opening {{ 7*7 }}")
    page = export.export_text(filters.apply(load_dataset(data_copy)), "html", basemap="none")
    assert "Opening {{ 7*7 }}" in tooltips(page)
    assert "Opening 49" not in tooltips(page)
