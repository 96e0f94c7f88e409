"""ArticleTokens, the per-article token cache the extractors read: it must say of every token what spaCy's own
Token attributes say, and its memo must return what the lexicon works out afresh. Sentences written for these
tests; one seed article (read from ../shared) for a long real text."""

from __future__ import annotations

import pytest

from dyad.extract.entities import entities_in
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.tokens import ArticleTokens
from dyad.parse import load_nlp
from tests.conftest import SEEDS

TEXT = ("The foreign ministers of Norland and Vesteria signed a trade agreement in Geneva on Friday. "
        "Norland will send aid to Vesteria, the ministry said.\n\nBoth countries condemned the attacks.")


def _texts() -> list[str]:
    seeds = sorted(SEEDS.glob("*.txt"))[:1] if SEEDS.is_dir() else []
    return [TEXT, *(path.read_text(encoding="utf-8") for path in seeds)]


@pytest.fixture(scope="module", params=range(len(_texts())))
def doc(request):
    return load_nlp()(_texts()[request.param])


def test_the_lists_say_what_the_tokens_say(doc):
    tokens = ArticleTokens.of(doc)
    assert tokens.parts == [t.pos_ for t in doc]
    assert tokens.tags == [t.tag_ for t in doc]
    assert tokens.deps == [t.dep_ for t in doc]
    assert tokens.lowers == [t.lower_ for t in doc]
    assert tokens.lemmas == [t.lemma_.lower() for t in doc]
    assert tokens.at_char == {t.idx: t.i for t in doc}
    assert tokens.entity_tags == [t.ent_iob for t in doc]


def test_the_entities_in_a_span_are_those_spacy_finds_inside_it(doc):
    spans = [*doc.sents, doc[:], doc[1 : len(doc) - 1]]
    for span in spans:
        inside = [(e.start, e.end, e.label_) for e in doc.ents if span.start <= e.start and e.end <= span.end]
        assert [(e.start, e.end, e.label_) for e in entities_in(span)] == inside


def test_a_span_text_is_spacys(doc):
    tokens = ArticleTokens.of(doc)
    assert tokens.text == doc.text
    spans = [*doc.sents, doc[:], doc[0:0], doc[2:5], *(doc[i : i + 1] for i in range(len(doc)))]
    assert [tokens.span_text(span) for span in spans] == [span.text for span in spans]


def test_one_cache_per_doc(doc):
    assert ArticleTokens.of(doc) is ArticleTokens.of(doc)
    assert ArticleTokens.of(load_nlp()(TEXT)) is not ArticleTokens.of(doc)


def test_a_sentence_vector_is_spacys_to_the_bit(doc):
    tokens = ArticleTokens.of(doc)
    for sent in doc.sents:
        assert tokens.sentence_vector(sent) == (tuple(sent.vector.tolist()) if sent.has_vector else ())


def test_a_sentence_of_words_without_vectors_has_none():
    doc = load_nlp()("Qzxvbnmwq plorkstadtv")
    sent = next(iter(doc.sents))
    assert not sent.has_vector
    assert ArticleTokens.of(doc).sentence_vector(sent) == ()


def test_indices_fall_in_their_sentences_in_order(doc):
    every = list(range(len(doc)))
    grouped = list(ArticleTokens.of(doc).in_sentences(every[::3]))
    assert [i for _, inside in grouped for i in inside] == every[::3]
    assert all(sent.start <= i < sent.end for sent, inside in grouped for i in inside)


def test_a_memoised_verb_code_is_the_code_worked_out_afresh(doc):
    rules = load_event_rules()
    verbs = [t for t in doc if t.pos_ == "VERB"]
    assert verbs
    first = [rules.verb_code(t) for t in verbs]
    assert first == [rules.verb_code(t) for t in verbs]  # read from the memo
    assert first == [rules._verb_code(t) for t in verbs]
    assert any(code is not None for code in first)
