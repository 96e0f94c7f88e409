"""The corpus steps: the decisions across articles, made after new articles are stored.

People known only by a surname are joined to the one person named in full, event mentions are clustered into
real events, commitments are settled by later reports, and claims are built across articles. A pass works
only where the new documents' records touch (an incremental pass): new event mentions are compared with the
candidates of their (type, party) blocks, found in SQL by a date window or by vector likeness and cut to
each new mention's nearest (data/clustering.toml), and join the
clusters there are (clusters grow pass by pass: dyad.resolve.event_clusters.OnlineClusters); only the claim
groups and commitments the new records (or an actor whose country was learned) reach are rebuilt. What it
writes is what a full pass over every document writes (dyad rebuild, which replays the passes' clustering in
order), as tests/test_incremental.py checks table by table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np

from dyad.resolve.claims import EventReports, Link, commitment_claims
from dyad.resolve.claims import Mention as ClaimMention
from dyad.resolve.event_clusters import (
    CANDIDATES,
    DATE_SLACK,
    ClusterState,
    EventPoint,
    NeighbourPairs,
    OnlineClusters,
    nearest_clustered,
)
from dyad.resolve.linking import PersonName, link_surnames
from dyad.resolve.position_claims import (
    DocumentName,
    Judgement,
    Naming,
    Statement,
    document_name_claims,
    naming_claims,
    relation_claims,
    stance_claims,
)
from dyad.store import Store
from dyad.store.corpus import EVERY_CLAIM, ClaimScope


@dataclass(slots=True)
class PassSummary:
    documents: int = 0  # documents taken in
    links: int = 0  # surname-only people joined to a person
    reclustered: int = 0  # event mentions whose cluster was decided again
    compared: int = 0  # mentions clustered before that the new ones were compared with
    claims: int = 0  # claim links made (of the claim groups rebuilt)
    written: int = 0  # claim links written: those that changed
    touched: dict[str, int] = field(default_factory=dict)  # claim groups rebuilt, per kind


def run_corpus_pass(store: Store, *, full: bool = False) -> PassSummary:
    """One pass of the corpus steps over what is new (everything with full), in one transaction."""
    summary = PassSummary()
    with store._transaction():
        summary.documents = store.begin_corpus_pass(full=full)
        if not summary.documents and not full:
            store.con.execute("DROP TABLE IF EXISTS corpus_new")
            return summary
        changed = [] if full else store.changed_actors()
        links = _link_people(store, full=full)
        summary.links = len(links)
        moved = store.relink_people(links)
        # may give old records' people another state: changed actors too
        store.settle_person_countries(None if full else sorted(
            {*changed, *(a for link in links for a in link), *store.new_event_parties()}))
        changed = sorted({*changed, *(a for link in links for a in link), *([] if full else store.changed_actors())})
        before = {} if full else store.touched_claim_keys(changed, before=True)
        clustered = _cluster(store, full=full, moved=moved, changed=changed)
        summary.reclustered = clustered.events
        summary.compared = clustered.compared
        store.settle_commitments(moved_events=None if full else moved)
        if full:
            scope = EVERY_CLAIM
        else:
            after = store.touched_claim_keys(changed, before=False)
            scope = ClaimScope(
                clusters=sorted(clustered.clusters),
                commitment_groups=sorted(before["commitment_groups"] | after["commitment_groups"]),
                relation_pairs=sorted(before["relation_pairs"] | after["relation_pairs"]),
                stance_targets=sorted(before["stance_targets"] | after["stance_targets"] | clustered.targets),
                places=sorted(after["places"]))
            summary.touched = {"clusters": len(scope.clusters), "commitment_groups": len(scope.commitment_groups),
                               "relation_pairs": len(scope.relation_pairs),
                               "stance_targets": len(scope.stance_targets), "places": len(scope.places)}
        links_made, scope = build_claims(store, scope)
        summary.claims = len(links_made)
        if not full:
            summary.touched["clusters"] = len(scope.clusters)
        summary.written = store.rewrite_corpus_claims(links_made, scope)
        store.end_corpus_pass()
        store.bump_version()
    return summary


def _link_people(store: Store, *, full: bool) -> list[tuple[str, str]]:
    """(provisional_id, person_id) for surname-only people the corpus names in full once. Incremental: only
    the surnames the new documents name, alone or in full, can have gained or lost a candidate."""
    surname_only, named_in_full = store.people_names()
    if not full:
        new_surname_only, new_full = store.people_names(new_only=True)
        touched = {name.casefold() for _, name in new_surname_only}
        touched |= {name.split()[-1].casefold() for _, name in new_full if len(name.split()) >= 2}
        surname_only = [row for row in surname_only if row[1].casefold() in touched]
    found = link_surnames([PersonName(*row) for row in surname_only], [PersonName(*row) for row in named_in_full])
    return [(link.provisional_id, link.person_id) for link in found]


@dataclass(frozen=True, slots=True)
class _Clustered:
    events: int  # mentions clustered now
    clusters: set[str]  # cluster ids they had and have: the event claims to rebuild
    targets: set[str]  # stance targets that moved with an agreement's cluster
    compared: int = 0  # clustered mentions the new ones were compared with


def _cluster(store: Store, *, full: bool, moved: list[str], changed: list[str]) -> _Clustered:
    """Cluster the new mentions onto the clusters there are (OnlineClusters); a full pass replays every pass
    in order. The clusters of mentions whose parties changed (and of those a joined person moved) keep their
    mentions but have their claims rebuilt."""
    if full:
        return _replay(store)
    regrouped = store.clusters_of(sorted({*store.party_changed_events(changed), *moved}))
    rows = store.new_event_points()
    if not rows:
        return _Clustered(0, regrouped, set())
    # a first run has nothing to search
    neighbours, vectors = _neighbours(store, rows) if store.clustered_events() else ([], {})
    known = store.clustered_points(neighbours, vectors=False)
    for row in known:  # a neighbour kept by its dates alone is compared by them (event_clusters.nearest_clustered)
        row["vector"] = vectors.get(row["event_id"])
    members: dict[str, list[dict]] = defaultdict(list)
    for row in known:
        members[row["cluster_id"]].append(row)
    held = store.cluster_members(sorted(members))
    online = OnlineClusters()
    for cluster_id, rows_of in members.items():
        whole = held[cluster_id]
        state = ClusterState(whole["latest_start"], whole["earliest_end"],
                              frozenset(whole["pair"]) if whole["pair"] else None, frozenset(whole["parties"]),
                              whole["happened"])
        online.know(cluster_id, state, [_point(r) for r in rows_of])
    online.add([_point(r) for r in rows])
    assigned = {r["event_id"]: online.cluster_of(r["event_id"]) for r in rows}
    renamed = {c: root for c in members if (root := online.cluster_of(c)) != c}
    agreement_docs = sorted({d for c in renamed for d in held[c]["agreement_docs"]})
    targets = set(store.agreement_targets(agreement_docs))
    store.set_event_clusters(assigned, {r["event_id"]: r["parties"] for r in rows}, renamed)
    targets |= set(store.agreement_targets(agreement_docs))
    grown = set(assigned.values()) | set(renamed) | set(renamed.values())  # clusters that gained or lost ids
    return _Clustered(len(rows), regrouped | grown, targets, len(neighbours))


def _neighbours(store: Store, rows: list[dict]) -> tuple[list[str], dict[str, np.ndarray]]:
    """The clustered mentions the new ones (rows) are compared with: their possible pairs read from the
    store without vectors, the vectors of those decided by likeness read as one float32 matrix, and each new
    mention's nearest kept in each block (event_clusters.nearest_clustered); with the vectors read. A
    neighbour whose vector was not read was kept for a pair decided by dates: for any other new mention it
    is not among the nearest (its pair with it would have been read), so it need not be scored against it."""
    table = store.neighbour_pairs(sorted(r["event_id"] for r in rows), DATE_SLACK.days)
    if not table.num_rows:
        return [], {}
    columns = {name: np.array(table.column(name).to_pylist()) for name in table.column_names}
    pairs = NeighbourPairs(columns["fresh_id"], columns["party"], columns["other_id"],
                           columns["dated"].astype(bool), columns["days"].astype(np.int64),
                           columns["both_pairs"].astype(bool))
    other_ids, matrix = store.event_vectors(sorted(set(pairs.other[~pairs.dated].tolist())))
    kept = nearest_clustered(pairs, {r["event_id"]: r["vector"] for r in rows}, other_ids, matrix,
                             CANDIDATES or None)
    return sorted(kept), {event_id: matrix[i] for i, event_id in enumerate(other_ids) if event_id in kept}


def _replay(store: Store) -> _Clustered:
    """Every pass again in the order the documents were taken in, each mention with the parties it was
    clustered with: the clusters an incremental run grew."""
    rows = store.replay_points()
    passes: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        passes[row["pass"]].append(row)
    online = OnlineClusters()
    for number in sorted(passes):
        online.add([_point(r) for r in passes[number]])
    store.set_event_clusters({r["event_id"]: online.cluster_of(r["event_id"]) for r in rows},
                             {r["event_id"]: r["parties"] for r in rows})
    return _Clustered(len(rows), set(), set())


def _point(row: dict) -> EventPoint:
    return EventPoint(row["event_id"], row["plover_type"], row["mode"], frozenset(row["parties"]), row["event_date"],
                      row["date_end"], row["modality"], row["vector"])


def build_claims(store: Store, scope: ClaimScope = EVERY_CLAIM) -> tuple[list[Link], ClaimScope]:
    """Claims from event clusters, commitments, relation statements and stances, with how each article stands
    to each (of the groups in scope), and the scope they replace (with the event clusters whose claims
    changed)."""
    links, scope = _event_links(store, scope)
    _, commitments, _ = store.claim_inputs(replace(scope, clusters=[]))
    links += commitment_claims([ClaimMention(**row) for row in _renamed(commitments)])
    statements, judgements = store.position_claim_inputs(scope)
    links += relation_claims([Statement(**row) for row in statements])
    links += stance_claims([Judgement(**row) for row in judgements])
    links += naming_claims([Naming(**row) for row in store.naming_claim_inputs(scope)])
    links += document_name_claims([DocumentName(**row) for row in store.document_name_inputs(scope)])
    return links, scope


def _event_links(store: Store, scope: ClaimScope) -> tuple[list[Link], ClaimScope]:
    """Event claims. Incremental: the reports of the touched clusters and of every cluster a denial could
    pass between them and others (signature_closure) are read and the denials placed among them; the claims
    rebuilt are those of the touched clusters and of the clusters whose joined denials changed."""
    if scope.everything:
        events, _, titles = store.claim_inputs(scope)
        return EventReports.of([ClaimMention(**row) for row in _renamed(events)]).links(titles), scope
    touched = set(scope.clusters)
    read = store.signature_closure(touched)
    events, _, titles = store.claim_inputs(replace(scope, clusters=sorted(read), commitment_groups=[]))
    reports = EventReports.of([ClaimMention(**row) for row in _renamed(events)])
    before = store.joined_denials(sorted(read - touched))
    rebuilt = touched | {c for c in read - touched if reports.joined_denials(c) != before.get(c, set())}
    return reports.links(titles, rebuilt), replace(scope, clusters=sorted(rebuilt))


def _renamed(rows: list[dict]) -> list[dict]:
    return [{("group" if k == "grp" else k): v for k, v in row.items()} for row in rows]
