"""Clause readings that decide whether a coded word is an event of the sentence or part of another one.

PLOVER codes one event per statement and the sentence's own event: what a party is reported to say it will
do is its statement (AGREE, THREATEN), what is promised, sought, demanded by a protest or answered by a
concession is that event's content, and a clause saying which one a participant is is background. The
subject pronoun of a reported clause that nothing resolves is the speaker ('Syria says it is willing').
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from dyad.data_files import data_toml
from dyad.extract.event_lexicon import Code, EventRules
from dyad.extract.event_roles import Parties, verb_parties
from dyad.extract.mention_index import MentionIndex
from dyad.extract.quotes import load_speech_rules
from dyad.extract.speakers import subject_of

__all__ = ["PUNISHING", "answered_demand", "claim_of_protest", "describes_a_participant", "purpose_of_its_own_kind",
           "reported_statement", "reporting_speaker", "sought_or_promised", "spoken_of_by_speaker"]


def reported_statement(trigger: Token, rules: EventRules) -> bool:
    """The trigger's clause is what a reporting verb says a party will do: 'Nigeria announced that it will
    withdraw', 'the Umma party has said it would boycott', 'Finland will give …, a statement said'; not a
    decision reported ('said it has decided to impose sanctions')."""
    clause, chain = trigger, [trigger]
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i and clause.head.pos_ in ("VERB", "AUX"):
        clause = clause.head  # "said it will continue to support", "said it would withdraw and hand over"
        chain.append(clause)
    future = rules.future_auxiliaries | {"would", "'ll", "wo"}
    return _reporting_verb(clause) and any(c.dep_ == "aux" and c.lower_ in future for v in chain for c in v.children)


# "…, Reuters reports": the press reporting what others will do, not a party saying what it will do
_PRESS_VERBS = frozenset({"report"})


def _reporting_verb(clause: Token) -> bool:
    lemma = clause.head.lemma_.lower()
    return clause.dep_ == "ccomp" and clause.head.pos_ == "VERB" and lemma in load_speech_rules().verbs - _PRESS_VERBS


_SELF_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})


def spoken_of_by_speaker(trigger: Token, parties: Parties, index: MentionIndex) -> Parties:
    """'Chad says it is ready to withdraw', 'the militia said it will free the governor': the
    subject pronoun of a reported clause that nothing else resolves is the speaker speaking of itself."""
    if parties.sources:
        return parties
    speakers = reporting_speaker(trigger, index)
    return Parties(speakers, [t for t in parties.targets if t not in speakers]) if speakers else parties


def reporting_speaker(word: Token, index: MentionIndex) -> list[str]:
    """The actors of who reports a clause whose subject is an unresolved pronoun ('Syria says it …')."""
    clause = word
    while clause.dep_ in ("xcomp", "conj", "acomp") and clause.head.i != clause.i:
        clause = clause.head
    if not _reporting_verb(clause):
        return []
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ not in _SELF_PRONOUNS or index.actors_of(subject):
        return []
    if subject.dep_ == "nsubjpass" and subject.head.i == word.i:
        return []  # "said it was attacked": the pronoun undergoes the act
    speaker = subject_of(clause.head)
    return index.actors_of(speaker) if speaker is not None else []


PUNISHING = frozenset({"COERCE", "SANCTION"})
_ANSWERING = frozenset({"CONCEDE", "REJECT", "AGREE"})


def answered_demand(noun: Token, code: Code, rules: EventRules) -> bool:
    """'conceded to demands from UNITA', 'rejected Egypt's demand': the demand a party yields to or refuses is
    what its CONCEDE or REJECT answers (PLOVER: "accede to demands", "reject requests"), not a new event."""
    if code[0] != "DEMAND":
        return False
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "to" else noun.head
    coded = rules.verb_code(verb) if verb.pos_ == "VERB" and noun.dep_ in ("dobj", "pobj") else None
    return coded is not None and coded[0] in _ANSWERING


def purpose_of_its_own_kind(verb: Token, code: Code, index: MentionIndex, rules: EventRules) -> bool:
    """'will travel to Chad and Niger to mediate', 'provide a loan … to fund two schools': an
    infinitive of purpose of the same category as the act it is the purpose of, which names who acts, tells
    that act again."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    above = rules.verb_code(verb.head) if verb.head.pos_ == "VERB" else None
    return above is not None and above[0] == code[0] and bool(verb_parties(verb.head, index, rules, code[0]).sources)


def claim_of_protest(trigger: Token, rules: EventRules) -> bool:
    """'demonstrators blocked roads demanding that he be reinstated', 'a demonstration calling for his removal',
    'staged rallies, saying he must resign': PLOVER's DEMAND is a verbal demand only; one made in the form of
    a protest is the protest's (the nearest coded word above the demand is a protest it describes)."""
    link = trigger
    for ancestor in trigger.ancestors:
        code = rules.verb_code(ancestor) if ancestor.pos_ == "VERB" else None
        category = code[0] if code is not None else rules.noun_category(ancestor) if ancestor.pos_ == "NOUN" else None
        if category is not None:
            return category == "PROTEST" and link.dep_ in ("acl", "advcl", "relcl", "xcomp")
        link = ancestor
    return False


def describes_a_participant(trigger: Token, rules: EventRules) -> bool:
    """'refugees fleeing the civil war', 'a helicopter that was captured last week', 'a resolution that aims to
    tighten sanctions', 'Sweden's decision to send them back': a clause that says which one a party or thing of
    another event is, is background to that event, not an event the sentence reports (PLOVER codes the
    sentence's event). Not the clause of an event noun ('talks, scheduled to be held', 'the agreement that …')."""
    link = trigger
    for ancestor in trigger.ancestors:
        if link.dep_ in ("relcl", "acl") and ancestor.pos_ in ("NOUN", "PROPN") and link.pos_ in ("VERB", "AUX"):
            if rules.noun_category(ancestor) is not None or rules.light_object_code(ancestor) is not None:
                return False
            # "dispersed demonstrators protesting election results": what they were there doing is happening
            if link.i == trigger.i and (rules.verb_code(trigger) or ("",))[0] == "PROTEST":
                return False
            return any(rules.verb_code(above) is not None for above in ancestor.ancestors if above.pos_ == "VERB")
        link = ancestor
    return False


def _promised_act(clause: Token, above: Token, rules: EventRules) -> bool:
    """'Libya offered to hand over two suspects', 'Syria is willing to withdraw its troops': what is offered,
    promised or declared oneself ready to do is the AGREE's content (PLOVER's statement of intent), not an act."""
    if clause.dep_ != "xcomp":
        return False
    lemma = above.lemma_.lower()
    return (above.pos_ == "VERB" and lemma in rules.intent_verbs) or (
        above.pos_ == "ADJ" and lemma in rules.intent_adjectives and above.dep_ == "acomp")


def sought_or_promised(link: Token, ancestor: Token, rules: EventRules) -> bool:
    """'will withdraw unless Chad holds elections' (the condition is what is demanded), 'offered to mediate'
    (what is promised), 'a drive to convince parliament to amend the constitution' (what is sought), 'a
    meeting aimed at improving ties' (what a thing is for)."""
    return _demanded_condition(link) or _promised_act(link, ancestor, rules) or _purpose_of_a_thing(link, ancestor) \
        or (link.dep_ == "xcomp" and ancestor.lemma_.lower() in rules.persuasion_verbs)


def _purpose_of_a_thing(link: Token, ancestor: Token) -> bool:
    """'talks designed to end the war', 'a meeting aimed at improving ties': the complement of a purpose
    participle on a noun (plover.toml [roles] purpose_participles)."""
    complement = link.dep_ == "xcomp" or (link.dep_ == "prep" and link.lower_ == "at")
    return complement and ancestor.dep_ == "acl" and ancestor.tag_ in ("VBN", "VBG") \
        and ancestor.lemma_.lower() in _purpose_participles()


@cache
def _purpose_participles() -> frozenset[str]:
    raw = data_toml("plover.toml")
    return frozenset(raw["roles"]["purpose_participles"])


def _demanded_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in clause.children)
