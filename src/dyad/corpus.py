"""The corpus steps: the decisions across articles, made after new articles are stored.

People known only by a surname are joined to the one person named in full, event mentions are clustered into
real events, commitments are settled by later reports, and claims are built across articles. A pass works
only where the new documents' records touch (an incremental pass): new event mentions are compared with the
candidates of their (type, party) blocks, found in SQL by a date window or by vector likeness, and only the
components they join are reclustered; only the claim groups and commitments the new records (or an actor
whose country was learned) reach are rebuilt. What it writes is what a full pass over every document writes
(dyad rebuild), which tests/test_incremental.py checks table by table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyad.resolve.claims import Link, commitment_claims, event_claims
from dyad.resolve.claims import Mention as ClaimMention
from dyad.resolve.event_clusters import (
    DATE_SLACK,
    LONE_SIMILARITY,
    PAIR_SIMILARITY,
    VECTOR_SLACK,
    EventPoint,
    cluster_with_components,
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
    claims: int = 0  # claim links written
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
        changed = sorted({*changed, *(a for link in links for a in link)})
        moved = store.relink_people(links)
        before = {} if full else store.touched_claim_keys(changed, before=True)
        clustered = _cluster(store, full=full, moved=moved)
        summary.reclustered = clustered.events
        store.settle_commitments(moved_events=None if full else moved)
        if full:
            scope = EVERY_CLAIM
        else:
            after = store.touched_claim_keys(changed, before=False)
            clusters = store.signature_closure(clustered.clusters)
            scope = ClaimScope(
                clusters=sorted(clusters),
                commitment_groups=sorted(before["commitment_groups"] | after["commitment_groups"]),
                relation_pairs=sorted(before["relation_pairs"] | after["relation_pairs"]),
                stance_targets=sorted(before["stance_targets"] | after["stance_targets"] | clustered.targets),
                places=sorted(after["places"]))
            summary.touched = {"clusters": len(scope.clusters), "commitment_groups": len(scope.commitment_groups),
                               "relation_pairs": len(scope.relation_pairs),
                               "stance_targets": len(scope.stance_targets), "places": len(scope.places)}
        links_made = build_claims(store, scope)
        summary.claims = len(links_made)
        store.replace_corpus_claims(links_made, scope)
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


def _cluster(store: Store, *, full: bool, moved: list[str]) -> _Clustered:
    """Recluster the components new or changed mentions join; every other component keeps its clusters."""
    if full:
        members = None
    else:
        seeds = sorted({*store.cluster_seeds(), *moved})
        if not seeds:
            return _Clustered(0, set(), set())
        threshold = min(PAIR_SIMILARITY, LONE_SIMILARITY) - VECTOR_SLACK
        candidates = store.neighbour_candidates(seeds, threshold, DATE_SLACK.days)
        members = store.component_members(sorted({*seeds, *(other for _, other in candidates)}))
    rows = store.event_points(members)
    points = [EventPoint(r["event_id"], r["plover_type"], r["mode"], frozenset(r["parties"]), r["event_date"],
                         r["date_end"], r["modality"], r["vector"]) for r in rows]
    result = cluster_with_components(points)
    agreement_docs = sorted({r["doc_id"] for r in rows if r["plover_type"] == "AGREE"}) if not full else []
    targets = set(store.agreement_targets(agreement_docs))
    store.set_event_clusters(result.clusters, result.components, {r["event_id"]: r["parties"] for r in rows})
    targets |= set(store.agreement_targets(agreement_docs))
    clusters = {r["cluster_id"] for r in rows if r["cluster_id"]} | set(result.clusters.values())
    return _Clustered(len(rows), clusters, targets)


def build_claims(store: Store, scope: ClaimScope = EVERY_CLAIM) -> list[Link]:
    """Claims from event clusters, commitments, relation statements and stances, with how each article stands
    to each (of the groups in scope)."""
    events, commitments, titles = store.claim_inputs(scope)
    links = event_claims([ClaimMention(**row) for row in _renamed(events)], titles)
    links += commitment_claims([ClaimMention(**row) for row in _renamed(commitments)])
    statements, judgements = store.position_claim_inputs(scope)
    links += relation_claims([Statement(**row) for row in statements])
    links += stance_claims([Judgement(**row) for row in judgements])
    links += naming_claims([Naming(**row) for row in store.naming_claim_inputs(scope)])
    links += document_name_claims([DocumentName(**row) for row in store.document_name_inputs(scope)])
    return links


def _renamed(rows: list[dict]) -> list[dict]:
    return [{("group" if k == "grp" else k): v for k, v in row.items()} for row in rows]
