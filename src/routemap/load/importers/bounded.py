"""Read and check an upload in a child process, bounded in time and memory, so a hostile file harms nothing.

The importers already refuse what is too big or too deep before parsing; this is
the bound behind them, for what no check foresaw. :func:`bounded_call` runs a
function in a process of its own, forked from a small server process that has
routemap's readers loaded (``multiprocessing``'s ``forkserver``, so the forked
process never inherits the dashboard's threads), with its address space capped
by ``resource.setrlimit(RLIMIT_AS)`` at :attr:`Limits.max_parse_megabytes` and its
CPU time by ``RLIMIT_CPU``; the caller waits at most
:attr:`Limits.max_parse_seconds` for the pickled result, then kills it. Past
either bound the answer is a :class:`~routemap.model.errors.DataError` naming
the limit. The bytes travel through a pipe: nothing is written to disk.

:func:`import_bounded` is the Upload page's entry point: :func:`parse_upload`
(import and the loader's checks) in such a process.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Final, TypeVar

from routemap.load.importers import import_trip
from routemap.load.importers.features import Imported
from routemap.model.dataset import Dataset
from routemap.model.errors import DataError, Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits

T = TypeVar("T")

#: What the process server loads once, so that each forked reader starts at once.
PRELOAD: Final = ["routemap.load.importers", "routemap.load.importers.bounded"]
_MB: Final = 1024 * 1024


@dataclass
class Parsed:
    """An upload read and checked: the import (tables, notes, format), the dataset, or every problem."""

    imported: Imported
    dataset: Dataset | None
    problems: list[Problem] = field(default_factory=list)


def check_imported(imported: Imported) -> Parsed:
    """The loader's checks on an import: the dataset, or every problem (reading and checking)."""
    try:
        return Parsed(imported, imported.dataset(), [])
    except DataError as exc:
        return Parsed(imported, None, list(exc.problems))


def parse_upload(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Import a file (:func:`~routemap.load.importers.import_trip`) and check it; never raises for bad input."""
    return check_imported(import_trip(name, data, limits=limits))


def _context() -> multiprocessing.context.BaseContext:
    if sys.platform.startswith("linux"):
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _cap(kind: int, value: int) -> None:
    """Lower a resource's soft limit to ``value`` (never above the hard limit)."""
    _soft, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _child(conn: Connection, fn: Callable[..., Any], args: tuple, megabytes: int, seconds: int) -> None:
    """Run in the child: cap memory and CPU, call ``fn``, send back ``(kind, value)``."""
    try:
        _cap(resource.RLIMIT_AS, megabytes * _MB)
        _cap(resource.RLIMIT_CPU, seconds + 1)
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except BaseException as exc:  # anything at all: the parent reports it; the server lives on
        result = ("error", f"{type(exc).__name__}: {str(exc)[:200]}")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()


def bounded_call(fn: Callable[..., T], *args: Any, limits: Limits = DEFAULT_LIMITS, file: str = "upload") -> T:
    """``fn(*args)`` in a child process within ``limits``' seconds and megabytes; its result, unpickled.

    ``fn`` and ``args`` must pickle (a module-level function). Raises
    :class:`DataError` naming ``file`` and the limit when the child runs out of
    time or memory, dies, or raises.
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(
        target=_child, args=(sender, fn, args, limits.max_parse_megabytes, limits.max_parse_seconds), daemon=True
    )
    proc.start()
    sender.close()
    try:
        if not receiver.poll(limits.max_parse_seconds):
            raise DataError([Problem(file, None, None, "still reading when stopped", limits.parse_seconds_expected)])
        kind, value = receiver.recv()
    except EOFError:  # the child died without a word: killed by a limit, or crashed
        proc.join(1)
        got = f"the reader stopped (exit status {proc.exitcode})"
        raise DataError([Problem(file, None, None, got, limits.parse_memory_expected)]) from None
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if kind == "memory":
        raise DataError([Problem(file, None, None, "more memory", limits.parse_memory_expected)])
    if kind == "error":
        raise DataError([Problem(file, None, None, str(value), "a file routemap can read (this is a bug: report it)")])
    return value


def import_bounded(name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """Read and check an upload in a bounded child process; past a bound, a :class:`Parsed` with its problem."""
    from routemap.load.importers.sniff import display_name

    try:
        return bounded_call(parse_upload, name, data, limits, limits=limits, file=display_name(name))
    except DataError as exc:
        return Parsed(Imported(None, {}, list(exc.problems), [], "", display_name(name)), None, list(exc.problems))
