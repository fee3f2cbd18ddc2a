"""What a person reads on a page, and whether any English of the interface is left in it.

Shared by the AppTest (tests/test_app_zh.py) and browser tests in 中文: text from
the data (names, descriptions, quotes, the sources' own words) is allowed in any
language; the interface's own words must all be Chinese. Words that are names in
every language (OpenStreetMap, GeoNames, GCJ-02, PageDown, …) are allowed too.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from google.protobuf.json_format import MessageToDict

from routemap.model.dataset import Dataset
from routemap.model.i18n import LANG_NAMES
from routemap.view.localize import localize_dataset

#: Keys of an element's message whose strings people read.
SHOWN_KEYS = {"label", "body", "help", "placeholder", "options", "content", "caption", "srcdoc", "text", "value"}
#: Messages that carry no text for people (the map is checked in the browser).
SKIPPED = {"ComponentInstance", "Arrow"}
#: Names and codes that read the same in Chinese text: products, standards, keys, file formats.
PROPER = {
    "OpenStreetMap",
    "ODbL",
    "Esri",
    "AutoNavi",
    "GCJ",
    "WGS",
    "Natural",
    "Earth",
    "GeoNames",
    "routemap",
    "validate",
    "README",
    "static",
    "basemap",
    "PageDown",
    "PageUp",
    "Excel",
    "BOM",
    "UTF",
    "CSV",
    "GeoJSON",
    "KML",
    "HTML",
    "PNG",
    "JSON",
    "leaflet",
    "fullscreen",
    "vendor",
    "LICENSE",
    "BSD",
    "Clause",
    "MIT",
    "https",
    "www",
    "naturalearthdata",
    "com",
    "md",
    "Leaflet",
    *(word for name in LANG_NAMES.values() for word in re.findall(r"[A-Za-z]+", name)),  # the language control
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


class _Text(HTMLParser):
    """The text nodes and labelling attributes of HTML, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "alt", "placeholder") and value:
                self.out.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.out.append(data)


def html_text(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    return parser.out


def _strings(value: object, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)
    elif isinstance(value, str) and key in SHOWN_KEYS:
        yield value


def _walk(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def page_texts(at) -> list[str]:
    """Every string an AppTest run shows: labels, options, help, Markdown, HTML text, table headers and cells."""
    out: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or type(proto).__name__ in SKIPPED:
            continue
        if getattr(node, "type", "") == "dataframe":
            frame = node.value
            out += [v for col in frame.columns for v in frame[col] if isinstance(v, str)]
            columns = json.loads(getattr(proto, "columns", "") or "{}")
            out += [c["label"] for c in columns.values() if isinstance(c, dict) and c.get("label")]
            continue
        for text in _strings(MessageToDict(proto)):
            if "<" in text and ">" in text:
                out += html_text(text)
            else:
                out.append(_ESCAPE.sub(r"\1", text).replace("\u2060", ""))
    return [html.unescape(t) for t in out]


def data_texts(dataset: Dataset) -> list[str]:
    """Text the data gives (in English or Chinese), longest first: names, sentences, the trip's own words."""
    trip = dataset.trip
    texts = {trip.title, trip.subtitle, trip.about, trip.dates_quote}
    texts |= {getattr(trip.source, k) for k in ("title", "publisher", "url", "licence", "file")}
    for frame in (dataset.places, dataset.cities, dataset.legs):
        for column in frame.columns:
            if frame[column].dtype == object:
                texts |= {v for v in frame[column] if isinstance(v, str)}
    return sorted((t for t in texts if t and len(t) > 1), key=len, reverse=True)


def english_left(texts: Iterable[str], dataset: Dataset, lang: str = "zh") -> list[str]:
    """The English words of the interface in ``texts``, once the data's own text is taken out.

    ``dataset`` is the English one; its Chinese localization gives nothing more to allow
    (the Chinese labels are not English).
    """
    allowed = data_texts(dataset) + data_texts(localize_dataset(dataset, lang))
    left = []
    for text in texts:
        for data in allowed:
            if data in text:
                text = text.replace(data, " ")
        left += [w for w in _WORD.findall(text) if w.strip("'’-") not in PROPER]
    return left
