"""Text from the data is inert wherever Streamlit renders Markdown: every page, every element.

Streamlit renders Markdown in titles, headings, captions, markdown, alerts,
metrics, widget labels, help texts and select-slider options. Every page runs
on a dataset whose every shown text is hostile; each Markdown source the app
sends is rendered by a CommonMark parser and must give no link, image or
markup, and no bare address that GitHub-flavoured Markdown would link.
"""

from __future__ import annotations

import re

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from routemap.markup import WORD_JOINER, md
from routemap.web.frame import PAGES
from tests.hostile.text_cases import BARE_ADDRESS, FORBIDDEN_HTML, HOSTILE, hostile_dataset
from tests.test_app import APP, shown

COMMONMARK = MarkdownIt("commonmark")
#: Elements whose text (and label) Streamlit renders as Markdown.
MARKDOWN_ELEMENTS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")
WIDGETS = ("multiselect", "selectbox", "select_slider", "text_input", "button", "radio", "checkbox", "toggle")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def markdown_sources(at: AppTest) -> list[str]:
    """Every string of the run that the browser will render as Markdown."""
    out = [e.value for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    for kind in WIDGETS:
        for widget in at.get(kind):
            out.append(widget.label)
            if widget.help:
                out.append(widget.help)
    for slider in at.get("select_slider"):
        out += list(slider.options)  # drawn as Markdown, unlike selectbox and multiselect options
    return out


def assert_inert(source: str) -> None:
    rendered = COMMONMARK.render(source)
    assert not FORBIDDEN_HTML.search(rendered), (source, rendered)
    text = re.sub(r"<[^>]+>", " ", rendered)  # what is shown, not our own links' addresses
    assert not BARE_ADDRESS.search(text.replace(WORD_JOINER, "\x00")), (source, rendered)
    assert not any(c in source.replace("\\$", "").replace("\\:", "") for c in "$"), source


def test_md_keeps_the_text_as_people_read_it():
    assert shown(md(HOSTILE)) == HOSTILE
    assert_inert(md(HOSTILE))


@pytest.mark.parametrize("page", [f"pages/{p.name}.py" for p in PAGES])
def test_every_page_shows_hostile_data_as_plain_text(page, data_copy, monkeypatch):
    monkeypatch.setenv("ROUTEMAP_DATA", str(hostile_dataset(data_copy)))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    sources = markdown_sources(at)
    assert any("Xian" in s for s in sources), "the hostile text should be on the page"
    for source in sources:
        assert_inert(source)
    for block in at.get("html"):  # talk cards and legends: HTML-escaped, never markup from the data
        assert "<img src=x" not in block.proto.body and "<script>alert" not in block.proto.body
