"""Talk mode's pure logic: steps over every day, progress, jumping to a day, the card."""

from __future__ import annotations

import pandas as pd

from routemap import filters, talk
from routemap.filters import Selection


def test_a_talk_walks_every_day_its_travel_and_its_stops_in_order(dataset):
    steps = talk.steps(filters.apply(dataset))
    assert [s.key for s in steps] == [
        "day:2025-05-26",
        "day:2025-05-27",
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
        "day:2025-06-05",
    ]
    assert sorted({s.day.number for s in steps}) == list(range(1, 12))  # all eleven days
    assert [s.label for s in steps[:4]] == [
        "Day 1 · Xi'an",
        "Day 2 · Xi'an",
        "Day 3 · travel Xi'an → Yan'an",
        "Day 3 · 1. Cave dwellings of the CPC leadership, Yangjialing",
    ]


def test_progress_marks_what_is_behind(dataset):
    steps = talk.steps(filters.apply(dataset))
    by_key = {s.key: s for s in steps}
    assert by_key["day:2025-05-26"].progress.stop == 0
    train = by_key["leg:xian-yanan"].progress
    assert (train.stop, train.day) == (0, pd.Timestamp("2025-05-28"))  # stops of that day still ahead
    assert by_key["dunhuang-shouhang-csp-plant"].progress.stop == 8
    assert talk.progress_label(steps, 3, 11) == "Step 4 of 21 · Day 3 of 11 · Stop 1 of 14"
    assert talk.progress_label(steps, 0, 11) == "Step 1 of 21 · Day 1 of 11"


def test_filters_keep_only_matching_days(dataset):
    steps = talk.steps(filters.apply(dataset, Selection(themes=frozenset({"defend-socialist-china"}))))
    assert [s.key for s in steps] == ["shanghai-fudan-china-institute-dialogue"]
    assert talk.steps(filters.apply(dataset, Selection(themes=frozenset()))) == []


def test_index_and_jump_to_a_day(dataset):
    steps = talk.steps(filters.apply(dataset))
    assert talk.index_of(steps, "dunhuang-shouhang-csp-plant") == 11
    assert talk.index_of(steps, "no-such-step") == 0
    assert steps[talk.first_step_of_day(steps, 6)].key == "dunhuang-shouhang-csp-plant"
    assert steps[talk.first_step_of_day(steps, 4)].key == "leg:yanan-dunhuang"
    planet = talk.steps(filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"}))))
    assert planet[talk.first_step_of_day(planet, 9)].key == "jiayuguan-qimu-dairy"  # last before


def test_focus_follows_the_step(dataset):
    view = filters.apply(dataset)
    steps = {s.key: s for s in talk.steps(view)}
    assert talk.focus(steps["shanghai-lenovo-future-center"], view) == ((31.19, 121.588), 7)
    (lat, lon), zoom = talk.focus(steps["leg:jiayuguan-shanghai"], view)
    assert 31 < lat < 40 and 98 < lon < 122 and zoom <= 5
    assert talk.focus(steps["day:2025-05-26"], view) == ((34.25833, 108.92861), 7)


def test_cards_show_each_kind_of_step_with_text_escaped(dataset):
    places = dataset.places.copy()
    places.loc[places["id"] == "yanan-leaders-caves", "description"] = "<b>bold</b> & ${x}"
    hostile = type(dataset)(dataset.trip, dataset.cities, dataset.legs, places)
    steps = talk.steps(filters.apply(hostile))
    stop = talk.card_html(steps, 3, dataset.trip)
    assert "Wednesday 28 May 2025" in stop and "杨家岭革命旧址" in stop
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; ${x}" in stop and "<b>" not in stop
    assert "We visited the caves where Mao" in stop and "date inferred" in stop
    leg = talk.card_html(steps, 2, dataset.trip)
    assert "Xi&#x27;an → Yan&#x27;an" in leg and "265 km (train)" in leg
    assert "On 28 May, the delegation travelled by train" in leg
    quiet = talk.card_html(steps, 0, dataset.trip)
    assert "The article records nothing for this day." in quiet and "Monday 26 May 2025" in quiet
