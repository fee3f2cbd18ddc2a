"""Provenance: every quote is the article's own words, one sentence at most; descriptions are ours.

The article lives outside the repository, at ``../shared/source/delegation-2025-article.txt``
from the repository's root (CI puts ``shared/`` beside the clone), or wherever
``$ROUTEMAP_ARTICLE`` points. Its last line is a reader's comment, not part of it.
Without the article these tests skip, saying why; with ``$CI`` set they fail instead.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
from pathlib import Path

import pytest

from routemap.load.folder import default_data_dir

REPO = Path(__file__).resolve().parents[1]
ARTICLE_ENV = "ROUTEMAP_ARTICLE"
DEFAULT_ARTICLE = REPO.parent / "shared" / "source" / "delegation-2025-article.txt"
#: A description sharing this many consecutive words with the article copies it.
COPIED_RUN = 8

#: A sentence ends at . ! or ? (and any closing quote or bracket) before a space; headings are lines.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
#: A phrase a basis column quotes from the article: in straight single quotes, the opening one
#: not inside a word (so the apostrophe of Yan'an does not count).
QUOTED_PHRASE = re.compile(r"(?<![A-Za-z])'([A-Z][^']+)'")


def article_path() -> Path:
    env = os.environ.get(ARTICLE_ENV)
    return Path(env) if env else DEFAULT_ARTICLE


@pytest.fixture(scope="module")
def article() -> str:
    """The article's text without its last line (a reader's comment)."""
    path = article_path()
    if not path.is_file():
        reason = f"the source article is not at {path}: set ${ARTICLE_ENV}, or put shared/ beside the clone as CI does"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "Excellent article! This is good news!"  # the comment we leave out
    return "\n".join(lines[:-1])


@pytest.fixture(scope="module")
def sentences(article: str) -> list[str]:
    return [s for line in article.splitlines() for s in SENTENCE_END.split(line) if s.strip()]


def rows(file: str) -> list[dict[str, str]]:
    with (default_data_dir() / file).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def quotes() -> list[tuple[str, str]]:
    """(where, quote) for every non-empty source quote of the dataset, trip.toml's included."""
    found = [
        (f"{file}:{row['id']}", row["source_quote"])
        for file in ("places.csv", "legs.csv", "cities.csv")
        for row in rows(file)
        if row["source_quote"]
    ]
    trip = tomllib.loads((default_data_dir() / "trip.toml").read_text(encoding="utf-8"))
    found.append(("trip.toml:dates_quote", trip["dates_quote"]))
    return found


def words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower().replace("’", "'"))


def longest_shared_run(text: str, article: str) -> int:
    """The most consecutive words ``text`` shares with ``article``."""
    mine, theirs = words(text), words(article)
    best = 0
    for n in range(1, len(mine) + 1):
        runs = {tuple(theirs[i : i + n]) for i in range(len(theirs) - n + 1)}
        if not any(tuple(mine[i : i + n]) in runs for i in range(len(mine) - n + 1)):
            break
        best = n
    return best


QUOTES = quotes()


def test_every_place_and_city_has_a_quote():
    assert all(row["source_quote"].strip() for row in rows("places.csv"))
    assert all(row["source_quote"].strip() for row in rows("cities.csv"))
    # A leg the article dates or describes quotes it; the three undated legs have nothing to quote.
    legs = {row["id"]: row["source_quote"] for row in rows("legs.csv")}
    assert legs["xian-yanan"] == "On 28 May, the delegation travelled by train from Xi’an to Yan’an"
    assert [k for k, v in legs.items() if not v] == ["yanan-dunhuang", "dunhuang-jiayuguan", "jiayuguan-shanghai"]
    assert len(QUOTES) == 16 + 1 + 6 + 1


@pytest.mark.parametrize(("where", "quote"), QUOTES, ids=[w for w, _ in QUOTES])
def test_quote_is_verbatim(article, where, quote):
    assert quote in article, f"{where}: not the article's words: {quote!r}"


@pytest.mark.parametrize(("where", "quote"), QUOTES, ids=[w for w, _ in QUOTES])
def test_quote_is_at_most_one_sentence(sentences, where, quote):
    assert any(quote in sentence for sentence in sentences), f"{where}: spans sentences: {quote!r}"


def test_sentence_check_catches_two_sentences(sentences, article):
    """The check above can fail: two sentences in a row are in the article but in no one sentence."""
    two = (
        "We toured the beautiful Yan’an Revolutionary Memorial Hall, first opened in 1951, displaying "
        "1,300 revolutionary cultural relics and telling the whole story of China’s struggle for "
        "liberation. The last agenda item"
    )
    assert two in article
    assert not any(two in sentence for sentence in sentences)
    assert len(sentences) == 80


def test_the_reader_s_comment_is_not_the_article(article):
    assert "Excellent article" not in article
    assert article.endswith("solidarity with – China.")


def test_phrases_quoted_in_date_basis_are_the_article_s(article):
    """A date inferred "from what" quotes the article's words, e.g. 'Several days later'."""
    phrases = {
        (f"{file}:{row['id']}", phrase)
        for file in ("places.csv", "legs.csv")
        for row in rows(file)
        for phrase in QUOTED_PHRASE.findall(row["date_basis"])
    }
    assert ("places.csv:shanghai-first-congress-site", "Several days later") in phrases
    assert len(phrases) >= 15
    assert [p for p in phrases if p[1] not in article] == []


PLACES = rows("places.csv")


@pytest.mark.parametrize("place", PLACES, ids=[p["id"] for p in PLACES])
def test_description_is_in_our_own_words(article, place):
    run = longest_shared_run(place["description"], article)
    assert run < COPIED_RUN, f"{place['id']}: shares {run} consecutive words with the article"


def test_copy_check_catches_a_copied_description(article):
    copied = "A museum first opened in 1951, displaying 1,300 revolutionary cultural relics and more."
    assert longest_shared_run(copied, article) == 11  # "1,300" is two words
    assert longest_shared_run("A museum of the revolution.", article) < COPIED_RUN
