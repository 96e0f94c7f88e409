"""Each cleaning rule on text written for the test: what goes, what stays, and what is recorded."""

from __future__ import annotations

import pytest

from dyad.clean.text import clean_text, normalize_body
from tests.conftest import article

BODY = article(1)
LAST_SENTENCE = "Report number 1."


def reasons(text: str) -> list[str]:
    return [span.reason for span in clean_text(text).removed]


def test_plain_article_is_untouched():
    cleaned = clean_text(BODY)
    assert cleaned.removed == []
    assert cleaned.body == BODY.strip()


def test_site_navigation_before_the_first_paragraph_is_removed():
    text = "Skip to content\nMenu\nHome | World | Europe\nSearch\n\nNorland signs a trade deal\n\n" + BODY
    cleaned = clean_text(text)
    assert [s.text for s in cleaned.removed] == ["Skip to content\nMenu\nHome | World | Europe\nSearch"]
    assert cleaned.removed[0].reason == "site_navigation"
    assert cleaned.body.startswith("Norland signs a trade deal\n\nThe foreign ministers")
    assert cleaned.title == "Norland signs a trade deal"


def test_navigation_words_inside_the_article_stay():
    text = BODY.replace("Talks on a second", "Menu\n\nTalks on a second")
    assert "Menu" in clean_text(text).body


def test_dateline_is_removed_and_its_date_kept():
    cleaned = clean_text("Analysis | 3 March 2024\n\nNorland signs a trade deal\n\n" + BODY)
    assert reasons("Analysis | 3 March 2024\n\n" + BODY) == ["dateline"]
    assert cleaned.date_text == "3 March 2024"
    assert "Analysis |" not in cleaned.body


def test_author_box_with_latest_posts_marker():
    box = (
        "Jana Pesek\n\nJana Pesek\n\nJana Pesek is a correspondent based in Geneva who covers trade and "
        "diplomacy. She studied law in Prague.\nJana Pesek\n\nLatest posts by Jana Pesek (see all)\n"
    )
    cleaned = clean_text(BODY + "\n" + box)
    assert cleaned.body.endswith(LAST_SENTENCE)
    assert "correspondent" not in cleaned.body
    assert [s.reason for s in cleaned.removed] == ["author_bio"]
    assert cleaned.author == "Jana Pesek"


def test_author_bio_without_marker():
    cleaned = clean_text(BODY + "\nJana Pesek\n\nJana Pesek is a correspondent who covers European trade.\n")
    assert cleaned.body.endswith(LAST_SENTENCE)
    assert [s.reason for s in cleaned.removed] == ["author_bio"]


def test_about_the_author_takes_the_following_paragraph():
    cleaned = clean_text(BODY + "\nAbout the author\n\nShe has reported from thirty countries.\n")
    assert cleaned.body.endswith(LAST_SENTENCE)
    assert "thirty countries" in cleaned.removed[-1].text


def test_reader_comment_thread_is_removed_to_the_end():
    thread = (
        "3 Comments\n\n  1. This deal is a disaster for our fishermen.\n\n    • Norland always wins.\n\n"
        "  2. Finally some good news.\n\nLeave a Reply\n\nYour email address will not be published.\n"
    )
    cleaned = clean_text(BODY + "\n" + thread)
    assert cleaned.body.endswith(LAST_SENTENCE)
    assert [s.reason for s in cleaned.removed] == ["reader_comments"]
    assert cleaned.removed[0].text.startswith("3 Comments")
    assert cleaned.removed[0].text.endswith("will not be published.")


def test_comment_form_alone_is_removed():
    assert reasons(BODY + "\nLeave a comment\n\nName\nEmail\nWebsite\n") == ["reader_comments"]
    assert reasons(BODY + "\nYour email address will not be published. Required fields are marked *\n") == [
        "comment_form"
    ]


def test_publisher_disclaimer_at_the_end():
    disclaimer = "The Institute holds no formal policy positions. The views expressed here are those of the author."
    cleaned = clean_text(BODY + "\n" + disclaimer + "\n")
    assert cleaned.body.endswith(LAST_SENTENCE)
    assert [s.reason for s in cleaned.removed] == ["publisher_disclaimer"]


def test_disclaimer_words_early_in_the_article_stay():
    text = "The ministry said the views expressed here are those of the author of the report.\n\n" + BODY * 2
    assert "views expressed" in clean_text(text).body


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Image credit: Wikimedia Commons / Norland Foreign Ministry", "image_credit"),
        ("Photo: Reuters", "image_credit"),
        ("Featured image: the signing ceremony in Geneva", "image_credit"),
        ("Clara Vint and Piet Olmen in Geneva (Photo: Norland Foreign Ministry, March 3, 2024)", "image_caption"),
        ("Share this:", "share_widget"),
        ("Twitter | Facebook | Email", "share_widget"),
        ("Click to share on LinkedIn (Opens in new window)", "share_widget"),
        ("Subscribe to our newsletter for the latest news", "promotion"),
        ("Read more: Norland and Vesteria clash over quotas", "promotion"),
        ("Advertisement", "promotion"),
        ("Tags: Norland, Vesteria, trade", "tags"),
        ("© 2024 Geneva Daily. All rights reserved.", "copyright"),
    ],
)
def test_single_line_furniture_is_removed(line: str, reason: str):
    paragraphs = BODY.split("\n\n")
    text = "\n\n".join([*paragraphs[:3], line, *paragraphs[3:]])
    cleaned = clean_text(text)
    assert [(s.reason, s.text) for s in cleaned.removed] == [(reason, line)]
    assert cleaned.body.replace("\n\n", " ") == BODY.strip().replace("\n\n", " ")


def test_removed_span_offsets_point_into_the_input():
    text = "Skip to content\n\n" + BODY + "\nPhoto: Reuters\n"
    for span in clean_text(text).removed:
        assert text[span.start : span.end].strip() == span.text


def test_sentences_about_comments_and_sharing_stay():
    text = BODY.replace(
        "Talks on", "The minister declined to comment on the share of exports.\n\n2 comments were made. Talks on"
    )
    assert clean_text(text).removed == []


def test_normalize_repairs_glued_sentences_and_commas():
    glued = "The deal was expected.”Ivanov said more.\nFrom Paris,officials agreed on 1,000 tonnes.The end."
    assert normalize_body(glued) == (
        "The deal was expected.” Ivanov said more.\nFrom Paris, officials agreed on 1,000 tonnes. The end."
    )


def test_normalize_tidies_blank_runs_and_trailing_spaces():
    assert normalize_body("  One.   \n\n\n\nTwo.\n") == "One.\n\nTwo."
