"""Stance toward an agreement, by outlet and by speaker, on short articles written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from dyad.analyze import analyze

STORIES = {
    "pro.txt": ("Norway and Sweden signed a fisheries agreement on Monday. The agreement is a landmark achievement "
                "and a positive step for both countries, and it will deepen cooperation in the North Sea."),
    "con.txt": ("Norway and Sweden signed a fisheries agreement on Monday. The deal is a fantasy that offers no "
                "real protection for fishermen, and the agreement will only raise tensions in the region."),
    "quoted.txt": ("Norway and Sweden signed a fisheries agreement on Monday. Economist Lena Hartmann criticized the "
                   "deal. “This agreement is a blunder that will undermine both fleets,” Hartmann said. "
                   "Foreign Minister Clara Vint called the agreement a historic success."),
}


def test_each_outlet_and_speaker_has_a_stance_with_evidence(tmp_path: Path, db: Path, cli):
    for name, text in STORIES.items():
        (tmp_path / name).write_text(text + "\n")
    manifest = [{"file": name, "outlet": name.split(".")[0].title() + " Daily"} for name in STORIES]
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": manifest}))
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("compare", "--db", db, "--json").stdout)["stances"]
    stance = {(r["outlet"], r["holder_id"]): r["stance"] for r in rows}
    assert stance[("Pro Daily", "pro-daily")] == "positive"
    assert stance[("Con Daily", "con-daily")] == "negative"
    assert stance[("Quoted Daily", "lena-hartmann")] == "negative"
    assert stance[("Quoted Daily", "clara-vint")] == "positive"
    assert ("Quoted Daily", "quoted-daily") not in stance, "the outlet itself takes no side"
    evidence = next(r["evidence"] for r in rows if r["holder_id"] == "lena-hartmann")
    assert "blunder" in evidence


def test_negation_turns_an_evaluation_around(tmp_path: Path, db: Path, cli):
    (tmp_path / "a.txt").write_text("The agreement was not successful, and the deal brought no progress at all.\n")
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"file": "a.txt", "outlet": "Daily"}]}))
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("compare", "--db", db, "--json").stdout)["stances"]
    assert [(r["holder_id"], r["stance"]) for r in rows] == [("daily", "negative")]
