"""KML uploads, as Google My Maps exports them: Folders (layers) as themes, Placemarks as places.

A Placemark with a Point is a place; one with a LineString (a My Maps directions
layer) is a leg. Its ``<name>`` and ``<description>`` are read, and its
``<ExtendedData>`` (``<Data name="…"><value>`` as My Maps writes it,
``<SchemaData><SimpleData name="…">`` as QGIS and GDAL write it) as properties,
mapped as ``docs/import.md`` says; ``<TimeStamp><when>`` or ``<TimeSpan><begin>``
dates a placemark with no date property. The Document's ``<name>`` titles the trip.

The XML is parsed with :mod:`xml.etree.ElementTree`, incrementally, after refusing
any ``<!DOCTYPE`` or ``<!ENTITY``: KML needs neither, and refusing them leaves no
entity to expand (billion laughs) or fetch (XXE). Depth and element count are
bounded while parsing, and each placemark is dropped from memory once read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Final

from routemap.load.importers.build import build
from routemap.load.importers.features import Feature, Imported, Source, refused
from routemap.load.importers.sniff import unknown
from routemap.load.schema import parse_float
from routemap.model.errors import Problem
from routemap.model.limits import Limits

FORMAT: Final = "KML"
ROW_LABEL: Final = "placemark"
CHUNK: Final = 1 << 16
DECLARATION_RE: Final = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
COORDINATES_EXPECTED: Final = (
    "coordinates as longitude,latitude[,altitude]: decimal numbers, longitude -180 to 180 and latitude -90 to 90"
)


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _local(tag: object) -> str:
    """An element's name without its namespace (KML 2.2, Google's ``gx`` or an old Earth namespace)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(elem: ET.Element, name: str) -> str:
    for child in elem:
        if _local(child.tag) == name:
            return "".join(child.itertext())
    return ""


def _positions(text: str) -> list[tuple[float, float]] | None:
    """(latitude, longitude) of each ``lon,lat[,alt]`` tuple, or ``None`` if any is not a valid position."""
    out = []
    for chunk in text.split():
        parts = chunk.split(",")
        if len(parts) not in (2, 3):
            return None
        lon, lat = parse_float(parts[0]), parse_float(parts[1])
        if lon is None or lat is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        out.append((lat, lon))
    return out


def _placemark(file: str, number: int, elem: ET.Element, folder: str, problems: list[Problem]) -> Feature | None:
    def problem(column: str | None, value: str | None, expected: str) -> None:
        problems.append(Problem(file, number, column, value, expected, row_label=ROW_LABEL))

    props: dict[str, str] = {}
    geometry: ET.Element | None = None
    for node in elem.iter():
        local = _local(node.tag)
        if local == "Data" and node.get("name"):
            props[node.get("name", "")] = _child_text(node, "value")
        elif local == "SimpleData" and node.get("name"):
            props[node.get("name", "")] = "".join(node.itertext())
        elif local == "TimeStamp":
            props["timestamp"] = _child_text(node, "when")
        elif local == "TimeSpan":
            props["begin"] = _child_text(node, "begin")
        elif geometry is None and local in {"Point", "LineString", "Polygon", "MultiGeometry", "Track", "Model"}:
            geometry = node
    for key in ("name", "description"):
        text = _child_text(elem, key)
        if text.strip():
            props[key] = text.strip() if key == "name" else text
    if folder and not any(k.strip().casefold() == "folder" for k in props):
        props["folder"] = folder
    kind = _local(geometry.tag) if geometry is not None else ""
    if kind not in ("Point", "LineString"):
        problem(None, f"a {kind}" if kind else "no geometry", "a Point (a place) or a LineString (a leg)")
        return None
    text = _child_text(geometry, "coordinates")  # type: ignore[arg-type]
    positions = _positions(text)
    if kind == "Point":
        if not positions:
            problem("coordinates", text.strip()[:60], COORDINATES_EXPECTED)
            return None
        lat, lon = positions[0]
        return Feature(number, props, repr(lat), repr(lon))
    if positions is None or len(positions) < 2:
        problem("coordinates", text.strip()[:60], f"two or more {COORDINATES_EXPECTED}")
        return None
    return Feature(number, props, line=tuple(positions))


class _Reader:
    """Follows the parse: open elements, open folders and their names, the placemarks read so far."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.stack: list[str] = []
        self.folders: list[str] = []
        self.title = ""
        self.elements = 0
        self.placemarks = 0
        self.features: list[Feature] = []
        self.problems: list[Problem] = []

    def _start(self, local: str) -> None:
        self.elements += 1
        self.stack.append(local)
        limits = self.limits
        if len(self.stack) == 1 and local != "kml":
            raise _Refused(unknown(self.file, f"an XML document whose root is <{local[:40]}>, not <kml>"))
        if len(self.stack) > limits.max_json_depth:
            raise _Refused(Problem(self.file, None, None, "deeper elements", limits.depth_expected))
        if self.elements > limits.max_xml_elements:
            raise _Refused(Problem(self.file, None, None, "more elements", limits.xml_elements_expected))
        if local == "Folder":
            self.folders.append("")

    def _end(self, local: str, elem: ET.Element) -> None:
        self.stack.pop()
        parent = self.stack[-1] if self.stack else ""
        if local == "name" and parent == "Folder" and self.folders and not self.folders[-1]:
            self.folders[-1] = "".join(elem.itertext()).strip()
        elif local == "name" and parent == "Document" and not self.title:
            self.title = "".join(elem.itertext()).strip()
        elif local == "Folder":
            self.folders.pop()
        elif local == "Placemark":
            self.placemarks += 1
            if self.placemarks > self.limits.max_rows:
                raise _Refused(Problem(self.file, None, None, "more placemarks", self.limits.features_expected))
            folder = next((f for f in reversed(self.folders) if f), "")
            feature = _placemark(self.file, self.placemarks, elem, folder, self.problems)
            if feature is not None:
                self.features.append(feature)
            elem.clear()  # read: its subtree is not kept

    def handle(self, events: Iterable[tuple[str, ET.Element]]) -> None:
        for event, elem in events:
            if event == "start":
                self._start(_local(elem.tag))
            else:
                self._end(_local(elem.tag), elem)


def read_kml(name: str, text: str, limits: Limits) -> Imported:
    """Read a KML text into routemap's trip and tables, or refuse it with the problem."""
    declaration = DECLARATION_RE.search(text)
    if declaration:
        line = text.count("\n", 0, declaration.start()) + 1
        return refused(
            name,
            FORMAT,
            [
                Problem(
                    name,
                    line,
                    None,
                    text[declaration.start() :].split("\n", 1)[0][:40],
                    "XML with no <!DOCTYPE> or <!ENTITY> declaration: KML needs none, and routemap expands no entities",
                    row_label="line",
                )
            ],
        )
    head = text.lstrip()[:20].lower()
    if head.startswith("<html"):
        return refused(name, FORMAT, [unknown(name, "an HTML page")])
    reader = _Reader(name, limits)
    parser = ET.XMLPullParser(events=("start", "end"))
    try:
        for start in range(0, len(text), CHUNK):  # in chunks, so a refusal stops the parse early
            parser.feed(text[start : start + CHUNK])
            reader.handle(parser.read_events())
        parser.close()
        reader.handle(parser.read_events())
    except _Refused as refusal:
        return refused(name, FORMAT, [refusal.problem])
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc).split(":", 1)[0]
        return refused(name, FORMAT, [Problem(name, line, None, None, f"well-formed XML ({message})", "line")])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    source = Source(name, FORMAT, ROW_LABEL, reader.title, stem, place="a Placemark with a Point")
    return build(source, reader.features, reader.problems, limits)
