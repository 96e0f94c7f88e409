"""Events: who did what to whom, when — coded in PLOVER, with modality and a resolved date.

A verb or noun is an event when the lexicon codes it in its clause (`event_lexicon`: Dyad's plover.toml,
CAMEO's verb patterns, light verbs taking their object's category) and its clause names an actor as
source or target (`event_roles`). Modality: negated ("did not", "failed to"), hypothetical, announced
(future), historical (dated well before publication) or past.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.extract.context import ArticleContext
from dyad.extract.dates import ResolvedDate, date_entities, resolve_date
from dyad.extract.event_clauses import (
    PUNISHING,
    answered_demand,
    claim_of_protest,
    describes_a_participant,
    purpose_of_its_own_kind,
    reported_statement,
    reporting_speaker,
    sought_or_promised,
    spoken_of_by_speaker,
)
from dyad.extract.event_lexicon import REFUSED, Code, EventRules, load_event_rules
from dyad.extract.event_roles import (
    Parties,
    clause_subject,
    named_by_noun,
    noun_parties,
    verb_parties,
)
from dyad.extract.mention_index import MentionIndex
from dyad.extract.quantities import quantities_of
from dyad.extract.quotes import load_speech_rules
from dyad.extract.speakers import subject_of
from dyad.extract.tokens import ArticleTokens
from dyad.records import Article, Event

__all__ = ["dated", "extract_events", "load_event_rules", "modality_of", "reference_date"]


def reference_date(article: Article, doc: Doc) -> date | None:
    """The publication date, or else the latest date the article writes out (an estimate from below)."""
    return article.published or _latest_explicit_date(doc)


def extract_events(context: ArticleContext) -> list[Event]:
    article, doc, index = context.article, context.doc, context.index
    rules = load_event_rules()
    estimate = None if article.published else context.reference  # the latest date, found once per article
    previous: date | None = None
    events = []
    for sent, candidates in ArticleTokens.of(doc).in_sentences(_may_trigger(doc, rules)):
        for i in candidates:
            found = _event_at(doc[i], sent, article, index, rules, estimate, previous)
            events += found
            previous = next((e.event_date for e in found if e.event_date), previous)
    return events


def _may_trigger(doc: Doc, rules: EventRules) -> list[int]:
    """A cheap test before _trigger, true of every token it can code: a verb (a demand or intent too), an
    adjective of intent, a noun whose word (or lemma) ends an entry of the noun lexicons (rules.noun_code
    reads the word alone or with the word before it). Most tokens are none of these: the test reads the
    article's cached token lists, and _trigger builds only the tokens it passes."""
    tokens = ArticleTokens.of(doc)
    noun_words = _noun_end_words(rules)
    found = []
    for i, (part, lower, lemma) in enumerate(zip(tokens.parts, tokens.lowers, tokens.lemmas, strict=True)):
        if part in ("VERB", "AUX") or (part == "ADJ" and lemma in rules.intent_adjectives) or (
                part in ("NOUN", "PROPN") and any(form in noun_words or len(parts := form.split()) != 1
                                                  or parts[0] != form for form in (lower, lemma))):
            found.append(i)
    return found


_NOUN_WORDS: dict[int, tuple[EventRules, frozenset[str]]] = {}


def _noun_end_words(rules: EventRules) -> frozenset[str]:
    """The last word of every entry rules.noun_code can look up (the event nouns, and the light verbs'
    objects it reads for a noun with 'between'), kept per rules object."""
    kept = _NOUN_WORDS.get(id(rules))
    if kept is None or kept[0] is not rules:
        kept = (rules, frozenset(key.split(" ")[-1] for key in (*rules.nouns, *rules.light_objects)))
        _NOUN_WORDS[id(rules)] = kept
    return kept[1]


def _event_at(token: Token, sent: Span, article: Article, index: MentionIndex, rules: EventRules,
              estimate: date | None, previous: date | None) -> list[Event]:
    coded = _trigger(token, index, rules)
    if coded is None:
        return []
    code, parties = coded
    parties = spoken_of_by_speaker(token, parties, index)
    if not parties.sources and not parties.targets:
        return []
    # a demand read from "X said Y must …" has the modality of the saying, not of the obligation
    grammatical = modality_of(token.head if code == DEMANDED and token.dep_ == "ccomp" else token, rules)
    when = _date_of(token, sent, article.published, estimate, previous, rules, future=grammatical == "announced")
    modality = _with_date(grammatical, when, article.published, estimate, rules)
    # the sentence's vector, end and summary once per sentence, not per trigger (Span.vector averages its
    # tokens' vectors anew at each read, Span.text joins its tokens)
    vector, end_char, summary = ArticleTokens.of(token.doc).sentence_facts(sent, _sentence_facts)
    quantities = quantities_of(token, sent)
    coded_as = [(code, modality, True)]
    if modality == "negated" and _declined(token, code[0]):  # "failed to reach agreement": CAMEO's and
        coded_as = [(DECLINED, "past", True)]  # PLOVER's rejection, the one event (an act not done is none)
    found = [Event(
        doc_id=article.doc_id, start_char=sent.start_char, end_char=end_char,
        plover_type=as_code[0], mode=as_code[1], source_id=source, target_id=target,
        event_date=when.start if when and dated else None, date_end=when.end if when and dated else None,
        date_precision=when.precision if when and dated else None, date_text=when.text if when and dated else None,
        modality=as_modality, summary=summary, confidence=_confidence(token, source, target),
        trigger=token.text, trigger_start=token.idx, trigger_end=token.idx + len(token),
        vector=vector, quantities=quantities,
    ) for as_code, as_modality, dated in coded_as for source, target in parties.pairs(code[0], rules)]
    # "will send aid" is also a promise (AGREE), "will not accept refugees" a refusal (REJECT); the future is
    # the grammar's ("will", "plans to"), not a date's: "expelled inspectors in late 2002" is no promise
    stated = rules.announced_intent(code[0], modality if modality == "negated" else grammatical, token)
    if stated is None or coded_as[0][0] == DECLINED or _scheduled(token, rules):
        return found
    # PLOVER codes one event per statement: a refusal is the REJECT and no negated act beside it; what a party
    # is reported to have said it will do ("said it will withdraw", "announced it would boycott", "Finland will
    # give Tanzania a grant, the ministry said") is the AGREE or THREATEN; an act the writer reports as
    # scheduled ("Lee will meet business leaders on Monday") stays an announced act beside its intent
    alone = stated[0] == REFUSED or reported_statement(token, rules)
    said = [replace(e, plover_type=stated[0][0], mode=stated[0][1], modality=stated[1])
            for e in found if (alone or e.source_id) and e.plover_type == code[0]]
    return said if alone else found + said


def _scheduled(verb: Token, rules: EventRules) -> bool:
    """'A summit will be held in Cairo next week, the ministry announced': an event noun said to be held is
    scheduled, no party's promise; it is the announced event alone (no AGREE beside it)."""
    return any(c.dep_ == "nsubjpass" and rules.noun_category(c) is not None for c in verb.children)


def dated(trigger: Token, article: Article, reference: date | None, modality: str) -> tuple[ResolvedDate | None, str]:
    """The date of an event another extractor found at a trigger (an appraisal, a mediation), read as this
    module reads its own, and the modality that date gives it ('in September 2023 … called': historical)."""
    rules = load_event_rules()
    estimate = None if article.published else reference
    when = _date_of(trigger, trigger.sent, article.published, estimate, None, rules, future=modality == "announced")
    return when, _with_date(modality, when, article.published, estimate, rules)


def _declined(trigger: Token, category: str) -> bool:
    """'failed to reach agreement', 'declined to resign': not doing a cooperative act one was asked or set to
    do is a rejection (CAMEO's FAIL and DECLINE, 12), not a refraining ('refrained from attacking')."""
    verb = next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger.head)
    words = modality_words()
    return category in words.declinable_categories and _governed_by(verb, words.rejecting_verbs)


def _trigger(token: Token, index: MentionIndex, rules: EventRules) -> tuple[Code, Parties] | None:
    demanded = _reported_obligation(token, index, rules)
    if demanded is not None:
        return (DEMANDED, demanded) if not claim_of_protest(token, rules) else None
    intended = _stated_intent(token, index, rules)
    if intended is not None:
        return intended
    # the lexicon before the walks up the tree: most candidates code nothing, and then no walk need be made
    # (describes_a_participant and the lexicon are both pure, so asking the lexicon first changes no answer)
    if token.pos_ == "VERB":
        code = rules.verb_code(token)
        if code is None or describes_a_participant(token, rules) or _content_of_another_event(token, index, rules):
            return None
        if (code[0] == DEMANDED[0] and claim_of_protest(token, rules)) or purpose_of_its_own_kind(token, code, index,
                                                                                                  rules):
            return None
        return code, verb_parties(token, index, rules, code[0])
    code = rules.noun_code(token)
    if code is None or describes_a_participant(token, rules) or _told_by_its_verb(token, code[0], rules, index) \
            or answered_demand(token, code, rules) \
            or _content_of_another_event(token, index, rules) \
            or (code[0] == DEMANDED[0] and claim_of_protest(token, rules)):
        return None
    parties = noun_parties(token, index, rules, code[0])
    return (code, parties) if parties is not None else None


DEMANDED: Code = ("DEMAND", None)
INTENDED: Code = ("AGREE", None)
DECLINED: Code = ("REJECT", None)
THREATENED: Code = ("THREATEN", None)


def _stated_intent(word: Token, index: MentionIndex, rules: EventRules) -> tuple[Code, Parties] | None:
    """'Libya offered to hand over two suspects to Britain', 'Chad is ready to pull its soldiers out of
    Niger': an offer, promise or stated willingness is PLOVER's AGREE, toward whom the act it promises is
    for; a vow to use force, sanctions or protest is a THREATEN ('vowed to retaliate against'). The promised
    act is the statement's content, no event of its own."""
    lemma = word.lemma_.lower()
    if word.pos_ == "VERB" and lemma in rules.intent_verbs:
        clause = word
    elif word.pos_ == "ADJ" and lemma in rules.intent_adjectives and word.dep_ == "acomp":
        clause = word.head
    else:
        return None
    # the promised act: a complement clause before a preposition ("On September 29, Putin offered to …")
    act = next((c for c in word.children if c.dep_ in ("xcomp", "ccomp")),
               next((c for c in word.children if c.dep_ == "prep"), None))
    if act is not None and act.dep_ == "prep":  # "committed to opening up the economy"
        act = next((c for c in act.children if c.dep_ == "pcomp"), None)
    if act is None or act.pos_ not in ("VERB", "AUX"):
        return None
    # "Vietnam is committed to …": the parse may hang the subject on the auxiliary
    subject = subject_of(clause) or next((s for a in clause.children if a.dep_ in ("aux", "auxpass")
                                          for s in a.children if s.dep_ in ("nsubj", "nsubjpass")), None)
    sources = (index.actors_of(subject) if subject is not None else []) or reporting_speaker(clause, index)
    # toward whom: as the act itself reads its parties ("withdraw its troops from Ecuador": who is left)
    act_code = rules.verb_code(act)
    promised = verb_parties(act, index, rules, (act_code or INTENDED)[0])
    targets = [a for a in promised.targets if a not in sources]
    if not sources:
        return None
    threat = act_code is not None and act_code[0] in rules.threat_categories
    return (THREATENED if threat else INTENDED), Parties(sources, targets)


def _reported_obligation(verb: Token, index: MentionIndex, rules: EventRules) -> Parties | None:
    """'Britain said Sudan must reach an agreement': what one party says another must do is its demand
    (CAMEO's and PLOVER's reading of obligation in reported speech); the demanded act is no event itself."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in speech_verbs():
        return None
    if not any(c.dep_ == "aux" and c.lower_ in rules.obligation_auxiliaries for c in verb.children):
        return None
    speaker, obliged = subject_of(verb.head), next((c for c in verb.children if c.dep_ == "nsubj"), None)
    sources = index.actors_of(speaker) if speaker is not None else []
    targets = [a for a in (index.actors_of(obliged) if obliged is not None else []) if a not in sources]
    return Parties(sources, targets) if sources and targets else None


def _content_of_another_event(trigger: Token, index: MentionIndex, rules: EventRules) -> bool:
    """What is demanded, alleged, threatened or rejected is not an event of its own: 'called on Israel to
    halt', 'accused Pakistan of sheltering militants', 'rejected an invitation to attend the meeting'. The
    nearest event verb above the trigger decides; a noun naming its own party stays ('Egypt's demand')."""
    if trigger.pos_ != "VERB" and any(c.dep_ == "poss" or (c.dep_ == "compound" and index.actors_of(c))
                                      for c in trigger.children):
        return False
    # a compound naming no one ("a security pact") keeps a criticised or rejected event its own, which exists;
    # what is asked for does not yet: "called for a peace agreement between A and B" is the demand's content
    modified = trigger.pos_ != "VERB" and any(c.dep_ == "compound" for c in trigger.children)
    link = trigger  # the ancestor's child on the way up
    for ancestor in trigger.ancestors:
        if sought_or_promised(link, ancestor, rules):
            return True
        if (link.dep_ == "conj" and link.pos_ in ("VERB", "AUX")) or _beside(link):
            link = ancestor  # "condemned Peru and recalled its ambassador": a clause beside it, not its content
            continue
        if link.dep_ in ("acl", "ccomp") and ancestor.pos_ == "NOUN" and (named := rules.noun_code(ancestor)) \
                and named[0] in rules.content_categories:
            return True  # "its demand that Israel ease restrictions": what is demanded
        if link.dep_ == "ccomp" and ancestor.pos_ == "VERB" and rules.verb_code(ancestor) is None and any(
                o.dep_ == "dobj" and (named := rules.noun_code(o)) and named[0] in rules.content_categories
                for o in ancestor.children):
            return True  # "renewed its call on Monday that Peru lift curbs"
        if ancestor.pos_ == "VERB" and (coded := rules.verb_code(ancestor)) is not None:
            if link.dep_ == "prep" and link.lower_ == "for" and coded[0] in PUNISHING:
                return True  # "arrested for collaborating with Israel": the charge, not an event
            # "warned that Iran could close the strait": a clause with its own modal is its own (hypothetical)
            # event; "demanded that Russia withdraw", "threatened to ban", "accused … of" are contents
            # what is inside a content is content too ("rejected an offer to host a summit to hammer out …")
            return (coded[0] in rules.content_categories and not _modal_clause(link, rules)
                    and (not modified or coded[0] == DEMANDED[0])) or _content_of_another_event(ancestor, index, rules)
        link = ancestor
        if _reported_obligation(ancestor, index, rules) is not None:
            return True
    return False


_BESIDE = frozenset({"as", "while", "when", "after", "before", "because", "since", "whereas"})


def _beside(clause: Token) -> bool:
    """A clause of time or reason is beside its verb, not what it says: 'sent a warning to Russia and Iran,
    as both countries prepare to sign an agreement of their own'."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _BESIDE for m in clause.children)


def speech_verbs() -> frozenset[str]:
    return load_speech_rules().verbs


def _modal_clause(clause: Token, rules: EventRules) -> bool:
    modals = rules.hypothetical_auxiliaries | rules.future_auxiliaries | {"would"}
    return clause.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in modals for c in clause.children)


def _told_by_its_verb(noun: Token, category: str, rules: EventRules, index: MentionIndex) -> bool:
    """'will send 500 tonnes of food aid', 'launched airstrikes': the verb's event already is this one; not
    a meeting that is only its setting ('had been discussed during this week's talks between A and B')."""
    # "including" and "following" are tagged verbs: a preposition-like participle is not the noun's verb
    verb = next((t for t in noun.ancestors if t.pos_ == "VERB" and t.dep_ != "prep"), None)
    coded = rules.verb_code(verb) if verb is not None else None
    if coded is None or coded[0] != category or _setting_of(noun, verb):
        return False
    # "met … to discuss preparations for Iranian-American talks": talks of parties of their own, further down
    # (not "launch an offensive in its war": the verb's own party)
    named = named_by_noun(noun, index)
    subject = clause_subject(verb)
    acting = set(index.actors_of(subject)) if subject is not None else set()
    return noun.head.i == verb.i or not named or bool(acting & set(named))


def _setting_of(noun: Token, verb: Token) -> bool:
    """The noun hangs on the verb through a preposition of time or place, not as what the verb acts on."""
    link = noun
    while link.head.i != verb.i and link.head.i != link.i:
        link = link.head
    return link.dep_ == "prep" and link.lower_ not in ("of", "into", "in", "on", "for", "with")


def modality_of(trigger: Token, rules: EventRules) -> str:
    # a noun's modality is that of the verb it hangs on: "will enter into negotiations"
    verb = next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger.head)
    children = list(trigger.children) + ([] if verb is trigger else list(verb.children))
    words = modality_words()
    if any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return "negated"
    # "failed to support it in the Karabakh war": what is not done is the support, not the war it is set in
    if not _set_in(trigger):
        if any(c.dep_ == "neg" for c in children) or _governed_by(verb, rules.negating_verbs) \
                or _governed_by(verb, words.negating_adjectives, ("ADJ",)) or _named_by(verb, words.negating_nouns):
            return "negated"
        if _governed_by(verb, rules.attempt_verbs) or _named_by(verb, words.attempt_nouns):
            return "hypothetical"  # tried, not done: "tried to broker a lasting truce"
    # "could prompt Moscow to impose", "will force Iran to accept": the verb above tells the infinitive's time
    children += [c for head in _infinitive_heads(verb) for c in head.children]
    auxiliaries = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    modifiers = {c.lower_ for c in trigger.children if c.dep_ in ("amod", "mark")}
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() in speech_verbs():
        # "announced the upcoming visit": a verb of saying takes the event from its object, and its time too
        modifiers |= {m.lower_ for o in trigger.children if o.dep_ == "dobj" for m in o.children if m.dep_ == "amod"}
    if auxiliaries & rules.hypothetical_auxiliaries or modifiers & rules.hypothetical_markers \
            or any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in _clause(trigger).children):
        return "hypothetical"
    if auxiliaries & rules.future_auxiliaries or modifiers & words.announced_modifiers or any(
            c.dep_ == "acl" and c.lemma_.lower() in rules.future_verbs for c in _phrase_head(trigger).children) \
            or _expected(trigger, rules):
        return "announced"  # "the upcoming visit", "scheduled talks", "talks, scheduled to be held on Tuesday"
    if "would" in auxiliaries:
        return "announced" if _reported(trigger) else "hypothetical"
    # "plans to sign", "offered to mediate", "is willing to withdraw", "prepared to resume shelling", "hopes to
    # continue talks" (up the chain of infinitives; the form too, where the lemmatiser slips: 'hopes' → 'hop')
    planning = rules.future_verbs | rules.intent_adjectives
    if trigger.dep_ == "xcomp" and any(
            {h.lemma_.lower(), h.lower_.removesuffix("s"), h.lower_.removesuffix("d")} & planning
            for h in (trigger.head, *_infinitive_heads(trigger))):
        return "announced"
    return "past"


def _expected(noun: Token, rules: EventRules) -> bool:
    """'The trip is expected to happen soon', 'the talks are scheduled to begin': an event noun that
    the passive of a verb of planning says is to happen."""
    head = noun.head
    if noun.pos_ == "NOUN" and noun.dep_ == "nsubj" and head.lemma_.lower() == "be":
        # "talks are due to be held next week", "the visit is set to take place": a copula's planning adjective
        head = next((c for c in head.children if c.dep_ == "acomp"), head)
        return head.lemma_.lower() in rules.future_verbs and any(c.dep_ == "xcomp" for c in head.children)
    return noun.pos_ == "NOUN" and noun.dep_ == "nsubjpass" and head.lemma_.lower() in rules.future_verbs \
        and any(c.dep_ == "xcomp" for c in head.children)


def _governed_by(verb: Token, lemmas: frozenset[str], parts: tuple[str, ...] = ("VERB", "AUX")) -> bool:
    """The first verb (or adjective) above this one, through its complement ('failed to reach', 'refrained
    from attacking', 'attempted to achieve', 'were unable to reach'), is one of these."""
    while verb.dep_ in ("xcomp", "pcomp", "pobj", "prep") and verb.head.i != verb.i:
        verb = verb.head
        if verb.pos_ in ("VERB", "AUX", "ADJ"):
            return verb.pos_ in parts and verb.lemma_.lower() in lemmas
    return False


_SETTINGS = frozenset({"in", "during", "at", "after", "before", "since", "amid", "following"})


def _set_in(noun: Token) -> bool:
    """An event noun that is only where or when its verb happens ('support it in the war')."""
    return noun.pos_ == "NOUN" and noun.dep_ == "pobj" and noun.head.lower_ in _SETTINGS \
        and noun.head.head.pos_ in ("VERB", "AUX")


def _infinitive_heads(verb: Token) -> list[Token]:
    heads = []
    while verb.dep_ == "xcomp" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX") and len(heads) < 3:
        verb = verb.head
        heads.append(verb)
    return heads


def _named_by(verb: Token, lemmas: frozenset[str]) -> bool:
    """'its failure to reach an agreement', 'attempts by foreign powers to deploy troops': the noun an
    infinitive completes says how its event stands."""
    return verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and verb.head.lemma_.lower() in lemmas \
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


@dataclass(frozen=True, slots=True)
class ModalityWords:
    """Adjectives and nouns that say how the event they govern stands (plover.toml [modality])."""

    negating_adjectives: frozenset[str]
    negating_nouns: frozenset[str]
    attempt_nouns: frozenset[str]
    announced_modifiers: frozenset[str]
    rejecting_verbs: frozenset[str]
    declinable_categories: frozenset[str]


@cache
def modality_words() -> ModalityWords:
    raw = data_toml("plover.toml")["modality"]
    return ModalityWords(**{name: frozenset(raw[name]) for name in ModalityWords.__dataclass_fields__})


def _with_date(modality: str, when: ResolvedDate | None, published: date | None, estimate: date | None,
               rules: EventRules) -> str:
    """A date after publication makes a past-looking event announced; one well before it, historical.
    An estimated reference (the article's own latest date) only ever dates the article from below."""
    reference = published or estimate
    if when is None or when.start is None or reference is None or modality not in ("past", "announced"):
        return modality
    if published is not None and when.start > published:
        return "announced"
    if when.end is not None and when.end < reference - timedelta(days=rules.historical_days):
        return "historical"
    return modality


def _date_of(trigger: Token, sent: Span, published: date | None, estimate: date | None, previous: date | None,
             rules: EventRules, *, future: bool) -> ResolvedDate | None:
    """The date attached to the trigger; else the nearest in its clause; for the sentence's main verb, the
    nearest in the sentence ('Beginning in December 2022, activists blocked the corridor'). A date that
    bounds how long something lasts is not when it happened: 'suspended the talks until 2028'."""
    dates = [e for e in date_entities(sent) if not _bound(e) and not _dates_another_event(e, trigger, rules)]
    anchor = _phrase_head(trigger) if trigger.pos_ == "NOUN" else trigger
    attached = [e for e in dates if any(a.i in (trigger.i, anchor.i) for a in e.root.ancestors)
                and min(_hops(e.root, trigger), _hops(e.root, anchor)) <= 4]
    same_clause = [e for e in dates if _clause(e.root).i == _clause(trigger).i]
    candidates = attached or same_clause or (dates if trigger.dep_ == "ROOT" else [])
    if not candidates and trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass"):
        # "talks are due to be held next week", "the visit is expected to begin on Monday": the planned clause's
        candidates = [e for e in dates if _clause(e.root).dep_ == "xcomp"
                      and any(a.i == trigger.head.i for a in e.root.ancestors)]
    if not candidates and trigger.dep_ == "xcomp":  # "on Sunday agreed to impose sanctions": when it was agreed
        candidates, future = [e for e in dates if _clause(e.root).i == _clause(trigger.head).i], False
    if not candidates:
        return None
    chosen = min(candidates, key=lambda e: abs(e.root.i - trigger.i))
    resolved = resolve_date(chosen.text, published=published, previous=previous, future=future, year_hint=estimate)
    return resolved if resolved.start is not None else ResolvedDate(chosen.text, None, None, None, resolved.note)


_BOUNDS = frozenset({"until", "till", "through", "throughout"})


def _dates_another_event(date_entity: Span, trigger: Token, rules: EventRules) -> bool:
    """'condemned Hamas's 7 October attack': a date inside an event noun's phrase is that event's; not a
    meeting that is the setting ('during a phone call on Wednesday, Wang urged')."""
    token = date_entity.root
    if token.dep_ == "npadvmod" and token.head.dep_ == "dobj" and token.head.head.i == trigger.i:
        return False  # "concluded negotiations … last month": an adverb the parser hung on the object
    while token.head.i != token.i and token.head.i != trigger.i:
        token = token.head
        if token.pos_ == "NOUN" and token.i not in range(date_entity.start, date_entity.end) \
                and rules.noun_code(token) is not None:
            return not (token.dep_ == "pobj" and token.head.lower_ in ("during", "at", "amid"))
        if token.dep_ == "acl" and token.lemma_.lower() in rules.future_verbs:
            return _phrase_head(trigger).i != token.head.i  # "talks, scheduled to be held on Tuesday"
    return False


def _phrase_head(noun: Token) -> Token:
    """'the second round of talks': what is said of the round is said of the talks."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        return noun.head.head
    return noun


def _bound(date_entity: Span) -> bool:
    before = date_entity.doc[date_entity.start - 1] if date_entity.start > 0 else None
    return (before is not None and before.lower_ in _BOUNDS) or date_entity[0].lower_ in _BOUNDS


def _latest_explicit_date(doc: Doc) -> date | None:
    """With no publication date, the latest date the article writes out with its year (a day, a month or part
    of one; a bare year is too coarse) anchors the dates it gives without one."""
    dates = [resolve_date(e.text, published=None) for e in date_entities(doc[:])]
    ends = [d.end for d in dates if d.precision in ("day", "month", "range") and d.end is not None]
    return max(ends) if ends else None


def _hops(token: Token, ancestor: Token) -> int:
    """Steps up the tree from token to ancestor (spaCy makes a new Token object per access: compare .i)."""
    hops = 0
    while token.i != ancestor.i and token.head.i != token.i:
        token, hops = token.head, hops + 1
    return hops


def _clause(token: Token) -> Token:
    """The head of the clause a token is in; a verb joined by 'and' heads a clause of its own."""
    while token.head.i != token.i and not (token.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "xcomp")
                                           or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))):
        token = token.head
    return token


def _reported(token: Token) -> bool:
    """'Kerry said Norway would dispatch engineers': future in reported speech, not a hypothesis; but what a
    belief or hope holds would be ('had growing confidence that a deal would be reached')."""
    link = token
    for ancestor in token.ancestors:
        if link.dep_ in ("acl", "ccomp") and ancestor.pos_ == "NOUN":
            return False
        if ancestor.dep_ == "ccomp" or ancestor.lemma_.lower() in ("say", "announce", "tell", "state"):
            return True
        link = ancestor
    return False


def _sentence_facts(sent: Span) -> tuple[tuple[float, ...], int, str]:
    """An event's sentence as its record gives it: its vector, its end (less trailing space), its summary."""
    tokens = ArticleTokens.of(sent.doc)
    text = tokens.span_text(sent)
    return tokens.sentence_vector(sent), sent.start_char + len(text.rstrip()), _summary(text)


def _summary(sentence: str) -> str:
    text = " ".join(sentence.split())
    return text if len(text) <= 240 else text[:237] + "…"


def _confidence(trigger: Token, source: str | None, target: str | None) -> float:
    base = 0.85 if source and target else 0.65
    return round(base - (0.1 if trigger.pos_ == "NOUN" else 0.0), 2)
