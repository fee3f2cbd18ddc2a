"""Talk mode's pure logic: steps, neighbours, jumping to a day, the card."""

from __future__ import annotations

from datetime import date

from routemap import filters, talk
from routemap.filters import Selection


def test_current_step_defaults_to_the_first_stop(dataset):
    view = filters.apply(dataset)
    step = talk.current_step(view, None)
    assert step.stop["id"] == "yanan-leaders-caves" and step.is_first and not step.is_last
    assert step.progress_label == "Stop 1 of 14 · Day 3 of 11"
    assert talk.current_step(view, "no-such-stop").index == 0


def test_neighbours_walk_every_stop_in_route_order_and_stop_at_the_ends(dataset):
    view = filters.apply(dataset)
    seen, current = [], None
    for _ in range(20):
        step = talk.current_step(view, current)
        seen.append(int(step.stop["stop"]))
        if step.is_last:
            break
        current = talk.neighbour(view, current or step.stop["id"], +1)
    assert seen == list(range(1, 15))
    assert talk.neighbour(view, current, +1) == current  # clamped at the end
    assert talk.neighbour(view, "yanan-leaders-caves", -1) == "yanan-leaders-caves"


def test_steps_follow_the_filters(dataset):
    view = filters.apply(dataset, Selection(themes=frozenset({"protecting-the-planet"})))
    step = talk.current_step(view, None)
    assert step.progress_label == "Stop 1 of 4 · Day 6 of 11"
    assert talk.current_step(filters.apply(dataset, Selection(themes=frozenset())), None) is None


def test_jump_to_a_day_picks_its_first_stop_or_the_last_before(dataset):
    view = filters.apply(dataset)
    assert talk.first_stop_from(view, date(2025, 5, 31)) == "dunhuang-shouhang-csp-plant"
    assert talk.first_stop_from(view, date(2025, 5, 29)) == "dunhuang-dialogue-opening"
    assert talk.first_stop_from(view, date(2025, 6, 5)) == "shanghai-lenovo-future-center"


def test_card_shows_date_names_description_and_quote_escaped(dataset):
    places = dataset.places.copy()
    places.loc[places["id"] == "yanan-leaders-caves", "description"] = "<b>bold</b> & ${x}"
    hostile = type(dataset)(dataset.trip, dataset.cities, dataset.legs, places)
    html = talk.card_html(talk.current_step(filters.apply(hostile), None))
    assert "Wednesday 28 May 2025" in html and "杨家岭革命旧址" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; ${x}" in html and "<b>" not in html
    assert "We visited the caves where Mao" in html
    assert "date inferred" in html
