"""Who did it and to whom: an event's source and target read from the whole clause of its trigger.

For a verb: the subject (shared across "X saluted … and said"; the main clause's for a participle or an
adverbial clause: "…, killing six militants"), the agent of a passive ("was attacked by X"), the object,
the recipient ("send a team to Armenia"), the object of with/against/from/to…, the parties of "between A
and B", and the subject of a complement clause ("demanded that Y …"). For a noun: its possessive,
compound or "by/of" phrase ("Armenia's withdrawal from the CSTO", "Israel-Hamas talks"), else the subject
of the verb it is the object of ("will begin negotiations with Armenia"). Coordinated subjects of a
reciprocal event ("A, B and C held talks") are one event per pair, as PLOVER codes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from spacy.tokens import Token

from dyad.extract.event_lexicon import EventRules
from dyad.extract.mention_index import DASHES, MentionIndex, conjuncts, hyphen_chain, role_words, unique
from dyad.extract.speakers import subject_of
from dyad.knowledge.cameo import load_cameo

_MAX_PAIRS = 6  # "A, B, C and D held talks": six pairs; more parties than that is a list, not a dyad
_TOLD_BEFORE_REACH = 800  # tokens back (some twenty sentences) where an event noun's earlier mention counts


@dataclass(frozen=True, slots=True)
class Parties:
    sources: list[str]
    targets: list[str]

    def pairs(self, category: str, rules: EventRules) -> list[tuple[str | None, str | None]]:
        """(source, target) per event: every source toward every target; with no target, coordinated parties
        of a reciprocal event pair up ('A, B and C held talks' → A–B, A–C, B–C; 'Mirzoyan and Blinken signed'),
        those of any other event each act alone."""
        if self.targets:
            found = [(s, t) for s in self.sources or [None] for t in self.targets if s != t]
        elif len(self.sources) > 1 and category in rules.reciprocal_categories:
            found = list(combinations(self.sources, 2))
        elif len(self.sources) > 1:  # "the West and the US increased sanctions": each acted, toward no one named
            found = [(s, None) for s in self.sources]
        else:
            found = [(self.sources[0] if self.sources else None, None)]
        return found[:_MAX_PAIRS]


@dataclass(slots=True)
class _ClauseRoles:
    """The actors a verb's dependents name, by the role each dependent gives them."""

    sources: list[str] = field(default_factory=list)
    named_objects: list[str] = field(default_factory=list)  # "accused Russia": the object is the actor
    recipients: list[str] = field(default_factory=list)  # "send a team to Armenia", "signed … with Armenia"
    modified_objects: list[str] = field(default_factory=list)  # "send a Coast Guard survey team"
    between: list[str] = field(default_factory=list)  # "clashes broke out between A and B"
    origins: list[str] = field(default_factory=list)  # "demanded compensation from Iraq": only if no one else

    def take(self, child: Token, index: MentionIndex, rules: EventRules, category: str) -> None:
        if child.dep_ == "agent":  # "was attacked by X"
            self.sources += _objects_of(child, index)
        elif child.dep_ == "dobj" or (child.dep_ == "npadvmod" and child.ent_type_ == "PERSON"):
            # "killed then Mogadishu mayor X": the parser may take a person after an adverb for a modifier
            self.take_object(child, index, rules)
        elif child.dep_ == "prep" and child.lower_ == "from" and category not in role_words().from_categories:
            # "warned from Beirut", "attacked Ukraine from Belarus": where the actor was, not whom it acted on
            if not index.only_places(child):
                self.origins += _objects_of(child, index)
        elif child.dep_ == "dative":  # "gave Armenia aid", "send a team to Armenia"
            self.recipients += index.actors_of(child) + _objects_of(child, index)
        elif child.dep_ in ("prep", "prt") and child.lower_ == "out":  # "out of the JCPOA"
            self.recipients += prepositional(child, index, rules, also=("of",))
        elif child.dep_ == "prep" and child.lower_ == "between":
            self.between += _objects_of(child, index)
        elif child.dep_ == "prep" and (child.lower_ in rules.target_prepositions or _taking_part_in(child)):
            # "called up reserves for a possible conflict with Peru": whom the event it serves is aimed at
            # "pushed for a deal between Israel and Hamas": whom the sought event is between
            self.recipients += _objects_of(child, index) or [
                a for o in child.children if o.dep_ == "pobj" and rules.noun_code(o) is not None
                for a in prepositional(o, index, rules) + _between(o, index)]
        elif child.dep_ == "xcomp":  # "stopped participating in CSTO meetings"
            self.recipients += prepositional(child, index, rules, also=("in",))


    def take_object(self, child: Token, index: MentionIndex, rules: EventRules) -> None:
        head_actor = index.actor_at_token.get(child.i)
        # "attended a meeting of NATO's ministers", "shelled the homes of Kurdish villagers"
        named = index.actors_of(child) or _owners(child, index)
        (self.named_objects if head_actor else self.modified_objects).extend(named)
        taking_part = child.lemma_.lower() in role_words().taking_part_nouns
        self.recipients += prepositional(child, index, rules, also=("in",) if taking_part else ())
        if not self.recipients and child.lemma_.lower() in rules.measure_nouns:  # "part of an aid program for Peru"
            self.recipients += [a for of in child.children if of.dep_ == "prep" and of.lower_ == "of"
                                for o in of.children if o.dep_ == "pobj" for a in prepositional(o, index, rules)]
        if not self.recipients:  # "imposed restrictive measures, including sanctions, against Armenia"
            self.recipients += [a for noun in _included(child) for a in prepositional(noun, index, rules)]
        self.recipients += _between(child, index)  # "mediated talks between Israel and Hamas"


def _taking_part_in(preposition: Token) -> bool:
    """'will participate in the coalition against ISIS': what one takes part in is the target."""
    return preposition.lower_ == "in" and preposition.head.lemma_.lower() in role_words().taking_part_verbs


def verb_parties(verb: Token, index: MentionIndex, rules: EventRules, category: str) -> Parties:
    roles = _ClauseRoles()
    subject = clause_subject(verb)
    if subject is not None:
        # "Georgia was invaded": the passive subject is the target; "Lee is scheduled to pay a visit": the
        # passive subject of the verb above is who does what its infinitive says
        undergoes = subject.dep_ == "nsubjpass" and subject.head.i == verb.i
        held = undergoes and _same_event(subject, verb, rules, category)
        (roles.named_objects if undergoes and not held else roles.sources).extend(index.actors_of(subject))
        roles.between += _between(subject, index)  # "a deal between Israel and Hamas was reached"
        if held and not roles.sources:  # "a meeting of the five states is to be held"
            roles.sources += named_by_noun(subject, index)
    for child in verb.children:
        roles.take(child, index, rules, category)
    sources, named_objects = roles.sources, roles.named_objects
    if not sources and verb.lemma_.lower() in role_words().host_verbs and named_objects:
        sources, roles.recipients = roles.recipients, []  # "Mirzoyan has been invited to Russia": Russia invited
    if _out_of(verb):  # "pulled Peru out of the fisheries pact": the object is who withdraws
        sources, named_objects = unique(sources + named_objects), []
    if not sources and category in rules.reciprocal_categories:  # "we launched the U.S.-Armenia commission"
        pair = unique([a for o in verb.children if o.dep_ == "dobj" for c in o.children if c.dep_ == "compound"
                       for t in hyphen_chain(c) if (a := index.named(t))])
        sources = pair[:1] if len(pair) > 1 else []
    targets = _others(named_objects + roles.recipients + roles.modified_objects, sources) \
        or _others(roles.origins, sources)
    if len(sources) > 1 and (_on_each_other(verb) or (not targets and _their_tie(verb))):
        # "both sides accused each other", "Czechia and Albania upgraded their ties": each toward the other
        return Parties(unique(sources), unique(sources))
    if not targets and not roles.between:
        targets = _others(_unnamed_targets(verb, index, rules, category), sources)
    if not sources and category in rules.reciprocal_categories and index.is_group(targets):
        return _with_between([], [], targets)  # "people were killed, with the two sides blaming each other"
    return _with_between(sources, targets, roles.between)


def _on_each_other(verb: Token) -> bool:
    """'accused each other', 'blamed the violence on one another': the verb's object is the parties
    themselves."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    objects += [o for c in verb.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return any(" ".join(t.lower_ for t in sorted([o, *(d for d in o.children if d.dep_ == "det")], key=lambda t: t.i))
               in role_words().reciprocal_pronouns for o in objects)


def _their_tie(verb: Token) -> bool:
    """'upgraded their diplomatic ties', 'resolved their differences': the object is what binds the subjects."""
    return any(o.dep_ == "dobj" and o.lemma_.lower() in role_words().tie_nouns
               and any(c.dep_ == "poss" and c.lower_ == "their" for c in o.children) for o in verb.children)


def _same_event(noun: Token, verb: Token, rules: EventRules, category: str) -> bool:
    """'Israeli-Palestinian talks were held', 'a summit … will be held': the passive verb only tells the
    noun's own event, whose parties are those the noun names (not 'Russian attacks were condemned')."""
    code = rules.noun_code(noun)
    return code is not None and code[0] == category and rules.verb_code(verb) is not None


def _own_subject(verb: Token) -> Token | None:
    own = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if own is not None and own.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head  # "Overchuk, who warned that …": who is the one the clause is about
    return _past_dateline(own) if own is not None else None


def _others(found: list[str], sources: list[str]) -> list[str]:
    """Targets that are not the actor itself: 'threatened to launch an offensive in its war with Iraq'."""
    return [a for a in unique(found) if a not in sources]


def _unnamed_targets(verb: Token, index: MentionIndex, rules: EventRules, category: str) -> list[str]:
    """A target the verb's own dependents do not name, from the first of these that does (in this order)."""
    subject = clause_subject(verb)
    own = index.actors_of(subject) if subject is not None else []
    readings = [
        lambda: _complement_subjects(verb, index),  # "demanded that Israel halt …", "warned that Tehran would …"
        lambda: _content_targets(verb, index, rules) if category in rules.content_categories else [],
        lambda: _located_in(verb, index) if category in rules.located_target_categories else [],
        lambda: _purpose_targets(verb, index, rules) if category in role_words().purpose_target_categories else [],
        lambda: _where_sent(verb, index),  # "dispatched inspectors to Iran to monitor the plant"
        lambda: _authors(verb, index) if category in role_words().author_target_categories else [],
        lambda: _purpose_clause_targets(verb, index) if category in role_words().purpose_clause_target_categories
        else [],
    ]
    for reading in readings:
        found = _others(reading(), own)
        if found:
            return found
    return []


def _authors(verb: Token, index: MentionIndex) -> list[str]:
    """Who did what the object names: 'investigating alleged crimes by Croatian extremists'."""
    objects = [o for o in verb.children if o.dep_ == "dobj"]
    return [a for o in objects for prep in [*(c for c in o.children if c.dep_ == "prep" and c.lower_ == "by"),
                                            *_agents_of(o)] for a in _objects_of(prep, index)]


def _purpose_clause_targets(verb: Token, index: MentionIndex) -> list[str]:
    """Whom what a protest is for is aimed at: 'shut a bridge to voice their anger at Norway's
    quotas', 'staged a strike to protest against Sweden's decision'."""
    about = role_words().about_prepositions
    purposes = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    heads = [h for p in purposes for h in (p, *(o for o in p.children if o.dep_ == "dobj"))]
    return unique([a for h in heads for prep in h.children if prep.dep_ == "prep" and prep.lower_ in about
                   for a in _objects_of(prep, index)]
                  + [a for p in purposes for o in p.children if o.dep_ == "dobj" for a in index.actors_of(o)])


def _where_sent(verb: Token, index: MentionIndex) -> list[str]:
    """An infinitive of purpose acts on whom its verb went or sent to: 'sent a team to Armenia to assess',
    'travelled to Kyiv to meet officials'."""
    head = verb.head
    if verb.dep_ not in ("advcl", "xcomp") or head.pos_ not in ("VERB", "AUX") or head.i == verb.i \
            or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    heads = [head, *(c for c in head.children if c.dep_ == "dobj")]
    return [a for h in heads for prep in h.children if prep.dep_ == "prep" and prep.lower_ in ("to", "into")
            for a in _objects_of(prep, index)]


def clause_subject(verb: Token) -> Token | None:
    """Who does what a verb says: its own subject; for 'urged Seoul to take', 'prompted Moscow to impose' the
    object of the verb above; for '…, including signing deals with France' the subject of the clause the
    participle hangs on (a preposition-like participle has none of its own)."""
    own = _own_subject(verb)
    if own is not None:
        return own
    head = verb.head
    noun = _noun_that_acts(verb)
    if noun is not None:
        return noun
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        controller = next((c for c in head.children if c.dep_ == "dobj"), None)
        if controller is not None and head.lemma_.lower() in role_words().object_control_verbs:
            return controller
        return clause_subject(head)  # "agreed to impose", "asked X to consider signing"
    subject = subject_of(verb)
    if subject is not None or verb.tag_ not in ("VB", "VBG", "VBN"):
        return _past_dateline(subject) if subject is not None else None
    if verb.dep_ not in ("pcomp", "advcl"):  # "the Israeli-occupied West Bank": an adjective, not a clause
        return None
    for ancestor in verb.ancestors:
        if ancestor.pos_ in ("VERB", "AUX") and ancestor.dep_ != "prep":
            return subject_of(ancestor)
    return None


def _noun_that_acts(verb: Token) -> Token | None:
    """A clause hanging on a noun whose subject the noun gives: 'dispersed demonstrators protesting the
    results' (people or bodies, CAMEO's agents), 'an issue likely to dominate relations', 'Kosovo's refusal
    to sign', 'Iran's decision to halt'."""
    head = verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and (head.pos_ == "PROPN" or (
            head.pos_ == "NOUN" and load_cameo().agent_sector([head.lemma_.lower()]) is not None)):
        return head  # not a thing: 'passed a resolution calling for elections' is the passer's call
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "amod":
        return head.head  # the issue, not who the clause is about
    if verb.dep_ == "acl" and head.pos_ == "NOUN":
        return next((c for c in head.children if c.dep_ == "poss"), None)
    return None


def _content_targets(verb: Token, index: MentionIndex, rules: EventRules) -> list[str]:
    """Whom what is threatened, demanded or rejected is aimed at: 'threatened to break relations with Russia',
    'refused to deploy peacekeepers in Iraq', 'demanded the removal of the president', 'rejected calls by
    Belarus'. The complement is no event of its own, so its parties are the demand's."""
    subject = clause_subject(verb)
    own = set(index.actors_of(subject)) if subject is not None else set()
    found: list[str] = []
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            code = rules.verb_code(child)
            act = verb_parties(child, index, rules, code[0] if code else "")
            found += [a for a in act.targets or act.sources[1:] or _located_in(child, index) if a not in own]
        elif child.dep_ == "dobj":
            found += [a for prep in child.children if prep.dep_ == "prep" and prep.lower_ in ("of", "by")
                      for a in _objects_of(prep, index)]
            found += [a for agent in _agents_of(child) for a in _objects_of(agent, index)]  # "the attack carried
            # out by X"
            # "turned down an invitation to join talks of Malian parties"; "reiterated its demand that
            # Sweden release …": a demand's clause with a subject of its own names who is to act, the target
            demand = rules.names_content(child)
            for act in child.children:
                if act.dep_ == "acl" and act.pos_ == "VERB":
                    parties = verb_parties(act, index, rules, "")
                    who_acts = demand and any(c.dep_ in ("nsubj", "nsubjpass") for c in act.children)
                    found += [a for a in (parties.sources if who_acts else parties.targets) if a not in own]
        elif child.dep_ == "prep" and child.lower_ == "for":  # "calling for new elections in Georgia"
            found += [a for o in child.children if o.dep_ == "pobj" for noun in conjuncts(o)
                      for a in prepositional(noun, index, rules, also=("in",))]
    return (unique(found) or _condition_subjects(verb, index) or _summoned(verb, index)
            or _named_in_complement(verb, index) or _done_before(verb, index, own))


def _done_before(verb: Token, index: MentionIndex, own: set[str]) -> list[str]:
    """'The Security Council condemned the military coup' after 'Niger coup leaders': whom what is condemned
    or demanded is aimed at, when the object is an event told before (_told_before), is who did it there."""
    objects = [o for o in verb.children if o.dep_ == "dobj" and o.pos_ == "NOUN"]  # also 'the decision'
    return unique([a for o in objects if (earlier := _told_before(o, index)) is not None
                   for a in _doers(earlier, index) if a not in own])


def _told_before(noun: Token, index: MentionIndex) -> Token | None:
    """A definite event noun that names no party ('the coup', 'the attack') is the event the article told
    before: the last earlier mention of that noun that names who did it ("Russia's invasion", 'Niger coup
    leaders')."""
    if named_by_noun(noun, index) or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                              for c in noun.children):
        return None
    lemma = noun.lemma_.lower()
    for token in reversed(noun.doc[max(0, noun.i - _TOLD_BEFORE_REACH) : noun.i]):
        if token.lemma_.lower() == lemma and token.pos_ == "NOUN" and _doers(token, index):
            return token
    return None


def _doers(noun: Token, index: MentionIndex) -> list[str]:
    """Who did what an event noun names: its possessor, compound or 'by' phrase; for a noun that qualifies
    people ('the coup leaders', 'attack helicopters' of a state) the actor those people are."""
    if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
        return index.actors_of(noun.head)
    return named_by_noun(noun, index)


def _summoned(verb: Token, index: MentionIndex) -> list[str]:
    """'summoned Niger's ambassador to complain of inaction': a protest made to whom was called in for it."""
    if verb.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    return unique([a for o in verb.head.children if o.dep_ == "dobj" for a in index.actors_of(o)])


def _named_in_complement(verb: Token, index: MentionIndex) -> list[str]:
    """What a warning or charge is about when its clause has no party as subject: 'warned that such a step
    would be incompatible with Armenia's membership of the union' (the first party the clause names)."""
    subject = clause_subject(verb)
    own = set(index.actors_of(subject)) if subject is not None else set()
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        named = [index.actor_at_token[t.i] for t in clause.subtree if t.i in index.actor_at_token
                 and index.actor_at_token[t.i] not in own]
        if named:
            return named[:1]
    return []


def _condition_subjects(verb: Token, index: MentionIndex) -> list[str]:
    """Whom a threat's condition is set for: 'threatened to stop the talks if Washington deploys missiles',
    'unless Baghdad accepted its conditions'."""
    conditions = [c for c in verb.subtree if c.dep_ == "advcl"
                  and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)]
    return unique([a for condition in conditions for c in condition.children if c.dep_ in ("nsubj", "nsubjpass")
                   for a in index.actors_of(c)])


def _purpose_targets(verb: Token, index: MentionIndex, rules: EventRules) -> list[str]:
    """The other party named in the purpose of what was signed or launched: 'signed an agreement to expand
    security cooperation with Armenia'."""
    purposes = [a for o in verb.children if o.dep_ == "dobj" for a in o.children
                if a.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in a.children)]
    found = unique([a for purpose in purposes for head in (purpose, *(c for c in purpose.children if c.dep_ == "dobj"))
                    for a in prepositional(head, index, rules)])
    # "passed a bill to begin seeking membership of the bloc": the first party named
    return found or [a for purpose in purposes for t in purpose.subtree if (a := index.actor_at_token.get(t.i))][:1]


def noun_parties(noun: Token, index: MentionIndex, rules: EventRules, category: str = "") -> Parties | None:
    """None when the noun is part of another event: 'concluded negotiations' is the agreement, not talks."""
    sources = named_by_noun(noun, index)
    if not sources and noun.dep_ == "conj":  # "Chile's exit from the pact and a refusal of …"
        sources = named_by_noun(noun.head, index)
    targets = _noun_targets(noun, index, rules, category)
    where = _named_place_of_conflict(noun, index)
    if where and set(sources) <= set(where):  # "the Ukraine war", "the Gaza war": where, not who
        sources, targets = [], unique(targets + where)
    between = _between(noun, index)
    # "prevented the demonstration staged by students": its own agent, named or not, is who holds it
    agents = _agents_of(noun)
    if not sources and agents:
        sources = [a for agent in agents for a in _objects_of(agent, index)]
    elif not sources:  # "will begin negotiations with Armenia": the verb's subject
        governor = governing_verb_of_argument(noun)
        if governor is not None and rules.verb_code(governor) is not None:
            return None
        subject = clause_subject(governor) if governor is not None and not between else None
        if subject is not None and subject.dep_ != "nsubjpass":
            sources = index.actors_of(subject)
    if not (sources or targets or between):
        sources, targets, between = _unnamed_noun_parties(noun, index, rules, category)
    if category in rules.reciprocal_categories and not between and bool(sources) != bool(targets):
        taking_part = _taking_part(noun, index)  # "said at a press conference with Borrell"
        if sources:
            targets = [a for a in taking_part if a not in sources]
        else:
            sources = taking_part
    return _with_between(sources, targets, between)


def _unnamed_noun_parties(noun: Token, index: MentionIndex, rules: EventRules,
                          category: str) -> tuple[list[str], list[str], list[str]]:
    """Sources, targets and 'between' parties of an event noun that names none: talks over a matter naming two
    ('negotiations over the Armenia-Azerbaijan border'), else the event told before ('The attack began with a
    car bomb' after "al-Shabab's attack on the building")."""
    between = _matter_parties(noun, index) if category == "CONSULT" else []
    earlier = _told_before(noun, index) if not between else None
    if earlier is not None:
        return _doers(earlier, index), _noun_targets(earlier, index, rules, category), []
    return [], [], between


def _matter_parties(noun: Token, index: MentionIndex) -> list[str]:
    """Talks that name no party of their own are between the two the matter they are over names: 'ongoing
    negotiations over the Armenia-Azerbaijan border delimitation process', 'talks on the Israel-Lebanon
    border' (a matter naming one party says only what the talks are about: 'talks on Ukraine')."""
    matters = [m for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("over", "on", "about")
               for o in prep.children if o.dep_ == "pobj" for m in conjuncts(o)]
    return next((named for m in matters if len(named := unique(index.actors_of(m))) == 2), [])


def _noun_targets(noun: Token, index: MentionIndex, rules: EventRules, category: str) -> list[str]:
    targets = prepositional(noun, index, rules)
    # "the withdrawal of invasion forces from Panama": the target hangs on what the noun is of
    targets += [a for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                for o in prep.children if o.dep_ == "pobj" for a in prepositional(o, index, rules)]
    if not targets:  # "sanctions and containment strategies against Russia": a modifier of both
        targets = [a for c in noun.children if c.dep_ == "conj" for a in prepositional(c, index, rules)]
    bare_verb = noun.dep_ == "dobj" and rules.verb_code(noun.head) is None  # "increased", "reiterated"
    if not targets and category in rules.content_categories:  # "its demand that Israel ease restrictions"
        targets = _complement_subjects(noun, index, clauses=("acl", "ccomp"))
        if not targets and bare_verb:
            targets = _complement_subjects(noun.head, index, clauses=("ccomp",))  # "its demand today that …"
    if not targets and bare_verb:
        targets = prepositional(noun.head, index, rules)  # "increased their sanctions against Russia"
    if not targets and category in rules.located_target_categories:  # "the deployment of bases in Latvia"
        heads = [noun, *(o for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                         for o in prep.children if o.dep_ == "pobj")]
        where = role_words().located_prepositions
        targets = [a for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ in where
                   for a in _objects_of(prep, index)]
    return targets


def _named_place_of_conflict(noun: Token, index: MentionIndex) -> list[str]:
    """A conflict named by one place as a compound ('the Ukraine war') names where it is fought."""
    if noun.lemma_.lower() not in role_words().place_named_conflicts:
        return []
    compounds = [c for c in noun.children if c.dep_ == "compound"]
    named = unique([a for c in compounds for a in index.actors_of(c)])
    return named if len(named) == 1 and len(hyphen_chain(compounds[-1])) == 1 else []


def named_by_noun(noun: Token, index: MentionIndex) -> list[str]:
    """'Egypt's demand', 'Israel-Hamas talks', 'the visit by the Chinese minister'."""
    sources: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            sources += index.actors_of(child)
        elif child.dep_ == "prep" and child.lower_ in ("by", "of"):
            sources += _objects_of(child, index)
        elif child.dep_ == "acl" and child.lemma_.lower() in role_words().participant_verbs:
            # "a trilateral summit involving the three countries": its participants
            sources += [a for o in child.children if o.dep_ == "dobj" for a in index.actors_of(o)]
    return sources


def _agents_of(noun: Token) -> list[Token]:
    """'the demonstration staged by students', 'the attack carried out by X': who did what the noun names."""
    return [a for acl in noun.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
            for a in acl.children if a.dep_ == "agent"
            and not any(o.dep_ == "pobj" and o.pos_ == "NOUN" and o.tag_ in ("NN", "VBG") and
                        load_cameo().agent_sector([o.lemma_.lower()]) is None for o in a.children)]


def _taking_part(noun: Token, index: MentionIndex) -> list[str]:
    """The subject of the clause a meeting is the setting of ('at', 'during'): a party to that meeting."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ not in role_words().taking_part_prepositions:
        return []
    # "raised China's sanctions, the plight of detained Australians … during the first visit by …": the parser
    # may hang the setting on a noun of the clause; the clause is that of the first verb above
    verb = next((t for t in noun.ancestors if t.pos_ in ("VERB", "AUX") and t.dep_ != "prep"), None)
    subject = clause_subject(verb) if verb is not None else None
    return index.actors_of(subject) if subject is not None and subject.dep_ != "nsubjpass" else []


def governing_verb_of_argument(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through 'into/in' ('enter into negotiations');
    not a verb it merely modifies ('accused X after the attack')."""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    preposition = noun.head
    if noun.dep_ == "pobj" and preposition.lower_ in ("including", "like") and preposition.head.pos_ == "NOUN":
        return governing_verb_of_argument(preposition.head)  # "impose measures, including sanctions"
    if noun.dep_ == "pobj" and preposition.lower_ in ("into", "in") and preposition.head.pos_ in ("VERB", "AUX"):
        return preposition.head
    if noun.dep_ == "pobj" and preposition.lower_ == "of" and preposition.head.lemma_.lower() in \
            role_words().part_nouns:  # "to end the opening stage of a campaign", "began a new round of talks"
        return governing_verb_of_argument(preposition.head)
    return None


def prepositional(head: Token, index: MentionIndex, rules: EventRules, also: tuple[str, ...] = ()) -> list[str]:
    found = []
    for child in head.children:
        if child.dep_ == "prep" and (child.lower_ in rules.target_prepositions or child.lower_ in also):
            found += _objects_of(child, index)
    return found


def _past_dateline(subject: Token) -> Token:
    """'ABUJA, Nigeria — The Economic Community … agreed': the parser may take the dateline's city for the
    subject and the real one for its apposition; the subject is what follows the dash."""
    sent = subject.sent
    if subject.i != sent.start or not subject.text.isupper() or len(subject.text) < 3:
        return subject
    dash = next((t.i for t in sent[:8] if t.text in DASHES), None)
    after = [c for c in subject.children if c.dep_ == "appos" and dash is not None and c.i > dash]
    return after[0] if after else subject


def _included(noun: Token) -> list[Token]:
    """What a noun phrase lists as its instances: 'measures, including sanctions'."""
    return [o for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("including", "like")
            for o in prep.children if o.dep_ == "pobj"]


def _with_between(sources: list[str], targets: list[str], between: list[str]) -> Parties:
    """'talks between Egypt and Ethiopia', 'a deal between A and B': the named parties are those of the event;
    one of them may be the subject already ('Egypt held talks between itself and …')."""
    sources = unique(sources)
    if between:
        parties = unique(sources + between)
        return Parties(parties[:1], parties[1:]) if len(parties) == 2 and sources else Parties(parties, [])
    return Parties(sources, [t for t in unique(targets) if t not in sources])


def _between(head: Token, index: MentionIndex) -> list[str]:
    """'talks between A and B', also past a place: 'talks in Khartoum between A, B and C'."""
    preps = [c for c in head.children if c.dep_ == "prep"]
    preps += [p for prep in preps for o in prep.children if o.dep_ == "pobj" for p in o.children if p.dep_ == "prep"]
    return unique([a for prep in preps if prep.lower_ == "between" for a in _objects_of(prep, index)])


def _objects_of(preposition: Token, index: MentionIndex) -> list[str]:
    found: list[str] = []
    for noun in (o for o in preposition.children if o.dep_ == "pobj"):
        found += index.actors_of(noun) or _owners(noun, index) or _states_of(noun, index)
    return found


def _owners(noun: Token, index: MentionIndex) -> list[str]:
    """Whose a thing is: 'hacked into the computers of South Korean officers', 'the homes of Israeli settlers'."""
    return [a for of in noun.children if of.dep_ == "prep" and of.lower_ == "of"
            for inner in of.children if inner.dep_ == "pobj" for a in index.actors_of(inner)]


def _states_of(noun: Token, index: MentionIndex) -> list[str]:
    """'sanctions on three firms in Peru', 'talks with military leaders in Niger': people or
    bodies in a state named as such (a city or region says only where they were)."""
    return [a for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "in" and not index.only_places(prep)
            for inner in prep.children if inner.dep_ == "pobj" for a in index.actors_of(inner)]


def _complement_subjects(head: Token, index: MentionIndex, clauses: tuple[str, ...] = ("ccomp", "xcomp")) -> list[str]:
    """The subject of the clause a verb (or noun) governs: 'demanded that Russia halt', 'warned that Iran would'."""
    found: list[str] = []
    for child in head.children:
        if child.dep_ in clauses and child.pos_ in ("VERB", "AUX"):
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                found += index.actors_of(subject)
    return found


def _located_in(verb: Token, index: MentionIndex) -> list[str]:
    """Where a use of force happened, as its target: 'struck targets in southern Lebanon', 'drills near Taiwan'."""
    heads = (verb, *(child for child in verb.children if child.dep_ == "dobj"))
    where = role_words().located_prepositions
    places = [prep for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ in where]
    return unique([a for prep in places for a in _objects_of(prep, index)])


def _out_of(verb: Token) -> bool:
    """A verb with 'out' ('pulled X out of Y'): X is who withdraws, Y what it withdraws from."""
    return any(c.dep_ in ("prt", "prep") and c.lower_ == "out" for c in verb.children)
