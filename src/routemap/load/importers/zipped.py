"""Zip uploads: a routemap data folder, zipped; or a KMZ (a zipped KML, as My Maps exports by default).

The zip is read in memory with :mod:`zipfile` and never extracted. Before any entry
is read: the number of entries is taken from the end-of-directory record (so a zip
of 10,000 entries is refused before its directory is parsed), then every entry's
name must stay inside the zip (no ``..``, no absolute or drive paths, no backslashes,
no links), and the sizes its directory declares must stay under the limits, in all
and for each entry read (and the ratio of a big entry's size to its compressed size,
the mark of a zip bomb). An entry is then read at most one byte past the limit, so a
directory that lies about sizes cannot make routemap inflate more.

Of a data folder only ``trip.toml``, ``cities.csv``, ``legs.csv`` and ``places.csv``
are read, at the zip's root or in one top folder; other entries are left alone.
"""

from __future__ import annotations

import io
import stat
import struct
import tomllib
import zipfile
import zlib
from pathlib import PurePosixPath
from typing import Final

from routemap.load.folder import fill_missing_coordinates
from routemap.load.importers.features import Imported, refused
from routemap.load.importers.kml import read_kml
from routemap.load.importers.sniff import decode
from routemap.load.read import parse_csv
from routemap.load.schema import SCHEMAS
from routemap.model.dataset import FILES, TRIP_FILE, RawTable
from routemap.model.errors import Problem
from routemap.model.limits import Limits
from routemap.model.trip import trip_from_doc

FORMAT: Final = "zip of a routemap data folder"
KMZ_FORMAT: Final = "KMZ"
LAYOUT: Final = (TRIP_FILE, *FILES)
LAYOUT_EXPECTED: Final = (
    "a zip of a routemap data folder (trip.toml, cities.csv, legs.csv and places.csv at its root or in one "
    "top folder), or a KMZ holding one .kml file"
)
_EOCD: Final = b"PK\x05\x06"
_EOCD_SIZE: Final = 22


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def declared_entries(data: bytes) -> int | None:
    """The number of entries the zip's end-of-directory record declares, or ``None`` if it has none.

    A ZIP64 archive declares 0xFFFF here; that is past any entry limit routemap sets.
    """
    tail = data[-(0xFFFF + _EOCD_SIZE) :]
    at = len(tail) - _EOCD_SIZE if tail[-_EOCD_SIZE:].startswith(_EOCD) else tail.rfind(_EOCD)  # no comment, else one
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return None
    return int(struct.unpack_from("<H", tail, at + 10)[0])


def _unsafe(name: str) -> bool:
    """True for an entry name that would leave the folder it is extracted to, or is no plain path."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    first = name.split("/", 1)[0]
    if len(first) >= 2 and first[1] == ":":
        return True
    return any(part == ".." for part in name.split("/"))


def _is_link(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def _check_directory(name: str, archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise _Refused(Problem(name, None, None, f"{len(infos):,} entries", limits.zip_entries_expected))
    seen: set[str] = set()
    for info in infos:
        if _unsafe(info.filename):
            expected = "a zip whose entries stay inside it (no '..', no absolute path, no backslash)"
            raise _Refused(Problem(name, None, None, f"an entry named {info.filename[:80]!r}", expected))
        if _is_link(info):
            raise _Refused(
                Problem(name, None, None, f"a link {info.filename[:80]!r}", "a zip of plain files, no links")
            )
        if info.flag_bits & 0x1:
            raise _Refused(Problem(name, None, None, f"{info.filename[:80]!r} encrypted", "a zip with no password"))
        if info.filename in seen:
            raise _Refused(Problem(name, None, None, f"{info.filename[:80]!r} twice", "each entry once"))
        seen.add(info.filename)
    total = sum(info.file_size for info in infos)
    if total > limits.max_zip_total_bytes:
        raise _Refused(Problem(name, None, None, f"{total:,} bytes uncompressed", limits.zip_total_expected))
    return infos


def _read(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    """An entry's bytes, refused when its declared or real size or its compression ratio is past the limits."""
    shown = f"{name}/{info.filename}"
    if info.file_size > limits.max_file_bytes:
        raise _Refused(Problem(shown, None, None, f"{info.file_size:,} bytes", limits.file_bytes_expected))
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.zip_ratio_floor and ratio > limits.max_zip_ratio:
        raise _Refused(Problem(shown, None, None, f"compressed {ratio:,.0f}:1", limits.zip_ratio_expected))
    try:
        with archive.open(info) as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise _Refused(Problem(shown, None, None, None, f"an entry that can be read ({str(exc)[:80]})")) from None
    if len(data) > limits.max_file_bytes:
        raise _Refused(Problem(shown, None, None, "more bytes than declared", limits.file_bytes_expected))
    return data


def _layout(infos: list[zipfile.ZipInfo]) -> tuple[str | None, list[str]]:
    """The folder (``""`` or ``"top/"``) holding ``trip.toml``, and the paths of the other trip.toml files."""
    trips = [
        info.filename
        for info in infos
        if PurePosixPath(info.filename).name == TRIP_FILE and not info.filename.startswith("__MACOSX/")
    ]
    near = [t for t in trips if t.count("/") <= 1]
    folder = near[0][: -len(TRIP_FILE)] if len(near) == 1 else None
    return folder, trips


def _read_folder(name: str, archive: zipfile.ZipFile, infos, folder: str, limits: Limits) -> Imported:
    by_name = {info.filename: info for info in infos}
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for file in LAYOUT:
        path = f"{folder}{file}"
        shown = f"{name}/{path}"
        if path not in by_name:
            problems.append(Problem(shown, None, None, None, f"the file {path} in the zip, beside {folder}trip.toml"))
            continue
        text, read_problems = decode(shown, _read(name, archive, by_name[path], limits))
        problems += read_problems
        if text is not None:
            texts[file] = text
    trip = None
    if TRIP_FILE in texts:
        shown = f"{name}/{folder}{TRIP_FILE}"
        try:
            trip, trip_problems = trip_from_doc(tomllib.loads(texts[TRIP_FILE]), shown)
            problems += trip_problems
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(shown, None, None, None, f"valid TOML ({exc})"))
    tables: dict[str, RawTable] = {}
    for file in FILES:
        if file not in texts:
            continue
        table, parse_problems = parse_csv(f"{name}/{folder}{file}", texts[file], SCHEMAS[file].columns, limits=limits)
        problems += parse_problems
        if table is not None:
            tables[file] = RawTable(table.file, table.frame, schema_key=file, missing=table.missing)
    notes = [f"read as a zip of a routemap data folder ({folder or 'the zip root'}): nothing filled in"]
    ignored = sorted(i.filename for i in infos if not i.is_dir() and i.filename not in {folder + f for f in LAYOUT})
    if ignored:
        notes.append("entries not read: " + ", ".join(ignored[:10]) + (", …" if len(ignored) > 10 else ""))
    if len(tables) == len(FILES):
        fill_missing_coordinates(tables, None)  # as the loader does for a folder, from the shipped cache
    return Imported(trip, tables, problems, notes, FORMAT, name)


def read_zip(name: str, data: bytes, limits: Limits) -> Imported:
    """Read a zipped data folder or a KMZ, in memory, or refuse the zip with the problem."""
    count = declared_entries(data)
    if count is None:
        return refused(name, FORMAT, [Problem(name, None, None, None, "a zip file with its directory (it is cut off)")])
    if count > limits.max_zip_entries:
        return refused(name, FORMAT, [Problem(name, None, None, f"{count:,} entries", limits.zip_entries_expected)])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = _check_directory(name, archive, limits)
            folder, trips = _layout(infos)
            if folder is not None:
                return _read_folder(name, archive, infos, folder, limits)
            kmls = [i for i in infos if i.filename.lower().endswith(".kml") and not i.filename.startswith("__MACOSX/")]
            if not trips and len(kmls) == 1:
                text, problems = decode(f"{name}/{kmls[0].filename}", _read(name, archive, kmls[0], limits))
                if text is None:
                    return refused(name, KMZ_FORMAT, problems)
                imported = read_kml(name, text, limits)
                imported.format = KMZ_FORMAT
                return imported
            if trips:
                got = f"trip.toml at {', '.join(t[:60] for t in trips[:3])}"
            elif kmls:
                got = f"{len(kmls)} .kml files"
            else:
                got = "no trip.toml and no .kml file"
            return refused(name, FORMAT, [Problem(name, None, None, got, LAYOUT_EXPECTED)])
    except _Refused as refusal:
        return refused(name, FORMAT, [refusal.problem])
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        return refused(name, FORMAT, [Problem(name, None, None, None, f"a readable zip file ({str(exc)[:80]})")])
