"""Same input, same bytes: the seed corpus analysed under two PYTHONHASHSEEDs gives identical tables."""

from __future__ import annotations

from pathlib import Path

from tests.fault.tables import differences, run_analyze, table_contents


def test_every_table_is_the_same_under_two_hash_seeds(seeds: Path, tmp_path: Path):
    contents = []
    for hash_seed in (1, 3):
        db = tmp_path / f"seed{hash_seed}.duckdb"
        run_analyze(seeds, db, hash_seed)
        contents.append(table_contents(db))
    assert contents[0]["documents"], "the seeds were analysed"
    assert differences(*contents) == []
