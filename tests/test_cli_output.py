"""Every listing of the CLI prints the same ways: a table, --json, --nl, --csv, --tsv; --fields, --sort and
--limit; an empty result exits 0. On the written corpus of tests/stories.py."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest

LISTINGS = [("documents",), ("actors",), ("quotes",), ("events",), ("timeline", "NOR"), ("clusters",),
            ("relations",), ("relations", "--scores"), ("commitments",), ("stances",), ("claims",)]


@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_every_listing_in_every_format(command: tuple[str, ...], nordic_db: Path, cli):
    run = lambda *options: cli(*command, "--db", nordic_db, *options)  # noqa: E731
    table, as_json, as_nl, as_csv, as_tsv = run(), run("--json"), run("--nl"), run("--csv"), run("--tsv")
    assert all(r.exit_code == 0 for r in (table, as_json, as_nl, as_csv, as_tsv))
    rows = json.loads(as_json.stdout)
    assert rows, f"{command} lists something on the written corpus"
    assert [json.loads(line) for line in as_nl.stdout.splitlines()] == rows
    for output, delimiter in ((as_csv, ","), (as_tsv, "\t")):
        parsed = list(csv.DictReader(io.StringIO(output.stdout), delimiter=delimiter))
        assert len(parsed) == len(rows) and list(parsed[0]) == list(rows[0])
    assert table.stdout.strip()


def test_fields_sort_and_limit(nordic_db: Path, cli):
    result = cli("events", "--db", nordic_db, "--json", "--fields", "date,plover_type,source_id", "--sort",
                 "plover_type,-date")
    rows = json.loads(result.stdout)
    assert all(list(row) == ["date", "plover_type", "source_id"] for row in rows)
    keys = [(r["plover_type"], r["date"]) for r in rows]
    for (type_a, date_a), (type_b, date_b) in itertools.pairwise(keys):
        assert type_a < type_b or (type_a == type_b and (date_b is None or (date_a is not None and date_a >= date_b)))
    limited = json.loads(cli("events", "--db", nordic_db, "--json", "--sort", "plover_type,-date", "--limit", "2",
                             "--fields", "date,plover_type,source_id").stdout)
    assert limited == rows[:2]
    table = cli("actors", "--db", nordic_db, "--fields", "actor_id,kind", "--limit", "3")
    assert table.exit_code == 0 and "actor_id" in table.stdout and "mentions" not in table.stdout


def test_empty_results_exit_zero(nordic_db: Path, cli):
    for options in ((), ("--json",), ("--nl",), ("--csv",), ("--tsv",)):
        result = cli("events", "--db", nordic_db, "--type", "ASSAULT", "--since", "2030-01-01", *options)
        assert result.exit_code == 0
    assert cli("events", "--db", nordic_db, "--since", "2030-01-01", "--json").stdout.strip() == "[]"
    assert cli("quotes", "--db", nordic_db, "--min-confidence", "1", "--nl").stdout == ""


def test_bad_output_options_are_usage_errors(nordic_db: Path, cli):
    assert cli("events", "--db", nordic_db, "--json", "--csv").exit_code == 2
    unknown = cli("events", "--db", nordic_db, "--fields", "date,nonsense")
    assert unknown.exit_code == 2 and "nonsense" in unknown.output
    assert cli("events", "--db", nordic_db, "--sort", "nonsense").exit_code == 2
    assert cli("events", "--db", nordic_db, "--counterpart", "SWE").exit_code == 2


def test_dates_show_their_precision(nordic_db: Path, cli):
    rows = json.loads(cli("events", "--db", nordic_db, "--json").stdout)
    for row in rows:
        if row["date_precision"] == "month":
            assert row["date"] == row["event_date"][:7]
        elif row["date_precision"] == "day":
            assert row["date"] == row["event_date"]
        elif row["event_date"] is None:
            assert row["date"] is None
    timeline = cli("timeline", "NOR", "--db", nordic_db)
    assert "dated events, in time order" in timeline.stdout
