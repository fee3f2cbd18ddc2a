"""Online geocoding on geopy, politely: one request a second, retries with back-off, a named user agent.

Time is a seam (``clock``, ``sleep``) so tests never sleep; any geopy geocoder
can stand behind :class:`OnlineGeocoder`, a fake one in tests.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

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

from routemap.geo import gazetteer
from routemap.model.errors import GeocodingError
from routemap.model.vocab import CHINA_BOUNDS

#: Nominatim's usage policy asks for a user agent naming the application and a way to reach its operator.
#: This one is a placeholder: whoever runs routemap names themselves in :data:`USER_AGENT_ENV`, and
#: public Nominatim is never asked while the placeholder stands (:func:`make_geocoder`).
USER_AGENT: Final = "routemap/0.1 (+https://example.org/routemap; contact: routemap@example.org)"


#: The environment variable (or, in the dashboard, the Streamlit secret ``nominatim_user_agent``)
#: holding the operator's user agent for Nominatim, e.g. ``routemap-at-example/1.0 (ops@example.net)``.
USER_AGENT_ENV: Final = "ROUTEMAP_NOMINATIM_USER_AGENT"


#: The public Nominatim's host, whose usage policy the placeholder would break.
PUBLIC_NOMINATIM: Final = "nominatim.openstreetmap.org"


PLACEHOLDER_REFUSAL: Final = (
    f"public Nominatim is not asked with routemap's placeholder user agent: set {USER_AGENT_ENV} "
    "(or the Streamlit secret nominatim_user_agent) to a user agent that names your application and a contact, "
    "as https://operations.osmfoundation.org/policies/nominatim/ asks"
)


def configured_user_agent(environ: Mapping[str, str] = os.environ, secrets: Mapping[str, Any] | None = None) -> str:
    """The user agent to send Nominatim: ``$ROUTEMAP_NOMINATIM_USER_AGENT``, else the secret, else the placeholder."""
    for source in (environ.get(USER_AGENT_ENV), (secrets or {}).get("nominatim_user_agent")):
        if isinstance(source, str) and source.strip():
            return source.strip()
    return USER_AGENT


def is_placeholder(user_agent: str) -> bool:
    """True for the shipped placeholder, a blank one, or one still naming ``example.org``."""
    agent = user_agent.strip().casefold()
    return not agent or agent == USER_AGENT.casefold() or "example.org" in agent


DEFAULT_SERVICE: Final = "nominatim"


DEFAULT_TIMEOUT: Final = 10.0


NOMINATIM_MIN_DELAY: Final = 1.0  # seconds; the public instance allows one request per second


DEFAULT_RETRIES: Final = 2


DEFAULT_BACKOFF: Final = 1.0  # seconds before the first retry; doubled each time


MAX_RETRY_AFTER: Final = 60.0  # a service asking us to wait longer than this is given up on


COUNTRY_NAMES: Final = {"CN": "China"}


#: What an online lookup sleeps and reads the time with; tests replace these.
default_clock: Callable[[], float] = time.monotonic


default_sleep: Callable[[float], None] = time.sleep


def make_geocoder(service: str = DEFAULT_SERVICE, *, timeout: float = DEFAULT_TIMEOUT, **options: Any) -> Geocoder:
    """A geopy geocoder by service name (``nominatim``, ``photon``, ``arcgis``, ...) and its options.

    Nominatim gets the configured user agent (:func:`configured_user_agent`) unless
    ``user_agent`` is given; with the placeholder, public Nominatim is refused
    (:data:`PLACEHOLDER_REFUSAL`) before anything is sent. Raises
    :class:`GeocodingError` for an unknown service or options it refuses (a
    missing API key, say).
    """
    try:
        cls = get_geocoder_for_service(service)
    except GeocoderNotFound as exc:
        raise GeocodingError(f"no geopy geocoder is called {service!r}") from exc
    if issubclass(cls, Nominatim):
        options.setdefault("user_agent", configured_user_agent())
        public = str(options.get("domain") or PUBLIC_NOMINATIM).strip().casefold() == PUBLIC_NOMINATIM
        if public and is_placeholder(options["user_agent"]):
            raise GeocodingError(PLACEHOLDER_REFUSAL)
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


def online_geocoder(geocoder: Geocoder | OnlineGeocoder | str | None = None, **options: Any) -> OnlineGeocoder:
    """An :class:`OnlineGeocoder` from a service name, a geopy geocoder, or one already wrapped."""
    if isinstance(geocoder, OnlineGeocoder):
        return geocoder
    if geocoder is None or isinstance(geocoder, str):
        service = geocoder or DEFAULT_SERVICE
        return OnlineGeocoder(make_geocoder(service, **options), name=service)
    return OnlineGeocoder(geocoder)


def host_geocoder(
    environ: Mapping[str, str] = os.environ, secrets: Mapping[str, Any] | None = None, **options: Any
) -> OnlineGeocoder | None:
    """The dashboard's online geocoder: Nominatim with the host's user agent, or ``None`` while it is the placeholder.

    A hosted instance asks public Nominatim only once its operator has named
    themselves (:data:`USER_AGENT_ENV` or the Streamlit secret ``nominatim_user_agent``).
    """
    agent = configured_user_agent(environ, secrets)
    if is_placeholder(agent):
        return None
    return OnlineGeocoder(make_geocoder(DEFAULT_SERVICE, user_agent=agent, **options), name=DEFAULT_SERVICE)
