"""The records that flow between stages: what a reader yields, what cleaning makes, what is stored.

Every per-document stage returns these plain dataclasses, so the same code runs in-process and on Spark.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def content_hash(data: bytes) -> str:
    """Deterministic id for a piece of content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as a reader found it: bytes plus where they came from."""

    source: str
    content: bytes
    content_type: str  # text | html | unknown (sniffed later)
    meta: dict[str, Any] = field(default_factory=dict)  # manifest / JSONL / WARC fields
    url: str | None = None

    @property
    def doc_id(self) -> str:
        return content_hash(self.content)


@dataclass(frozen=True, slots=True)
class Quarantine:
    """Input that could not be taken further, with the stage that gave up and why."""

    source: str
    stage: str  # ingest | decode | clean | parse | store
    reason: str  # a stable code, see dyad.errors.REASONS
    detail: str = ""

    @property
    def quarantine_id(self) -> str:
        return content_hash(f"{self.source}\x00{self.stage}\x00{self.reason}".encode())


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A stretch of the input that cleaning took out, with the rule that took it."""

    start: int  # offsets into the decoded input text
    end: int
    reason: str
    text: str


@dataclass(slots=True)
class Article:
    """A cleaned article: the body every later offset points into, and its metadata."""

    doc_id: str
    source: str
    body: str
    content_type: str
    encoding: str
    raw_sha256: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: str | None = None  # manifest | record | html | text
    language: str | None = None
    language_score: float | None = None
    removed_spans: list[RemovedSpan] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def body_sha256(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Sentence:
    doc_id: str
    index: int
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the body that names an actor (actor_id None: unresolved, with the reason in how_resolved)."""

    doc_id: str
    start_char: int
    end_char: int
    surface: str
    actor_id: str | None
    how_resolved: str
    antecedent_start: int | None = None  # for coreference: the span of the phrase it points back to
    antecedent_end: int | None = None


@dataclass(frozen=True, slots=True)
class ActorFact:
    """What one article says of an actor; the store merges these across articles into one actors row."""

    actor_id: str
    kind: str
    name: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None  # CAMEO's sector in this article (a person's depends on the date): not stored


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a speaker said: a direct quotation, reported speech, or reported speech with quoted words.

    speaker_id None means no speaker could be told with confidence; `reason` says why.
    """

    doc_id: str
    start_char: int
    end_char: int
    text: str
    kind: str  # direct | indirect | mixed
    speaker_id: str | None
    speaker_name: str | None
    cue: str | None  # the cue verb's lemma, "according to", ":" or "continuation"
    confidence: float
    attribution: str  # named | relative_pronoun | pronoun | description | continuation | named_later | none
    reason: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None

    @property
    def quote_id(self) -> str:
        return content_hash(f"{self.doc_id}:{self.start_char}:{self.end_char}".encode())


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when: one mention of an event, with the sentence it rests on."""

    doc_id: str
    start_char: int  # the sentence
    end_char: int
    plover_type: str
    mode: str | None
    source_id: str | None
    target_id: str | None
    event_date: date | None
    date_end: date | None
    date_precision: str | None  # day | month | year | range
    date_text: str | None
    modality: str  # past | announced | hypothetical | historical | negated
    summary: str
    confidence: float
    trigger: str
    trigger_start: int
    trigger_end: int
    vector: tuple[float, ...] = ()  # the sentence's word vectors, for clustering reports of one event
    quantities: tuple[str, ...] = ()  # 'unit|value|text' for each number the event's phrase gives
    # Each party as a state (ISO alpha-3) and a CAMEO sector: "Iranian protesters" → IRN, OPP.
    source_state: str | None = None
    source_sector: str | None = None
    target_state: str | None = None
    target_sector: str | None = None

    @property
    def event_id(self) -> str:
        # one trigger may be several events, one per pair of parties ("A, B and C held talks")
        return content_hash(f"{self.doc_id}:{self.trigger_start}:{self.plover_type}:{self.source_id}:"
                            f"{self.target_id}".encode())


@dataclass(frozen=True, slots=True)
class Relation:
    """A standing tie stated by one sentence: a is a member/ally/partner/… of b (data/relations.toml)."""

    a_id: str
    b_id: str
    type: str  # member | ally | partner | observer | applicant
    status: str  # active | suspended | ended | planned
    valid_from: date | None  # a date the sentence gives
    valid_to: date | None
    doc_id: str
    start_char: int
    end_char: int
    observed_on: date | None  # when the article says it (publication date, or the article's latest date)
    cue: str
    dated_by: str = "article"  # sentence (valid_from) | article (present tense: observed_on) | undated
    valid_from_precision: str | None = None  # year | month | day | range: how much of valid_from the text gives


@dataclass(frozen=True, slots=True)
class Commitment:
    """An undertaking announced with an agreement; status pending until a later report settles it."""

    agreement: str
    who_id: str
    what: str
    to_whom_id: str | None
    due_text: str | None
    due_date: date | None
    status: str  # pending | kept | broken | unknown
    evidence_doc_id: str
    evidence_start: int
    evidence_end: int
    event_id: str

    @property
    def commitment_id(self) -> str:
        return content_hash(f"{self.evidence_doc_id}:{self.event_id}".encode())


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """A claim one article makes, and how this article stands to it (supports, contradicts, differs)."""

    kind: str  # event | commitment | internal_error
    text: str
    doc_id: str
    relation: str
    start_char: int
    end_char: int
    detail: str | None = None

    @property
    def claim_id(self) -> str:
        return content_hash(f"{self.kind}:{self.doc_id}:{self.start_char}:{self.end_char}".encode())


@dataclass(frozen=True, slots=True)
class Stance:
    """One sentence's evidence of how a holder (a speaker or the outlet) judges a target."""

    holder_id: str
    target: str
    polarity: str  # positive | negative | mixed
    doc_id: str
    start_char: int
    end_char: int
    cues: tuple[str, ...]  # the evaluative words, "not …" where a negator turned one around


@dataclass(slots=True)
class DocumentRecords:
    """Everything the per-document stages produced for one article."""

    article: Article
    parsed: bool
    n_words: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[ActorFact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    claims: list[ClaimRecord] = field(default_factory=list)  # what one article shows alone (internal errors)
    stances: list[Stance] = field(default_factory=list)
    notes: list[Quarantine] = field(default_factory=list)  # partial failures (e.g. not English)
