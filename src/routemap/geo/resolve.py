"""Resolve places to coordinates: the cache first, then the offline gazetteer, online only when allowed.

:class:`Resolver` answers one place at a time and records where each answer
came from; :func:`resolve_places` does a whole table with a progress callback
and a per-place report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import pandas as pd
from geopy.geocoders.base import Geocoder

from routemap.geo import gazetteer
from routemap.geo.cache import DATASET_GEOCODER, CacheEntry, GeoCache
from routemap.geo.online import COUNTRY_NAMES, OnlineGeocoder, online_geocoder
from routemap.model.errors import GeocodingError

SOURCES: Final = ("dataset", "cache", "gazetteer", "online", "failed")


ProgressFn = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Place:
    """What to geocode: a name, optionally its city and province, and its country (ISO code)."""

    name: str
    city: str = ""
    province: str = ""
    country: str = gazetteer.DEFAULT_COUNTRY

    @property
    def query(self) -> str:
        """The text sent to a geocoder and used as the cache key, e.g. ``"Porto, Porto District, Portugal"``."""
        parts: list[str] = []
        for part in (self.name, self.city, self.province, COUNTRY_NAMES.get(self.country, self.country)):
            part = part.strip()
            last = parts[-1].rsplit(",", 1)[-1].strip().casefold() if parts else ""
            if part and part.casefold() != last:
                parts.append(part)  # "Shanghai, Shanghai, China" says Shanghai once too often
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where one place resolved to and from what; ``source`` is one of :data:`SOURCES`."""

    name: str
    query: str
    source: str
    lat: float | None = None
    lon: float | None = None
    detail: str = ""  # provenance when found, the reason when failed
    precision: str = ""

    @property
    def found(self) -> bool:
        return self.source != "failed"


@dataclass
class GeocodeReport:
    """Every place's resolution, in order, and how many requests went out."""

    resolutions: list[Resolution] = field(default_factory=list)
    requests: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """Places per source, every source present (zero included)."""
        counted = Counter(r.source for r in self.resolutions)
        return {s: counted.get(s, 0) for s in SOURCES}

    @property
    def failed(self) -> list[Resolution]:
        return [r for r in self.resolutions if not r.found]

    def summary(self) -> str:
        """One line, e.g. ``22 places: 22 from cache, 0 from gazetteer, 0 online, 0 failed``."""
        c = self.counts
        head = f"{len(self.resolutions)} place{'s' if len(self.resolutions) != 1 else ''}: "
        parts = ([f"{c['dataset']} kept from the dataset"] if c["dataset"] else []) + [
            f"{c['cache']} from cache",
            f"{c['gazetteer']} from gazetteer",
            f"{c['online']} online",
            f"{c['failed']} failed",
        ]
        return head + ", ".join(parts) + f" ({self.requests} online request{'s' if self.requests != 1 else ''})"


class Resolver:
    """Resolve places through cache -> gazetteer -> online, never asking the same query twice.

    :param cache: answers so far; online answers are added to it (save it to keep them).
    :param online: the online geocoder, or ``None`` to stay offline.
    :param trust_dataset: use cache entries copied from the dataset itself. The
        check turns this off, since comparing a coordinate with itself proves nothing.
    :param today: the date recorded on new cache entries.
    """

    def __init__(
        self,
        cache: GeoCache | None = None,
        *,
        online: OnlineGeocoder | None = None,
        use_gazetteer: bool = True,
        trust_dataset: bool = True,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.cache = cache if cache is not None else GeoCache()
        self.online = online
        self.use_gazetteer = use_gazetteer
        self.trust_dataset = trust_dataset
        self.today = today
        self._seen: dict[tuple[str, str, str], Resolution] = {}

    def resolve(self, place: Place) -> Resolution:
        """The coordinate of ``place`` and where it came from; failures carry the reason."""
        memo_key = (place.query.casefold(), place.province.casefold(), place.country)
        if memo_key not in self._seen:
            self._seen[memo_key] = self._resolve(place)
        return self._seen[memo_key]

    def _resolve(self, place: Place) -> Resolution:
        query = place.query
        entry = self.cache.get(query)
        if entry and entry.geocoder == DATASET_GEOCODER and not self.trust_dataset:
            entry = None
        if entry and entry.found:
            return Resolution(
                place.name,
                query,
                "cache",
                entry.lat,
                entry.lon,
                f"{entry.geocoder}, {entry.fetched}: {entry.source}",
                entry.precision,
            )
        if self.use_gazetteer and (
            match := gazetteer.lookup(place.name, province=place.province, country=place.country)
        ):
            return Resolution(place.name, query, "gazetteer", match.lat, match.lon, match.source, "city")
        if entry:  # a recorded "no result": never ask again
            return Resolution(
                place.name,
                query,
                "failed",
                detail=(
                    f"the cache records that {entry.geocoder} found nothing on {entry.fetched} "
                    f"({entry.source}); delete that entry to ask again"
                ),
            )
        if self.online is None:
            return Resolution(
                place.name,
                query,
                "failed",
                detail=("not in the cache or the gazetteer; needs the online geocoder (run with --online)"),
            )
        return self._ask_online(place)

    def _ask_online(self, place: Place) -> Resolution:
        assert self.online is not None
        query = place.query
        try:
            answer = self.online.lookup(query, country=place.country)
        except GeocodingError as exc:
            return Resolution(place.name, query, "failed", detail=str(exc))
        loc = answer.location
        self.cache.put(
            CacheEntry(
                query=query,
                lat=loc.latitude if loc else None,
                lon=loc.longitude if loc else None,
                address=loc.address if loc else "",
                geocoder=self.online.name,
                source=answer.note,
                fetched=self.today().isoformat(),
            )
        )
        if loc is None:
            return Resolution(place.name, query, "failed", detail=f"{self.online.name}: {answer.note}")
        return Resolution(
            place.name,
            query,
            "online",
            loc.latitude,
            loc.longitude,
            f"{self.online.name}, {self.today().isoformat()}: {loc.address} ({answer.note})",
        )


def _cell(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key, "")
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def places_of(frame: pd.DataFrame, cities: pd.DataFrame | None = None) -> list[Place]:
    """One :class:`Place` per row: ``name`` and, when present, ``city``, ``province`` and ``country``.

    With ``cities`` (the dataset's cities table), a ``city`` cell holding a city id
    is replaced by that city's name, and its province fills a blank ``province``.
    """
    by_id: dict[str, tuple[str, str]] = {}
    if cities is not None:
        by_id = {str(r["id"]): (str(r["name"]), str(r["province"])) for r in cities.to_dict("records")}
    places = []
    for record in frame.to_dict("records"):
        city, province = _cell(record, "city"), _cell(record, "province")
        if city in by_id:
            city, city_province = by_id[city]
            province = province or city_province
        places.append(
            Place(_cell(record, "name"), city, province, _cell(record, "country") or gazetteer.DEFAULT_COUNTRY)
        )
    return places


def _point(frame: pd.DataFrame, i: int) -> tuple[float, float]:
    return float(frame["lat"].iloc[i]), float(frame["lon"].iloc[i])


def resolve_places(
    df: pd.DataFrame,
    *,
    online: bool = False,
    geocoder: Geocoder | OnlineGeocoder | str | None = None,
    cache: GeoCache | None = None,
    progress: ProgressFn | None = None,
    cities: pd.DataFrame | None = None,
    only_missing: bool = True,
    today: Callable[[], date] = date.today,
) -> tuple[pd.DataFrame, GeocodeReport]:
    """Fill the coordinates a table lacks, offline first; return the filled copy and a report.

    The one way to resolve a table of places: the loader and ``routemap geocode`` both
    come through here (only ``--check`` uses a :class:`Resolver` directly).

    :param df: a table with a ``name`` column and, optionally, ``city``, ``province``,
        ``country`` (ISO code, default ``CN``), ``lat`` and ``lon``. Rows with both
        ``lat`` and ``lon`` keep them (source ``dataset``) unless ``only_missing`` is false.
    :param online: allow the online geocoder for what cache and gazetteer cannot answer.
    :param geocoder: the online geocoder (service name, geopy geocoder or
        :class:`OnlineGeocoder`); default Nominatim. Ignored unless ``online``.
    :param cache: the cache to read and add online answers to (the caller saves
        it); default the committed ``data/geocache.json``, read only.
    :param progress: called as ``progress(done, total, name)`` after each row, e.g.
        to drive ``st.progress`` in the dashboard.
    :param cities: the dataset's cities table, when ``city`` holds city ids.
    :param only_missing: resolve only rows lacking a coordinate; false resolves every row by name.
    :param today: the date recorded on new cache entries.
    :returns: a copy of ``df`` with ``lat``, ``lon`` and ``coord_source`` filled where
        found and a ``resolved_from`` column (one of :data:`SOURCES`), and the report.
        Nothing is raised for a place that fails: the report says why.
    """
    out = df.copy()
    for col in ("lat", "lon"):
        out[col] = pd.to_numeric(out[col], errors="coerce") if col in out else float("nan")
    if "coord_source" not in out:
        out["coord_source"] = ""
    resolver = Resolver(
        cache if cache is not None else GeoCache(),
        online=online_geocoder(geocoder) if online else None,
        today=today,
    )
    places = places_of(out, cities)
    has_point = (out["lat"].notna() & out["lon"].notna()).to_list()
    todo = [i for i, kept in enumerate(has_point) if not (kept and only_missing)]
    before = resolver.online.requests if resolver.online else 0
    resolutions = [
        Resolution(p.name, p.query, "dataset", *_point(out, i), detail="kept")
        if has_point[i] and only_missing
        else None
        for i, p in enumerate(places)
    ]
    for done, i in enumerate(todo, start=1):
        res = resolutions[i] = resolver.resolve(places[i])
        if res.found:
            out.iloc[i, out.columns.get_loc("lat")] = res.lat
            out.iloc[i, out.columns.get_loc("lon")] = res.lon
            out.iloc[i, out.columns.get_loc("coord_source")] = f"{res.source}: {res.detail}"
        if progress is not None:
            progress(done, len(todo), places[i].name)
    report = GeocodeReport(
        [r for r in resolutions if r is not None], (resolver.online.requests if resolver.online else 0) - before
    )
    out["resolved_from"] = pd.Categorical([r.source for r in report.resolutions], categories=list(SOURCES))
    return out, report
