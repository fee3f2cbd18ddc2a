"""What an uploaded file is, and whether routemap agrees to read it: limits, encoding, format.

Everything here runs on the bytes before any parser sees them, in time linear in
their length: the size is checked first, then the encoding (UTF-8, with or
without a byte-order mark; UTF-16 and Latin-1 are refused with the fix), then the
nesting depth of a JSON text (its parser recurses once per level). Only then is
the format guessed from the content, never from the file name alone.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np

from routemap.model.errors import Problem
from routemap.model.limits import Limits

#: What an upload may be; the ``expected`` of every refusal of the format.
EXPECTED_FORMATS: Final = (
    "a GeoJSON FeatureCollection of Points and LineStrings, a KML file, a CSV in routemap's template, "
    "or a zip of a routemap data folder"
)
SAVE_AS_UTF8: Final = "save the file as UTF-8 (Excel: 'CSV UTF-8'; a text editor: encoding UTF-8)"


ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")
#: Binary formats people upload by mistake, named in the refusal.
BINARY_MAGIC: Final = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls, .doc)"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)


def display_name(name: str) -> str:
    """The file's own name, without any folder a browser or a hostile client put before it."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    return base[:120] or "upload"


def too_big(name: str, size: int, limits: Limits) -> Problem | None:
    """The refusal of ``size`` bytes, or ``None`` when they are within the limit."""
    if size <= limits.max_file_bytes:
        return None
    return Problem(name, None, None, f"{size:,} bytes", limits.file_bytes_expected)


def decode(name: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """The text of UTF-8 bytes (a byte-order mark is dropped), or why they are not UTF-8, with the fix."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        got = "UTF-16 text (it starts with a UTF-16 byte-order mark)"
        return None, [Problem(name, None, None, got, f"UTF-8 text: {SAVE_AS_UTF8}")]
    if b"\x00" in data[:4096]:
        got = "NUL bytes, as UTF-16 text or a binary file has"
        return None, [Problem(name, None, None, got, f"UTF-8 text: {SAVE_AS_UTF8}")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 4].hex(" ")
        return None, [
            Problem(
                name,
                line,
                None,
                f"bytes {bad}",
                f"UTF-8 text (byte {exc.start:,} is not: Latin-1 or Windows-1252 perhaps); {SAVE_AS_UTF8}",
                row_label="line",
            )
        ]


#: What the bracket scan skips: a JSON string up to its closing quote (or, unterminated, to
#: the end of the text), or a run of text holding no bracket and no quote. Every quote
#: starts a match that consumes what follows it, so the scan never starts over: linear.
_NOT_BRACKETS: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[^\[\]{}"]+', re.DOTALL)


def json_depth(text: str) -> int:
    """How deeply a JSON text nests arrays and objects, by one linear scan of its brackets.

    Brackets inside strings do not count. Cheap enough to run before :func:`json.loads`,
    whose parser recurses once per level and fails with a RecursionError on a document
    nested some thousands deep. Malformed JSON gets a depth too; parsing says what is wrong.
    """
    brackets = np.frombuffer(_NOT_BRACKETS.sub("", text).encode("ascii"), dtype=np.uint8)
    if not brackets.size:
        return 0
    steps = np.where((brackets == ord("[")) | (brackets == ord("{")), 1, -1)
    return max(int(np.cumsum(steps).max()), 0)


def unknown(name: str, got: str) -> Problem:
    """The refusal of a file that is none of the formats routemap imports."""
    return Problem(name, None, None, got, EXPECTED_FORMATS)


def looks_like_csv(name: str, text: str) -> bool:
    """A CSV by its name, or by a first line that separates cells."""
    if name.lower().endswith((".csv", ".tsv", ".txt")):
        return True
    first = text.lstrip().split("\n", 1)[0]
    return any(sep in first for sep in (",", ";", "\t"))


def sniff(name: str, data: bytes) -> tuple[str, str | None, list[Problem]]:
    """Which reader the bytes are for, and their text: ``zip``, ``json``, ``xml`` or ``csv``.

    Returns ``("", None, problems)`` for bytes refused before any parsing: too big
    is checked by the caller, here the encoding and anything that is no format at all.
    """
    if data.startswith(ZIP_MAGIC):
        return "zip", None, []
    for magic, what in BINARY_MAGIC:
        if data.startswith(magic):
            return "", None, [unknown(name, what)]
    text, problems = decode(name, data)
    if text is None:
        return "", None, problems
    head = text.lstrip()
    if not head:
        return "", None, [unknown(name, "an empty file")]
    if head[0] in "{[":
        return "json", text, []
    if head[0] == "<":
        return "xml", text, []
    if looks_like_csv(name, text):
        return "csv", text, []
    return "", None, [unknown(name, "text that is neither JSON, XML nor CSV")]
