"""Actor mentions: every state, organisation, place and person named in an article, resolved to an id
or explicitly unresolved with the reason.

How each mention was resolved is recorded: knowledge_base, metonymy (a capital acting for its state),
knowledge_base:location (a capital as a place), knowledge_base:government_body ("Armenia's parliament"),
learned_person, learned_person:surname, ner:organisation, unresolved:<reason>.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dyad.extract.people import PeopleInArticle, PersonLink, is_honorific
from dyad.knowledge.base import Body, KnowledgeBase, Metonymy, NameKind, slugify, strip_article
from dyad.knowledge.cameo import load_cameo
from dyad.records import ActorFact, Article, Mention

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC"}
_BODY_MAX_TOKENS = 4
_MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}
_AGENT_MODIFIER_DEPS = _MODIFIER_DEPS | {"poss"}
_AGENT_PLACE_PREPOSITIONS = {"in", "from"}
_DATELINE_CHARS = 400  # a dateline opens the text: after the headline and a byline at most
_DATELINE_MARKS = {",", "—", "–", "-", "--", ":", "/", "("}
_DEPLOYED_SECTORS = {"MIL", "UAF"}  # forces a state sends abroad
_IGO_AGENT_SECTORS = frozenset({"MIL", "COP"})  # an organisation's own forces; its "leaders" are its members'
_ARMED_SECTORS = {"REB", "UAF"}  # an armed group's, and the generic fighters that may be its own
_HOME_BODY_SECTORS = {"GOV", "LEG"}  # bodies an article names without a state: its home state's (not "the army")
_DOMINANCE = 2  # the home state is named more than this many times as often as the next state


@dataclass(slots=True)
class ActorRecords:
    mentions: list[Mention] = field(default_factory=list)
    facts: dict[str, ActorFact] = field(default_factory=dict)

    def add(self, mention: Mention, fact: ActorFact | None) -> None:
        self.mentions.append(mention)
        if fact is not None:
            self.facts[fact.actor_id] = _merge(self.facts.get(fact.actor_id), fact)


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
        _unmarked_bodies(article, doc, home, kb, records)
    _fighters_of_the_one_armed_group(article, doc, records)
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


def _unmarked_bodies(article: Article, doc: Doc, home: str, kb: KnowledgeBase, records: ActorRecords) -> None:
    """'The information ministry said', 'the government was about to conclude': a definite government body
    with no state word is the home state's (coreference leaves them: no antecedent names a state)."""
    spans = (doc.char_span(m.start_char, m.end_char, alignment_mode="expand") for m in records.mentions)
    taken = {i for span in spans if span is not None for i in range(span.start, span.end)}
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or token.dep_ in _MODIFIER_DEPS:
            continue
        for start in range(max(0, token.i - 2), token.i + 1):
            phrase = doc[start : token.i + 1]
            if start == 0 or doc[start - 1].lower_ != "the" or any(t.ent_type_ or t.i in taken for t in phrase):
                continue
            body = _body_of(phrase, kb)
            if body is None and token.lower_ == "ministry" and start < token.i:  # "the information ministry"
                body = kb.bodies.get("government")
            if body is not None and body.sector in _HOME_BODY_SECTORS:
                _government_body_of(article, doc[start - 1 : token.i + 1], home, body, kb, records)
                taken.update(range(start - 1, token.i + 1))
                break


def _fighters_of_the_one_armed_group(article: Article, doc: Doc, records: ActorRecords) -> None:
    """'…, killing six militants' in an article whose one armed group is al-Shabab: fighters named with no
    state or group word of their own are that group's."""
    groups = {f.actor_id for f in records.facts.values() if f.kind == "group" and f.sector in _ARMED_SECTORS}
    if len(groups) != 1:
        return
    group = groups.pop()
    spans = (doc.char_span(m.start_char, m.end_char, alignment_mode="expand") for m in records.mentions)
    taken = {i for span in spans if span is not None for i in range(span.start, span.end)}
    cameo = load_cameo()
    for token in doc:
        if token.pos_ != "NOUN" or token.i in taken or token.dep_ in _MODIFIER_DEPS:
            continue
        if any(c.dep_ in _AGENT_MODIFIER_DEPS and (c.ent_type_ or c.i in taken) for c in token.children):
            continue  # "Palestinian militants", "Hezbollah fighters": their own word says whose
        specific = any(c.dep_ in ("det", "nummod") for c in token.children)  # not "accused X of harbouring militants"
        if specific and cameo.agents.get(token.lemma_.lower()) in _ARMED_SECTORS:
            records.add(_mention(article, doc[token.i : token.i + 1], group, "knowledge_base:armed_group_agent"),
                        None)


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
        records.add(_mention(article, ent, link.actor_id, link.how), None)
        _government_of_person(article, ent, link, people, kb, records)
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
        records.add(_mention(article, ent, place_id, "knowledge_base:location"), fact)
        _agent_in_state(article, ent, actor_id, kb, records)
        return
    how = {NameKind.CAPITAL: "metonymy", NameKind.ADJECTIVE: "knowledge_base:adjective"}.get(
        name_kind, "knowledge_base")
    if name_kind is NameKind.CAPITAL:
        actor_id = _metonymy(kb).seat_acting_for.get(strip_article(ent.text), actor_id)
        actor = kb.actors[actor_id]
    records.add(_mention(article, ent, actor_id, how), _known_fact(actor_id, kb, ent.text))
    if actor.kind == "state" and not _government_body(article, ent, actor_id, kb, records):
        _agent_of_state(article, ent, actor_id, kb, records)
        _agent_in_state(article, ent, actor_id, kb, records)
    elif actor.kind == "igo":  # "UN peacekeepers", "NATO-led troops" act for it ("AU leaders" for their states)
        _agent_of_state(article, ent, actor_id, kb, records, sectors=_IGO_AGENT_SECTORS)


def _resolve_unknown(article: Article, ent: Span, people: PeopleInArticle, kb: KnowledgeBase,
                     records: ActorRecords) -> None:
    if _inside_title(ent, kb):
        return  # a word of a title that the NER took for a name: "Secretary of State"
    if ent.root.lower_ in _metonymy(kb).document_nouns or _abbreviates_a_document(ent, kb):
        records.add(_mention(article, ent, None, "unresolved:document_not_actor"), None)
        return
    name = strip_article(ent.text)
    if ent.label_ == "ORG":
        if article.outlet and name.casefold() == article.outlet.casefold():
            records.add(_mention(article, ent, slugify(article.outlet), "document_outlet"), None)
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
            records.add(_mention(article, ent, known.actor_id, "knowledge_base:cameo"), fact)
            return
        if _national_organisation(article, ent, kb, records):
            return
        actor_id = slugify(name)
        if actor_id:
            fact = ActorFact(actor_id, "group", name, aliases=(name,))
            records.add(_mention(article, ent, actor_id, "ner:organisation"), fact)
            return
    _resolve_unnamed(article, ent, kb, records)


def _resolve_unnamed(article: Article, ent: Span, kb: KnowledgeBase, records: ActorRecords) -> None:
    """A name the knowledge base does not hold: a state's people ('the Russians'), or unresolved."""
    people_of = _people_of_state(ent, kb) if ent.label_ == "NORP" else None
    if people_of is not None:
        records.add(_mention(article, ent, people_of, "knowledge_base:people_of_state"),
                    _known_fact(people_of, kb, kb.actors[people_of].name))
        return
    reason = "unresolved:not_an_actor" if ent.label_ == "NORP" else "unresolved:not_in_knowledge_base"
    records.add(_mention(article, ent, None, reason), None)


def _people_of_state(ent: Span, kb: KnowledgeBase) -> str | None:
    """'the Russians are once again …', 'Palestinians blamed Israel': a state's people named as a plural
    noun act as that state (CAMEO codes them so), not the adjective before a noun ('Russian troops')."""
    root = ent.root
    if root.tag_ not in ("NNPS", "NNS") or root.dep_ in _MODIFIER_DEPS:
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
            and before.dep_ in _AGENT_MODIFIER_DEPS:  # "Baghdad University …", "Palestinian Islamic Jihad"
        state, rest = kb.state_of(before.text), [w.lower() for w in words]
        ent = ent.doc[ent.start - 1 : ent.end]  # the state word is part of the name
    if state is None:  # "the Chief of Naval Staff (CNS) of Chile"
        state, rest = _state_after(ent, kb), [w.lower() for w in words]
    if state is None:
        return False
    sector = load_cameo().agent_sector(rest)
    if sector is not None and " ".join(rest) in load_cameo().agents:
        _add_agent(article, ent, state, sector, kb, records)
        return True
    name = strip_article(ent.text)
    fact = ActorFact(slugify(name), "institution", name, aliases=(name,), country=state, sector=sector)
    records.add(_mention(article, ent, fact.actor_id, "ner:organisation"), fact)
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


def _government_body(article: Article, ent: Span, state_id: str, kb: KnowledgeBase,
                     records: ActorRecords) -> bool:
    """'the Armenian government', "Armenia's parliament": the body, besides the state itself."""
    end = _body_end(ent.doc, ent.end, kb)
    if end is None:
        return False
    body = _body_of(ent.doc[ent.end : end], kb)
    assert body is not None  # _body_end found it
    _government_body_of(article, ent.doc[ent.start : end], state_id, body, kb, records)
    return True


def _government_body_of(article: Article, span: Span, state_id: str, body: Body, kb: KnowledgeBase,
                        records: ActorRecords) -> None:
    body_id = f"{state_id}-{body.code}"
    state = kb.actors[state_id]
    known = kb.actors.get(body_id)
    name = known.name if known else f"{body.name[:1].upper()}{body.name[1:]} of {state.name}"
    fact = ActorFact(body_id, "institution", name, aliases=(span.text,), country=state_id, sector=body.sector)
    records.add(_mention(article, span, body_id, "knowledge_base:government_body"), fact)


def _agent_of_state(article: Article, ent: Span, state_id: str, kb: KnowledgeBase, records: ActorRecords,
                    sectors: frozenset[str] | None = None) -> None:
    """'Iranian protesters', "Russia's riot police", 'a Kyrgyz soldier': a generic agent of the state the word
    before it names, coded STATE-SECTOR with CAMEO's sector (IRN-OPP, RUS-COP, KGZ-MIL)."""
    root, doc = ent.root, ent.doc
    head = root.head
    if head.lower_ == "led" and head.i == ent.end + 1 and doc[ent.end].text == "-":  # "NATO-led troops"
        head = head.head if head.dep_ == "amod" else head
    if root.dep_ not in _AGENT_MODIFIER_DEPS or head.pos_ != "NOUN" or not 0 <= head.i - ent.end < _BODY_MAX_TOKENS:
        return
    between = [t for t in doc[ent.end : head.i] if t.text not in ("'s", "’s", "-", "led")]
    # "Russian President Putin", "Iranian oil exports": the word names something else (not "eco-" of "eco-activists")
    if any((t.pos_ not in ("NOUN", "ADJ", "PART", "PUNCT") and doc[t.i + 1].tag_ != "HYPH") or t.ent_type_
           for t in between):
        return
    words = [t.lower_ for t in between] + [head.lemma_.lower()]
    if head.tag_ == "NN" and words[-1] in kb.roles:
        return  # "the Estonian minister": one person, described (quotes and coreference resolve them)
    cameo = load_cameo()
    sector = cameo.agent_sector(words)
    if sector is None or (sectors is not None and sector not in sectors):
        return
    _add_agent(article, doc[_collective_start(head, ent.start, kb) : head.i + 1], state_id, sector, kb, records)


def _agent_in_state(article: Article, ent: Span, state_id: str, kb: KnowledgeBase, records: ActorRecords) -> None:
    """'opposition groups in Zimbabwe', 'police in Kabul', 'protesters from Georgia': a generic agent placed
    in a state (or its capital) with no state word of its own is that state's agent."""
    root, doc = ent.root, ent.doc
    preposition = root.head
    if root.dep_ != "pobj" or preposition.lower_ not in _AGENT_PLACE_PREPOSITIONS or preposition.i != ent.start - 1:
        return
    agent = preposition.head
    if agent.pos_ != "NOUN" or agent.i >= preposition.i or (agent.tag_ == "NN" and agent.lower_ in kb.roles):
        return  # "the minister in Kabul": one person, described
    modifiers = [t for t in agent.children if t.dep_ in _MODIFIER_DEPS and t.i < agent.i]
    if any(kb.state_of(t.text) or t.ent_type_ for t in modifiers):
        return  # "Russian troops in Syria" are Russia's
    describing = [t for t in modifiers if t.dep_ in ("compound", "amod")]  # "military leaders in Niger"
    words = [t.lower_ for t in describing] + [agent.lemma_.lower()]
    if words[-1] in load_cameo().collectives:  # "opposition groups in Zimbabwe": the opposition
        words.pop()
    sector = load_cameo().agent_sector(words) if words else None
    if sector is None:
        return
    if sector in _DEPLOYED_SECTORS and load_cameo().agent_sector([agent.lemma_.lower()]) in (*_DEPLOYED_SECTORS, None):
        return  # "troops in Syria", "military contingents in Armenia" may be anyone's; their leaders are not
    start = min([agent.i, *(t.i for t in describing)])
    _add_agent(article, doc[_collective_start(agent, start, kb) : agent.i + 1], state_id, sector, kb, records)


def _add_agent(article: Article, span: Span, state_id: str, sector: str, kb: KnowledgeBase,
               records: ActorRecords) -> None:
    agent_id = f"{state_id}-{sector}"
    name = f"{kb.actors[state_id].name}: {load_cameo().sectors.get(sector, sector)}"
    fact = ActorFact(agent_id, "institution", name, aliases=(span.text,), country=state_id, sector=sector)
    records.add(_mention(article, span, agent_id, "knowledge_base:agent"), fact)


def _collective_start(agent: Token, start: int, kb: KnowledgeBase) -> int:
    """'a group of Moroccan diplomats', 'hundreds of Georgian protesters': the counting noun acts as the
    agents, so the mention starts there."""
    preposition = agent.head
    if agent.dep_ != "pobj" or preposition.lower_ != "of" or preposition.head.i >= start:
        return start
    counted = preposition.head
    return counted.i if counted.lemma_.lower() in load_cameo().collectives else start


def _government_of_person(article: Article, ent: Span, link: PersonLink, people: PeopleInArticle,
                          kb: KnowledgeBase, records: ActorRecords) -> None:
    """'the Biden administration' → the government of the person's country."""
    person = people.people.get(link.actor_id or "")
    if person is None or person.country is None:
        return
    end = _body_end(ent.doc, ent.end, kb)
    body = _body_of(ent.doc[ent.end : end], kb) if end is not None else None
    if body is not None and body.code == "GOV":
        _government_body(article, ent, person.country, kb, records)


def _body_end(doc: Doc, start: int, kb: KnowledgeBase) -> int | None:
    """End of a body noun phrase right after a state word, if one follows as a head noun (not 'military bases')."""
    index = start + 1 if start < len(doc) and doc[start].text in ("'s", "’s") else start
    last_words = _body_last_words(kb)
    for end in range(min(len(doc), index + _BODY_MAX_TOKENS), index, -1):
        if _cannot_end_body(doc[end - 1], last_words):
            continue
        if _body_of(doc[start:end], kb) and doc[end - 1].dep_ not in _MODIFIER_DEPS:
            return end
    return None


def _cannot_end_body(last: Token, last_words: frozenset[str]) -> bool:
    """Whether no body's name can end with this word, as _body_of would read it (a cheap test before
    building the phrase): a word that is no 's, and whose forms are single words no name ends with."""
    if last.text in ("'s", "’s"):
        return False  # _body_of drops it and reads the word before
    forms = (last.lower_, last.lemma_.lower())
    return all(len(parts := form.split()) == 1 and parts[0] == form and form not in last_words for form in forms)


_LAST_WORDS: dict[int, tuple[dict, int, frozenset[str]]] = {}


def _body_last_words(kb: KnowledgeBase) -> frozenset[str]:
    """The last word of every body name in kb.bodies, kept per bodies table (re-read if it grew)."""
    kept = _LAST_WORDS.get(id(kb.bodies))
    if kept is None or kept[0] is not kb.bodies or kept[1] != len(kb.bodies):
        kept = (kb.bodies, len(kb.bodies), frozenset(name.split(" ")[-1] for name in kb.bodies))
        _LAST_WORDS[id(kb.bodies)] = kept
    return kept[2]


def _body_of(tokens: Span, kb: KnowledgeBase) -> Body | None:
    """The body a phrase names, as written or with its last word lemmatised ('governments', 'authorities')."""
    words = [t for t in tokens if t.text not in ("'s", "’s")]
    if not words:
        return None
    *head, last = words
    stem = " ".join(t.lower_ for t in head)
    for word in (last.lower_, last.lemma_.lower()):
        body = kb.bodies.get(f"{stem} {word}".strip())
        if body:
            return body
    return None


def _surnames_the_ner_missed(article: Article, doc: Doc, people: PeopleInArticle, covered: set[int],
                             records: ActorRecords) -> None:
    for token in doc:
        if token.i not in covered and token.text[:1].isupper() and people.knows_surname(token.text):
            span = doc[token.i : token.i + 1]
            link = people.link_surname(token.text, span)
            records.add(_mention(article, span, link.actor_id, link.how), None)


def _mention(article: Article, span: Span | Token, actor_id: str | None, how: str) -> Mention:
    start = span.start_char if isinstance(span, Span) else span.idx
    end = span.end_char if isinstance(span, Span) else span.idx + len(span)
    return Mention(article.doc_id, start, end, article.body[start:end], actor_id, how)


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


def _merge(old: ActorFact | None, new: ActorFact) -> ActorFact:
    if old is None:
        return new
    return ActorFact(old.actor_id, old.kind, old.name, tuple(dict.fromkeys((*old.roles, *new.roles))),
                     tuple(dict.fromkeys((*old.aliases, *new.aliases))), old.country or new.country,
                     old.sector or new.sector)
