"""What a verb or noun codes as, in PLOVER: Dyad's own lexicon (data/plover.toml) and CAMEO's verb patterns.

A verb's code is decided by its clause: a light verb ("launch", "carry out", "hold", "stage", "impose")
takes the category of its object when that is an event noun ("launched airstrikes", "imposed tariffs");
else the verb's own entry in plover.toml (Dyad's reading of PLOVER, which wins where CAMEO's older coding
differs: "signed an agreement" is AGREE); else the most specific CAMEO pattern its object and preposition
match ("cut ties", "storm the embassy", "hold talks"; a pattern coded `none` says the phrase is no event:
"fight corruption"); else CAMEO's default for the verb, when CAMEO gives the verb a code of its own (a
block's default code is not taken for every verb of the block: "hit", "match", "pit" are ASSAULT there, and
on the PLOVER gold sentences fewer than a third of the events it added were right).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from dyad.data_cache import disk_cached
from dyad.data_files import data_text, data_toml
from dyad.extract.tokens import ArticleTokens

Code = tuple[str, str | None]  # (PLOVER category, mode)
PROMISED: Code = ("AGREE", None)
THREATENED: Code = ("THREATEN", None)
REFUSED: Code = ("REJECT", None)
NO_EVENT = "none"
# A CAMEO pattern decides only when it matches an object, or a preposition with its object: a bare
# preposition ("* (TO)") matches too much of what a verb of the block may mean.
_SPECIFIC = 3
# Inflections of English verbs and the base form's ending they replace, tried in order: staged → stage,
# planned → plan (a doubled consonant), carried → carry, clashes → clash.
_INFLECTIONS = (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""),
                ("ing", ""), ("ing", "e"))


@dataclass(frozen=True, slots=True)
class Pattern:
    """A CAMEO verb pattern: what must follow the verb, and what the phrase codes as."""

    particle: str
    objects: frozenset[str]
    prepositions: frozenset[str]
    prep_objects: frozenset[str]
    code: Code
    written_for: str = ""  # the one verb of its block it holds for ("order"); empty: every verb of the block

    def specificity(self, particles: set[str], objects: set[str], preps: dict[str, set[str]]) -> int:
        """How much of the pattern the clause matches; 0 when any part of it is missing."""
        score = 1
        if self.particle:
            if self.particle not in particles:
                return 0
            score += 1
        if self.objects:
            if not self.objects & objects:
                return 0
            score += 2
        if self.prepositions:
            heads = set().union(*(preps[p] for p in self.prepositions if p in preps))
            if not self.prepositions & preps.keys() or (self.prep_objects and not self.prep_objects & heads):
                return 0
            score += 1 + bool(self.prep_objects)
        return score


@dataclass(frozen=True, slots=True)
class EventRules:
    verbs: dict[str, Code]
    nouns: dict[str, Code]
    target_prepositions: frozenset[str]
    future_auxiliaries: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    negating_verbs: frozenset[str]
    attempt_verbs: frozenset[str]
    obligation_auxiliaries: frozenset[str]
    historical_days: int
    not_with_object: dict[str, frozenset[str]]
    only_with: dict[str, frozenset[str]]
    located_target_categories: frozenset[str]
    light_verbs: frozenset[str]
    verb_objects: dict[str, dict[str, Code]]  # verb → object word → the code the verb has with that object
    measure_nouns: frozenset[str]  # "tons of aid": the object is what follows "of"
    noun_objects: dict[str, dict[str, Code]]  # event noun → what it is of → its code ("suspension of aid")
    light_objects: dict[str, Code]  # nouns that are events only as a light verb's object
    reciprocal_categories: frozenset[str]
    content_categories: frozenset[str]
    intent_verbs: frozenset[str]
    intent_adjectives: frozenset[str]
    promise_categories: frozenset[str]  # what a party says it will do, coded AGREE ("will send aid")
    threat_categories: frozenset[str]  # ... coded THREATEN ("will impose sanctions")
    refusal_verbs: frozenset[str]  # "declined to resign": REJECT
    persuasion_verbs: frozenset[str]  # "to convince parliament to amend …": what is sought is no event
    cameo_defaults: dict[tuple[str, str], Code]  # (verb, particle) → its own CAMEO code
    # verb → object head or preposition → the patterns of the verb's blocks that need it
    cameo_patterns: dict[str, dict[str, tuple[Pattern, ...]]]
    known_verbs: frozenset[str] = frozenset()  # every verb any of the above can code

    def verb_code(self, verb: Token) -> Code | None:
        """The verb's PLOVER code in its clause, or None when it reports no event; worked out once per verb
        and article (events, roles, clauses and appraisals all ask it of the same verbs)."""
        memo = ArticleTokens.of(verb.doc).memo
        key = ("verb_code", id(self), verb.i)
        if key in memo:
            return memo[key]
        found = memo[key] = self._verb_code(verb)
        return found

    def _verb_code(self, verb: Token) -> Code | None:
        lemma = self.verb_lemma(verb)
        if lemma is None:
            return None
        particles, objects, preps = _clause_words(verb, self.measure_nouns)
        if lemma in self.light_verbs:
            noun = next((self.light_object_code(c) for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if noun is not None:
                return noun
        # "banned imports" is a sanction, "banned the party" a coercion
        by_object = self.verb_objects.get(lemma, {})
        # "went to war": an entry may name a preposition with its object ("to war")
        found = next((by_object[w] for w in sorted(objects) if w in by_object), None) or next(
            (by_object[k] for p in sorted(preps) for w in sorted(preps[p]) if (k := f"{p} {w}") in by_object),
            None) if by_object else None
        if found is not None:
            return found
        excluded = lemma in self.verbs and self._excluded(verb, lemma)
        if lemma in self.verbs and not excluded:
            return self.verbs[lemma]
        indexed = self.cameo_patterns.get(lemma, {})
        # in sorted word order, so that a tie between patterns is broken the same way in every run
        candidates = list(dict.fromkeys(p for key in sorted(objects | preps.keys()) for p in indexed.get(key, ())))
        scored = [(p.specificity(particles, objects, preps), p) for p in candidates]
        # of equally specific patterns, one written for this very verb ("call off * strike")
        best = max(scored, key=lambda s: (s[0], bool(s[1].written_for)), default=(0, None))
        if best[1] is not None and best[0] >= _SPECIFIC:
            return None if best[1].code[0] == NO_EVENT else best[1].code
        if excluded:  # "blocked the roads" is no veto; CAMEO's patterns may say what it is
            return None
        particle = next(iter(sorted(particles)), "")
        found = self.cameo_defaults.get((lemma, particle))
        # a preposition left without its object ("kidnapped up to 16 advisers") is no particle of the verb
        if found is None and particle and not any(c.dep_ == "prt" for c in verb.children):
            found = self.cameo_defaults.get((lemma, ""))
        return found

    def verb_lemma(self, verb: Token) -> str | None:
        """The verb's base form among the verbs the lexicon knows; the tagger's lemma first, else one read off
        the inflected form, for the lemmatiser's slips ('staged' → 'stag', 'shelled' → 'shell')."""
        lemma = verb.lemma_.lower()
        if lemma in self.known_verbs:
            return lemma
        form = verb.lower_
        for suffix, ending in _INFLECTIONS:
            if not form.endswith(suffix):
                continue
            stem = form[: len(form) - len(suffix)]
            for base in (stem + ending, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
                if base in self.known_verbs:
                    return base
        return None

    def light_object_code(self, noun: Token) -> Code | None:
        return _lookup(self.nouns, noun, phrases_only=True) or _lookup(self.light_objects, noun) or self.noun_code(noun)

    def noun_code(self, noun: Token) -> Code | None:
        """An event noun; a light verb's object noun too when it names its parties ('the agreement between
        China and Solomon Islands')."""
        # a noun that only qualifies another is no event: "war crimes", "aid convoy", "attack helicopters"
        if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ == "compound":
            return None
        found = _lookup(self.nouns, noun)
        between = found is None and any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children)
        # the lexicon first: a noun it does not name is no event, whatever its verb reads from it
        if (found is None and not between) or self._read_by_its_verb(noun):
            return None
        by_object = self.noun_objects.get(noun.lemma_.lower())
        if found is not None and by_object:  # "suspension of air links" reduces relations
            of = {w for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                  if o.dep_ == "pobj" for t in (o, *(m for m in o.children if m.dep_ == "compound"))
                  for w in (t.lemma_.lower(), t.lower_)}
            found = next((by_object[w] for w in sorted(of) if w in by_object), found)
        if between:
            found = _lookup(self.light_objects, noun)
        return found

    def noun_category(self, noun: Token) -> str | None:
        """The category the noun names in the lexicon, also where it is no event of its own ('dispersed a
        demonstration': the verb's event)."""
        found = _lookup(self.nouns, noun)
        return found[0] if found is not None else None

    def names_content(self, noun: Token) -> bool:
        """Whether the noun is itself a demand, threat, accusation or rejection ('its demand that …'), also
        where its verb's code is read from it and it is no event of its own."""
        found = _lookup(self.nouns, noun)
        return found is not None and found[0] in self.content_categories

    def _read_by_its_verb(self, noun: Token) -> bool:
        """'ended its mediation efforts', 'declared a ceasefire': the verb's code is read from this object (a
        CAMEO pattern or a verb + object entry names it), so the object is part of the verb's event."""
        verb = noun.head
        if noun.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
            return False
        lemma = self.verb_lemma(verb)
        if lemma is None or lemma in self.light_verbs:  # a light verb takes its object's code instead
            return False
        if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children):
            return False  # "condemned Russia's attack": an act of another named party is an event of its own
        words = {w for t in (noun, *(m for m in noun.children if m.dep_ == "compound"))
                 for w in (t.lemma_.lower(), t.lower_)}
        keyed = self.verb_objects.get(lemma, {}).keys() | self.cameo_patterns.get(lemma, {}).keys()
        return bool(words & keyed) and self.verb_code(verb) is not None

    def announced_intent(self, category: str, modality: str, trigger: Token) -> tuple[Code, str] | None:
        """PLOVER codes what a party says it will do as the statement of intent it is (CAMEO 03 and 13):
        cooperation it will give is AGREE ('Finland will give Tanzania a grant'), force, sanctions or
        protest it will use are THREATEN ('said they would boycott all contact'), and so is anything it
        will do unless the other side complies ('will withdraw its force unless …'), even when vowed ('vowed to
        retaliate'). Cooperation it says it will not give, or declines to give, is REJECT ('will not accept
        any more refugees', 'declined to resign'). None when the verb is no such statement, or when a verb of
        intent above it already is the AGREE ('offered to mediate'). With the code, the statement's modality:
        a promise or threat is of what is announced, a refusal is done."""
        if trigger.pos_ != "VERB":
            return None
        if modality == "negated":
            refused = category in self.promise_categories or category == PROMISED[0]
            return (REFUSED, "past") if refused and self._refused(trigger) else None
        if modality != "announced":
            return None
        if category in self.threat_categories or any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
                for c in trigger.children):
            return THREATENED, modality
        promised = category in self.promise_categories and not self._under_intent(trigger)
        return (PROMISED, modality) if promised else None

    def _refused(self, verb: Token) -> bool:
        """'will not accept', 'would not send', 'declined to resign': a refusal, not only an act that did not
        happen ('did not sign')."""
        if any(c.dep_ == "neg" for c in verb.children) and any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall") for c in verb.children):
            return True
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.refusal_verbs

    def _under_intent(self, verb: Token) -> bool:
        while verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
            verb = verb.head
            lemma = verb.lemma_.lower()
            if lemma in self.intent_verbs or lemma in self.intent_adjectives or self.verbs.get(lemma, ("",))[0] in (
                    PROMISED[0], THREATENED[0]):
                return True
        return False

    def _excluded(self, verb: Token, lemma: str) -> bool:
        """'sent a message' is no aid; 'stop' is a retreat only with what is stopped ('stopped the talks')."""
        excluded = self.not_with_object.get(lemma, frozenset())
        if any(c.dep_ == "dobj" and c.lemma_.lower() in excluded for c in verb.children):
            return True
        required = self.only_with.get(lemma)
        complements = {c.lemma_.lower() for c in verb.children
                       if c.dep_ in ("dobj", "xcomp", "prt", "ccomp", "prep")}
        # "called for all sides to show restraint": the parse hangs 'for' on the clause it introduces
        complements |= {m.lower_ for c in verb.children if c.dep_ in ("advcl", "ccomp") for m in c.children
                        if m.dep_ == "mark"}
        # "pushed Belarus to deploy troops": an infinitive complement, not the preposition of "pushed it to the border"
        if any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               for c in verb.children):
            complements.add("to-infinitive")
        return required is not None and not complements & required


def _lookup(table: dict[str, Code], noun: Token, *, phrases_only: bool = False) -> Code | None:
    """A noun's entry: the phrase it heads with the word before it first ('hunger strike', 'ethnic
    cleansing', 'mediation effort'), then the noun alone."""
    before = noun.doc[noun.i - 1] if noun.i > 0 else None
    if before is not None and before.head.i == noun.i and before.dep_ in ("compound", "amod"):
        for key in (f"{before.lower_} {noun.lower_}", f"{before.lemma_.lower()} {noun.lemma_.lower()}"):
            if key in table:
                return table[key]
    if phrases_only:
        return None
    return table.get(noun.lower_) or table.get(noun.lemma_.lower())


def _clause_words(verb: Token, measures: frozenset[str]) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """What a verb pattern can match in the verb's clause: its particles, its object's words (the head and
    the nouns qualifying it: "ended mediation efforts" matches CAMEO's END * MEDIATION; what a measure is of:
    "provided 25,000 tons of food aid"), and each of its prepositions with the words of their objects."""
    particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep") and not _has_object(c)}
    heads = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    measured = [(c, o) for c in heads if c.lemma_.lower() in measures for p in c.children if p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj"]
    # "captured part of a stronghold": the object is the stronghold, not a part ("took part in" has no "of")
    heads = [c for c in heads if all(c.i != m.i for m, _ in measured)] + [o for _, o in measured]
    objects = {w for c in heads for t in (c, *(m for m in c.children if m.dep_ == "compound"))
               for w in (t.lemma_.lower(), t.lower_)}
    preps: dict[str, set[str]] = {}
    for child in verb.children:
        if child.dep_ in ("prep", "agent", "dative"):
            preps.setdefault(child.lower_, set()).update(
                w for o in child.children if o.dep_ == "pobj" for w in (o.lemma_.lower(), o.lower_))
    return particles, objects, preps


def _has_object(preposition: Token) -> bool:
    return any(c.dep_ == "pobj" for c in preposition.children)


def _code(value: str) -> Code:
    category, _, mode = value.partition(":")
    return category, mode or None


def _tsv(name: str) -> list[dict[str, str]]:
    text = data_text(name)
    return list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"))


def _words(value: str) -> frozenset[str]:
    return frozenset(w for w in value.split("|") if w)


def _cameo(not_events: frozenset[str], block_coded: frozenset[str]
           ) -> tuple[dict[tuple[str, str], Code], dict[str, dict[str, tuple[Pattern, ...]]]]:
    """CAMEO's verbs and patterns (scripts/convert_cameo_verbs.py); a verb has the patterns of its blocks, and
    a default code when it has one of its own, names its block or is one plover.toml says means what its
    block means, unless plover.toml says the verb alone reports no event."""
    by_block: dict[str, list[Pattern]] = {}
    for row in _tsv("cameo_patterns.tsv"):
        code = (row["category"], row["mode"] or None)
        by_block.setdefault(row["block"], []).append(Pattern(
            row["particle"], _words(row["objects"]), _words(row["preposition"]), _words(row["prep_objects"]), code,
            row["verb"]))
    defaults: dict[tuple[str, str], Code] = {}
    patterns: dict[str, list[Pattern]] = {}
    for row in _tsv("cameo_verbs.tsv"):
        verb = row["verb"]
        own = (row["own_code"] in ("yes", "title") or verb in block_coded) and verb not in not_events
        if own and row["category"] != NO_EVENT:
            defaults.setdefault((verb, row["particle"]), (row["category"], row["mode"] or None))
        particle = row["particle"]
        name = f"{verb} {particle}" if particle else verb
        patterns.setdefault(verb, []).extend(
            p if not particle else Pattern(particle, p.objects, p.prepositions, p.prep_objects, p.code, p.written_for)
            for p in by_block.get(row["block"], [])
            if (not particle or p.particle in ("", particle)) and p.written_for in ("", name))
    return defaults, {verb: _by_word(found) for verb, found in patterns.items()}


def _by_word(patterns: list[Pattern]) -> dict[str, tuple[Pattern, ...]]:
    """Patterns under each object head and preposition they need, so a clause is matched only against the
    patterns its own words can satisfy."""
    found: dict[str, list[Pattern]] = {}
    for pattern in patterns:
        for word in sorted(pattern.objects | pattern.prepositions):
            found.setdefault(word, []).append(pattern)
    return {word: tuple(group) for word, group in found.items()}


@cache
@disk_cached  # plover.toml and CAMEO's verbs and patterns (0.4 s), read back from Dyad's cache folder
def load_event_rules() -> EventRules:
    raw = data_toml("plover.toml")
    modality, roles = raw["modality"], raw["roles"]
    defaults, patterns = _cameo(frozenset(raw["cameo"]["not_events"]), frozenset(raw["cameo"]["block_coded"]))
    # verbs that say how another verb's event stands ('failed to', 'expected to') are no event of their own
    defaults = {key: code for key, code in defaults.items()
                if key[0] not in modality["future_verbs"] and key[0] not in modality["negating_verbs"]}
    return EventRules(
        verbs={k: _code(v) for k, v in raw["verbs"].items()}, nouns={k: _code(v) for k, v in raw["nouns"].items()},
        target_prepositions=frozenset(roles["target_prepositions"]),
        future_auxiliaries=frozenset(modality["future_auxiliaries"]),
        hypothetical_auxiliaries=frozenset(modality["hypothetical_auxiliaries"]),
        future_verbs=frozenset(modality["future_verbs"]),
        hypothetical_markers=frozenset(modality["hypothetical_markers"]),
        negating_verbs=frozenset(modality["negating_verbs"]),
        attempt_verbs=frozenset(modality["attempt_verbs"]),
        obligation_auxiliaries=frozenset(modality["obligation_auxiliaries"]),
        historical_days=int(modality["historical_days"]),
        not_with_object={verb: frozenset(objects) for verb, objects in raw["not_with_object"].items()},
        only_with={verb: frozenset(words) for verb, words in raw["only_with"].items()},
        located_target_categories=frozenset(roles["located_target_categories"]),
        light_verbs=frozenset(raw["light_verbs"]["verbs"]),
        light_objects={k: _code(v) for k, v in raw["light_verbs"]["objects"].items()},
        verb_objects={verb: {w: _code(c) for w, c in words.items()} for verb, words in raw["verb_objects"].items()},
        measure_nouns=frozenset(raw["objects"]["measures"]),
        noun_objects={noun: {w: _code(c) for w, c in words.items()} for noun, words in raw["noun_objects"].items()},
        reciprocal_categories=frozenset(roles["reciprocal_categories"]),
        content_categories=frozenset(roles["content_categories"]),
        intent_verbs=frozenset(raw["intent"]["verbs"]), intent_adjectives=frozenset(raw["intent"]["adjectives"]),
        promise_categories=frozenset(raw["intent"]["promised_categories"]),
        threat_categories=frozenset(raw["intent"]["threatened_categories"]),
        refusal_verbs=frozenset(raw["intent"]["refusal_verbs"]),
        persuasion_verbs=frozenset(roles["persuasion_verbs"]),
        cameo_defaults=defaults, cameo_patterns=patterns,
        known_verbs=frozenset([*raw["verbs"], *raw["light_verbs"]["verbs"], *raw["verb_objects"], *patterns,
                               *(v for v, _ in defaults)]),
    )
