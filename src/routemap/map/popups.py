"""What the map says about a place or a leg: the place card, tooltips, the legend, and the map's CSS.

Text from the data is escaped (the place card is a Jinja template with
autoescape); every value goes into HTML only through these functions.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import quote

import pandas as pd
from markupsafe import Markup

from routemap.map.elements import text
from routemap.markup import render
from routemap.model.i18n import Lang, fmt_date, fmt_km, formatter, html_lang, name_langs, t
from routemap.model.trip import Trip

#: Leg line styles by mode: dash pattern and weight. Direction is drawn as arrows.
MODE_STYLES: Final = {
    "train": {"dash_array": None, "weight": 4},
    "flight": {"dash_array": "10 8", "weight": 3},
    "road": {"dash_array": "2 6", "weight": 4},
    "foot": {"dash_array": "1 5", "weight": 3},
    "boat": {"dash_array": "6 3 1 3", "weight": 3},
    "unknown": {"dash_array": "12 6 2 6", "weight": 3},
}


LEG_COLOUR: Final = "#333333"
#: The legend's own words: keys of the ``legend`` section of the translation table.
LEGEND_WORDS: Final = ("title", "themes", "kinds", "legs", "mentioned", "position", "ring", "halo")


CSS: Final = """
.leaflet-container { background: #f3efe6; font: 14px/1.35 system-ui, sans-serif; }
.rm-stop { width: 30px; height: 30px; border-radius: 50%; border: 2px solid #fff;
  box-shadow: 0 0 0 1.5px #222; color: #000; font-weight: 700; font-size: 14px;
  display: flex; align-items: center; justify-content: center; position: relative; }
.rm-stop .rm-kind { position: absolute; right: -7px; top: -7px; background: #fff; color: #222;
  border: 1px solid #222; border-radius: 8px; font-size: 10px; line-height: 13px;
  min-width: 13px; text-align: center; padding: 0 1px; }
.rm-stop.rm-prec-area, .rm-stop.rm-prec-city { outline: 2px dashed #222; outline-offset: 2px; }
.rm-stop.rm-selected { box-shadow: 0 0 0 4px #111, 0 0 12px 4px #ffd400; }
.rm-mentioned { width: 22px; height: 22px; border-radius: 50%; border: 2px dashed #555;
  background: rgba(255,255,255,.85); color: #444; font-size: 12px; font-weight: 700;
  display: flex; align-items: center; justify-content: center; }
.rm-arrow svg { display: block; }
.rm-ahead { opacity: .25; }
.rm-city { width: max-content; background: rgba(255,255,255,.92); border: 1px solid #888; border-radius: 4px;
  padding: 1px 6px; font-weight: 600; color: #111; white-space: nowrap; font-size: 13px;
  box-shadow: 0 1px 2px rgba(0,0,0,.25); }
.routemap-legend { background: rgba(255,255,255,.95); padding: 6px 8px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 11px; line-height: 1.35; max-width: 300px; }
.routemap-legend summary { cursor: pointer; font-weight: 700; font-size: 12px; }
.routemap-legend b { display: block; margin-top: 3px; }
.routemap-legend .grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
.routemap-legend .kb { display: inline-block; min-width: 12px; text-align: center; border: 1px solid #222;
  border-radius: 7px; font-size: 9px; line-height: 12px; margin-right: 4px; }
.routemap-legend .sw { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; border: 1px solid #222; }
.routemap-legend svg, .routemap-legend img.ls { vertical-align: middle; margin-right: 4px; }
.rm-place h4 { margin: 0 0 2px; font-size: 15px; line-height: 1.25; }
.rm-place .zh { color: #444; margin-bottom: 4px; }
.rm-place .meta { color: #333; font-size: 12px; margin: 4px 0; }
.rm-place blockquote { margin: 6px 0 0; padding-left: 8px; border-left: 3px solid #bbb;
  color: #333; font-style: italic; font-size: 12px; }
.rm-place .src { color: #555; font-size: 11px; margin-top: 4px; }
.rm-place .rm-prec-note { color: #333; font-size: 12px; margin-top: 6px; font-weight: 600; }
.routemap-legend .ring { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px;
  vertical-align: -1px; background: #ccc; outline: 2px dashed #222; outline-offset: 1px; }
.routemap-legend .halo { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 5px;
  vertical-align: -1px; background: rgba(0,0,0,.1); border: 1px dashed #333; }
.rm-place-panel { font-size: 15px; line-height: 1.4; color: #111; }
.rm-place-panel h4 { font-size: 18px; padding: 0; margin-bottom: 4px; }
.rm-place-panel .num { white-space: nowrap; }
.rm-place-panel .zh { font-size: 17px; }
.rm-place-panel .meta { font-size: 13px; }
.rm-place-panel .what { margin: 8px 0; }
.rm-place-panel blockquote { font-size: 14px; margin: 8px 0; }
.rm-place-panel .src { font-size: 12px; }
"""


def _fmt_date(value: pd.Timestamp, lang: Lang = "en") -> str:
    return fmt_date(value.date(), lang, "weekday") if not pd.isna(value) else t("card.no_date", lang)


#: How precisely each ``coord_precision`` places a point: the radius (metres) of the circle it may be
#: in, drawn around the point so it scales with the zoom. What it means is ``precision_note.<id>``
#: in the translation table.
PRECISION: Final = {"building": 0, "site": 300, "area": 3_000, "city": 10_000}


def precision_note(precision: str, lang: Lang = "en") -> str:
    """What a place's ``coord_precision`` means, as its details say it; empty for an unknown one."""
    return t(f"precision_note.{precision}", lang) if precision in PRECISION else ""


def card_columns(places: pd.DataFrame, trip: Trip, lang: Lang = "en") -> dict[str, list[Any]]:
    """The card's fields for every place, as columns: names, date and how it is known, kind, themes,
    description, the source's sentence, precision, provenance; fixed words in ``lang``.

    Column by column, each distinct date line or theme list written once, so ten
    thousand places take milliseconds. The map's popups and the Map page's panel
    both show these fields through one template (``templates/place_card.html``).
    ``places`` and ``trip`` are as :func:`routemap.view.localize.localize` gives them for ``lang``;
    the data's own sentences stay as the data gives them.
    """

    def strings(column: str) -> list[str]:
        return list(map(str, places[column].tolist()))

    when_of: dict[tuple, str] = {}
    when = []
    mentioned = t("card.mentioned", lang)
    dates = places["date"]
    # Dates as integers, not pandas Timestamps: making ten thousand Timestamps costs more than the rest.
    days = dates.to_numpy(dtype="datetime64[s]").view("int64").tolist()
    keys = zip(*(places[c].tolist() for c in ("status", "date_certainty", "date_basis")), days, strict=True)
    for row, key in enumerate(keys):
        if key not in when_of:
            status, date_certainty, basis, _ = key
            when_of[key] = (
                mentioned
                if status == "mentioned"
                else f"{_fmt_date(dates.iloc[row], lang)} ({t(f'certainty.{date_certainty}', lang)}: {basis})"
            )
        when.append(when_of[key])
    theme_keys = list(map(tuple, places["themes"]))
    themes_of = {th: trip.themes_text(th) for th in dict.fromkeys(theme_keys)}
    themes = [themes_of[th] for th in theme_keys]
    kinds = {k.slug: k.label for k in trip.kinds}
    precision = strings("coord_precision")
    certainty = strings("place_certainty")
    stops = places["stop"].tolist() if "stop" in places else [None] * len(places)
    stops = [None if s is None or pd.isna(s) else int(s) for s in stops]
    words = {p: t(f"precision.{p}", lang) if p in PRECISION else p for p in set(precision)}
    certainty_words = {c: t(f"certainty.{c}", lang) for c in set(certainty)}

    stop_label = formatter("card.stop", lang)
    stop_labels = {s: stop_label(n=s) for s in set(stops) if s}
    coords_labels = {p: t("card.coordinates", lang, precision=words[p]) for p in words}
    notes = {p: precision_note(p, lang) for p in words}
    return {
        "stop": stops,
        "stop_label": [stop_labels[s] if s else "" for s in stops],
        "name": strings("name"),
        "name_zh": strings("name_zh"),
        "when": when,
        "kind": [kinds[k] for k in strings("kind")],
        "themes": themes,
        "description": strings("description"),
        "quote": strings("source_quote"),
        "place_certainty": [certainty_words[c] for c in certainty],
        "place_basis": strings("place_basis"),
        "coord_precision": precision,
        "coords_label": [coords_labels[p] for p in precision],
        "precision": [notes[p] for p in precision],
        "coord_source": strings("coord_source"),
    }


def card_fields(place: pd.Series, trip: Trip, lang: Lang = "en") -> dict[str, Any]:
    """One place's card fields (:func:`card_columns` of that one row)."""
    return {field: values[0] for field, values in card_columns(place.to_frame().T, trip, lang).items()}


def _card_words(lang: Lang) -> dict[str, str]:
    """The card's fixed words and ``lang`` attributes, the same for every place."""
    first, other = name_langs(lang)
    return {
        "lang": html_lang(lang),
        "name_lang": first,
        "alt_lang": other,
        "place_label": t("card.place", lang),
        "data_note": t("data.english_only", lang) if lang == "zh" else "",
    }


def place_card_html(place: pd.Series, trip: Trip, *, panel: bool = False, lang: Lang = "en") -> str:
    """A place's card: names, date and how it is known, themes, description, provenance.

    One template (``templates/place_card.html``, autoescaped) for the Map page's
    details panel (``panel``) and, as an empty skeleton the browser fills
    (:func:`card_skeleton_html`), for the map's popups, so both say the same.
    ``place`` and ``trip`` are as :func:`routemap.view.localize.localize` gives them for ``lang``.
    """
    fields = card_fields(place, trip, lang)
    return render("place_card.html", place=fields, words=_card_words(lang), panel=panel, skeleton=False).strip()


def card_skeleton_html(lang: Lang = "en") -> str:
    """The place card in ``lang`` with every field empty: each ``data-f`` element gets its field's text
    in the browser (as ``textContent``), and each ``data-opt`` part goes when its field is empty."""
    empty = dict.fromkeys(("stop", "stop_label", "name", "name_zh", "when", "kind", "themes", "description"), "")
    empty |= dict.fromkeys(("quote", "place_certainty", "place_basis", "coord_precision", "coords_label"), "")
    empty |= dict.fromkeys(("precision", "coord_source"), "")
    return render("place_card.html", place=empty, words=_card_words(lang), panel=False, skeleton=True).strip()


def leg_tooltip_html(leg: pd.Series, lang: Lang = "en") -> str:
    """``Porto → Lisbon · Tue 2 April 2024 (stated) · train · 274 km``."""
    certainty, mode = t(f"certainty.{leg['date_certainty']}", lang), t(f"mode.{leg['mode']}", lang)
    km = t("unit.km", lang, km=fmt_km(float(leg["distance_km"])))
    return (
        f"{text(leg['from_name'])} → {text(leg['to_name'])} · {text(_fmt_date(leg['date'], lang))} "
        f"({text(certainty)}) · {text(mode)} · {text(km)}"
    )


def _arrow_svg(colour: str = LEG_COLOUR, size: int = 18) -> str:
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 16 16" aria-hidden="true">'
        f'<path d="M1 2 L15 8 L1 14 L5 8 Z" fill="{colour}" stroke="#fff" stroke-width="1"/></svg>'
    )


def _line_svg(style: dict) -> str:
    dash = f' stroke-dasharray="{style["dash_array"]}"' if style["dash_array"] else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" '
        f'stroke="{LEG_COLOUR}" stroke-width="{min(style["weight"], 3)}"{dash}/></svg>'
    )


def _line_img(style: dict) -> str:
    """The line sample as an image: the same SVG, for HTML that may hold no inline SVG (``st.html``)."""
    return f'<img class="ls" alt="" width="28" height="8" src="data:image/svg+xml,{quote(_line_svg(style))}">'


def legend_html(
    trip: Trip, *, open_: bool = True, svg_images: bool = False, lang: Lang = "en", dots_past: int | None = None
) -> str:
    """The legend: theme colours, kind badges, leg styles, mentioned places, precision. Collapsible.

    ``trip`` carries its labels in ``lang`` (:func:`routemap.view.localize.localize_trip`);
    the markup is ``templates/legend.html``. ``svg_images`` draws the legs' line samples as
    images (a page's ``st.html`` strips inline SVG; the map's own legend keeps it inline).
    With ``dots_past`` (:func:`routemap.map.places.dots_past`) it says that a layer of more places
    than that is drawn as dots, with the numbered discs up close.
    """
    sample = _line_img if svg_images else _line_svg
    modes = [{"label": t(f"mode.{mode}", lang), "sample": Markup(sample(style))} for mode, style in MODE_STYLES.items()]
    words = {key: t(f"legend.{key}", lang) for key in LEGEND_WORDS}
    dots = None if dots_past is None else t("legend.dots", lang, n=dots_past)
    legend = render(
        "legend.html",
        lang=html_lang(lang),
        open=open_,
        words=words,
        themes=trip.themes,
        kinds=trip.kinds,
        modes=modes,
        dots=dots,
    )
    return legend.replace("\n", "")


def page_legend_html(trip: Trip, lang: Lang = "en", dots_past: int | None = None) -> str:
    """The legend as a page shows it under the map (``st.html``), with the map's stylesheet."""
    legend = legend_html(trip, svg_images=True, lang=lang, dots_past=dots_past)
    return f'<style>{CSS}</style><div class="routemap-legend legend-page">{legend}</div>'
