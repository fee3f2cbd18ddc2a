"""Widget callbacks post actions that the next run applies (routemap.web.actions), each once, in order."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _counter_app() -> None:
    import streamlit as st

    from routemap.web import actions

    actions.apply_posted()  # as the frame does, before anything reads the state
    st.session_state.setdefault("presses", [])

    def press(name: str) -> None:
        st.session_state["presses"] = [*st.session_state["presses"], name]  # its one write, its last

    def fail() -> None:
        raise ValueError("an action that fails")

    st.button("A", key="a", **actions.on_click(press, "a"))
    st.button("B", key="b", **actions.on_click(press, "b"))
    st.button("Fail", key="fail", **actions.on_click(fail))
    st.text_input("Name", key="name", **actions.on_change(press, "typed"))
    st.write(",".join(st.session_state["presses"]))


def test_each_press_is_applied_once_before_the_run_reads_the_state():
    at = AppTest.from_function(_counter_app).run()
    at.button(key="a").click().run()
    assert at.markdown[0].value == "a"  # applied in the run the press started, before the page was drawn
    at.button(key="b").click().run()
    at.run()  # a rerun with no press applies nothing again
    at.text_input(key="name").input("x").run()
    assert at.markdown[0].value == "a,b,typed"
    assert at.session_state["_routemap_posted"] == []


def test_an_action_that_fails_is_reported_once_and_dropped():
    at = AppTest.from_function(_counter_app).run()
    at.button(key="fail").click().run()
    assert len(at.exception) == 1  # (its text is redacted, as .streamlit/config.toml asks)
    at.run()
    assert not at.exception
    at.button(key="a").click().run()
    assert at.markdown[0].value == "a"
