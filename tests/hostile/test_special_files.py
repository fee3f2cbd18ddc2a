"""Files that are not regular files, or lie about their size: refused without blocking or reading them all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from routemap import cli
from routemap.load.read import read_text
from routemap.model.limits import Limits
from tests.hostile.cases import call_unblocking, fifo, only, refused

needs_mkfifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this platform has no named pipes")


@needs_mkfifo
@pytest.mark.parametrize("name", ["places.csv", "trip.toml"])
def test_a_fifo_in_place_of_a_data_file_is_refused_without_blocking(data_copy, name):
    pipe = fifo(data_copy / name)
    problem = only(call_unblocking(lambda: refused(data_copy), pipe))
    assert (problem.file, problem.row, problem.column, problem.value) == (name, None, None, None)
    assert problem.expected == "a regular file, not a named pipe (FIFO)"


@needs_mkfifo
def test_a_fifo_given_as_an_itinerary_is_refused_by_validate(tmp_path, capsys):
    pipe = fifo(tmp_path / "route.geojson")
    code = call_unblocking(lambda: cli.main(["validate", str(pipe)]), pipe)
    assert code == cli.EXIT_PROBLEM
    # Not a regular file, so not taken for an itinerary at all: the path is what is wrong.
    assert "route.geojson: expected a data folder or an itinerary .geojson file" in capsys.readouterr().err


@needs_mkfifo
def test_read_text_never_opens_a_fifo(tmp_path):
    pipe = fifo(tmp_path / "legs.csv")
    text, found = call_unblocking(lambda: read_text(pipe), pipe)
    assert text is None
    assert str(only(found)) == "legs.csv: expected a regular file, not a named pipe (FIFO)"


def test_a_folder_in_place_of_a_data_file(data_copy):
    (data_copy / "legs.csv").unlink()
    (data_copy / "legs.csv").mkdir()
    assert str(only(refused(data_copy))) == "legs.csv: expected a regular file, not a directory"


def test_a_device_in_place_of_a_data_file(tmp_path):
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    # /dev/null reads as empty; /dev/zero or a tape would never end, or rewind: none is opened.
    (tmp_path / "cities.csv").symlink_to("/dev/null")
    text, found = read_text(tmp_path / "cities.csv")
    assert text is None
    assert str(only(found)) == "cities.csv: expected a regular file, not a character device"


def test_a_file_larger_than_it_says_is_read_no_further_than_the_limit():
    """Files of /proc say they are empty and are not: the read itself stops at the limit."""
    status = Path("/proc/self/status")
    if not status.exists() or status.stat().st_size != 0:
        pytest.skip("needs a Linux /proc file that reports size 0")
    text, found = read_text(status, limits=Limits(max_file_bytes=10))
    assert text is None
    assert str(only(found)) == (
        "status: got 'more than 10 bytes', expected a file of at most 10 bytes (routemap's limit)"
    )
