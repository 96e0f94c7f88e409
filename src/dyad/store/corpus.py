"""The SQL of the corpus steps: what is new to them, what new records touch, and writing back their results.

A pass reads the documents the corpus steps have not taken in yet (table corpus_new, made by
begin_corpus_pass) and the actors whose kind or country changed since the last pass; every other query is
restricted to the events, claim groups and commitments those touch. A full pass (dyad rebuild) treats every
document as new.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb

from dyad.store.rows import unnest_columns

if TYPE_CHECKING:  # Arrow and numpy are loaded by a corpus pass, not by every reader of the store
    import numpy as np
    import pyarrow as pa

# A relation statement's pair at state level, sorted as claims group it ('ARM|RUS').
STATE_PAIR = ("CASE WHEN coalesce(a.country, r.a_id) <= coalesce(b.country, r.b_id) "
              "THEN coalesce(a.country, r.a_id) || '|' || coalesce(b.country, r.b_id) "
              "ELSE coalesce(b.country, r.b_id) || '|' || coalesce(a.country, r.a_id) END")
# What a stance judges: 'the agreement' an article reports stands for its main agreement event (cluster).
STANCE_TARGET = ("CASE WHEN s.target = 'the agreement' THEN 'the agreement (' || coalesce(g.cluster_id, s.doc_id) "
                 "|| ')' ELSE s.target END")
# An event's parties at state level: a person or body stands for its country.
_PARTIES = ("list_distinct(list_filter([coalesce(s.country, e.source_id), coalesce(t.country, e.target_id)], "
            "lambda x: x IS NOT NULL))")
_PARTY_JOINS = ("LEFT JOIN actors s ON s.actor_id = e.source_id AND s.kind IN ('person', 'institution') "
                "LEFT JOIN actors t ON t.actor_id = e.target_id AND t.kind IN ('person', 'institution') ")
_NEVER_JOINED = "('negated', 'hypothetical')"
# What an event claim's mentions share when they tell one thing: type, mode and the parties at state level.
_SIGNATURE = ("e.plover_type || ':' || coalesce(e.mode, '') || ':' || coalesce(s.country, e.source_id, '') || ':' || "
              "coalesce(t.country, e.target_id, '')")
_CORPUS_KINDS = "('event', 'commitment', 'relation', 'stance', 'naming', 'document')"
# A claim link as a row, but for its sentence (which its document and start decide).
_LINK_COLUMNS = (("claim_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("relation", "VARCHAR"), ("start_char", "INTEGER"),
                 ("end_char", "INTEGER"), ("detail", "VARCHAR"))
_LINK_KEY = ", ".join(name for name, _ in _LINK_COLUMNS)


@dataclass(frozen=True, slots=True)
class ClaimScope:
    """The claim groups a corpus pass rebuilds: event clusters (event and document-name claims), commitment
    groups ('who → to whom' at state level), relation pairs ('a|b'), stance targets and places. everything:
    all claims (a full pass)."""

    everything: bool = False
    clusters: list[str] = field(default_factory=list)
    commitment_groups: list[str] = field(default_factory=list)
    relation_pairs: list[str] = field(default_factory=list)
    stance_targets: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def params(self, keys: list[str]) -> dict[str, Any]:
        return {"all": self.everything, "keys": keys}


EVERY_CLAIM = ClaimScope(everything=True)

# The corpus claims of a scope: by the key each kind's claim id is made of (resolve.claims, position_claims).
_CLAIMS_IN_SCOPE = f"""
kind IN {_CORPUS_KINDS} AND ($all
    OR (kind IN ('event', 'document') AND split_part(claim_id, ':', 2) IN (SELECT unnest($clusters)))
    OR (kind = 'commitment' AND regexp_extract(claim_id, '^commitment:(.*):[0-9a-f]+:-?[0-9]+$', 1)
        IN (SELECT unnest($groups)))
    OR (kind = 'commitment' AND starts_with(claim_id, 'internal:') AND claim_id IN (
        SELECT 'internal:' || c.evidence_doc_id || ':' || c.evidence_start FROM commitments c
        LEFT JOIN actors w ON w.actor_id = c.who_id AND w.kind IN ('person', 'institution')
        LEFT JOIN actors r ON r.actor_id = c.to_whom_id AND r.kind IN ('person', 'institution')
        WHERE coalesce(w.country, c.who_id) || ' → ' || coalesce(r.country, c.to_whom_id, '?')
              IN (SELECT unnest($groups))))
    OR (kind = 'relation' AND regexp_extract(claim_id, '^relation:(.*)\\|[^|]*$', 1) IN (SELECT unnest($pairs)))
    OR (kind = 'stance' AND (claim_id IN (SELECT 'stance:' || unnest($targets))
        OR regexp_extract(claim_id, '^stance:(.*):(positive|negative)$', 1) IN (SELECT unnest($targets))
        OR regexp_extract(claim_id, '^view:[^:]+:(.*)$', 1) IN (SELECT unnest($targets))))
    OR (kind = 'naming' AND claim_id IN (SELECT 'naming:' || unnest($places))))
"""


class CorpusRecords:
    """The corpus steps' reads and writes; mixed into Store (which gives the connection and its writing)."""

    con: duckdb.DuckDBPyConnection

    # --- what is new ---------------------------------------------------------------------------------------

    def begin_corpus_pass(self, *, full: bool) -> int:
        """Mark the documents this pass takes in (all with full) and number the pass; returns how many."""
        self.con.execute("CREATE OR REPLACE TEMP TABLE corpus_new AS SELECT doc_id FROM documents d "
                         "WHERE $full OR NOT EXISTS (SELECT 1 FROM corpus_documents c WHERE c.doc_id = d.doc_id)",
                         {"full": full})
        self.pass_number = self._count("SELECT coalesce(max(pass), 0) + 1 FROM corpus_documents")
        return self._count("SELECT count(*) FROM corpus_new")

    def changed_actors(self) -> list[str]:
        """Actors new since the last pass, dropped since, or whose kind or country changed."""
        return [row[0] for row in self.con.execute(
            "SELECT coalesce(a.actor_id, c.actor_id) FROM actors a FULL JOIN corpus_actors c USING (actor_id) "
            "WHERE a.actor_id IS NULL OR c.actor_id IS NULL OR a.kind IS DISTINCT FROM c.kind "
            "OR a.country IS DISTINCT FROM c.country ORDER BY 1").fetchall()]

    def end_corpus_pass(self) -> None:
        """The new documents are taken in; the actors' countries are as this pass saw them."""
        self.con.execute("INSERT OR IGNORE INTO corpus_documents SELECT doc_id, $pass FROM corpus_new",
                         {"pass": self.pass_number})
        self.con.execute("DELETE FROM corpus_actors c WHERE NOT EXISTS (SELECT 1 FROM actors a "
                         "WHERE a.actor_id = c.actor_id)")
        self.con.execute("INSERT OR REPLACE INTO corpus_actors SELECT a.actor_id, a.kind, a.country FROM actors a "
                         "LEFT JOIN corpus_actors c USING (actor_id) WHERE c.actor_id IS NULL "
                         "OR a.kind IS DISTINCT FROM c.kind OR a.country IS DISTINCT FROM c.country")
        self.con.execute("DROP TABLE IF EXISTS corpus_new")

    def bump_version(self) -> None:
        self.con.execute("UPDATE store_version SET version = version + 1")

    # --- people --------------------------------------------------------------------------------------------

    def people_names(self, *, new_only: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(surname-only people, people named in full), each as (actor_id, name); new_only: those the new
        documents mention."""
        new = "AND m.doc_id IN (SELECT doc_id FROM corpus_new) " if new_only else ""
        surname_only = self.con.execute(
            "SELECT DISTINCT a.actor_id, a.name FROM actors a JOIN mentions m USING (actor_id) "
            f"WHERE m.how_resolved = 'learned_person:surname_only' {new}ORDER BY 1").fetchall()
        full = self.con.execute(
            "SELECT a.actor_id, a.name FROM actors a WHERE a.kind = 'person' AND a.name LIKE '% %' " +
            ("AND EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = a.actor_id "
             "AND m.doc_id IN (SELECT doc_id FROM corpus_new)) " if new_only else "") + "ORDER BY 1").fetchall()
        return surname_only, full

    def relink_people(self, links: list[tuple[str, str]]) -> list[str]:
        """Point each surname-only person's mentions at the full-name person (provisional_id, person_id), keep
        its names, drop it when nothing names it any more; returns the events whose party changed."""
        if not links:
            return []
        with self._temp_table("person_links", {"old": ("VARCHAR", [old for old, _ in links]),
                                               "new": ("VARCHAR", [new for _, new in links])}):
            moved = [row[0] for row in self.con.execute(
                "SELECT event_id FROM events WHERE source_id IN (SELECT old FROM person_links) "
                "OR target_id IN (SELECT old FROM person_links) ORDER BY 1").fetchall()]
            self.con.execute(  # the surname's mentions, and a pronoun or description resolved to it: one pass
                "UPDATE mentions SET actor_id = l.new, how_resolved = CASE mentions.how_resolved "
                "WHEN 'learned_person:surname_only' THEN 'learned_person:corpus_surname' "
                "ELSE mentions.how_resolved END FROM person_links l WHERE mentions.actor_id = l.old "
                "AND (mentions.how_resolved = 'learned_person:surname_only' "
                "OR starts_with(mentions.how_resolved, 'coreference:'))")
            for role in ("source", "target"):  # the events that person is a party of, with the state it acts for
                self.con.execute(
                    f"UPDATE events SET {role}_id = l.new, {role}_state = coalesce({role}_state, a.country) "
                    f"FROM person_links l LEFT JOIN actors a ON a.actor_id = l.new WHERE events.{role}_id = l.old")
            self.con.execute(  # each person takes the names of the surname-only people joined to it
                "UPDATE actors SET aliases = list_sort(list_distinct(list_concat(actors.aliases, j.aliases))) "
                "FROM (SELECT l.new, flatten(list(a.aliases)) AS aliases FROM person_links l "
                " JOIN actors a ON a.actor_id = l.old GROUP BY l.new) j WHERE actors.actor_id = j.new")
            self.con.execute("DELETE FROM actors WHERE actor_id IN (SELECT old FROM person_links) "
                             "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = actors.actor_id)")
        return moved

    # --- events --------------------------------------------------------------------------------------------

    def party_changed_events(self, actors: list[str]) -> list[str]:
        """Events naming one of these (changed) actors whose parties at state level are no longer those they
        were clustered with (a country learned, a person joined to another): their cluster stays, their
        claims change."""
        return [row[0] for row in self.con.execute(
            "SELECT e.event_id FROM (SELECT * FROM events WHERE source_id IN (SELECT unnest($actors)) "
            f"OR target_id IN (SELECT unnest($actors))) e {_PARTY_JOINS}JOIN event_clustering c USING (event_id) "
            f"WHERE list_sort(c.parties) <> list_sort({_PARTIES}) ORDER BY 1", {"actors": actors}).fetchall()]

    def clustered_events(self) -> int:
        return self._count("SELECT count(*) FROM event_clustering")

    def clusters_of(self, event_ids: list[str]) -> set[str]:
        return {row[0] for row in self.con.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE event_id IN (SELECT unnest($ids)) "
            "AND cluster_id IS NOT NULL", {"ids": event_ids}).fetchall()}

    def new_event_points(self) -> list[dict[str, Any]]:
        """The events of the documents this pass takes in that are not clustered yet, with their parties now."""
        return self._points("e.doc_id IN (SELECT doc_id FROM corpus_new) AND c.event_id IS NULL", {})

    def clustered_points(self, event_ids: list[str], *, vectors: bool = True) -> list[dict[str, Any]]:
        """Clustered events with the parties they were clustered with, and their cluster (vectors: with their
        sentence vectors, else None, for a caller that read them already)."""
        return self._points("c.event_id IS NOT NULL AND e.event_id IN (SELECT unnest($ids))", {"ids": event_ids},
                            vectors=vectors)

    def replay_points(self) -> list[dict[str, Any]]:
        """Every event, with the parties it was clustered with (those it has now if it never was) and the pass
        its document was taken in (this one if none yet)."""
        return self._points("TRUE", {})

    def _points(self, where: str, params: dict[str, Any], *, vectors: bool = True) -> list[dict[str, Any]]:
        vector = "e.vector" if vectors else "NULL"  # the column's scan is most of such a read
        table = self.con.sql(
            "SELECT e.event_id, e.doc_id, e.plover_type, e.mode, e.event_date, e.date_end, e.modality, e.cluster_id, "
            f"{vector} AS vector, coalesce(c.parties, {_PARTIES}) AS parties, coalesce(p.pass, $pass) AS pass "
            f"FROM events e {_PARTY_JOINS}LEFT JOIN event_clustering c USING (event_id) "
            f"LEFT JOIN corpus_documents p ON p.doc_id = e.doc_id WHERE {where} ORDER BY e.event_id",
            params={**params, "pass": self.pass_number}).to_arrow_table()
        vectors = _float32_rows(table.column("vector"))
        rows = table.drop_columns(["vector"]).to_pylist()
        for row, vector in zip(rows, vectors, strict=True):
            row["vector"] = vector
        return rows

    def neighbour_pairs(self, events: list[str], slack_days: int) -> pa.Table:
        """The pairs (fresh_id, party, other_id) of these (new, unclustered) events with clustered events that
        may be one event, read without a vector: one type and mode, a shared state-level party (as clustered,
        for the clustered one) that is the first they share (the block OnlineClusters compares them in), not
        two different pairs, neither negated nor hypothetical, and either both fully dated with dates that
        meet as resolve.event_clusters._same_event has them meet (dated true, days: how far their windows are
        apart, as nearest_first counts them) or not both fully dated (dated false: their likeness decides,
        resolve.event_clusters.nearest_clustered). both_pairs: both have two parties."""
        return self.con.sql(f"""
            WITH clustered AS (
                SELECT e.event_id, e.plover_type, e.mode, e.event_date, e.date_end, c.parties
                FROM event_clustering c JOIN events e USING (event_id)
                WHERE coalesce(e.modality, '') NOT IN {_NEVER_JOINED}),
            fresh AS (
                SELECT e.event_id, e.plover_type, e.mode, e.event_date, e.date_end, {_PARTIES} AS parties
                FROM events e {_PARTY_JOINS}
                WHERE e.event_id IN (SELECT unnest($events)) AND coalesce(e.modality, '') NOT IN {_NEVER_JOINED}),
            points AS (SELECT *, unnest(parties) AS party FROM clustered),
            fresh_points AS (SELECT *, unnest(parties) AS party FROM fresh),
            pairs AS (
                SELECT s.event_id AS fresh_id, s.party, o.event_id AS other_id,
                       s.event_date IS NOT NULL AND s.date_end IS NOT NULL AND o.event_date IS NOT NULL
                       AND o.date_end IS NOT NULL AS dated,
                       s.event_date - $slack <= o.date_end AND o.event_date - $slack <= s.date_end AS meets,
                       abs(datediff('day', least(s.event_date, s.date_end), least(o.event_date, o.date_end)))
                       + abs(datediff('day', greatest(s.event_date, s.date_end), greatest(o.event_date, o.date_end)))
                       AS days,
                       len(s.parties) = 2 AND len(o.parties) = 2 AS both_pairs
                FROM fresh_points s JOIN points o ON o.plover_type = s.plover_type AND o.party = s.party
                WHERE o.mode IS NOT DISTINCT FROM s.mode
                  AND s.party = list_min(list_intersect(s.parties, o.parties))
                  AND NOT (len(s.parties) = 2 AND len(o.parties) = 2
                           AND list_sort(s.parties) <> list_sort(o.parties)))
            SELECT fresh_id, party, other_id, dated, coalesce(days, 0)::INTEGER AS days, both_pairs FROM pairs
            WHERE NOT dated OR meets ORDER BY fresh_id, party, other_id""",
            params={"events": events, "slack": slack_days}).to_arrow_table()

    def event_vectors(self, event_ids: list[str]) -> tuple[list[str], np.ndarray]:
        """These events' sentence vectors as one float32 matrix, a row per id returned (events with no vector
        are left out), read as one column of the table's fixed-size vectors (FLOAT[300])."""
        import numpy as np

        table = self.con.sql("SELECT event_id, vector FROM events WHERE event_id IN (SELECT unnest($ids)) "
                             "AND vector IS NOT NULL ORDER BY event_id", params={"ids": event_ids}).to_arrow_table()
        ids = table.column("event_id").to_pylist()
        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32)
        column = table.column("vector").combine_chunks()  # FLOAT[300]: a fixed-size list, no nulls here
        flat = _numpy_view(column.flatten()).astype(np.float32, copy=False)
        return ids, flat.reshape(len(ids), column.type.list_size)

    def cluster_members(self, cluster_ids: list[str]) -> dict[str, dict[str, Any]]:
        """What each of these clusters holds, over all its mentions (with the parties they were clustered
        with): starts, ends, parties, the parties of its two-party mentions, whether it happened."""
        rows = self.con.execute(
            "SELECT e.cluster_id, max(e.event_date), min(e.date_end), list_distinct(flatten(list(c.parties))), "
            "first(c.parties ORDER BY e.event_id) FILTER (len(c.parties) = 2), "
            "bool_or(e.modality IN ('past', 'historical')), list(e.doc_id) FILTER (e.plover_type = 'AGREE') "
            "FROM events e JOIN event_clustering c USING (event_id) WHERE e.cluster_id IN (SELECT unnest($ids)) "
            "GROUP BY 1", {"ids": cluster_ids}).fetchall()
        return {r[0]: {"latest_start": r[1], "earliest_end": r[2], "parties": r[3], "pair": r[4], "happened": r[5],
                       "agreement_docs": sorted(set(r[6] or []))} for r in rows}

    def set_event_clusters(self, clusters: dict[str, str], parties: dict[str, list[str]],
                           renamed: dict[str, str] | None = None) -> None:
        """These events' clusters and the parties they were clustered with; renamed: clusters merged into
        another (every mention of the old id takes the new one)."""
        ids = list(clusters)
        with self._temp_table("clustered", {"event_id": ("VARCHAR", ids),
                                            "cluster_id": ("VARCHAR", [clusters[i] for i in ids]),
                                            "parties": ("VARCHAR[]", [parties[i] for i in ids])}):
            if renamed:
                with self._temp_table("renamed_clusters", {"old": ("VARCHAR", list(renamed)),
                                                           "new": ("VARCHAR", list(renamed.values()))}):
                    self.con.execute("UPDATE events SET cluster_id = r.new FROM renamed_clusters r "
                                     "WHERE events.cluster_id = r.old")
            self.con.execute("UPDATE events SET cluster_id = c.cluster_id FROM clustered c "
                             "WHERE events.event_id = c.event_id AND events.cluster_id IS DISTINCT FROM c.cluster_id")
            self.con.execute("INSERT OR REPLACE INTO event_clustering SELECT event_id, parties FROM clustered")

    # --- what a pass touches -------------------------------------------------------------------------------

    def agreement_targets(self, doc_ids: list[str]) -> list[str]:
        """The stance targets of these documents as they stand now ('the agreement (cluster)' moves with the
        clusters of the documents' agreements)."""
        if not doc_ids:
            return []
        return [row[0] for row in self.con.execute(
            "WITH agreements AS (SELECT doc_id, cluster_id, row_number() OVER (PARTITION BY doc_id "
            " ORDER BY count(*) DESC, cluster_id) AS rank FROM events WHERE plover_type = 'AGREE' "
            " AND modality IN ('past', 'historical') AND cluster_id IS NOT NULL "
            " AND doc_id IN (SELECT unnest($docs)) GROUP BY doc_id, cluster_id) "
            f"SELECT DISTINCT {STANCE_TARGET} FROM stances s LEFT JOIN agreements g ON g.doc_id = s.doc_id "
            "AND g.rank = 1 WHERE s.doc_id IN (SELECT unnest($docs)) AND s.target = 'the agreement' ORDER BY 1",
            {"docs": doc_ids}).fetchall()]

    def touched_claim_keys(self, actors: list[str], *, before: bool) -> dict[str, set[str]]:
        """The commitment groups, relation pairs, stance targets and places of the new documents' records and
        of every record naming one of these actors; before: with the actors' countries as the last pass saw
        them (the groups those records were in)."""
        who = "corpus_actors" if before else "actors"
        new = "doc_id IN (SELECT doc_id FROM corpus_new)"
        named = "IN (SELECT unnest($actors))"
        params = {"actors": actors}
        # each as a union of the rows of the new documents and those naming an actor, every part a filter of
        # its own, rather than one scan testing both
        groups = self.con.execute(
            f"SELECT DISTINCT coalesce(w.country, c.who_id) || ' → ' || coalesce(r.country, c.to_whom_id, '?') "
            f"FROM (SELECT * FROM commitments WHERE evidence_{new} UNION ALL SELECT * FROM commitments "
            f"WHERE who_id {named} UNION ALL SELECT * FROM commitments WHERE to_whom_id {named}) c "
            f"LEFT JOIN {who} w ON w.actor_id = c.who_id AND w.kind IN ('person', 'institution') "
            f"LEFT JOIN {who} r ON r.actor_id = c.to_whom_id AND r.kind IN ('person', 'institution')",
            params).fetchall()
        pairs = self.con.execute(
            f"SELECT DISTINCT {STATE_PAIR} FROM (SELECT * FROM relations WHERE {new} UNION ALL "
            f"SELECT * FROM relations WHERE a_id {named} UNION ALL SELECT * FROM relations WHERE b_id {named}) r "
            f"LEFT JOIN {who} a ON a.actor_id = r.a_id AND a.kind IN ('person', 'institution') "
            f"LEFT JOIN {who} b ON b.actor_id = r.b_id AND b.kind IN ('person', 'institution')",
            params).fetchall()
        judged = (f"(SELECT doc_id, target FROM stances WHERE {new} UNION ALL "
                  f"SELECT doc_id, target FROM stances WHERE holder_id {named}) s")
        targets = self.con.execute(
            f"SELECT DISTINCT s.target FROM {judged} WHERE s.target <> 'the agreement'", params).fetchall()
        places = self.con.execute(
            f"SELECT DISTINCT m.actor_id FROM (SELECT actor_id FROM mentions WHERE {new}) m "
            "JOIN actors a USING (actor_id) WHERE a.kind = 'place'").fetchall()
        agreement_docs = [row[0] for row in self.con.execute(
            f"SELECT DISTINCT doc_id FROM {judged} WHERE s.target = 'the agreement'", params).fetchall()]
        return {"commitment_groups": {r[0] for r in groups}, "relation_pairs": {r[0] for r in pairs},
                "stance_targets": {r[0] for r in targets} | set(self.agreement_targets(agreement_docs)),
                "places": {r[0] for r in places}}

    def signature_closure(self, clusters: set[str]) -> set[str]:
        """These clusters and every cluster a denial could pass between them and others: a denial joins the
        first cluster reporting what it denies (same signature), so clusters sharing the signature of a
        negated mention are rebuilt together, transitively."""
        # Only signatures some negated mention has can join clusters: the mentions read are those of the types
        # denied (a filter on a column), then those whose signature is denied.
        self.con.execute(
            "CREATE OR REPLACE TEMP TABLE denied AS SELECT DISTINCT e.plover_type, " + _SIGNATURE + " AS signature "
            f"FROM (SELECT * FROM events WHERE modality = 'negated') e {_PARTY_JOINS}")
        try:
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE claim_signatures AS SELECT DISTINCT e.cluster_id, "
                + _SIGNATURE + " AS signature FROM (SELECT * FROM events WHERE plover_type IN "
                "(SELECT plover_type FROM denied) AND modality IN ('past', 'announced', 'historical', 'negated')) e "
                f"{_PARTY_JOINS}WHERE " + _SIGNATURE + " IN (SELECT signature FROM denied)")
            found = set(clusters)
            while True:
                grown = {row[0] for row in self.con.execute(
                    "SELECT DISTINCT cluster_id FROM claim_signatures WHERE signature IN (SELECT signature "
                    "FROM claim_signatures WHERE cluster_id IN (SELECT unnest($c)))", {"c": sorted(found)}).fetchall()
                } - found
                if not grown:
                    return found
                found |= grown
        finally:
            self.con.execute("DROP TABLE IF EXISTS claim_signatures")
            self.con.execute("DROP TABLE IF EXISTS denied")

    def joined_denials(self, clusters: list[str]) -> dict[str, set[tuple[str, int, int]]]:
        """cluster → the (doc_id, start, end) of the denials from other clusters its event claim links."""
        found: dict[str, set[tuple[str, int, int]]] = {}
        for cluster, doc_id, start, end in self.con.execute(
                "SELECT substr(l.claim_id, 7), l.doc_id, l.start_char, l.end_char FROM claim_links l "
                "WHERE l.claim_id IN (SELECT 'event:' || unnest($clusters)) AND l.relation = 'contradicts' "
                "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.doc_id = l.doc_id AND e.start_char = l.start_char "
                "AND e.end_char = l.end_char AND e.cluster_id = substr(l.claim_id, 7))",
                {"clusters": clusters}).fetchall():
            found.setdefault(cluster, set()).add((doc_id, start, end))
        return found

    # --- claims --------------------------------------------------------------------------------------------

    def delete_corpus_claims(self, scope: ClaimScope) -> None:
        params = {"all": scope.everything, "clusters": scope.clusters, "groups": scope.commitment_groups,
                  "pairs": scope.relation_pairs, "targets": scope.stance_targets, "places": scope.places}
        # the scope's claims found once (its test reads every corpus claim's id), their links and them deleted
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE claims_in_scope AS SELECT claim_id FROM claims WHERE "
                         f"{_CLAIMS_IN_SCOPE}", params)
        try:
            self.con.execute("DELETE FROM claim_links WHERE claim_id IN (SELECT claim_id FROM claims_in_scope)")
            self.con.execute("DELETE FROM claims WHERE claim_id IN (SELECT claim_id FROM claims_in_scope)")
        finally:
            self.con.execute("DROP TABLE IF EXISTS claims_in_scope")

    def rewrite_corpus_claims(self, links: list[Any], scope: ClaimScope) -> int:
        """What Store.replace_corpus_claims leaves, writing only what changed: a pass rebuilds whole claim
        groups (a cluster's claim links every report of it), but the links a new report does not change are
        left where they are, and only the links (as a multiset of rows) and claims that differ are deleted and
        written. Returns how many links were written. A full pass replaces every claim instead."""
        if scope.everything:
            self.replace_corpus_claims(links, scope)
            return len(links)
        params = {"all": False, "clusters": scope.clusters, "groups": scope.commitment_groups,
                  "pairs": scope.relation_pairs, "targets": scope.stance_targets, "places": scope.places}
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE claims_in_scope AS SELECT claim_id, text, kind FROM claims "
                         f"WHERE {_CLAIMS_IN_SCOPE}", params)
        try:
            stored = {row[0]: (row[1], row[2]) for row in self.con.execute(
                "SELECT claim_id, text, kind FROM claims_in_scope").fetchall()}
            stored_links = Counter(tuple(row) for row in self.con.execute(
                f"SELECT {_LINK_KEY} FROM claim_links WHERE claim_id IN (SELECT claim_id FROM claims_in_scope)"
            ).fetchall())
        finally:
            self.con.execute("DROP TABLE IF EXISTS claims_in_scope")
        claims = {link.claim_id: (link.claim_text, link.kind) for link in links}
        made = Counter((x.claim_id, x.doc_id, x.relation, x.start_char, x.end_char, x.detail) for x in links)
        changed = sorted((key for key in stored_links.keys() | made.keys() if stored_links[key] != made[key]),
                         key=repr)
        gone = sorted(c for c, value in stored.items() if claims.get(c) != value)
        if changed:  # every row of a changed key goes, and the rows the pass made of it come
            with self._temp_table("changed_links", {name: (kind, [key[i] for key in changed])
                                                    for i, (name, kind) in enumerate(_LINK_COLUMNS)}):
                self.con.execute("DELETE FROM claim_links USING changed_links c WHERE " + " AND ".join(
                    f"claim_links.{name} IS NOT DISTINCT FROM c.{name}" for name, _ in _LINK_COLUMNS))
        if gone:
            self.con.execute("DELETE FROM claims WHERE claim_id IN (SELECT unnest($ids))", {"ids": gone})
        from dyad.store import tables  # Arrow schemas: a write's

        self._insert("claims", tables.CLAIMS, [{"claim_id": c, "text": text, "kind": kind}
                                               for c, (text, kind) in claims.items() if stored.get(c) != (text, kind)])
        written = [key for key in changed for _ in range(made[key])]
        sentence_at = self._stored_sentences([(key[1], key[3]) for key in written])
        self._insert("claim_links", tables.CLAIM_LINKS, [
            {**dict(zip([name for name, _ in _LINK_COLUMNS], key, strict=True)),
             "sentence": sentence_at.get((key[1], key[3]))} for key in written], keyed=False)
        return len(written)

    # --- helpers -------------------------------------------------------------------------------------------

    def _count(self, sql: str, params: Any = None) -> int:
        rows = self.con.execute(sql, params).fetchall()  # fetched whole: no result left open on the connection
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    @contextlib.contextmanager
    def _temp_table(self, name: str, columns: dict[str, tuple[str, list[Any]]]):
        """A temporary table of these (type, values) columns for the statements inside, made by DuckDB from
        the Python lists as Store._insert makes its rows (rows.unnest_columns)."""
        select, params = unnest_columns(columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", params)  # names: ours
        try:
            yield
        finally:
            with contextlib.suppress(duckdb.TransactionException):  # an aborted pass: its ROLLBACK drops it
                self.con.execute(f"DROP TABLE IF EXISTS {name}")


def _float32_rows(column: pa.ChunkedArray) -> list[np.ndarray | None]:
    """A fixed-size float array column (events.vector, FLOAT[300]) as one float32 numpy vector per row (None
    for a null), read from Arrow's flat values rather than as Python lists."""
    import numpy as np
    import pyarrow as pa

    rows: list[np.ndarray | None] = []
    for chunk in column.chunks:
        if pa.types.is_null(chunk.type):  # a column of NULLs only (the vectors not read)
            rows.extend([None] * len(chunk))
            continue
        size = chunk.type.list_size
        values = _numpy_view(chunk.flatten()).astype(np.float32, copy=False)  # the valid rows' values, in order
        valid = [True] * len(chunk) if chunk.null_count == 0 else chunk.is_valid().to_pylist()
        at = 0
        for present in valid:
            rows.append(values[at:at + size] if present else None)
            at += size if present else 0
    return rows


def _numpy_view(array: pa.Array) -> np.ndarray:
    """A numeric Arrow array as numpy, read from its data buffer when it has no nulls: Array.to_numpy would
    import pandas (pyarrow's pandas check), a third of a second per process."""
    import numpy as np

    if array.null_count:
        return array.to_numpy(zero_copy_only=False)
    dtype = np.dtype(array.type.to_pandas_dtype())
    data = np.frombuffer(array.buffers()[1], dtype=dtype, count=array.offset + len(array))
    return data[array.offset:]
