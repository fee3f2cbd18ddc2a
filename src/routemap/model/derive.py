"""Values worked out from a read-only object once, and kept with it.

The dashboard shares one :class:`~routemap.model.dataset.Dataset` per data
folder between every session, and the pages read the same things of it on
every run: where the trip was each day, the view a selection leaves, the map's
layers for that view. :class:`Derives` keeps such values on the object they
come from, so they live exactly as long as it does and are shared as it is.
The object must not change, and callers must not change what they are given.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()  # guards creating a memo and reordering one; computing happens outside it


class Derives:
    """Mixin for frozen dataclasses: :meth:`derived` values and bounded :meth:`memo` tables."""

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per object and kept with it under ``name``."""
        cache = vars(self).setdefault("_derived", {})  # frozen: no attribute assignment
        if name not in cache:
            cache[name] = compute()
        return cache[name]

    def memo(self, name: str, key: Hashable, compute: Callable[[], T], *, size: int = 4) -> T:
        """``compute()`` for ``key``, kept with the object among the ``size`` keys of ``name`` used last.

        For values that depend on what a person chose (a selection, a zoom): the few
        in use are kept, the least recently used is forgotten, so memory stays bounded
        however many choices are made. Two sessions asking at once may both compute
        a missing value; either result is correct and one is kept.
        """
        with _LOCK:
            table: OrderedDict[Hashable, T] = self.derived(f"memo:{name}", OrderedDict)
            if key in table:
                table.move_to_end(key)
                return table[key]
        value = compute()
        with _LOCK:
            table[key] = value
            table.move_to_end(key)
            while len(table) > size:
                table.popitem(last=False)
        return value
