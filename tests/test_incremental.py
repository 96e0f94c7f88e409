"""The corpus steps work only where new articles touch, and leave the tables a full rebuild leaves."""

from __future__ import annotations

import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from dyad.analyze import analyze, rebuild_corpus
from dyad.resolve.event_clusters import EventPoint, OnlineClusters, _Cluster, _same_event, cluster_events
from dyad.store import CONTRACT_TABLES, Store
from tests.conftest import DEV, write_corpus
from tests.stories import NORDIC

# Written for this test: one signing told in three batches (a denial, a full name that arrives after the
# surname, a commitment kept by a later report), with relations, stances and place names on the way.
LATER = {
    "e.txt": ("Mr. Halvorsen said the fisheries agreement would change little for the northern ports. Norway "
              "and Sweden did not sign a fisheries agreement on January 14, 2025, a blogger claimed. Sweden "
              "remains a member of NATO.", "2025-01-17"),
    "f.txt": ("Trade analyst Erik Halvorsen called the fisheries agreement between Norway and Sweden historic. "
              "Halvorsen said Norway will send a team of inspectors to Sweden. The deal is a welcome success. "
              "Finland and Estonia held ferry talks in Tallinn on January 16, 2025.", "2025-01-18"),
    "g.txt": ("Finland and Estonia held ferry talks in Tallinn on January 15, 2025. Estonian Foreign Minister "
              "Clara Vint said the talks were useful. Sweden is no longer a member of NATO, a rumour said.",
              "2025-01-19"),
    "h.txt": ("Norway sent a team of inspectors to Sweden on March 1, 2025, under the fisheries agreement. The "
              "agreement is a dangerous mistake, critics in Oslo said.", "2025-03-02"),
}
BATCHES = (("a.txt", "c.txt", "e.txt"), ("b.txt", "f.txt", "g.txt"), ("d.txt", "h.txt"))
STAMPS = {"ingested_at", "seen_at", "applied_at"}  # when a row was written, not what it says


def batch_folders(root: Path, stories: dict[str, tuple[str, str]], batches) -> list[Path]:
    return [write_corpus(root / f"batch{i}", {name: stories[name] for name in names})
            for i, names in enumerate(batches)]


def tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of every record table (and of the corpus steps' own), sorted: row order is not content."""
    found = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in (*CONTRACT_TABLES, "event_clustering", "corpus_documents", "corpus_actors"):
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in STAMPS]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            found[table] = sorted(rows, key=repr)
    return found


def assert_same_tables(first: Path, second: Path) -> None:
    one, other = tables(first), tables(second)
    for table in one:
        assert one[table] == other[table], f"{table} differs"


def assert_batches_give_a_rebuild(folders: list[Path], tmp_path: Path) -> Path:
    """Analyses the folders one run each, rebuilds a copy of the result, and asserts both have the same tables;
    gives the database the runs wrote."""
    stepwise, rebuilt = tmp_path / "stepwise.duckdb", tmp_path / "rebuilt.duckdb"
    for folder in folders:
        analyze([str(folder)], db=stepwise)
    shutil.copyfile(stepwise, rebuilt)
    with Store(rebuilt) as store:
        rebuild_corpus(store)
    assert_same_tables(stepwise, rebuilt)
    return stepwise


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, Path]:
    """The written stories analysed batch after batch, and in one run (one pass)."""
    root = tmp_path_factory.mktemp("incremental")
    folders = batch_folders(root, {**NORDIC, **LATER}, BATCHES)
    stepwise, at_once = root / "stepwise.duckdb", root / "at_once.duckdb"
    for folder in folders:
        analyze([str(folder)], db=stepwise)
    analyze([str(f) for f in folders], db=at_once)
    return stepwise, at_once


def test_batches_and_one_run_differ_only_where_clusters_grew_in_passes(written):
    """People, commitments, per-article records and every claim but those of events are what one run over
    all articles gives; event clusters grow pass by pass (a mention is compared with the clusters there are),
    so they may not."""
    stepwise, at_once = written
    one, other = tables(stepwise), tables(at_once)
    for table in ("documents", "sentences", "mentions", "actors", "quotes", "relations", "stances",
                  "commitments"):
        assert one[table] == other[table], f"{table} differs"
    assert sorted(one["corpus_documents"], key=lambda r: r[1])[-1][1] == len(BATCHES), "one pass per run"
    not_event = lambda rows: [r for r in rows if not r[0].startswith(("event:", "document:"))]  # noqa: E731
    assert not_event(one["claim_links"]) == not_event(other["claim_links"])
    with duckdb.connect(str(stepwise), read_only=True) as con:  # the steps had something to do across batches
        assert con.execute("SELECT count(*) FROM claim_links WHERE relation = 'contradicts'").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM mentions WHERE how_resolved = 'learned_person:corpus_surname'"
                           ).fetchone()[0] > 0
        assert con.execute("SELECT max(n) FROM (SELECT count(DISTINCT doc_id) AS n FROM events "
                           "GROUP BY cluster_id)").fetchone()[0] >= 3


def test_a_rebuild_changes_nothing_an_incremental_run_wrote(written, tmp_path: Path):
    stepwise, _ = written
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(stepwise, rebuilt)
    with Store(rebuilt) as store:
        before = store.store_version()
        summary = rebuild_corpus(store)
        assert store.store_version() == before + 1, "a write raises the version readers cache by"
    assert summary.documents == len(NORDIC) + len(LATER)
    assert_same_tables(stepwise, rebuilt)


def test_a_run_with_nothing_new_touches_nothing(written, tmp_path: Path):
    stepwise, _ = written
    again = tmp_path / "again.duckdb"
    shutil.copyfile(stepwise, again)
    from dyad.analyze import run_corpus_steps

    with Store(again) as store:
        assert run_corpus_steps(store).documents == 0
    assert_same_tables(stepwise, again)


def _countries(store: Store) -> dict[str, str | None]:
    return dict(store.con.execute("SELECT actor_id, country FROM actors ORDER BY 1").fetchall())


def test_a_pass_votes_again_only_for_the_people_its_documents_touch(tmp_path: Path):
    """A person's country is the state most articles code their events to; an incremental pass counts the votes
    of the people its new documents' events name (and of those joined or changed) and no one else's, and
    what it settles is what a vote over everything settles for them."""
    with Store(tmp_path / "votes.duckdb") as store:
        con = store.con
        con.execute("INSERT INTO actors VALUES ('p1', 'person', 'Ada Lind', [], [], 'NOR'), "
                    "('p2', 'person', 'Bo Stam', [], [], 'SWE'), ('p3', 'person', 'Cy Rask', [], [], NULL)")

        def event(n: int, doc: str, source: str, source_state: str, target: str | None = None,
                  target_state: str | None = None) -> None:
            con.execute("INSERT INTO events (event_id, doc_id, start_char, end_char, plover_type, source_id, "
                        "source_state, target_id, target_state) VALUES (?, ?, 0, 1, 'CONSULT', ?, ?, ?, ?)",
                        [f"e{n}", doc, source, source_state, target, target_state])

        event(1, "d1", "p1", "NOR")
        event(2, "d2", "p1", "NOR", "p2", "SWE")
        assert store.settle_person_countries() == 0  # the stored countries are what the votes give
        for n, doc in enumerate(("d3", "d4", "d5"), start=3):  # three new articles code p1 to Sweden
            event(n, doc, "p1", "SWE", "p3" if doc == "d3" else None, "FIN" if doc == "d3" else None)
        event(6, "d1", "p2", "DNK")  # an old article's second vote for p2, not new to this pass
        event(7, "d2", "p2", "DNK")
        con.execute("CREATE TEMP TABLE corpus_new AS SELECT unnest(['d3', 'd4', 'd5']) AS doc_id")
        touched = store.new_event_parties()
        assert touched == ["p1", "p3"]
        assert store.settle_person_countries(touched) == 2
        assert _countries(store) == {"p1": "SWE", "p2": "SWE", "p3": "FIN"}, "p2's votes were not counted"
        assert store.settle_person_countries() == 1  # a vote over everyone reaches p2 too
        assert _countries(store) == {"p1": "SWE", "p2": "DNK", "p3": "FIN"}


def test_the_dev_articles_in_batches_give_the_tables_of_a_rebuild(tmp_path: Path):
    if not DEV.is_dir():
        pytest.skip("../shared/corpus/dev is not beside the repository")
    manifest = {entry["file"]: entry for entry in json.loads((DEV / "manifest.json").read_text())["articles"]}
    names = sorted(manifest)
    folders = []
    for i in range(3):  # every third article in each batch, so that one event's reports land in several
        folder = tmp_path / f"dev{i}"
        folder.mkdir()
        chosen = names[i::3]
        for name in chosen:
            shutil.copyfile(DEV / name, folder / name)
        (folder / "manifest.json").write_text(json.dumps({"articles": [manifest[n] for n in chosen]}))
        folders.append(folder)
    assert_batches_give_a_rebuild(folders, tmp_path)


# --- the clustering itself: only the pairs that can be one event are visited, with the same merges ------------

def reference_clusters(events: list[EventPoint]) -> dict[str, str]:
    """Every pair of each (type, party) block compared, in block order: what the pair search must equal."""
    from itertools import combinations

    parent = {e.event_id: e.event_id for e in events}
    clusters = {e.event_id: _Cluster.of(e) for e in events}

    def root(event_id: str) -> str:
        while parent[event_id] != event_id:
            event_id = parent[event_id]
        return event_id

    blocks: dict[tuple[str, str], list[EventPoint]] = {}
    for event in events:
        for party in sorted(event.parties):
            blocks.setdefault((event.plover_type, party), []).append(event)
    seen = set()
    for key in sorted(blocks):
        for a, b in combinations(sorted(blocks[key], key=lambda e: e.event_id), 2):
            if (a.event_id, b.event_id) in seen:
                continue
            seen.add((a.event_id, b.event_id))
            first, second = sorted((root(a.event_id), root(b.event_id)))
            if first != second and _same_event(a, b) and clusters[first].accepts(clusters[second]):
                parent[second] = first
                clusters[first].absorb(clusters[second])
    return {e.event_id: root(e.event_id) for e in events}


def random_events(seed: int, count: int = 300) -> list[EventPoint]:
    rng = random.Random(seed)
    base = np.random.default_rng(seed).normal(size=(6, 16)).astype(np.float32)
    events = []
    for i in range(count):
        parties = frozenset(rng.sample(["ARM", "AZE", "EU", "RUS", "USA"], rng.choice([1, 2, 2])))
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(40)) if rng.random() < 0.5 else None
        vector = base[rng.randrange(6)] + np.float32(0.3) * np.random.default_rng(i).normal(size=16).astype(
            np.float32) if rng.random() < 0.9 else None
        events.append(EventPoint(f"e{i:04}", rng.choice(["AGREE", "CONSULT"]), rng.choice([None, None, "visit"]),
                                 parties, day, day + timedelta(days=rng.choice([0, 0, 2])) if day else None,
                                 rng.choice(["past", "past", "announced", "negated"]), vector))
    return events


@pytest.mark.parametrize("seed", range(5))
def test_the_pair_search_merges_what_comparing_every_pair_merges(seed: int):
    events = random_events(seed)
    clusters = cluster_events(events)
    assert clusters == reference_clusters(events)
    assert len(set(clusters.values())) < len(events) * 0.9, "the random events do join"


@pytest.mark.parametrize("seed", range(3))
def test_clusters_grown_in_batches_are_those_known_clusters_and_their_neighbours_give(seed: int):
    """A batch meets only the mentions near it: the clusters it is given (each with its state over all its
    mentions) and its neighbours grow as they grow when every earlier mention is in memory."""
    from dyad.resolve.event_clusters import ClusterState, batch_pairs

    events = random_events(seed, 240)
    first, second = events[:160], events[160:]
    whole = OnlineClusters()
    whole.add(first)
    before = {e.event_id: whole.cluster_of(e.event_id) for e in first}
    whole.add(second)
    # a second run knows only the clusters the new mentions' pairs reach, with their states
    blocks: dict = {}
    for event in events:
        if event.modality not in ("negated", "hypothetical"):
            for party in event.parties:
                blocks.setdefault((event.plover_type, party), []).append(event)
    fresh = {e.event_id for e in second}
    neighbours = {e.event_id for pair in batch_pairs(blocks, second) for e in pair} - fresh
    members: dict[str, list[EventPoint]] = {}
    for event in first:
        members.setdefault(before[event.event_id], []).append(event)
    partial = OnlineClusters()
    for cluster_id in {before[n] for n in neighbours}:
        group = members[cluster_id]
        starts, ends = [e.start for e in group if e.start], [e.end for e in group if e.end]
        pair = next((e.parties for e in group if len(e.parties) == 2), None)
        state = ClusterState(max(starts, default=None), min(ends, default=None), pair,
                             frozenset().union(*(e.parties for e in group)), group[0].modality in ("past",
                                                                                                 "historical"))
        partial.know(cluster_id, state, [e for e in group if e.event_id in neighbours])
    partial.add(second)
    renamed = {c: partial.cluster_of(c) for c in {before[n] for n in neighbours}}
    expected = {e.event_id: whole.cluster_of(e.event_id) for e in events}
    got = {e.event_id: partial.cluster_of(e.event_id) if e.event_id in fresh
           else renamed.get(before[e.event_id], before[e.event_id]) for e in events}
    assert got == expected
    assert any(before[e.event_id] != expected[e.event_id] for e in first) or neighbours, "the batch joins some"


# --- the candidates of a new mention are bounded: its nearest, the same in batches as in one run -------------

def capped_pairs(events: list[EventPoint], candidates: int) -> dict[tuple[str, str], tuple[str, str]]:
    """(a, b) → the block that comes first for them, of the pairs each mention keeps: its `candidates`
    nearest accepted others in each block."""
    from dyad.resolve.event_clusters import nearest_first

    blocks: dict[tuple[str, str], list[EventPoint]] = {}
    for event in events:
        if event.modality not in ("negated", "hypothetical"):
            for party in event.parties:
                blocks.setdefault((event.plover_type, party), []).append(event)
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for key, members in blocks.items():
        for event in members:
            others = [o for o in members if o is not event and key == (o.plover_type, min(o.parties & event.parties))
                      and _same_event(event, o)]
            for other in sorted(others, key=lambda o: nearest_first(event, o))[:candidates]:
                pairs.setdefault(tuple(sorted((event.event_id, other.event_id))), key)
    return pairs


def reference_capped_clusters(events: list[EventPoint], candidates: int) -> dict[str, str]:
    """One batch with each mention kept to its `candidates` nearest accepted others in each block that comes
    first for the pair, written plainly over every pair: what the capped search must equal."""
    pairs = capped_pairs(events, candidates)
    parent = {e.event_id: e.event_id for e in events}
    clusters = {e.event_id: _Cluster.of(e) for e in events}

    def root(event_id: str) -> str:
        while parent[event_id] != event_id:
            event_id = parent[event_id]
        return event_id

    for (a, b), _ in sorted(pairs.items(), key=lambda item: (item[1], item[0])):
        first, second = sorted((root(a), root(b)))
        if first != second and clusters[first].accepts(clusters[second]):
            parent[second] = first
            clusters[first].absorb(clusters[second])
    return {e.event_id: root(e.event_id) for e in events}


@pytest.mark.parametrize("seed", range(3))
def test_a_new_mention_is_compared_with_its_nearest_only(seed: int):
    events = random_events(seed, 400)
    capped = cluster_events(events, candidates=2)
    assert capped == reference_capped_clusters(events, 2)
    assert capped != cluster_events(events, candidates=0), "the cap binds on these events"


def test_the_nearest_come_by_date_then_by_likeness():
    from dyad.resolve.event_clusters import nearest_first

    vector = np.ones(4, dtype=np.float32)
    day = date(2025, 3, 10)

    def point(event_id: str, start: date | None, turn: float = 0.0) -> EventPoint:
        return EventPoint(event_id, "CONSULT", None, frozenset({"ARM", "AZE"}), start, start, "past",
                          vector + np.float32(turn) * np.arange(4, dtype=np.float32))

    new = point("e9", day)
    others = [point("e1", None, 0.5), point("e2", day + timedelta(days=2)), point("e3", None, 0.1),
              point("e4", day), point("e5", day - timedelta(days=1))]
    assert [o.event_id for o in sorted(others, key=lambda o: nearest_first(new, o))] == ["e4", "e5", "e2", "e3", "e1"]


def test_batches_with_a_small_cap_give_the_tables_of_a_rebuild(tmp_path: Path, monkeypatch):
    """The store's ranked search (SQL) gives the clustering the nearest it would keep over every mention."""
    import dyad.corpus
    import dyad.resolve.event_clusters

    monkeypatch.setattr(dyad.resolve.event_clusters, "CANDIDATES", 1)
    monkeypatch.setattr(dyad.corpus, "CANDIDATES", 1)
    # written for this test: one visit told by several articles on nearby days, in three batches
    stories = {f"{name}.txt": (text, published) for name, text, published in (
        ("a", "Armenian Prime Minister Lena Aro met Azerbaijani President Ilham Dov in Brussels on May 4, 2025.",
         "2025-05-04"),
        ("b", "Armenia and Azerbaijan held talks in Brussels on May 5, 2025, officials said.", "2025-05-05"),
        ("c", "The leaders of Armenia and Azerbaijan met in Brussels on May 4, 2025.", "2025-05-06"),
        ("d", "Armenia and Azerbaijan held talks in Brussels on May 6, 2025.", "2025-05-07"),
        ("e", "Armenia and Azerbaijan held talks in Geneva on June 20, 2025.", "2025-06-21"),
        ("f", "The leaders of Armenia and Azerbaijan met in Brussels on May 5, 2025, the ministry said.",
         "2025-05-08"))}
    folders = batch_folders(tmp_path, stories, (("a.txt", "b.txt"), ("c.txt", "e.txt"), ("d.txt", "f.txt")))
    stepwise = assert_batches_give_a_rebuild(folders, tmp_path)
    with duckdb.connect(str(stepwise), read_only=True) as con:
        dated = con.execute("SELECT count(DISTINCT cluster_id), count(*) FROM events WHERE plover_type = 'CONSULT' "
                            "AND event_date IS NOT NULL").fetchone()
    assert dated[1] >= 4 and dated[0] < dated[1], "the reports of the visit do cluster"


# --- the neighbour search: exact nearest over a block's vectors, a superset of what the clustering keeps ----

def plain_neighbour_pairs(fresh: list[EventPoint], clustered: list[EventPoint]):
    """What Store.neighbour_pairs reads, written plainly over the events."""
    from dyad.resolve.event_clusters import DATE_SLACK, NeighbourPairs, nearest_first

    rows = []
    for new in fresh:
        for party in sorted(new.parties):
            for other in clustered:
                if new.modality in ("negated", "hypothetical") or other.modality in ("negated", "hypothetical"):
                    continue
                if other.plover_type != new.plover_type or party not in other.parties or other.mode != new.mode:
                    continue
                if party != min(new.parties & other.parties) or (
                        len(new.parties) == 2 and len(other.parties) == 2 and new.parties != other.parties):
                    continue
                dated = bool(new.start and new.end and other.start and other.end)
                if dated and not (new.start - DATE_SLACK <= other.end and other.start - DATE_SLACK <= new.end):
                    continue
                rows.append((new.event_id, party, other.event_id, dated,
                             nearest_first(new, other)[1] if dated else 0,
                             len(new.parties) == 2 and len(other.parties) == 2))
    rows.sort(key=lambda row: row[:3])
    columns = list(zip(*rows, strict=True))
    return NeighbourPairs(np.array(columns[0]), np.array(columns[1]), np.array(columns[2]),
                          np.array(columns[3], dtype=bool), np.array(columns[4], dtype=np.int64),
                          np.array(columns[5], dtype=bool))


def nearest_needed(fresh: list[EventPoint], clustered: list[EventPoint], candidates: int | None) -> set[str]:
    """The clustered mentions OnlineClusters keeps among each new mention's nearest over whole blocks."""
    from dyad.resolve.event_clusters import nearest_first

    known = {e.event_id for e in clustered}
    needed = set()
    for new in fresh:
        if new.modality in ("negated", "hypothetical"):
            continue
        for party in new.parties:
            others = [o for o in [*clustered, *fresh] if o is not new and o.modality not in ("negated", "hypothetical")
                      and o.plover_type == new.plover_type and party in o.parties
                      and party == min(o.parties & new.parties) and _same_event(new, o)]
            others.sort(key=lambda o: nearest_first(new, o))
            needed |= {o.event_id for o in others[:candidates]} & known
    return needed


@pytest.mark.parametrize("seed", range(4))
def test_the_neighbour_search_keeps_every_nearest_the_clustering_keeps(seed: int):
    from dyad.resolve.event_clusters import nearest_clustered

    events = random_events(seed, 360)
    rng = random.Random(seed)
    # copies of one vector: likeness ties, which nearest_first breaks by id
    events = [EventPoint(e.event_id, e.plover_type, e.mode, e.parties, e.start, e.end, e.modality,
                         events[0].vector.copy() if e.vector is not None and rng.random() < 0.2 else e.vector)
              for e in events]
    clustered, fresh = events[:300], events[300:]
    pairs = plain_neighbour_pairs(fresh, clustered)
    with_vector = sorted((e for e in clustered if e.vector is not None), key=lambda e: e.event_id)
    matrix = np.stack([e.vector for e in with_vector])
    vectors = {e.event_id: e.vector for e in fresh}
    kept = {}
    for candidates in (1, 3, 8, None):
        kept[candidates] = nearest_clustered(pairs, vectors, [e.event_id for e in with_vector], matrix, candidates)
        needed = nearest_needed(fresh, clustered, candidates)
        assert needed <= kept[candidates]
        assert len(kept[candidates]) <= len(needed) * 1.5 + 5, "what is kept stays near what is needed"
    assert kept[None] == nearest_needed(fresh, clustered, None)
    assert len(kept[1]) < len(kept[None]), "the cap binds on these events"
