"""Actor recognition and resolution on sentences written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyad.analyze import analyze
from dyad.extract.actors import extract_actors
from dyad.knowledge.base import load_knowledge
from dyad.parse import load_nlp
from dyad.records import Article
from tests.conftest import query


def resolve(text: str) -> list[tuple[str, str | None, str]]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
    records = extract_actors(article, load_nlp()(text), load_knowledge())
    return [(m.surface, m.actor_id, m.how_resolved) for m in records.mentions]


def ids(text: str) -> list[str | None]:
    return [actor_id for _, actor_id, _ in resolve(text)]


def people(text: str) -> dict[str, tuple[tuple[str, ...], str | None]]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
    facts = extract_actors(article, load_nlp()(text), load_knowledge()).facts.values()
    return {f.actor_id: (f.roles, f.country) for f in facts if f.kind == "person"}


class TestMetonymy:
    @pytest.mark.parametrize(
        ("text", "surface", "expected"),
        [
            ("Yerevan accused Russia of failing to defend its ally.", "Yerevan", ("ARM", "metonymy")),
            ("Moscow warned that the step would be incompatible with the treaty.", "Moscow", ("RUS", "metonymy")),
            ("The Kremlin rejected the proposal on Tuesday.", "Kremlin", ("RUS", "metonymy")),
            ("Washington's approach to the region has changed.", "Washington", ("USA", "metonymy")),
            ("The treaty was signed in Washington on Friday.", "Washington", ("washington", "knowledge_base:location")),
            ("The summit will be held in Baku next spring.", "Baku", ("baku", "knowledge_base:location")),
            ("The delegation flew to Ankara for two days of talks.", "Ankara", ("ankara", "knowledge_base:location")),
        ],
    )
    def test_capital_acting_or_located(self, text: str, surface: str, expected: tuple[str, str]):
        found = {s: (actor_id, how) for s, actor_id, how in resolve(text)}
        assert found[surface] == expected

    def test_allies_in_a_capital_are_the_state(self):
        found = resolve("The decision could alienate its longtime allies in Moscow and Tehran.")
        assert [(s, a) for s, a, _ in found] == [("Moscow", "RUS"), ("Tehran", "IRN")]

    def test_places_joined_by_and_stay_places(self):
        found = resolve("Talks were held in Baku and Ankara last week.")
        assert [(a, h) for _, a, h in found] == [("baku", "knowledge_base:location"),
                                                 ("ankara", "knowledge_base:location")]

    def test_dateline_is_a_place(self):
        found = resolve("Report\n\nTBILISI—The parliament met on Monday to discuss the budget.")
        assert ("TBILISI", "tbilisi", "knowledge_base:location") in found


class TestNames:
    def test_hyphenated_pairs_yield_both_actors(self):
        assert ids("Yerevan-Moscow relations deteriorated sharply.")[:2] == ["ARM", "RUS"]
        assert ids("The Armenia-U.S. strategic dialogue resumed in June.")[:2] == ["ARM", "USA"]
        assert ids("A trilateral Armenia-U.S.-EU summit was held in May.") == ["ARM", "USA", "EU"]

    def test_abbreviations_and_short_forms(self):
        assert ids("The EEU and the CSTO issued a joint statement.") == ["EAEU", "CSTO"]
        assert ids("The U.S. and the UK imposed sanctions on Iran.") == ["USA", "GBR", "IRN"]
        assert ids("Artsakh was the focus of the OSCE Minsk Group.") == ["nagorno-karabakh", "OSCE-MG"]

    def test_adjectives_name_their_state(self):
        assert resolve("Estonian troops arrived.")[0] == ("Estonian", "EST", "knowledge_base:adjective")

    def test_government_bodies(self):
        found = {s: a for s, a, _ in resolve(
            "Armenia's parliament approved the bill, and the Azerbaijani government protested. "
            "The Biden administration stayed silent.")}
        assert found["Armenia's parliament"] == "ARM-PARL"
        assert found["Azerbaijani government"] == "AZE-GOV"
        assert found["Biden administration"] == "USA-GOV"

    def test_unknown_organisation_becomes_an_actor(self):
        found = resolve("A report by the Hollings Institute for Strategic Studies criticised the plan.")
        organisations = [actor_id for _, actor_id, how in found if how == "ner:organisation"]
        assert organisations == ["hollings-institute-for-strategic-studies"]

    def test_unknown_place_is_unresolved_with_a_reason(self):
        found = resolve("Protesters gathered in Springfield on Sunday.")
        assert ("Springfield", None, "unresolved:not_in_knowledge_base") in found


class TestPeople:
    def test_title_gives_role_and_country_and_surnames_join(self):
        text = ("Estonian Foreign Minister Clara Vint met her counterparts on Monday. "
                "Vint said the talks were useful. Mr. Vint left early.")
        assert people(text)["clara-vint"] == (("Foreign Minister",), "EST")
        assert [a for s, a, _ in resolve(text) if "Vint" in s] == ["clara-vint"] * 3

    def test_apposition_gives_role(self):
        text = "Marta Kell, Chairman of the Hollings Institute for Strategic Studies, warned of risks."
        assert people(text)["marta-kell"] == (("Chairman of the Hollings Institute for Strategic Studies",), None)

    def test_lower_case_title(self):
        text = "Political scientist Aram Tevosyan has argued that the deal is limited."
        assert people(text)["aram-tevosyan"] == (("Political Scientist",), None)

    def test_two_people_sharing_a_surname_stay_apart(self):
        text = ("Analyst Anna Petrosyan and economist Karen Petrosyan disagreed about the deal. "
                "Anna Petrosyan called it historic. Karen Petrosyan called it empty. Petrosyan then left.")
        found = people(text)
        assert {"anna-petrosyan", "karen-petrosyan"} <= set(found)
        assert found["anna-petrosyan"][0] == ("Analyst",)
        assert found["karen-petrosyan"][0] == ("Economist",)
        assert ("Petrosyan", None, "unresolved:ambiguous_surname") in resolve(text)

    def test_known_people_come_from_the_knowledge_base(self):
        found = resolve("Lavrov said the results matter more than the label.")
        assert found[0] == ("Lavrov", "sergey-lavrov", "knowledge_base:person")

    def test_document_names_are_not_people(self):
        text = "The two ministers signed the Charter. The Charter creates a commission."
        assert all(actor_id is None for s, actor_id, _ in resolve(text) if s == "Charter")


def test_surname_only_people_join_a_full_name_from_another_article(tmp_path: Path, db: Path):
    (tmp_path / "a.txt").write_text(
        "Mr. Dovlatyan said the agreement would change little in the region. He expects more talks soon.\n")
    (tmp_path / "b.txt").write_text(
        "Analyst Arman Dovlatyan argued that the agreement was symbolic. Dovlatyan expects more talks.\n")
    analyze([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db=db)
    rows = query(db, "SELECT surface, actor_id, how_resolved FROM mentions WHERE surface LIKE '%Dovlatyan%' "
                     "ORDER BY how_resolved")
    assert {actor_id for _, actor_id, _ in rows} == {"arman-dovlatyan"}
    assert ("Dovlatyan", "arman-dovlatyan", "learned_person:corpus_surname") in rows
    assert query(db, "SELECT count(*) FROM actors WHERE actor_id = 'dovlatyan'") == [(0,)]


def test_actors_and_actor_commands(tmp_path: Path, db: Path, cli):
    (tmp_path / "a.txt").write_text("Estonian Foreign Minister Clara Vint met Lavrov in Geneva. Vint said "
                                    "Moscow had not changed its position. The EEU was not discussed.\n")
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": [{"file": "a.txt", "outlet": "Reuters"}]}))
    analyze([str(tmp_path)], db=db)
    listed = json.loads(cli("actors", "--db", db, "--kind", "person", "--json").stdout)
    assert {row["actor_id"] for row in listed} == {"clara-vint", "sergey-lavrov"}
    outlets = json.loads(cli("actors", "--db", db, "--kind", "outlet", "--json").stdout)
    assert [row["actor_id"] for row in outlets] == ["reuters"]
    profile = json.loads(cli("actor", "EEU", "--db", db, "--json").stdout)
    assert profile["actor_id"] == "EAEU"
    assert profile["names_used"] == [{"surface": "EEU", "n": 1}]
    shown = cli("actor", "clara-vint", "--db", db)
    assert "Foreign Minister" in shown.stdout and "EST" in shown.stdout
    missing = cli("actor", "nobody", "--db", db)
    assert missing.exit_code == 2 and "dyad actors" in missing.stderr
