"""The places of a layer as data sent once, drawn in the browser by one shared script.

One folium ``Marker`` with its own icon, popup and tooltip per place cost about
3.5 ms and 2.5 KB each, so a trip of ten thousand places took most of a minute
to build and 25 MB to send. Instead :func:`place_payload` writes a layer's
places as columns (each text column once per distinct value, the rows holding
an index), :class:`PlaceLayer` hands them to ``routemapPlaces.draw``
(``templates/places.js``, sent once with the base map by :class:`PlaceScript`),
and the browser builds each marker, its tooltip and, only when it is opened, its
card from the one card template. Text from the data only ever becomes
``textContent``; in the page it travels as a JSON string (see
:func:`~routemap.map.elements.script_string`), inert to ``</script>`` and to
branca's second Jinja pass alike.

What changes from one talk step or click to the next (the stop in focus, how far
the talk has come, how the stops are spread at the zoom shown) travels apart from
the places, as :func:`place_state` and :func:`place_offsets`. The places carry a
digest of their JSON, so the browser keeps what it drew for them and only
restyles the few places a step changes (``templates/places.js``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
from jinja2 import Template

from routemap.map.contrast import number_ink
from routemap.map.elements import OnceRendered, SourceScript, data_literal, script_string
from routemap.map.popups import PRECISION, card_columns, card_skeleton_html, precision_note
from routemap.markup import script_source
from routemap.model.dataset import Dataset
from routemap.model.i18n import Lang, t
from routemap.model.trip import Trip

Role = Literal["stop", "mentioned"]

#: The card's text fields, sent per place (dictionary-encoded).
TEXT_FIELDS: Final = (
    "name",
    "name_zh",
    "when",
    "themes",
    "description",
    "quote",
    "place_certainty",
    "place_basis",
    "coord_source",
)


def _encoded(values: Sequence[str]) -> list[list]:
    """``[distinct values, index of each row's value]``: a column sent with each text once."""
    seen: dict[str, int] = {}
    index = [seen.setdefault(v, len(seen)) for v in values]
    return [list(seen), index]


def trip_tables(trip: Trip, lang: Lang = "en") -> dict[str, Any]:
    """What every place of a trip refers to by index: themes (colour, the ink of a number on it),
    kinds (badge glyph, label) and precisions (circle radius in metres, its word, what it means),
    and the words the browser puts around a place's text, in ``lang``."""
    return {
        "themes": [{"colour": th.colour, "ink": number_ink(th.colour)} for th in trip.themes],
        "kinds": [{"glyph": k.glyph, "label": k.label} for k in trip.kinds],
        "precisions": [
            {"id": p, "radius": r, "word": t(f"precision.{p}", lang), "label": precision_note(p, lang)}
            for p, r in PRECISION.items()
        ],
        "words": {
            "stop": t("card.stop", lang, n="{n}"),
            "coordinates": t("card.coordinates", lang, precision="{precision}"),
            "mentioned": t("legend.mentioned", lang),
            "mentioned_label": t("layer.mentioned", lang),
        },
    }


def place_payload(
    places: pd.DataFrame,
    trip: Trip,
    *,
    role: Role,
    lang: Lang = "en",
    cards: dict[str, list[Any]] | None = None,
) -> dict[str, Any]:
    """A layer's places as columns for ``routemapPlaces.draw``: what does not change from step to step.

    Fixed words are in ``lang``. ``cards`` are the places' :func:`~routemap.map.popups.card_columns`
    when known already (:func:`stop_cards`). Pure: the same places give the same data.
    """
    cards = card_columns(places, trip, lang) if cards is None else cards
    theme_index = {t.slug: i for i, t in enumerate(trip.themes)}
    kind_index = {k.slug: i for i, k in enumerate(trip.kinds)}
    precision_index = {p: i for i, p in enumerate(PRECISION)}
    return {
        "role": role,
        **trip_tables(trip, lang),
        "id": places["id"].astype(str).tolist(),
        "lat": np.round(places["lat"].to_numpy(dtype=float), 6).tolist(),
        "lon": np.round(places["lon"].to_numpy(dtype=float), 6).tolist(),
        "stop": cards["stop"],
        "theme": [theme_index.get(str(t), 0) for t in places["theme"]],
        "kind": [kind_index[str(k)] for k in places["kind"]],
        "precision": [precision_index.get(p, len(PRECISION) - 1) for p in cards["coord_precision"]],
        "text": {field: _encoded(cards[field]) for field in TEXT_FIELDS},
    }


def place_state(selected: str | None = None, reached: int | None = None) -> dict[str, Any]:
    """What a step changes in a layer: ``selected`` is the id of the ringed stop; with ``reached``
    (talk mode) the stops numbered above it are faded."""
    return {"selected": selected, "reached": reached}


def place_offsets(offsets: Sequence[tuple[float, float]]) -> dict[str, list[float]]:
    """How far (px) each place's marker is moved off its point (stops spread apart at a zoom)."""
    return {"dx": [round(dx, 1) for dx, _ in offsets], "dy": [round(dy, 1) for _, dy in offsets]}


@dataclass(frozen=True)
class Written:
    """A payload with its JSON literal (:func:`~routemap.map.elements.data_literal`) and a digest
    of that literal: written once, kept with the view, read and never changed."""

    payload: Any
    literal: str
    digest: str

    @classmethod
    def of(cls, payload: Any) -> Written:
        literal = data_literal(payload)
        return cls(payload, literal, hashlib.blake2b(literal.encode(), digest_size=10).hexdigest())


def stop_cards(stops: pd.DataFrame, dataset: Dataset, lang: Lang = "en") -> dict[str, list[Any]]:
    """The :func:`~routemap.map.popups.card_columns` of ``stops`` (rows of the dataset's route, found
    by id), picked from the cards of the whole route: written once per dataset and language."""

    def whole_route() -> tuple[dict[str, list[Any]], dict[str, int]]:
        every = dataset.route_stops
        return card_columns(every, dataset.trip, lang), {str(i): n for n, i in enumerate(every["id"])}

    columns, row_of = dataset.derived(f"stop_cards:{lang}", whole_route)
    rows = [row_of[str(i)] for i in stops["id"]]
    return {field: [values[r] for r in rows] for field, values in columns.items()}


#: The key a map's value carries when the map lacks places its page left out (``templates/places.js``):
#: the digest it wants and when it asked, a new value each time (see :mod:`routemap.web.mapframe`).
PLACES_WANTED: Final = "routemap_places_wanted"

#: A layer of more places than this draws one dot per place on a canvas, with the numbered discs only
#: for the place in focus and, once at most :data:`DISCS_IN_VIEW` are in view, for those
#: (``templates/places.js``). At a talk stop of a 1,000-place trip, 170-290 discs piled into one blot,
#: and as elements they made each step take 1.35-1.50x the shipped trip's (dots: 0.9-1.0x).
DOTS_PAST: Final = 300
DISCS_IN_VIEW: Final = 100


def dots_past(dataset: Dataset) -> int | None:
    """:data:`DOTS_PAST` when some layer of ``dataset`` may be drawn as dots (its stops or its mentioned
    places, a layer each, are more than that many), for the legend to say so; else None. Worked out
    once per dataset: the Map page asks on every run."""

    def compute() -> int | None:
        counts = dataset.places["status"].value_counts()
        return DOTS_PAST if len(counts) and int(counts.max()) > DOTS_PAST else None

    return dataset.derived("dots_past", compute)


class PlaceLayer(OnceRendered):
    """A layer's places, drawn into its parent ``FeatureGroup`` by the shared script.

    ``places`` is :func:`place_payload` written, ``offsets`` :func:`place_offsets` written (or none:
    no place moved), ``state`` :func:`place_state`. The browser parses the places only when
    their digest is new to the map; otherwise it restyles what it drew for them. A page whose map
    holds these places already sends only their digest (:meth:`leave_out_places`); a map that lost
    them asks for them again (:data:`PLACES_WANTED`).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            routemapPlaces.draw({{ this._parent.get_name() }}, {{ this.digest|tojson }},
                {% if this.script_json %}function () { return JSON.parse({{ this.script_json }}); }
                {%- else %}null{% endif %},
                JSON.parse({{ this.state_json }}),
                {% if this.offsets_json %}JSON.parse({{ this.offsets_json }}){% else %}null{% endif %});
        {% endmacro %}
    """)

    def __init__(self, places: Written, state: dict[str, Any], offsets: Written | None = None) -> None:
        super().__init__()
        self._name = "PlaceLayer"
        self.payload = places.payload
        self.digest = places.digest
        self.script_json = places.literal
        self.state = state
        self.state_json = data_literal(state)
        self.offsets_json = None if offsets is None else offsets.literal

    def leave_out_places(self) -> None:
        """Send the digest, state and spread only: for a map that holds these places already."""
        self.script_json = None


@cache
def _shared_script(lang: Lang) -> str:
    source = script_source("places.js").replace("__CARD__", script_string(card_skeleton_html(lang)))
    source = source.replace("__DOTS_PAST__", str(DOTS_PAST)).replace("__DISCS_IN_VIEW__", str(DISCS_IN_VIEW))
    return source.replace("__WANTED__", script_string(PLACES_WANTED))


class PlaceScript(SourceScript):
    """``routemapPlaces``: the one script that draws every layer's places (markers, precision
    circles, tooltips, cards), sent once with the base map; its card's fixed words are in ``lang``."""

    def __init__(self, lang: Lang = "en") -> None:
        super().__init__(_shared_script(lang))
