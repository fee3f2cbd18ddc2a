"""Read back what a rendered map sends the browser: each layer's places, as ``place_payload`` wrote them."""

from __future__ import annotations

import json
import re

_LITERAL = r'("(?:[^"\\]|\\.)*")'
#: ``routemapPlaces.draw(<group>, "<digest>", function () { return JSON.parse("<places>"); } or null,
#: JSON.parse("<state>"), JSON.parse("<offsets>") or null)``, each JSON as a string literal (no places:
#: the page left them out, as the map holds them already)
_DRAW = re.compile(
    r'routemapPlaces\.draw\(\s*[\w$]+,\s*"([0-9a-f]+)",\s*(?:function \(\) \{ return JSON\.parse\('
    + _LITERAL
    + r"\); \}|null),\s*JSON\.parse\("
    + _LITERAL
    + r"\),\s*(?:JSON\.parse\("
    + _LITERAL
    + r"\)|null)\)"
)


def place_payloads(page: str) -> list[dict]:
    """Every layer's places in a rendered map page, decoded (each string literal, then its JSON), with
    the layer's state (``selected``, ``reached``), its spread (``dx``, ``dy``) and its ``digest``.
    Layers sent without their places (:func:`left_out`) are not among them."""
    out = []
    for digest, places, state, offsets in _DRAW.findall(page):
        if not places:
            continue
        payload = json.loads(json.loads(places))
        spread = json.loads(json.loads(offsets)) if offsets else {key: [0] * len(payload["id"]) for key in ("dx", "dy")}
        out.append(payload | json.loads(json.loads(state)) | spread | {"digest": digest})
    return out


def left_out(page: str) -> list[str]:
    """The digests of the layers a map page sends without their places (the map holds them already)."""
    return [digest for digest, places, _, _ in _DRAW.findall(page) if not places]


def places_of(page: str, role: str) -> list[dict]:
    """One dict per place of the given role (``stop`` or ``mentioned``), with its text fields expanded."""
    out = []
    for payload in place_payloads(page):
        if payload["role"] != role:
            continue
        for i, ident in enumerate(payload["id"]):
            row = {key: payload[key][i] for key in ("id", "lat", "lon", "stop", "dx", "dy", "theme", "kind")}
            row["precision"] = payload["precisions"][payload["precision"][i]]["id"]
            row |= {field: values[index[i]] for field, (values, index) in payload["text"].items()}
            row["id"] = ident
            out.append(row)
    return out


def all_place_text(page: str) -> str:
    """Every text value the places of a page carry, one per line."""
    return "\n".join(v for p in place_payloads(page) for values, _ in p["text"].values() for v in values)


#: ``routemapRoute.legs(<group>, JSON.parse("..."))`` and ``routemapRoute.labels(...)``
_ROUTE = re.compile(r'routemapRoute\.(legs|labels)\(\s*[\w$]+,\s*JSON\.parse\(("(?:[^"\\]|\\.)*")\)\)')


def route_entries(page: str, kind: str) -> list[dict]:
    """Every leg (``kind="legs"``) or city label (``kind="labels"``) a rendered map page draws, decoded."""
    return [entry for k, literal in _ROUTE.findall(page) if k == kind for entry in json.loads(json.loads(literal))[k]]


def group_entries(group, kind: str) -> list[dict]:
    """The legs or labels a folium layer group holds (its ``RouteLayer``), before rendering."""
    from routemap.map.route_layers import RouteLayer

    return [entry for c in group._children.values() if isinstance(c, RouteLayer) for entry in c.payload[kind]]


#: ``routemapOutlines(<group>, JSON.parse("..."))``
_OUTLINES = re.compile(r'routemapOutlines\(\s*[\w$]+,\s*JSON\.parse\(("(?:[^"\\]|\\.)*")\)\)')


def outline_payloads(page: str) -> list[dict]:
    """What the offline outlines of a rendered map page draw (``outlines.outline_payload``), decoded."""
    return [json.loads(json.loads(literal)) for literal in _OUTLINES.findall(page)]
