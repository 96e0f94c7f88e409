"""Furniture of real pages (front matter, bylines, stamps, captions, galleries, paywalls, notices, related
links, header and footer fragments) goes with a reason, what the page says about the article is kept, and
no sentence of the article is lost. All text is written for these tests."""

from __future__ import annotations

import pytest

from dyad.clean.text import clean_text
from tests.conftest import article

BODY = article(2)
PARAGRAPHS = BODY.strip().split("\n\n")


def removed(text: str, **options: str) -> list[tuple[str, str]]:
    return [(span.reason, span.text) for span in clean_text(text, **options).removed]


def assert_body_kept(text: str) -> None:
    body = clean_text(text).body
    for paragraph in PARAGRAPHS:
        assert paragraph in body


def headed(*lines: str) -> str:
    """A page whose headline and furniture lines stand above the article."""
    return "\n".join(["Norland and Vesteria settle their fishing dispute", *lines, ""]) + "\n" + BODY


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Updated 4 March 2024", "date_stamp"),
        ("Last Updated : Mar 4 2024 | 9:15 AM CET", "date_stamp"),
        ("By Hanna Lindqvist, Geneva Daily", "byline"),
        ("By MARTA OSTROWSKA MARCH 4, 2024 10:30", "byline"),
        ("Short Url", "share_widget"),
        ("Click to follow", "share_widget"),
        ("Subscribe now", "paywall"),
        ("Already a subscriber?", "paywall"),
        ("Gift 3 articles to friends each month when you subscribe.", "paywall"),
        ("2 / 5", "gallery_counter"),
        ("https://social.example.org/norland/status/12345", "bare_url"),
        ("This post is also available in: Deutsch Français", "page_notice"),
        ("Your browser doesn't support HTML5 video.", "page_notice"),
        ("Skip to navigationSkip to content", "site_navigation"),
        ("14°C / 9°C", "page_header"),
        ("Ministers shake hands in Geneva on Monday. Photograph: Ana Duarte/Norpress", "image_caption"),
        ("Ministers shake hands in Geneva on Monday. - NP Photo/Ana Duarte", "image_caption"),
        ("Clara Vint (left) and Piet Olmen (right) at the signing in Geneva. Ana Duarte", "image_caption"),
        ("NORPRESS/ANA DUARTE) Clara Vint speaks to reporters after the talks in Geneva.", "image_caption"),
        ("The two ministers met for three hours before signing the text. (Reuters)", "image_caption"),
    ],
)
def test_furniture_above_the_article_goes_with_its_reason(line: str, reason: str):
    assert removed(headed(line)) == [(reason, line)]
    assert_body_kept(headed(line))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Source: Geneva Daily", "source_credit"),
        ("No comments:", "reader_comments"),
        ("Please enter your comment!", "comment_form"),
        ("*Crawled at: 2024-03-04 08:00:00*", "crawl_metadata"),
        ("---", "markup"),
        ("Posted by editor at 3:04 PM", "byline"),
        ("Newer Post Older Post Home", "site_navigation"),
        ("Labels: Norland, trade", "tags"),
        ("(Reporting by Ana Duarte in Geneva; Editing by Piet Olmen)", "wire_credits"),
        ("This story was originally published by The Norland Review.", "page_notice"),
        ("We use cookies to improve your experience.", "page_notice"),
        ("Story continues below advertisement", "promotion"),
        ("Listen to this article", "share_widget"),
    ],
)
def test_furniture_below_the_article_goes_with_its_reason(line: str, reason: str):
    assert removed(BODY + "\n" + line + "\n") == [(reason, line)]


def test_related_links_heading_and_its_headlines_go_as_one_block():
    block = "ALSO READ\n\nVesteria recalls its envoy\nFishing fleets idle in the north\nWhat the quota deal means\n"
    text = "\n\n".join([*PARAGRAPHS[:2], block, *PARAGRAPHS[2:]])
    [(reason, span)] = removed(text)
    assert reason == "related_links"
    assert span.startswith("ALSO READ") and span.endswith("What the quota deal means")
    assert_body_kept(text)


def test_related_block_stops_at_the_next_paragraph():
    text = "\n\n".join([PARAGRAPHS[0], "Related\nVesteria recalls its envoy", *PARAGRAPHS[1:]])
    assert removed(text) == [("related_links", "Related\nVesteria recalls its envoy")]
    assert_body_kept(text)


def test_front_matter_goes_and_gives_title_date_url_and_author():
    front = (
        '---\ntitle: "Norland and Vesteria&#x27;s deal"\nauthor:\n    Hanna Lindqvist (hl@example.org)\n'
        "published_at: 2024-03-04 07:00\nurl: https://news.example.org/norland-deal\nsite: Geneva Daily\n---\n\n"
    )
    cleaned = clean_text(front + BODY)
    assert [s.reason for s in cleaned.removed] == ["front_matter"]
    assert cleaned.title == "Norland and Vesteria's deal"
    assert cleaned.author == "Hanna Lindqvist"
    assert cleaned.date_text == "2024-03-04 07:00"
    assert cleaned.url == "https://news.example.org/norland-deal"
    assert cleaned.outlet == "Geneva Daily"
    assert cleaned.body == BODY.strip()


def test_byline_gives_the_author_and_an_outlet_byline_does_not():
    cleaned = clean_text(headed("By The Geneva Daily | Created at 2024-03-04 11:30", "By Hanna Lindqvist"))
    assert cleaned.author == "Hanna Lindqvist"
    assert cleaned.date_text == "2024-03-04 11:30"


def test_a_relative_stamp_does_not_date_the_article():
    assert clean_text(headed("Updated 3 hours ago")).date_text is None


def test_published_stamp_dates_the_article_before_an_updated_one():
    cleaned = clean_text(headed("Updated 5 March 2024", "Published 4 March 2024"))
    assert cleaned.date_text == "4 March 2024"
    assert clean_text(headed("Updated 5 March 2024")).date_text == "5 March 2024"


def test_date_and_weather_header_above_the_headline():
    text = "Monday, March 4, 2024 | Rajab 23, 1445 H\nclear sky\n14°C / 9°C\n" + headed()
    cleaned = clean_text(text)
    assert [s.reason for s in cleaned.removed] == ["dateline", "page_header"]
    assert cleaned.date_text == "Monday, March 4, 2024"
    assert cleaned.title == "Norland and Vesteria settle their fishing dispute"


def test_site_name_under_the_headline_goes_when_the_outlet_is_known():
    assert removed(headed("The Geneva Daily Online"), outlet="Geneva Daily") == [
        ("site_name", "The Geneva Daily Online")
    ]


def test_short_labels_above_the_article_go_but_the_headline_stays():
    cleaned = clean_text(headed("Vint Olmen", "Truth"))
    assert [(s.reason, s.text) for s in cleaned.removed] == [("page_header", "Vint Olmen\nTruth")]
    assert cleaned.title == "Norland and Vesteria settle their fishing dispute"


def test_short_credit_lines_below_the_last_paragraph_go():
    assert removed(BODY + "\nNorpress\nGeneva desk\n") == [("page_footer", "Norpress\nGeneva desk")]


def test_a_list_closing_the_article_stays():
    ending = "What the deal holds:\n- Lower tariffs on fish\n- Port access for trawlers\n"
    assert clean_text(BODY + "\n" + ending).removed == []


def test_a_caption_printed_twice_goes_both_times():
    caption = "Ministers shake hands in Geneva on Monday."
    text = "\n\n".join([PARAGRAPHS[0], f"{caption}\n{caption} Photograph: Ana Duarte/Norpress", *PARAGRAPHS[1:]])
    [(reason, span)] = removed(text)
    assert reason == "image_caption" and span.startswith(caption) and span.endswith("Norpress")


@pytest.mark.parametrize(
    "sentence",
    [
        "By Friday, the troops had withdrawn from the border town.",
        "By Western standards, the talks were short.",
        "Updated figures from the ministry show exports rose by a third.",
        "Published in 2019, the report found that quotas were ignored.",
        "Source: officials said the figures were accurate, and the ministry confirmed them on Monday.",
        "Related talks on energy will resume next week.",
        "The agreement was signed. (Reuters) reported the news first.",
        "“We will not give up,” she said",
        "Subscribers to the fishing cooperative will get new quotas in April.",
        "Reporting by the state broadcaster suggested the talks had failed.",
        "Clara Vint (left in the picture) and Piet Olmen (right) met in Geneva on Monday.",
    ],
)
def test_article_sentences_that_look_like_furniture_stay(sentence: str):
    for text in (headed() + sentence + "\n", "\n\n".join([*PARAGRAPHS[:2], sentence, *PARAGRAPHS[2:]])):
        assert sentence in clean_text(text).body


def test_a_one_line_article_is_untouched():
    assert clean_text("Norland invaded Vesteria").body == "Norland invaded Vesteria"
    assert clean_text("Norland invaded Vesteria").removed == []


def test_character_references_left_by_a_scraper_are_decoded():
    assert clean_text("Norland&#x27;s minister said &quot;no&quot; to the plan.").body == (
        'Norland\'s minister said "no" to the plan.'
    )


def test_removed_spans_point_into_the_input():
    text = "---\ntitle: A deal\n---\n" + headed("Updated 4 March 2024", "By Hanna Lindqvist") + "Source: Norpress\n"
    for span in clean_text(text).removed:
        assert text[span.start : span.end].strip() == span.text
