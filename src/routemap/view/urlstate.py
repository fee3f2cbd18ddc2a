"""The view's state in the URL: short stable ids and numbers, read and written by pure functions.

A link such as ``?days=3..5&theme=protecting-the-planet&city=dunhuang&stop=dunhuang-solar-plant&basemap=esri``
reproduces a view. :func:`parse` turns query parameters into a :class:`ViewState`
and a list of notes for what it had to drop (an unknown id, a malformed range):
it never raises. :func:`to_params` writes a state back, leaving defaults out so
links stay short. Links in the older label form (``?days=2+Apr+·+Lisbon``,
``?theme=Protecting+the+planet``) still open the same view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, NamedTuple

from routemap.model.i18n import LANGS, Lang, t
from routemap.model.trip import Trip

DAYS: Final = "days"
THEMES: Final = "theme"
CITIES: Final = "city"
KINDS: Final = "kind"
STOP: Final = "stop"
BASEMAP: Final = "basemap"
LANG: Final = "lang"
#: Every parameter the shared panel owns, in the order links write them.
PARAMS: Final = (DAYS, THEMES, CITIES, KINDS, STOP, BASEMAP, LANG)
MAX_VALUES: Final = 200  # more values than any panel offers: the rest is ignored
MAX_VALUE_CHARS: Final = 200


class Note(NamedTuple):
    """What a link held that the view had to drop: a key of the translation table and its values.

    ``str(note)`` is the English text; :meth:`text` gives it in any language.
    """

    key: str
    fmt: tuple[tuple[str, object], ...]

    def text(self, lang: Lang) -> str:
        return t(self.key, lang, **dict(self.fmt))

    def __str__(self) -> str:
        return self.text("en")


def _note(key: str, **fmt: object) -> Note:
    return Note(f"link.{key}", tuple(fmt.items()))


_RANGE = re.compile(r"^\s*(\d{1,5})\s*(?:(?:\.\.|-|–)\s*(\d{1,5}))?\s*$")


@dataclass(frozen=True)
class ViewState:
    """The panel's state as ids. ``None`` means the default (whole trip, every theme, no filter)."""

    first_day: int | None = None  # day numbers, 1 on the trip's first day
    last_day: int | None = None
    themes: tuple[str, ...] | None = None
    cities: tuple[str, ...] | None = None
    kinds: tuple[str, ...] | None = None
    stop: str | None = None
    basemap: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Choices:
    """What a parameter may hold for one dataset: ids, and the older labels that map to them."""

    days: int
    themes: Mapping[str, str]  # accepted text -> theme id
    cities: Mapping[str, str]
    kinds: Mapping[str, str]
    stops: Mapping[str, str]
    basemaps: Mapping[str, str]
    langs: Mapping[str, str]
    day_labels: Mapping[str, int]  # older day labels ("2 Apr · Lisbon", "2024-04-02") -> day number


def _aliases(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Accept an id, and its label as older links wrote it, case-insensitively."""
    out: dict[str, str] = {}
    for ident, label in pairs:
        out.setdefault(label.casefold(), ident)
        out[ident.casefold()] = ident
    return out


def choices(
    trip: Trip,
    *,
    cities: Mapping[str, str],
    stops: Mapping[str, str],
    basemaps: Mapping[str, str],
    langs: Sequence[str] = LANGS,
    day_labels: Mapping[date, Sequence[str]] = {},
) -> Choices:
    """The :class:`Choices` of a dataset: its themes, kinds, cities and stops (id -> label), basemaps."""
    labels: dict[str, int] = {}
    for number, day in enumerate(trip.days, start=1):
        labels[day.isoformat()] = number
        for label in day_labels.get(day, ()):
            labels.setdefault(label.casefold(), number)
    return Choices(
        days=len(trip.days),
        themes=_aliases((t.slug, t.label) for t in trip.themes),
        cities=_aliases(cities.items()),
        kinds=_aliases((k.slug, k.label) for k in trip.kinds),
        stops=_aliases(stops.items()),
        basemaps=_aliases(basemaps.items()),
        langs={lang: lang for lang in langs},
        day_labels=labels,
    )


def _values(params: Mapping[str, Sequence[str]], key: str) -> list[str]:
    raw = params.get(key, [])
    values = [raw] if isinstance(raw, str) else list(raw)[:MAX_VALUES]
    out = []
    for value in values:
        out += [v.strip() for v in str(value)[: MAX_VALUE_CHARS * MAX_VALUES].split(",")]
    return out[:MAX_VALUES]


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def _days(values: list[str], choices: Choices, notes: list[Note]) -> tuple[int | None, int | None]:
    values = [v for v in values if v]
    if not values:
        return None, None
    numbers: list[int] = []
    if len(values) == 1 and (match := _RANGE.match(values[0])):
        numbers = [int(match.group(1)), int(match.group(2) or match.group(1))]
    else:  # older links: one or two day labels, or ISO dates
        numbers = [choices.day_labels.get(v.casefold(), 0) for v in values[:2]]
        if len(numbers) == 1:
            numbers *= 2
    first, last = numbers
    if not (1 <= first <= choices.days and 1 <= last <= choices.days) or len(values) > 2:
        notes.append(_note("bad_days", value=_shown(",".join(values)), days=choices.days))
        return None, None
    return min(first, last), max(first, last)


def _ids(key: str, values: list[str], known: Mapping[str, str], notes: list[Note]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if not value:
            continue
        ident = known.get(value.casefold())
        if ident is None:
            notes.append(_note("unknown", param=key, value=_shown(value)))
        elif ident not in out:
            out.append(ident)
    return tuple(out)


def _one(key: str, values: list[str], known: Mapping[str, str], notes: list[Note]) -> str | None:
    found = _ids(key, values[:1], known, notes)
    if len(values) > 1:
        notes.append(_note("only_one", param=key))
    return found[0] if found else None


def parse(params: Mapping[str, Sequence[str] | str], choices: Choices) -> tuple[ViewState, list[Note]]:
    """Query parameters -> a :class:`ViewState` and notes on what was dropped. Never raises.

    A parameter present but empty (``?theme=``) selects nothing for themes
    (nothing on view), and means "no filter" for cities and kinds.
    """
    notes: list[Note] = []
    first, last = _days(_values(params, DAYS), choices, notes)
    state = ViewState(first_day=first, last_day=last)
    if THEMES in params:
        state = replace(state, themes=_ids(THEMES, _values(params, THEMES), choices.themes, notes))
        if not state.themes and any(_values(params, THEMES)):
            state = replace(state, themes=None)  # only unknown themes: keep the default, the note says why
    for key, field, known in ((CITIES, "cities", choices.cities), (KINDS, "kinds", choices.kinds)):
        found = _ids(key, _values(params, key), known, notes)
        state = replace(state, **{field: found or None})
    stop = _one(STOP, _values(params, STOP), choices.stops, notes)
    basemap = _one(BASEMAP, _values(params, BASEMAP), choices.basemaps, notes)
    lang = _one(LANG, _values(params, LANG), choices.langs, notes) if choices.langs else None
    return replace(state, stop=stop, basemap=basemap, lang=lang), notes


def to_params(state: ViewState, *, days: int, all_themes: Sequence[str]) -> dict[str, str]:
    """A :class:`ViewState` as query parameters, defaults left out; lists joined by commas."""
    out: dict[str, str] = {}
    first, last = state.first_day or 1, state.last_day or days
    if (first, last) != (1, days):
        out[DAYS] = str(first) if first == last else f"{first}..{last}"
    if state.themes is not None and set(state.themes) != set(all_themes):
        out[THEMES] = ",".join(state.themes)
    for key, values in ((CITIES, state.cities), (KINDS, state.kinds)):
        if values:
            out[key] = ",".join(values)
    for key, value in ((STOP, state.stop), (BASEMAP, state.basemap), (LANG, state.lang)):
        if value:
            out[key] = value
    return out
