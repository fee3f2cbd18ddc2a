"""A long list of choices narrowed for a select box (routemap.view.longlist): pure."""

from __future__ import annotations

from routemap.view import longlist

LABELS = {"none": "None", **{f"s{n}": f"{n} · Place {n}" for n in range(1, 1001)}}
LABELS["s500"] = "500 · Mogao Caves"
LABELS["s777"] = "777 · 莫高窟 Mogao (north)"


def test_only_a_long_list_is_narrowed():
    assert not longlist.is_long(dict(list(LABELS.items())[: longlist.LONG_LIST]))
    assert longlist.is_long(LABELS)


def test_without_a_search_the_choices_around_the_current_one_in_list_order():
    shown = longlist.narrowed(LABELS, keep=["none", "s600"], near="s600", limit=30)
    ids = list(shown)
    assert ids[0] == "none" and "s600" in ids
    assert ids[1:] == [f"s{n}" for n in range(595, 625)]  # a few before, the rest after
    assert list(longlist.narrowed(LABELS, limit=5)) == ["none", "s1", "s2", "s3", "s4"]
    assert list(longlist.narrowed(LABELS, near="s1000", limit=3)) == ["s998", "s999", "s1000"]


def test_a_search_finds_every_word_in_any_case_and_width():
    assert list(longlist.narrowed(LABELS, "mogao")) == ["s500", "s777"]
    assert list(longlist.narrowed(LABELS, "MOGAO north")) == ["s777"]
    assert list(longlist.narrowed(LABELS, "莫高窟")) == ["s777"]
    assert list(longlist.narrowed(LABELS, "５００ ")) == ["s500"]  # full-width digits, as a Chinese keyboard types them


def test_a_search_keeps_the_current_choice_and_stops_at_the_limit():
    shown = longlist.narrowed(LABELS, "place 1", keep=["none", "s900"], limit=4)
    assert list(shown) == ["none", "s1", "s10", "s11", "s12", "s900"]
    assert shown["s900"] == LABELS["s900"]
    assert list(longlist.narrowed(LABELS, "nowhere", keep=["none", "gone"])) == ["none"]  # unknown ids are not added
