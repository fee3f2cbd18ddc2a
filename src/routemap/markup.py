"""Text from the data made inert where it is shown: Streamlit Markdown, HTML, and our templates.

Streamlit renders Markdown in headings, captions, widget labels, select-slider
and radio options, metrics, help texts and alerts. A city named
``Xian ![px](http://evil.example/p.png)`` would load a remote image there and
``[js](javascript:1)`` would be a live link. :func:`md` escapes every ASCII
punctuation mark (CommonMark lets any of them be backslash-escaped, and
Streamlit's own ``:colour[...]``, ``:material/...:`` and ``$maths$`` need one),
and breaks the bare addresses that GitHub-flavoured Markdown turns into links
by itself, with an invisible word joiner. The text reads exactly as it was.

Templates (copy-link button, keyboard shortcuts, cards) live as files beside
this module and are rendered by :func:`render` with autoescaping on; the
pages' own stylesheets sit with them and are read by :func:`stylesheet`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Final

from jinja2 import Environment, FunctionLoader, StrictUndefined, select_autoescape

_PUNCTUATION: Final = re.compile(r"([!-/:-@\[-`{-~])")


#: What GitHub-flavoured Markdown links by itself: ``http://``, ``https://``, ``ftp://``, ``www.`` and e-mail addresses.
_AUTOLINK: Final = re.compile(r"(?i)(https?|ftp|www|mailto)(?=[:.])|(?<=\w)(@)(?=\w)")


WORD_JOINER: Final = "\u2060"


def md(value: object) -> str:
    """A value from the data as inert Streamlit Markdown: no link, image, HTML, maths or directive."""
    text = "" if value is None else str(value)
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER + (m.group(2) or ""), text)
    return _PUNCTUATION.sub(r"\\\1", text)


def _template_source(name: str) -> str:
    return resources.files("routemap").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _environment() -> Environment:
    return Environment(
        loader=FunctionLoader(_template_source),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def stylesheet(name: str) -> str:
    """A stylesheet of ``routemap/templates`` (our own CSS, no data in it), to put in a ``<style>``."""
    return _template_source(name)


@cache
def script_source(name: str) -> str:
    """A script of ``routemap/templates`` (our own JavaScript, no data in it), to put in a ``<script>``."""
    return _template_source(name)


def render(name: str, **context: Any) -> str:
    """Render a template of ``routemap/templates`` with autoescaping (use ``|tojson`` inside scripts)."""
    return _environment().get_template(name).render(**context)
