"""KML export, read back by an XML parser: one Placemark per place and per leg, lon,lat order."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd
import pytest

from routemap import cli
from routemap.export import kml
from routemap.view import filters
from routemap.view.filters import Selection

K = {"k": kml.NS}


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{kml.NS}}}kml"
    return root


def placemarks(root: ET.Element, folder: str | None = None) -> list[ET.Element]:
    if folder is None:
        return root.findall(".//k:Placemark", K)
    (match,) = [f for f in root.iterfind(".//k:Folder", K) if f.findtext("k:name", namespaces=K) == folder]
    return match.findall("k:Placemark", K)


def lon_lat(element: ET.Element) -> list[tuple[float, float]]:
    text = element.findtext(".//k:coordinates", namespaces=K)
    points = []
    for item in text.split():
        parts = [float(x) for x in item.split(",")]
        assert len(parts) in (2, 3)
        points.append((parts[0], parts[1]))
    return points


@pytest.mark.parametrize(
    "selection",
    [
        Selection(),
        Selection(first_day=date(2025, 5, 28), last_day=date(2025, 5, 28)),
        Selection(themes=frozenset({"protecting-the-planet"})),
        Selection(themes=frozenset()),
    ],
    ids=["whole-route", "one-day", "one-theme", "nothing"],
)
def test_one_placemark_per_place_and_per_leg(dataset, selection):
    view = filters.apply(dataset, selection)
    root = parse(kml.dumps(view))
    expected = len(view.stops) + len(view.mentioned) + len(view.legs)
    assert len(placemarks(root)) == expected
    assert len(root.findall(".//k:Placemark/k:Point", K)) == len(view.stops) + len(view.mentioned)
    assert len(root.findall(".//k:Placemark/k:LineString", K)) == len(view.legs)


def test_whole_route_counts_and_folders(dataset):
    root = parse(kml.dumps(filters.apply(dataset)))
    assert len(placemarks(root)) == 14 + 2 + 4
    assert [len(placemarks(root, name)) for name in kml.FOLDERS] == [14, 4, 2]


def test_coordinates_are_longitude_then_latitude(dataset):
    view = filters.apply(dataset)
    root = parse(kml.dumps(view))
    by_id = {p.get("id"): p for p in placemarks(root)}
    for _, stop in view.stops.iterrows():
        ((lon, lat),) = lon_lat(by_id[f"place-{stop['id']}"])
        assert (lon, lat) == pytest.approx((stop["lon"], stop["lat"]), abs=1e-6)
        assert 73 < lon < 136 and 18 < lat < 54  # China: a swap would put it in the sea
    for _, leg in view.legs.iterrows():
        start, end = lon_lat(by_id[f"leg-{leg['id']}"])
        assert start == pytest.approx((leg["from_lon"], leg["from_lat"]), abs=1e-6)
        assert end == pytest.approx((leg["to_lon"], leg["to_lat"]), abs=1e-6)


def test_styles_per_theme_and_per_mode_are_defined_and_used(dataset):
    view = filters.apply(dataset)
    root = parse(kml.dumps(view))
    defined = {s.get("id") for s in root.iterfind(".//k:Style", K)}
    used = {p.findtext("k:styleUrl", namespaces=K) for p in placemarks(root)}
    assert all(u.startswith("#") and u[1:] in defined for u in used)
    assert {f"#theme-{t}" for t in view.stops["theme"].astype(str)} <= used
    assert {f"#leg-{m}" for m in view.legs["mode"]} <= used
    stop1 = placemarks(root, "Stops")[0]
    assert stop1.findtext("k:styleUrl", namespaces=K) == f"#theme-{view.stops['theme'].iloc[0]}"
    colour = root.find(f".//k:Style[@id='theme-{view.stops['theme'].iloc[0]}']//k:color", K).text
    assert len(colour) == 8 and colour.startswith("ff")


def test_kml_colour_is_aabbggrr():
    assert kml.kml_colour("#D55E00") == "ff005ed5"
    assert kml.kml_colour("#112233", 0x80) == "80332211"


def hostile(dataset):
    """The whole route with stop 1 renamed and described with markup and XML specials."""
    view = filters.apply(dataset)
    stops = view.stops.copy()
    stops.loc[0, "name"] = "Caves <b>&amp; \"halls\"</b> ]]> 'x'"
    stops.loc[0, "description"] = "<script>alert(1)</script> & <img src=x onerror=alert(2)>"
    return filters.View(view.dataset, view.selection, stops, view.mentioned, view.legs)


def test_names_and_descriptions_are_escaped_and_read_back_as_text(dataset):
    view = hostile(dataset)
    root = parse(kml.dumps(view))
    first = placemarks(root, "Stops")[0]
    assert first.findtext("k:name", namespaces=K) == "1. Caves <b>&amp; \"halls\"</b> ]]> 'x'"
    description = first.findtext("k:description", namespaces=K)
    # The description is HTML to Google Earth and My Maps: the data is in it as escaped text.
    assert "<script>" not in description and "<img" not in description
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in description
    assert "<br>" in description  # the markup is ours
    assert view.stops.loc[0, "name_zh"] in description


def test_extended_data_and_timestamps_for_my_maps_and_earth(dataset):
    root = parse(kml.dumps(filters.apply(dataset)))
    first = placemarks(root, "Stops")[0]
    data = {d.get("name"): d.findtext("k:value", namespaces=K) for d in first.iterfind(".//k:Data", K)}
    assert data["stop"] == "1" and data["date"] == "2025-05-28"
    assert first.findtext("k:TimeStamp/k:when", namespaces=K) == "2025-05-28"
    assert placemarks(root, "Mentioned, not visited")[0].find("k:TimeStamp", K) is None


def test_no_date_is_written_as_such(dataset):
    view = filters.apply(dataset)
    legs = view.legs.copy()
    legs.loc[0, "date"] = pd.NaT
    root = parse(kml.dumps(filters.View(view.dataset, view.selection, view.stops, view.mentioned, legs)))
    leg = placemarks(root, "Legs")[0]
    assert leg.find("k:TimeStamp", K) is None
    assert "no date" in leg.findtext("k:description", namespaces=K)


def test_cli_writes_kml_with_the_panels_filters(tmp_path, capsys):
    out = tmp_path / "day3.kml"
    assert cli.main(["export", "--format", "kml", "--day", "2025-05-28", "-o", str(out)]) == cli.EXIT_OK
    root = parse(out.read_text(encoding="utf-8"))
    assert len(placemarks(root)) == 4 + 1  # four stops and the train from Xi'an; nothing mentioned
    assert cli.main(["export", "--format", "kml", "--theme", "no-such-theme"]) == cli.EXIT_PROBLEM
    assert "Unknown theme no-such-theme" in capsys.readouterr().err


def test_a_mentioned_place_says_the_source_mentions_it_not_an_article(dataset):
    """Any trip has a source (a book, a diary, an encyclopaedia), not necessarily an article."""
    root = parse(kml.dumps(filters.apply(dataset)))
    description = placemarks(root, "Mentioned, not visited")[0].findtext("k:description", namespaces=K)
    assert "Mentioned in the source, not visited on this trip" in description
