"""A blank line starts a sentence (dyad.parse.paragraph_starts); a single line break is left to the parser."""

from __future__ import annotations

import pytest

from dyad.parse import load_nlp, paragraph_starts


@pytest.mark.parametrize(("text", "starts"), [
    ("Talks resume\n\nGENEVA — Envoys met.", ["GENEVA"]),
    ("One line\nwrapped here.", []),
    ("First.\n\n\n\nSecond after two blank lines.", ["Second"]),
    ("Heading \n \n Body starts.", []),  # the blank lines hold a space: no "\n\n" in one token's text
    ("Heading\n\n \nBody.", ["Body"]),  # the space token after "\n\n" is skipped, the next word starts
    ("Ends with a blank line.\n\n", []),
])
def test_blank_lines_start_sentences(text: str, starts: list[str]) -> None:
    nlp = load_nlp()
    doc = paragraph_starts(nlp.make_doc(text))
    assert [t.text for t in doc[1:] if t.is_sent_start] == starts
