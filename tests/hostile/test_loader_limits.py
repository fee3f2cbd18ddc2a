"""Routemap's limits (:mod:`routemap.limits`): each refused with a problem naming the file and the limit.

The refusals come before the expensive work, so these tests are quick; a test that
takes minutes here is a limit checked too late.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from routemap.load.folder import load_dataset
from routemap.model.dataset import FILES, TRIP_FILE
from routemap.model.limits import DEFAULT_LIMITS, Limits
from tests.hostile.cases import long_csv, only, refused, sparse_file, wide_csv
from tests.test_schema_errors import read_rows, write_rows

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


# --------------------------------------------------------------------------- columns and rows per CSV


def test_a_hundred_thousand_columns_are_refused_from_the_header(data_copy):
    """Once a quadratic duplicate check of the header: 100,000 columns took minutes."""
    (data_copy / "places.csv").write_text(wide_csv(100_000), encoding="utf-8")
    assert str(only(refused(data_copy))) == (
        "places.csv, row 1: got '100,000 columns', expected at most 100 columns (routemap's limit)"
    )


def test_columns_up_to_the_limit_are_fine_and_one_more_is_not(data_copy):
    path = data_copy / "places.csv"
    rows = read_rows(path)
    extra = DEFAULT_LIMITS.max_columns - len(rows[0])
    write_rows(path, [row + [f"note{i}" if n == 0 else "" for i in range(extra)] for n, row in enumerate(rows)])
    assert len(load_dataset(data_copy).places) == 16
    write_rows(path, [[*row, "one too many"] for row in read_rows(path)])
    problem = only(refused(data_copy))
    assert (problem.file, problem.row, problem.value) == ("places.csv", 1, "101 columns")


def test_many_duplicate_columns_are_each_named_once(data_copy):
    path = data_copy / "legs.csv"
    rows = read_rows(path)
    write_rows(path, [row + row[:4] + row[:4] for row in rows])
    found = refused(data_copy)
    assert [(p.file, p.row, p.column) for p in found] == [("legs.csv", 1, c) for c in ("date", "from", "id", "to")]
    assert {p.expected for p in found} == {"each column named once in the header"}


def test_rows_past_the_limit_are_refused_before_a_table_is_built(data_copy):
    header = (data_copy / "cities.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_copy / "cities.csv").write_text(long_csv(header, DEFAULT_LIMITS.max_rows + 1), encoding="utf-8")
    # cities.csv is left out, as a missing file is: no noise about the places' cities.
    assert str(only(refused(data_copy))) == (
        "cities.csv: got 'more than 20,000 rows', expected at most 20,000 rows after the header (routemap's limit)"
    )


def test_rows_up_to_the_limit_are_fine(data_copy):
    assert len(load_dataset(data_copy, limits=Limits(max_rows=16)).places) == 16
    problem = only(refused(data_copy, limits=Limits(max_rows=15)))
    assert (problem.file, problem.value) == ("places.csv", "more than 15 rows")


def test_a_header_cell_too_long_for_csv_is_a_problem_not_a_crash(data_copy):
    path = data_copy / "legs.csv"
    path.write_text("x" * 200_000 + "," + path.read_text(encoding="utf-8"), encoding="utf-8")
    problem = only(refused(data_copy))
    assert (problem.file, problem.row) == ("legs.csv", 1)
    assert problem.expected.startswith("well-formed CSV (field larger than field limit")
