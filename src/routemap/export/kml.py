"""A view as KML 2.2, for Google Earth and for import into Google My Maps.

One Placemark per place (a Point) and per leg (a LineString), in three Folders:
stops, legs, and places the source mentions but the journey did not visit.
Stops are styled by theme, legs by mode. The document is built as an element
tree, so names are escaped by the serialiser. A ``<description>`` is HTML to
both readers, so data put into one is HTML-escaped first and then XML-escaped:
it shows as the text it is, never as markup.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from typing import Final

import pandas as pd

from routemap.export.standalone import page_title
from routemap.map.popups import MODE_STYLES
from routemap.model.trip import Trip
from routemap.view.filters import View

NS: Final = "http://www.opengis.net/kml/2.2"
MIME: Final = "application/vnd.google-earth.kml+xml"
#: A round icon Google Earth and My Maps both know, tinted by the style's colour.
ICON_HREF: Final = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
LEG_COLOUR: Final = "#333333"
MENTIONED_COLOUR: Final = "#6b6b6b"
FOLDERS: Final = ("Stops", "Legs", "Mentioned, not visited")


def kml_colour(hex_rgb: str, alpha: int = 0xFF) -> str:
    """``#RRGGBB`` as KML's ``aabbggrr``."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha:02x}{b}{g}{r}".lower()


def coordinates(*points: tuple[float, float]) -> str:
    """(lat, lon) pairs as KML's ``lon,lat,0`` tuples, space separated."""
    return " ".join(f"{float(lon):.6f},{float(lat):.6f},0" for lat, lon in points)


def _sub(parent: ET.Element, tag: str, value: object | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if value is not None:
        element.text = str(value)
    return element


def _icon_style(document: ET.Element, style_id: str, colour: str, scale: float) -> None:
    style = _sub(document, "Style", id=style_id)
    icon_style = _sub(style, "IconStyle")
    _sub(icon_style, "color", kml_colour(colour))
    _sub(icon_style, "scale", scale)
    _sub(_sub(icon_style, "Icon"), "href", ICON_HREF)


def _styles(document: ET.Element, trip: Trip) -> None:
    for theme in trip.themes:
        _icon_style(document, f"theme-{theme.slug}", theme.colour, 1.2)
    _icon_style(document, "mentioned", MENTIONED_COLOUR, 0.9)
    for mode, spec in MODE_STYLES.items():
        line = _sub(_sub(document, "Style", id=f"leg-{mode}"), "LineStyle")
        # KML has no dash patterns: dashed modes are drawn paler and thinner.
        alpha = 0xFF if spec["dash_array"] is None else 0xB0
        _sub(line, "color", kml_colour(LEG_COLOUR, alpha))
        _sub(line, "width", spec["weight"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _date(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _html_lines(*lines: object) -> str:
    """Lines of data as an HTML description: each escaped, joined by ``<br>``."""
    return "<br>".join(html.escape(str(line), quote=False) for line in lines if line not in (None, ""))


def _extended(placemark: ET.Element, fields: dict[str, object]) -> None:
    data = _sub(placemark, "ExtendedData")
    for name, value in fields.items():
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            continue
        _sub(_sub(data, "Data", name=name), "value", value)


def _place(folder: ET.Element, place: pd.Series, style: str, trip: Trip) -> None:
    stop = place.get("stop")
    numbered = stop is not None and not pd.isna(stop)
    placemark = _sub(folder, "Placemark", id=f"place-{place['id']}")
    _sub(placemark, "name", f"{int(stop)}. {place['name']}" if numbered else place["name"])
    themes = trip.themes_text(place["themes"])
    day = _date(place["date"])
    when = (
        "Mentioned in the source, not visited on this trip"
        if place["status"] == "mentioned"
        else f"{day or 'no date'} ({place['date_certainty']}: {place['date_basis']})"
    )
    _sub(
        placemark,
        "description",
        _html_lines(
            place["name_zh"],
            when,
            f"{trip.kind(place['kind']).label} · {themes}",
            place["description"],
            f"“{place['source_quote']}”",
            f"Place: {place['place_certainty']}. {place['place_basis']}",
            f"Coordinates ({place['coord_precision']}): {place['coord_source']}",
        ),
    )
    if day and place["status"] != "mentioned":
        _sub(_sub(placemark, "TimeStamp"), "when", day)
    _sub(placemark, "styleUrl", f"#{style}")
    _extended(
        placemark,
        {
            "id": place["id"],
            "stop": int(stop) if numbered else None,
            "name_zh": place["name_zh"],
            "city": place["city"],
            "date": day,
            "kind": str(place["kind"]),
            "themes": ";".join(place["themes"]),
        },
    )
    _sub(_sub(placemark, "Point"), "coordinates", coordinates((place["lat"], place["lon"])))


def _leg(folder: ET.Element, leg: pd.Series) -> None:
    placemark = _sub(folder, "Placemark", id=f"leg-{leg['id']}")
    _sub(placemark, "name", f"{leg['from_name']} → {leg['to_name']}")
    day = _date(leg["date"])
    _sub(
        placemark,
        "description",
        _html_lines(
            f"{day or 'no date'} ({leg['date_certainty']}: {leg['date_basis']})",
            f"{leg['mode']} · {float(leg['distance_km']):,.0f} km (straight line)",
            f"Mode: {leg['mode_basis']}",
            f"“{leg['source_quote']}”",
        ),
    )
    if day:
        _sub(_sub(placemark, "TimeStamp"), "when", day)
    _sub(placemark, "styleUrl", f"#leg-{leg['mode']}")
    _extended(
        placemark,
        {
            "id": leg["id"],
            "from": leg["from"],
            "to": leg["to"],
            "date": day,
            "mode": leg["mode"],
            "distance_km": round(float(leg["distance_km"]), 1),
        },
    )
    line = _sub(placemark, "LineString")
    _sub(line, "tessellate", 1)
    _sub(line, "coordinates", coordinates((leg["from_lat"], leg["from_lon"]), (leg["to_lat"], leg["to_lon"])))


def to_element(view: View) -> ET.Element:
    """The view as a ``<kml>`` element tree."""
    root = ET.Element("kml", xmlns=NS)
    document = _sub(root, "Document")
    _sub(document, "name", page_title(view))
    counts = ", ".join(
        _count(len(frame), noun)
        for frame, noun in ((view.stops, "stop"), (view.legs, "leg"), (view.mentioned, "mentioned place"))
    )
    _sub(document, "description", _html_lines(f"{counts}. Exported by routemap."))
    trip = view.dataset.trip
    _styles(document, trip)
    groups = ((FOLDERS[0], view.stops), (FOLDERS[1], view.legs), (FOLDERS[2], view.mentioned))
    folders: dict[str, ET.Element] = {}
    for name, frame in groups:
        if not frame.empty:
            folders[name] = _sub(document, "Folder")
            _sub(folders[name], "name", name)
    for _, stop in view.stops.iterrows():
        _place(folders[FOLDERS[0]], stop, f"theme-{stop['theme']}", trip)
    for _, leg in view.legs.iterrows():
        _leg(folders[FOLDERS[1]], leg)
    for _, place in view.mentioned.iterrows():
        _place(folders[FOLDERS[2]], place, "mentioned", trip)
    return root


def dumps(view: View) -> str:
    """The view as KML text with an XML declaration (UTF-8)."""
    root = to_element(view)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "\n")
    )
