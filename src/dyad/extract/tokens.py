"""ArticleTokens: what the extractors read of a parsed article's tokens, read once per article and kept on the Doc.

Reading a Token's attribute from Python builds the Token and decodes a string each time, and several extractors
walk every token of the article: the cache reads the attributes they test (part of speech, lower-case word,
lower-case lemma) once into plain lists, and keeps what is costly to compute again for the same token or sentence
(a verb's event code in its clause, a sentence's vector and summary). It lives in doc.user_data, so every
extractor that holds the Doc (or any of its tokens) finds the same one; nothing in it outlives the Doc.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, ORTH
from spacy.tokens import Doc, Span

_KEY = "dyad.article_tokens"


class ArticleTokens:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sentences: dict[int, Any] = {}
        self._orths: np.ndarray | None = None  # each token's ORTH key, by which its vector is found
        # per-article results keyed by (what, …, token index): the same verb's code is asked for by several
        # extractors, and by one extractor for each noun below it
        self.memo: dict[tuple[Any, ...], Any] = {}

    @staticmethod
    def of(doc: Doc) -> ArticleTokens:
        found = doc.user_data.get(_KEY)
        if found is None:
            found = doc.user_data[_KEY] = ArticleTokens(doc)
        return found

    @cached_property
    def parts(self) -> list[str]:
        """Each token's coarse part of speech (Token.pos_), by token index."""
        return [token.pos_ for token in self.doc]

    @cached_property
    def tags(self) -> list[str]:
        """Each token's fine-grained tag (Token.tag_), by token index."""
        return [token.tag_ for token in self.doc]

    @cached_property
    def deps(self) -> list[str]:
        """Each token's dependency label (Token.dep_), by token index."""
        return [token.dep_ for token in self.doc]

    @cached_property
    def text(self) -> str:
        """Doc.text, joined once (spaCy joins every token's text anew at each read)."""
        return self.doc.text

    def span_text(self, span: Span) -> str:
        """Span.text as a slice of the article's text: the same characters (a span's text is its tokens' with
        the last one's trailing space left off, and its end_char is where that token ends), without building
        a Token per word."""
        return self.text[span.start_char : span.end_char]

    @cached_property
    def entity_tags(self) -> list[int]:
        """Each token's entity tag as spaCy numbers it (Token.ent_iob: 3 begins an entity, 1 is inside one,
        2 outside, 0 unset), by token index: one array read."""
        return self.doc.to_array(ENT_IOB).tolist()

    @cached_property
    def at_char(self) -> dict[int, int]:
        """The token starting at each character offset (Token.idx → Token.i)."""
        return {token.idx: token.i for token in self.doc}

    @cached_property
    def lowers(self) -> list[str]:
        """Each token's lower-case text (Token.lower_), by token index."""
        return [token.lower_ for token in self.doc]

    @cached_property
    def lemmas(self) -> list[str]:
        """Each token's lemma in lower case (Token.lemma_.lower()), by token index."""
        return [token.lemma_.lower() for token in self.doc]

    def sentence_facts(self, sent: Span, compute: Callable[[Span], Any]) -> Any:
        """What `compute` makes of a sentence, made once per sentence (the sentence's vector is the mean of its
        tokens' vectors, built anew at every read of Span.vector)."""
        found = self._sentences.get(sent.start)
        if found is None:
            found = self._sentences[sent.start] = compute(sent)
        return found

    def in_sentences(self, indices: list[int]) -> Iterator[tuple[Span, list[int]]]:
        """The article's sentences in order, each with those of the (ascending) token indices inside it."""
        position = 0
        for sent in self.doc.sents:
            inside = []
            while position < len(indices) and indices[position] < sent.end:
                inside.append(indices[position])
                position += 1
            if inside:
                yield sent, inside

    def sentence_vector(self, sent: Span) -> tuple[float, ...]:
        """Span.vector as a tuple, () when no token of the sentence has a vector (Span.has_vector): the same
        float32 sum token after token divided by the length, from one table look-up for the article's tokens
        instead of one Token and one look-up per token. Only for the plain case (static vectors keyed by the
        word, no hooks); any other is left to spaCy."""
        vectors = self.doc.vocab.vectors
        if (self.doc.user_span_hooks or self.doc.user_token_hooks or vectors.size == 0 or vectors.attr != ORTH
                or vectors.mode != "default" or not isinstance(vectors.data, np.ndarray) or not len(sent)):
            return tuple(sent.vector.tolist()) if sent.has_vector else ()
        if self._orths is None:
            self._orths = self.doc.to_array(ORTH)  # one array read; the rows are looked up per sentence asked
        # Vectors.find looks its keys up one by one in Python: only the sentences asked for (those with an
        # event) are looked up, not the whole article
        rows = vectors.find(keys=self._orths[sent.start : sent.end])
        known = rows >= 0
        if not known.any():
            return ()
        table = np.zeros((len(rows), vectors.data.shape[1]), dtype=vectors.data.dtype)
        table[known] = vectors.data[rows[known]]
        # a reduction down the rows adds them one after another, as Python's sum over Token.vector does
        return tuple((np.add.reduce(table, axis=0) / len(sent)).tolist())
