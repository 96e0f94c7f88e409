"""Commitments announced with an agreement, and later reports that settle them; text written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from dyad.analyze import analyze
from tests.conftest import query

AGREEMENT = ("Norway and Sweden signed a fisheries agreement on January 14, 2025. As part of the agreement, Norway "
             "will send a team of inspectors to Sweden next week. Sweden will also join the Nordic Defence "
             "Cooperation.")


def write(folder: Path, stories: dict[str, tuple[str, str]]) -> None:
    for name, (text, _) in stories.items():
        (folder / name).write_text(text + "\n")
    manifest = [{"file": name, "published": published} for name, (_, published) in stories.items()]
    (folder / "manifest.json").write_text(json.dumps({"articles": manifest}))


def test_announced_undertakings_of_an_agreement_are_pending_commitments(tmp_path: Path, db: Path, cli):
    write(tmp_path, {"a.txt": (AGREEMENT, "2025-01-15")})
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("commitments", "--db", db, "--json").stdout)
    assert [(r["agreement"], r["who_id"], r["to_whom_id"], r["status"]) for r in rows] == [
        ("fisheries agreement", "NOR", "SWE", "pending"),
        ("fisheries agreement", "SWE", "nordic-defence-cooperation", "pending")]
    send = rows[0]
    assert send["what"] == "As part of the agreement, Norway will send a team of inspectors to Sweden next week"
    assert (str(send["due_date"]), send["due_text"]) == ("2025-01-20", "next week")
    assert send["evidence"].startswith("As part of the agreement")


def test_no_agreement_no_commitments(tmp_path: Path, db: Path):
    write(tmp_path, {"a.txt": ("Norway will send a team of inspectors to Sweden next week, officials said.",
                               "2025-01-15")})
    analyze([str(tmp_path)], db=db)
    assert query(db, "SELECT count(*) FROM commitments") == [(0,)]


def test_a_later_report_keeps_or_breaks_a_commitment(tmp_path: Path, db: Path, cli):
    write(tmp_path, {
        "a.txt": (AGREEMENT, "2025-01-15"),
        "b.txt": ("Norway sent a team of inspectors to Sweden on January 21, the ministry said.", "2025-01-22"),
        "c.txt": ("Sweden did not join the Nordic Defence Cooperation after all, officials admitted.", "2025-03-01"),
    })
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("commitments", "--db", db, "--json").stdout)
    assert {(r["who_id"], r["status"]) for r in rows} == {("NOR", "kept"), ("SWE", "broken")}
    kept = json.loads(cli("commitments", "--db", db, "--status", "kept", "--json").stdout)
    assert [r["who_id"] for r in kept] == ["NOR"]


def test_what_the_agreement_itself_provides_is_undertaken_by_its_parties(tmp_path: Path, db: Path, cli):
    write(tmp_path, {"a.txt": ("Chile and Peru signed a water treaty on March 3, 2025. The treaty envisages Chilean "
                               "funding for two desalination plants. The treaty does not create a joint authority.",
                               "2025-03-04")})
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("commitments", "--db", db, "--json").stdout)
    assert [(r["who_id"], r["to_whom_id"], r["what"]) for r in rows] == [
        ("CHL", "PER", "The treaty envisages Chilean funding for two desalination plants")], "a negated one is none"


def test_a_stated_commitment_is_an_undertaking_of_its_party(tmp_path: Path, db: Path, cli):
    story = ("Norway and Sweden signed a fisheries agreement on January 14, 2025. Both nations reiterated their "
             "commitment to the protection of the North Sea cod stocks. Norway is committed to Sweden's access "
             "to its ports, the minister said. Denmark did not express any commitment to the plan.")
    write(tmp_path, {"a.txt": (story, "2025-01-15")})
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("commitments", "--db", db, "--json").stdout)
    pledges = {(r["who_id"], r["to_whom_id"], r["what"]) for r in rows}
    assert any(who in ("NOR", "SWE") and what.startswith("commitment to the protection of the North Sea cod")
               for who, _, what in pledges)
    assert ("NOR", "SWE", "committed to Sweden's access to its ports") in pledges
    assert not any(who == "DNK" for who, _, _ in pledges), "a denied commitment is none"
