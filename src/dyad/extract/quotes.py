"""Quotes: direct quotations and reported speech, each attributed to a speaker or left unattributed
with the reason — never a confident guess.

A cue (a reporting verb, or "according to") gives a speaker and, when it has a clause, reported speech.
A quotation takes the speaker of the cue in its sentence or of the cue before its colon; one with no cue
continues the previous speaker's quotation; a short one with no cue is a scare quote or a name, not speech.
Quoted words inside reported speech make it "mixed".
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.data_files import data_toml
from dyad.extract.context import ArticleContext
from dyad.extract.quote_marks import Quotation, find_quotations
from dyad.extract.speakers import Speaker, SpeakerResolver, subject_of
from dyad.extract.tokens import ArticleTokens
from dyad.knowledge.base import NameKind
from dyad.records import Article, Mention, Quote

_SENTENCE_END = (".", "!", "?", "…", ".,", ",")
_CLOSING_MARKS = "”\"»’'"
_ENTITY_QUOTE = "&quot;"

_CONTINUATION_REACH = 2  # sentences between a quotation and its continuation
_HEADLINE_MAX_WORDS = 30  # a line this short may be a headline or standfirst
_HEADLINE_MIN_WORDS = 4  # what a headline says someone said
_MIN_OBJECT_TOKENS = 3  # "welcomed the agreement" reports an attitude, not what was said


@dataclass(frozen=True, slots=True)
class SpeechRules:
    verbs: frozenset[str]
    particles: dict[str, str]
    object_verbs: frozenset[str]
    source_phrases: tuple[str, ...]
    scare_max_words: int
    title_markers: tuple[str, ...]
    unnamed_speakers: frozenset[str]
    non_speakers: frozenset[str]
    issued_statements: frozenset[str] = frozenset()
    issuer_prepositions: frozenset[str] = frozenset()
    quoting_verbs: frozenset[str] = frozenset()
    document_verbs: frozenset[str] = frozenset()


@cache
def load_speech_rules() -> SpeechRules:
    raw = data_toml("speech.toml")
    return SpeechRules(frozenset(raw["verbs"]), dict(raw["particle_verbs"]), frozenset(raw["object_verbs"]),
                       tuple(raw["source_phrases"]), raw["scare_quote_max_words"], tuple(raw["title_markers"]),
                       frozenset(raw["unnamed_speakers"]), frozenset(raw["non_speakers"]),
                       frozenset(raw["issued_statements"]), frozenset(raw["issuer_prepositions"]),
                       frozenset(raw["quoting_verbs"]), frozenset(raw["document_verbs"]))


@dataclass(slots=True)
class Cue:
    token: Token
    label: str  # the verb lemma or the source phrase
    speaker: Speaker
    content: tuple[int, int] | None  # reported speech, as character offsets
    used: bool = False  # its content became (part of) a quotation record


@dataclass(slots=True)
class _Extraction:
    article: Article
    resolver: SpeakerResolver
    rules: SpeechRules
    quotations: list[Quotation]
    cues: list[Cue] = field(default_factory=list)
    records: list[Quote] = field(default_factory=list)


def extract_quotes(context: ArticleContext) -> list[Quote]:
    article, doc, mentions, people, kb = context.article, context.doc, context.mentions, context.people, context.kb
    rules = load_speech_rules()
    run = _Extraction(article, SpeakerResolver(doc, mentions, people, kb), rules, find_quotations(article.body))
    run.cues = _find_cues(doc, run)
    _attribute_quotations(run)
    _reported_speech(run)
    _headline_statements(run, context)
    records = sorted(run.records, key=lambda q: q.start_char)
    return _resolve_named_later(records, run.cues, mentions)


def _find_cues(doc: Doc, run: _Extraction) -> list[Cue]:
    cues = []
    quoted = _quoted_tokens(doc, run.quotations)
    source_words = _source_phrases_by_first_word(run.rules.source_phrases)
    tokens, rules = ArticleTokens.of(doc), run.rules
    # a speech verb or a source phrase's first word: no other token can be a cue, so no other is built
    maybe = (i for i, (part, lemma, lower) in enumerate(zip(tokens.parts, tokens.lemmas, tokens.lowers, strict=True))
             if (part in ("VERB", "AUX") and (lemma in rules.verbs or lemma in rules.document_verbs))
             or lower in source_words)
    for token in (doc[i] for i in maybe):
        if token.i in quoted:
            continue  # "We believe that …" inside a quotation is the speaker's own words
        if _is_cue_verb(token, run.rules) and _particle_ok(token, run):
            speaker = run.resolver.for_cue(token, run.rules)
            if speaker.attribution != "not_speech":
                cues.append(Cue(token, token.lemma_.lower(), speaker, _content(token, run)))
        source = _source_object(token, run.rules) if token.lower_ in source_words else None
        if source is not None:
            speaker = run.resolver.for_source(source, run.rules)
            cues.append(Cue(token, "according to", speaker, _content_around(token, source)))
    return cues


def _is_cue_verb(token: Token, rules: SpeechRules) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma in rules.document_verbs:
        subject = subject_of(token)
        return subject is not None and subject.lemma_.lower() in rules.issued_statements
    return lemma in rules.verbs


def _particle_ok(token: Token, run: _Extraction) -> bool:
    particle = run.rules.particles.get(token.lemma_.lower())
    return particle is None or any(c.dep_ == "prt" and c.lower_ == particle for c in token.children)


def _source_object(token: Token, rules: SpeechRules) -> Token | None:
    """The X of 'according to X' (and the other source phrases)."""
    for words in _source_phrases_by_first_word(rules.source_phrases).get(token.lower_, ()):
        end = token.i + len(words)
        if end > len(token.doc) or tuple(t.lower_ for t in token.doc[token.i : end]) != words:
            continue
        objects = [c for c in token.doc[end - 1].children if c.dep_ == "pobj"]
        if objects:
            return _issuer(objects[0], rules)
    return None


@cache
def _source_phrases_by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The source phrases' words, in data order, under their first word: this runs for every token."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        if words:
            by_first.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in by_first.items()}


def _issuer(source: Token, rules: SpeechRules) -> Token:
    """'a statement from the Japanese foreign ministry' → the ministry; the source itself otherwise."""
    if source.lemma_.lower() not in rules.issued_statements:
        return source
    owners = [c for c in source.children if c.dep_ == "poss"]
    owners += [o for p in source.children if p.dep_ == "prep" and p.lower_ in rules.issuer_prepositions
               for o in p.children if o.dep_ == "pobj"]
    return owners[0] if owners else source


def _content(verb: Token, run: _Extraction) -> tuple[int, int] | None:
    """What the cue reports: its clause ('said that …'), or for announcing verbs its object; for 'was
    quoted as saying' the clause of the verb it depends on."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return _span_chars(child.doc, _subject_taken_for_object(verb, child, _after_statement(
                verb, child, run.rules)), child.right_edge.i)
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.pos_ == "VERB":
        return _content(verb.head.head, run)
    on_statement = _clause_on_statement(verb, run.rules)
    if on_statement is not None:
        return on_statement
    if verb.lemma_.lower() in run.rules.object_verbs:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        complements = [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp", "ccomp", "dative")
                       or (c.dep_ == "prep" and c.lower_ in ("as", "of"))]  # "accused X of acting too slowly"
        if objects and sum(len(list(t.subtree)) for t in [objects[0], *complements]) >= _MIN_OBJECT_TOKENS:
            last = max([objects[0], *complements], key=lambda t: t.i)
            return _span_chars(verb.doc, objects[0].left_edge.i, last.right_edge.i)
    return None


def _subject_taken_for_object(verb: Token, clause: Token, start: int) -> int:
    """'said the U.S.' supplies … violated the principle': a clause with no subject of its own after an
    object of the cue; the parser took the clause's subject for that object."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return start
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i]
    return min(start, objects[0].left_edge.i) if objects else start


def _clause_on_statement(verb: Token, rules: SpeechRules) -> tuple[int, int] | None:
    """'wrote in a post that Lima was ready …': the parser may hang the clause on the post."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for statement in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in rules.issued_statements):
            for clause in (c for c in statement.rights if c.dep_ in ("relcl", "acl", "ccomp")):
                if clause.left_edge.lower_ == "that" and clause.left_edge.i == statement.i + 1:
                    return _span_chars(verb.doc, clause.left_edge.i + 1, clause.right_edge.i)
    return None


def _after_statement(verb: Token, clause: Token, rules: SpeechRules) -> int:
    """'said in a statement military leaders must …': the parser may hang the clause's first words on the
    statement; the clause starts after the statement's noun."""
    start = _clause_start(clause)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < clause.i):
        nouns = [t for t in prep.subtree if t.lemma_.lower() in rules.issued_statements]
        if nouns and prep.right_edge.i > nouns[0].i and prep.right_edge.i + 1 >= start:
            start = min(start, nouns[0].i + 1)
    return start


def _clause_start(head: Token) -> int:
    start = head.left_edge.i
    while start < head.i and head.doc[start].dep_ == "mark":  # "that"
        start += 1
    return start


def _content_around(token: Token, source: Token) -> tuple[int, int]:
    """'According to X, Y.' and 'Y, according to X.': the sentence without the source phrase."""
    sent = token.sent
    phrase_start, phrase_end = token.i, source.right_edge.i
    before = sent[: phrase_start - sent.start]
    after = token.doc[phrase_end + 1 : sent.end]
    longer = max((before, after), key=lambda s: len(s.text.strip(" ,")))
    return _trimmed(longer)


def _span_chars(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return _trimmed(doc[first : last + 1])


def _trimmed(span: Span) -> tuple[int, int]:
    start, end = span.start_char, span.end_char
    text = span.text  # body[start:end]; Doc.text would join the whole article's tokens on every call
    first, last = 0, end - start
    while first < last and text[first] in " ,;:":
        first += 1
    while last > first and text[last - 1] in " ,;:":
        last -= 1
    return start + first, start + last


def _quoted_tokens(doc: Doc, quotations: list[Quotation]) -> set[int]:
    """The tokens that start inside a quotation (what _inside_quotation says of each token's first character),
    found once per article by bisecting the token offsets rather than testing every token against every
    quotation."""
    starts = [token.idx for token in doc]
    return {i for q in quotations for i in range(bisect_left(starts, q.start), bisect_left(starts, q.end))}


def _inside_quotation(char: int, quotations: list[Quotation]) -> bool:
    return any(q.start <= char < q.end for q in quotations)


def _attribute_quotations(run: _Extraction) -> None:
    previous: Quote | None = None
    for quotation in run.quotations:
        if _is_title(quotation, run):
            continue
        cue = _cue_for(quotation, run)
        if cue is not None:
            previous = _quoted_with_cue(quotation, cue, run) or previous
        elif _words(quotation, run) > run.rules.scare_max_words:
            previous = _continuation_or_unattributed(quotation, previous, run)


def _cue_for(quotation: Quotation, run: _Extraction) -> Cue | None:
    """The cue before a colon that opens the quotation, else the nearest cue in its first or last sentence."""
    text = run.article.body
    before = text[: quotation.opened_at].rstrip()
    resolver = run.resolver
    outside = [c for c in run.cues if not (quotation.opened_at <= c.token.idx < quotation.end)]
    if before.endswith(":"):  # "X said:" may stand a paragraph before the quotation
        colon_sentence = resolver.sentence_of(len(before) - 1)
        candidates = [c for c in outside if c.token.idx < quotation.opened_at
                      and resolver.sentence_of(c.token.idx) == colon_sentence]
        if candidates:
            return candidates[-1]
    sentences = {resolver.sentence_of(quotation.opened_at), resolver.sentence_of(max(quotation.end - 1, 0))}
    after = _after_closing_mark(quotation, text)
    if after is not None:  # '“…,” Pandor said.' where the parser starts a sentence after the mark
        sentences.add(resolver.sentence_of(after))
    candidates = [c for c in outside if resolver.sentence_of(c.token.idx) in sentences
                  and _same_paragraph(c.token.idx, quotation, text)]
    return min(candidates, key=lambda c: _distance(c.token.idx, quotation), default=None)


def _after_closing_mark(quotation: Quotation, text: str) -> int | None:
    """Where the words after a closed quotation start, when they go on with its sentence: after a comma
    ('“…,” she said') or a question or exclamation that a lower-case word follows ('“…?” he asked')."""
    inside = text[quotation.start : quotation.end].rstrip()
    if not quotation.closed or not inside.endswith((",", "?", "!")):
        return None
    at = quotation.end
    while at < len(text) and (text[at] in _CLOSING_MARKS or text.startswith(_ENTITY_QUOTE, at)):
        at += len(_ENTITY_QUOTE) if text.startswith(_ENTITY_QUOTE, at) else 1
    while at < len(text) and text[at] in " ,\t":
        at += 1
    if at >= len(text) or text[at] == "\n" or (not inside.endswith(",") and not text[at].islower()):
        return None
    return at


def _same_paragraph(char: int, quotation: Quotation, text: str) -> bool:
    """A cue and its quotation share a paragraph: the cue of the next paragraph introduces other words."""
    between = text[char : quotation.opened_at] if char < quotation.opened_at else text[quotation.end : char]
    return "\n" not in between


def _distance(char: int, quotation: Quotation) -> int:
    return quotation.opened_at - char if char < quotation.opened_at else char - quotation.end


def _quoted_with_cue(quotation: Quotation, cue: Cue, run: _Extraction) -> Quote | None:
    content = cue.content
    if content and _quoted_words_within(quotation, content, run):
        return None  # quoted words inside reported speech: the reported speech record carries them
    if _words(quotation, run) <= run.rules.scare_max_words and not _ends_sentence(quotation, run):
        return None  # "a 'Trojan horse' for Western powers": a scare quote in a sentence with a cue
    cue.used = cue.used or _overlaps(content, quotation)
    kind = "mixed" if content is not None and _reported_words_before(quotation, content, run) else "direct"
    record = _record(run, quotation.start, quotation.end, kind, cue.speaker, cue.label)
    run.records.append(record)
    return record


def _reported_words_before(quotation: Quotation, content: tuple[int, int], run: _Extraction) -> bool:
    """'said that the United States was "committed …"': the reported clause starts before the quotation."""
    lead = run.article.body[content[0] : quotation.opened_at]
    return content[0] < quotation.opened_at and any(c.isalpha() for c in lead) and not lead.rstrip().endswith(":")


def _quoted_words_within(quotation: Quotation, content: tuple[int, int], run: _Extraction) -> bool:
    """Quoted words inside a longer reported clause ('said relations were "more pragmatic than ever"'),
    not a quotation the parser took for the clause itself (a colon, or the clause is all quotation)."""
    if not (content[0] <= quotation.opened_at and quotation.end <= content[1] + 1):
        return False
    if run.article.body[: quotation.opened_at].rstrip().endswith(":"):
        return False
    return (quotation.end - quotation.start) < 0.7 * (content[1] - content[0])


def _continuation_or_unattributed(quotation: Quotation, previous: Quote | None, run: _Extraction) -> Quote:
    resolver = run.resolver
    here = resolver.sentence_of(quotation.opened_at)
    if previous is not None and here - resolver.sentence_of(previous.end_char) <= _CONTINUATION_REACH \
            and not _other_speaker_between(previous, quotation, run):
        record = Quote(run.article.doc_id, quotation.start, quotation.end, _text(run, quotation.start, quotation.end),
                       "direct", previous.speaker_id, previous.speaker_name, "continuation",
                       round(min(previous.confidence, 0.85), 2), "continuation", previous.reason)
    else:
        later = _speaker_in_next_sentence(quotation, run)
        introducer = _introducing_person(quotation, run)
        if introducer is not None:  # 'Pandor also weighed in on the attacks.⏎“This is without merit …”'
            record = _record(run, quotation.start, quotation.end, "direct", introducer, "introduced")
        elif later is not None:  # '"We need a ceasefire now." The appeal came from X, who said …'
            speaker = Speaker(later.actor_id, later.name, "named_later", 0.5)
            record = _record(run, quotation.start, quotation.end, "direct", speaker, "named_later")
        else:
            record = _record(run, quotation.start, quotation.end, "direct",
                             Speaker(None, None, "none", 0.0, "no_speech_cue"), None)
    run.records.append(record)
    return record


def _introducing_person(quotation: Quotation, run: _Extraction) -> Speaker | None:
    """A quotation that opens a paragraph right after a sentence about a person, the paragraph's last: the
    news convention of introducing a speaker before their words."""
    body = run.article.body
    line_start = body.rfind("\n", 0, quotation.opened_at) + 1
    if body[line_start : quotation.opened_at].strip() or line_start == 0:
        return None
    before = body[:line_start].rstrip()
    if not before:
        return None
    sentence = run.resolver.sentence_at(len(before) - 1)
    if _inside_quotation(sentence.start_char, run.quotations):
        return None
    speaker = run.resolver.person_subject(sentence)
    return Speaker(speaker.actor_id, speaker.name, "introduced", 0.6, speaker.reason, speaker.start,
                   speaker.end) if speaker is not None else None


def _other_speaker_between(previous: Quote, quotation: Quotation, run: _Extraction) -> bool:
    """'“…,” Dar posted.⏎The United States welcomed the breakthrough.⏎“…”': a paragraph of narrative or
    another speaker's cue in between, so the quotation does not go on with the previous speaker's words."""
    between = run.article.body[previous.end_char : quotation.opened_at].split("\n")[1:-1]
    if any(any(c.isalpha() for c in paragraph) for paragraph in between):
        return True
    return any(previous.end_char < c.token.idx < quotation.opened_at and (c.speaker.actor_id or c.speaker.name)
               and c.speaker.actor_id != previous.speaker_id for c in run.cues)


def _speaker_in_next_sentence(quotation: Quotation, run: _Extraction) -> Speaker | None:
    resolver = run.resolver
    after = resolver.sentence_of(max(quotation.end - 1, 0)) + 1
    for cue in run.cues:
        if resolver.sentence_of(cue.token.idx) == after and cue.speaker.actor_id in resolver.people:
            return cue.speaker
    return None


def _reported_speech(run: _Extraction) -> None:
    """A record per cue with a clause; a verb cue wins over 'according to' for the same clause."""
    taken: list[tuple[int, int]] = [(r.start_char, r.end_char) for r in run.records]
    for cue in sorted(run.cues, key=lambda c: c.label in run.rules.source_phrases):
        if cue.content is None or cue.used or cue.content[1] - cue.content[0] < 3:
            continue
        start, end = cue.content
        if any(_same_span((start, end), other) for other in taken):
            continue
        taken.append((start, end))
        quoted = any(start <= q.opened_at and q.end <= end + 1 for q in run.quotations)
        run.records.append(_record(run, start, end, "mixed" if quoted else "indirect", cue.speaker, cue.label))


def _headline_statements(run: _Extraction, context: ArticleContext) -> None:
    """Headlines and standfirsts that give the speaker after or before a colon: 'Levies will not go
    unanswered: Von der Leyen', 'Lavrov: talks are over'. The name side must be an actor named as itself,
    not a place nor a capital (a dateline, 'RIGA:', is where the story was filed)."""
    body = run.article.body
    offset = 0
    for line in body.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if ": " not in line or len(line.split()) > _HEADLINE_MAX_WORDS:
            continue
        before, _, after = line.partition(": ")
        after_at = start + len(before) + 2
        for name, name_at, said, said_at in ((after, after_at, before, start), (before, start, after, after_at)):
            speaker = _named_by(name.strip(), name_at + len(name) - len(name.lstrip()), context)
            text_start, text_end = said_at, said_at + len(said.rstrip())
            if speaker is None or len(said.split()) < _HEADLINE_MIN_WORDS:
                continue
            if not any(r.start_char == text_start and r.end_char == text_end for r in run.records):
                run.records.append(_record(run, text_start, text_end, "indirect", speaker, ":"))


def _named_by(name: str, at: int, context: ArticleContext) -> Speaker | None:
    mention = next((m for m in context.mentions if m.start_char == at and m.end_char == at + len(name)
                    and m.actor_id), None)
    if mention is None or mention.actor_id is None:
        return None
    fact, entry = context.actors.get(mention.actor_id), context.kb.lookup(name)
    if fact is None or fact.kind in ("place", "outlet") or (entry is not None and entry.kind == NameKind.CAPITAL):
        return None
    return Speaker(mention.actor_id, fact.name, "named", 0.8, None, mention.start_char, mention.end_char)


def _same_span(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two cues reporting one clause ('Blinken said, according to the State Department'), not nested speech."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    return overlap > 0.8 * max(a[1] - a[0], b[1] - b[0])


def _resolve_named_later(records: list[Quote], cues: list[Cue], mentions: list[Mention]) -> list[Quote]:
    """A speaker lost in extraction (', characterized …', 'he remarked' after it) is the next person
    whose name first appears as a speaker later on ('Korotchenko further explained'); low confidence."""
    first_seen: dict[str, int] = {}
    for mention in mentions:
        if mention.actor_id:
            first_seen.setdefault(mention.actor_id, mention.start_char)
    resolved = []
    for record in records:
        if record.attribution == "missing":
            later = _first_new_speaker_after(record.start_char, cues, first_seen)
            if later is not None:
                record = Quote(record.doc_id, record.start_char, record.end_char, record.text, record.kind,
                               later.actor_id, later.name, record.cue, 0.5, "named_later", None)
        resolved.append(record)
    return resolved


def _first_new_speaker_after(char: int, cues: list[Cue], first_seen: dict[str, int]) -> Speaker | None:
    for cue in cues:
        speaker = cue.speaker
        if cue.token.idx <= char or speaker.actor_id is None or speaker.attribution != "named":
            continue
        return speaker if first_seen.get(speaker.actor_id, -1) > char else None
    return None


def _record(run: _Extraction, start: int, end: int, kind: str, speaker: Speaker, cue: str | None) -> Quote:
    return Quote(run.article.doc_id, start, end, _text(run, start, end), kind, speaker.actor_id, speaker.name, cue,
                 speaker.confidence, speaker.attribution, speaker.reason, speaker.start, speaker.end)


def _is_title(quotation: Quotation, run: _Extraction) -> bool:
    """'a law on "openness of outside funding"', 'a "Declaration on allied interaction"'."""
    before = run.article.body[max(0, quotation.opened_at - 20) : quotation.opened_at].lower().rstrip()
    if before.endswith(run.rules.title_markers):
        return True
    words = _text(run, quotation.start, quotation.end).split()
    return 1 < len(words) <= 8 and words[0][:1].isupper() and before.endswith((" a", " the")) \
        and not _text(run, quotation.start, quotation.end).rstrip().endswith(_SENTENCE_END)


def _words(quotation: Quotation, run: _Extraction) -> int:
    return len(_text(run, quotation.start, quotation.end).split())


def _ends_sentence(quotation: Quotation, run: _Extraction) -> bool:
    """Ends as speech does, including the comma before a cue ('“The talks were long,” Vint said')."""
    return _text(run, quotation.start, quotation.end).rstrip().endswith((".", "!", "?", "…", ","))


def _overlaps(content: tuple[int, int] | None, quotation: Quotation) -> bool:
    return content is not None and content[0] < quotation.end and quotation.opened_at < content[1]


def _text(run: _Extraction, start: int, end: int) -> str:
    return run.article.body[start:end]
