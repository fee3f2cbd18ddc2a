"""The persistent geocoding cache: query -> coordinate, one JSON file committed in ``data/``.

Every answer a geocoder gave is kept, so the same query never goes out twice,
in one run or across runs — including "no result", kept as an entry without a
coordinate (delete the entry to ask again). The file is plain, sorted JSON so a
diff shows exactly what a run added::

    {
      "format": "routemap-geocache/1",
      "entries": {
        "xi'an, shaanxi, china": {
          "query": "Xi'an, Shaanxi, China", "lat": 34.25833, "lon": 108.92861,
          "address": "...", "geocoder": "dataset", "source": "GeoNames 1790630 ...",
          "precision": "city", "fetched": "2025-06-20"
        }
      }
    }

Keys are queries normalised by :func:`cache_key`. ``geocoder`` names who gave the
answer: a geopy service name such as ``nominatim``, or ``dataset`` for an entry
copied from the dataset's own stored coordinate (``source`` then quotes the
dataset's ``coord_source``). Writes are atomic (:func:`atomic_write_bytes`), and
saving a cache that has not changed leaves the file untouched, byte for byte.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import stat
import unicodedata
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

from routemap.model.errors import GeocodingError

FORMAT: Final = "routemap-geocache/1"
CACHE_FILE: Final = "geocache.json"
DATASET_GEOCODER: Final = "dataset"


def cache_key(query: str) -> str:
    """A query normalised for lookup: NFC, case-folded, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFC", query).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One geocoder answer. ``lat``/``lon`` are ``None`` when the geocoder found nothing."""

    query: str
    lat: float | None
    lon: float | None
    address: str
    geocoder: str
    source: str
    fetched: str  # ISO date the answer was obtained
    precision: str = ""  # building/site/area/city when known (dataset entries), else blank

    @property
    def found(self) -> bool:
        """Whether this entry holds a coordinate (rather than a recorded "no result")."""
        return self.lat is not None and self.lon is not None


def _new_temp_file(path: Path) -> tuple[int, str]:
    """A new, empty file beside ``path``, open for writing, with the mode a new file gets (0o666 less the umask).

    Unlike :func:`tempfile.mkstemp`, which always makes the file owner-only, the
    file is created with mode 0o666 and the kernel applies the umask (and any
    default ACL of the folder), as for a file written in place.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, flags, 0o666), str(tmp)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new one, never a mix.

    The bytes go to a temporary file in the same folder, are flushed and fsynced,
    then renamed over ``path`` with :func:`os.replace` (atomic on POSIX and Windows);
    the folder is fsynced so the rename itself survives a crash. On any error the
    temporary file is removed and ``path`` is left as it was.

    The new file keeps the permission bits of the file it replaces, so a cache a
    server running as another user could read stays readable; a new file gets
    the mode the umask gives (0o666 & ~umask), as any file written in place would.
    """
    fd, tmp = _new_temp_file(path)
    try:
        with suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _read_entries(path: Path) -> dict[str, CacheEntry]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeocodingError(f"the geocoding cache {path} cannot be read: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GeocodingError(f"the geocoding cache {path} is not a {FORMAT} file")
    try:
        return {key: CacheEntry(**value) for key, value in doc["entries"].items()}
    except (KeyError, TypeError) as exc:
        raise GeocodingError(f"the geocoding cache {path} has a malformed entry: {exc}") from exc


def dump(entries: dict[str, CacheEntry]) -> bytes:
    """The file's bytes for these entries: sorted, indented, UTF-8, so equal caches are equal bytes."""
    doc = {"format": FORMAT, "entries": {key: asdict(entries[key]) for key in sorted(entries)}}
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


class GeoCache:
    """The cache file in memory: look queries up, add answers, save what is new.

    Nothing touches the disk until :meth:`save`; a cache built with ``path=None``
    lives in memory only (handy in the dashboard and in tests).
    """

    def __init__(self, path: Path | None = None, entries: dict[str, CacheEntry] | None = None) -> None:
        self.path = path
        self._entries: dict[str, CacheEntry] = dict(entries or {})
        self._added: dict[str, CacheEntry] = {}

    @classmethod
    def load(cls, path: Path) -> GeoCache:
        """The cache stored at ``path`` (empty when the file does not exist yet)."""
        return cls(path, _read_entries(path))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, query: str) -> bool:
        return cache_key(query) in self._entries

    @property
    def entries(self) -> list[CacheEntry]:
        """Every entry, in key order."""
        return [self._entries[key] for key in sorted(self._entries)]

    def get(self, query: str) -> CacheEntry | None:
        """The stored answer to ``query``, or ``None`` when it was never asked."""
        return self._entries.get(cache_key(query))

    def put(self, entry: CacheEntry) -> None:
        """Record an answer; it is written by the next :meth:`save`."""
        key = cache_key(entry.query)
        if self._entries.get(key) != entry:
            self._entries[key] = entry
            self._added[key] = entry

    @property
    def added(self) -> list[CacheEntry]:
        """Entries recorded since loading (or the last save), in the order they came."""
        return list(self._added.values())

    def save(self) -> bool:
        """Write the new entries to the file; return whether the file was written.

        The file is re-read first and only this run's additions are laid on top,
        so answers another run saved meanwhile are kept. Nothing new, or nothing
        that changes the bytes: the file is not touched at all.
        """
        if self.path is None or not self._added:
            return False
        on_disk = _read_entries(self.path)
        merged = {**on_disk, **self._added}
        data = dump(merged)
        with suppress(FileNotFoundError):
            if self.path.read_bytes() == data:
                self._added.clear()
                return False
        atomic_write_bytes(self.path, data)
        self._entries = merged
        self._added.clear()
        return True
