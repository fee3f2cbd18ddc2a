"""Talk mode's card: what the large card beside the map says at each step, as pure functions."""

from __future__ import annotations

from routemap.markup import render
from routemap.model.i18n import Lang, fmt_date, fmt_km, fmt_span, html_lang, name_langs, t
from routemap.model.trip import Trip
from routemap.view.talk import Step


def progress_label(all_steps: list[Step], index: int, days_total: int, lang: Lang = "en") -> str:
    """``Step 7 of 21 · Day 3 of 11 · Stop 4 of 14``; the title card is ``Step 1 of 21``."""
    step = all_steps[index]
    label = t("talk.step_of", lang, n=index + 1, total=len(all_steps))
    if step.day is None:
        return label
    label += " · " + t("talk.day_of", lang, n=step.day.number, total=days_total)
    if step.kind == "stop":
        stops = sum(1 for s in all_steps if s.kind == "stop")
        done = sum(1 for s in all_steps[: index + 1] if s.kind == "stop")
        label += " · " + t("talk.stop_of", lang, n=done, total=stops)
    return label


def _beyond(subtitle: str, said: list[str]) -> str:
    """The parts of a ``·``-separated subtitle the card does not already say (its dates, its route)."""
    return " · ".join(part for part in (p.strip() for p in subtitle.split("·")) if part and part not in said)


def route_cities(all_steps: list[Step]) -> list[str]:
    """The cities the talk passes through, in order (from where each of its days is)."""
    names = (name for s in all_steps if s.day is not None for name in s.day.where.split(" → "))
    return list(dict.fromkeys(names))


def card_context(all_steps: list[Step], index: int, trip: Trip, lang: Lang = "en") -> dict:
    """What the card of step ``index`` says, as plain values (the template escapes them).

    ``trip`` and the steps' rows are as :func:`routemap.view.localize.localize` gives them for ``lang``.
    The data's own texts (what happened, how a date is known) are in English: the card
    marks them ``lang="en"`` and, in Chinese, says so (``data_note``).
    """
    step = all_steps[index]
    row = step.row
    first, other = name_langs(lang)
    card = {
        "kind": step.kind,
        "lang": html_lang(lang),
        "name_lang": first,
        "alt_lang": other,
        "data_note": t("data.english_only", lang) if lang == "zh" else "",
        "progress": progress_label(all_steps, index, len(trip.days), lang),
        "done": (index + 1) / len(all_steps),
        "when": fmt_date(step.day.day, lang, "long") if step.day is not None else "",
        **dict.fromkeys(("number", "name_zh", "what", "quote", "basis", "subtitle", "summary"), None),
        **dict.fromkeys(("meta", "route", "figures"), ()),
        "route_label": t("talk.the_route", lang),
    }
    if step.kind == "title":
        stops = sum(1 for s in all_steps if s.kind == "stop")
        km = sum(float(s.row["distance_km"]) for s in all_steps if s.kind == "leg")
        figures = [
            t("talk.days", lang, n=len(trip.days)),
            t("talk.stop" if stops == 1 else "talk.stops", lang, n=stops),
        ]
        if km:
            figures.append(t("talk.km_travelled", lang, km=fmt_km(km)))
        when, route = fmt_span(trip.start, trip.end, lang), route_cities(all_steps)
        return card | {
            "colour": "#222222",
            "when": when,
            "title": trip.title,
            "subtitle": _beyond(trip.subtitle, [when, " → ".join(route)]),
            "route": route,
            "figures": figures,
        }
    if step.kind == "stop":
        certainty = (
            t("talk.date_stated", lang)
            if row["date_certainty"] == "stated"
            else t("talk.date_inferred", lang, basis=row["date_basis"])
        )
        return card | {
            "colour": trip.theme(row["theme"]).colour,
            "number": int(row["stop"]),
            "title": row["name"],
            "name_zh": row["name_zh"],
            "what": row["description"],
            "quote": row["source_quote"],
            "meta": [trip.kind(row["kind"]).label, trip.themes_text(row["themes"], " · ")],
            "basis": certainty,
        }
    if step.kind == "leg":
        mode = t(f"mode.{row['mode']}", lang)
        return card | {
            "colour": "#333333",
            "title": f"{row['from_name']} → {row['to_name']}",
            "summary": t("talk.travel_km", lang, km=fmt_km(float(row["distance_km"])), mode=mode),
            "what": row["mode_basis"],
            "quote": row["source_quote"] or "",
            "basis": t(
                "talk.date_basis",
                lang,
                certainty=t(f"certainty.{row['date_certainty']}", lang),
                basis=row["date_basis"],
            ),
        }
    return card | {
        "colour": "#999999",
        "title": step.day.where,
        "summary": t("talk.nothing_recorded", lang),
        "data_note": "",
    }


def card_html(all_steps: list[Step], index: int, trip: Trip, lang: Lang = "en") -> str:
    """The large card: progress, date, what happened, and the source's own words."""
    return render("talk_card.html", card=card_context(all_steps, index, trip, lang))
