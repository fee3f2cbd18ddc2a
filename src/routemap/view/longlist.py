"""A long list of choices, narrowed for a select box: the choices near the current one, or those a search finds.

A select box of ten thousand stops is searchable, but the browser builds every
option again on each run of the page: at 10,000 places, most of a talk step's
time (docs/performance.md). Past :data:`LONG_LIST` choices the pages put a
search box before the select box, which then lists at most :data:`SHOWN`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

#: More choices than this, and a select box lists only some of them, with a search box to find the others.
LONG_LIST: Final = 300
#: How many choices a long list's select box shows at most (besides those always kept).
SHOWN: Final = 60


def is_long(labels: Mapping[str, str]) -> bool:
    """Whether ``labels`` are too many choices for one select box."""
    return len(labels) > LONG_LIST


def _folded(text: str) -> str:
    """Text as a search compares it: NFKC (full-width digits and letters as ASCII), case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def narrowed(
    labels: Mapping[str, str],
    query: str = "",
    *,
    keep: Iterable[str] = (),
    near: str | None = None,
    limit: int = SHOWN,
) -> dict[str, str]:
    """The choices (ids to labels, in list order) a select box shows of ``labels``.

    With a ``query``, the first ``limit`` whose label holds every word of it (any case,
    full-width or not); without, ``limit`` choices around ``near`` (a few before it, the
    rest after), or the first ``limit``. The ids in ``keep`` (the current choice, "none")
    are always there, so a select box never loses its value. Pure.
    """
    ids = list(labels)
    words = _folded(query).split()
    if words:
        found: list[str] = []
        for ident in ids:
            if all(word in _folded(labels[ident]) for word in words):
                found.append(ident)
                if len(found) == limit:
                    break
        chosen = set(found)
    else:
        at = ids.index(near) if near in labels else 0
        start = max(0, min(at - limit // 6, len(ids) - limit))
        chosen = set(ids[start : start + limit])
    chosen.update(ident for ident in keep if ident in labels)
    return {ident: labels[ident] for ident in ids if ident in chosen}
