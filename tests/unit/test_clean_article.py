"""clean(): a raw document to an Article — short articles kept, page metadata read, language decided."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.clean import clean
from dyad.clean.language import detect_language
from dyad.errors import RejectedInputError
from dyad.records import RawDocument
from tests.conftest import article


def text_document(text: str, **meta: object) -> RawDocument:
    return RawDocument("story.txt", text.encode("utf-8"), "text", meta=dict(meta))


@pytest.mark.parametrize("text", ["Norland invaded Vesteria", "Vesteria surrendered."])
def test_a_one_sentence_article_is_an_article(text: str):
    result = clean(text_document(text))
    assert result.body == text
    assert result.language == "en"


def test_a_page_of_furniture_only_is_still_an_empty_body():
    with pytest.raises(RejectedInputError) as raised:
        clean(text_document("Skip to content\nMenu\n\nSubscribe now\n"))
    assert raised.value.reason == "empty_body"


def test_byline_and_published_stamp_become_author_and_date_without_a_manifest():
    page = "Norland and Vesteria settle\nBy Hanna Lindqvist, Geneva Daily\nPublished 4 March 2024\n\n" + article(3)
    result = clean(text_document(page))
    assert result.author == "Hanna Lindqvist"
    assert (result.published, result.published_source) == (date(2024, 3, 4), "page")
    assert "Hanna Lindqvist" not in result.body


def test_the_manifest_outweighs_what_the_page_says():
    page = "By Hanna Lindqvist\nPublished 4 March 2024\n\n" + article(3)
    result = clean(text_document(page, author="Piet Olmen", published="2024-03-05"))
    assert (result.author, result.published, result.published_source) == ("Piet Olmen", date(2024, 3, 5), "manifest")


def test_front_matter_gives_the_document_url():
    page = "---\nurl: https://news.example.org/deal\ndate: 2024-03-04\n---\n" + article(3)
    result = clean(text_document(page))
    assert result.url == "https://news.example.org/deal"
    assert result.published == date(2024, 3, 4)


def test_declared_language_is_used():
    assert clean(text_document(article(4), language="de-CH")).language == "de"


@pytest.mark.parametrize("text", ["Germany invaded France", "Talks collapse in Geneva", "Kyiv and Moscow", "Mogadishu"])
def test_short_english_is_english(text: str):
    assert detect_language(text).code == "en"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Die Regierung hat die Verhandlungen abgebrochen und den Botschafter einbestellt.", "de"),
        ("Le gouvernement a rappelé son ambassadeur après l'échec des négociations.", "fr"),
        (article(5), "en"),
    ],
)
def test_other_languages_are_still_told_apart(text: str, code: str):
    assert detect_language(text).code == code
