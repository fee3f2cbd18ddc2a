"""Read and check an upload in a child process, bounded in time and memory, so a hostile file harms nothing.

The importers already refuse what is too big or too deep before parsing; this is
the bound behind them, for what no check foresaw. :func:`bounded_call` runs a
function in a fresh Python process of its own (not ``multiprocessing``, whose
children would re-run the Streamlit script they take for ``__main__``), with
its address space capped by ``resource.setrlimit(RLIMIT_AS)`` at
:attr:`Limits.max_parse_megabytes` and its CPU time by ``RLIMIT_CPU``; the
caller waits at most :attr:`Limits.max_parse_seconds` (starting Python and
importing the readers included: about a second) for the pickled result, then
kills it. Past either bound the answer is a
:class:`~routemap.model.errors.DataError` naming the limit. The bytes travel
through pipes: nothing is written to disk.

:func:`import_bounded` is the Upload page's entry point: :func:`parse_upload`
(import and the loader's checks) in such a process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from signal import SIGXCPU
from typing import Any, Final, TypeVar

from routemap.load.folder import lookup_progress
from routemap.load.importers import import_trip
from routemap.load.importers.features import Imported
from routemap.model.dataset import Dataset, ProgressFn
from routemap.model.errors import DataError, Problem
from routemap.model.limits import DEFAULT_LIMITS, Limits

T = TypeVar("T")

_MB: Final = 1024 * 1024
PROGRESS_TAG: Final = "routemap-progress\t"


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


def parse_upload(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS, progress: ProgressFn | None = None) -> Parsed:
    """Import a file (:func:`~routemap.load.importers.import_trip`) and check it; never raises for bad input.

    ``progress(done, total, name)`` follows the offline lookups of points the file lacks.
    """
    with lookup_progress(progress):
        return check_imported(import_trip(name, data, limits=limits))


def report_progress(done: int, total: int, name: str) -> None:
    """In the child: one line on standard error, which :func:`bounded_call` reads as it comes."""
    sys.stderr.write(f"{PROGRESS_TAG}{done}\t{total}\t{name[:80]}\n".replace("\r", " "))
    sys.stderr.flush()


def parse_upload_reporting(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Parsed:
    """:func:`parse_upload` in the child, its lookups reported on standard error."""
    return parse_upload(name, data, limits, report_progress)


def _cap(kind: int, value: int) -> None:
    """Lower a resource's soft limit to ``value`` (never above the hard limit)."""
    _soft, hard = resource.getrlimit(kind)
    resource.setrlimit(kind, (value if hard == resource.RLIM_INFINITY else min(value, hard), hard))


def _serve() -> None:
    """The child: read the caller's ``sys.path`` and task from stdin, cap memory and CPU, run it, pickle the answer."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.path[:0] = [p for p in pickle.load(stdin) if p not in sys.path]
    megabytes, seconds = pickle.load(stdin)
    try:
        _cap(resource.RLIMIT_AS, megabytes * _MB)
        _cap(resource.RLIMIT_CPU, seconds + 1)
        fn, args = pickle.load(stdin)
        result: tuple[str, Any] = ("ok", fn(*args))
    except MemoryError:
        result = ("memory", None)
    except BaseException as exc:  # anything at all: the caller reports it; the server lives on
        result = ("error", f"{type(exc).__name__}: {str(exc)[:200]}")
    try:
        answer = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        answer = pickle.dumps(("memory", None))
    stdout.write(answer)
    stdout.flush()


def bounded_call(
    fn: Callable[..., T],
    *args: Any,
    limits: Limits = DEFAULT_LIMITS,
    file: str = "upload",
    progress: ProgressFn | None = None,
) -> T:
    """``fn(*args)`` in a child process within ``limits``' seconds and megabytes; its result, unpickled.

    The child is a fresh ``python -m routemap.load.importers.bounded``: it shares
    nothing with the caller (no threads, no Streamlit), gets its task through a
    pipe and answers through another; lines it writes with :func:`report_progress`
    reach ``progress`` as they come. ``fn`` and ``args`` must pickle (a
    module-level function). Raises :class:`DataError` naming ``file`` and the
    limit when the child runs out of time or memory, dies, or raises.
    """
    payload = b"".join(
        pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        for part in (list(sys.path), (limits.max_parse_megabytes, limits.max_parse_seconds), (fn, args))
    )
    deadline = time.monotonic() + limits.max_parse_seconds
    proc = subprocess.Popen(
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        close_fds=True,
    )
    try:
        out = _exchange(proc, payload, deadline, progress)
    except TimeoutError:
        raise DataError(
            [Problem(file, None, None, "still reading when stopped", limits.parse_seconds_expected)]
        ) from None
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if not out:  # died without a word: killed past a limit, or crashed
        expected = limits.parse_seconds_expected if proc.returncode == -SIGXCPU else limits.parse_memory_expected
        raise DataError([Problem(file, None, None, f"the reader stopped (exit status {proc.returncode})", expected)])
    kind, value = pickle.loads(out)
    if kind == "memory":
        raise DataError([Problem(file, None, None, "more memory", limits.parse_memory_expected)])
    if kind == "error":
        raise DataError([Problem(file, None, None, str(value), "a file routemap can read (this is a bug: report it)")])
    return value


def _exchange(proc: subprocess.Popen, payload: bytes, deadline: float, progress: ProgressFn | None) -> bytes:
    """Send ``payload``, then read the child's answer and progress lines until both pipes close or time is up."""
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None

    def send() -> None:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(payload)
            proc.stdin.close()

    threading.Thread(target=send, daemon=True).start()  # never blocks the wait below
    out, pending = bytearray(), b""
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        selector.register(proc.stderr, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.fileobj is proc.stdout:
                    out += chunk
                else:
                    *lines, pending = (pending + chunk).split(b"\n")
                    for line in lines:
                        _progress_line(line, progress)
    return bytes(out)


def _progress_line(line: bytes, progress: ProgressFn | None) -> None:
    text = line.decode("utf-8", "replace")
    if progress is None or not text.startswith(PROGRESS_TAG):
        return  # anything else a child writes (a warning) is not ours to show
    done, total, name = [*text[len(PROGRESS_TAG) :].split("\t", 2), "", ""][:3]
    if done.isdigit() and total.isdigit():
        progress(int(done), int(total), name)


def import_bounded(
    name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS, progress: ProgressFn | None = None
) -> Parsed:
    """Read and check an upload in a bounded child process; past a bound, a :class:`Parsed` with its problem.

    ``progress(done, total, name)`` follows the child's offline lookups of points the file lacks.
    """
    from routemap.load.importers.sniff import display_name, too_big

    if problem := too_big(display_name(name), len(data), limits):  # refused before a process is started for it
        return Parsed(Imported(None, {}, [problem], [], "", display_name(name)), None, [problem])
    try:
        return bounded_call(
            parse_upload_reporting, name, data, limits, limits=limits, file=display_name(name), progress=progress
        )
    except DataError as exc:
        return Parsed(Imported(None, {}, list(exc.problems), [], "", display_name(name)), None, list(exc.problems))


if __name__ == "__main__":
    _serve()
