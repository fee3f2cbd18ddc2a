"""A map's places are sent once per frame: what routemap.web.mapframe assumes a map's frame holds,
as a pure function and in AppTest. (That a frame which lost them gets them back is a browser test:
test_browser_talk.test_a_map_frame_made_anew_asks_for_the_places_its_page_left_out.)"""

from __future__ import annotations

import json

import pytest

from routemap.map.places import PLACES_WANTED
from routemap.web.mapframe import Held, holds
from tests.mapdata import left_out, place_payloads
from tests.test_app import run_app

FRAME = ("openstreetmap", "served", "en", "delegation-2025", "None", False)
HELD = Held(FRAME, 7, frozenset({"a", "b"}), answered="a@1")


def test_the_frame_of_the_run_before_holds_what_that_run_sent():
    assert holds(HELD, FRAME, 8) == {"a", "b"}
    assert holds(HELD, FRAME, 8, request="a@1") == {"a", "b"}  # a request answered already


@pytest.mark.parametrize(
    ("before", "frame", "run", "asked"),
    [
        (None, FRAME, 8, None),  # the map was never drawn in this session
        (HELD, FRAME, 9, None),  # a run in between did not draw it: the frame may be gone
        (HELD, FRAME, 7, None),  # the same run again (cannot happen; not assumed either)
        (HELD, ("carto-light", *FRAME[1:]), 8, None),  # another basemap: streamlit-folium makes a new frame
        (HELD, FRAME, 8, "b@2"),  # the frame asked for its places
    ],
    ids=["never-drawn", "run-between", "same-run", "other-frame", "asked"],
)
def test_in_doubt_the_frame_holds_nothing(before, frame, run, asked):
    assert holds(before, frame, run, asked) == frozenset()


def map_layers(at) -> str:
    """The layers' script the last run sent the map (streamlit-folium's ``feature_group`` argument)."""
    (instance,) = at.get("component_instance")
    return json.loads(instance.proto.json_args)["feature_group"]


def test_a_talk_step_sends_the_places_digests_only_until_the_page_is_left():
    at = run_app("pages/talk.py")
    sent = {p["digest"] for p in place_payloads(map_layers(at))}
    assert len(sent) == 2 and left_out(map_layers(at)) == []  # the stops and the mentioned places
    at.button(key="talk-next").click().run()
    assert place_payloads(map_layers(at)) == [] and set(left_out(map_layers(at))) == sent
    at.switch_page("pages/map.py").run()
    at.switch_page("pages/talk.py").run()  # a new frame: the places again
    assert {p["digest"] for p in place_payloads(map_layers(at))} == sent


def test_a_click_s_rerun_sends_no_places_and_a_frame_s_request_brings_them():
    at = run_app()
    at.run()
    assert left_out(map_layers(at)) != [] and place_payloads(map_layers(at)) == []
    at.session_state["route-map"] = {PLACES_WANTED: "x@1"}  # what the frame's value holds when it lost them
    at.run()
    assert left_out(map_layers(at)) == [] and len(place_payloads(map_layers(at))) == 2
    at.run()  # the request was answered: not again
    assert place_payloads(map_layers(at)) == []
