"""The one per-article context every extractor reads, built once (as spaCy components share one Doc).

An extractor takes an ArticleContext (and, when it builds on another extractor's output, that output) and
returns its records; a new extractor therefore needs no new plumbing in extract/__init__.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from dyad.knowledge.base import KnowledgeBase
from dyad.records import ActorFact, Article, Mention

if TYPE_CHECKING:  # events.py reads this context, so the index type is imported for annotations only
    from dyad.extract.mention_index import MentionIndex


@dataclass(frozen=True, slots=True)
class ArticleContext:
    article: Article
    doc: Doc
    kb: KnowledgeBase
    mentions: list[Mention]  # every actor mention, coreference included, by span
    actors: dict[str, ActorFact]  # what the article says of each actor, by actor id
    index: MentionIndex  # the party at each token: a capital named as a place stands for its state
    named_index: MentionIndex  # the actor at each token as the text names it (a capital stays a place)
    reference: date | None  # the publication date, or else the latest date the article writes out

    @property
    def people(self) -> dict[str, ActorFact]:
        return {actor_id: fact for actor_id, fact in self.actors.items() if fact.kind == "person"}

    @property
    def outlet(self) -> str | None:
        return next((fact.actor_id for fact in self.actors.values() if fact.kind == "outlet"), None)

    @property
    def parties(self) -> dict[str, str | None]:
        """An actor → the party it stands for: a person or body its state, a place none, a state itself."""
        return {fact.actor_id: fact.country if fact.kind in ("person", "institution")
                else None if fact.kind == "place" else fact.actor_id for fact in self.actors.values()}

    @property
    def names(self) -> dict[str, str]:
        return {fact.actor_id: fact.name for fact in self.actors.values()}
