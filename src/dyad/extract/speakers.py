"""Who is speaking: the subject of a speech cue, resolved to an actor.

A named subject resolves through the article's actor mentions ("Lavrov said", "Russia warned"). A relative
pronoun resolves to the noun it hangs on ("Overchuk, who warned"). A pronoun or a description ("she", "the
Russian minister") is what the coreference step resolved it to, or unattributed with its reason. A cue whose
subject is missing (text extraction lost the name) is left pending; the quotations module may resolve it from
a name given later, and a pronoun after it waits for that name too.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from dyad.extract.coreference import COREFERENCE
from dyad.knowledge.base import KnowledgeBase, strip_article
from dyad.records import ActorFact, Mention

_RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
_SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
_ORGANISATION_PRONOUNS = {"it", "its"}
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
    quoting_verbs: frozenset[str]
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

    def sentence_at(self, char: int) -> Span:
        return list(self.doc.sents)[self.sentence_of(char)]

    def person_subject(self, sentence: Span) -> Speaker | None:
        """The person a sentence is about: its main verb's subject, when that is a person (or a name)."""
        subject = subject_of(sentence.root)
        if subject is None:
            return None
        coreferent = self._coreferent(subject)
        speaker = self._through_coreference(coreferent, subject) if coreferent is not None else self._named(subject)
        if speaker is None and _proper_name(subject) and subject.i not in self._by_token:
            speaker = self._resolve(subject, sentence.root)
        if speaker is None or not (speaker.actor_id in self.people or speaker.reason == "name_not_an_actor"):
            return None
        return speaker

    def for_cue(self, cue: Token, rules: SpeakerRules) -> Speaker:
        """The speaker of a cue verb, remembered so later pronouns can refer back to it."""
        subject = _inverted_subject(cue) or subject_of(cue, rules.verbs, rules.quoting_verbs)
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
        member = (speaker.attribution == "named" and subject.i not in self._by_token
                  and speaker.actor_id not in self.people and _human(subject, rules))
        if not member:
            return speaker
        return Speaker(None, " ".join(t.text for t in subject.subtree), "unnamed", 0.0, "unnamed_member",
                       subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))

    def _resolve(self, subject: Token, cue: Token) -> Speaker:
        if subject.lower_ in _RELATIVE_PRONOUNS and cue.dep_ == "relcl":
            subject = cue.head
            named = self._named(subject)
            if named is not None:
                return _with(named, "relative_pronoun", 0.9)
        coreferent = self._coreferent(subject)
        if coreferent is not None:
            return self._through_coreference(coreferent, subject)
        if subject.pos_ == "PRON":
            return self._pronoun(subject)
        named = self._named(subject)
        if named is not None:
            return named
        if self._is_description(subject):
            return self._description(subject)
        text = " ".join(t.text for t in subject.subtree)
        if _proper_name(subject):  # "Pandor said" where the entity recogniser missed the name: named, no actor
            return Speaker(None, text, "named", 0.0, "name_not_an_actor", subject.left_edge.idx,
                           subject.right_edge.idx + len(subject.right_edge))
        return Speaker(None, text, "unnamed", 0.0, "speaker_not_an_actor", subject.left_edge.idx,
                       subject.right_edge.idx + len(subject.right_edge))

    def _named(self, token: Token) -> Speaker | None:
        """The actor mentioned at the subject, in its apposition or among its compounds."""
        candidates = [token, *(c for c in token.children if c.dep_ in ("appos", "compound", "flat")
                               and _same_line(c, token))]
        mentions = [self._by_token[t.i] for t in candidates if t.i in self._by_token]
        resolved = [m for m in mentions if m.actor_id]
        people = [m for m in resolved if m.actor_id in self.people]
        chosen = (people or resolved or [None])[0]
        if chosen is None:
            return None
        return Speaker(chosen.actor_id, self._name(chosen.actor_id, chosen.surface), "named", 0.95, None,
                       chosen.start_char, chosen.end_char)

    def _coreferent(self, subject: Token) -> Mention | None:
        """The coreference mention at the subject ('she', 'the Russian minister'), if the step made one."""
        mention = self._by_token.get(subject.i)
        return mention if mention is not None and mention.how_resolved.startswith(COREFERENCE) else None

    def _through_coreference(self, mention: Mention, subject: Token) -> Speaker:
        attribution = "pronoun" if subject.pos_ == "PRON" else "description"
        if attribution == "pronoun" and self._lost_speaker_since(mention):
            return Speaker(None, subject.text, "missing", 0.0, "antecedent_missing")
        if mention.actor_id is None:
            reason = mention.how_resolved.rsplit(":", 1)[-1]
            named = self._appositive_name(subject)
            if named is not None:
                return named
            return Speaker(None, strip_article(mention.surface), attribution, 0.0, reason, mention.start_char,
                           mention.end_char)
        return Speaker(mention.actor_id, self._name(mention.actor_id, mention.surface), attribution,
                       0.7 if attribution == "pronoun" else 0.75, None, mention.start_char, mention.end_char)

    def _appositive_name(self, subject: Token) -> Speaker | None:
        """'Labor's spokesperson, Penny Wong, said' where the name is no known actor: named, without an id."""
        name = next((c for c in subject.children if c.dep_ == "appos" and _proper_name(c)), None)
        if name is None:
            return None
        return Speaker(None, " ".join(t.text for t in name.subtree), "named", 0.0, "name_not_an_actor",
                       name.left_edge.idx, name.right_edge.idx + len(name.right_edge))

    def _lost_speaker_since(self, mention: Mention) -> bool:
        """A cue whose subject text extraction lost came after the pronoun's antecedent: 'he' may be that
        speaker, so it is left for the name given later."""
        here = self.sentence_of(mention.start_char)
        antecedent = (self.sentence_of(mention.antecedent_start) if mention.antecedent_start is not None
                      else here - _PRONOUN_REACH)
        return any(s.pending and antecedent < sentence <= here for sentence, s in self.history)

    def _pronoun(self, pronoun: Token) -> Speaker:
        """A pronoun the coreference step left alone: 'they', 'we', or one inside a quotation."""
        here = self.sentence_of(pronoun.idx)
        if pronoun.lower_ not in _SINGULAR_PRONOUNS:
            group = self._recent(here, lambda s: s.attribution == "unnamed")
            if group is not None:  # "Some critics argue … They suggest …"
                return Speaker(None, group.name, "pronoun", 0.0, group.reason, pronoun.idx, pronoun.idx + len(pronoun))
            return Speaker(None, pronoun.text, "pronoun", 0.0, "plural_or_unclear_pronoun", pronoun.idx,
                           pronoun.idx + len(pronoun))
        return Speaker(None, pronoun.text, "pronoun", 0.0, "no_antecedent", pronoun.idx, pronoun.idx + len(pronoun))

    def _is_description(self, subject: Token) -> bool:
        phrase = " ".join(t.lower_ for t in subject.subtree if t.dep_ in ("compound", "amod") or t == subject)
        return subject.lower_ in self.kb.roles or any(role in phrase for role in self.kb.roles if " " in role)

    def _description(self, subject: Token) -> Speaker:
        """A description the coreference step did not resolve ('a senior minister'): unnamed."""
        words = [t for t in subject.subtree if t.i <= subject.i]
        return Speaker(None, " ".join(t.text for t in words if t.pos_ != "DET"), "description", 0.0,
                       "indefinite_description", words[0].idx, subject.idx + len(subject))

    def _recent(self, here: int, wanted: Callable[[Speaker], bool]) -> Speaker | None:
        for sentence, speaker in reversed(self.history):
            if here - sentence > _PRONOUN_REACH:
                return None
            if wanted(speaker):
                return speaker
        return None

    def _name(self, actor_id: str, surface: str | None) -> str | None:
        """A person by their full name; a state or body as the article names it ('the Kremlin', 'the White
        House', 'the regional bloc' speak for their actor, but are not its name), a pronoun by the actor's."""
        person = self.people.get(actor_id)
        if person is not None:
            return person.name
        known = self.kb.actors.get(actor_id)
        if surface and not (len(surface.split()) == 1 and surface.lower() in _ORGANISATION_PRONOUNS):
            return strip_article(surface)
        return known.name if known else surface


def subject_of(verb: Token, speech_verbs: frozenset[str] = frozenset(),
               quoting_verbs: frozenset[str] = frozenset()) -> Token | None:
    """The verb's subject; shared across 'X saluted … and said'; for '…, adding that' the subject of the
    reporting verb above it ('Pashinyan said that they are …, adding that'); for 'the agency quoted X as
    saying' the one quoted."""
    quoted = _quoted_as_saying(verb, quoting_verbs)
    if quoted is not None:
        return quoted
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head, speech_verbs)
    non_finite = verb.tag_ in ("VB", "VBG") and verb.dep_ in ("xcomp", "advcl", "acl", "pcomp")
    if non_finite:  # "…, adding that", "went as far as to label": the subject of the verb it depends on
        verbs = [t for t in verb.ancestors if t.pos_ in ("VERB", "AUX")]
        governing = next((t for t in verbs if t.lemma_.lower() in speech_verbs), verbs[0] if verbs else None)
        return subject_of(governing, speech_verbs) if governing is not None else None
    return None


def _same_line(a: Token, b: Token) -> bool:
    """A caption's name the parser joined to the next paragraph's subject is not that subject's name."""
    first, last = sorted((a, b), key=lambda t: t.i)
    # The text from the first token to the second (Doc.text would join the whole article's tokens each call).
    return "\n" not in first.doc[first.i : last.i].text_with_ws


def _proper_name(subject: Token) -> bool:
    """A subject that is a name and nothing else ('Pandor', 'Sheikh Mohammed')."""
    words = list(subject.subtree)
    return subject.pos_ == "PROPN" and all(t.pos_ == "PROPN" or t.dep_ in ("compound", "flat", "punct")
                                           for t in words) and len(words) <= 4 and subject.text[:1].isupper()


def _inverted_subject(verb: Token) -> Token | None:
    """'“…,” assured Mr. Stoltenberg': after a closing quotation mark the parser may take the speaker for
    the object of the verb (and a word of the quotation for its subject)."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is None or before.tag_ != "''":
        return None
    return next((c for c in verb.rights if c.dep_ in ("dobj", "attr") and c.pos_ == "PROPN"), None)


def _quoted_as_saying(verb: Token, quoting_verbs: frozenset[str]) -> Token | None:
    if verb.dep_ != "pcomp" or verb.head.lower_ != "as" or verb.head.head.lemma_.lower() not in quoting_verbs:
        return None
    return next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)


def _with(speaker: Speaker, attribution: str, confidence: float) -> Speaker:
    return Speaker(speaker.actor_id, speaker.name, attribution, confidence, speaker.reason, speaker.start,
                   speaker.end)
