"""Every read query of the store: listings, profiles, timelines, relations as of a date, comparisons."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import duckdb

from dyad.errors import DyadError, NotFoundError
from dyad.knowledge.plover import category_weights
from dyad.knowledge.relations import status_precedence
from dyad.store.contract import CONTRACT_TABLES

if TYPE_CHECKING:  # Arrow is loaded by the exports that return it, not by every reader of the store
    import pyarrow as pa

# Views of the store (migration 014) that read like tables and are exported with them.
VIEWS = ("clusters",)
# How a document is named to readers, one way everywhere: outlet, else title, else file name (migration 014).
SOURCE_NAME = "source_name(d.outlet, d.title, d.source)"


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 100
    offset: int = 0


@dataclass(frozen=True, slots=True)
class EventFilter:
    actor: str | None = None  # an actor id, name or alias; a state also matches its people and bodies
    plover_type: str | None = None
    modality: str | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None  # document id or prefix
    counterpart: str | None = None  # with actor: only events between the two (either way round)
    limit: int = 1000
    offset: int = 0


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    speaker: str | None = None  # actor id, name or alias
    about: str | None = None  # an actor mentioned inside the quote
    doc: str | None = None  # document id or prefix
    outlet: str | None = None
    min_confidence: float = 0.0
    published_since: date | None = None  # of articles published then or later, or undated
    attributed: bool = False  # only quotes with a speaker
    limit: int = 1000
    offset: int = 0


class Queries:
    """Read-only queries over a Dyad database; Store adds writing on top."""

    con: duckdb.DuckDBPyConnection

    def comparison(self, topic: str | None = None) -> dict[str, Any]:
        """Outlets side by side: what each reports, what only a few report, where they differ or contradict."""
        params = {"topic": f"%{topic}%" if topic else None}
        where = "WHERE ($topic IS NULL OR c.text ILIKE $topic)"
        claims = self._dicts(
            "SELECT c.claim_id, c.kind, c.text, list_sort(list(DISTINCT " + SOURCE_NAME + ")) AS outlets, "
            "count(DISTINCT l.doc_id) AS documents, list(l.relation) AS relations FROM claims c "
            "JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id " + where +
            " GROUP BY ALL ORDER BY documents DESC, c.kind, c.text", params)
        documents = self._scalar("SELECT count(*) FROM documents WHERE parsed")
        return {"documents": documents, "claims": claims, "disputes": self.disputes(topic),
                "stances": self.outlet_stances(), "stance_disputes": self.stance_disputes()}

    def outlet_stances(self) -> list[dict[str, Any]]:
        """Each outlet's holders and the targets they judge, with the overall stance and the strongest sentence;
        an article whose own voice judges nothing is neutral toward the agreement, said so."""
        stances = self._dicts(
            "SELECT " + SOURCE_NAME + " AS outlet, s.holder_id, "
            "s.holder_id IN (SELECT actor_id FROM actors WHERE kind = 'outlet') OR s.holder_id LIKE 'document:%' "
            "AS outlet_voice, s.target, count(*) FILTER (polarity = 'positive') AS positive, "
            "count(*) FILTER (polarity = 'negative') AS negative, count(*) FILTER (polarity = 'mixed') AS mixed, "
            "arg_max(substr(d.body, s.start_char + 1, s.end_char - s.start_char), len(s.cues)) AS evidence, "
            "arg_max(s.doc_id, len(s.cues)) AS doc_id, arg_max(s.start_char, len(s.cues)) AS start_char "
            "FROM stances s JOIN documents d USING (doc_id) GROUP BY ALL ORDER BY outlet, outlet_voice DESC, "
            "s.holder_id")
        for row in stances:
            row["stance"] = _overall(row["positive"], row["negative"], row["mixed"])
        stances += self._dicts(  # articles whose own voice judges nothing: neutral, said so
            "SELECT " + SOURCE_NAME + " AS outlet, 'document:' || d.doc_id AS holder_id, "
            "true AS outlet_voice, "
            "'the agreement' AS target, 0 AS positive, 0 AS negative, 0 AS mixed, NULL AS evidence, d.doc_id, "
            "NULL AS start_char, "
            "'neutral' AS stance FROM documents d WHERE d.parsed AND NOT EXISTS (SELECT 1 FROM stances s "
            "WHERE s.doc_id = d.doc_id AND (s.holder_id LIKE 'document:%' OR s.holder_id IN "
            "(SELECT actor_id FROM actors WHERE kind = 'outlet'))) ORDER BY 1")
        return stances

    def stance_disputes(self) -> list[dict[str, Any]]:
        """Targets judged positively by some holders and negatively by others: each view with its evidence."""
        return self._dicts(_STANCE_DISPUTES)

    def brief_scope(self) -> dict[str, Any]:
        """What a briefing is built from: analysed articles, their first and last publication dates, how many
        are undated, and the sources' names."""
        [scope] = self._dicts(
            "SELECT count(*) AS articles, min(published) AS first, max(published) AS last, "
            "count(*) FILTER (published IS NULL) AS undated, list_sort(list(DISTINCT " + SOURCE_NAME + ")) AS sources "
            "FROM documents d WHERE parsed")
        return scope

    def document_labels(self, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        """doc_id → its source's name and title."""
        rows = self._dicts("SELECT doc_id, " + SOURCE_NAME + " AS source_name, title FROM documents d "
                           "WHERE doc_id IN (SELECT unnest($ids))", {"ids": doc_ids})
        return {row["doc_id"]: row for row in rows}

    def sentence_indexes(self, spans: list[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """(doc_id, start_char) → the index of the sentence a span starting there lies in (the last sentence to
        start at or before it), for many spans in one query."""
        if not spans:
            return {}
        rows = self.con.execute(  # two lists unnested side by side are one row per span
            "SELECT x.doc_id, x.start_char, arg_max(s.sent_index, s.start_char) FROM "
            "(SELECT unnest($docs) AS doc_id, unnest($starts) AS start_char) x "
            "JOIN sentences s ON s.doc_id = x.doc_id AND s.start_char <= x.start_char GROUP BY ALL",
            {"docs": [d for d, _ in spans], "starts": [s for _, s in spans]}).fetchall()
        return {(doc_id, start): index for doc_id, start, index in rows}

    def single_source_claims(self, kind: str, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
        """Claims of a kind that one article alone makes, by id, each with its first link (as claims() lists
        them: by source name, document, place)."""
        return self._dicts(
            "SELECT c.claim_id, c.kind, c.text, min(l.doc_id) AS doc_id, "
            "arg_min(l.start_char, (" + SOURCE_NAME + ", l.doc_id, l.start_char)) AS start_char "
            "FROM claims c JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id "
            "WHERE c.kind = $kind GROUP BY c.claim_id, c.kind, c.text HAVING count(DISTINCT l.doc_id) = 1 "
            "ORDER BY c.claim_id LIMIT $limit OFFSET $offset", {"kind": kind, "limit": limit, "offset": offset})

    def disputes(self, topic: str | None = None) -> list[dict[str, Any]]:
        """Which outlets disagree on what: every report that differs from or contradicts a claim, with what
        differs and the sentence (a list that names one actor twice is an article's internal error)."""
        return self._dicts(
            "SELECT c.claim_id, c.kind, c.text AS claim, " + SOURCE_NAME + " AS outlet, l.doc_id, "
            "l.start_char, l.relation, l.detail, l.sentence, "
            "substr(d.body, l.start_char + 1, l.end_char - l.start_char) AS evidence FROM claims c "
            "JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id "
            "WHERE ($topic IS NULL OR c.text ILIKE $topic) AND l.relation IN ('differs', 'contradicts') "
            "ORDER BY c.kind, c.claim_id, outlet, l.doc_id, l.start_char", {"topic": f"%{topic}%" if topic else None})

    def counts(self) -> dict[str, int]:
        return {table: self._scalar(f"SELECT count(*) FROM {table}") for table in CONTRACT_TABLES}

    def schema_version(self) -> int:
        return self._scalar("SELECT max(version) FROM schema_migrations")

    def store_version(self) -> int:
        """A number every write raises (migration 019): what a reader caches by."""
        return self._scalar("SELECT max(version) FROM store_version")

    def quarantine_summary(self) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT stage, reason, count(*) AS n, min(source) AS example FROM quarantine "
            "GROUP BY stage, reason ORDER BY n DESC, stage, reason"
        )

    def quarantine_rows(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT source, stage, reason, detail, seen_at FROM quarantine ORDER BY seen_at, source")

    def documents(self, where: DocumentFilter) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT doc_id, " + SOURCE_NAME + " AS source_name, outlet, published, title, language, parsed, "
            "n_words, n_sentences, source FROM documents d WHERE ($outlet IS NULL OR lower(outlet) = lower($outlet)) "
            "AND ($since IS NULL OR published >= $since) AND ($until IS NULL OR published <= $until) "
            "ORDER BY published NULLS LAST, source LIMIT $limit OFFSET $offset",
            {"outlet": where.outlet, "since": where.since, "until": where.until, "limit": where.limit,
             "offset": where.offset},
        )

    def document(self, doc_id_prefix: str) -> dict[str, Any]:
        """One document by id or unambiguous id prefix, with its removed spans and sentence count."""
        rows = self._dicts(
            "SELECT * EXCLUDE (meta), meta::VARCHAR AS meta, " + SOURCE_NAME + " AS source_name FROM documents d "
            "WHERE starts_with(doc_id, $p) LIMIT 2",
            {"p": doc_id_prefix},
        )
        if not rows:
            raise NotFoundError(f"no document with id {doc_id_prefix!r}; 'dyad documents' lists them")
        if len(rows) > 1:
            raise DyadError(f"the id prefix {doc_id_prefix!r} is ambiguous; give more characters")
        row = rows[0]
        row["meta"] = json.loads(row["meta"]) if row["meta"] else {}
        return row

    def actors(self, *, kind: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Actors with how often and in how many documents they are mentioned, most mentioned first."""
        return self._dicts(
            "SELECT a.actor_id, a.kind, a.name, a.country, a.roles, count(m.doc_id) AS mentions, "
            "count(DISTINCT m.doc_id) AS documents FROM actors a LEFT JOIN mentions m USING (actor_id) "
            "WHERE ($kind IS NULL OR a.kind = $kind) GROUP BY ALL ORDER BY mentions DESC, a.actor_id "
            "LIMIT $limit OFFSET $offset", {"kind": kind, "limit": limit, "offset": offset},
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
            "SELECT d.doc_id, " + SOURCE_NAME + " AS source_name, d.outlet, d.title, d.published, count(*) AS mentions "
            "FROM mentions m "
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
            "SELECT q.quote_id, q.doc_id, " + SOURCE_NAME + " AS source_name, d.outlet, d.published, q.kind, "
            "q.speaker_id, q.speaker_name, q.cue, q.confidence, q.attribution, q.reason, q.start_char, q.end_char, "
            "q.text, q.sentence "
            "FROM quotes q JOIN documents d USING (doc_id) "
            "WHERE ($speaker IS NULL OR q.speaker_id = $speaker) "
            "AND ($doc IS NULL OR starts_with(q.doc_id, $doc)) "
            "AND ($about IS NULL OR EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id "
            " AND m.actor_id = $about AND m.start_char >= q.start_char AND m.end_char <= q.end_char)) "
            "AND ($outlet IS NULL OR lower(d.outlet) = lower($outlet)) AND q.confidence >= $min_confidence "
            "AND ($since IS NULL OR d.published IS NULL OR d.published >= $since) "
            "AND (NOT $attributed OR q.speaker_id IS NOT NULL) "
            "ORDER BY q.speaker_name NULLS LAST, d.published NULLS LAST, q.doc_id, q.start_char "
            "LIMIT $limit OFFSET $offset",
            {"speaker": speaker, "about": about, "doc": where.doc, "outlet": where.outlet,
             "min_confidence": where.min_confidence, "since": where.published_since, "attributed": where.attributed,
             "limit": where.limit, "offset": where.offset},
        )

    def events(self, where: EventFilter) -> list[dict[str, Any]]:
        """Event mentions, dated ones first in date order, each with its outlet and cluster size."""
        return self._dicts(
            _EVENTS_SELECT + "ORDER BY e.event_date NULLS LAST, e.doc_id, e.trigger_start, e.event_id "
            "LIMIT $limit OFFSET $offset",
            self._event_params(where))

    def timeline(self, where: EventFilter) -> list[dict[str, Any]]:
        """One row per real event (cluster) in time order: its date, parties, how many reports and outlets."""
        return self._dicts(
            "WITH matching AS (" + _EVENTS_SELECT + ") SELECT c.* FROM clusters c "
            "WHERE c.cluster_id IN (SELECT coalesce(cluster_id, event_id) FROM matching) "
            "ORDER BY c.event_date NULLS LAST, c.documents DESC, c.cluster_id LIMIT $limit OFFSET $offset",
            self._event_params(where))

    def _event_params(self, where: EventFilter) -> dict[str, Any]:
        return {"actor": self._actor_id(where.actor) if where.actor else None, "type": where.plover_type,
                "modality": where.modality, "since": where.since, "until": where.until, "doc": where.doc,
                "counterpart": self._actor_id(where.counterpart) if where.counterpart else None,
                "limit": where.limit, "offset": where.offset}

    def relations_as_of(self, as_of: date | None, actor: str | None = None) -> list[dict[str, Any]]:
        """What held on a date: per pair and type, the latest dated statement on or before it (ties: the status
        that says most, ended > suspended > active > planned), with the sentence that states it and how it is
        dated (`dated_by`). Undated statements (past background, articles without any date) stand only for a
        pair and type that no dated statement covers."""
        actor_id = self._actor_id(actor) if actor else None
        return self._dicts(
            "WITH stated AS (SELECT r.*, CASE WHEN r.dated_by = 'undated' THEN NULL "
            " ELSE coalesce(r.valid_from, r.observed_on) END AS fact_date, "
            " CASE WHEN r.valid_from IS NOT NULL THEN r.valid_from_precision END AS fact_precision, "
            " list_position($precedence, r.status) AS rank FROM relations r "
            " WHERE ($actor IS NULL OR $actor IN (r.a_id, r.b_id))), "
            "facts AS (SELECT * FROM stated WHERE $as_of IS NULL OR fact_date IS NULL OR fact_date <= $as_of), "
            "latest AS (SELECT a_id, b_id, type, max(fact_date) AS fact_date FROM facts GROUP BY ALL) "
            "SELECT f.a_id, f.b_id, f.type, arg_min(f.status, f.rank) AS status, "
            "iso_date(f.fact_date, arg_min(f.fact_precision, f.rank), NULL) AS as_stated_on, "
            "arg_min(coalesce(f.dated_by, 'article'), f.rank) AS dated_by, "
            "arg_min(f.doc_id, f.rank) AS doc_id, arg_min(f.start_char, f.rank) AS start_char, "
            "arg_min(f.end_char, f.rank) AS end_char, count(*) AS statements, "
            "arg_min(substr(d.body, f.start_char + 1, f.end_char - f.start_char), f.rank) AS evidence, "
            "arg_min(d.outlet, f.rank) AS outlet, arg_min(" + SOURCE_NAME + ", f.rank) AS source_name "
            "FROM facts f JOIN latest l ON f.a_id = l.a_id AND f.b_id = l.b_id AND f.type = l.type "
            " AND f.fact_date IS NOT DISTINCT FROM l.fact_date JOIN documents d ON d.doc_id = f.doc_id "
            "GROUP BY f.a_id, f.b_id, f.type, f.fact_date ORDER BY f.a_id, f.b_id, f.type",
            {"as_of": as_of, "actor": actor_id, "precedence": list(status_precedence())},
        )

    def relation_statements(self, actor: str | None = None) -> list[dict[str, Any]]:
        """Every statement of a relation, dated by its validity or else its article's date, oldest first."""
        return self._dicts(
            "SELECT r.a_id, r.b_id, r.type, r.status, coalesce(r.valid_from, r.observed_on) AS stated_for, "
            "CASE WHEN r.valid_from IS NOT NULL THEN coalesce(r.valid_from_precision, 'day') ELSE 'day' END "
            "AS stated_precision, "
            "coalesce(r.dated_by, 'article') AS dated_by, r.doc_id, d.outlet, " + SOURCE_NAME + " AS source_name, "
            "r.start_char, r.end_char, "
            "substr(d.body, r.start_char + 1, r.end_char - r.start_char) AS evidence "
            "FROM relations r JOIN documents d USING (doc_id) "
            "WHERE ($actor IS NULL OR $actor IN (r.a_id, r.b_id)) "
            "ORDER BY r.a_id, r.b_id, r.type, stated_for NULLS FIRST, r.doc_id, r.start_char",
            {"actor": self._actor_id(actor) if actor else None})

    def dyad_scores(self, actor: str | None = None, *, directed: bool = False) -> list[dict[str, Any]]:
        """Cooperation minus conflict per month and pair of states: each real event counted once. `directed`:
        per source → target instead (a_id acted on b_id), as event flows are drawn."""
        actor_id = self._actor_id(actor) if actor else None
        weights = category_weights()
        return self._dicts(
            "WITH real_events AS (SELECT e.cluster_id, any_value(e.plover_type) AS plover_type, "
            # the state each party acts for (events coded before migration 010: a person's or body's country)
            " any_value(coalesce(e.source_state, CASE WHEN s.kind IN ('person', 'institution') THEN s.country END,"
            " e.source_id)) AS src, "
            " any_value(coalesce(e.target_state, CASE WHEN t.kind IN ('person', 'institution') THEN t.country END,"
            " e.target_id)) AS tgt, "
            " min(e.event_date) AS event_date FROM events e "
            " LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
            " WHERE e.modality IN ('past', 'historical') GROUP BY e.cluster_id) "
            "SELECT CASE WHEN $directed THEN src ELSE least(src, tgt) END AS a_id, "
            "CASE WHEN $directed THEN tgt ELSE greatest(src, tgt) END AS b_id, "
            "strftime(date_trunc('month', event_date), '%Y-%m') AS month, sum(w.weight) AS score, "
            "count(*) AS events FROM real_events "
            "JOIN (SELECT unnest($types) AS plover_type, unnest($weights)::BIGINT AS weight) w USING (plover_type) "
            "WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt AND event_date IS NOT NULL "
            "AND ($actor IS NULL OR $actor IN (src, tgt)) GROUP BY ALL ORDER BY a_id, b_id, month",
            {"actor": actor_id, "directed": directed, "types": list(weights), "weights": list(weights.values())},
        )

    def commitments(self, *, actor: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
        actor_id = self._actor_id(actor) if actor else None
        return self._dicts(
            "SELECT c.*, d.outlet, " + SOURCE_NAME + " AS source_name, e.plover_type, e.mode, "
            "settled.doc_id AS settled_doc_id, "
            "settled.start_char AS settled_start, "
            "substr(d.body, c.evidence_start + 1, c.evidence_end - c.evidence_start) AS evidence "
            "FROM commitments c JOIN documents d ON d.doc_id = c.evidence_doc_id "
            "LEFT JOIN events e ON e.event_id = c.event_id "
            "LEFT JOIN events settled ON settled.event_id = c.settled_by_event_id "
            "WHERE ($actor IS NULL OR $actor IN (c.who_id, c.to_whom_id)) AND ($status IS NULL OR c.status = $status) "
            "ORDER BY c.agreement, c.who_id, c.due_date NULLS LAST, c.evidence_doc_id, c.evidence_start",
            {"actor": actor_id, "status": status},
        )

    def mentions(self, *, doc: str | None = None, actor: str | None = None, limit: int = 100,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Actor mentions in document order, with the actor's name and kind."""
        return self._dicts(
            "SELECT m.doc_id, m.start_char, m.end_char, m.surface, m.actor_id, a.name, a.kind, m.how_resolved "
            "FROM mentions m LEFT JOIN actors a USING (actor_id) WHERE ($doc IS NULL OR starts_with(m.doc_id, $doc)) "
            "AND ($actor IS NULL OR m.actor_id = $actor) ORDER BY m.doc_id, m.start_char LIMIT $limit OFFSET $offset",
            {"doc": doc, "actor": self._actor_id(actor) if actor else None, "limit": limit, "offset": offset})

    def stances(self, *, holder: str | None = None, doc: str | None = None, limit: int = 100,
                offset: int = 0) -> list[dict[str, Any]]:
        """Stance statements: who holds which polarity toward what, with the evaluative words and the sentence."""
        return self._dicts(
            "SELECT s.holder_id, " + _HOLDER_NAME + " AS holder_name, s.target, s.polarity, "
            "s.cues, s.doc_id, d.outlet, " + SOURCE_NAME + " AS source_name, s.start_char, s.end_char, "
            "substr(d.body, s.start_char + 1, s.end_char - s.start_char) AS evidence "
            "FROM stances s JOIN documents d USING (doc_id) LEFT JOIN actors a ON a.actor_id = s.holder_id "
            "WHERE ($holder IS NULL OR s.holder_id = $holder) AND ($doc IS NULL OR starts_with(s.doc_id, $doc)) "
            "ORDER BY d.outlet, s.doc_id, s.start_char LIMIT $limit OFFSET $offset",
            {"holder": self._actor_id(holder) if holder else None, "doc": doc, "limit": limit, "offset": offset})

    def claims(self, *, kind: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Claims, the most widely reported first, each with the documents that support, contradict or differ."""
        return self._dicts(
            "SELECT c.claim_id, c.kind, c.text, count(DISTINCT l.doc_id) AS documents, "
            "list({'doc_id': l.doc_id, 'outlet': d.outlet, 'source_name': " + SOURCE_NAME + ", 'relation': l.relation, "
            "'detail': l.detail, 'start_char': l.start_char, 'end_char': l.end_char, 'sentence': l.sentence} "
            "ORDER BY " + SOURCE_NAME + ", l.doc_id, l.start_char) AS links "
            "FROM claims c JOIN claim_links l USING (claim_id) JOIN documents d ON d.doc_id = l.doc_id "
            "WHERE ($kind IS NULL OR c.kind = $kind) GROUP BY c.claim_id, c.kind, c.text "
            "ORDER BY documents DESC, c.kind, c.claim_id LIMIT $limit OFFSET $offset",
            {"kind": kind, "limit": limit, "offset": offset})

    def search(self, text: str, *, limit: int = 20) -> dict[str, list[dict[str, Any]]]:
        """Actors (id, name, aliases), documents (title, outlet, source) and sentences that contain the text,
        ignoring case: ILIKE over the stored text (DuckDB's full-text index is an extension it would download)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = "ILIKE $p ESCAPE '\\'"
        params = {"p": pattern, "limit": limit}
        return {
            "actors": self._dicts(
                f"SELECT a.actor_id, a.kind, a.name, a.country, count(m.doc_id) AS mentions FROM actors a "
                f"LEFT JOIN mentions m USING (actor_id) WHERE a.actor_id {like} OR a.name {like} "
                f"OR len(list_filter(a.aliases, lambda x: x {like})) > 0 "
                "GROUP BY ALL ORDER BY mentions DESC, a.actor_id LIMIT $limit", params),
            "documents": self._dicts(
                f"SELECT d.doc_id, {SOURCE_NAME} AS source_name, d.title, d.published FROM documents d "
                f"WHERE d.title {like} OR d.outlet {like} OR d.source {like} "
                "ORDER BY d.published NULLS LAST, d.doc_id LIMIT $limit", params),
            "sentences": self._dicts(
                f"SELECT s.doc_id, {SOURCE_NAME} AS source_name, s.sent_index, s.start_char, s.end_char, "
                "substr(d.body, s.start_char + 1, s.end_char - s.start_char) AS text "
                f"FROM sentences s JOIN documents d USING (doc_id) "
                f"WHERE substr(d.body, s.start_char + 1, s.end_char - s.start_char) {like} "
                "ORDER BY d.published NULLS LAST, s.doc_id, s.start_char LIMIT $limit", params),
        }

    def sentences(self, doc_id: str) -> list[dict[str, Any]]:
        """A document's stored sentences in order, with their text: what citations point at."""
        return self._dicts(
            "SELECT s.sent_index, s.start_char, s.end_char, "
            "substr(d.body, s.start_char + 1, s.end_char - s.start_char) AS text "
            "FROM sentences s JOIN documents d USING (doc_id) WHERE s.doc_id = $doc ORDER BY s.start_char",
            {"doc": doc_id})

    def sentences_of(self, doc_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored sentences of several documents at once, each document's in order, with their text. The
        bodies are read once each and cut here (Python and DuckDB both count characters as code points): a
        join would carry each body to every one of its sentences."""
        found: dict[str, list[dict[str, Any]]] = {doc_id: [] for doc_id in doc_ids}
        bodies = dict(self.con.execute("SELECT doc_id, body FROM documents WHERE doc_id IN (SELECT unnest($docs))",
                                       {"docs": doc_ids}).fetchall())
        for doc_id, index, start, end in self.con.execute(
                "SELECT doc_id, sent_index, start_char, end_char FROM sentences WHERE doc_id IN (SELECT unnest($docs)) "
                "ORDER BY doc_id, start_char", {"docs": doc_ids}).fetchall():
            found[doc_id].append({"sent_index": index, "start_char": start, "end_char": end,
                                  "text": bodies[doc_id][start:end]})
        return found

    def document_spans(self, doc_id: str) -> list[dict[str, Any]]:
        """Every extracted span of one document, in text order, each with its layer and a short label."""
        return self._dicts(_DOCUMENT_SPANS, {"doc": doc_id})

    def actor_names(self, actor_ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self._dicts(
            "SELECT actor_id, name, kind, country, roles FROM actors WHERE list_contains($ids, actor_id)",
            {"ids": actor_ids})
        return {row["actor_id"]: row for row in rows}

    def table_arrow(self, table: str) -> pa.Table:
        """A whole record-contract table as Arrow, for exports. Only the contract's tables can be named."""
        if table not in (*CONTRACT_TABLES, *VIEWS):
            raise DyadError(f"no table {table!r}; the tables are {', '.join((*CONTRACT_TABLES, *VIEWS))}")
        return self.con.sql(f"SELECT * FROM {table}").to_arrow_table()  # the name is from the allowlist

    def plover_rows(self) -> list[dict[str, Any]]:
        """Event mentions with what a PLOVER record holds: parties with their surface text, the sentence."""
        return self._dicts(_PLOVER_ROWS)

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
            raise NotFoundError(f"no actor {key!r}; 'dyad actors' lists them")
        raise DyadError(f"{key!r} names several actors ({', '.join(r[0] for r in rows)}); give the id")

    def _scalar(self, sql: str, params: Any = None) -> int:
        rows = self.con.execute(sql, params).fetchall()  # fetched whole: no result left open on the connection
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def _dicts(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _overall(positive: int, negative: int, mixed: int) -> str:
    """A holder's stance from its sentences: one side when it outweighs the other two to one, else mixed."""
    if positive >= 2 * max(negative, 1) or (positive and not negative and not mixed):
        return "positive"
    if negative >= 2 * max(positive, 1) or (negative and not positive and not mixed):
        return "negative"
    return "mixed" if positive or negative or mixed else "neutral"


# A stance holder's name: the actor's, else (the article's own voice, "document:<id>") the source's name.
_HOLDER_NAME = "coalesce(a.name, CASE WHEN s.holder_id LIKE 'document:%' THEN " + SOURCE_NAME + " END, s.holder_id)"

_EVENTS_SELECT = (
    "SELECT e.event_id, e.cluster_id, e.doc_id, " + SOURCE_NAME + " AS source_name, d.outlet, e.plover_type, e.mode, "
    "e.source_id, e.target_id, "
    "iso_date(e.event_date, e.date_precision, e.date_end) AS date, "
    "e.event_date, e.date_end, e.date_precision, e.date_text, e.modality, e.summary, e.confidence, e.trigger, "
    "e.start_char, e.end_char, e.sentence, count(*) OVER (PARTITION BY e.cluster_id) AS cluster_mentions "
    "FROM events e JOIN documents d USING (doc_id) "
    "LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
    "WHERE ($actor IS NULL OR $actor IN (e.source_id, e.target_id, s.country, t.country)) "
    "AND ($type IS NULL OR e.plover_type = upper($type)) AND ($modality IS NULL OR e.modality = $modality) "
    "AND ($since IS NULL OR e.event_date >= $since) AND ($until IS NULL OR e.event_date <= $until) "
    "AND ($doc IS NULL OR starts_with(e.doc_id, $doc)) "
    "AND ($counterpart IS NULL OR ($actor IN (e.source_id, s.country) AND $counterpart IN (e.target_id, t.country)) "
    " OR ($counterpart IN (e.source_id, s.country) AND $actor IN (e.target_id, t.country))) "
)

# One document's spans for highlighting: mentions, quotes, events, commitments, relations, stances and claims.
_DOCUMENT_SPANS = """
SELECT * FROM (
    SELECT 'mention' AS layer, m.start_char, m.end_char, coalesce(a.name, m.surface) AS label, m.actor_id AS ref
    FROM mentions m LEFT JOIN actors a USING (actor_id) WHERE m.doc_id = $doc
    UNION ALL
    SELECT 'quote', start_char, end_char, coalesce(speaker_name, 'unattributed') || ' (' || kind || ')', quote_id
    FROM quotes WHERE doc_id = $doc
    UNION ALL
    SELECT 'event', start_char, end_char, plover_type || coalesce(':' || mode, '') || ' · ' || modality, event_id
    FROM events WHERE doc_id = $doc
    UNION ALL
    SELECT 'commitment', evidence_start, evidence_end, 'commitment · ' || status, commitment_id
    FROM commitments WHERE evidence_doc_id = $doc
    UNION ALL
    SELECT 'relation', start_char, end_char, a_id || ' ' || type || ' ' || b_id || ' · ' || status, NULL
    FROM relations WHERE doc_id = $doc
    UNION ALL
    SELECT 'stance', start_char, end_char, holder_id || ' · ' || polarity, NULL FROM stances WHERE doc_id = $doc
    UNION ALL
    SELECT 'claim', l.start_char, l.end_char, l.relation || ': ' || c.text, c.claim_id
    FROM claim_links l JOIN claims c USING (claim_id) WHERE l.doc_id = $doc AND l.start_char IS NOT NULL
) ORDER BY start_char, end_char DESC, layer, label, ref NULLS LAST  -- every tie broken: pages of spans do not overlap
"""


class Reader(Queries):
    """Read-only queries over one DuckDB cursor: one per thread or request, on a shared connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con


class ArrowReader(Reader):
    """The same queries with their rows fetched as one Arrow table (typed columns, kept when no row matches).
    Only for listings, whose methods return their query's rows as they come: documents, actors, mentions,
    quotes, events, timeline, relations_as_of, relation_statements, dyad_scores, commitments, stances,
    claims, disputes."""

    def _dicts(self, sql: str, params: Any = None) -> Any:
        return self.con.sql(sql, params=params).to_arrow_table()

# One row per event mention, with each party's code, kind, country and the words the sentence names it by.
_PLOVER_ROWS = """
SELECT e.event_id, e.cluster_id, e.doc_id, e.start_char, e.end_char, e.plover_type, e.mode, e.modality,
       e.event_date, e.date_precision, e.date_text, e.trigger, e.confidence, d.outlet,
       """ + SOURCE_NAME + """ AS source_name, d.url, d.title, d.language,
       d.published, substr(d.body, e.start_char + 1, e.end_char - e.start_char) AS text,
       e.date_end, e.source_id, e.source_state, e.source_sector, s.kind AS source_kind, s.name AS source_name_of_actor,
       coalesce(
           (SELECT m.surface FROM mentions m WHERE m.doc_id = e.doc_id AND m.actor_id = e.source_id
            AND m.start_char >= e.start_char AND m.end_char <= e.end_char ORDER BY m.start_char LIMIT 1), s.name)
           AS source_text,
       e.target_id, e.target_state, e.target_sector, t.kind AS target_kind, t.name AS target_name_of_actor,
       coalesce(
           (SELECT m.surface FROM mentions m WHERE m.doc_id = e.doc_id AND m.actor_id = e.target_id
            AND m.start_char >= e.start_char AND m.end_char <= e.end_char ORDER BY m.start_char LIMIT 1), t.name)
           AS target_text
FROM events e JOIN documents d USING (doc_id)
LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id
ORDER BY e.event_date NULLS LAST, e.doc_id, e.start_char, e.event_id
"""

# Targets judged positively by some holders and negatively by others: each holder's view with its evidence.
_STANCE_DISPUTES = """
WITH views AS (
    SELECT s.target, s.holder_id, """ + _HOLDER_NAME + """ AS holder_name, s.polarity, s.doc_id,
           """ + SOURCE_NAME + """ AS outlet, s.start_char, s.end_char,
           substr(d.body, s.start_char + 1, s.end_char - s.start_char) AS evidence
    FROM stances s JOIN documents d USING (doc_id) LEFT JOIN actors a ON a.actor_id = s.holder_id
    WHERE s.polarity IN ('positive', 'negative')
), disputed AS (
    SELECT target FROM views GROUP BY target HAVING count(DISTINCT polarity) = 2
)
SELECT v.* FROM views v JOIN disputed USING (target) ORDER BY v.target, v.polarity DESC, v.holder_name, v.doc_id,
       v.start_char
"""
