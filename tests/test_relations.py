"""Relations between states and blocs, and what held as of a date, on sentences written for the test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.analyze import analyze
from dyad.extract import build_context
from dyad.extract.relations import extract_relations
from dyad.parse import load_nlp
from dyad.records import Article


def relations(text: str) -> list[tuple[str, str, str, str]]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=date(2025, 1, 15))
    found = extract_relations(build_context(article, load_nlp()(text)))
    return [(r.a_id, r.b_id, r.type, r.status) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kazakhstan is a member of the Eurasian Economic Union.", ("KAZ", "EAEU", "member", "active")),
        ("The tariff would be incompatible with Belarus's membership in the EAEU.",
         ("BLR", "EAEU", "member", "active")),
        ("Kyrgyzstan has paused its participation in CSTO exercises.", ("KGZ", "CSTO", "member", "suspended")),
        ("Mali stopped participating in ECOWAS meetings last year.", ("MLI", "ECOWAS", "member", "suspended")),
        ("Burkina Faso withdrew from ECOWAS in January.", ("BFA", "ECOWAS", "member", "ended")),
        ("Moldova's parliament backed a law on the start of accession to the European Union.",
         ("MDA", "EU", "applicant", "planned")),
        ("Serbia is formally an ally of Russia.", ("RUS", "SRB", "ally", "active")),
    ],
)
def test_stated_relations(text: str, expected: tuple[str, str, str, str]):
    assert relations(text) == [expected]


def test_hypothetical_and_negated_statements_state_nothing():
    assert relations("Georgia could withdraw from the CIS if the talks fail.") == []
    assert relations("Armenia did not suspend its membership in the EAEU.") == []


def test_words_inside_names_are_not_cues():
    assert relations("The EU observer mission in Armenia visited villages near the border.") == []


def test_as_of_a_date_the_latest_statement_holds(tmp_path: Path, db: Path, cli):
    stories = {
        "a.txt": ("Kyrgyzstan is a member of the CSTO, and its soldiers take part in every exercise of the bloc.",
                  "2023-05-10"),
        "b.txt": ("Kyrgyzstan has paused its participation in CSTO exercises, officials said on Monday.",
                  "2025-01-13"),
    }
    for name, (text, _) in stories.items():
        (tmp_path / name).write_text(text + "\n")
    manifest = [{"file": n, "published": p} for n, (_, p) in stories.items()]
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": manifest}))
    analyze([str(tmp_path)], db=db)

    def status_on(day: str) -> list[str]:
        rows = json.loads(cli("relations", "--db", db, "--as-of", day, "--actor", "KGZ", "--json").stdout)
        return [r["status"] for r in rows if r["b_id"] == "CSTO"]

    assert status_on("2024-06-01") == ["active"]
    assert status_on("2025-02-01") == ["suspended"]
    assert status_on("2020-01-01") == []
    evidence = json.loads(cli("relations", "--db", db, "--as-of", "2025-02-01", "--json").stdout)[0]["evidence"]
    assert evidence.startswith("Kyrgyzstan has paused")


def dated(text: str) -> list[tuple[str, str, str, str, str]]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=date(2025, 1, 15))
    found = extract_relations(build_context(article, load_nlp()(text)))
    return [(r.a_id, r.b_id, r.type, r.status, r.dated_by) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the party named after "no longer … but" holds what the first no longer does; ties that hold both ways
        # keep their pair in one (alphabetical) order
        ("Georgia's main security partner is no longer Turkey but France.",
         {("GEO", "TUR", "partner", "ended"), ("FRA", "GEO", "partner", "active")}),
        # kept on paper, emptied in practice
        ("While Kyrgyzstan formally remains a CSTO member, its cabinet does not see itself as a member.",
         {("KGZ", "CSTO", "member", "suspended")}),
        # a trading partner is not a partnership
        ("China remains Mongolia's largest trading partner.", {("CHN", "MNG", "trade_partner", "active")}),
        ("Russia keeps its military base in Tajikistan.", {("RUS", "TJK", "military_base", "active")}),
        ("Tajikistan is replacing Russian border guards with its own units.",
         {("RUS", "TJK", "border_guards", "ended")}),
        ("Moldova remains dependent on Russia for gas.", {("MDA", "RUS", "dependence", "active")}),
        ("Talks on a peace agreement between Ethiopia and Eritrea resumed in Nairobi.",
         {("ERI", "ETH", "peace_process", "active")}),
        ("Indian-Chinese relations took a turn for the worse.", {("CHN", "IND", "relations", "active")}),
        # "formally … But …" across two sentences
        ("Belarus is formally an ally of Russia. But it suspended its cooperation over the border dispute.",
         {("BLR", "RUS", "ally", "suspended")}),
        # a verb coordinated with the cue's own says when it held
        ("The G20, which was co-chaired by France and was once in charge of the talks, has lost its role.",
         {("FRA", "G20", "co_chair", "ended")}),
        # a supposition states no tie; a bid put on hold is suspended
        ("Officials said this makes it impossible for Serbia to be a member of the EU.", set()),
        ("Albania's government was suspending its EU accession talks, the minister said.",
         {("ALB", "EU", "applicant", "suspended")}),
        # a list of any length: each member
        ("The forum includes Peru, Chile, Bolivia, Ecuador, Colombia and Brazil.", set()),
        ("The SCO includes China, Russia, India, Pakistan, Iran and Belarus.",
         {(m, "SCO", "member", "active") for m in ("CHN", "RUS", "IND", "PAK", "IRN", "BLR")}),
        # taking people out is no exit from a bloc; observers sent are no observer status; a willingness ends nothing
        ("The UN said it will withdraw its inspectors from Libya.", set()),
        ("Chad hosted a delegation of observers from the African Union.", set()),
        ("Hungary is an observer of the Organization of Turkic States.", {("HUN", "OTS", "observer", "active")}),
        ("Rwanda says it is willing to withdraw all its soldiers from Congo.", set()),
        ("Tajikistan has been drawing down Russia's presence along its borders.",
         {("RUS", "TJK", "military_presence", "active")}),
        # forces in a place below state level are not in the state the sentence also names
        ("Turkish troops were to guard the villagers living in Nagorno-Karabakh, on the road to Armenia.", set()),
        ("Russian troops are stationed at a base, Armenian officials said.",
         {("RUS", "ARM", "military_presence", "active")}),
        ("Moldova opened strategic partnership talks with Japan.",
         {("JPN", "MDA", "strategic_partner", "planned")}),
        ("The defence agreements between Washington and its allies Japan and Australia were extended.",
         {("JPN", "USA", "defence_agreement", "active"), ("AUS", "USA", "defence_agreement", "active")}),
        ("Finland is now a NATO ally.", {("FIN", "NATO", "member", "active")}),
    ],
)
def test_relations_read_the_sentence(text: str, expected: set[tuple[str, str, str, str]]):
    assert set(relations(text)) == expected


def test_refused_and_former_ties():
    assert relations("Serbia refuses to join NATO.") == []
    assert relations("Uzbekistan, a former member of the CSTO, hosted the talks.") == [
        ("UZB", "CSTO", "member", "ended")]


def test_how_each_statement_is_dated():
    assert dated("Kazakhstan has been a member of the EAEU since its founding.")[0][4] == "undated"
    assert dated("Kazakhstan remains a member of the EAEU.")[0][4] == "article"
    assert dated("In 2015, Kazakhstan joined the EAEU.")[0][4] == "sentence"


def test_as_of_without_publication_dates_gives_the_latest_known(tmp_path: Path, db: Path, cli):
    (tmp_path / "a.txt").write_text("Kyrgyzstan has paused its participation in CSTO exercises.\n")
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("relations", "--db", db, "--as-of", "2025-02-01", "--json").stdout)
    assert [(r["a_id"], r["b_id"], r["status"], r["dated_by"]) for r in rows] == [
        ("KGZ", "CSTO", "suspended", "article")]


def test_undated_background_does_not_outrank_a_dated_statement(tmp_path: Path, db: Path, cli):
    stories = {
        "a.txt": ("Kyrgyzstan has paused its participation in CSTO exercises, officials said on Monday.",
                  "2025-01-13"),
        "b.txt": ("Kyrgyzstan has been a member of the CSTO since its founding, the minister recalled.",
                  "2025-03-01"),
    }
    for name, (text, _) in stories.items():
        (tmp_path / name).write_text(text + "\n")
    manifest = [{"file": n, "published": p} for n, (_, p) in stories.items()]
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": manifest}))
    analyze([str(tmp_path)], db=db)
    rows = json.loads(cli("relations", "--db", db, "--as-of", "2025-03-05", "--actor", "KGZ", "--json").stdout)
    assert [r["status"] for r in rows if r["b_id"] == "CSTO"] == ["suspended"]


def test_a_relation_dated_by_a_year_is_shown_as_that_year(tmp_path, db, cli):
    from tests.conftest import write_corpus

    folder = write_corpus(tmp_path / "articles", {"n.txt": (
        "In 2015, Kazakhstan joined the EAEU, the foreign ministry recalled on Monday.",
        "2025-03-03")})
    cli("analyze", folder, "--db", db)
    [row] = [r for r in json.loads(cli("relations", "--db", db, "--json").stdout) if r["b_id"] == "EAEU"]
    assert row["as_stated_on"] == "2015" and row["dated_by"] == "sentence"
