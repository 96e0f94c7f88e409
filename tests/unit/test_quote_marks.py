"""Finding quotations by their marks, on text written for the test."""

from __future__ import annotations

import pytest

from dyad.extract.quote_marks import find_quotations


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said, “We agree.” Then he left.", ["We agree."]),
        ('He said, "We agree." Then he left.', ["We agree."]),
        ("He said, “One. Two.’’ Then he left.", ["One. Two."]),
        ("« Nous signons », a-t-il dit.", ["Nous signons »"[:-2]]),
        ("“First,” she said. “Second.”", ["First,", "Second."]),
        ("The “Trojan horse” and the ‘inner’ word.", ["Trojan horse"]),
    ],
)
def test_pairs_of_marks(text: str, expected: list[str]):
    assert quoted(text) == expected


def test_a_quotation_continues_into_the_next_paragraph():
    text = "“The first paragraph of the statement\n\n“and the second paragraph,” she said."
    [quotation] = find_quotations(text)
    assert text[quotation.start : quotation.end] == "The first paragraph of the statement\n\n“and the second paragraph,"
    assert quotation.closed


def test_an_unclosed_quotation_ends_with_its_paragraph():
    text = "He said, “We agree with the plan\n\nThe next paragraph is narration."
    [quotation] = find_quotations(text)
    assert text[quotation.start : quotation.end] == "We agree with the plan"
    assert not quotation.closed


def test_apostrophes_are_not_quotation_marks():
    assert quoted("Armenia’s minister and the country’s envoy met.") == []
