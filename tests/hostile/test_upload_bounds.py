"""An upload is read in a child process bounded in time and memory: the bound really stops it.

``routemap.load.importers.bounded`` is what stands between a file no check foresaw and
the dashboard's server. Here a fake parser that never ends and one that wants more
memory than allowed are stopped, each with a problem naming its limit, and the
process serving them (this one) carries on.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from routemap.load.importers.bounded import bounded_call, import_bounded
from routemap.model.errors import DataError
from routemap.model.limits import Limits

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"


def sleep_forever(_name: str) -> str:
    """A parser that never finishes (it runs in the child process)."""
    time.sleep(3600)
    return "never"


def hoard_memory(megabytes: int) -> int:
    """A parser that asks for more memory than the bound allows (in the child process)."""
    return len(bytearray(megabytes * 1024 * 1024))


def crash(_name: str) -> None:
    raise RecursionError("maximum recursion depth exceeded")


def test_a_parser_past_the_time_bound_is_stopped_and_named():
    limits = Limits(max_parse_seconds=2)
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        bounded_call(sleep_forever, "slow.geojson", limits=limits, file="slow.geojson")
    assert time.monotonic() - started < 6  # stopped at two seconds, whatever the parser does
    assert [str(p) for p in caught.value.problems] == [
        "slow.geojson: got 'still reading when stopped', expected a file read and checked within 2 seconds "
        "(max_parse_seconds, routemap's limit)"
    ]


def test_a_parser_past_the_memory_bound_is_stopped_and_named():
    limits = Limits(max_parse_megabytes=800)  # Python with pandas and the readers takes about 400
    with pytest.raises(DataError) as caught:
        bounded_call(hoard_memory, 2_000, limits=limits, file="big.kml")
    (problem,) = caught.value.problems
    assert problem.file == "big.kml"
    assert problem.expected == "a file read and checked within 800 MB of memory (max_parse_megabytes, routemap's limit)"
    assert bounded_call(hoard_memory, 10, limits=limits) == 10 * 1024 * 1024  # within the bound, it runs


def test_an_error_in_the_child_is_a_problem_not_a_traceback():
    with pytest.raises(DataError) as caught:
        bounded_call(crash, "x.csv", file="x.csv")
    assert "RecursionError" in str(caught.value.problems[0])


def test_an_upload_is_read_and_checked_in_the_child():
    parsed = import_bounded("shaanxi.kml", (EXAMPLES / "shaanxi.kml").read_bytes())
    assert parsed.problems == []
    assert parsed.dataset is not None and len(parsed.dataset.places) == 3
    assert parsed.imported.format == "KML"


def test_an_upload_past_a_tiny_memory_bound_is_refused_with_its_name():
    data = (EXAMPLES / "shaanxi.kml").read_bytes()
    parsed = import_bounded("shaanxi.kml", data, limits=Limits(max_parse_megabytes=1))
    assert parsed.dataset is None
    assert [p.expected for p in parsed.problems] == [
        "a file read and checked within 1 MB of memory (max_parse_megabytes, routemap's limit)"
    ]


def test_the_childs_offline_lookups_reach_the_callers_progress():
    data = b"name,city,date\nBell Tower,Xi'an,2025-05-26\nPagoda,Yan'an,2025-05-27\n"
    seen = []
    parsed = import_bounded("blank.csv", data, progress=lambda done, total, name: seen.append((done, total, name)))
    assert parsed.dataset is not None, parsed.problems
    assert seen and seen[-1][0] == seen[-1][1]  # ends with every lookup done
    assert {name for _, _, name in seen} >= {"Xi'an", "Yan'an"}
