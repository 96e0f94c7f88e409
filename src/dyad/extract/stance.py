"""Stance: who judges what, and how — from evaluative language attached to a target.

Three kinds of target: the agreement an article reports (a sentence naming it: "the agreement", "the
Charter"); an actor, as the object of a judging verb ("the EU praised Kazakhstan", "welcomed Armenia's
decision") or the subject of an evaluative predicate ("Iran remains a destabilizing force"); and the relations
of two actors ("ties between India and Australia have never been stronger"), stored as `relations:A|B`.
The holder is the judging verb's subject, else the speaker whose quote or reported speech holds the words,
else the outlet. A negator just before an evaluative word turns it around ("not successful" is negative).
Lexicons are data (data/stance.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from dyad.data_files import data_toml
from dyad.extract.context import ArticleContext
from dyad.extract.mention_index import MentionIndex
from dyad.extract.speakers import subject_of
from dyad.extract.tokens import ArticleTokens
from dyad.records import Article, Quote, Stance

AGREEMENT_TARGET = "the agreement"
_NEGATION_REACH = 3  # tokens before an evaluative word in which a negator turns it around
# Clauses hanging in a target's clause that say something of their own ("Armenia, which has moved closer …").
_OTHER_CLAUSES = {"relcl", "acl", "advcl", "ccomp", "appos", "parataxis"}


Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evaluations:
    """Evaluative phrases by their first word, each with its sign (+1, −1), positive first, longest first."""

    by_first_word: dict[str, tuple[tuple[Phrase, int], ...]]

    @classmethod
    def of(cls, positive: list[str], negative: list[str]) -> Evaluations:
        entries = {(tuple(p.lower().split()), 1) for p in positive} | {(tuple(p.lower().split()), -1) for p in negative}
        by_first: dict[str, list[tuple[Phrase, int]]] = {}
        for phrase, sign in sorted(entries, key=lambda e: (-e[1], -len(e[0]), e[0])):
            by_first.setdefault(phrase[0], []).append((phrase, sign))
        return cls({word: tuple(found) for word, found in by_first.items()})


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    evaluations: Evaluations
    negators: frozenset[str]
    agreement_nouns: frozenset[str]
    judging: dict[str, int]  # verb lemma → +1 praise, −1 condemn
    predication_verbs: frozenset[str]
    extent_words: frozenset[str]
    situation_words: frozenset[str]
    continuations: tuple[str, ...]
    relation_nouns: frozenset[str]
    topic_prepositions: frozenset[str]
    relation_evaluations: Evaluations
    reference_nouns: frozenset[str]
    demonstratives: frozenset[str]
    partnership_nouns: frozenset[str]
    feelings: frozenset[str]
    agreement_kinds: frozenset[str]


@cache
def load_stance_lexicon() -> StanceLexicon:
    raw = data_toml("stance.toml")

    verbs = raw["judging_verbs"]
    judging = {**dict.fromkeys(verbs["positive"], 1), **dict.fromkeys(verbs["negative"], -1)}
    relations = raw["relations"]
    return StanceLexicon(
        evaluations=Evaluations.of(raw["positive"], raw["negative"]), negators=frozenset(raw["negators"]),
        agreement_nouns=frozenset(raw["agreement_nouns"]), judging=judging,
        predication_verbs=frozenset(raw["predication"]["verbs"]),
        extent_words=frozenset(raw["predication"]["extent_words"]),
        situation_words=frozenset(raw["predication"]["situation_words"]),
        continuations=tuple(raw["continuations"]["openers"]), relation_nouns=frozenset(relations["nouns"]),
        topic_prepositions=frozenset(relations["topic_prepositions"]),
        relation_evaluations=Evaluations.of(raw["positive"] + relations["positive"],
                                            raw["negative"] + relations["negative"]),
        reference_nouns=frozenset(raw["references"]["nouns"]),
        demonstratives=frozenset(raw["references"]["demonstratives"]),
        partnership_nouns=frozenset(raw["partnership_nouns"]), feelings=frozenset(raw["feelings"]),
        agreement_kinds=frozenset(raw["agreement_kinds"]))


@dataclass(frozen=True, slots=True)
class _Context:
    article: Article
    quotes: list[Quote]
    index: MentionIndex
    parties: dict[str, str | None]  # an actor → the party it stands for: a person or body its state, a place none
    fallback_holder: str  # the outlet, or the document when the outlet is unknown
    lexicon: StanceLexicon
    reported_kinds: frozenset[str]  # the kinds ("peace", "trade") of the agreement the article first names
    reported_parties: frozenset[str]  # the states of the sentence that first names it


def extract_stances(context: ArticleContext, quotes: list[Quote]) -> list[Stance]:
    article, doc, outlet_id, index, parties = (context.article, context.doc, context.outlet, context.index,
                                               context.parties)
    lexicon = load_stance_lexicon()
    first = next((t for t in _with_lemma(doc[:], lexicon.agreement_nouns) if _refers(t)), None)
    signatories = frozenset(p for t in (first.sent if first is not None else []) if t.i in index.actor_at_token
                            for p in [(parties or {}).get(index.actor_at_token[t.i], index.actor_at_token[t.i])]
                            if p)
    context = _Context(article, quotes, index, parties or {}, outlet_id or f"document:{article.doc_id}",
                       lexicon, _kinds(first, lexicon) if first is not None else frozenset(), signatories)
    stances: dict[tuple[str, str, int], Stance] = {}
    for sent in doc.sents:
        for stance in (*_toward_agreement(sent, context), *_toward_actors(sent, context),
                       *_toward_relations(sent, context)):
            stances.setdefault((stance.holder_id, stance.target, stance.start_char), stance)
    return list(stances.values())


def _stance(context: _Context, holder: str, target: str, score: int, sent: Span, words: list[str]) -> Stance:
    polarity = ("neutral" if not words else "positive" if score > 0 else "negative" if score < 0 else "mixed")
    return Stance(holder, target, polarity, context.article.doc_id, sent.start_char,
                  sent.start_char + len(ArticleTokens.of(sent.doc).span_text(sent).rstrip()), tuple(words))


def _toward_agreement(sent: Span, context: _Context) -> list[Stance]:
    """The evaluative words about the agreement in a sentence that names it. A speaker who speaks of it
    without judging it ('what counts is not the name of the deal but its results') is on record as
    neutral, so that every speaker has one overall stance with its evidence; the outlet's silence is left to
    the reader (the briefing says so)."""
    lexicon = context.lexicon
    named = [t for t in _with_lemma(sent, lexicon.agreement_nouns) if _refers(t)
             and not _another_agreement(t, context)]
    named += _partners_named(sent, lexicon) + _referring_back(sent, lexicon)
    if not named:
        return []
    partnership = any(t.lemma_.lower() in lexicon.partnership_nouns for t in named)
    evaluations = lexicon.relation_evaluations if partnership else lexicon.evaluations
    about = _about(named)
    words, score = _evaluate(about, evaluations, lexicon.negators)
    speaker = _holder(sent, context.quotes)
    if not words:
        return [_stance(context, speaker, AGREEMENT_TARGET, 0, sent, [])] if speaker else []
    holder = (speaker or _who_feels(about, lexicon, context.index) or _judging_subject(sent, lexicon, context.index)
              or _fallback(sent, context))
    return [_stance(context, holder, AGREEMENT_TARGET, score, sent, words)]


def _refers(noun: Token) -> bool:
    """'the agreement', 'a Charter', 'Armenia's partnership', 'strategic partnership' refer to a document;
    a bare 'agreement' is consent ('stopped short of agreement on trade'), bare plurals are generic
    ('opportunities for partnerships in the region')."""
    return noun.pos_ == "PROPN" or any(
        c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in noun.children)


def _kinds(noun: Token, lexicon: StanceLexicon) -> frozenset[str]:
    """What kind of agreement a noun names by its modifiers: 'a peace agreement', 'the defense agreements'."""
    return frozenset(t.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod")
                     for t in c.subtree if t.lemma_.lower() in lexicon.agreement_kinds)


def _another_agreement(noun: Token, context: _Context) -> bool:
    """'Armenia is still pursuing a peace agreement' in an article on a partnership charter, 'it is not
    like the defence pacts of France with its partners': an agreement of another kind than the
    one the article first names, or with other parties than those of the sentence that names it, is not the
    agreement it reports."""
    kinds = _kinds(noun, context.lexicon)
    if kinds and not kinds & context.reported_kinds:
        return True
    # "Armenia's partnership with Russia" in a report on a charter Armenia signed with the United States
    others = [context.parties.get(a, a) for c in noun.children if c.dep_ == "prep" and c.lower_ in ("with", "between")
              for g in c.children if g.dep_ == "pobj" for a in context.index.actors_of(g)]
    return bool(context.reported_parties) and bool(others) and not set(others) & context.reported_parties


def _partners_named(sent: Span, lexicon: StanceLexicon) -> list[Token]:
    """'We are increasingly strong partners', 'Oslo and Stockholm are close partners': parties said to be
    partners are the partnership; one party's partner ('Russia remains its largest trading partner') is not."""
    return [t for t in _with_lemma(sent, lexicon.partnership_nouns) if t.tag_ == "NNS"
            and t.dep_ == "attr" and t.head.lemma_ == "be"]


def _referring_back(sent: Span, lexicon: StanceLexicon) -> list[Token]:
    """'this shift comes with significant risks', 'this move': a demonstrative noun of change that points
    back to the agreement the previous sentence (or this one) names."""
    found = [t for t in _with_lemma(sent, lexicon.reference_nouns) if any(
        c.dep_ == "det" and c.lower_ in lexicon.demonstratives for c in t.children)]
    if not found:
        return []
    previous = sent.doc[sent.start - 1].sent if sent.start > 0 else sent
    named = [t for s in (previous, sent) for t in _with_lemma(s, lexicon.agreement_nouns) if _refers(t)]
    return found if named else []


def _with_lemma(span: Span, lemmas: frozenset[str]) -> list[Token]:
    """The span's tokens whose lower-case lemma is one of these, in order: read from the article's cached
    lemmas, so that only those tokens are built (each sentence is scanned for several word lists)."""
    doc, known = span.doc, ArticleTokens.of(span.doc).lemmas
    return [doc[i] for i in range(span.start, span.end) if known[i] in lemmas]


def _about(targets: list[Token]) -> list[Token]:
    """The words about a target: its clause (the subtree of the verb it hangs on), less the clauses and
    participial modifiers in it that do not hold the target ('Azerbaijan, already emboldened by its success,
    might see this partnership as …', 'Armenia, which has moved closer to the West, has signed the agreement',
    'attempted a peace agreement, but his efforts were unsuccessful')."""
    about: dict[int, Token] = {}
    for target in targets + _referring_pronouns(targets):
        verb = next((t for t in [target, *target.ancestors] if t.pos_ in ("VERB", "AUX")), target.sent.root)
        splits: dict[int, bool] = {}  # per word above a token: whether it opens another clause
        for token in verb.subtree:
            if not _in_other_clause(token, verb, target, splits):
                about[token.i] = token
    return [about[i] for i in sorted(about)]


def _referring_pronouns(targets: list[Token]) -> list[Token]:
    """'while the agreement marks closer ties, it must not be mistaken for an alliance':
    the subject 'it' of the clause the target's clause hangs on is the target again, and so is an 'it' or
    'its' after it ('critics of the Charter argue that its implications could lead to tensions')."""
    found = []
    for target in targets:
        verb = next((t for t in [target, *target.ancestors] if t.pos_ in ("VERB", "AUX")), None)
        if verb is not None and verb.dep_ in ("advcl", "conj", "ccomp"):
            found += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "this")]
        found += [t for t in target.sent if t.i > target.i and t.lower_ in ("it", "its")]
    return found


def _in_other_clause(token: Token, top: Token, target: Token, splits: dict[int, bool]) -> bool:
    """Whether a word between the token and `top` opens a clause that does not hold the target; `splits`
    keeps each word's answer for the other tokens of the same subtree (each would walk the same words)."""
    for node in [token, *token.ancestors]:
        if node.i == top.i:
            return False
        if node.i not in splits:
            splits[node.i] = _opens_other_clause(node, target)
        if splits[node.i]:
            return True
    return False


def _opens_other_clause(node: Token, target: Token) -> bool:
    participle = node.dep_ == "amod" and node.pos_ == "VERB" and any(True for _ in node.children)
    # "signed the agreement, marking a milestone": a gerund with no subject of its own goes on with the clause
    goes_on = node.dep_ == "advcl" and node.tag_ == "VBG" and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in node.children)
    clause = (node.dep_ in _OTHER_CLAUSES and not goes_on) or participle or (
        node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"))
    on_predicate = node.head.dep_ in ("attr", "oprd", "acomp")  # "a blunder that will undermine …"
    # "the pact, which will undermine …", "its potential to undermine …": a clause on the target's own phrase
    on_target = node.dep_ in ("relcl", "acl") and (node.head.i == target.i or target.head.i == node.head.i)
    return clause and not on_predicate and not on_target and target not in node.subtree


def _toward_actors(sent: Span, context: _Context) -> list[Stance]:
    """A judging verb's object ('praised Kazakhstan'), an evaluative predicate's subject ('Iran remains a
    destabilizing force', 'Moscow's blockade is a violation')."""
    stances = []
    tokens, lexicon, doc = ArticleTokens.of(sent.doc), context.lexicon, sent.doc
    parts, lemmas = tokens.parts, tokens.lemmas
    # a judging verb or a verb of predication: no other token can be either, so no other is built
    for token in (doc[i] for i in range(sent.start, sent.end) if (parts[i] == "VERB" and lemmas[i] in lexicon.judging)
                  or lemmas[i] in lexicon.predication_verbs):
        judged = _judged_by_verb(token, context) or _judged_by_predicate(token, context)
        if judged is None:
            continue
        holder, targets, score, words = judged
        stances += [_stance(context, holder, target, score, sent, words) for target in targets
                    if target != holder and context.parties.get(target, target) is not None]
    return stances


def _judged_by_verb(token: Token, context: _Context) -> tuple[str, list[str], int, list[str]] | None:
    sign = context.lexicon.judging.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")] if sign else []
    targets = [a for obj in objects if obj.lemma_.lower() not in context.lexicon.agreement_nouns
               for a in context.index.actors_of(obj)]
    if not targets:
        return None
    if any(c.dep_ == "neg" for c in token.children):
        sign = -sign
    subject = subject_of(token)
    holders = context.index.actors_of(subject) if subject is not None else []
    holder = holders[0] if holders else _voice(token, context)
    return holder, targets, sign, [("not " if sign != context.lexicon.judging[token.lemma_.lower()] else "")
                                   + token.lemma_.lower()]


def _judged_by_predicate(token: Token, context: _Context) -> tuple[str, list[str], int, list[str]] | None:
    lexicon = context.lexicon
    if token.lemma_.lower() not in lexicon.predication_verbs:
        return None
    subject = subject_of(token)
    if subject is None or subject.lemma_.lower() in lexicon.agreement_nouns or _names_relations(subject, lexicon):
        return None  # "Armenia's relationships with France are stronger than ever" judge the relations
    targets = context.index.actors_of(subject)
    predicate = [t for c in token.children if c.dep_ in ("attr", "acomp", "oprd") for t in c.subtree
                 if t.lower_ not in lexicon.extent_words | lexicon.situation_words]  # measures, dangers
    if not targets or not predicate:
        return None
    words, score = _evaluate(predicate, lexicon.evaluations, lexicon.negators)
    if any(c.dep_ == "neg" for c in token.children):
        score, words = -score, [f"not {w}" for w in words]
    if not words:
        return None
    return _voice(token, context), targets, score, words


def _toward_relations(sent: Span, context: _Context) -> list[Stance]:
    """'Relations between Serbia and Kosovo have deteriorated', 'was harming relations between the two
    neighbours': the clause around the relations noun judges the relations of the pair it names."""
    lexicon, stances = context.lexicon, []
    for token in sent:
        if token.pos_ != "NOUN" or not _names_relations(token, lexicon) or _a_topic(token, lexicon):
            continue
        pairs = _relation_pairs(token, sent, context)
        clause = list(token.head.subtree) if token.head.i != token.i else list(token.subtree)
        words, score = _evaluate(clause, lexicon.relation_evaluations, lexicon.negators)
        if pairs and words:
            holder = _voice(token, context)
            stances += [_stance(context, holder, f"relations:{a}|{b}", score, sent, words) for a, b in pairs]
    return stances


def _names_relations(noun: Token, lexicon: StanceLexicon) -> bool:
    return noun.lower_ in lexicon.relation_nouns or noun.lemma_.lower() in lexicon.relation_nouns


def _a_topic(noun: Token, lexicon: StanceLexicon) -> bool:
    """Relations named as the topic of a document or of talks, not judged: 'a declaration on … relations'."""
    preposition = noun.head
    return (noun.dep_ == "pobj" and preposition.lower_ in lexicon.topic_prepositions
            and preposition.head.pos_ in ("NOUN", "PROPN"))


def _relation_pairs(noun: Token, sent: Span, context: _Context) -> list[tuple[str, str]]:
    """The parties: those the phrase names ('between Serbia and Kosovo', 'Russian-Armenian'), completed from
    the sentence when it names one or none ('the two neighbours'), if the sentence names exactly two. A phrase
    that names more is a list: its owner with each ('American relations with Iran, Russia and Turkey'); with
    no owner ('relationships with other powers, including Russia, Iran and Georgia') whose they are is unsaid."""
    def states(tokens) -> list[str]:
        found = (context.index.actor_at_token.get(t.i) for t in tokens)
        parties = (context.parties.get(a, a) for a in found if a)
        return list(dict.fromkeys(p for p in parties if p))

    named = states(noun.subtree)
    if len(named) > 2:
        owners = states(t for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod") for t in c.subtree)
        return [tuple(sorted((owners[0], other))) for other in named if other != owners[0]] \
            if len(owners) == 1 else []  # type: ignore[misc]
    if len(named) < 2:
        in_sentence = states(sent)
        named = named + [a for a in in_sentence if a not in named] if len(in_sentence) == 2 else []
    return [tuple(sorted(named[:2]))] if len(named) >= 2 else []  # type: ignore[list-item]


def _evaluate(tokens: list[Token], evaluations: Evaluations, negators: frozenset[str]) -> tuple[list[str], int]:
    """Evaluative words among the tokens (positive before negative, longest phrases first; a single word also
    by its lemma) and their balance, negation applied."""
    forms = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    found = []
    for start, (form, lemma) in enumerate(zip(forms, lemmas, strict=True)):
        candidates = evaluations.by_first_word.get(form, ()) + (
            evaluations.by_first_word.get(lemma, ()) if lemma != form else ())
        for phrase, sign in candidates:
            single = len(phrase) == 1 and phrase[0] in (form, lemma)
            if single or tuple(forms[start : start + len(phrase)]) == phrase:
                found.append((-sign, -len(phrase), start, phrase, sign))
    used: set[int] = set()
    words, score = [], 0
    for _, _, start, phrase, sign in sorted(found):
        span = set(range(start, start + len(phrase)))
        if used & span:
            continue
        used |= span
        negated = any(forms[i] in negators for i in range(max(0, start - _NEGATION_REACH), start))
        value = -sign if negated and len(phrase) == 1 else sign
        score += value
        words.append(("not " if value != sign else "") + " ".join(phrase))
    return words, score


def _who_feels(tokens: list[Token], lexicon: StanceLexicon, index: MentionIndex) -> str | None:
    """'Australia deeply disappointed by signing of the pact': a word of feeling is its subject's, not the
    outlet's, even in a headline."""
    for token in tokens:
        if token.lower_ in lexicon.feelings or token.lemma_.lower() in lexicon.feelings:
            subject = subject_of(token) or (token.head if token.dep_ in ("amod", "acl") else None)
            actors = index.actors_of(subject) if subject is not None else []
            if actors:
                return actors[0]
    return None


def _judging_subject(sent: Span, lexicon: StanceLexicon, index: MentionIndex) -> str | None:
    """'Hartmann criticized the deal', 'Vint called the agreement a success': the judging verb's subject."""
    for token in sent:
        judging = token.lemma_.lower() in lexicon.judging or token.lemma_.lower() in ("call", "describe")
        if token.pos_ == "VERB" and judging:
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
            speaker = _speaker(quote)
            if speaker:
                best, best_overlap = speaker, overlap
    return best


def _voice(token: Token, context: _Context) -> str:
    """Whose words these are: the speaker of the quote holding the token, else of the quote holding most of
    its sentence, else the outlet."""
    return (_speaker_at(token.idx, context.quotes) or _holder(token.sent, context.quotes)
            or _fallback(token.sent, context))


def _fallback(sent: Span, context: _Context) -> str:
    """The outlet, unless the sentence goes on with the previous sentence's speaker ('In particular, …',
    'Moreover, …' right after a quoted view): a continuation stays with the speaker."""
    opening = " ".join(t.lower_ for t in sent[:3] if not t.is_punct)
    continues = any(opening.startswith(opener) for opener in context.lexicon.continuations)
    if continues and sent.start > 0:
        previous = sent.doc[sent.start - 1].sent
        speaker = _holder(previous, context.quotes)
        if speaker:
            return speaker
    return context.fallback_holder


def _speaker_at(char: int, quotes: list[Quote]) -> str | None:
    """The speaker of the innermost quote or reported speech that holds this character."""
    holding = [q for q in quotes if q.start_char <= char < q.end_char and _speaker(q)]
    return _speaker(min(holding, key=lambda q: q.end_char - q.start_char)) if holding else None


def _speaker(quote: Quote) -> str | None:
    return quote.speaker_id or (f"unnamed:{quote.speaker_name.lower()}" if quote.speaker_name else None)
