"""The dashboard's languages and its words in each: English, 中文, or both side by side.

Every string people read in the interface comes from one small table per
language, ``routemap/locales/<code>.toml`` (sections of keys, read here as
dotted keys such as ``panel.days``). :data:`LANGS` lists the languages once;
:func:`t` looks a key up for a language and fills ``{placeholders}``; in
``both`` it gives ``English · 中文``. Functions take ``lang`` explicitly: no
global state. Text from the data (names, descriptions) is not here: see
:func:`name_columns` for which name a language shows first.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Final, Literal

Lang = Literal["en", "zh", "both"]
#: The languages, once: the panel's control, the link's ``lang=`` and the CLI's ``--lang`` offer these.
LANGS: Final[tuple[Lang, ...]] = ("en", "zh", "both")
DEFAULT_LANG: Final[Lang] = "en"
#: Each language in its own words: the language control shows these, the same whatever the language on view.
LANG_NAMES: Final = {"en": "English", "zh": "中文", "both": "English · 中文"}
#: The tables a language is made of; ``both`` shows English, then 中文.
TABLES: Final[tuple[str, ...]] = ("en", "zh")
#: The BCP 47 tag of each table's language, for ``lang`` attributes (screen readers, CJK fonts).
HTML_LANG: Final = {"en": "en", "zh": "zh-Hans"}
SEPARATOR: Final = " · "


def parse_lang(value: object) -> Lang:
    """``value`` if it names a language of :data:`LANGS`, else the default (English)."""
    return value if value in LANGS else DEFAULT_LANG  # type: ignore[return-value]


def _flatten(doc: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in doc.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


@cache
def table(code: str) -> dict[str, str]:
    """The words of one table (``en`` or ``zh``), as dotted keys; read once from ``routemap/locales``."""
    text = resources.files("routemap").joinpath("locales", f"{code}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(text))


def codes(lang: Lang) -> tuple[str, ...]:
    """The tables a language shows, in order: ``("en",)``, ``("zh",)`` or ``("en", "zh")``."""
    return TABLES if lang == "both" else (lang,)


def parts(key: str, lang: Lang, **fmt: object) -> list[tuple[str, str]]:
    """``key`` in each table ``lang`` shows, as (HTML lang tag, text) pairs, for markup that marks each part."""
    return [(HTML_LANG[code], table(code)[key].format(**fmt) if fmt else table(code)[key]) for code in codes(lang)]


def t(key: str, lang: Lang, **fmt: object) -> str:
    """The text of ``key`` in ``lang`` with ``fmt`` filled in; ``English · 中文`` in ``both``.

    Raises ``KeyError`` for a key the table lacks (the completeness test finds them first).
    """
    return SEPARATOR.join(text for _, text in parts(key, lang, **fmt))


def formatter(key: str, lang: Lang) -> Callable[..., str]:
    """``t(key, lang, **fmt)`` as a function of ``fmt`` alone, the key looked up once: for a word
    written for thousands of values (a place card's "Stop 1234")."""
    texts = [table(code)[key] for code in codes(lang)]
    return lambda **fmt: SEPARATOR.join(text.format(**fmt) for text in texts)


def html_lang(lang: Lang) -> str:
    """The ``lang`` attribute of a page or element in ``lang``: English's for ``both`` (its first language)."""
    return HTML_LANG[codes(lang)[0]]


def name_langs(lang: Lang) -> tuple[str, str]:
    """HTML lang tags of a place's first and second name: Chinese first in ``zh``, English first otherwise."""
    return (HTML_LANG["zh"], HTML_LANG["en"]) if lang == "zh" else (HTML_LANG["en"], HTML_LANG["zh"])


def label(text: str, text_zh: str, lang: Lang) -> str:
    """A label the data gives in English and perhaps Chinese, as ``lang`` shows it.

    Without a Chinese label, Chinese shows the data's own (English) label: a trip need not translate.
    """
    if lang == "en" or not text_zh:
        return text
    return text_zh if lang == "zh" else f"{text}{SEPARATOR}{text_zh}"


_WEEKDAYS_ZH: Final = ("一", "二", "三", "四", "五", "六", "日")


def _one_date(day: date, code: str, style: str) -> str:
    if code == "zh":
        text = f"{day.year}年{day.month}月{day.day}日" if style != "short" else f"{day.month}月{day.day}日"
        if style == "day":
            return f"{day.month}月{day.day}日（周{_WEEKDAYS_ZH[day.weekday()]}）"
        return text + (f"（星期{_WEEKDAYS_ZH[day.weekday()]}）" if style in ("long", "weekday") else "")
    if style == "day":
        return f"{day:%a} {day.day} {day:%b}"
    if style == "short":
        return f"{day.day} {day:%b}"
    if style == "long":
        return f"{day:%A} {day.day} {day:%B %Y}"
    if style == "weekday":
        return f"{day:%a} {day.day} {day:%B %Y}"
    return f"{day.day} {day:%B %Y}"


def fmt_date(day: date, lang: Lang, style: Literal["long", "weekday", "plain", "short", "day"] = "plain") -> str:
    """A date for people: ``Monday 26 May 2025`` (long), ``Mon 26 May 2025`` (weekday), ``26 May 2025``
    (plain), ``26 May`` (short), ``Mon 26 May`` (day); ``2025年5月26日（星期一）`` and so on in Chinese;
    both in ``both``."""
    return SEPARATOR.join(_one_date(day, code, style) for code in codes(lang))


def fmt_span(first: date, last: date, lang: Lang) -> str:
    """``26 May – 5 June 2025`` (the year and month said once when shared); ``2025年5月26日—6月5日``."""
    out = []
    for code in codes(lang):
        if first == last:
            out.append(_one_date(first, code, "plain"))
        elif code == "zh":
            tail = f"{last.month}月{last.day}日" if first.year == last.year else _one_date(last, code, "plain")
            out.append(f"{_one_date(first, code, 'plain')}—{tail}")
        elif first.year != last.year:
            out.append(f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}")
        elif first.month != last.month:
            out.append(f"{first.day} {first:%B} – {last.day} {last:%B %Y}")
        else:
            out.append(f"{first.day}–{last.day} {last:%B %Y}")
    return SEPARATOR.join(out)


def fmt_km(km: float) -> str:
    """A distance's number, grouped by thousands: ``4,225``."""
    return f"{km:,.0f}"
