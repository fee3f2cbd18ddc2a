"""Values kept with the dataset and the view: computed once, bounded, and never shared across different inputs."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from routemap.map import build
from routemap.model.derive import Derives
from routemap.view import filters


@dataclass(frozen=True)
class Thing(Derives):
    name: str


class Counter:
    def __init__(self) -> None:
        self.calls: list[object] = []

    def __call__(self, key: object):
        def compute():
            self.calls.append(key)
            return [key]  # a new object each time: identity shows whether it was kept

        return compute


def test_derived_is_computed_once_per_object_and_name():
    a, b = Thing("a"), Thing("a")
    count = Counter()
    first = a.derived("x", count("x"))
    assert a.derived("x", count("x")) is first
    assert b.derived("x", count("x")) is not first  # equal objects, each its own values
    assert a.derived("y", count("y")) == ["y"]
    assert count.calls == ["x", "x", "y"]


def test_memo_keeps_the_keys_used_last_and_forgets_the_oldest():
    thing, count = Thing("t"), Counter()
    kept = {k: thing.memo("m", k, count(k), size=2) for k in (1, 2)}
    assert thing.memo("m", 1, count(1), size=2) is kept[1]  # 1 is now the most recently used
    thing.memo("m", 3, count(3), size=2)  # forgets 2, the least recently used
    assert thing.memo("m", 1, count(1), size=2) is kept[1]
    assert thing.memo("m", 2, count(2), size=2) is not kept[2]
    assert count.calls == [1, 2, 3, 2]


def test_memo_tables_are_separate_by_name():
    thing, count = Thing("t"), Counter()
    assert thing.memo("a", 1, count("a")) == ["a"] and thing.memo("b", 1, count("b")) == ["b"]


def test_a_failed_computation_is_not_kept():
    thing = Thing("t")

    def boom():
        raise ValueError("no")

    with pytest.raises(ValueError):
        thing.memo("m", 1, boom)
    assert thing.memo("m", 1, lambda: "fine") == "fine"


def test_memo_under_threads_stays_within_its_size():
    thing = Thing("t")

    def work(offset: int) -> None:
        for i in range(200):
            assert thing.memo("m", (offset + i) % 7, lambda k=(offset + i) % 7: k, size=3) == (offset + i) % 7

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(vars(thing)["_derived"]["memo:m"]) <= 3


def test_the_map_layers_are_worked_out_once_per_view_and_choice(dataset, monkeypatch):
    written = []
    for name in ("place_payload", "place_offsets", "_legs_payload"):
        real = getattr(build, name)
        monkeypatch.setattr(build, name, lambda *a, real=real, name=name, **k: written.append(name) or real(*a, **k))
    view = filters.apply(dataset)
    first = build.layers(view, zoom=5)
    assert sorted(written) == ["_legs_payload", "place_offsets", "place_payload", "place_payload"]  # stops, mentioned
    again = build.layers(view, zoom=5)
    assert [g.get_name() for g in first] != [g.get_name() for g in again]  # new groups: st_folium changes them
    assert [c.payload for c in first[1]._children.values()] == [c.payload for c in again[1]._children.values()]
    (kept,), (reused,) = first[1]._children.values(), again[1]._children.values()
    assert reused.script_json is kept.script_json  # the JSON literal is written once too
    assert reused.digest == kept.digest
    written.clear()
    selected = build.layers(view, zoom=5, selected=view.stops["id"].iloc[0])
    assert written == []  # a click changes only the state
    (ringed,) = selected[1]._children.values()
    assert ringed.script_json is kept.script_json and ringed.state != kept.state
    build.layers(view, zoom=6)
    assert sorted(written) == ["_legs_payload", "place_offsets"]  # the places stay; their spread and arrows move
    written.clear()
    build.layers(filters.apply(dataset), zoom=5)  # another view object: its own values
    assert sorted(written) == ["_legs_payload", "place_offsets", "place_payload", "place_payload"]


def test_city_labels_and_the_arrows_place_the_labels_once(dataset, monkeypatch):
    calls = []
    real = build.label_offsets
    monkeypatch.setattr(build, "label_offsets", lambda *a: calls.append(a[2]) or real(*a))
    view = filters.apply(dataset)
    build.layers(view, zoom=5)
    build.city_labels(view, 5)
    build.label_boxes(view, 5)
    assert calls == [5]
