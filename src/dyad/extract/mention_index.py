"""Which actor each token of a sentence names: the index the event roles read parties from.

The longest resolved mention wins at a token; a capital named as a place stands for its state ("will visit
Moscow"), a hyphen pair names both sides ("Israel-Hamas talks"), a person or body unknown by name acts for
the title before it or whom it comes from ("Chinese Foreign Ministry spokeswoman X", "officials from Norway").
The words that decide it are data (data/event_roles.toml), read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc, Token

from dyad.data_files import data_toml
from dyad.knowledge.base import KnowledgeBase
from dyad.records import Mention

_CONJ_DEPTH = 4  # how far down a chain of coordinated heads parties are looked for


@dataclass(frozen=True, slots=True)
class RoleWords:
    """What the words around a trigger say about its parties (data/event_roles.toml)."""

    object_control_verbs: frozenset[str]
    taking_part_prepositions: frozenset[str]
    taking_part_verbs: frozenset[str]
    taking_part_nouns: frozenset[str]
    located_prepositions: frozenset[str]
    from_categories: frozenset[str]
    purpose_target_categories: frozenset[str]
    author_target_categories: frozenset[str]
    purpose_clause_target_categories: frozenset[str]
    about_prepositions: frozenset[str]
    host_verbs: frozenset[str]
    representative_nouns: frozenset[str]
    resident_nouns: frozenset[str]
    place_named_conflicts: frozenset[str]
    participant_verbs: frozenset[str]
    part_nouns: frozenset[str]
    reciprocal_pronouns: frozenset[str]
    tie_nouns: frozenset[str]
    combining_forms: dict[str, str]


@cache
def role_words() -> RoleWords:
    raw = data_toml("event_roles.toml")
    forms = {form.lower(): state for form, state in raw["combining_forms"].items()}
    return RoleWords(
        **{name: frozenset(raw[name]) for name in RoleWords.__dataclass_fields__ if name != "combining_forms"},
        combining_forms=forms,
    )


@dataclass(slots=True)
class MentionIndex:
    """The resolved actor at each token, the longest mention winning."""

    actor_at_token: dict[int, str]
    place_tokens: frozenset[int] = frozenset()  # tokens of a place that stands for its state ("from Beirut")
    # the head of a plural description → the parties it stands for ("the two sides", "both countries":
    # extract/plural_parties.py)
    groups: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # actors_of by head token: the event, relation and stance extractors ask it of the same heads again and
    # again. Its answer reads only the parse (fixed) and this index, whose one changing part is groups
    # (plural_parties adds them as it reads on): add_group empties the memo, and so does a change in the
    # number of groups made behind its back.
    _actors_memo: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _memo_groups: int = field(default=-1, repr=False, compare=False)

    @classmethod
    def build(cls, doc: Doc, mentions: list[Mention], kb: KnowledgeBase | None = None,
              groups: dict[int, tuple[str, ...]] | None = None) -> MentionIndex:
        """With a knowledge base, a capital named as a place stands for its state ('will visit Moscow');
        groups are plural descriptions by their head token and what they stand for."""
        places = [m for m in mentions if m.how_resolved == _LOCATION]
        mentions = [_as_party(m, kb) for m in mentions] if kb is not None else mentions
        best: dict[int, Mention] = {}
        for mention in mentions:
            if mention.actor_id is None:
                continue
            for token in doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand") or []:
                current = best.get(token.i)
                if current is None or current.end_char - current.start_char < mention.end_char - mention.start_char:
                    best[token.i] = mention
        place_tokens = frozenset(
            t.i for m in places for t in doc.char_span(m.start_char, m.end_char, alignment_mode="expand") or []
        )
        return cls({i: m.actor_id for i, m in best.items() if m.actor_id}, place_tokens, groups or {})

    def only_places(self, preposition: Token) -> bool:
        objects = [o for o in preposition.children if o.dep_ == "pobj"]
        return bool(objects) and all(o.i in self.place_tokens for o in objects)

    def add_group(self, head: int, members: tuple[str, ...]) -> None:
        """A plural description found to stand for these parties: an antecedent for what follows."""
        self.groups[head] = members
        self._actors_memo.clear()

    def actors_of(self, head: Token) -> list[str]:
        """Actors a noun phrase names: its head (or its apposition or compound) and its coordinated heads."""
        if self._memo_groups != len(self.groups):
            self._actors_memo.clear()
            self._memo_groups = len(self.groups)
        found = self._actors_memo.get(head.i)
        if found is None:
            found = self._actors_memo[head.i] = self._actors_of(head)
        return list(found)  # a copy: callers extend what they are given

    def _actors_of(self, head: Token) -> list[str]:
        found: list[str] = []
        for token in conjuncts(head):
            group = self._group_of(token)
            if group:  # "the two sides", "both countries' leaders": each actor the phrase stands for
                found += [a for a in group if a not in found]
                continue
            paired = unique([a for t in hyphen_chain(token) if (a := self.named(t))])
            if len(paired) > 1:  # "Israel-Hamas", "Iranian-American", "Armenia-U.S.-EU": each side named
                found += [a for a in paired if a not in found]
                continue
            parts = [token, *(c for c in token.children if c.dep_ in ("appos", "compound", "poss", "amod", "nmod"))]
            # "NATO-led troops", "the Saudi-led coalition": who leads them is whose they are
            parts += [
                m
                for c in parts
                if c.dep_ == "amod" and c.lower_ == "led"
                for m in c.children
                if m.dep_ in ("npadvmod", "compound", "amod")
            ]
            modifiers = sorted(
                (h for part in parts[1:] for m in conjuncts(part) for h in hyphen_chain(m)), key=lambda m: m.i
            )
            named = unique([self.actor_at_token[m.i] for m in modifiers if m.i in self.actor_at_token])
            if len(named) > 1:  # "Thai and Cambodian troops": each state its modifiers name
                found += [a for a in named if a not in found]
                continue
            actor = next((self.actor_at_token[t.i] for t in parts if t.i in self.actor_at_token), None)
            behind = self._behind(token) if token.pos_ in ("NOUN", "PROPN") else []
            # "officials from Norway and Sweden", the first coded as an agent ('Norwegian officials'): the
            # others they come from are named still
            found += [a for a in ([actor, *behind[1:]] if actor else behind) if a and a not in found]
        return found

    def is_group(self, actors: list[str]) -> bool:
        """Whether these actors are all of one plural description's group ('the two sides')."""
        return len(actors) > 1 and any(set(actors) == set(group) for group in self.groups.values())

    def _group_of(self, token: Token) -> tuple[str, ...]:
        if token.i in self.groups:
            return self.groups[token.i]
        owner = next((c for c in token.children if c.dep_ == "poss" and c.i in self.groups), None)
        return self.groups[owner.i] if owner is not None and token.i not in self.actor_at_token else ()

    def named(self, token: Token) -> str | None:
        """The actor at a token; a combining form joined by a hyphen names its state ('the Russo-Georgian war')."""
        actor = self.actor_at_token.get(token.i)
        if actor is None and token.i + 1 < len(token.doc) and token.doc[token.i + 1].tag_ == "HYPH":
            actor = role_words().combining_forms.get(token.lower_)
        return actor

    def _behind(self, token: Token) -> list[str]:
        """Who a person or body unknown by name acts for: the title before the name ('Chinese Foreign Ministry
        spokeswoman Mao Ning'), or whom they come from ('a delegation from Venezuela's regime', 'officials of
        Norway')."""
        titles = [
            t
            for t in token.subtree
            if t.i < token.i and t.dep_ in ("compound", "amod", "nmod") and _hops(t, token) <= 3
        ]
        named = [self.actor_at_token[t.i] for t in titles if t.i in self.actor_at_token]
        if named:
            return named[:1]
        lemma = token.lemma_.lower()
        words = role_words()
        if lemma not in words.representative_nouns and lemma not in words.resident_nouns:
            return []  # "supporters of Ben Bella" are not Ben Bella
        # "from" only for who acts ("officials from Norway will meet"): "withdrew forces from Panama" is movement;
        # "in" for who acts where they belong ("rebels in the Ivory Coast dismissed"), not for troops
        acting = token.dep_ in ("nsubj", "nsubjpass")
        origins = ("from", "of") if acting else ("of",)
        origins += ("in",) if acting and lemma in words.resident_nouns else ()
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in origins:
                inner = next((o for o in prep.children if o.dep_ == "pobj"), None)
                if inner is not None:
                    return [a for t in conjuncts(inner) for a in self._named_or_owned(t)]
        return []

    def _named_or_owned(self, token: Token) -> list[str]:
        if token.i in self.actor_at_token:
            return [self.actor_at_token[token.i]]
        return [self.actor_at_token[c.i] for c in token.children if c.dep_ == "poss" and c.i in self.actor_at_token]


def _hops(token: Token, ancestor: Token) -> int:
    hops = 0
    while token.i != ancestor.i and token.head.i != token.i:
        token, hops = token.head, hops + 1
    return hops


def hyphen_chain(token: Token) -> list[Token]:
    """A word and those joined to it by hyphens before it: 'Israel-Hamas', 'Armenia-U.S.-EU'."""
    doc, chain, at = token.doc, [token], token.i
    while (
        at >= 2
        and doc[at - 1].tag_ == "HYPH"
        and doc[at - 2].dep_ in _JOINED
        and doc[at - 2].head.i in {t.i for t in chain}
    ):
        chain.append(doc[at - 2])
        at -= 2
    return sorted(chain, key=lambda t: t.i)


_JOINED = frozenset({"compound", "amod", "nmod", "npadvmod"})


DASHES = frozenset({"—", "–", "--", "-"})


def conjuncts(head: Token) -> list[Token]:
    found, frontier = [head], [head]
    for _ in range(_CONJ_DEPTH):
        frontier = [c for t in frontier for c in t.children if c.dep_ == "conj"]
        found += frontier
    return found


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


_LOCATION = "knowledge_base:location"


def _as_party(mention: Mention, kb: KnowledgeBase) -> Mention:
    if mention.how_resolved != _LOCATION:
        return mention
    entry = kb.lookup(mention.surface)
    return replace(mention, actor_id=entry.actor_id) if entry is not None else mention
