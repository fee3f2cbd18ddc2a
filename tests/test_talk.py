"""Talk mode's pure logic: the title card, steps over the days, quiet days folded, progress, jumps, the card."""

from __future__ import annotations

import pandas as pd

from routemap.geo import screen
from routemap.map import build
from routemap.markup import stylesheet
from routemap.view import filters, talk, talk_card
from routemap.view.filters import Selection

QUIET = ["day:2025-05-26", "day:2025-05-27", "day:2025-06-05"]  # Xi'an twice, and the last day
ROUTE = [
    "leg:xian-yanan",
    "yanan-leaders-caves",
    "yanan-7th-congress-hall",
    "yanan-revolutionary-memorial-hall",
    "yanan-provincial-lecture",
    "leg:yanan-dunhuang",
    "dunhuang-dialogue-opening",
    "dunhuang-rhythm-performance",
    "dunhuang-youth-parallel-session",
    "dunhuang-shouhang-csp-plant",
    "leg:dunhuang-jiayuguan",
    "jiayuguan-jisco-smart-grid",
    "jiayuguan-zixuan-winery",
    "jiayuguan-qimu-dairy",
    "leg:jiayuguan-shanghai",
    "shanghai-fudan-china-institute-dialogue",
    "shanghai-first-congress-site",
    "shanghai-lenovo-future-center",
]


def test_a_talk_opens_on_its_title_then_walks_the_travel_and_stops_in_order(dataset):
    steps = talk.steps(filters.apply(dataset))
    assert [s.key for s in steps] == ["title", *ROUTE]  # days with nothing recorded are folded away
    assert steps[0].kind == "title" and steps[0].day is None and steps[0].progress is None
    assert sorted({s.day_number for s in steps}) == [0, 3, 4, 5, 6, 7, 8, 9, 10]
    assert [s.label for s in steps[:3]] == [
        "Title card",
        "Day 3 · travel Xi'an → Yan'an",
        "Day 3 · 1. Cave dwellings of the CPC leadership, Yangjialing",
    ]


def test_asked_for_the_quiet_days_each_is_a_step_of_its_own(dataset):
    view = filters.apply(dataset)
    steps = talk.steps(view, quiet_days=True)
    assert [s.key for s in steps] == ["title", *QUIET[:2], *ROUTE, QUIET[2]]
    assert sorted({s.day_number for s in steps}) == list(range(12))  # the title, then all eleven days
    assert steps[1].label == "Day 1 · Xi'an"
    assert talk.has_quiet_days(view)
    busy = Selection(first_day=pd.Timestamp("2025-05-28").date(), last_day=pd.Timestamp("2025-06-04").date())
    assert not talk.has_quiet_days(filters.apply(dataset, busy))


def test_a_view_s_steps_are_worked_out_once_and_each_caller_gets_its_own_list(dataset):
    view = filters.apply(dataset)
    first, again = talk.steps(view), talk.steps(view)
    assert first == again and all(a is b for a, b in zip(first, again, strict=True))  # kept, not redone
    first.clear()
    assert talk.steps(view) == again  # a caller's list is its own
    quiet = talk.steps(view, quiet_days=True)
    assert len(quiet) == len(again) + len(QUIET)  # kept per choice, not mixed up
    other = filters.apply(dataset, Selection(themes=frozenset({"revolutionary-heritage"})))
    keys = [s.key for s in talk.steps(other)]  # another view: its own steps
    assert keys == [s.key for s in talk._steps(other, False)] and keys != [s.key for s in again]


def test_the_steps_with_and_without_quiet_days_share_their_objects_and_hold_plain_rows(dataset):
    """Streamlit runs Python's full collection after every run of a page, and it visits every object
    the kept steps hold: with a pandas Series per row and two lists of its own, a talk of 10,000
    stops added 350,000 objects and about 0.16 s to every talk step."""
    view = filters.apply(dataset)
    quiet = {id(s) for s in talk.steps(view, quiet_days=True)}
    assert all(id(s) in quiet for s in talk.steps(view))
    rows = [s.row for s in talk.steps(view, quiet_days=True) if s.row is not None]
    assert rows and all(type(row) is dict for row in rows)
    assert not any(hasattr(s, "__dict__") for s in talk.steps(view))  # slots: one object a step, not two


def test_the_step_picker_s_lines_are_each_step_s_label_kept_with_the_view(dataset):
    view = filters.apply(dataset)
    for quiet, lang in ((False, "en"), (True, "zh")):
        labels = talk.step_labels(view, lang, quiet_days=quiet)
        assert labels == {s.key: s.label_in(lang) for s in talk.steps(view, quiet_days=quiet)}
        assert talk.step_labels(view, lang, quiet_days=quiet) is labels


def test_progress_marks_what_is_behind(dataset):
    steps = talk.steps(filters.apply(dataset), quiet_days=True)
    by_key = {s.key: s for s in steps}
    assert by_key["day:2025-05-26"].progress.stop == 0
    train = by_key["leg:xian-yanan"].progress
    assert (train.stop, train.day) == (0, pd.Timestamp("2025-05-28"))  # stops of that day still ahead
    assert by_key["dunhuang-shouhang-csp-plant"].progress.stop == 8
    assert talk_card.progress_label(steps, 4, 11) == "Step 5 of 22 · Day 3 of 11 · Stop 1 of 14"
    assert talk_card.progress_label(steps, 1, 11) == "Step 2 of 22 · Day 1 of 11"
    assert talk_card.progress_label(steps, 0, 11) == "Step 1 of 22"  # the title card
    folded = talk.steps(filters.apply(dataset))
    assert talk_card.progress_label(folded, 2, 11) == "Step 3 of 19 · Day 3 of 11 · Stop 1 of 14"


def test_filters_keep_only_matching_days(dataset):
    steps = talk.steps(filters.apply(dataset, Selection(themes=frozenset({"defend-socialist-china"}))), quiet_days=True)
    assert [s.key for s in steps] == ["title", "shanghai-fudan-china-institute-dialogue"]
    assert talk.steps(filters.apply(dataset, Selection(themes=frozenset()))) == []  # nothing on view, no title


def test_index_jump_to_a_day_and_a_folded_day(dataset):
    steps = talk.steps(filters.apply(dataset))
    assert talk.index_of(steps, "dunhuang-shouhang-csp-plant") == 10
    assert talk.index_of(steps, "no-such-step") == 0
    assert steps[talk.first_step_of_day(steps, 6)].key == "dunhuang-shouhang-csp-plant"
    assert steps[talk.first_step_of_day(steps, 4)].key == "leg:yanan-dunhuang"
    assert steps[talk.first_step_of_day(steps, 1)].key == "title"  # day 1 is folded: the last step before it
    planet = talk.steps(filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"}))))
    assert planet[talk.first_step_of_day(planet, 9)].key == "jiayuguan-qimu-dairy"  # last before
    assert talk.days_of(steps)[0] == pd.Timestamp("2025-05-28").date() and len(talk.days_of(steps)) == 8
    # a day folded away gives way to the step after it (the last step when none is after)
    assert talk.nearest_step(steps, "day:2025-05-27") == "leg:xian-yanan"
    assert talk.nearest_step(steps, "day:2025-06-05") == "shanghai-lenovo-future-center"
    assert talk.nearest_step(steps, "yanan-leaders-caves") == "yanan-leaders-caves"
    assert talk.nearest_step(steps, "nowhere") is None


def test_step_links_name_a_key_a_number_or_an_old_label(dataset):
    steps = talk.steps(filters.apply(dataset), quiet_days=True)
    assert talk.step_from_param(steps, "leg:yanan-dunhuang") == "leg:yanan-dunhuang"
    assert talk.step_from_param(steps, "Day 4 · travel Yan'an → Dunhuang") == "leg:yanan-dunhuang"
    assert talk.step_from_param(steps, "1") == "title"
    assert talk.step_from_param(steps, "99") is None


def test_the_map_goes_to_the_stop_itself_when_its_city_s_stops_stand_apart(dataset):
    view = filters.apply(dataset)
    steps = {s.key: s for s in talk.steps(view, quiet_days=True)}
    # Shanghai's three stops are kilometres apart: close enough in to tell them apart
    for key in ("shanghai-fudan-china-institute-dialogue", "shanghai-first-congress-site"):
        (lat, lon), zoom = talk.focus(steps[key], view)
        assert (lat, lon) == (steps[key].row["lat"], steps[key].row["lon"]) and 10 <= zoom <= 12
    assert talk.focus(steps["shanghai-lenovo-future-center"], view) == ((31.19, 121.588), 11)
    a, b = steps["shanghai-fudan-china-institute-dialogue"].row, steps["shanghai-first-congress-site"].row
    zoom = talk.focus(steps["shanghai-first-congress-site"], view)[1]
    xa, ya = screen.pixel_xy(a["lat"], a["lon"], zoom)
    xb, yb = screen.pixel_xy(b["lat"], b["lon"], zoom)
    assert ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 >= 2 * screen.STOP_SIZE  # two discs apart, not overlapping
    # the solar plant stands 25 km from Dunhuang's centre, where its other stops are drawn
    assert talk.focus(steps["dunhuang-shouhang-csp-plant"], view)[1] == 10
    # Yan'an's four stops share the city's point: they are spread on the map, which keeps the wider view
    assert talk.focus(steps["yanan-leaders-caves"], view) == ((36.59889, 109.49167), 7)
    (lat, lon), zoom = talk.focus(steps["leg:jiayuguan-shanghai"], view)
    assert 31 < lat < 40 and 98 < lon < 122 and zoom <= 5
    assert talk.focus(steps["day:2025-05-26"], view) == ((34.25833, 108.92861), 7)
    (lat, lon), zoom = talk.focus(steps["title"], view)  # the whole route
    assert 30 < lat < 42 and 94 < lon < 122 and zoom <= 5


def test_the_title_card_fits_the_whole_route_in_the_smallest_talk_map_in_half_zoom_steps(dataset):
    view = filters.apply(dataset)
    (south, west), (north, east) = build.bounds(view)
    (lat, lon), zoom = talk.focus(talk.steps(view)[0], view)
    assert zoom == 4.5  # zoom 5 would cut off Dunhuang or Shanghai at 1024 x 768, zoom 4 wastes the map
    x0, y0 = screen.pixel_xy(north, west, zoom)
    x1, y1 = screen.pixel_xy(south, east, zoom)
    top, right, bottom, left = screen.PADDING_FOLDED_LEGEND
    width, height = talk.MAP_PX
    assert x1 - x0 <= width - left - right and y1 - y0 <= height - top - bottom
    cx, cy = screen.pixel_xy(lat, lon, zoom)
    assert abs(cx - (x0 + x1) / 2) < 1 and abs(cy - (y0 + y1) / 2) < 1  # centred


def test_the_title_card_names_the_trip_its_dates_and_its_route(dataset):
    steps = talk.steps(filters.apply(dataset))
    card = talk_card.card_html(steps, 0, dataset.trip)
    assert "Second Friends of Socialist China delegation to the People&#39;s Republic of China" in card
    assert "26 May – 5 June 2025" in card and "Step 1 of 19" in card
    cities = ["Xi&#39;an", "Yan&#39;an", "Dunhuang", "Jiayuguan", "Shanghai"]
    assert "".join(f'<span class="rm-talk-city">{c}</span>' for c in cities) in card.replace(
        '<span class="rm-talk-arrow"> → </span>', ""
    )
    assert "11 days · 14 stops · 4,225 km travelled" in card
    planet = talk.steps(filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"}))))
    assert "4 stops · 310 km travelled" in talk_card.card_html(planet, 0, dataset.trip)


def test_cards_show_each_kind_of_step_with_text_escaped(dataset):
    places = dataset.places.copy()
    places.loc[places["id"] == "yanan-leaders-caves", "description"] = "<b>bold</b> & ${x} {{ 7 * 7 }}"
    hostile = type(dataset)(dataset.trip, dataset.cities, dataset.legs, places)
    steps = talk.steps(filters.apply(hostile), quiet_days=True)
    stop = talk_card.card_html(steps, 4, dataset.trip)
    assert "Wednesday 28 May 2025" in stop and "杨家岭革命旧址" in stop
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; ${x} {{ 7 * 7 }}" in stop and "<b>" not in stop and "49" not in stop
    assert "We visited the caves where Mao" in stop and "date inferred" in stop
    assert "border-left" not in stop and "--rm-accent: #D55E00" in stop  # the theme's colour, from trip.toml
    leg = talk_card.card_html(steps, 3, dataset.trip)
    assert "Xi&#39;an → Yan&#39;an" in leg and "265 km (train)" in leg
    assert "On 28 May, the delegation travelled by train" in leg
    quiet = talk_card.card_html(steps, 1, dataset.trip)
    assert "The source records nothing for this day." in quiet and "Monday 26 May 2025" in quiet
    plant = talk_card.card_html(steps, talk.index_of(steps, "dunhuang-shouhang-csp-plant"), dataset.trip)
    assert "date stated by the source" in plant
    assert "article" not in quiet + talk_card.card_html(steps, 0, dataset.trip)  # trips have other sources


def test_the_talk_stylesheet_sizes_type_for_a_room():
    css = stylesheet("talk.css")
    assert "--rm-talk-u: clamp(15px, 2.5vh, 34px)" in css  # 27 px at 1080 px high, 18 px at 720 px
    assert ":focus:not(:focus-visible)" in css and "max-height: var(--rm-talk-stage)" in css
