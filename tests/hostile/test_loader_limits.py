"""Routemap's limits (:mod:`routemap.limits`): each refused with a problem naming the file and the limit.

The refusals come before the expensive work, so these tests are quick; a test that
takes minutes here is a limit checked too late.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from routemap.data import FILES, TRIP_FILE, load_dataset
from routemap.limits import DEFAULT_LIMITS, Limits
from tests.hostile.cases import only, refused, sparse_file

# --------------------------------------------------------------------------- the limits themselves


def test_default_limits():
    assert (
        Limits(
            max_file_bytes=20_000_000,
            max_rows=20_000,
            max_columns=100,
            max_json_depth=64,
            max_trip_days=3_660,
            earliest_year=1000,
            latest_year=2999,
        )
        == DEFAULT_LIMITS
    )


def test_limits_are_frozen():
    with pytest.raises(FrozenInstanceError):
        DEFAULT_LIMITS.max_rows = 10**9  # type: ignore[misc]


@pytest.mark.parametrize(
    "changes",
    [{"max_rows": 0}, {"max_columns": -1}, {"max_file_bytes": 1.5}, {"earliest_year": 0}, {"latest_year": 999}],
)
def test_nonsense_limits_are_refused(changes):
    with pytest.raises(ValueError, match="Limits"):
        Limits(**changes)


# --------------------------------------------------------------------------- bytes per file


@pytest.mark.parametrize("name", ["places.csv", "trip.toml"])
def test_a_file_over_the_byte_limit_is_refused_before_it_is_read(data_copy, name):
    sparse_file(data_copy / name, DEFAULT_LIMITS.max_file_bytes + 1)
    problem = only(refused(data_copy))
    assert str(problem) == (
        f"{name}: got '20,000,001 bytes', expected a file of at most 20,000,000 bytes (routemap's limit)"
    )


def test_a_file_at_the_byte_limit_is_read_and_one_byte_more_is_not(data_copy):
    sizes = {name: (data_copy / name).stat().st_size for name in (TRIP_FILE, *FILES)}
    biggest = max(sizes, key=sizes.__getitem__)
    assert len(load_dataset(data_copy, limits=Limits(max_file_bytes=sizes[biggest])).places) == 16
    problem = only(refused(data_copy, limits=Limits(max_file_bytes=sizes[biggest] - 1)))
    assert (problem.file, problem.value) == (biggest, f"{sizes[biggest]:,} bytes")
