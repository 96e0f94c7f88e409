"""Commitments: what an agreement's parties undertook, from the announced events of an article that reports
the agreement ("Under the deal, Norway will dispatch engineers to Laos") and from what the
agreement itself is said to provide ("The agreement envisages US assistance for reforms", data/commitments.toml).

Every commitment starts pending; the corpus step (resolve/commitments.py) marks it kept or broken when a
later report shows the same action done or refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from dyad.data_files import data_toml
from dyad.extract.context import ArticleContext
from dyad.extract.speakers import subject_of
from dyad.extract.tokens import ArticleTokens
from dyad.records import Commitment, Event


@dataclass(frozen=True, slots=True)
class CommitmentRules:
    categories: frozenset[str]
    agreement_nouns: frozenset[str]
    provision_verbs: frozenset[str]
    pledge_nouns: frozenset[str]
    pledge_verbs: frozenset[str]
    pledged: frozenset[str]
    both_sides: frozenset[str]


@cache
def load_commitment_rules() -> CommitmentRules:
    raw = data_toml("plover.toml")["commitments"]
    provisions = data_toml("commitments.toml")
    pledges = provisions["pledges"]
    return CommitmentRules(frozenset(raw["categories"]), frozenset(raw["agreement_nouns"]),
                           frozenset(provisions["provision_verbs"]), frozenset(pledges["nouns"]),
                           frozenset(pledges["verbs"]), frozenset(pledges["adjectives"]),
                           frozenset(pledges["both_sides"]))


def extract_commitments(context: ArticleContext, events: list[Event]) -> list[Commitment]:
    article, doc = context.article, context.doc
    rules = load_commitment_rules()
    agreement = _agreement_name(doc, rules)
    if agreement is None:
        return []
    commitments = []
    for event in events:
        trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        if trigger is None or not event.source_id or event.plover_type not in rules.categories:
            continue
        undertaken = _agreed_to(trigger.root) if event.plover_type == "AGREE" else None
        if event.modality != "announced" and undertaken is None:
            continue
        what_start, what_end = _undertaking(undertaken or trigger.root, split_clauses=undertaken is None)
        commitments.append(Commitment(
            agreement=agreement, who_id=event.source_id, what=article.body[what_start:what_end],
            to_whom_id=event.target_id, due_text=event.date_text, due_date=event.event_date, status="pending",
            evidence_doc_id=article.doc_id, evidence_start=event.start_char, evidence_end=event.end_char,
            event_id=event.event_id,
        ))
    return _outermost(commitments + _provisions(context, events, agreement, rules)
                      + _pledges(context, events, agreement, rules))


def _provisions(context: ArticleContext, events: list[Event], agreement: str,
                rules: CommitmentRules) -> list[Commitment]:
    """'The agreement envisages US assistance for reforms': a clause whose subject is the agreement, undertaken
    by the state its phrase names, else by the first party of the article's signing."""
    parties = _signing_parties(context, events)
    if not parties:
        return []
    found = []
    doc, tokens = context.doc, ArticleTokens.of(context.doc)
    for verb in (doc[i] for i, (part, lemma) in enumerate(zip(tokens.parts, tokens.lemmas, strict=True))
                 if part == "VERB" and lemma in rules.provision_verbs):
        if _negated(verb):
            continue
        subject = subject_of(verb)
        if subject is None or subject.lemma_.lower() not in rules.agreement_nouns:
            continue
        start, end = _undertaking(verb, split_clauses=True)
        named = [p for t in verb.subtree if t.i > subject.i and (a := context.index.actor_at_token.get(t.i))
                 for p in [context.parties.get(a, a)] if p in parties]
        who = named[0] if named else parties[0]
        sent = verb.sent
        found.append(Commitment(
            agreement=agreement, who_id=who, what=context.article.body[start:end],
            to_whom_id=next((p for p in parties if p != who), None), due_text=None, due_date=None, status="pending",
            evidence_doc_id=context.article.doc_id, evidence_start=sent.start_char,
            evidence_end=sent.start_char + len(sent.text.rstrip()), event_id=f"provision:{verb.idx}"))
    return found


def _pledges(context: ArticleContext, events: list[Event], agreement: str,
             rules: CommitmentRules) -> list[Commitment]:
    """'Both nations reiterated their commitment to mutual support for each other's sovereignty', 'the United
    States was committed to … its independence': a party that states its commitment to something undertakes
    it; 'both nations' ('both sides', 'the two countries') are the parties of the article's signing."""
    parties = _signing_parties(context, events)
    if not parties:
        return []
    found = []
    doc, tokens = context.doc, ArticleTokens.of(context.doc)
    # a pledge noun or a pledged word: no other token can be a pledge, so no other is built
    for token in (doc[i] for i, (lower, lemma) in enumerate(zip(tokens.lowers, tokens.lemmas, strict=True))
                  if lemma in rules.pledge_nouns or lower in rules.pledged or lemma in rules.pledged):
        lemma = token.lemma_.lower()
        if lemma in rules.pledge_nouns and token.dep_ in ("dobj", "obj") and \
                token.head.lemma_.lower() in rules.pledge_verbs and not _negated(token.head):
            owner = next((c for c in token.children if c.dep_ == "poss" and context.index.actors_of(c)), None)
            who_word, pledge = owner or subject_of(token.head), token  # "reaffirmed the EU's commitment"
        elif (token.lower_ in rules.pledged or lemma in rules.pledged) and not _negated(token) and any(
                c.dep_ == "auxpass" or c.lemma_ == "be" for c in token.children):
            who_word, pledge = subject_of(token), token
        else:
            continue
        to = [c for c in pledge.children if c.dep_ == "prep" and c.lower_ == "to"]
        if who_word is None or not to:
            continue
        if who_word.lemma_.lower() in rules.both_sides or any(c.lower_ in ("both", "two") for c in who_word.children):
            committers = parties
        else:
            committers = [p for a in context.index.actors_of(who_word) for p in [context.parties.get(a, a)]
                          if p in parties][:1]
        sent = token.sent
        what = context.article.body[pledge.idx:pledge.right_edge.idx + len(pledge.right_edge)]
        # to whom: a party the "to" phrase names ("committed to Armenia"), not the other signatory by default
        named = [context.parties.get(a, a) for g in to[0].children if g.dep_ == "pobj"
                 for a in context.index.actors_of(g)]
        found += [Commitment(
            agreement=agreement, who_id=who, what=what, to_whom_id=next((p for p in named if p), None),
            due_text=None, due_date=None, status="pending", evidence_doc_id=context.article.doc_id,
            evidence_start=sent.start_char, evidence_end=sent.start_char + len(sent.text.rstrip()),
            event_id=f"pledge:{token.idx}:{who}") for who in committers]
    return found


def _signing_parties(context: ArticleContext, events: list[Event]) -> list[str]:
    """The states of the article's first signing that names both sides."""
    for event in events:
        if event.plover_type == "AGREE" and event.source_id and event.target_id and event.modality != "negated":
            sides = [context.parties.get(a, a) for a in (event.source_id, event.target_id)]
            if all(sides) and sides[0] != sides[1]:
                return [s for s in sides if s]
    return []


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _outermost(commitments: list[Commitment]) -> list[Commitment]:
    """'will begin negotiations … on nuclear cooperation' is one undertaking, not two: of commitments whose
    text lies within another's in the same sentence, the widest (and, among equals, the first) is kept."""
    kept: list[Commitment] = []
    for candidate in sorted(commitments, key=lambda c: -len(c.what)):
        if not any(k.evidence_start == candidate.evidence_start and candidate.what in k.what for k in kept):
            kept.append(candidate)
    return [c for c in commitments if c in kept]


def _agreement_name(doc: Doc, rules: CommitmentRules) -> str | None:
    """The agreement the article reports: the object of its first 'sign', else its first agreement noun."""
    tokens = ArticleTokens.of(doc)
    parts, lemmas = tokens.parts, tokens.lemmas
    for token in (doc[i] for i, lemma in enumerate(lemmas) if lemma == "sign" and parts[i] == "VERB"):
        objects = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in rules.agreement_nouns]
        if objects:
            return _noun_phrase(objects[0])
    noun = next((i for i, lemma in enumerate(lemmas) if lemma in rules.agreement_nouns
                 and parts[i] in ("NOUN", "PROPN")), None)
    return _noun_phrase(doc[noun]) if noun is not None else None


def _noun_phrase(noun: Token) -> str:
    words = [t for t in noun.subtree if t.i <= noun.i and t.dep_ != "det" and not t.is_punct]
    return " ".join(t.text for t in words)


def _agreed_to(agree: Token) -> Token | None:
    """'Norway agrees to assist Laos with flood control': what was agreed to, an undertaking itself."""
    return next((c for c in agree.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)


def _undertaking(trigger: Token, *, split_clauses: bool) -> tuple[int, int]:
    """The undertaking as written: the trigger's clause from its subject to its end ('the US will send …').
    A clause joined by "and" with its own event is its own undertaking ("…, and Yerevan will formally join");
    what was agreed to ("agrees to help …, enhance …, and expand …") stays whole."""
    head = next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger)
    other_clauses = {t.i for c in head.children if split_clauses and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                     for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in other_clauses and not (t.dep_ in ("mark", "cc") and t.i != head.i)]
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])
