"""People learned from the text: full names, the roles and countries their titles and appositions give,
and later surname or honorific mentions joined to them.

A surname alone joins a person introduced earlier in the same article only when exactly one such person
has that surname; otherwise it stays unresolved (two Sargsyans are two people).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.knowledge.base import KnowledgeBase, NameKind, slugify
from dyad.knowledge.cameo import FORMER_SECTOR, CameoKnowledge, OfficeHolder, load_cameo

_TITLE_TOKEN_POS = {"PROPN", "NOUN", "ADJ"}
_TITLE_GLUE = {"of", "'s", "’s", "-", "for"}
_TIME_MODIFIERS = {"former", "then", "outgoing", "incoming", "acting", "current", "newly", "late", "ex"}
_HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam", "prof", "prof."}
# Forms of address between a title and a name, no part of the office: "Prime Minister Sheikh X".
_ADDRESS = _HONORIFICS | {"miss", "dame", "sheikh", "sheikha", "sayyid", "sayyida", "professor", "excellency", "hon"}
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "at", "to"}
_APPOS_MAX_TOKENS = 14
_APPOSITION_REACH = 20  # tokens after a name where its apposition may name the state
_LEDE_REACH = 2  # sentences before a person's first mention where an unnamed office holder's description counts
_DESCRIPTION_REACH = 2  # sentences before a person's first mention where a description of them counts
_NATIONAL_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}  # offices that stand for one state
_STATE_NOUNS = {"country", "nation"}  # "the country's president": the state the text last named
IGO_SECTOR = "IGO"


@dataclass(slots=True)
class Person:
    actor_id: str
    name: str
    how: str  # knowledge_base:person | learned_person | learned_person:surname_only
    roles: list[str] = field(default_factory=list)
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    sector: str | None = None  # CAMEO's: GOV, MIL, OPP …; ELI for a former office holder
    first_token: int | None = None  # where the article first names them
    titled: bool = False  # the text gives them a role (not only the office-holder dictionary)
    home_given: bool = False  # their state is only the article's home state

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def family_name_first(self) -> str | None:
        """The first word of a name that may put the family name first (Korean, Chinese: 'Lee Jae Myung');
        never an initial ('S. Jaishankar') or a particle."""
        words = self.name.split()
        first = words[0] if len(words) >= 2 else ""
        return first if len(first) > 1 and first[0].isupper() and not first.endswith(".") else None


@dataclass(frozen=True, slots=True)
class PersonLink:
    actor_id: str | None
    how: str


@dataclass(slots=True)
class PeopleInArticle:
    """The people one article introduces, in order, and how its person mentions resolve to them."""

    kb: KnowledgeBase
    on: date | None = None  # the article's date: which of an office holder's terms holds
    cameo: CameoKnowledge = field(default_factory=load_cameo)
    people: dict[str, Person] = field(default_factory=dict)

    def learn(self, ent: Span) -> None:
        """A multi-word name: a person, with what its title or apposition says of them and, for a name the
        text gives no country, what the dated office-holder dictionary says on the article's date."""
        name = person_name(ent)
        if len(name.split()) < 2:
            return
        person = self._person_for_full_name(name)
        person.aliases.add(name)
        person.first_token = ent.start if person.first_token is None else min(person.first_token, ent.start)
        self._describe(person, ent, with_apposition=True)
        if person.country is None and person.sector != IGO_SECTOR:  # "UN envoy X" acts for the UN, not a state
            self._from_office_holder(person, self.cameo.person(name))

    def _describe(self, person: Person, ent: Span, *, with_apposition: bool) -> None:
        """The role, country and sector the title before a name (or its apposition) gives."""
        title = _title_words(ent, title_start(ent))
        role, country = _role_and_country(title, self.kb)
        if role is None and with_apposition:  # "British militant X, a member of …": the title's state stays
            role, given = apposition(ent, self.kb)
            country = country or given
        person.titled = person.titled or role is not None
        if role and role not in person.roles:
            person.roles.append(role)
        person.country = person.country or country
        if role and person.sector is None:
            person.sector = self._sector_of_title(ent, title, role, country)
        if person.country is None and person.sector == IGO_SECTOR:  # "NATO Secretary General X" acts for NATO
            person.country = next(filter(None, map(self._igo_named, title)), None)

    def _sector_of_title(self, ent: Span, title: list[Token], role: str, country: str | None) -> str | None:
        """'former President' → ELI; 'UN envoy' (no state) → IGO; else the sector of the role's agent noun."""
        if any(t.lower_ in ("former", "ex") for t in ent.doc[title_start(ent) : ent.start]):
            return FORMER_SECTOR
        if country is None and any(self._igo_named(t) for t in title):
            return IGO_SECTOR
        return self.cameo.sector_of_role(office_words(role))

    def _igo_named(self, token: Token) -> str | None:
        """The international organisation a title word names ('UN', 'NATO'; 'Union' in 'European Union')."""
        doc = token.doc
        for words in (token.text, doc[max(token.i - 1, 0) : token.i + 1].text):
            entry = self.kb.lookup(words)
            if entry is not None and self.kb.actors[entry.actor_id].kind == "igo":
                return entry.actor_id
        return None

    def _from_office_holder(self, person: Person, holder: OfficeHolder | None) -> None:
        if holder is None:
            return
        standing = holder.standing(self.on)
        person.country = standing.country
        person.sector = person.sector or standing.sector
        if standing.role not in person.roles:
            person.roles.append(standing.role)

    def settle_countries(self, doc: Doc, home_state: str | None) -> None:
        """People the text gives an office but no state: the state of a plural description just before
        them ('two Australian ministers said … The foreign minister, X'), else, for a national office
        ('President X', 'Trade Minister X' with no other state named), the article's home state."""
        for person in self.people.values():
            if person.how == "knowledge_base:person" or person.first_token is None:
                continue
            if not person.titled:
                self._from_lede(person, doc)
            if person.country is not None or person.sector == IGO_SECTOR or not person.roles:
                continue
            described = _state_in_apposition(person, doc, self.kb) or _state_of_description_before(person, doc, self.kb)
            if described is not None:
                person.country = described
            elif home_state is not None and self._national_office(person) and not self._beside(person, doc, home_state):
                person.country, person.home_given = home_state, True

    def _from_lede(self, person: Person, doc: Doc) -> None:
        """A person named without a title after a description that named no one ('Iran's foreign minister
        has warned …' then '…, Hossein Amirabdollahian told reporters'; 'The UN envoy for Afghanistan said …'
        then 'Roza Otunbayeva told the Council'): the description's state or organisation, before the
        dictionary's (which may hold an office the person has left)."""
        found = _lede_description(person, doc, self)
        if found is None:
            return
        acting_for, role = found
        igo = self.kb.actors[acting_for].kind == "igo"
        person.country = acting_for
        person.sector = IGO_SECTOR if igo else self.cameo.sector_of_role(office_words(role))
        person.roles = [role, *(r for r in person.roles if r != role)]

    def _beside(self, person: Person, doc: Doc, state: str) -> bool:
        """Someone of that state named in the same sentence ('Chinese Foreign Minister Wang Yi spoke with
        Foreign Minister X'): the unmarked title is then the other side's, whatever the article's home."""
        assert person.first_token is not None
        sentence = doc[person.first_token].sent
        for ent in sentence.ents:
            other = self.people.get(self._full_name_id(person_name(ent))) if ent.label_ == "PERSON" else None
            if other is not None and other is not person and other.country == state and not other.home_given:
                return True
        return False

    def _national_office(self, person: Person) -> bool:
        """An office of one state's ('Trade Minister', 'Ministry of Fisheries and Ports Secretary')."""
        sectors = [person.sector] + [self.cameo.sector_of_role(words) for r in person.roles
                                     for words in (office_words(r), r)]
        return next(filter(None, sectors), None) in _NATIONAL_SECTORS

    def link(self, ent: Span) -> PersonLink:
        """The person a mention names: by full name, by a surname that only one known person has, or new."""
        name = person_name(ent)
        if len(name.split()) >= 2:
            known = self.people.get(self._full_name_id(name))
            return PersonLink(known.actor_id, known.how) if known else PersonLink(None, "unresolved:not_a_person")
        return self.link_surname(name, ent)

    def link_surname(self, surname: str, ent: Span) -> PersonLink:
        candidates = [p for p in self._introduced() if p.surname == surname]
        if not candidates:  # family name first ("Xi" for Xi Jinping, "Lee" for Lee Jae Myung)
            candidates = [p for p in self._introduced() if p.family_name_first == surname]
        if len(candidates) == 1:
            candidates[0].aliases.add(ent.text)
            return PersonLink(candidates[0].actor_id, "learned_person:surname")
        if len(candidates) > 1:
            return PersonLink(None, "unresolved:ambiguous_surname")
        entry = self.kb.lookup(surname)
        if entry and self.kb.actors[entry.actor_id].kind == "person":
            self._kb_person(entry.actor_id).aliases.add(ent.text)
            return PersonLink(entry.actor_id, "knowledge_base:person")
        if _names_a_thing(ent, self.kb):
            return PersonLink(None, "unresolved:not_a_person")
        return self._surname_only(surname, ent)

    def knows_surname(self, text: str) -> bool:
        return any(text in (p.surname, p.family_name_first) for p in self._introduced())

    def _introduced(self) -> list[Person]:
        """People the article named in full (not ones only known by a surname)."""
        return [p for p in self.people.values() if p.how != "learned_person:surname_only"]

    def _full_name_id(self, name: str) -> str:
        entry = self.kb.lookup(name)
        if entry and self.kb.actors[entry.actor_id].kind == "person":
            return entry.actor_id
        longer = [p for p in self._introduced() if _begins_with(p.name, name)]
        if len(longer) == 1:  # "Sayyid Badr" after "Sayyid Badr bin Hamad al Busaidy"
            return longer[0].actor_id
        return slugify(name)

    def _person_for_full_name(self, name: str) -> Person:
        actor_id = self._full_name_id(name)
        if actor_id in self.kb.actors:
            return self._kb_person(actor_id)
        return self.people.setdefault(actor_id, Person(actor_id, name, "learned_person"))

    def _kb_person(self, actor_id: str) -> Person:
        known = self.kb.actors[actor_id]
        if actor_id not in self.people:
            sector = next(filter(None, (self.cameo.sector_of_role(office_words(r)) for r in known.roles)), None)
            country = known.country
            igo = next(filter(None, (self._igo_of_office(r) for r in known.roles)), None)
            if igo is not None:  # "President of the European Commission" acts for the EU, not for Germany
                country, sector = igo, IGO_SECTOR
            self.people[actor_id] = Person(actor_id, known.name, "knowledge_base:person", list(known.roles),
                                           country, sector=sector)
        return self.people[actor_id]

    def _igo_of_office(self, role: str) -> str | None:
        """The international organisation an office is of: 'Secretary General of NATO', 'President of the
        European Commission' (the words after 'of', with or without 'the')."""
        if " of " not in role:
            return None
        body = role.split(" of ", 1)[1].removeprefix("the ").strip()
        entry = self.kb.lookup(body)
        if entry is None:
            return None
        known = self.kb.actors[entry.actor_id]
        if known.kind == "igo":
            return known.actor_id
        owner = self.kb.actors.get(known.country or "")  # a body of one: the European Commission is the EU's
        return owner.actor_id if owner is not None and owner.kind == "igo" else None

    def _surname_only(self, surname: str, ent: Span) -> PersonLink:
        """A surname nobody in the article was named with in full: its title ('Foreign Minister Zarif'), or
        the one office holder the dictionary knows by that name alone ('Obama'), gives its country."""
        actor_id = slugify(surname)
        person = self.people.get(actor_id)
        if person is None:
            person = self.people[actor_id] = Person(actor_id, surname, "learned_person:surname_only",
                                                    first_token=ent.start)
            self._describe(person, ent, with_apposition=False)
            holders = self.cameo.by_surname(surname, titled=bool(person.roles))
            if person.country is None and len(holders) == 1:
                self._from_office_holder(person, holders[0])
            elif person.country is None and len({h.standing(self.on).country for h in holders}) == 1:
                person.country = holders[0].standing(self.on).country  # two Bushes, one country
        person.aliases.add(ent.text)
        return PersonLink(actor_id, person.how)


def _begins_with(full_name: str, name: str) -> bool:
    """A name of two or more words that a longer name begins with, word for word."""
    full, short = full_name.casefold().split(), name.casefold().split()
    return 2 <= len(short) < len(full) and full[: len(short)] == short


def office_words(role: str) -> str:
    """The office a role names, without what it is of or for: 'Minister for the Pacific' → 'Minister'."""
    return role.split(" of ")[0].split(" for ")[0]


def _state_in_apposition(person: Person, doc: Doc, kb: KnowledgeBase) -> str | None:
    """'Li Wen, head of the Budget Committee of the State Assembly, Laos's
    parliament': a state's possessive in the apposition after the first mention, before any verb."""
    assert person.first_token is not None
    start = person.first_token
    while start < len(doc) and doc[start].ent_type_ == "PERSON":
        start += 1
    if start >= len(doc) or doc[start].text != ",":
        return None
    for token in doc[start : min(len(doc), start + _APPOSITION_REACH)]:
        if token.pos_ in ("VERB", "AUX") or token.sent.start != doc[start].sent.start:
            return None
        if token.text in ("'s", "’s") and token.i > 0 and kb.state_of(doc[token.i - 1].text):
            return kb.state_of(doc[token.i - 1].text)
    return None


def _state_of_description_before(person: Person, doc: Doc, kb: KnowledgeBase) -> str | None:
    """The one state of plural descriptions with the person's role word in their sentence (before them)
    or the two sentences before: 'two Australian ministers' for 'the minister for the Pacific, X'."""
    assert person.first_token is not None
    first = doc[person.first_token]
    start = first.sent.start
    for _ in range(_DESCRIPTION_REACH):
        if start > 0:
            start = doc[start - 1].sent.start
    role_words = {w for role in person.roles for w in role.lower().replace("-", " ").split() if w in kb.roles}
    states = set()
    for token in doc[start : person.first_token]:
        if token.tag_ not in ("NNS", "NNPS") or token.lemma_.lower() not in role_words:
            continue
        if token.head.ent_type_ == "PERSON" or any(c.ent_type_ == "PERSON" for c in token.children):
            continue  # a title of a named person, not a description
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod"):
                state = kb.state_of(child.text)
                if state:
                    states.add(state)
    return states.pop() if len(states) == 1 else None


def _lede_description(person: Person, doc: Doc, people: PeopleInArticle) -> tuple[str, str] | None:
    """The one description of an unnamed office holder with a state or organisation in the sentences just
    before the person's first mention, none of them naming anyone (else the description may be theirs)."""
    assert person.first_token is not None
    if not _speaks(doc[person.first_token]):
        return None
    sentence = doc[person.first_token].sent
    found: set[tuple[str, str]] = set()
    for _ in range(_LEDE_REACH):
        if sentence.start == 0:
            break
        sentence = doc[sentence.start - 1].sent
        if any(ent.label_ == "PERSON" for ent in sentence.ents):
            break
        for token in sentence:
            if token.tag_ == "NN" and token.lemma_.lower() in people.kb.roles and _speaks(token):
                found |= _described_office(token, people)
    return found.pop() if len(found) == 1 else None


def _speaks(token: Token) -> bool:
    """The subject of a verb of saying, itself or as the head of its name ('X told reporters')."""
    while token.dep_ in ("compound", "flat") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "nsubj" and token.head.lemma_.lower() in speech_verbs():
        return True
    return token.ent_type_ == "PERSON" and _speech_verb_follows(token)


def _speech_verb_follows(name: Token) -> bool:
    """'…, Roza Otunbayeva, told the Council': a name set off by commas before its verb of saying, which the
    parser often leaves unattached to it (the name as an adverbial, the verb as a conjunct)."""
    doc = name.doc
    end = name.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    while end < len(doc) and doc[end].text == ",":
        end += 1
    if end >= len(doc) or doc[end].sent.start != name.sent.start:
        return False
    verb = doc[end]
    return verb.tag_ in ("VBD", "VBZ") and verb.lemma_.lower() in speech_verbs() and name.dep_ not in ("pobj", "dobj")


@cache
def speech_verbs() -> frozenset[str]:
    rules = data_toml("speech.toml")
    return frozenset(rules["verbs"])


def _described_office(token: Token, people: PeopleInArticle) -> set[tuple[str, str]]:
    """'Iran's foreign minister' → {(IRN, 'Foreign Minister')}; 'The UN envoy' → {(UN, 'UN Envoy')}."""
    modifiers = [c for c in token.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < token.i]
    acting_for = {people.kb.state_of(c.text) or people._igo_named(c) for c in modifiers} - {None}
    if len(acting_for) != 1:
        return set()
    words = [t.text for t in token.doc[min(c.i for c in modifiers) : token.i + 1] if t.text not in ("'s", "’s")]
    words = [w for w in words if not people.kb.state_of(w)]
    return {(acting_for.pop(), _title_case(" ".join(words)))}


def is_honorific(token: Token) -> bool:
    return token.lower_ in _HONORIFICS


def person_name(ent: Span) -> str:
    """The name as written, without honorifics or a possessive ending: 'Mr. Nikulin' → 'Nikulin'."""
    tokens = [t for t in ent if t.lower_ not in _HONORIFICS and t.text not in ("'s", "’s")]
    if not tokens:
        return ""
    return ent.doc[tokens[0].i : tokens[-1].i + 1].text.strip()


def title_start(ent: Span) -> int:
    """Where the title before a name begins: 'Armenian Foreign Minister Ararat Mirzoyan' → at 'Armenian'."""
    start, doc, opening = ent.start, ent.doc, ent.sent.start
    while start > opening and (_title_token(doc[start - 1]) or _joins_two_titles(doc, start - 1, opening)):
        start -= 1
    while start < ent.start and doc[start].lower_ in _TITLE_GLUE | {"and"}:  # "… and Chinese President Xi"
        start += 1
    return start


def _joins_two_titles(doc: Doc, at: int, sentence_start: int) -> bool:
    """'Deputy Prime Minister and Finance Minister Ola Brenna': one person's two offices."""
    return (doc[at].lower_ == "and" and at > sentence_start and doc[at + 1].is_title
            and doc[at - 1].is_title and _title_token(doc[at - 1]) and doc[at - 1].lower_ not in _TITLE_GLUE)


def _title_words(ent: Span, start: int) -> list[Token]:
    return [t for t in ent.doc[start : ent.start] if t.lower_ not in _TIME_MODIFIERS]


def apposition(ent: Span, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    """'X, Chairman of the Y,' or 'Armenia's foreign minister, X' → the role and country it gives."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            span = ent.doc[child.left_edge.i : child.right_edge.i + 1]
            if len(span) <= _APPOS_MAX_TOKENS:
                return _role_and_country([t for t in span if not t.is_punct or t.text == "-"], kb)
    if root.dep_ == "appos" and root.head.i < ent.start:
        head = root.head  # "Armenia's foreign minister, X", "a member of the Syrian parliament, X"
        words = [t for t in ent.doc[head.left_edge.i : ent.start] if not t.is_punct and t.pos_ != "DET"]
        if len(words) <= _APPOS_MAX_TOKENS:
            return _role_and_country(words, kb)
    return None, None


def _names_a_thing(ent: Span, kb: KnowledgeBase) -> bool:
    """A lone capitalised word that is no surname: 'the Charter', 'Partnership Charter' (not 'Sheikh X')."""
    before = ent.doc[ent.start - 1] if ent.start else None
    if (before is not None and before.pos_ == "DET") or any(c.pos_ == "DET" for c in ent.root.children):
        return True
    if kb.metonymy is not None and ent.root.lower_ in kb.metonymy.document_nouns:
        return True
    modifiers = [t for t in ent.root.children if t.dep_ == "compound" and t.i < ent.start]
    return any(t.lower_ not in _ADDRESS and t.lower_ not in kb.roles for t in modifiers)


def _title_token(token: Token) -> bool:
    if token.lower_ in _TITLE_GLUE or token.lower_ in _TIME_MODIFIERS:
        return True
    if token.ent_type_ in ("GPE", "NORP"):
        return True
    return token.pos_ in _TITLE_TOKEN_POS and not token.is_punct and token.ent_type_ in ("", "ORG")


def _role_and_country(words: list[Token], kb: KnowledgeBase) -> tuple[str | None, str | None]:
    country, index = None, 0
    if len(words) > 2 and words[0].lower_ in _STATE_NOUNS and words[1].lower_ in ("'s", "’s"):
        country, index = state_named_before(words[0], kb), 2  # "the country's elected president, X"
    for size in (3, 2):  # several words: "New Zealand Prime Minister X", "White House senior adviser X"
        phrase = " ".join(t.text for t in words[:size]) if len(words) > size else ""
        if country is None and kb.state_of(phrase):
            entry = kb.lookup(phrase)
            country = kb.state_of(phrase)
            index = index if entry is not None and entry.kind is NameKind.CAPITAL else size  # a seat is of the title
    first_state = next((at for at, word in enumerate(words) if kb.state_of(word.text)), None)
    if first_state and all(word.pos_ in ("ADJ", "VERB") for word in words[:first_state]):
        index = first_state  # "suspected British militant X", "senior Iranian official X"
    while index < len(words) and (kb.state_of(words[index].text) or words[index].lower_ in ("'s", "’s")):
        country = country or kb.state_of(words[index].text)
        index += 1
    role_words = [t.text for t in words[index:]]
    while role_words and role_words[0].lower() in _TITLE_GLUE:
        role_words.pop(0)
    while role_words and role_words[-1].lower() in _ADDRESS:  # "Prime Minister Sheikh X"
        role_words.pop()
    role = " ".join(role_words).replace(" - ", "-")
    if not role or not _has_role_word(role.lower(), kb):
        return None, country
    return _title_case(role), country or _state_of_body_in(words[index:], kb) or _state_after_of(words[index:], kb)


def _state_after_of(words: list[Token], kb: KnowledgeBase) -> str | None:
    """'Head of the Lima Regional Water Authority': the one state the words after 'of' name."""
    at = next((i for i, w in enumerate(words) if w.lower_ == "of"), None)
    if at is None:
        return None
    states = {kb.state_of(w.text) for w in words[at + 1 :] if w.text[:1].isupper()} - {None}
    return states.pop() if len(states) == 1 else None


def state_named_before(token: Token, kb: KnowledgeBase) -> str | None:
    """The state last named before the token in its sentence or the one before ("military leaders in Niger
    must reinstate the country's president"): what "the country" stands for."""
    doc = token.doc
    sentence_start = token.sent.start
    earliest = doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
    for at in range(token.i - 1, earliest - 1, -1):
        if doc[at].ent_type_ == "GPE" and doc[at].ent_iob_ == "B":
            end = at + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            state = kb.state_of(doc[at:end].text)
            if state:
                return state
    return None


def _state_of_body_in(words: list[Token], kb: KnowledgeBase) -> str | None:
    """'member of the Syrian parliament', 'spokesman for the Iranian foreign ministry': the body's state."""
    for at, word in enumerate(words):
        state = kb.state_of(word.text)
        if state and any(" ".join(w.lower_ for w in words[at + 1 : end]) in kb.bodies
                         for end in range(at + 2, min(len(words), at + 4) + 1)):
            return state
    return None


def _has_role_word(role: str, kb: KnowledgeBase) -> bool:
    words = role.replace("-", " ").split()
    return any(w in kb.roles for w in words) or any(phrase in role for phrase in kb.roles if " " in phrase)


def _title_case(role: str) -> str:
    words = role.split()
    return " ".join(w if (i and w.lower() in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))
