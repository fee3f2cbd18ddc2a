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
from routemap.model.i18n import Lang, fmt_km, t
from routemap.model.trip import Trip
from routemap.view.filters import View
from routemap.view.localize import localize, source_view

NS: Final = "http://www.opengis.net/kml/2.2"
MIME: Final = "application/vnd.google-earth.kml+xml"
#: A round icon Google Earth and My Maps both know, tinted by the style's colour.
ICON_HREF: Final = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
LEG_COLOUR: Final = "#333333"
MENTIONED_COLOUR: Final = "#6b6b6b"
#: The folders, as keys of the translation table (:func:`folder_names` in a language).
FOLDERS: Final = ("layer.stops", "kml.legs", "layer.mentioned")


def folder_names(lang: Lang = "en") -> tuple[str, ...]:
    """The folders' names in ``lang``: ``Stops``, ``Legs``, ``Mentioned, not visited``."""
    return tuple(t(key, lang) for key in FOLDERS)


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


def _count(n: int, noun: str, lang: Lang) -> str:
    return t(f"kml.count_{noun}{'' if n == 1 else 's'}", lang, n=n)


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


def _place(folder: ET.Element, place: pd.Series, style: str, trip: Trip, lang: Lang, name_zh: str) -> None:
    stop = place.get("stop")
    numbered = stop is not None and not pd.isna(stop)
    placemark = _sub(folder, "Placemark", id=f"place-{place['id']}")
    _sub(placemark, "name", f"{int(stop)}. {place['name']}" if numbered else place["name"])
    themes = trip.themes_text(place["themes"])
    day = _date(place["date"])
    if place["status"] == "mentioned":
        when = t("kml.mentioned", lang)
    else:
        certainty = t(f"certainty.{place['date_certainty']}", lang)
        when = f"{day or t('card.no_date', lang)} ({certainty}: {place['date_basis']})"
    _sub(
        placemark,
        "description",
        _html_lines(
            place["name_zh"],
            when,
            f"{trip.kind(place['kind']).label} · {themes}",
            place["description"],
            f"“{place['source_quote']}”",
            f"{t('card.place', lang)}: {t('certainty.' + place['place_certainty'], lang)}. {place['place_basis']}",
            f"{t('card.coordinates', lang, precision=t('precision.' + place['coord_precision'], lang))}: "
            f"{place['coord_source']}",
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
            "name_zh": name_zh,  # the data's, whichever name the placemark shows first
            "city": place["city"],
            "date": day,
            "kind": str(place["kind"]),
            "themes": ";".join(place["themes"]),
        },
    )
    _sub(_sub(placemark, "Point"), "coordinates", coordinates((place["lat"], place["lon"])))


def _leg(folder: ET.Element, leg: pd.Series, lang: Lang) -> None:
    placemark = _sub(folder, "Placemark", id=f"leg-{leg['id']}")
    _sub(placemark, "name", f"{leg['from_name']} → {leg['to_name']}")
    day = _date(leg["date"])
    _sub(
        placemark,
        "description",
        _html_lines(
            f"{day or t('card.no_date', lang)} ({t('certainty.' + leg['date_certainty'], lang)}: {leg['date_basis']})",
            f"{t('mode.' + leg['mode'], lang)} · {t('kml.straight_km', lang, km=fmt_km(float(leg['distance_km'])))}",
            f"{t('kml.mode', lang)}: {leg['mode_basis']}",
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


def to_element(view: View, lang: Lang = "en") -> ET.Element:
    """The view as a ``<kml>`` element tree, its names and labels in ``lang`` (its data's sentences as given)."""
    data = source_view(view)
    names_zh = dict(
        zip(
            pd.concat([data.stops["id"], data.mentioned["id"]]),
            pd.concat([data.stops["name_zh"], data.mentioned["name_zh"]]),
            strict=True,
        )
    )
    view = localize(data, lang)
    root = ET.Element("kml", xmlns=NS)
    document = _sub(root, "Document")
    _sub(document, "name", page_title(view))
    counts = ", ".join(
        _count(len(frame), noun, lang)
        for frame, noun in ((view.stops, "stop"), (view.legs, "leg"), (view.mentioned, "mentioned"))
    )
    _sub(document, "description", _html_lines(t("kml.exported", lang, counts=counts)))
    trip = view.dataset.trip
    _styles(document, trip)
    names = folder_names(lang)
    groups = ((names[0], view.stops), (names[1], view.legs), (names[2], view.mentioned))
    folders: dict[str, ET.Element] = {}
    for name, frame in groups:
        if not frame.empty:
            folders[name] = _sub(document, "Folder")
            _sub(folders[name], "name", name)
    for _, stop in view.stops.iterrows():
        _place(folders[names[0]], stop, f"theme-{stop['theme']}", trip, lang, names_zh[stop["id"]])
    for _, leg in view.legs.iterrows():
        _leg(folders[names[1]], leg, lang)
    for _, place in view.mentioned.iterrows():
        _place(folders[names[2]], place, "mentioned", trip, lang, names_zh[place["id"]])
    return root


def dumps(view: View, lang: Lang = "en") -> str:
    """The view as KML text with an XML declaration (UTF-8)."""
    root = to_element(view, lang)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ('<?xml version="1.0" encoding="UTF-8"?>\n', "\n")
    )
