"""Who is speaking: the subject of a speech cue, resolved to an actor.

A named subject resolves through the article's actor mentions ("Lavrov said", "Russia warned"). A relative
pronoun resolves to the noun it hangs on ("Overchuk, who warned"). A pronoun resolves to the last speaker,
or failing that to the nearest person named just before. A description resolves to the last person
mentioned whose role or country fits it ("the Russian minister"). A cue whose subject is missing (text
extraction lost the name) is left pending; the quotations module may resolve it from a name given later.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Token

from dyad.knowledge.base import KnowledgeBase
from dyad.records import ActorFact, Mention

_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
_PRONOUN_REACH = 3  # sentences back to look for a pronoun's antecedent


@dataclass(frozen=True, slots=True)
class Speaker:
    actor_id: str | None
    name: str | None
    attribution: str  # named | relative_pronoun | pronoun | description | unnamed | missing | not_speech
    confidence: float
    reason: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def pending(self) -> bool:
        return self.attribution == "missing"


MISSING = Speaker(None, None, "missing", 0.0, "subject_missing")
NOT_SPEECH = Speaker(None, None, "not_speech", 0.0, "subject_does_not_speak")


class SpeakerRules(Protocol):
    verbs: frozenset[str]
    unnamed_speakers: frozenset[str]
    non_speakers: frozenset[str]


def _human(subject: Token, rules: SpeakerRules) -> bool:
    return subject.lemma_.lower() in rules.unnamed_speakers or subject.lower_ in rules.unnamed_speakers


@dataclass(slots=True)
class SpeakerResolver:
    doc: Doc
    mentions: list[Mention]
    people: dict[str, ActorFact]
    kb: KnowledgeBase
    sentence_starts: list[int] = field(default_factory=list)
    history: list[tuple[int, Speaker]] = field(default_factory=list)  # (sentence index, speaker) in order
    _by_token: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sentence_starts = [sent.start_char for sent in self.doc.sents]
        for mention in self.mentions:
            for token in self.doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand") or []:
                current = self._by_token.get(token.i)
                if current is None or current.end_char - current.start_char < mention.end_char - mention.start_char:
                    self._by_token[token.i] = mention

    def sentence_of(self, char: int) -> int:
        return bisect.bisect_right(self.sentence_starts, char) - 1

    def for_cue(self, cue: Token, rules: SpeakerRules) -> Speaker:
        """The speaker of a cue verb, remembered so later pronouns can refer back to it."""
        subject = subject_of(cue, rules.verbs)
        if subject is not None and subject.lower_ in rules.non_speakers:
            return NOT_SPEECH
        speaker = MISSING if subject is None else self._member_or(self._resolve(subject, cue), subject, rules)
        if speaker.attribution == "unnamed" and subject is not None and not _human(subject, rules):
            return NOT_SPEECH
        self.history.append((self.sentence_of(cue.idx), speaker))
        return speaker

    def for_source(self, source: Token, rules: SpeakerRules) -> Speaker:
        """The object of 'according to'."""
        speaker = self._member_or(self._resolve(source, source), source, rules)
        self.history.append((self.sentence_of(source.idx), speaker))
        return speaker

    def _member_or(self, speaker: Speaker, subject: Token, rules: SpeakerRules) -> Speaker:
        """'a senior Hamas official', 'a Kremlin source': someone of the actor its words name, not the actor
        itself nor a known person — unnamed, never a confident guess."""
        member = (
            speaker.attribution == "named"
            and subject.i not in self._by_token
            and speaker.actor_id not in self.people
            and _human(subject, rules)
        )
        if not member:
            return speaker
        return Speaker(
            None,
            " ".join(t.text for t in subject.subtree),
            "unnamed",
            0.0,
            "unnamed_member",
            subject.left_edge.idx,
            subject.right_edge.idx + len(subject.right_edge),
        )

    def _resolve(self, subject: Token, cue: Token) -> Speaker:
        if subject.lower_ in _RELATIVE_PRONOUNS and cue.dep_ == "relcl":
            subject = cue.head
            named = self._named(subject)
            if named is not None:
                return _with(named, "relative_pronoun", 0.9)
        if subject.pos_ == "PRON":
            return self._pronoun(subject)
        named = self._named(subject)
        if named is not None:
            return named
        if self._is_description(subject):
            return self._description(subject)
        text = " ".join(t.text for t in subject.subtree)
        return Speaker(
            None,
            text,
            "unnamed",
            0.0,
            "speaker_not_an_actor",
            subject.left_edge.idx,
            subject.right_edge.idx + len(subject.right_edge),
        )

    def _named(self, token: Token) -> Speaker | None:
        """The actor mentioned at the subject, in its apposition or among its compounds."""
        candidates = [token, *(c for c in token.children if c.dep_ in ("appos", "compound", "flat"))]
        mentions = [self._by_token[t.i] for t in candidates if t.i in self._by_token]
        resolved = [m for m in mentions if m.actor_id]
        people = [m for m in resolved if m.actor_id in self.people]
        chosen = (people or resolved or [None])[0]
        if chosen is None:
            return None
        return Speaker(
            chosen.actor_id,
            self._name(chosen.actor_id, chosen.surface),
            "named",
            0.95,
            None,
            chosen.start_char,
            chosen.end_char,
        )

    def _pronoun(self, pronoun: Token) -> Speaker:
        here = self.sentence_of(pronoun.idx)
        if pronoun.lower_ not in _SINGULAR_PRONOUNS:
            group = self._recent(here, lambda s: s.attribution == "unnamed")
            if group is not None:  # "Some critics argue … They suggest …"
                return Speaker(None, group.name, "pronoun", 0.0, group.reason, pronoun.idx, pronoun.idx + len(pronoun))
            return Speaker(
                None, pronoun.text, "pronoun", 0.0, "plural_or_unclear_pronoun", pronoun.idx, pronoun.idx + len(pronoun)
            )
        for sentence, speaker in reversed(self.history):
            if here - sentence > _PRONOUN_REACH:
                break
            if speaker.pending:
                return Speaker(None, pronoun.text, "missing", 0.0, "antecedent_missing")
            if speaker.actor_id in self.people:
                return _with(speaker, "pronoun", 0.7)
        person = self._last_person_before(pronoun.idx, here - 1)
        if person is not None:
            return Speaker(person, self._name(person, None), "pronoun", 0.6)
        return Speaker(None, pronoun.text, "pronoun", 0.0, "no_antecedent", pronoun.idx, pronoun.idx + len(pronoun))

    def _is_description(self, subject: Token) -> bool:
        phrase = " ".join(t.lower_ for t in subject.subtree if t.dep_ in ("compound", "amod") or t == subject)
        return subject.lower_ in self.kb.roles or any(role in phrase for role in self.kb.roles if " " in role)

    def _description(self, subject: Token) -> Speaker:
        """'The Russian minister', 'the Armenian Foreign Minister': the last person whose role or country fits."""
        words = [t for t in subject.subtree if t.i <= subject.i and t.pos_ != "DET"]
        country = next((self.kb.state_of(t.text) for t in words if self.kb.state_of(t.text)), None)
        role_words = {t.lower_ for t in words if not self.kb.state_of(t.text)}
        best, best_score = None, 0
        for mention in reversed([m for m in self.mentions if m.start_char < subject.idx]):
            person = self.people.get(mention.actor_id or "")
            if person is None:
                continue
            score = _description_score(person, country, role_words)
            if score > best_score:
                best, best_score = person, score
        if best is not None:
            return Speaker(best.actor_id, best.name, "description", 0.75)
        recent = self._recent_person_speaker(self.sentence_of(subject.idx))
        if recent is not None:  # "The Russian analyst also noted …" right after that analyst spoke
            return _with(recent, "description", 0.6)
        return Speaker(None, " ".join(t.text for t in words), "description", 0.0, "no_matching_person")

    def _recent_person_speaker(self, here: int) -> Speaker | None:
        return self._recent(here, lambda s: s.actor_id in self.people)

    def _recent(self, here: int, wanted: Callable[[Speaker], bool]) -> Speaker | None:
        for sentence, speaker in reversed(self.history):
            if here - sentence > _PRONOUN_REACH:
                return None
            if wanted(speaker):
                return speaker
        return None

    def _last_person_before(self, char: int, earliest_sentence: int) -> str | None:
        for mention in reversed(self.mentions):
            if mention.start_char >= char or mention.actor_id not in self.people:
                continue
            if self.sentence_of(mention.start_char) < earliest_sentence:
                return None
            return mention.actor_id
        return None

    def _name(self, actor_id: str, surface: str | None) -> str | None:
        person = self.people.get(actor_id)
        if person is not None:
            return person.name
        known = self.kb.actors.get(actor_id)
        return known.name if known else surface


def subject_of(verb: Token, speech_verbs: frozenset[str] = frozenset()) -> Token | None:
    """The verb's subject; shared across 'X saluted … and said'; for '…, adding that' the subject of the
    reporting verb above it ('Pashinyan said that they are …, adding that')."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, speech_verbs)
    non_finite = verb.tag_ in ("VB", "VBG") and verb.dep_ in ("xcomp", "advcl", "acl", "pcomp")
    if non_finite:  # "…, adding that", "went so far as to call": the subject of the verb it depends on
        verbs = [t for t in verb.ancestors if t.pos_ in ("VERB", "AUX")]
        governing = next((t for t in verbs if t.lemma_.lower() in speech_verbs), verbs[0] if verbs else None)
        return subject_of(governing, speech_verbs) if governing is not None else None
    return None


def _description_score(person: ActorFact, country: str | None, role_words: set[str]) -> int:
    if country is not None and person.country is not None and person.country != country:
        return 0
    roles = " ".join(person.roles).lower()
    role_hits = sum(1 for word in role_words if word in roles)
    return role_hits * 2 + (1 if country is not None and person.country == country else 0)


def _with(speaker: Speaker, attribution: str, confidence: float) -> Speaker:
    return Speaker(speaker.actor_id, speaker.name, attribution, confidence, speaker.reason, speaker.start, speaker.end)
