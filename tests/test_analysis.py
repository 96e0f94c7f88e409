"""dyad.open: every listing as a pandas DataFrame or an Arrow table, on the written corpus of tests/stories.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import dyad
from dyad.store import CONTRACT_TABLES
from tests.conftest import query


@pytest.fixture(scope="module")
def db(nordic_db: Path):
    with dyad.open(nordic_db) as opened:
        yield opened


def test_listings_are_dataframes_or_arrow_with_the_same_rows(db):
    for listing in (db.documents, db.actors, db.mentions, db.quotes, db.events, db.clusters, db.commitments,
                    db.relations, db.scores, db.stances, db.claims, db.disputes):
        frame, table = listing(), listing(arrow=True)
        assert isinstance(frame, pd.DataFrame) and isinstance(table, pa.Table)
        assert len(frame) == table.num_rows > 0, listing.__name__
        assert list(frame.columns) == table.column_names
    assert pd.api.types.is_datetime64_any_dtype(db.events()["event_date"])
    assert pd.api.types.is_datetime64_any_dtype(db.documents()["published"])


def test_every_table_and_sql(db, nordic_db: Path):
    assert set(CONTRACT_TABLES) | {"clusters"} == set(db.tables)
    for name in db.tables:
        assert len(db.table(name)) == query(nordic_db, f"SELECT count(*) FROM {name}")[0][0]
    assert db.sql("SELECT count(*) AS n FROM events WHERE modality = $m", params={"m": "past"})["n"][0] > 0


def test_quotes_of_a_speaker_come_with_their_sentences(db, nordic_db: Path):
    quotes = db.quotes(speaker="Ingrid Dahl")
    assert len(quotes) >= 1 and set(quotes["speaker_id"]) == {"ingrid-dahl"}
    bodies = dict(query(nordic_db, "SELECT doc_id, body FROM documents"))
    for quote in quotes.itertuples():
        assert quote.sentence in bodies[quote.doc_id]
        assert bodies[quote.doc_id].index(quote.sentence) <= quote.start_char, "the sentence the quote starts in"


def test_events_between_two_states_per_month(db):
    events = db.events(between=("NOR", "SWE"))
    assert len(events) >= 4
    assert all({row.source_id, row.target_id} == {"NOR", "SWE"} for row in events.itertuples())
    per_month = events.groupby([events.event_date.dt.to_period("M"), "plover_type"]).size()
    assert per_month[(pd.Period("2025-01"), "AGREE")] >= 1
    assert db.events(between=("NOR", "PER")).empty
    assert len(db.clusters(between=("SWE", "NOR"))) < len(events), "mentions of one event are one cluster"


def test_disputes_say_which_outlets_disagree_on_what(db):
    disputes = db.disputes()
    due = disputes[disputes["detail"].str.startswith("due:")]
    assert set(due["outlet"]) == {"Outlet A", "Outlet B"}
    assert due["sentence"].notna().all()


def test_an_empty_listing_keeps_its_columns(db):
    empty = db.quotes(speaker="Ingrid Dahl", min_confidence=1.0)
    assert empty.empty and "sentence" in empty.columns
    assert db.disputes(topic="no such words anywhere").columns.tolist() == db.disputes().columns.tolist()


def test_import_dyad_stays_light():
    code = "import sys, dyad; assert 'pandas' not in sys.modules and 'duckdb' not in sys.modules; dyad.open"
    subprocess.run([sys.executable, "-c", code], check=True)
