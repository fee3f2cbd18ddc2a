"""The trip's own description: ``trip.toml``, or the ``routemap.trip`` member of a GeoJSON export.

A trip states everything a page says about it: its title and a one-line
subtitle, its dates, its source, what the About page tells, its themes and
kinds, and the box its points must fall in. Nothing of one particular trip is
written in the code; :func:`trip_from_doc` turns the document into a
:class:`Trip` or into problems, each naming the file and the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from routemap.model.errors import Problem
from routemap.model.vocab import WORLD, Bounds, Kind, Theme

COLOUR_RE: Final = re.compile(r"^#[0-9A-Fa-f]{6}$")
SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_THEMES: Final = 24
MAX_KINDS: Final = 24
#: Optional entries that give the trip's own texts in Chinese.
TRANSLATED: Final = ("title_zh", "subtitle_zh", "about_zh")


@dataclass(frozen=True, slots=True)
class Source:
    """Where the trip's facts come from."""

    title: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    file: str = ""


@dataclass(frozen=True)
class Trip:
    """What the whole journey is: title, dates, source, and its own vocabularies."""

    title: str
    start: date
    end: date
    dates_quote: str = ""
    subtitle: str = ""
    about: str = ""
    source: Source = field(default_factory=Source)
    themes: tuple[Theme, ...] = ()
    kinds: tuple[Kind, ...] = ()
    bounds: Bounds = WORLD
    title_zh: str = ""  # the title, subtitle and About text in Chinese, when the trip gives them
    subtitle_zh: str = ""
    about_zh: str = ""

    @property
    def days(self) -> list[date]:
        """Every day of the trip, in order."""
        # Not pd.date_range: before pandas 3 it works in nanoseconds, which end in 2262.
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def theme_by_id(self) -> dict[str, Theme]:
        return {t.slug: t for t in self.themes}

    @property
    def kind_by_id(self) -> dict[str, Kind]:
        return {k.slug: k for k in self.kinds}

    def theme(self, slug: str) -> Theme:
        """The theme with this id (the dataset is validated, so it exists)."""
        return self.theme_by_id[str(slug)]

    def kind(self, slug: str) -> Kind:
        """The kind with this id (the dataset is validated, so it exists)."""
        return self.kind_by_id[str(slug)]

    def themes_text(self, slugs, sep: str = ", ") -> str:
        """A place's themes as people read them: ``Protecting the planet, Defend Socialist China``."""
        return sep.join(self.theme(s).label for s in slugs)

    def to_doc(self) -> dict[str, Any]:
        """The trip as a JSON-ready document that :func:`trip_from_doc` reads back."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "dates_quote": self.dates_quote,
            "about": self.about,
            **{k: getattr(self, k) for k in ("title_zh", "subtitle_zh", "about_zh") if getattr(self, k)},
            "source": {k: getattr(self.source, k) for k in Source.__slots__ if getattr(self.source, k)},
            "bounds": {k: getattr(self.bounds, k) for k in Bounds.__slots__},
            "themes": [
                {"id": t.slug, "label": t.label, "colour": t.colour, "short": t.short, "label_zh": t.label_zh}
                for t in self.themes
            ],
            "kinds": [{"id": k.slug, "label": k.label, "glyph": k.glyph, "label_zh": k.label_zh} for k in self.kinds],
        }


def _day(value: Any) -> date | None:
    """A TOML date or an ISO ``YYYY-MM-DD`` string (as JSON carries it); not a date-time."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


class _Reader:
    """Collects the problems of one document while reading its entries."""

    def __init__(self, file: str, key_prefix: str = "") -> None:
        self.file = file
        self.key_prefix = key_prefix
        self.problems: list[Problem] = []

    def problem(self, key: str, value: Any, expected: str) -> None:
        shown = None if value is None else str(value)[:80]
        self.problems.append(Problem(self.file, None, self.key_prefix + key, shown, expected))

    def text(self, doc: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
        value = doc.get(key, "")
        if not isinstance(value, str):
            self.problem(f"{where}{key}", value, "text in quotes")
            return ""
        if required and not value.strip():
            self.problem(f"{where}{key}", None, f"a '{key}' entry")
        return value

    def number(self, doc: Mapping[str, Any], key: str, where: str, lo: float, hi: float) -> float:
        value = doc.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            self.problem(f"{where}{key}", value, f"a number of degrees from {lo} to {hi}")
            return lo
        return float(value)

    def table_list(self, doc: Mapping[str, Any], key: str, limit: int) -> list[Mapping[str, Any]]:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            self.problem(key, None, f"a list of [[{key}]] tables")
            return []
        if len(value) > limit:
            self.problem(key, f"{len(value)} entries", f"at most {limit} (routemap's limit)")
            return []
        return value

    def ident(self, entry: Mapping[str, Any], where: str, seen: set[str]) -> str:
        slug = self.text(entry, "id", where, required=True)
        if slug and not SLUG_RE.match(slug):
            self.problem(f"{where}id", slug, "a lower-case id of letters, digits and hyphens")
        elif slug in seen:
            self.problem(f"{where}id", slug, "an id used by no other entry")
        seen.add(slug)
        return slug


def _themes(read: _Reader, doc: Mapping[str, Any]) -> tuple[Theme, ...]:
    out, seen = [], set()
    entries = read.table_list(doc, "themes", MAX_THEMES)
    if not entries and "themes" not in doc:
        read.problem("themes", None, "at least one [[themes]] table with id, label and colour")
    for i, entry in enumerate(entries, 1):
        where = f"themes[{i}]."
        slug = read.ident(entry, where, seen)
        label = read.text(entry, "label", where, required=True)
        colour = read.text(entry, "colour", where, required=True)
        if colour and not COLOUR_RE.match(colour):
            read.problem(f"{where}colour", colour, "a colour as #RRGGBB")
        out.append(Theme(slug, label, colour, read.text(entry, "short", where), read.text(entry, "label_zh", where)))
    return tuple(out)


def _kinds(read: _Reader, doc: Mapping[str, Any]) -> tuple[Kind, ...]:
    out, seen = [], set()
    entries = read.table_list(doc, "kinds", MAX_KINDS)
    if not entries and "kinds" not in doc:
        read.problem("kinds", None, "at least one [[kinds]] table with id, label and glyph")
    for i, entry in enumerate(entries, 1):
        where = f"kinds[{i}]."
        slug = read.ident(entry, where, seen)
        label = read.text(entry, "label", where, required=True)
        glyph = read.text(entry, "glyph", where, required=True)
        if glyph and len(glyph) != 1:
            read.problem(f"{where}glyph", glyph, "one character, drawn in the marker's badge")
        out.append(Kind(slug, label, glyph, read.text(entry, "label_zh", where)))
    return tuple(out)


def _bounds(read: _Reader, doc: Mapping[str, Any]) -> Bounds:
    box = doc.get("bounds")
    if box is None:
        return WORLD
    if not isinstance(box, Mapping):
        read.problem("bounds", None, "a [bounds] table with name, south, west, north and east")
        return WORLD
    name = read.text(box, "name", "bounds.", required=True)
    south = read.number(box, "south", "bounds.", -90, 90)
    north = read.number(box, "north", "bounds.", -90, 90)
    west = read.number(box, "west", "bounds.", -180, 180)
    east = read.number(box, "east", "bounds.", -180, 180)
    if south >= north:
        read.problem("bounds.north", north, "a latitude north of 'south'")
    if west >= east:
        read.problem("bounds.east", east, "a longitude east of 'west'")
    return Bounds(name, south, west, north, east)


def trip_from_doc(doc: Mapping[str, Any], file: str, *, key_prefix: str = "") -> tuple[Trip | None, list[Problem]]:
    """Read a trip document; the trip, or every problem of it (file, key, value, what was expected).

    ``key_prefix`` locates the keys in a file where the trip is not at the top level (``routemap.trip.``).
    """
    read = _Reader(file, key_prefix)
    for key in ("title", "start", "end"):
        if key not in doc:
            read.problem(key, None, f"a '{key}' entry")
    days = {}
    for key in ("start", "end"):
        if key in doc:
            days[key] = _day(doc[key])
            if days[key] is None:
                read.problem(key, doc[key], "a date such as 2024-04-01")
    title = read.text(doc, "title", "")
    source_doc = doc.get("source", {})
    if not isinstance(source_doc, Mapping):
        read.problem("source", None, "a [source] table")
        source_doc = {}
    source = Source(*(read.text(source_doc, k, "source.") for k in Source.__slots__))
    if source.url and not re.match(r"^https?://", source.url):
        read.problem("source.url", source.url, "an http:// or https:// address")
    themes, kinds, bounds = _themes(read, doc), _kinds(read, doc), _bounds(read, doc)
    texts = {k: read.text(doc, k, "") for k in ("dates_quote", "subtitle", "about", *TRANSLATED)}
    if read.problems:
        return None, read.problems
    start, end = days["start"], days["end"]
    if start > end:
        return None, [Problem(file, None, key_prefix + "end", str(end), "a day on or after 'start'")]
    trip = Trip(
        title,
        start,
        end,
        texts["dates_quote"],
        texts["subtitle"],
        texts["about"],
        source,
        themes,
        kinds,
        bounds,
        **{k: texts[k] for k in TRANSLATED},
    )
    return trip, []
