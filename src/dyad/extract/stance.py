"""Stance: who judges what, and how — from evaluative language in sentences about a target.

The target is the agreement an article reports (a sentence naming it: "the agreement", "the Charter") or an
actor an evaluative word is attached to ("a hostile state"). The holder is the speaker when the sentence is
inside their quote or reported speech, otherwise the outlet. A negator just before an evaluative word turns
it around ("no security guarantees" is said of guarantees; "not successful" is negative). Lexicons are data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span

from dyad.extract.events import MentionIndex
from dyad.extract.speakers import subject_of
from dyad.records import Article, Quote, Stance

AGREEMENT_TARGET = "the agreement"
_NEGATION_REACH = 3  # tokens before an evaluative word in which a negator turns it around


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    positive: tuple[tuple[str, ...], ...]
    negative: tuple[tuple[str, ...], ...]
    negators: frozenset[str]
    agreement_nouns: frozenset[str]


@cache
def load_stance_lexicon() -> StanceLexicon:
    raw = tomllib.loads(resources.files("dyad").joinpath("data/stance.toml").read_text("utf-8"))

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted((tuple(p.lower().split()) for p in raw[key]), key=len, reverse=True))

    return StanceLexicon(phrases("positive"), phrases("negative"), frozenset(raw["negators"]),
                         frozenset(raw["agreement_nouns"]))


def extract_stances(article: Article, doc: Doc, quotes: list[Quote], outlet_id: str | None,
                    index: MentionIndex) -> list[Stance]:
    lexicon = load_stance_lexicon()
    stances = []
    for sent in doc.sents:
        if not any(t.lemma_.lower() in lexicon.agreement_nouns for t in sent):
            continue
        words, score = _evaluate(sent, lexicon)
        if not words:
            continue
        holder = _holder(sent, quotes) or _judging_subject(sent, lexicon, index) or outlet_id \
            or f"document:{article.doc_id}"
        polarity = "positive" if score > 0 else "negative" if score < 0 else "mixed"
        stances.append(Stance(holder, AGREEMENT_TARGET, polarity, article.doc_id, sent.start_char,
                              sent.start_char + len(sent.text.rstrip()), tuple(words)))
    return stances


def _evaluate(sent: Span, lexicon: StanceLexicon) -> tuple[list[str], int]:
    """Evaluative words in the sentence (longest phrases first) and their balance, negation applied."""
    tokens = [t.lower_ for t in sent]
    used: set[int] = set()
    words, score = [], 0
    for sign, entries in ((1, lexicon.positive), (-1, lexicon.negative)):
        for phrase in entries:
            for start in range(len(tokens) - len(phrase) + 1):
                span = range(start, start + len(phrase))
                if tuple(tokens[start : start + len(phrase)]) != phrase or used & set(span):
                    continue
                used.update(span)
                negated = any(tokens[i] in lexicon.negators for i in range(max(0, start - _NEGATION_REACH), start))
                value = -sign if negated and len(phrase) == 1 else sign
                score += value
                words.append(("not " if value != sign else "") + " ".join(phrase))
    return words, score


def _judging_subject(sent: Span, lexicon: StanceLexicon, index: MentionIndex) -> str | None:
    """'Hartmann criticized the deal', 'Vint called the agreement a success': the judging verb's subject."""
    evaluative = {p[0] for p in (*lexicon.positive, *lexicon.negative) if len(p) == 1}
    for token in sent:
        if token.pos_ == "VERB" and (token.lower_ in evaluative or token.lemma_.lower() in ("call", "describe")):
            subject = subject_of(token)
            actors = index.actors_of(subject) if subject is not None else []
            if actors:
                return actors[0]
    return None


def _holder(sent: Span, quotes: list[Quote]) -> str | None:
    """The speaker whose quote or reported speech holds most of the sentence; an unnamed one ("some critics")
    is kept as such rather than lent to the outlet."""
    best, best_overlap = None, 0
    for quote in quotes:
        overlap = min(quote.end_char, sent.end_char) - max(quote.start_char, sent.start_char)
        if overlap > best_overlap and overlap > 0.5 * min(len(sent.text), quote.end_char - quote.start_char):
            speaker = quote.speaker_id or (f"unnamed:{quote.speaker_name}" if quote.speaker_name else None)
            if speaker:
                best, best_overlap = speaker, overlap
    return best
