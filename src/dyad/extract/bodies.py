"""Bodies and agents of states, and the records actor extraction gathers them into.

A state word followed by a body noun ('the Armenian government', "Armenia's parliament") names the body
besides the state; a generic agent with a state word ('Iranian protesters', 'police in Kabul') is that state's
agent, coded STATE-SECTOR with CAMEO's sector; a definite body with no state word ('the information ministry')
is the home state's; fighters with no word of their own are the article's one armed group's. Split from
actors.py, which resolves the named entities and calls these.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dyad.extract.people import PeopleInArticle, PersonLink
from dyad.extract.tokens import ArticleTokens
from dyad.knowledge.base import Body, KnowledgeBase
from dyad.knowledge.cameo import load_cameo
from dyad.records import ActorFact, Article, Mention

_BODY_MAX_TOKENS = 4
MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod"}
AGENT_MODIFIER_DEPS = MODIFIER_DEPS | {"poss"}
_AGENT_PLACE_PREPOSITIONS = {"in", "from"}
_DEPLOYED_SECTORS = {"MIL", "UAF"}  # forces a state sends abroad
_ARMED_SECTORS = {"REB", "UAF"}  # an armed group's, and the generic fighters that may be its own
_HOME_BODY_SECTORS = {"GOV", "LEG"}  # bodies an article names without a state: its home state's (not "the army")
@dataclass(slots=True)
class ActorRecords:
    mentions: list[Mention] = field(default_factory=list)
    facts: dict[str, ActorFact] = field(default_factory=dict)

    def add(self, mention: Mention, fact: ActorFact | None) -> None:
        self.mentions.append(mention)
        if fact is not None:
            self.facts[fact.actor_id] = _merge(self.facts.get(fact.actor_id), fact)


def unmarked_bodies(article: Article, doc: Doc, home: str, kb: KnowledgeBase, records: ActorRecords) -> None:
    """'The information ministry said', 'the government was about to conclude': a definite government body
    with no state word is the home state's (coreference leaves them: no antecedent names a state)."""
    spans = (doc.char_span(m.start_char, m.end_char, alignment_mode="expand") for m in records.mentions)
    taken = {i for span in spans if span is not None for i in range(span.start, span.end)}
    for token in _head_nouns(doc):
        if token.i in taken:
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


def fighters_of_the_one_armed_group(article: Article, doc: Doc, records: ActorRecords) -> None:
    """'…, killing six militants' in an article whose one armed group is al-Shabab: fighters named with no
    state or group word of their own are that group's."""
    groups = {f.actor_id for f in records.facts.values() if f.kind == "group" and f.sector in _ARMED_SECTORS}
    if len(groups) != 1:
        return
    group = groups.pop()
    spans = (doc.char_span(m.start_char, m.end_char, alignment_mode="expand") for m in records.mentions)
    taken = {i for span in spans if span is not None for i in range(span.start, span.end)}
    cameo = load_cameo()
    for token in _head_nouns(doc):
        if token.i in taken:
            continue
        if any(c.dep_ in AGENT_MODIFIER_DEPS and (c.ent_type_ or c.i in taken) for c in token.children):
            continue  # "Palestinian militants", "Hezbollah fighters": their own word says whose
        specific = any(c.dep_ in ("det", "nummod") for c in token.children)  # not "accused X of harbouring militants"
        if specific and cameo.agents.get(token.lemma_.lower()) in _ARMED_SECTORS:
            records.add(mention_of(article, doc[token.i : token.i + 1], group, "knowledge_base:armed_group_agent"),
                        None)


def government_body(article: Article, ent: Span, state_id: str, kb: KnowledgeBase,
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
    records.add(mention_of(article, span, body_id, "knowledge_base:government_body"), fact)


def agent_of_state(article: Article, ent: Span, state_id: str, kb: KnowledgeBase, records: ActorRecords,
                    sectors: frozenset[str] | None = None) -> None:
    """'Iranian protesters', "Russia's riot police", 'a Kyrgyz soldier': a generic agent of the state the word
    before it names, coded STATE-SECTOR with CAMEO's sector (IRN-OPP, RUS-COP, KGZ-MIL)."""
    root, doc = ent.root, ent.doc
    head = root.head
    if head.lower_ == "led" and head.i == ent.end + 1 and doc[ent.end].text == "-":  # "NATO-led troops"
        head = head.head if head.dep_ == "amod" else head
    if root.dep_ not in AGENT_MODIFIER_DEPS or head.pos_ != "NOUN" or not 0 <= head.i - ent.end < _BODY_MAX_TOKENS:
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
    add_agent(article, doc[_collective_start(head, ent.start, kb) : head.i + 1], state_id, sector, kb, records)


def agent_in_state(article: Article, ent: Span, state_id: str, kb: KnowledgeBase, records: ActorRecords) -> None:
    """'opposition groups in Zimbabwe', 'police in Kabul', 'protesters from Georgia': a generic agent placed
    in a state (or its capital) with no state word of its own is that state's agent."""
    root, doc = ent.root, ent.doc
    preposition = root.head
    if root.dep_ != "pobj" or preposition.lower_ not in _AGENT_PLACE_PREPOSITIONS or preposition.i != ent.start - 1:
        return
    agent = preposition.head
    if agent.pos_ != "NOUN" or agent.i >= preposition.i or (agent.tag_ == "NN" and agent.lower_ in kb.roles):
        return  # "the minister in Kabul": one person, described
    modifiers = [t for t in agent.children if t.dep_ in MODIFIER_DEPS and t.i < agent.i]
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
    add_agent(article, doc[_collective_start(agent, start, kb) : agent.i + 1], state_id, sector, kb, records)


def add_agent(article: Article, span: Span, state_id: str, sector: str, kb: KnowledgeBase,
               records: ActorRecords) -> None:
    agent_id = f"{state_id}-{sector}"
    name = f"{kb.actors[state_id].name}: {load_cameo().sectors.get(sector, sector)}"
    fact = ActorFact(agent_id, "institution", name, aliases=(span.text,), country=state_id, sector=sector)
    records.add(mention_of(article, span, agent_id, "knowledge_base:agent"), fact)


def _collective_start(agent: Token, start: int, kb: KnowledgeBase) -> int:
    """'a group of Moroccan diplomats', 'hundreds of Georgian protesters': the counting noun acts as the
    agents, so the mention starts there."""
    preposition = agent.head
    if agent.dep_ != "pobj" or preposition.lower_ != "of" or preposition.head.i >= start:
        return start
    counted = preposition.head
    return counted.i if counted.lemma_.lower() in load_cameo().collectives else start


def government_of_person(article: Article, ent: Span, link: PersonLink, people: PeopleInArticle,
                          kb: KnowledgeBase, records: ActorRecords) -> None:
    """'the Biden administration' → the government of the person's country."""
    person = people.people.get(link.actor_id or "")
    if person is None or person.country is None:
        return
    end = _body_end(ent.doc, ent.end, kb)
    body = _body_of(ent.doc[ent.end : end], kb) if end is not None else None
    if body is not None and body.code == "GOV":
        government_body(article, ent, person.country, kb, records)


def _body_end(doc: Doc, start: int, kb: KnowledgeBase) -> int | None:
    """End of a body noun phrase right after a state word, if one follows as a head noun (not 'military bases')."""
    index = start + 1 if start < len(doc) and doc[start].text in ("'s", "’s") else start
    last_words = _body_last_words(kb)
    tokens = ArticleTokens.of(doc)
    for end in range(min(len(doc), index + _BODY_MAX_TOKENS), index, -1):
        if _cannot_end_body(doc, end - 1, tokens, last_words):
            continue
        if _body_of(doc[start:end], kb) and doc[end - 1].dep_ not in MODIFIER_DEPS:
            return end
    return None


def _cannot_end_body(doc: Doc, last: int, tokens: ArticleTokens, last_words: frozenset[str]) -> bool:
    """Whether no body's name can end with this word, as _body_of would read it (a cheap test before
    building the phrase): a word that is no 's, and whose forms are single words no name ends with. Read from
    the article's cached lists: the token is built only when its lower-case form is an 's."""
    lower, lemma = tokens.lowers[last], tokens.lemmas[last]
    if lower in ("'s", "’s") and doc[last].text in ("'s", "’s"):
        return False  # _body_of drops it and reads the word before
    forms = (lower, lemma)
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


def mention_of(article: Article, span: Span | Token, actor_id: str | None, how: str) -> Mention:
    start = span.start_char if isinstance(span, Span) else span.idx
    end = span.end_char if isinstance(span, Span) else span.idx + len(span)
    return Mention(article.doc_id, start, end, article.body[start:end], actor_id, how)


def _merge(old: ActorFact | None, new: ActorFact) -> ActorFact:
    if old is None:
        return new
    return ActorFact(old.actor_id, old.kind, old.name, tuple(dict.fromkeys((*old.roles, *new.roles))),
                     tuple(dict.fromkeys((*old.aliases, *new.aliases))), old.country or new.country,
                     old.sector or new.sector)


def _head_nouns(doc: Doc) -> Iterator[Token]:
    """The article's nouns that modify no other word, from ArticleTokens' lists (only these are built)."""
    tokens = ArticleTokens.of(doc)
    return (doc[i] for i, (part, dep) in enumerate(zip(tokens.parts, tokens.deps, strict=True))
            if part == "NOUN" and dep not in MODIFIER_DEPS)
