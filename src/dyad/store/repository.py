"""The DuckDB store: the one place SQL is written. Batches go in as Arrow tables, one transaction each."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Self

import duckdb
import pyarrow as pa

from dyad.errors import DyadError
from dyad.knowledge.plover import category_weights
from dyad.knowledge.relations import status_precedence
from dyad.records import DocumentRecords, Quarantine
from dyad.store import tables
from dyad.store.migrations import migrate

DEFAULT_DB = "dyad.duckdb"
CONTRACT_TABLES = (
    "documents",
    "sentences",
    "quarantine",
    "actors",
    "mentions",
    "quotes",
    "events",
    "commitments",
    "relations",
    "stances",
    "claims",
    "claim_links",
)

@dataclass(slots=True)
class BatchOutcome:
    stored: list[str] = field(default_factory=list)  # doc ids written now
    duplicates: list[str] = field(default_factory=list)  # sources whose article was already stored
    quarantined: int = 0


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 100


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None  # an actor id, name or alias; a state also matches its people and bodies
    plover_type: str | None = None
    modality: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 1000


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    speaker: str | None = None  # actor id, name or alias
    about: str | None = None  # an actor mentioned inside the quote
    doc: str | None = None  # document id or prefix
    min_confidence: float = 0.0
    limit: int = 1000


class Store:
    """A Dyad database file. Use as a context manager; read_only for serving and listing."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise DyadError(f"no Dyad database at {self.path}; create one with 'dyad analyze PATH --db {self.path}'")
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            raise DyadError(f"cannot open {self.path}: {error}") from error
        if not read_only:
            migrate(self.con)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # --- writing -------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """All or nothing: a failure (or a kill) leaves the database as it was before."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def known_doc_ids(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT doc_id FROM documents").fetchall()}

    def write_batch(self, results: Sequence[DocumentRecords], quarantines: Iterable[Quarantine]) -> BatchOutcome:
        """Store a batch of documents with all their records, and quarantine rows, in one transaction."""
        outcome = BatchOutcome()
        with self._transaction():
            fresh = self._without_duplicates(results, outcome)
            notes = [note for result in fresh for note in result.notes]
            self._insert("documents", tables.DOCUMENTS, [_document_row(r) for r in fresh])
            self._insert("sentences", tables.SENTENCES, [_sentence_row(s) for r in fresh for s in r.sentences])
            self._insert("mentions", tables.MENTIONS, [asdict(m) for r in fresh for m in r.mentions])
            self._insert("actors", tables.ACTORS, _merged_actor_rows(fresh), on_conflict=tables.MERGE_ACTORS)
            quotes = [{"quote_id": q.quote_id, **asdict(q)} for r in fresh for q in r.quotes]
            self._insert("quotes", tables.QUOTES, quotes)
            self._insert("events", tables.EVENTS, [_event_row(e) for r in fresh for e in r.events])
            self._insert("relations", tables.RELATIONS, [asdict(x) for r in fresh for x in r.relations], keyed=False)
            stances = [{**asdict(x), "cues": list(x.cues)} for r in fresh for x in r.stances]
            self._insert("stances", tables.STANCES, stances, keyed=False)
            claims = [c for r in fresh for c in r.claims]
            self._insert("claims", tables.CLAIMS,
                         [{"claim_id": c.claim_id, "text": c.text, "kind": c.kind} for c in claims])
            self._insert("claim_links", tables.CLAIM_LINKS, [_claim_link_row(c.claim_id, c) for c in claims],
                         keyed=False)
            self._insert("commitments", tables.COMMITMENTS,
                         [{"commitment_id": c.commitment_id, **asdict(c)} for r in fresh for c in r.commitments])
            rows = [_quarantine_row(q) for q in [*quarantines, *notes]]
            self._insert("quarantine", tables.QUARANTINE, rows)
        outcome.stored = [r.article.doc_id for r in fresh]
        outcome.quarantined = len(rows)
        return outcome

    def _without_duplicates(self, results: Sequence[DocumentRecords], outcome: BatchOutcome) -> list[DocumentRecords]:
        """Drop articles already stored: same input bytes, or the same cleaned body from another input."""
        hashes = [r.article.body_sha256 for r in results]
        ids = [r.article.doc_id for r in results]
        seen_hashes = {
            row[0]
            for row in self.con.execute(
                "SELECT body_sha256 FROM documents WHERE body_sha256 IN (SELECT unnest($1))", [hashes]
            ).fetchall()
        }
        seen_ids = {
            row[0]
            for row in self.con.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest($1))", [ids]
            ).fetchall()
        }
        fresh = []
        for result in results:
            article = result.article
            if article.body_sha256 in seen_hashes or article.doc_id in seen_ids:
                outcome.duplicates.append(article.source)
                continue
            seen_hashes.add(article.body_sha256)
            seen_ids.add(article.doc_id)
            fresh.append(result)
        return fresh

    def _insert(self, table: str, schema: pa.Schema, rows: list[dict[str, Any]], *, on_conflict: str = "",
                keyed: bool = True) -> None:
        """Bulk insert; keyed tables ignore rows already there (a row is only ever written with its document)."""
        if not rows:
            return
        self.con.register("incoming", pa.Table.from_pylist(rows, schema=schema))
        verb = "INSERT OR IGNORE INTO" if keyed and not on_conflict else "INSERT INTO"
        try:  # table names and clauses are the module's own constants, never user input
            self.con.execute(f"{verb} {table} BY NAME SELECT * FROM incoming {on_conflict}")
        finally:
            with contextlib.suppress(duckdb.TransactionException):  # an aborted batch: its ROLLBACK follows
                self.con.unregister("incoming")

    def people_names(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(surname-only people, people named in full), each as (actor_id, name)."""
        surname_only = self.con.execute(
            "SELECT DISTINCT a.actor_id, a.name FROM actors a JOIN mentions m USING (actor_id) "
            "WHERE m.how_resolved = 'learned_person:surname_only' ORDER BY 1").fetchall()
        full = self.con.execute(
            "SELECT actor_id, name FROM actors WHERE kind = 'person' AND name LIKE '% %' ORDER BY 1").fetchall()
        return surname_only, full

    def relink_person(self, provisional_id: str, person_id: str) -> None:
        """Point a surname-only person's mentions at the full-name person, keep its names, drop it."""
        with self._transaction():
            self.con.execute(
                "UPDATE mentions SET actor_id = $new, how_resolved = 'learned_person:corpus_surname' "
                "WHERE actor_id = $old AND how_resolved = 'learned_person:surname_only'",
                {"old": provisional_id, "new": person_id})
            self.con.execute(
                "UPDATE actors SET aliases = list_sort(list_distinct(list_concat(aliases, "
                "(SELECT aliases FROM actors WHERE actor_id = $old)))) WHERE actor_id = $new",
                {"old": provisional_id, "new": person_id})
            still_used = self._scalar("SELECT count(*) FROM mentions WHERE actor_id = $old", {"old": provisional_id})
            if not still_used:
                self.con.execute("DELETE FROM actors WHERE actor_id = $old", {"old": provisional_id})

    def event_points(self) -> list[dict[str, Any]]:
        """Every event with its parties at state level (a person or body stands for its country)."""
        return self._dicts(
            "SELECT e.event_id, e.plover_type, e.mode, e.event_date, e.date_end, e.modality, e.vector, "
            "list_distinct(list_filter([coalesce(s.country, e.source_id), coalesce(t.country, e.target_id)], "
            "lambda x: x IS NOT NULL)) AS parties "
            "FROM events e LEFT JOIN actors s ON s.actor_id = e.source_id AND s.kind IN ('person', 'institution') "
            "LEFT JOIN actors t ON t.actor_id = e.target_id AND t.kind IN ('person', 'institution') "
            "ORDER BY e.event_id")

    def set_event_clusters(self, clusters: dict[str, str]) -> None:
        table = pa.table({"event_id": list(clusters), "cluster_id": list(clusters.values())})
        self.con.register("clusters", table)
        try:
            with self._transaction():
                self.con.execute("UPDATE events SET cluster_id = c.cluster_id FROM clusters c "
                                 "WHERE events.event_id = c.event_id")
        finally:
            self.con.unregister("clusters")

    def settle_commitments(self) -> int:
        """A commitment is kept when a later-dated report tells the same action by the same party as done,
        broken when one tells it as not done; otherwise it stays pending. Returns how many are settled."""
        with self._transaction():
            self.con.execute(_SETTLE_COMMITMENTS)
        return self._scalar("SELECT count(*) FROM commitments WHERE status <> 'pending'")

    def claim_inputs(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
        """Event mentions and commitments as claims are built from them, and a readable title per event."""
        events = self._dicts(
            "SELECT e.cluster_id AS grp, e.doc_id, coalesce(d.outlet, e.doc_id) AS label, e.summary AS text, "
            "e.start_char, e.end_char, e.modality, e.event_date AS start, "
            "coalesce(e.date_end, e.event_date) AS \"end\", "
            "e.date_text, e.plover_type || ':' || coalesce(e.mode, '') || ':' || "
            "coalesce(s.country, e.source_id, '') || ':' || coalesce(t.country, e.target_id, '') AS signature "
            "FROM events e JOIN documents d USING (doc_id) "
            "LEFT JOIN actors s ON s.actor_id = e.source_id AND s.kind IN ('person', 'institution') "
            "LEFT JOIN actors t ON t.actor_id = e.target_id AND t.kind IN ('person', 'institution') "
            "WHERE e.modality IN ('past', 'announced', 'historical', 'negated') ORDER BY e.doc_id, e.trigger_start")
        commitments = self._dicts(
            "SELECT c.who_id || ' → ' || coalesce(c.to_whom_id, '?') AS grp, c.evidence_doc_id AS doc_id, "
            "coalesce(d.outlet, c.evidence_doc_id) AS label, c.what AS text, c.evidence_start AS start_char, "
            "c.evidence_end AS end_char, c.due_text AS date_text FROM commitments c "
            "JOIN documents d ON d.doc_id = c.evidence_doc_id ORDER BY c.evidence_doc_id, c.evidence_start")
        titles = dict(self.con.execute(
            "SELECT e.cluster_id, arg_min(coalesce(s.name, e.source_id, '?') || ' ' || e.plover_type || "
            "coalesce(':' || e.mode, '') || ' ' || coalesce(t.name, e.target_id, '?') || "
            "coalesce(' (' || e.event_date::VARCHAR || ')', ''), "
            "((e.source_id IS NULL)::INT + (e.target_id IS NULL)::INT) * 1000 - e.confidence * 100) FROM events e "
            "LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
            "GROUP BY e.cluster_id").fetchall())
        return events, commitments, titles

    def replace_corpus_claims(self, links: list[Any]) -> None:
        """The claims built across articles, rebuilt whole each run (internal errors stay, they are per article)."""
        claims = {link.claim_id: {"claim_id": link.claim_id, "text": link.claim_text, "kind": link.kind}
                  for link in links}
        with self._transaction():
            self.con.execute("DELETE FROM claim_links WHERE claim_id IN "
                             "(SELECT claim_id FROM claims WHERE kind IN ('event', 'commitment'))")
            self.con.execute("DELETE FROM claims WHERE kind IN ('event', 'commitment')")
            self._insert("claims", tables.CLAIMS, list(claims.values()))
            self._insert("claim_links", tables.CLAIM_LINKS, [_claim_link_row(x.claim_id, x) for x in links],
                         keyed=False)

    def comparison(self, topic: str | None = None) -> dict[str, Any]:
        """Outlets side by side: what each reports, what only a few report, where they differ or contradict."""
        params = {"topic": f"%{topic}%" if topic else None}
        where = "WHERE ($topic IS NULL OR c.text ILIKE $topic)"
        claims = self._dicts(
            "SELECT c.claim_id, c.kind, c.text, list(DISTINCT coalesce(d.outlet, l.doc_id)) AS outlets, "
            "count(DISTINCT l.doc_id) AS documents, list(l.relation) AS relations FROM claims c "
            "JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id " + where +
            " GROUP BY ALL ORDER BY documents DESC, c.kind, c.text", params)
        disputes = self._dicts(
            "SELECT c.claim_id, c.kind, c.text AS claim, coalesce(d.outlet, l.doc_id) AS outlet, l.relation, "
            "l.detail, substr(d.body, l.start_char + 1, l.end_char - l.start_char) AS evidence FROM claims c "
            "JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id " + where +
            " AND l.relation IN ('differs', 'contradicts') ORDER BY c.kind, c.claim_id, outlet", params)
        documents = self._scalar("SELECT count(*) FROM documents WHERE parsed")
        stances = self._dicts(
            "SELECT coalesce(d.outlet, s.doc_id) AS outlet, s.holder_id, "
            "s.holder_id IN (SELECT actor_id FROM actors WHERE kind = 'outlet') OR s.holder_id LIKE 'document:%' "
            "AS outlet_voice, s.target, count(*) FILTER (polarity = 'positive') AS positive, "
            "count(*) FILTER (polarity = 'negative') AS negative, count(*) FILTER (polarity = 'mixed') AS mixed, "
            "arg_max(substr(d.body, s.start_char + 1, s.end_char - s.start_char), len(s.cues)) AS evidence "
            "FROM stances s JOIN documents d USING (doc_id) GROUP BY ALL ORDER BY outlet, outlet_voice DESC, "
            "s.holder_id")
        for row in stances:
            row["stance"] = _overall(row["positive"], row["negative"], row["mixed"])
        stances += self._dicts(  # articles whose own voice judges nothing: neutral, said so
            "SELECT coalesce(d.outlet, d.doc_id) AS outlet, 'document:' || d.doc_id AS holder_id, "
            "true AS outlet_voice, "
            "'the agreement' AS target, 0 AS positive, 0 AS negative, 0 AS mixed, NULL AS evidence, "
            "'neutral' AS stance FROM documents d WHERE d.parsed AND NOT EXISTS (SELECT 1 FROM stances s "
            "WHERE s.doc_id = d.doc_id AND (s.holder_id LIKE 'document:%' OR s.holder_id IN "
            "(SELECT actor_id FROM actors WHERE kind = 'outlet'))) ORDER BY 1")
        return {"documents": documents, "claims": claims, "disputes": disputes, "stances": stances}

    # --- reading -------------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {table: self._scalar(f"SELECT count(*) FROM {table}") for table in CONTRACT_TABLES}

    def schema_version(self) -> int:
        return self._scalar("SELECT max(version) FROM schema_migrations")

    def quarantine_summary(self) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT stage, reason, count(*) AS n, min(source) AS example FROM quarantine "
            "GROUP BY stage, reason ORDER BY n DESC, stage, reason"
        )

    def quarantine_rows(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT source, stage, reason, detail, seen_at FROM quarantine ORDER BY seen_at, source")

    def documents(self, where: DocumentFilter) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT doc_id, outlet, published, title, language, parsed, n_words, n_sentences, source "
            "FROM documents WHERE ($outlet IS NULL OR lower(outlet) = lower($outlet)) "
            "AND ($since IS NULL OR published >= $since) AND ($until IS NULL OR published <= $until) "
            "ORDER BY published NULLS LAST, source LIMIT $limit",
            {"outlet": where.outlet, "since": where.since, "until": where.until, "limit": where.limit},
        )

    def document(self, doc_id_prefix: str) -> dict[str, Any]:
        """One document by id or unambiguous id prefix, with its removed spans and sentence count."""
        rows = self._dicts(
            "SELECT * EXCLUDE (meta), meta::VARCHAR AS meta FROM documents WHERE starts_with(doc_id, $p) LIMIT 2",
            {"p": doc_id_prefix},
        )
        if not rows:
            raise DyadError(f"no document with id {doc_id_prefix!r}; 'dyad documents' lists them")
        if len(rows) > 1:
            raise DyadError(f"the id prefix {doc_id_prefix!r} is ambiguous; give more characters")
        row = rows[0]
        row["meta"] = json.loads(row["meta"]) if row["meta"] else {}
        return row

    def actors(self, *, kind: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Actors with how often and in how many documents they are mentioned, most mentioned first."""
        return self._dicts(
            "SELECT a.actor_id, a.kind, a.name, a.country, a.roles, count(m.doc_id) AS mentions, "
            "count(DISTINCT m.doc_id) AS documents FROM actors a LEFT JOIN mentions m USING (actor_id) "
            "WHERE ($kind IS NULL OR a.kind = $kind) GROUP BY ALL ORDER BY mentions DESC, a.actor_id LIMIT $limit",
            {"kind": kind, "limit": limit},
        )

    def actor(self, key: str) -> dict[str, Any]:
        """An actor's profile by id, name or alias: names used, roles, mentions per article, first/last seen."""
        actor_id = self._actor_id(key)
        [profile] = self._dicts("SELECT * FROM actors WHERE actor_id = $id", {"id": actor_id})
        profile["names_used"] = self._dicts(
            "SELECT surface, count(*) AS n FROM mentions WHERE actor_id = $id "
            "GROUP BY surface ORDER BY n DESC, surface",
            {"id": actor_id})
        profile["resolved_by"] = self._dicts(
            "SELECT how_resolved, count(*) AS n FROM mentions WHERE actor_id = $id GROUP BY 1 ORDER BY n DESC, 1",
            {"id": actor_id})
        profile["documents"] = self._dicts(
            "SELECT d.doc_id, d.outlet, d.title, d.published, count(*) AS mentions FROM mentions m "
            "JOIN documents d USING (doc_id) WHERE m.actor_id = $id GROUP BY ALL ORDER BY d.published, d.doc_id",
            {"id": actor_id})
        seen = self.con.execute(
            "SELECT min(d.published), max(d.published) FROM mentions m JOIN documents d USING (doc_id) "
            "WHERE m.actor_id = $id", {"id": actor_id}).fetchone()
        profile["first_seen"], profile["last_seen"] = seen if seen else (None, None)
        return profile

    def quotes(self, where: QuoteFilter) -> list[dict[str, Any]]:
        """Quotes with their outlet and the sentence around them, grouped by speaker, in document order."""
        speaker = self._actor_id(where.speaker) if where.speaker else None
        about = self._actor_id(where.about) if where.about else None
        return self._dicts(
            "SELECT q.quote_id, q.doc_id, d.outlet, d.published, q.kind, q.speaker_id, q.speaker_name, q.cue, "
            "q.confidence, q.attribution, q.reason, q.start_char, q.end_char, q.text, "
            "(SELECT substr(d.body, s.start_char + 1, s.end_char - s.start_char) FROM sentences s "
            " WHERE s.doc_id = q.doc_id AND s.start_char <= q.start_char ORDER BY s.start_char DESC LIMIT 1) "
            "AS context "
            "FROM quotes q JOIN documents d USING (doc_id) "
            "WHERE ($speaker IS NULL OR q.speaker_id = $speaker) "
            "AND ($doc IS NULL OR starts_with(q.doc_id, $doc)) "
            "AND ($about IS NULL OR EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id "
            " AND m.actor_id = $about AND m.start_char >= q.start_char AND m.end_char <= q.end_char)) "
            "AND q.confidence >= $min_confidence "
            "ORDER BY q.speaker_name NULLS LAST, d.published NULLS LAST, q.doc_id, q.start_char LIMIT $limit",
            {"speaker": speaker, "about": about, "doc": where.doc, "min_confidence": where.min_confidence,
             "limit": where.limit},
        )

    def events(self, where: EventFilter) -> list[dict[str, Any]]:
        """Event mentions, dated ones first in date order, each with its outlet and cluster size."""
        actor = self._actor_id(where.actor) if where.actor else None
        return self._dicts(
            tables.EVENTS_SELECT + "ORDER BY e.event_date NULLS LAST, e.doc_id, e.trigger_start LIMIT $limit",
            {"actor": actor, "type": where.plover_type, "modality": where.modality, "since": where.since,
             "until": where.until, "limit": where.limit},
        )

    def timeline(self, where: EventFilter) -> list[dict[str, Any]]:
        """One row per real event (cluster) in time order: its date, parties, how many reports and outlets."""
        actor = self._actor_id(where.actor) if where.actor else None
        return self._dicts(
            "WITH matching AS (" + tables.EVENTS_SELECT + "), "
            "selected AS (SELECT e.*, d.outlet FROM events e JOIN documents d USING (doc_id) "
            " WHERE e.cluster_id IN (SELECT cluster_id FROM matching)) "
            "SELECT cluster_id, any_value(plover_type) AS plover_type, any_value(mode) AS mode, "
            "min(event_date) AS event_date, max(coalesce(date_end, event_date)) AS date_end, "
            "arg_min(date_text, coalesce(event_date, DATE '9999-12-31')) AS date_text, "
            "mode(modality) AS modality, list(DISTINCT source_id) FILTER (source_id IS NOT NULL) AS sources, "
            "list(DISTINCT target_id) FILTER (target_id IS NOT NULL) AS targets, count(*) AS mentions, "
            "count(DISTINCT doc_id) AS documents, list(DISTINCT outlet) FILTER (outlet IS NOT NULL) AS outlets, "
            "arg_max(summary, confidence) AS summary, arg_max(doc_id, confidence) AS doc_id, "
            "arg_max(start_char, confidence) AS start_char, arg_max(end_char, confidence) AS end_char "
            "FROM selected GROUP BY cluster_id ORDER BY event_date NULLS LAST, documents DESC LIMIT $limit",
            {"actor": actor, "type": where.plover_type, "modality": where.modality, "since": where.since,
             "until": where.until, "limit": where.limit},
        )

    def relations_as_of(self, as_of: date | None, actor: str | None = None) -> list[dict[str, Any]]:
        """What held on a date: per pair and type, the latest statement on or before it (ties: the status
        that says most, ended > suspended > active > planned), with the sentence that states it."""
        actor_id = self._actor_id(actor) if actor else None
        return self._dicts(
            "WITH facts AS (SELECT r.*, coalesce(r.valid_from, r.observed_on) AS fact_date, "
            " list_position($precedence, r.status) AS rank FROM relations r "
            " WHERE ($actor IS NULL OR $actor IN (r.a_id, r.b_id)) "
            " AND ($as_of IS NULL OR coalesce(r.valid_from, r.observed_on) <= $as_of)), "
            "latest AS (SELECT a_id, b_id, type, max(fact_date) AS fact_date FROM facts GROUP BY ALL) "
            "SELECT f.a_id, f.b_id, f.type, arg_min(f.status, f.rank) AS status, f.fact_date AS as_stated_on, "
            "arg_min(f.doc_id, f.rank) AS doc_id, arg_min(f.start_char, f.rank) AS start_char, "
            "arg_min(f.end_char, f.rank) AS end_char, count(*) AS statements, "
            "arg_min(substr(d.body, f.start_char + 1, f.end_char - f.start_char), f.rank) AS evidence, "
            "arg_min(d.outlet, f.rank) AS outlet "
            "FROM facts f JOIN latest l ON f.a_id = l.a_id AND f.b_id = l.b_id AND f.type = l.type "
            " AND f.fact_date IS NOT DISTINCT FROM l.fact_date JOIN documents d ON d.doc_id = f.doc_id "
            "GROUP BY f.a_id, f.b_id, f.type, f.fact_date ORDER BY f.a_id, f.b_id, f.type",
            {"as_of": as_of, "actor": actor_id, "precedence": list(status_precedence())},
        )

    def dyad_scores(self, actor: str | None = None) -> list[dict[str, Any]]:
        """Cooperation minus conflict per month and pair of states: each real event counted once."""
        actor_id = self._actor_id(actor) if actor else None
        weights = pa.table({"plover_type": list(category_weights()), "weight": list(category_weights().values())})
        self.con.register("weights", weights)
        try:
            return self._dicts(
                "WITH real_events AS (SELECT e.cluster_id, any_value(e.plover_type) AS plover_type, "
                " any_value(CASE WHEN s.kind IN ('person', 'institution') THEN s.country ELSE e.source_id END) AS src, "
                " any_value(CASE WHEN t.kind IN ('person', 'institution') THEN t.country ELSE e.target_id END) AS tgt, "
                " min(e.event_date) AS event_date FROM events e "
                " LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
                " WHERE e.modality IN ('past', 'historical') GROUP BY e.cluster_id) "
                "SELECT least(src, tgt) AS a_id, greatest(src, tgt) AS b_id, "
                "strftime(date_trunc('month', event_date), '%Y-%m') AS month, sum(w.weight) AS score, "
                "count(*) AS events FROM real_events JOIN weights w USING (plover_type) "
                "WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt AND event_date IS NOT NULL "
                "AND ($actor IS NULL OR $actor IN (src, tgt)) GROUP BY ALL ORDER BY a_id, b_id, month",
                {"actor": actor_id},
            )
        finally:
            self.con.unregister("weights")

    def commitments(self, *, actor: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        actor_id = self._actor_id(actor) if actor else None
        return self._dicts(
            "SELECT c.*, d.outlet, substr(d.body, c.evidence_start + 1, c.evidence_end - c.evidence_start) AS evidence "
            "FROM commitments c JOIN documents d ON d.doc_id = c.evidence_doc_id "
            "WHERE ($actor IS NULL OR $actor IN (c.who_id, c.to_whom_id)) AND ($status IS NULL OR c.status = $status) "
            "ORDER BY c.agreement, c.who_id, c.due_date NULLS LAST, c.evidence_doc_id, c.evidence_start",
            {"actor": actor_id, "status": status},
        )

    def _actor_id(self, key: str) -> str:
        rows = self.con.execute(
            "SELECT actor_id FROM actors WHERE actor_id = $key UNION "
            "SELECT actor_id FROM actors WHERE lower(actor_id) = lower($key) OR lower(name) = lower($key) "
            "OR list_contains(list_transform(aliases, lambda x: lower(x)), lower($key)) ORDER BY 1",
            {"key": key}).fetchall()
        exact = [r[0] for r in rows if r[0] == key]
        if exact or len(rows) == 1:
            return exact[0] if exact else rows[0][0]
        if not rows:
            raise DyadError(f"no actor {key!r}; 'dyad actors' lists them")
        raise DyadError(f"{key!r} names several actors ({', '.join(r[0] for r in rows)}); give the id")

    def _scalar(self, sql: str, params: Any = None) -> int:
        row = self.con.execute(sql, params).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _document_row(result: DocumentRecords) -> dict[str, Any]:
    article = result.article
    return {
        "doc_id": article.doc_id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "published_source": article.published_source,
        "language": article.language,
        "language_score": article.language_score,
        "body": article.body,
        "removed_spans": [
            {"start": s.start, "end": s.end, "reason": s.reason, "text": s.text} for s in article.removed_spans
        ],
        "content_type": article.content_type,
        "encoding": article.encoding,
        "body_sha256": article.body_sha256,
        "parsed": result.parsed,
        "n_words": result.n_words,
        "n_sentences": len(result.sentences),
        "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
    }


tables.EVENTS_SELECT = (
    "SELECT e.event_id, e.cluster_id, e.doc_id, d.outlet, e.plover_type, e.mode, e.source_id, e.target_id, "
    "e.event_date, e.date_end, e.date_precision, e.date_text, e.modality, e.summary, e.confidence, e.trigger, "
    "e.start_char, e.end_char, count(*) OVER (PARTITION BY e.cluster_id) AS cluster_mentions "
    "FROM events e JOIN documents d USING (doc_id) "
    "LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
    "WHERE ($actor IS NULL OR $actor IN (e.source_id, e.target_id, s.country, t.country)) "
    "AND ($type IS NULL OR e.plover_type = upper($type)) AND ($modality IS NULL OR e.modality = $modality) "
    "AND ($since IS NULL OR e.event_date >= $since) AND ($until IS NULL OR e.event_date <= $until) "
)


# The settling report: same type, mode and party as the commitment's event, in a document dated after the
# commitment's; told as done (past) keeps it, told as not done (negated) breaks it. Re-run from scratch each time.
_SETTLE_COMMITMENTS = """
UPDATE commitments SET status = coalesce(s.status, 'pending'), settled_by_event_id = s.event_id
FROM (
    SELECT c.commitment_id, arg_max(CASE later.modality WHEN 'negated' THEN 'broken' ELSE 'kept' END,
                                    later_doc.published) AS status,
           arg_max(later.event_id, later_doc.published) AS event_id
    FROM commitments c
    JOIN events promised ON promised.event_id = c.event_id
    JOIN documents promised_doc ON promised_doc.doc_id = promised.doc_id
    LEFT JOIN events later ON later.plover_type = promised.plover_type
        AND later.mode IS NOT DISTINCT FROM promised.mode AND later.source_id = promised.source_id
        AND later.modality IN ('past', 'negated')
    LEFT JOIN documents later_doc ON later_doc.doc_id = later.doc_id
    WHERE later_doc.published > coalesce(promised_doc.published, DATE '9999-12-31')
    GROUP BY c.commitment_id
) s
WHERE commitments.commitment_id = s.commitment_id
"""


def _overall(positive: int, negative: int, mixed: int) -> str:
    """A holder's stance from its sentences: one side when it outweighs the other two to one, else mixed."""
    if positive >= 2 * max(negative, 1) or (positive and not negative and not mixed):
        return "positive"
    if negative >= 2 * max(positive, 1) or (negative and not positive and not mixed):
        return "negative"
    return "mixed" if positive or negative or mixed else "neutral"


def _claim_link_row(claim_id: str, link: Any) -> dict[str, Any]:
    return {"claim_id": claim_id, "doc_id": link.doc_id, "relation": link.relation, "start_char": link.start_char,
            "end_char": link.end_char, "detail": link.detail}


def _event_row(event: Any) -> dict[str, Any]:
    row = asdict(event)
    row["event_id"] = event.event_id
    row["vector"] = list(event.vector) or None
    return row


def _merged_actor_rows(results: Sequence[DocumentRecords]) -> list[dict[str, Any]]:
    """One row per actor for the batch (DuckDB cannot upsert one key twice in a statement)."""
    merged: dict[str, dict[str, Any]] = {}
    for fact in (f for r in results for f in r.actors):
        row = merged.setdefault(fact.actor_id, {"actor_id": fact.actor_id, "kind": fact.kind, "name": fact.name,
                                                "roles": [], "aliases": [], "country": fact.country})
        row["roles"] = sorted({*row["roles"], *fact.roles})
        row["aliases"] = sorted({*row["aliases"], *fact.aliases})
        row["country"] = row["country"] or fact.country
    return list(merged.values())


def _sentence_row(sentence: Any) -> dict[str, Any]:
    return {
        "doc_id": sentence.doc_id,
        "sent_index": sentence.index,
        "start_char": sentence.start_char,
        "end_char": sentence.end_char,
    }


def _quarantine_row(item: Quarantine) -> dict[str, Any]:
    return {
        "quarantine_id": item.quarantine_id,
        "source": item.source,
        "stage": item.stage,
        "reason": item.reason,
        "detail": item.detail,
    }
