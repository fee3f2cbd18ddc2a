"""A trip of a thousand stops in AppTest: the Stop box and the talk's step picker list some, and a
search box finds the others (routemap.view.longlist). The shipped trip keeps plain select boxes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from routemap.view import longlist
from tests.test_app import run_app, stop_box, talk_progress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from synth_trip import write_trip

STOPS = 1000


@pytest.fixture(scope="module")
def long_trip(tmp_path_factory) -> Path:
    return write_trip(tmp_path_factory.mktemp("long") / "trip", STOPS)


@pytest.fixture
def long_app(long_trip, monkeypatch):
    monkeypatch.setenv("ROUTEMAP_DATA", str(long_trip))

    def run(page: str | None = None) -> AppTest:
        # An AppTest's first run is in Streamlit's pages-folder mode, where widgets have other ids
        # (routemap.web.frame.page_view); a value typed into that run's search box would be lost.
        at = run_app(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def test_the_shipped_trip_has_no_search_box_before_its_select_boxes():
    at = run_app()
    assert [box.key for box in at.text_input if box.key.endswith("-search")] == []
    assert len(stop_box(at).options) == 15  # "None" and the 14 stops


def test_the_stop_box_of_a_long_trip_lists_some_stops_and_finds_the_others(long_app):
    at = long_app()
    box = stop_box(at)
    assert len(box.options) <= longlist.SHOWN + 1 and box.options[0] == "None"
    assert f"of {STOPS + 1:,} listed" in " ".join(c.value for c in at.sidebar.caption)
    far = "777 · "
    assert not any(option.startswith(far) for option in box.options)
    at.sidebar.text_input(key="stop-search").input("777").run()
    found = [option for option in stop_box(at).options if option.startswith(far)]
    assert len(found) == 1
    stop_box(at).select_index(stop_box(at).options.index(found[0])).run()
    assert not at.exception
    chosen = at.query_params["stop"]  # the stop is in focus, and in the link
    assert stop_box(at).value == chosen and stop_box(at).format_func(chosen) == found[0]
    at.sidebar.text_input(key="stop-search").input("").run()
    box = stop_box(at)
    assert box.value == chosen and found[0] in box.options  # kept, among its neighbours
    assert len(box.options) <= longlist.SHOWN + 1


def test_the_step_picker_of_a_long_talk_lists_the_steps_near_and_finds_the_others(long_app):
    at = long_app("pages/talk.py")
    assert talk_progress(at).startswith("Step 1 of ")
    (picker,) = [box for box in at.selectbox if box.key.startswith("talk-picker-")]
    assert len(picker.options) == longlist.SHOWN
    at.text_input(key="talk-picker-search").input("900.").run()
    (picker,) = [box for box in at.selectbox if box.key.startswith("talk-picker-")]
    far = [label for label in picker.options if "· 900. " in label]
    assert len(far) == 1 and len(picker.options) == 2, picker.options  # the step found, and the current one
    picker.select_index(picker.options.index(far[0])).run()
    assert not at.exception
    assert "Stop 900 of " in talk_progress(at)
