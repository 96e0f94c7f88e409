"""Relations: standing ties between actors stated in the text — membership, alliance, partnership (strategic,
trade), bases, border guards and missions in a host state, defence agreements, peace processes, dependence,
relations as such — with their status (active, suspended, ended, planned), the sentence that states them and
how that statement is dated.

Every cue of a sentence (data/relations.toml) yields a record when the parse names its two parties: the
holder (subject, possessor, the subject of the clause it is reported in) and the other party (the object of
"with/of/between", an apposition, "Russian" in "Russian border guards", the host "in Armenia"). Which words
are cues and the status the sentence's wording gives the tie are read in dyad.extract.relation_cues; this
module assembles the records: the parties, the dating, one record per pair and sentence.

Dating (`dated_by`): `sentence` when the sentence gives its own date ("since 2024"); `article` when it speaks
in the present ("remains a member"), valid as of its article; `undated` for background in the past or for a
span of time ("has been a member since its inception"), which holds only when nothing dated says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from dyad.extract.context import ArticleContext
from dyad.extract.dates import ResolvedDate, date_entities, resolve_date
from dyad.extract.relation_cues import (
    RelationContext,
    RelationCue,
    cues_in,
    governing_verb,
    load_status_words,
    phrase_head,
    status_of,
    symmetric_types,
)
from dyad.extract.speakers import subject_of
from dyad.knowledge.base import KnowledgeBase
from dyad.records import Relation

_PARTY_KINDS = {"state", "igo", "group"}
_PRONOUNS = {"its", "their", "it", "they", "which", "whom", "who", "whose", "that"}
_PRESENT_TAGS = {"VBZ", "VBP"}
_SUBJECT_OR_OWNER = {"nsubj", "nsubjpass", "poss"}
_SPAN_OF_TIME = {"since", "for"}  # "has been a member since its inception": background, not a present fact


def extract_relations(article_context: ArticleContext) -> list[Relation]:
    article, doc, reference = article_context.article, article_context.doc, article_context.reference
    index = article_context.index
    context = RelationContext(index, article_context.kb, article_context.parties, load_status_words())
    relations = []
    for sent in doc.sents:
        stated: set[tuple[str, str]] = set()
        instead = _named_instead(sent, context)
        for cue, token in cues_in(sent, index):
            status = status_of(cue, token, sent, context)
            for a, b in _pairs(sent, token, cue, context) if status else []:
                if tuple(sorted((a, b))) in stated:
                    continue
                stated.add(tuple(sorted((a, b))))  # type: ignore[arg-type]
                since = _since(sent, token, article.published, reference)
                kind = "member" if cue.type == "ally" and _kind(b, context) == "igo" else cue.type
                held = "active" if status == "ended" and b in instead else status
                if kind in symmetric_types():  # "Russia's ally Armenia" and "Armenia's ally Russia": one pair
                    a, b = sorted((a, b))
                relations.append(Relation(
                    a, b, kind, held, since and since.start, None,
                    article.doc_id, sent.start_char, sent.start_char + len(sent.text.rstrip()), reference,
                    token.text, _dated_by(token, since and since.start), since and since.precision))
    return relations



def _named_instead(sent: Span, context: RelationContext) -> set[str]:
    """'that partner is no longer Paris but Beijing': the party named after 'but', 'instead', 'rather',
    which holds what the other no longer does."""
    found: set[str] = set()
    for token in sent:
        if token.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in ("but", "instead", "rather")
                                        for c in token.head.children):
            found.update(_actors([token], context))
    return found



@dataclass(frozen=True, slots=True)
class _Around:
    """The parties the parse names around a cue, by role."""

    holders: list[list[str]]  # one group per holder word: possessor, subject ("The US and the West")
    others: list[str]  # objects of prepositions, appositions, agents, complements
    modifiers: list[str]  # the cue's own modifiers: "Russian border guards", "US-Russian relations"
    between: list[str]  # "between Armenia and Azerbaijan"

    @property
    def all_holders(self) -> list[str]:
        return list(dict.fromkeys(a for group in self.holders for a in group))


def _pairs(sent: Span, cue_token: Token, cue: RelationCue, context: RelationContext) -> list[tuple[str, str]]:
    """The holders with each other party the cue names ('its allies Chile and Peru'), or the
    two parties its own modifiers or 'between' name ('US-Russian relations', 'a peace agreement between
    Armenia and Azerbaijan')."""
    around = _parties_around(phrase_head(cue_token), cue, context)  # "partnership talks with the US"
    if cue.pairing == "bloc":
        return _bloc_pairs(sent, cue_token, around, context, strict=cue.strict)
    if len(around.between) >= 2:
        return [(around.between[0], other) for other in around.between[1:]]
    if cue.pairing == "pair" and len(around.modifiers) >= 2:
        return [(around.modifiers[0], around.modifiers[1])]
    if cue.pairing == "presence":  # "replacing Russian border guards": the modifier names the owner
        owners = around.modifiers or around.all_holders
        others = around.others + around.between or _host_of(cue_token, context) or [
            a for a in around.all_holders if a not in owners]
    else:
        owners = around.holders[0] if around.holders else []
        others = around.modifiers + around.others + around.between + [
            a for group in around.holders[1:] for a in group]  # "Russia remains Armenia's largest partner"
    owners = owners or _reporting_subject(cue_token, others, context)
    others = [o for o in dict.fromkeys(others) if o not in owners]
    if cue.pairing == "presence" and owners and not others and not _names_a_place(sent, context):
        named = [n for n in _sentence_parties(sent, context) if n not in owners and _kind(n, context) == "state"]
        others = named if len(named) == 1 else []  # a base and the one other state the sentence names
    return [(owner, other) for owner in owners for other in others]


def _bloc_pairs(sent: Span, cue_token: Token, around: _Around, context: RelationContext,
                *, strict: bool) -> list[tuple[str, str]]:
    """Each member (a state or bloc) with each organisation: the cue's own parties first ('Armenia's
    pursuit of membership in the EU and the EAEU', 'co-headed by the US'), then, for a noun, the nearest in
    the sentence ('of which Armenia is a member')."""
    holders = around.all_holders
    named = around.others + around.modifiers + around.between
    organisations = [a for a in named if _kind(a, context) == "igo"] or [
        a for a in holders if _kind(a, context) == "igo"]
    members = [a for a in dict.fromkeys(holders + named) if a not in organisations]
    finite_verb = cue_token.pos_ in ("VERB", "AUX") and cue_token.tag_ not in ("VB", "VBG")
    if (not organisations or not members) and not strict:
        inside = _actors([t for t in cue_token.subtree if t.i in context.index.actor_at_token], context)
        nearest = _by_distance(sent, cue_token, context)
        organisations = organisations or [a for a in inside + nearest if _kind(a, context) == "igo"][:1]
        if not members and not finite_verb:  # "applying for membership": the nearest member
            members = [a for a in nearest if a not in organisations][:1]
    return [(member, organisation) for member in members for organisation in organisations]


def _parties_around(cue_token: Token, cue: RelationCue, context: RelationContext) -> _Around:
    """The holder side (subject, possessor, the subject a copula gives the cue), the other side (objects of
    prepositions, appositions, the complement of 'that partner is Moscow', the agent of 'co-headed by the
    US') and the parties the cue's own modifiers name. A possessor owns its noun: the verb's subject does
    not ('Lavrov addressed Armenia's participation')."""
    words = context.words
    presence = cue.pairing == "presence"
    prepositions = words.host_prepositions if presence else words.party_prepositions
    head = cue_token.head
    modifiers = [t for c in cue_token.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")
                 for t in c.subtree if t.i in context.index.actor_at_token]
    holder_tokens, other_tokens, between_tokens = _by_role(cue_token, prepositions, presence=presence)
    possessed = bool(holder_tokens)
    if cue_token.pos_ in ("VERB", "AUX"):
        holder_tokens += _subject_list(cue_token)
        if not presence:
            other_tokens += [c for c in cue_token.children if c.dep_ in ("dobj", "obj", "attr")]
    elif cue_token.dep_ in ("attr", "acomp", "oprd"):
        holder_tokens += _subject_list(head)
        other_tokens += [g for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    elif cue_token.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        other_tokens += [c for c in head.children if c.dep_ in ("attr", "acomp")]
    elif cue_token.dep_ in ("dobj", "obj", "pobj"):
        if cue_token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            # "on the path of strategic partnership with Chile": the noun the cue completes
            other_tokens += [g for c in head.head.children if c.dep_ == "prep" and c.lower_ in prepositions
                             and c.i != head.i for g in c.children if g.dep_ == "pobj"]
        verb = governing_verb(cue_token)
        if not possessed and verb.pos_ in ("VERB", "AUX"):
            holder_tokens += _subject_list(verb)
        other_tokens += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in prepositions
                         for g in c.children if g.dep_ == "pobj" and g.i != cue_token.i]
    # a holder word that names no actor itself may have one before it ("Armenia's one reactor is dependent")
    groups = [group for token in holder_tokens if (group := _actors([token], context) or _actors(
        [t for left in token.lefts for t in left.subtree if t.i in context.index.actor_at_token], context))]
    held = {a for group in groups for a in group}
    named = [a for a in _actors(modifiers, context) if a not in held]
    others = [a for a in _actors(other_tokens, context) if a not in held and a not in named]
    return _Around(groups, others, named, _actors(between_tokens, context))


def _by_role(cue_token: Token, prepositions: frozenset[str], *,
             presence: bool) -> tuple[list[Token], list[Token], list[Token]]:
    """The cue's own dependents: possessors (holders), appositions, prepositional objects and agents (others),
    and the objects of 'between'."""
    holders: list[Token] = []
    others: list[Token] = []
    between: list[Token] = []
    for child in cue_token.children:
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.dep_ == "poss":
            holders.append(child)
        elif child.dep_ == "appos":
            others.append(child)
        elif child.dep_ == "prep" and child.lower_ == "between":
            between += objects
        elif (child.dep_ == "prep" and child.lower_ in prepositions) or child.dep_ == "agent":
            others += objects
        elif child.dep_ in ("dobj", "obj") and presence:
            others += [t for t in child.subtree if t.dep_ == "poss"]
    return holders, others, between


def _subject_list(verb: Token) -> list[Token]:
    subject = subject_of(verb)
    return [subject] if subject is not None else []


def _host_of(cue_token: Token, context: RelationContext) -> list[str]:
    """'in Djibouti, where France has been able to keep its naval base': the place a 'where' clause hangs on."""
    clause = next((t for t in cue_token.ancestors if t.dep_ == "relcl"
                   and any(c.lower_ == "where" for c in t.subtree)), None)
    return _actors([clause.head], context) if clause is not None else []


def _actors(tokens: list[Token], context: RelationContext) -> list[str]:
    found: list[str] = []
    for token in [t for head in tokens for t in _listed(head)]:
        named = context.index.actors_of(token) if token.lower_ not in _PRONOUNS else _antecedent(token, context)
        for actor in named:
            party = _party(actor, context)
            if party and party not in found:
                found.append(party)
    return found


def _listed(head: Token) -> list[Token]:
    """A word and every word coordinated with it, however long the list ('includes Russia, Armenia, Azerbaijan,
    Turkey, Azerbaijan and Iran': the parser chains each to the one before)."""
    found, frontier = [head], [head]
    while frontier:
        frontier = [c for t in frontier for c in t.children if c.dep_ == "conj"]
        found += frontier
    return found


def _antecedent(pronoun: Token, context: RelationContext) -> list[str]:
    """'with whom', 'of which': the noun the relative clause hangs on; 'the U.S. and its allies': the noun it
    is coordinated with; 'its', 'their': the nearest subject above the pronoun that names an actor ('Armenia …
    drawing down Russia's presence along its borders', 'Pashinyan said … their relations with India'), else
    the nearest subject or possessor before it ('where Russia has managed …, it appears likely to maintain
    its base'). Nothing when only a pronoun is there to go by."""
    if pronoun.lower_ in ("which", "whom", "who", "whose", "that"):
        clause = next((t for t in pronoun.ancestors if t.dep_ == "relcl"), None)
        return context.index.actors_of(clause.head) if clause is not None else []
    owner = pronoun.head
    if owner.dep_ == "conj" and owner.head.i in context.index.actor_at_token:
        return [context.index.actor_at_token[owner.head.i]]
    for ancestor in pronoun.ancestors:
        subject = subject_of(ancestor) if ancestor.pos_ in ("VERB", "AUX") else None
        if subject is None or subject.lower_ in _PRONOUNS or pronoun in subject.subtree:
            continue
        named = context.index.actors_of(subject)
        if named:
            return named
    before = [t for t in pronoun.sent if t.i < pronoun.i and t.i in context.index.actor_at_token
              and _SUBJECT_OR_OWNER & {t.dep_, t.head.dep_ if t.dep_ == "compound" else ""}]
    return [context.index.actor_at_token[before[-1].i]] if before else []


def _reporting_subject(cue_token: Token, others: list[str], context: RelationContext) -> list[str]:
    """'Ramos said that ties with Chile are closer': the subject of a verb above the cue, unless the
    cue's own clause names a party of its own ('the signing of a partnership with the U.S. is Armenia's
    decision')."""
    below = cue_token
    for ancestor in cue_token.ancestors:
        subject = subject_of(ancestor) if ancestor.pos_ in ("VERB", "AUX") else None
        named = _actors([subject], context) if subject is not None and subject.lower_ not in _PRONOUNS \
            and cue_token not in subject.subtree else []
        if named:
            clause = {p for t in below.subtree if (a := context.index.actor_at_token.get(t.i))
                      for p in [_party(a, context)] if p}
            return [] if clause - set(others) else named
        below = ancestor
    return []


def _party(actor_id: str, context: RelationContext) -> str | None:
    """The party an actor stands for: a person or body its state; a place or an outlet none."""
    party = context.parties.get(actor_id, actor_id) if actor_id in context.parties else (
        _as_state(actor_id, context.kb) or actor_id)
    if party is None:
        return None
    party = _as_state(party, context.kb) or party
    return party if _kind(party, context) in _PARTY_KINDS else None


def _names_a_place(sent: Span, context: RelationContext) -> bool:
    """'peacekeepers were to protect the Armenians living in Nagorno-Karabakh … the corridor to Armenia': a
    sentence that names a place below state level may put the forces there, not in the state it names."""
    at = context.index.actor_at_token
    return any(t.i in at and _kind(at[t.i], context) == "place" for t in sent)


def _sentence_parties(sent: Span, context: RelationContext) -> list[str]:
    found = (context.index.actor_at_token.get(t.i) for t in sent)
    return list(dict.fromkeys(p for a in found if a for p in [_party(a, context)] if p))


def _by_distance(sent: Span, cue: Token, context: RelationContext) -> list[str]:
    present = [(abs(t.i - cue.i), t.i, party) for t in sent if (a := context.index.actor_at_token.get(t.i))
               for party in [_party(a, context)] if party]
    return list(dict.fromkeys(party for _, _, party in sorted(present)))


def _kind(actor_id: str, context: RelationContext) -> str | None:
    known = context.kb.actors.get(actor_id)
    if known is not None:
        return known.kind
    return "state" if _as_state(actor_id, context.kb) else None


def _as_state(actor_id: str, kb: KnowledgeBase) -> str | None:
    """A state, or a government body standing for it ('ARM-GOV' → ARM)."""
    known = kb.actors.get(actor_id)
    if known is not None and known.kind == "state":
        return actor_id
    prefix = actor_id.split("-")[0]
    body = kb.actors.get(prefix)
    return prefix if body is not None and body.kind == "state" and "-" in actor_id else None


def _since(sent: Span, cue: Token, published: date | None, reference: date | None) -> ResolvedDate | None:
    """The date nearest the cue in its sentence, unless it says when the tie ends ('until 2036')."""
    for ent in sorted(date_entities(sent), key=lambda e: (min(abs(e.start - cue.i), abs(e.end - 1 - cue.i)), e.start)):
        ends = ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("until", "till", "through", "by")
        if ent.label_ in ("DATE", "CARDINAL") and not ends:
            resolved = resolve_date(ent.text, published=published, year_hint=reference)
            if resolved.start is not None:
                return resolved
    return None


def _dated_by(cue_token: Token, since: date | None) -> str:
    """How the statement is dated: by its own date, by its article (it speaks in the present), or not at all
    (past background, or a span of time: 'has been a member since its inception')."""
    if since is not None:
        return "sentence"
    verb = governing_verb(cue_token)
    clause = [verb, *verb.children]
    if any(c.dep_ == "prep" and c.lower_ in _SPAN_OF_TIME for c in [*clause, *cue_token.children]):
        return "undated"
    tags = {t.tag_ for t in clause if t.dep_ in ("aux", "auxpass") or t is verb}
    if verb.pos_ not in ("VERB", "AUX") or tags & _PRESENT_TAGS or "VBD" not in tags:
        return "article"
    return "undated"
