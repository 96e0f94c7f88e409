"""The DuckDB store: the one place SQL is written. A batch goes in one transaction (its rows: store/rows.py)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import duckdb

from dyad.errors import DyadError
from dyad.records import DocumentRecords, Quarantine
from dyad.store.corpus import EVERY_CLAIM, STANCE_TARGET, STATE_PAIR, ClaimScope, CorpusRecords
from dyad.store.migrations import available_migrations, migrate, pending_migrations
from dyad.store.queries import Queries, Reader
from dyad.store.rows import (
    TABLE_WRITES,
    TableWrite,
    arrow_tables,
    batch_rows,
    claim_link_row,
    merge_actor_rows,
    pa_table,
    unnest_columns,
    vector_table,
)

if TYPE_CHECKING:
    import pyarrow as pa

DEFAULT_DB = "dyad.duckdb"


@dataclass(slots=True)
class BatchOutcome:
    stored: list[str] = field(default_factory=list)  # doc ids written now
    duplicates: list[str] = field(default_factory=list)  # sources whose article was already stored
    quarantined: int = 0


class Store(CorpusRecords, Queries):
    """A Dyad database file. Use as a context manager; read_only for serving and listing."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise DyadError(f"no Dyad database at {self.path}; create one with 'dyad analyze PATH --db {self.path}'")
        if not read_only and self.path != ":memory:":  # a new database may go in a new folder (--db build/x.duckdb)
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            raise DyadError(_open_error(self.path, str(error))) from error
        if not read_only:
            migrate(self.con)
        elif self.path != ":memory:" and (missing := pending_migrations(self.con)):
            # reading an older schema would fail later, query by query, with a column that is not there
            self.con.close()
            if len(missing) == len(available_migrations()):
                raise DyadError(f"{self.path} is not a Dyad database (it has no Dyad schema); analyse into it first")
            raise DyadError(f"{self.path} was written by an older Dyad (schema updates {', '.join(map(str, missing))} "
                            f"not applied); bring it up to date with 'dyad migrate --db {self.path}'")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @contextlib.contextmanager
    def reader(self) -> Iterator[Reader]:
        """Queries on a cursor of their own, so that threads (HTTP requests) can read at once."""
        cursor = self.con.cursor()
        try:
            yield Reader(cursor)
        finally:
            cursor.close()

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
            keys = [(r.article.doc_id, r.article.body_sha256, r.article.source) for r in results]
            fresh = [results[i] for i in self._first_unstored(keys, outcome)]
            rows = batch_rows(fresh, quarantines)
            for write in TABLE_WRITES:
                self._insert(write.table, write.schema, rows[write.table], on_conflict=write.on_conflict,
                             keyed=write.keyed)
            self.bump_version()
        outcome.stored = [r.article.doc_id for r in fresh]
        outcome.quarantined = len(rows["quarantine"])
        return outcome

    def _first_unstored(self, keys: Sequence[tuple[str, str, str]], outcome: BatchOutcome) -> list[int]:
        """Positions of the (doc_id, body_sha256, source) keys, in input order, whose bytes and cleaned body are
        new to the database and to the keys before them; the others are counted as duplicates."""
        seen_hashes = {row[0] for row in self.con.execute(
            "SELECT body_sha256 FROM documents WHERE body_sha256 IN (SELECT unnest($1))", [[k[1] for k in keys]]
        ).fetchall()}
        seen_ids = {row[0] for row in self.con.execute(
            "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest($1))", [[k[0] for k in keys]]
        ).fetchall()}
        kept = []
        for position, (doc_id, body_sha256, source) in enumerate(keys):
            if body_sha256 in seen_hashes or doc_id in seen_ids:
                outcome.duplicates.append(source)
                continue
            seen_hashes.add(body_sha256)
            seen_ids.add(doc_id)
            kept.append(position)
        return kept

    def import_staged(self, folder: Path) -> tuple[BatchOutcome, list[Quarantine]]:
        """Load, in one transaction, the per-table Parquet files of a distributed run (`dyad.scale`): the rows
        `write_batch` would store, each tagged with its document (`_doc`, null for an input that failed), its
        input's order (`_input`, `_record`) and its order within the document (`_seq`). As in a local run, the
        first copy of an article in input order is kept; rows stream from Parquet into the tables."""
        outcome = BatchOutcome()
        staged = {w.table: str(folder / w.table / "*.parquet") for w in TABLE_WRITES
                  if any((folder / w.table).glob("*.parquet"))}
        with self._transaction():
            documents = self.con.execute(
                "SELECT doc_id, body_sha256, source, _input, _record FROM read_parquet($1) ORDER BY _input, _record",
                [staged["documents"]]).fetchall() if "documents" in staged else []
            kept = [documents[i] for i in self._first_unstored([d[:3] for d in documents], outcome)]
            origins = [{"_doc": d[0], "_input": d[3], "_record": d[4]} for d in kept]
            tables = arrow_tables()
            self.con.register("kept_documents", pa_table(origins, tables.STAGED_ORIGIN))
            try:
                for write in TABLE_WRITES:
                    if write.table in staged:
                        self._insert_staged(write, staged[write.table])
                quarantined = [Quarantine(*row) for row in self.con.execute(
                    f"SELECT source, stage, reason, detail FROM ({_STAGED_ROWS}) ORDER BY _input, _record, _seq",
                    [staged["quarantine"]]).fetchall()] if "quarantine" in staged else []
                self.bump_version()
            finally:
                with contextlib.suppress(duckdb.TransactionException):
                    self.con.unregister("kept_documents")
        outcome.stored = [d[0] for d in kept]
        outcome.quarantined = len(quarantined)
        return outcome, quarantined

    def _insert_staged(self, write: TableWrite, pattern: str) -> None:
        columns = ", ".join(arrow_tables().STAGED_COLUMNS)
        if write.table == "actors":  # actors are merged in Python, as a batch merges them
            staged = self._dicts(f"SELECT * EXCLUDE ({columns}) FROM ({_STAGED_ROWS}) ORDER BY _input, _record, _seq",
                                 [pattern])
            self._insert(write.table, write.schema, merge_actor_rows(staged), on_conflict=write.on_conflict)
            return
        self.con.execute(f"{_insert_verb(write.on_conflict, write.keyed)} {write.table} BY NAME SELECT * EXCLUDE "
                         f"({columns}) FROM ({_STAGED_ROWS}) ORDER BY _input, _record, _seq", [pattern])

    def _insert(self, table: str, schema: pa.Schema, rows: list[dict[str, Any]], *, on_conflict: str = "",
                keyed: bool = True) -> None:
        """Bulk insert; keyed tables ignore rows already there (a row is only ever written with its document)."""
        if not rows:
            return
        # One column list per column, handed to DuckDB as parameters and unnested side by side (rows.
        # unnest_columns); the insert casts each column to the table's type, as it cast the Arrow columns.
        # Float vectors (an event's sentence vector) are the exception: hundreds of floats a row, converted one
        # by one as parameters, so they go as one Arrow column built from numpy buffers (which imports no
        # pandas), joined back by row number.
        vectors = [f.name for f in schema if f.type == arrow_tables().FLOAT_LIST
                   and all(row.get(f.name) is not None for row in rows)]
        names = [name for name in schema.names if name not in vectors]
        select, columns = unnest_columns({name: (None, [row.get(name) for row in rows]) for name in names})
        verb = _insert_verb(on_conflict, keyed)  # table names and clauses are the module's own constants
        if not vectors:
            self.con.execute(f"{verb} {table} BY NAME SELECT * FROM (SELECT {select}) {on_conflict}", columns)
            return
        self.con.register("incoming_vectors", vector_table(rows, vectors))
        try:
            self.con.execute(f"{verb} {table} BY NAME SELECT * EXCLUDE (_row) FROM (SELECT {select}, "
                             f"unnest(range({len(rows)})) AS _row) JOIN incoming_vectors USING (_row) "
                             f"ORDER BY _row {on_conflict}", columns)
        finally:
            with contextlib.suppress(duckdb.TransactionException):  # an aborted batch: its ROLLBACK follows
                self.con.unregister("incoming_vectors")

    def settle_person_countries(self, people: list[str] | None = None) -> int:
        """Each person's corpus-level country: the state most articles code their events to (one vote per
        article), ties kept by the stored country, then by code order, so that one article's misreading does
        not outvote the others. people: only these people's votes are counted again (an incremental pass: the
        parties of the new documents' events, the people others were joined to, actors whose country changed;
        no other person's votes or stored country moved since the last pass); None: every person. Returns how
        many people changed. Runs inside the corpus pass's transaction (the actors it changes are then changed
        actors to the pass)."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE person_votes AS {_PERSON_COUNTRY_VOTES}",
                         {"all": people is None, "people": people or []})
        try:
            changed = self._scalar("SELECT count(*) FROM person_votes b JOIN actors a USING (actor_id) "
                                   "WHERE a.country IS DISTINCT FROM b.state")
            if changed:
                self.con.execute("UPDATE actors SET country = b.state FROM person_votes b "
                                 "WHERE actors.actor_id = b.actor_id AND actors.country IS DISTINCT FROM b.state")
        finally:
            self.con.execute("DROP TABLE IF EXISTS person_votes")
        return int(changed or 0)

    def new_event_parties(self) -> list[str]:
        """The sources and targets of the events of the documents this pass takes in."""
        return [row[0] for row in self.con.execute(
            "SELECT source_id FROM events WHERE doc_id IN (SELECT doc_id FROM corpus_new) AND source_id IS NOT NULL "
            "UNION SELECT target_id FROM events WHERE doc_id IN (SELECT doc_id FROM corpus_new) "
            "AND target_id IS NOT NULL ORDER BY 1").fetchall()]

    def settle_commitments(self, *, moved_events: list[str] | None = None) -> None:
        """A commitment is kept when a later-dated report tells the same action by the same party as done,
        broken when one tells it as not done; otherwise it stays pending. With moved_events (an incremental
        pass, inside its transaction) only the commitments the new documents' events or these events (whose
        party changed) can settle are looked at; the others' reports are what they were. Runs inside the corpus
        pass's transaction."""
        self.con.execute(_SETTLE_COMMITMENTS, {"all": moved_events is None, "moved": moved_events or []})

    def claim_inputs(self, scope: ClaimScope = EVERY_CLAIM) -> tuple[list[dict[str, Any]], list[dict[str, Any]],
                                                                 dict[str, str]]:
        """Event mentions and commitments as claims are built from them, and a readable title per event (of the
        clusters and commitment groups in scope)."""
        events = self._dicts(
            "SELECT e.cluster_id AS grp, e.doc_id, source_name(d.outlet, d.title, d.source) AS label, "
            "e.summary AS text, "
            "e.start_char, e.end_char, e.modality, e.event_date AS start, "
            "coalesce(e.date_end, e.event_date) AS \"end\", "
            "e.date_text, coalesce(e.quantities, []) AS quantities, list_filter(["
            "CASE WHEN s.kind = 'person' THEN s.country || '|' || s.actor_id || '|' || s.name END, "
            "CASE WHEN t.kind = 'person' THEN t.country || '|' || t.actor_id || '|' || t.name END], "
            "lambda x: x IS NOT NULL) AS people, "
            "e.plover_type || ':' || coalesce(e.mode, '') || ':' || "
            "coalesce(s.country, e.source_id, '') || ':' || coalesce(t.country, e.target_id, '') AS signature "
            "FROM (SELECT * FROM events WHERE $all OR cluster_id IN (SELECT unnest($keys))) e "
            "JOIN documents d USING (doc_id) "
            "LEFT JOIN actors s ON s.actor_id = e.source_id AND s.kind IN ('person', 'institution') "
            "LEFT JOIN actors t ON t.actor_id = e.target_id AND t.kind IN ('person', 'institution') "
            "WHERE e.modality IN ('past', 'announced', 'historical', 'negated') "
            "AND ($all OR e.cluster_id IN (SELECT unnest($keys))) ORDER BY e.doc_id, e.trigger_start",
            scope.params(scope.clusters))
        commitments = self._dicts(
            # one undertaking of one state, whoever speaks for it ("Blinken" in one report, "the US" in another)
            # the commitments of the groups in scope found first, then their documents and events joined
            "WITH scoped AS MATERIALIZED (SELECT * FROM (SELECT c.*, coalesce(w.country, c.who_id) || ' → ' || "
            " coalesce(r.country, c.to_whom_id, '?') AS grp FROM commitments c "
            " LEFT JOIN actors w ON w.actor_id = c.who_id AND w.kind IN ('person', 'institution') "
            " LEFT JOIN actors r ON r.actor_id = c.to_whom_id AND r.kind IN ('person', 'institution')) "
            " WHERE $all OR grp IN (SELECT unnest($keys))) "
            "SELECT c.grp, c.evidence_doc_id AS doc_id, "
            "source_name(d.outlet, d.title, d.source) AS label, c.what AS text, c.evidence_start AS start_char, "
            "c.evidence_end AS end_char, c.due_text AS date_text, coalesce(e.quantities, []) AS quantities "
            "FROM scoped c JOIN documents d ON d.doc_id = c.evidence_doc_id "
            "LEFT JOIN events e ON e.event_id = c.event_id "
            "ORDER BY c.evidence_doc_id, c.evidence_start, c.commitment_id", scope.params(scope.commitment_groups))
        titles = dict(self.con.execute(
            # The best-named, most confident mention titles the claim; ties go to the earliest mention, so the
            # title never depends on the order DuckDB happens to scan the rows in.
            "SELECT e.cluster_id, first(coalesce(s.name, e.source_id, '?') || ' ' || e.plover_type || "
            "coalesce(':' || e.mode, '') || ' ' || coalesce(t.name, e.target_id, '?') || "
            "coalesce(' (' || e.event_date::VARCHAR || ')', '') ORDER BY "
            "((e.source_id IS NULL)::INT + (e.target_id IS NULL)::INT) * 1000 - e.confidence * 100, "
            "e.doc_id, e.trigger_start, e.event_id) "
            "FROM (SELECT * FROM events WHERE $all OR cluster_id IN (SELECT unnest($keys))) e "
            "LEFT JOIN actors s ON s.actor_id = e.source_id LEFT JOIN actors t ON t.actor_id = e.target_id "
            "GROUP BY e.cluster_id",
            scope.params(scope.clusters)).fetchall())
        return events, commitments, titles

    def position_claim_inputs(self, scope: ClaimScope = EVERY_CLAIM) -> tuple[list[dict[str, Any]],
                                                                            list[dict[str, Any]]]:
        """Relation statements (pairs at state level, how each is dated) and stances (holders named; the
        agreement an article reports stands for its main agreement event, so that only articles reporting one
        agreement are compared) as position claims are built from them."""
        statements = self._dicts(
            "SELECT coalesce(a.country, r.a_id) AS a_id, coalesce(b.country, r.b_id) AS b_id, r.type, r.status, "
            "CASE WHEN r.dated_by = 'undated' THEN NULL ELSE coalesce(r.valid_from, r.observed_on) END AS fact_date, "
            "r.observed_on, r.doc_id, source_name(d.outlet, d.title, d.source) AS label, r.start_char, r.end_char "
            "FROM (SELECT r.* FROM relations r "  # the statements of the pairs in scope first, then their documents
            " LEFT JOIN actors a ON a.actor_id = r.a_id AND a.kind IN ('person', 'institution') "
            " LEFT JOIN actors b ON b.actor_id = r.b_id AND b.kind IN ('person', 'institution') "
            " WHERE $all OR " + STATE_PAIR + " IN (SELECT unnest($keys))) r JOIN documents d USING (doc_id) "
            "LEFT JOIN actors a ON a.actor_id = r.a_id AND a.kind IN ('person', 'institution') "
            "LEFT JOIN actors b ON b.actor_id = r.b_id AND b.kind IN ('person', 'institution') "
            "ORDER BY r.doc_id, r.start_char, r.a_id, r.b_id", scope.params(scope.relation_pairs))
        judgements = self._dicts(
            # (incremental) the stances that can have a target in scope: those of the target itself, and those
            # of 'the agreement' in the articles whose main agreement is one in scope, or that have none
            "WITH agreed AS (SELECT regexp_extract(k, '^the agreement \\((.*)\\)$', 1) AS agreement FROM "
            " (SELECT unnest($keys) AS k) WHERE NOT $all AND starts_with(k, 'the agreement (')), "
            "agreement_docs AS (SELECT doc_id FROM events WHERE plover_type = 'AGREE' "
            " AND cluster_id IN (SELECT agreement FROM agreed) UNION SELECT agreement FROM agreed), "
            "agreements AS (SELECT doc_id, cluster_id, row_number() OVER (PARTITION BY doc_id "
            " ORDER BY count(*) DESC, cluster_id) AS rank FROM events WHERE plover_type = 'AGREE' "
            " AND modality IN ('past', 'historical') AND cluster_id IS NOT NULL "
            " AND ($all OR doc_id IN (SELECT doc_id FROM agreement_docs)) GROUP BY doc_id, cluster_id) "
            "SELECT s.holder_id AS holder, coalesce(h.name, CASE WHEN s.holder_id LIKE 'document:%' "
            "THEN source_name(d.outlet, d.title, d.source) END, s.holder_id) AS holder_name, "
            + STANCE_TARGET + " AS target, s.polarity, s.doc_id, source_name(d.outlet, d.title, d.source) AS label, "
            "s.start_char, s.end_char FROM (SELECT * FROM stances WHERE $all OR target IN (SELECT unnest($keys)) "
            " OR (target = 'the agreement' AND doc_id IN (SELECT doc_id FROM agreement_docs))) s "
            "JOIN documents d USING (doc_id) "
            "LEFT JOIN actors h ON h.actor_id = s.holder_id "
            "LEFT JOIN agreements g ON g.doc_id = s.doc_id AND g.rank = 1 "
            "WHERE $all OR " + STANCE_TARGET + " IN (SELECT unnest($keys)) "
            "ORDER BY s.doc_id, s.start_char, s.holder_id, s.target", scope.params(scope.stance_targets))
        return statements, judgements

    def document_name_inputs(self, scope: ClaimScope = EVERY_CLAIM) -> list[dict[str, Any]]:
        """The name each article gives the agreement it reports (its commitments' agreement), with the sentence
        of its main signing event that holds that name."""
        return self._dicts(  # (incremental) only the articles with a signing in a cluster of the scope
            "WITH scoped AS (SELECT DISTINCT doc_id FROM events WHERE NOT $all AND plover_type = 'AGREE' "
            " AND cluster_id IN (SELECT unnest($keys))), "
            "named AS (SELECT evidence_doc_id AS doc_id, arg_min(agreement, evidence_start) AS name "
            " FROM commitments WHERE $all OR evidence_doc_id IN (SELECT doc_id FROM scoped) GROUP BY 1), "
            "told AS (SELECT e.doc_id, e.cluster_id, e.start_char, e.end_char, row_number() OVER (PARTITION BY "
            " e.doc_id ORDER BY e.start_char) AS nth FROM events e JOIN named n USING (doc_id) "
            " JOIN documents d USING (doc_id) WHERE e.plover_type = 'AGREE' AND e.cluster_id IS NOT NULL "
            " AND e.modality IN ('past', 'historical') "
            " AND strpos(lower(substr(d.body, e.start_char + 1, e.end_char - e.start_char)), lower(n.name)) > 0) "
            "SELECT t.cluster_id, n.name, t.doc_id, coalesce(d.outlet, t.doc_id) AS label, t.start_char, t.end_char "
            "FROM told t JOIN named n USING (doc_id) JOIN documents d USING (doc_id) WHERE t.nth = 1 "
            "AND ($all OR t.cluster_id IN (SELECT unnest($keys))) ORDER BY t.doc_id", scope.params(scope.clusters))

    def naming_claim_inputs(self, scope: ClaimScope = EVERY_CLAIM) -> list[dict[str, Any]]:
        """Every mention of a place with the sentence it is in: the names articles give places."""
        return self._dicts(
            "SELECT m.actor_id, m.surface AS name, m.doc_id, coalesce(d.outlet, m.doc_id) AS label, "
            "s.start_char, s.end_char FROM mentions m JOIN actors a USING (actor_id) JOIN documents d USING (doc_id) "
            "JOIN sentences s ON s.doc_id = m.doc_id AND s.start_char <= m.start_char AND m.start_char < s.end_char "
            "WHERE a.kind = 'place' AND ($all OR m.actor_id IN (SELECT unnest($keys))) ORDER BY m.doc_id, m.start_char",
            scope.params(scope.places))

    def replace_corpus_claims(self, links: list[Any], scope: ClaimScope = EVERY_CLAIM) -> None:
        """The claims built across articles in scope replace those there were (internal errors stay, they are
        per article). Called inside the corpus pass's transaction."""
        claims = {link.claim_id: {"claim_id": link.claim_id, "text": link.claim_text, "kind": link.kind}
                  for link in links}
        self.delete_corpus_claims(scope)
        self._insert("claims", arrow_tables().CLAIMS, list(claims.values()))
        # links made across the corpus point into stored documents: their sentences are read from there
        sentence_at = self._stored_sentences([(x.doc_id, x.start_char) for x in links])
        rows = [{**claim_link_row(x.claim_id, x), "sentence": sentence_at.get((x.doc_id, x.start_char))}
                for x in links]
        self._insert("claim_links", arrow_tables().CLAIM_LINKS, rows, keyed=False)

    def _stored_sentences(self, spans: list[tuple[str, int | None]]) -> dict[tuple[str, int], str]:
        """(doc_id, start_char) → the text of the stored sentence a span starting there lies in (the last to
        start at or before it), for these spans only: one row per span, however long their documents."""
        spans = sorted({span for span in spans if span[1] is not None})
        if not spans:
            return {}
        rows = self.con.execute(
            "WITH x AS (SELECT unnest($docs) AS doc_id, unnest($starts) AS start_char), "
            "hit AS (SELECT x.doc_id, x.start_char, max(s.start_char) AS sentence_start FROM x "
            " JOIN (SELECT doc_id, start_char FROM sentences WHERE doc_id IN (SELECT doc_id FROM x)) s "
            " ON s.doc_id = x.doc_id AND s.start_char <= x.start_char GROUP BY ALL) "
            "SELECT h.doc_id, h.start_char, substr(d.body, s.start_char + 1, s.end_char - s.start_char) FROM hit h "
            "JOIN sentences s ON s.doc_id = h.doc_id AND s.start_char = h.sentence_start "
            "JOIN (SELECT doc_id, body FROM documents WHERE doc_id IN (SELECT doc_id FROM x)) d "
            "ON d.doc_id = h.doc_id", {"docs": [d for d, _ in spans], "starts": [s for _, s in spans]}).fetchall()
        return {(doc_id, start): text for doc_id, start, text in rows}


# The staged rows of one table that belong to a kept document, or to no document (an input that failed).
_STAGED_ROWS = (
    "SELECT * FROM read_parquet($1) s WHERE s._doc IS NULL OR EXISTS (SELECT 1 FROM kept_documents k "
    "WHERE k._doc = s._doc AND k._input = s._input AND k._record = s._record)"
)


def _insert_verb(on_conflict: str, keyed: bool) -> str:
    return "INSERT OR IGNORE INTO" if keyed and not on_conflict else "INSERT INTO"


def _open_error(path: str, error: str) -> str:
    """DuckDB lets one process write a database file and no other open it meanwhile: say who holds it."""
    holder = _LOCK_HOLDER.search(error)
    if holder is None:
        return f"cannot open {path}: {error}"
    return (f"{path} is in use by another process (PID {holder.group(1)}: a running 'dyad serve' or "
            "'dyad analyze'?). One process at a time may write a Dyad database and none may read it meanwhile: "
            "stop that process and run this again, or use another --db file.")


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in .*?\(PID (\d+)\)", re.S)


# only the commitments new or moved events can reach ($all false).
_SETTLE_COMMITMENTS = """
WITH touching AS (  -- the new and moved events, as (type, mode, source): what they can settle
    SELECT DISTINCT plover_type, mode, source_id FROM events
    WHERE NOT $all AND (doc_id IN (SELECT doc_id FROM corpus_new) OR event_id IN (SELECT unnest($moved)))),
reached AS (  -- the commitments of the new documents, of moved events, or of an event those report again
    SELECT k.commitment_id FROM commitments k JOIN events p ON p.event_id = k.event_id
    WHERE NOT $all AND (k.evidence_doc_id IN (SELECT doc_id FROM corpus_new) OR k.event_id IN (SELECT unnest($moved))
       OR EXISTS (SELECT 1 FROM touching x WHERE x.plover_type = p.plover_type AND x.mode IS NOT DISTINCT FROM p.mode
                  AND x.source_id = p.source_id)))
UPDATE commitments SET status = coalesce(s.status, 'pending'), settled_by_event_id = s.event_id
FROM (
    SELECT c.commitment_id, arg_max(CASE later.modality WHEN 'negated' THEN 'broken' ELSE 'kept' END,
                                    (later_doc.published, later.event_id)) AS status,
           arg_max(later.event_id, (later_doc.published, later.event_id)) AS event_id
    FROM (SELECT * FROM commitments WHERE $all OR commitment_id IN (SELECT commitment_id FROM reached)) c
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


# One vote per article for the state a person's events are coded to; the winner per person (of $people
# unless $all).
_PERSON_COUNTRY_VOTES = (
    "SELECT actor_id, state FROM ("
    " SELECT v.actor_id, v.state, count(DISTINCT v.doc_id) AS n, a.country FROM ("
    "  SELECT source_id AS actor_id, source_state AS state, doc_id FROM events WHERE source_state IS NOT NULL"
    "  AND ($all OR source_id IN (SELECT unnest($people)))"
    "  UNION ALL SELECT target_id, target_state, doc_id FROM events WHERE target_state IS NOT NULL"
    "  AND ($all OR target_id IN (SELECT unnest($people)))) v"
    " JOIN actors a ON a.actor_id = v.actor_id AND a.kind = 'person' GROUP BY ALL)"
    " QUALIFY row_number() OVER (PARTITION BY actor_id ORDER BY n DESC, (state = country) DESC NULLS LAST, state) = 1"
)


