"""Actor mentions: every state, organisation, place and person named in an article, resolved to an id
or explicitly unresolved with the reason.

How each mention was resolved is recorded: knowledge_base, metonymy (a capital acting for its state),
knowledge_base:location (a capital as a place), knowledge_base:government_body ("Armenia's parliament"),
learned_person, learned_person:surname, ner:organisation, unresolved:<reason>.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from dyad.extract.bodies import (
    AGENT_MODIFIER_DEPS,
    MODIFIER_DEPS,
    ActorRecords,
    add_agent,
    agent_in_state,
    agent_of_state,
    fighters_of_the_one_armed_group,
    government_body,
    government_of_person,
    mention_of,
    unmarked_bodies,
)
from dyad.extract.people import PeopleInArticle, is_honorific
from dyad.knowledge.base import KnowledgeBase, Metonymy, NameKind, slugify, strip_article
from dyad.knowledge.cameo import load_cameo
from dyad.records import ActorFact, Article, Mention

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC"}
_DATELINE_CHARS = 400  # a dateline opens the text: after the headline and a byline at most
_DATELINE_MARKS = {",", "—", "–", "-", "--", ":", "/", "("}
_IGO_AGENT_SECTORS = frozenset({"MIL", "COP"})  # an organisation's own forces; its "leaders" are its members'
_DOMINANCE = 2  # the home state is named more than this many times as often as the next state


def extract_actors(article: Article, doc: Doc, kb: KnowledgeBase) -> ActorRecords:
    """Mentions of actors in one parsed article, and what the article says of each actor."""
    people = PeopleInArticle(kb, on=article.published)
    records = ActorRecords()
    if article.outlet:
        records.facts[_outlet_id(article.outlet, kb)] = _outlet_fact(article.outlet, kb)
    # longer names first, so that a shorter form ("Sayyid Badr") joins the full name it begins
    for ent in sorted((e for e in doc.ents if e.label_ == "PERSON"), key=lambda e: -len(e)):
        people.learn(_trim(ent, kb))
    covered: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in ACTOR_LABELS:
            _resolve_entity(article, ent, kb, people, records)
            covered.update(range(ent.start, ent.end))
    _surnames_the_ner_missed(article, doc, people, covered, records)
    home = home_state(article, doc, records, kb)
    people.settle_countries(doc, home)
    if home is not None:
        unmarked_bodies(article, doc, home, kb, records)
    fighters_of_the_one_armed_group(article, doc, records)
    for person in people.people.values():
        records.facts[person.actor_id] = ActorFact(
            person.actor_id, "person", person.name, tuple(person.roles), tuple(sorted(person.aliases)), person.country,
            person.sector,
        )
    return records


def home_state(article: Article, doc: Doc, records: ActorRecords, kb: KnowledgeBase) -> str | None:
    """The state an article's unmarked national titles and bodies belong to ('President X', 'the information
    ministry' with no state named): its dateline's ('SEOUL, Jan. 2 (Yonhap) --'), else the state its outlet
    is named after ('Oman Observer'), when the article names that state at least half as often as the state
    it names most (a reporter in Abuja may write of Niger); else the one state it names more than twice as
    often as any other."""
    counts = Counter(filter(None, (_state_of_mention(m, records, kb) for m in records.mentions)))
    ranked = counts.most_common(2)
    dateline = _dateline_states(doc, kb)
    if len(dateline) == 1:  # the dateline names its state once more
        counts[next(iter(dateline))] += 1
        ranked = counts.most_common(2)
    for candidate in (dateline.pop() if len(dateline) == 1 else None, _state_in_name(article.outlet or "", kb)):
        if candidate is not None and ranked and _DOMINANCE * counts[candidate] >= ranked[0][1]:
            return candidate
    if ranked and (len(ranked) == 1 or ranked[0][1] > _DOMINANCE * ranked[1][1]):
        return ranked[0][0]
    return None


def _dateline_states(doc: Doc, kb: KnowledgeBase) -> set[str]:
    """States of upper-case capitals or states that open the article's text as a dateline, before a comma,
    dash, colon or slash ('ABUJA, Nigeria —', 'CAIRO/KHARTOUM:')."""
    states = set()
    for token in doc:
        if token.idx > _DATELINE_CHARS:
            break
        if not (token.is_upper and token.is_alpha and len(token) > 2) or token.i + 1 >= len(doc):
            continue
        if doc[token.i + 1].text not in _DATELINE_MARKS:
            continue
        entry = kb.lookup(token.text)
        if entry is not None and entry.kind in (NameKind.CAPITAL, NameKind.NAME):
            actor = kb.actors[entry.actor_id]
            state = actor.actor_id if actor.kind == "state" else actor.country if actor.kind == "place" else None
            if state:
                states.add(state)
    return states


def _state_of_mention(mention: Mention, records: ActorRecords, kb: KnowledgeBase) -> str | None:
    if mention.actor_id is None:
        return None
    fact = records.facts.get(mention.actor_id)
    if fact is None:
        known = kb.actors.get(mention.actor_id)
        return mention.actor_id if known is not None and known.kind == "state" else None
    if fact.kind == "state":
        return fact.actor_id
    return fact.country if fact.kind == "institution" else None  # not a venue: "met … in Vienna"


def _state_in_name(name: str, kb: KnowledgeBase) -> str | None:
    """'Oman Observer' → OMN, 'The Australian Financial Review' → AUS, 'The Jerusalem Post' → ISR."""
    words = re.findall(r"[A-Za-z]+", name)
    for size in (2, 1):
        for at in range(len(words) - size + 1):
            state = kb.state_of(" ".join(words[at : at + size]))
            if state:
                return state
    return None


def _resolve_entity(article: Article, ent: Span, kb: KnowledgeBase, people: PeopleInArticle,
                    records: ActorRecords) -> None:
    ent = _trim(ent, kb)
    entry = kb.lookup(ent.text)
    names_person = ent.label_ == "PERSON" or (not ent.ent_id_ and people.knows_surname(ent.text))
    if names_person and (entry is None or kb.actors[entry.actor_id].kind == "person"):
        link = people.link(ent) if ent.label_ == "PERSON" else people.link_surname(ent.text, ent)
        records.add(mention_of(article, ent, link.actor_id, link.how), None)
        government_of_person(article, ent, link, people, kb, records)
        return
    if entry is not None:
        _resolve_known(article, ent, entry.actor_id, entry.kind, kb, records)
        return
    _resolve_unknown(article, ent, people, kb, records)


def _trim(ent: Span, kb: KnowledgeBase) -> Span:
    """Drop what the NER sometimes takes in front of a name: 'the Kiel Centre', 'Emir Tamim', 'Mr. Starmer'."""
    start = ent.start
    while start < ent.end - 1 and (ent.doc[start].lower_ == "the" or (
            ent.label_ == "PERSON" and (ent.doc[start].lower_ in kb.roles or is_honorific(ent.doc[start])))):
        start += 1
    return ent if start == ent.start else Span(ent.doc, start, ent.end, label=ent.label, span_id=ent.id)


def _resolve_known(article: Article, ent: Span, actor_id: str, name_kind: NameKind, kb: KnowledgeBase,
                   records: ActorRecords) -> None:
    actor = kb.actors[actor_id]
    if name_kind is NameKind.CAPITAL and _is_location(ent, kb):
        place = _capital_name(strip_article(ent.text), actor_id, kb)
        place_id = slugify(place)
        fact = ActorFact(place_id, "place", place, aliases=(ent.text,), country=actor_id)
        records.add(mention_of(article, ent, place_id, "knowledge_base:location"), fact)
        agent_in_state(article, ent, actor_id, kb, records)
        return
    how = {NameKind.CAPITAL: "metonymy", NameKind.ADJECTIVE: "knowledge_base:adjective"}.get(
        name_kind, "knowledge_base")
    if name_kind is NameKind.CAPITAL:
        actor_id = _metonymy(kb).seat_acting_for.get(strip_article(ent.text), actor_id)
        actor = kb.actors[actor_id]
    records.add(mention_of(article, ent, actor_id, how), _known_fact(actor_id, kb, ent.text))
    if actor.kind == "state" and not government_body(article, ent, actor_id, kb, records):
        agent_of_state(article, ent, actor_id, kb, records)
        agent_in_state(article, ent, actor_id, kb, records)
    elif actor.kind == "igo":  # "UN peacekeepers", "NATO-led troops" act for it ("AU leaders" for their states)
        agent_of_state(article, ent, actor_id, kb, records, sectors=_IGO_AGENT_SECTORS)


def _resolve_unknown(article: Article, ent: Span, people: PeopleInArticle, kb: KnowledgeBase,
                     records: ActorRecords) -> None:
    if _inside_title(ent, kb):
        return  # a word of a title that the NER took for a name: "Secretary of State"
    if ent.root.lower_ in _metonymy(kb).document_nouns or _abbreviates_a_document(ent, kb):
        records.add(mention_of(article, ent, None, "unresolved:document_not_actor"), None)
        return
    name = strip_article(ent.text)
    if ent.label_ == "ORG":
        if article.outlet and name.casefold() == article.outlet.casefold():
            records.add(mention_of(article, ent, slugify(article.outlet), "document_outlet"), None)
            return
        known = load_cameo().organisation(name)
        if known is not None and _other_state_before(ent, known.country, kb):
            known = None  # "Palestinian Islamic Jihad" is not the Lebanese group CAMEO also calls Islamic Jihad
        entry = kb.lookup(known.name) if known is not None else None
        if entry is not None:  # another name of an actor Dyad knows ('Hizbullah' for Hezbollah)
            _resolve_known(article, ent, entry.actor_id, NameKind.NAME, kb, records)
            return
        if known is not None:  # a company, national institution or armed group of the CAMEO dictionaries
            fact = ActorFact(known.actor_id, known.kind, known.name, aliases=(name,), country=known.country,
                             sector=known.sector)
            records.add(mention_of(article, ent, known.actor_id, "knowledge_base:cameo"), fact)
            return
        if _national_organisation(article, ent, kb, records):
            return
        actor_id = slugify(name)
        if actor_id:
            fact = ActorFact(actor_id, "group", name, aliases=(name,))
            records.add(mention_of(article, ent, actor_id, "ner:organisation"), fact)
            return
    _resolve_unnamed(article, ent, kb, records)


def _resolve_unnamed(article: Article, ent: Span, kb: KnowledgeBase, records: ActorRecords) -> None:
    """A name the knowledge base does not hold: a state's people ('the Russians'), or unresolved."""
    people_of = _people_of_state(ent, kb) if ent.label_ == "NORP" else None
    if people_of is not None:
        records.add(mention_of(article, ent, people_of, "knowledge_base:people_of_state"),
                    _known_fact(people_of, kb, kb.actors[people_of].name))
        return
    reason = "unresolved:not_an_actor" if ent.label_ == "NORP" else "unresolved:not_in_knowledge_base"
    records.add(mention_of(article, ent, None, reason), None)


def _people_of_state(ent: Span, kb: KnowledgeBase) -> str | None:
    """'the Russians are once again …', 'Palestinians blamed Israel': a state's people named as a plural
    noun act as that state (CAMEO codes them so), not the adjective before a noun ('Russian troops')."""
    root = ent.root
    if root.tag_ not in ("NNPS", "NNS") or root.dep_ in MODIFIER_DEPS:
        return None
    before = ent.doc[ent.start - 1] if ent.start else None
    if before is not None and (before.lower_ == "ethnic" or before.ent_type_ in ("GPE", "NORP", "LOC")):
        return None  # "ethnic Albanians", "Kosovo Serbs": a people, not the state's
    name = strip_article(ent.text)
    if not name.endswith("s") or " " in name:
        return None
    entry = kb.lookup(name[:-1])
    if entry is None or entry.kind is not NameKind.ADJECTIVE:
        return None
    return entry.actor_id if kb.actors[entry.actor_id].kind == "state" else None


def _other_state_before(ent: Span, country: str, kb: KnowledgeBase) -> bool:
    before = ent.doc[ent.start - 1] if ent.start else None
    state = kb.state_of(before.text) if before is not None else None
    return state is not None and state != country


def _national_organisation(article: Article, ent: Span, kb: KnowledgeBase, records: ActorRecords) -> bool:
    """An organisation named after its state ('Baghdad University', 'Lebanese Armed Forces', 'Israeli Air
    Force') is that state's, with the sector its last words give; one named as a state agent is that agent."""
    words = strip_article(ent.text).split()
    state = kb.state_of(words[0]) if len(words) > 1 else None
    rest = [w.lower() for w in words[1:]]
    before = ent.doc[ent.start - 1] if ent.start else None
    modified = {*range(ent.start, ent.end), ent.root.head.i if ent.root.dep_ == "compound" else ent.root.i}
    if state is None and before is not None and before.head.i in modified \
            and before.dep_ in AGENT_MODIFIER_DEPS:  # "Baghdad University …", "Palestinian Islamic Jihad"
        state, rest = kb.state_of(before.text), [w.lower() for w in words]
        ent = ent.doc[ent.start - 1 : ent.end]  # the state word is part of the name
    if state is None:  # "the Chief of Naval Staff (CNS) of Chile"
        state, rest = _state_after(ent, kb), [w.lower() for w in words]
    if state is None:
        return False
    sector = load_cameo().agent_sector(rest)
    if sector is not None and " ".join(rest) in load_cameo().agents:
        add_agent(article, ent, state, sector, kb, records)
        return True
    name = strip_article(ent.text)
    fact = ActorFact(slugify(name), "institution", name, aliases=(name,), country=state, sector=sector)
    records.add(mention_of(article, ent, fact.actor_id, "ner:organisation"), fact)
    return True


def _abbreviates_a_document(ent: Span, kb: KnowledgeBase) -> bool:
    """'a Memorandum of Understanding (MOU)', 'the Joint Comprehensive Plan of Action (JCPOA)': a short form in
    brackets right after a document's name, with that name's first letter, is the document."""
    doc, opening = ent.doc, ent.start - 1
    if opening < 1 or doc[opening].text != "(" or not ent.text.isupper():
        return False
    name = []
    for token in reversed(doc[max(ent.sent.start, opening - 8) : opening]):
        if not (token.is_title or token.is_upper or token.lower_ in _NAME_GLUE):
            break
        name.insert(0, token)
    while name and name[0].lower_ in _NAME_GLUE:
        name.pop(0)
    # the head is the word before "of", else the last: "Memorandum of Understanding", not "… Treaty Organization"
    head = next((name[at - 1] for at, t in enumerate(name) if t.lower_ == "of" and at), name[-1] if name else None)
    return head is not None and name[0].text[0] == ent.text[0] and head.lower_ in _metonymy(kb).document_nouns


_NAME_GLUE = frozenset({"of", "on", "and", "for", "the"})


def _state_after(ent: Span, kb: KnowledgeBase) -> str | None:
    """The state an organisation is 'of' right after its name, past a bracketed short form: 'the National
    Security Council of Ghana', '(DGMO) of Pakistan'."""
    doc, at = ent.doc, ent.end
    if at < len(doc) and doc[at].text == ")":
        at += 1
    if at + 1 >= len(doc) or doc[at].lower_ != "of":
        return None
    first = at + 2 if doc[at + 1].lower_ == "the" else at + 1
    for end in (first + 3, first + 2, first + 1):  # "of the United Arab Emirates", "of South Korea", "of Niger"
        words = doc[first : min(end, len(doc))]
        state = kb.state_of(words.text) if len(words) else None
        entry = kb.lookup(words.text) if state else None
        if state and entry is not None and entry.kind is not NameKind.CAPITAL:
            return state
    return None


def _metonymy(kb: KnowledgeBase) -> Metonymy:
    if kb.metonymy is None:
        raise ValueError("the knowledge base was loaded without its metonymy rules")
    return kb.metonymy


def _inside_title(ent: Span, kb: KnowledgeBase) -> bool:
    """'State' in 'the US Secretary of State': the end of a title that the roles lexicon knows whole."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    return f"{root.head.head.lower_} of {strip_article(ent.text).lower()}" in kb.roles


def _is_location(ent: Span, kb: KnowledgeBase) -> bool:
    """'signed in Washington' is a place; 'Washington suspended' and 'allies in Moscow' are the state."""
    rules = _metonymy(kb)
    if _is_dateline(ent):
        return True
    for token in ent:
        if token.head.i in range(ent.start, ent.end):
            continue
        while token.dep_ == "conj" and token.head.i < token.i:  # "in Moscow and Tehran": as the first conjunct
            token = token.head
        if token.dep_ == "poss":
            return token.head.lower_ in rules.place_nouns or token.head.ent_type_ in ("FAC", "LOC")
        if token.dep_ == "dobj" and token.head.lemma_.lower() in rules.place_verbs:
            return True
        if token.dep_ == "pobj" and token.head.lower_ in rules.locative_prepositions:
            governor = token.head.head
            acting = rules.agent_nouns | (rules.recipient_heads if token.head.lower_ == "to" else frozenset())
            if token.head.lower_ == "from" or (token.head.lower_ == "to" and governor.lower_ == "according"):
                acting = acting | rules.source_heads
            return governor.lower_ not in acting and governor.lemma_.lower() not in acting
    return False


def _is_dateline(ent: Span) -> bool:
    """'YEREVAN—In a significant shift …': an upper-case place opening a paragraph, then a dash or comma."""
    doc = ent.doc
    opens_line = ent.start == 0 or "\n" in doc[ent.start - 1].text_with_ws
    glued = ent.end < len(doc) and not ent[-1].whitespace_ and doc[ent.end].text[:1] in ("—", "–", "-", ",")
    return ent.text.isupper() and opens_line and glued


def _capital_name(surface: str, state_id: str, kb: KnowledgeBase) -> str:
    """The canonical name of a capital as a place: 'Washington, D.C.' and 'WASHINGTON' → 'Washington'."""
    names = _capitals_of(state_id, kb)
    folded = surface.casefold()
    return next((n for n in names if folded == n.casefold() or folded.startswith(n.casefold() + ",")), surface)


def _capitals_of(state_id: str, kb: KnowledgeBase) -> list[str]:
    return [s for s, e in kb.names.items() if e.actor_id == state_id and e.kind is NameKind.CAPITAL]


def _surnames_the_ner_missed(article: Article, doc: Doc, people: PeopleInArticle, covered: set[int],
                             records: ActorRecords) -> None:
    # the capitalised words read from the token texts' table (one look-up per distinct word), so that a Token is
    # built only for them; whether a surname is known is asked token by token, as linking one may change it
    orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    capitalised = {key for key in set(orths) if strings[key][:1].isupper()}
    for i, key in enumerate(orths):
        if key in capitalised and i not in covered and people.knows_surname(text := strings[key]):
            span = doc[i : i + 1]
            link = people.link_surname(text, span)
            records.add(mention_of(article, span, link.actor_id, link.how), None)


def _known_fact(actor_id: str, kb: KnowledgeBase, surface: str) -> ActorFact:
    actor = kb.actors[actor_id]
    aliases = tuple(dict.fromkeys((*actor.aliases, strip_article(surface))))
    return ActorFact(actor_id, actor.kind, actor.name, actor.roles, aliases, actor.country, actor.sector)


def _outlet_id(outlet: str, kb: KnowledgeBase) -> str:
    entry = kb.lookup(outlet)
    return entry.actor_id if entry and kb.actors[entry.actor_id].kind == "outlet" else slugify(outlet)


def _outlet_fact(outlet: str, kb: KnowledgeBase) -> ActorFact:
    actor_id = _outlet_id(outlet, kb)
    known = kb.actors.get(actor_id)
    return ActorFact(actor_id, "outlet", known.name if known else outlet, aliases=(outlet,),
                     country=known.country if known else None)

