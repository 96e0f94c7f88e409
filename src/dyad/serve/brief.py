"""The briefing: an account of what the database holds in which every sentence cites the article sentence it
rests on. It is built from stored records only; its own words are templates from data/brief.toml."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from html import escape
from typing import Any

from dyad.data_files import data_toml
from dyad.errors import DyadError
from dyad.store import EventFilter, QuoteFilter
from dyad.store.queries import Queries

HAPPENED = ("past", "historical")
_PREFETCH = 256  # documents whose sentences are read together
STRAY_QUOTES = re.compile(r"^[’”'\"]{2,}\s*")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True, slots=True)
class Citation:
    number: int
    doc_id: str
    source: str  # the source's name: its outlet, else its title, else its file name
    title: str | None
    sent_index: int
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True, slots=True)
class Statement:
    text: str
    cites: tuple[int, ...]
    label: str | None = None  # a date or a name the statement is filed under


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    title: str
    scope: str  # what it was built from: a description of the database, not a claim about the world
    sections: tuple[Section, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class BriefOptions:
    topic: str | None = None  # an actor id, name or alias, or any text
    since: date | None = None


@cache
def _phrases() -> dict[str, Any]:
    return data_toml("brief.toml")


def build_brief(store: Queries, options: BriefOptions = BriefOptions()) -> Briefing:
    writer = _Writer(store, options)
    sections = [writer.lead(), writer.happened(), writer.announced(), writer.commitments(), writer.who_said_what(),
                writer.alignments()]
    sections.append(writer.differences(told={n for s in sections for st in s.statements for n in st.cites}))
    title = f"Briefing on {options.topic}" if options.topic else "Briefing"
    return _numbered(Briefing(title=title, scope=writer.scope(), sections=tuple(s for s in sections if s.statements),
                              citations=tuple(writer.citations)))


def _numbered(briefing: Briefing) -> Briefing:
    """Keeps only the citations a statement uses, numbered in reading order."""
    order = [n for section in briefing.sections for s in section.statements for n in s.cites]
    renumber = {old: new for new, old in enumerate(dict.fromkeys(order), start=1)}
    citations = sorted((replace(c, number=renumber[c.number]) for c in briefing.citations if c.number in renumber),
                       key=lambda c: c.number)
    sections = tuple(replace(section, statements=tuple(replace(s, cites=tuple(renumber[n] for n in s.cites))
                                                       for s in section.statements))
                     for section in briefing.sections)
    return replace(briefing, sections=sections, citations=tuple(citations))


def format_date(value: date | None, precision: str | None, text: str | None = None) -> str | None:
    if value is None:
        return text
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    if precision == "range" and text:
        return text
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _tidy(text: str) -> str:
    """One line, without the stray closing quotes text extraction sometimes leaves before a sentence."""
    return STRAY_QUOTES.sub("", " ".join(text.split()))


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


def _shorten(text: str, limit: int) -> str:
    text = _tidy(text)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _names(values: list[str]) -> str:
    """"A", "A and B", "A, B and C"; an empty list is an empty string (callers say nothing rather than crash)."""
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


class _Writer:
    """Writes each section from the store; keeps the citation list and which sentences were already told."""

    def __init__(self, store: Queries, options: BriefOptions) -> None:
        self.store, self.options, self.phrases = store, options, _phrases()
        self.citations: list[Citation] = []
        self._numbers: dict[tuple[str, int], int] = {}
        self._told: set[tuple[str, int]] = set()  # (doc_id, sent_index) of sentences event statements quote
        self._sentences: dict[str, list[dict[str, Any]]] = {}
        self._documents: dict[str, dict[str, Any]] = {}  # source names and titles, read as they are cited
        # documents the rows read so far name, in the order they were read (the order the sections cite them
        # in): their labels are read together, their sentences ahead of need
        self._expected: dict[str, None] = {}
        self.scope_figures = store.brief_scope()
        self.total = self.scope_figures["articles"]  # analysed articles the record comes from
        self.actor_id, self.topic_terms = self._topic(options.topic)
        self.clusters = self._clusters()
        self.commitment_rows = [r for r in store.commitments(actor=self.actor_id)
                                if self.actor_id or self._about_topic(r["what"], r["agreement"])]
        self._expect(e["doc_id"] for c in self.clusters for e in c)
        self._expect(r["evidence_doc_id"] for r in self.commitment_rows)
        self.committed_events = {r["event_id"] for r in self.commitment_rows}

    # --- helpers -------------------------------------------------------------------------------------------

    def _topic(self, topic: str | None) -> tuple[str | None, tuple[str, ...]]:
        """An actor topic is matched by id in the records and by every name the articles use for it in text."""
        if not topic:
            return None, ()
        try:
            profile = self.store.actor(topic)
        except DyadError:
            return None, (topic.lower(),)
        names = {profile["name"], *(n["surface"] for n in profile["names_used"])}
        return profile["actor_id"], tuple(sorted(n.lower() for n in names if len(n) > 1))

    def _about_topic(self, *texts: str | None) -> bool:
        return not self.topic_terms or any(term in (t or "").lower() for term in self.topic_terms for t in texts)

    def cite(self, doc_id: str, start_char: int) -> int | None:
        """The citation number of the sentence a span starts in (one number per sentence)."""
        sentence = self._sentence_at(doc_id, start_char)
        if sentence is None:
            return None
        key = (doc_id, sentence["sent_index"])
        if key not in self._numbers:
            document = self._document(doc_id)
            self._numbers[key] = len(self.citations) + 1
            self.citations.append(Citation(
                number=self._numbers[key], doc_id=doc_id, source=document["source_name"],
                title=document["title"], sent_index=sentence["sent_index"], start_char=sentence["start_char"],
                end_char=sentence["end_char"], text=_tidy(sentence["text"])))
        return self._numbers[key]

    def _sentence_at(self, doc_id: str, start_char: int) -> dict[str, Any] | None:
        if doc_id not in self._sentences:
            self._prefetch([doc_id])
        sentences = self._sentences[doc_id]
        position = bisect_right([s["start_char"] for s in sentences], start_char) - 1
        return sentences[position] if position >= 0 else None

    def _cites(self, spans: list[tuple[str, int]]) -> tuple[int, ...]:
        """The citation numbers of these spans' sentences, each once, at most cites_per_statement of them."""
        limit = self.phrases["limits"]["cites_per_statement"]
        self._prefetch(list(dict.fromkeys(doc_id for doc_id, _ in spans))[: 4 * limit])
        numbers: dict[int, None] = {}
        for doc_id, start in spans:
            if len(numbers) == limit:
                break
            number = self.cite(doc_id, start)
            if number is not None:
                numbers.setdefault(number)
        return tuple(numbers)

    def _prefetch(self, doc_ids: list[str]) -> None:
        """Read the sentences of these documents, and of up to _PREFETCH more that rows read so far name, in one
        query (a query per document costs more than the rows it reads), and their names in another."""
        missing = [d for d in doc_ids if d not in self._sentences]
        if missing:
            wanted = set(missing)
            more = [d for d in self._expected if d not in self._sentences and d not in wanted][:_PREFETCH]
            self._sentences.update(self.store.sentences_of(missing + more))
        missing = [d for d in doc_ids if d not in self._documents]
        if missing:
            self._documents.update(self.store.document_labels(missing))

    def _label(self, doc_id: str) -> str:
        return self._document(doc_id)["source_name"]

    def _document(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self._documents:
            wanted = sorted({doc_id, *self._expected}.difference(self._documents))
            self._documents.update(self.store.document_labels(wanted))
        return self._documents[doc_id]

    def _expect(self, doc_ids: Iterable[str], *, first: bool = False) -> None:
        """Documents rows name, read ahead in this order; first: ahead of those expected before (a section
        about to cite them, in the order it will)."""
        if first:
            self._expected = dict.fromkeys([*doc_ids, *self._expected])
        else:
            self._expected.update(dict.fromkeys(doc_ids))

    def _clusters(self) -> list[list[dict[str, Any]]]:
        where = EventFilter(actor=self.actor_id, since=self.options.since, limit=1_000_000)
        by_cluster: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for event in self.store.events(where):
            by_cluster[event["cluster_id"] or event["event_id"]].append(event)
        clusters = [sorted(group, key=lambda e: -(e["confidence"] or 0)) for group in by_cluster.values()]
        return [c for c in clusters if self.actor_id or self._about_topic(*(e["summary"] for e in c))]

    def _cluster_statement(self, cluster: list[dict[str, Any]]) -> Statement | None:
        """The best-told report of one real event, quoted, with how many articles told it and where."""
        best = cluster[0]
        number = self.cite(best["doc_id"], best["start_char"])
        if number is None:
            return None
        sentence = self.citations[number - 1]
        if (sentence.doc_id, sentence.sent_index) in self._told:  # this sentence already tells an event
            return None
        self._told.add((sentence.doc_id, sentence.sent_index))
        best_per_doc = {e["doc_id"]: e for e in reversed(cluster)}  # the cluster is sorted best first
        cites = self._cites([(best["doc_id"], best["start_char"])] +
                            [(e["doc_id"], e["start_char"]) for e in best_per_doc.values()])
        outlets = sorted({self._label(d) for d in best_per_doc})
        told = (f" Reported in {len(best_per_doc)} of {self.total} articles ({_names(outlets)})."
                if len(best_per_doc) > 1 else f" Only in {outlets[0]}.")
        dated = min((e for e in cluster if e["event_date"]), key=lambda e: e["event_date"], default=None)
        label = format_date(dated["event_date"], dated["date_precision"], dated["date_text"]) if dated else None
        return Statement(text=self.citations[number - 1].text + told, cites=cites, label=label)

    # --- sections ------------------------------------------------------------------------------------------

    def scope(self) -> str:
        if not self.total:
            return "The database holds no analysed article yet: add some with 'dyad analyze PATH'."
        figures = self.scope_figures
        outlets = figures["sources"]
        dated = figures["first"] is not None
        first, last = format_date(figures["first"], "day"), format_date(figures["last"], "day")
        when = "" if not dated else f", published {first}" if first == last else f", published {first} to {last}"
        undated = figures["undated"]
        since = self.options.since
        events_since = f" Events dated {format_date(since, 'day')} or later only." if since else ""
        return (f"Built from {self.total} articles ({_names(outlets) if outlets else 'none'}){when}"
                f"{f'; {undated} without a publication date' if undated else ''}.{events_since} "
                "Every sentence cites the article sentence it rests on.")

    def lead(self) -> Section:
        # the event told by the most articles, and of those the most told (a praise of it is reported as widely)
        widest = max(self.clusters, key=lambda c: (len({e["doc_id"] for e in c}), len(c)), default=None)
        if widest is None or len({e["doc_id"] for e in widest}) < 2:
            return Section("In brief", ())
        statement = self._cluster_statement(widest)
        return Section("In brief", (statement,) if statement else ())

    def happened(self) -> Section:
        return self._events_section("What happened", HAPPENED, self.phrases["limits"]["happened"])

    def announced(self) -> Section:
        """Announcements that are not undertakings (those have their own section)."""
        return self._events_section("What was announced", ("announced",), self.phrases["limits"]["announced"])

    def _events_section(self, title: str, modalities: tuple[str, ...], limit: int) -> Section:
        """Real events in date order (undated ones last, the most reported first), each told once."""
        committed = self.committed_events
        chosen = [c for c in self.clusters if c[0]["modality"] in modalities and c[0]["source_id"]
                  and not any(e["event_id"] in committed for e in c)
                  and (c[0]["event_date"] or len({e["doc_id"] for e in c}) > 1 or c[0]["target_id"])]
        chosen.sort(key=lambda c: (min((e["event_date"] for e in c if e["event_date"]), default=date.max),
                                   -len({e["doc_id"] for e in c}), c[0]["event_id"]))
        statements: list[Statement] = []
        for position, cluster in enumerate(chosen):
            if len(statements) == limit:  # the rest are not told, but their sentences are not told again
                self._mark_told(chosen[position:])
                break
            if statement := self._cluster_statement(cluster):
                statements.append(statement)
        return Section(title, tuple(statements))

    def _mark_told(self, clusters: list[list[dict[str, Any]]]) -> None:
        """The sentences of these clusters' best reports count as told (one event statement per sentence),
        found in one query rather than cited one by one."""
        spans = [(c[0]["doc_id"], c[0]["start_char"]) for c in clusters]
        indexes = self.store.sentence_indexes(spans)
        self._told |= {(doc_id, indexes[(doc_id, start)]) for doc_id, start in spans if (doc_id, start) in indexes}

    def commitments(self) -> Section:
        """Undertakings, one per party and kind of action, with every outlet that reports them and their due."""
        groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
        for row in self.commitment_rows:
            groups[(row["who_id"], row["to_whom_id"], row["plover_type"], row["mode"])].append(row)
        self._expect((r[d] for rows in groups.values() for r in rows for d in ("evidence_doc_id", "settled_doc_id")
                      if r[d]), first=True)
        names = self.store.actor_names([k[0] for k in groups if k[0]])
        statements = self._first(self.phrases["limits"]["commitments"],
                                 (self._commitment_statement(rows, names) for rows in groups.values()))
        return Section("What was committed", statements)

    def _commitment_statement(self, rows: list[dict[str, Any]], names: dict[str, Any]) -> Statement | None:
        best = max(rows, key=lambda r: (r["due_text"] is not None, r["what"].startswith("to "), -len(r["what"])))
        who = names.get(best["who_id"], {}).get("name", best["who_id"] or "A party")
        what = _tidy(best["what"]).rstrip(".")
        text = f"{who} undertook {what}" if what.startswith("to ") else f"{_possessive(who)} undertaking: “{what}”"
        dues = sorted({f"“{r['due_text']}” ({self._label(r['evidence_doc_id'])})" for r in rows if r["due_text"]})
        due = f"; due {_names(dues)}" if dues else ""
        status = self.phrases["commitment_status"].get(best["status"], best["status"])
        outlets = sorted({self._label(r["evidence_doc_id"]) for r in rows})
        text = f"{text}{due}. Reported by {_names(outlets)}; {status}."
        settled = [(r["settled_doc_id"], r["settled_start"]) for r in rows if r["settled_doc_id"]]
        cites = self._cites([(r["evidence_doc_id"], r["evidence_start"]) for r in rows] + settled[:1])
        return Statement(text=text, cites=cites) if cites else None

    def who_said_what(self) -> Section:
        """The most quoted people, each with their strongest quotes (direct ones first)."""
        limits = self.phrases["limits"]
        quotes = [q for q in self._quotes() if q["speaker_id"] and (q["confidence"] or 0) >= 0.6]
        self._expect((q["doc_id"] for q in quotes), first=True)
        by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for quote in quotes:
            by_speaker[quote["speaker_id"]].append(quote)
        speakers = sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), s))[: limits["speakers"]]
        names = self.store.actor_names(speakers)
        statements = []
        for speaker in speakers:
            ranked = sorted(by_speaker[speaker], key=lambda q: (q["kind"] == "indirect", -(q["confidence"] or 0),
                                                               abs(len(q["text"]) - 160)))
            for quote in ranked[: limits["quotes_per_speaker"]]:
                statements.append(self._quote_statement(quote, names.get(speaker, {})))
        return Section("Who said what", tuple(s for s in statements if s))

    def _quotes(self) -> list[dict[str, Any]]:
        if self.actor_id:
            rows = (self.store.quotes(QuoteFilter(speaker=self.actor_id, limit=1_000_000)) +
                    self.store.quotes(QuoteFilter(about=self.actor_id, limit=1_000_000)))
            return list({q["quote_id"]: q for q in rows}.values())
        rows = self.store.quotes(QuoteFilter(min_confidence=0.6, published_since=self.options.since, attributed=True,
                                             limit=1_000_000))
        return [q for q in rows if self._about_topic(q["text"], q["sentence"])]

    def _quote_statement(self, quote: dict[str, Any], speaker: dict[str, Any]) -> Statement | None:
        number = self.cite(quote["doc_id"], quote["start_char"])
        if number is None:
            return None
        name = speaker.get("name") or quote["speaker_name"]
        if quote["kind"] != "direct":  # reported speech reads best as the article put it
            return Statement(text=self.citations[number - 1].text, cites=(number,), label=name)
        role = ", ".join(speaker.get("roles") or [])
        who = f"{name} ({role})" if role else name
        text = _shorten(quote["text"], self.phrases["limits"]["quote_chars"]).rstrip(",;: ")
        return Statement(text=f"{who}, in {self._label(quote['doc_id'])}: “{text}”", cites=(number,), label=name)

    def alignments(self) -> Section:
        """Each relation with every status the sources give it, so that a change or a disagreement shows."""
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in self.store.relation_statements(self.actor_id):
            if self.actor_id or self._about_topic(row["evidence"]):
                groups[(row["a_id"], row["b_id"], row["type"])].append(row)
        self._expect((row["doc_id"] for rows in groups.values() for row in rows), first=True)
        names = self.store.actor_names(sorted({k[0] for k in groups} | {k[1] for k in groups}))
        statements = self._first(self.phrases["limits"]["alignments"],
                                 (self._relation_statement(key, rows, names) for key, rows in groups.items()))
        return Section("How alignments stand", statements)

    @staticmethod
    def _first(limit: int, statements: Iterable[Statement | None]) -> tuple[Statement, ...]:
        """The first `limit` statements that are made (None: nothing to say), the rest never written."""
        made: list[Statement] = []
        for statement in statements:
            if len(made) == limit:
                break
            if statement:
                made.append(statement)
        return tuple(made)

    def _relation_statement(self, key: tuple[str, str, str], rows: list[dict[str, Any]],
                            names: dict[str, Any]) -> Statement | None:
        templates, statuses = self.phrases["relations"], self.phrases["relation_status"]
        a, b = (names.get(x, {}).get("name", x) for x in key[:2])
        template = templates.get(key[2], templates["default"])
        relation = _sentence_case(template.format(a=a, a_of=_possessive(a), b=b, type=key[2]))
        # background with no date of its own ("has been a member since its inception") holds only when nothing
        # dated says otherwise, and is not dated by its article
        rows = [r for r in rows if r["dated_by"] != "undated"] or rows
        latest_per_status = {row["status"]: row for row in rows}  # rows come oldest first
        ordered = sorted(latest_per_status.values(), key=lambda r: (r["stated_for"] or date.min))
        parts = [statuses.get(r["status"], r["status"]) + self._as_stated(r) for r in ordered]
        cites = self._cites([(r["doc_id"], r["start_char"]) for r in ordered])
        if not cites:
            return None
        if len(parts) == 1:
            return Statement(text=f"{relation} is {parts[0]}.", cites=cites)
        return Statement(text=f"{relation} is described as {_names(parts)}.", cites=cites)

    def _as_stated(self, row: dict[str, Any]) -> str:
        dated = row["stated_for"] and row["dated_by"] != "undated"
        when = format_date(row["stated_for"], row["stated_precision"]) if dated else None
        return f" ({self._label(row['doc_id'])}{', ' + when if when else ''})"

    def differences(self, told: set[int]) -> Section:
        """Disputed details, internal errors, each outlet's own stance, and what only one outlet reports
        (among what the briefing has not told already)."""
        limit = self.phrases["limits"]["differences"]
        statements = [*self._first(limit, self._disputes(self.store.disputes())),
                      *self._first(limit, self._stances(self.store.outlet_stances())),
                      *self._first(limit, self._judged_both_ways(self.store.stance_disputes()))]
        statements += self._single_source(told | {n for s in statements for n in s.cites})
        return Section("Where the sources differ", tuple(statements))

    def _disputes(self, disputes: list[dict[str, Any]]) -> Iterator[Statement]:
        by_claim: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in disputes:
            if row["claim_id"].startswith("stance:") and not row["claim_id"].startswith("stance:the agreement"):
                continue  # actors and relations judged both ways are told below, with who judges which way
            if self._about_topic(row["claim"], row["evidence"]):
                # the two sides of one judged target are two claims, told as one difference
                by_claim[row["claim"] if row["kind"] == "stance" else row["claim_id"]].append(row)
        self._expect((row["doc_id"] for rows in by_claim.values() for row in rows), first=True)
        for rows in by_claim.values():
            cites = self._cites([(r["doc_id"], r["start_char"]) for r in rows if r["start_char"] is not None])
            if not cites:
                continue
            if rows[0]["kind"] == "internal_error" or rows[0]["claim_id"].startswith("internal:"):
                text = f"{self._label(rows[0]['doc_id'])} contradicts itself: {rows[0]['claim'].rstrip('.')}."
            else:
                text = f"The sources differ on “{_shorten(rows[0]['claim'], 120)}”: {rows[0]['detail']}."
            yield Statement(text=text, cites=cites)

    def _stances(self, stances: list[dict[str, Any]]) -> Iterator[Statement]:
        """Each outlet's own stance toward the agreement, with its strongest evaluative sentence."""
        verbs = self.phrases["stance"]
        told = [row for row in stances if row["outlet_voice"] and row["start_char"] is not None
                and row["target"] == "the agreement" and self._about_topic(row["evidence"])]
        self._expect((row["doc_id"] for row in told), first=True)  # not the neutral articles': they cite nothing
        for row in told:
            number = self.cite(row["doc_id"], row["start_char"])
            if number is not None:
                text = f"{_possessive(self._label(row['doc_id']))} own voice {verbs[row['stance']]} {row['target']}."
                yield Statement(text=text, cites=(number,))

    def _judged_both_ways(self, views: list[dict[str, Any]]) -> Iterator[Statement]:
        """Actors and relations that some holders judge positively and others negatively, with each view."""
        by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for view in views:
            if view["target"] != "the agreement" and self._about_topic(view["evidence"], view["target"]):
                by_target[view["target"]].append(view)
        self._expect((view["doc_id"] for rows in by_target.values() for view in rows), first=True)
        for target, rows in by_target.items():
            sides = {p: sorted({self._holder_name(r) for r in rows if r["polarity"] == p})
                     for p in ("positive", "negative")}
            if not all(sides.values()):  # the topic kept the views of one side only: not judged both ways here
                continue
            verb = "are" if target.startswith("relations:") else "is"
            text = (f"{_sentence_case(self._target_name(target))} {verb} judged both ways: positively by "
                    f"{_names(sides['positive'])}, negatively by {_names(sides['negative'])}.")
            yield Statement(text=text, cites=self._cites([(r["doc_id"], r["start_char"]) for r in rows]))

    def _holder_name(self, view: dict[str, Any]) -> str:
        return self._label(view["doc_id"]) if view["holder_id"].startswith("document:") else view["holder_name"]

    def _target_name(self, target: str) -> str:
        if target.startswith("relations:"):
            pair = target.removeprefix("relations:").split("|")
            names = self.store.actor_names(pair)
            return "the relations of " + _names([names.get(a, {}).get("name", a) for a in pair])
        return self.store.actor_names([target]).get(target, {}).get("name", target)

    def _single_source(self, told: set[int]) -> list[Statement]:
        if self.total < 2:
            return []
        statements: list[Statement] = []
        limit, offset, page = self.phrases["limits"]["single_source"], 0, 200
        while len(statements) < limit:
            claims = self.store.single_source_claims("event", limit=page, offset=offset)
            for claim in claims:
                if "?" in claim["text"] or not self._about_topic(claim["text"]):
                    continue
                number = self.cite(claim["doc_id"], claim["start_char"])
                if number is None or number in told:
                    continue
                statements.append(Statement(text=f"Only {self._label(claim['doc_id'])} reports that: "
                                                 f"“{self.citations[number - 1].text}”", cites=(number,)))
                if len(statements) == limit:
                    break
            if len(claims) < page:
                break
            offset += page
        return statements


def to_markdown(briefing: Briefing) -> str:
    lines = [f"# {briefing.title}", "", f"_{briefing.scope}_", ""]
    for section in briefing.sections:
        lines += [f"## {section.title}", ""]
        for statement in section.statements:
            label = f"**{statement.label}** — " if statement.label else ""
            lines.append(f"- {label}{statement.text} {_refs(statement.cites)}")
        lines.append("")
    lines += ["## Sources", ""]
    for c in briefing.citations:
        lines.append(f"[{c.number}] {c.source}, document {c.doc_id[:8]}, sentence {c.sent_index + 1}: “{c.text}”  ")
    return "\n".join(lines).rstrip() + "\n"


def _refs(cites: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in cites)


def to_html(briefing: Briefing, *, document_link: str = "/#/doc/{doc_id}?start={start}&end={end}") -> str:
    """A standalone page; each citation links to its sentence in the web UI's document view."""
    parts = [f"<h1>{escape(briefing.title)}</h1>", f"<p class=\"scope\"><em>{escape(briefing.scope)}</em></p>"]
    for section in briefing.sections:
        parts.append(f"<h2>{escape(section.title)}</h2><ul>")
        for s in section.statements:
            label = f"<strong>{escape(s.label)}</strong> — " if s.label else ""
            refs = "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in s.cites)
            parts.append(f"<li>{label}{escape(s.text)} {refs}</li>")
        parts.append("</ul>")
    parts.append("<h2>Sources</h2><ol class=\"sources\">")
    for c in briefing.citations:
        link = escape(document_link.format(doc_id=c.doc_id, start=c.start_char, end=c.end_char))
        parts.append(f'<li id="cite-{c.number}"><a href="{link}">{escape(c.source)}, document {c.doc_id[:8]}, '
                     f"sentence {c.sent_index + 1}</a>: “{escape(c.text)}”</li>")
    parts.append("</ol>")
    body = "\n".join(parts)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(briefing.title)}"
            f"</title></head><body>\n{body}\n</body></html>\n")
