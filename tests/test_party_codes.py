"""Every party coded to a state and a sector: office holders with dated terms, generic agents, companies,
text-given nationality, and the event columns, export and scores that carry them. Sentences written here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from dyad.analyze import analyze
from dyad.extract import extract_records
from dyad.knowledge.cameo import OfficeHolder, Term, load_cameo
from dyad.parse import load_nlp
from dyad.records import Article, DocumentRecords
from tests.conftest import query


def records(text: str, published: date | None = date(2025, 3, 3)) -> DocumentRecords:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=published)
    return extract_records(article, load_nlp()(text))


def parties(text: str, published: date | None = date(2025, 3, 3)) -> list[tuple]:
    return [(e.plover_type, e.source_state, e.source_sector, e.target_state, e.target_sector)
            for e in records(text, published).events]


def person(text: str, actor_id: str, published: date | None = date(2025, 3, 3)) -> tuple[str | None, tuple]:
    fact = next(f for f in records(text, published).actors if f.actor_id == actor_id)
    return fact.country, fact.roles


class TestTerms:
    HOLDER = OfficeHolder("ana-petrova", "Ana Petrova", (
        Term("BGR", "ELI", date(1990, 1, 1), date(2001, 7, 1)),
        Term("BGR", "GOV", date(2001, 7, 1), date(2009, 7, 27)),
    ))

    def test_the_term_that_holds_on_the_day(self):
        standing = self.HOLDER.standing(date(2005, 5, 5))
        assert (standing.country, standing.sector, standing.former) == ("BGR", "GOV", False)

    def test_after_the_last_term_the_person_keeps_the_country_and_is_former(self):
        standing = self.HOLDER.standing(date(2015, 1, 1))
        assert (standing.country, standing.sector, standing.former) == ("BGR", "ELI", True)
        assert standing.role.startswith("former government of BGR")

    def test_the_dictionary_dates_a_real_office_holder(self):
        obama = load_cameo().person("Barack Obama")
        assert obama is not None
        assert (obama.standing(date(2012, 6, 1)).sector, obama.standing(date(2012, 6, 1)).former) == ("GOV", False)
        later = obama.standing(date(2019, 6, 1))
        assert (later.country, later.sector, later.former) == ("USA", "ELI", True)


class TestAgents:
    def test_sector_of_the_longest_agent_phrase(self):
        cameo = load_cameo()
        assert cameo.agent_sector(["anti", "riot", "police"]) == "COP"
        assert cameo.agent_sector(["protester"]) == "OPP"
        assert cameo.agent_sector(["weather"]) is None

    def test_an_agent_with_a_demonym_is_the_state_with_its_sector(self):
        coded = parties("Kyrgyz soldiers detained four Tajik farmers near the border post on Sunday.")
        assert ("COERCE", "KGZ", "MIL", "TJK", "AGR") in coded

    def test_agents_are_institutions_of_their_state(self):
        facts = {f.actor_id: f for f in records("Hundreds of Georgian protesters marched on the parliament.").actors}
        assert (facts["GEO-OPP"].kind, facts["GEO-OPP"].country) == ("institution", "GEO")

    def test_a_counting_noun_acts_as_the_agents_it_counts(self):
        found = {m.surface: m.actor_id for m in records("A group of Moroccan diplomats met the envoy.").mentions}
        assert found["group of Moroccan diplomats"] == "MAR-GOV"

    def test_a_described_person_is_not_a_generic_agent(self):
        ids = {m.actor_id for m in records("The Latvian minister arrived late for the meeting.").mentions}
        assert "LVA-GOV" not in ids


class TestPeople:
    def test_a_known_office_holder_gets_the_country_and_the_term_of_the_day(self):
        text = "Barack Obama met Kenyan leaders in Nairobi to discuss trade."
        country, roles = person(text, "barack-obama", published=date(2015, 7, 25))
        assert country == "USA" and any(r.startswith("government of USA") for r in roles)
        country, roles = person(text, "barack-obama", published=date(2022, 7, 25))
        assert country == "USA" and any(r.startswith("former government of USA") for r in roles)

    def test_a_former_office_holder_acts_as_an_elite(self):
        coded = parties("Barack Obama criticised Russia over the elections.", published=date(2022, 1, 10))
        assert ("DISAPPROVE", "USA", "ELI", "RUS", None) in coded

    def test_the_title_gives_an_unknown_person_the_state(self):
        text = "Uzbek Deputy Foreign Minister Timur Rashidov accused Kazakhstan of breaking the water deal."
        assert parties(text)[0][:3] == ("DISAPPROVE", "UZB", "GOV")

    def test_a_body_inside_an_apposition_gives_the_state(self):
        text = "A member of the Syrian parliament, Karim Haddad, condemned the new law."
        assert person(text, "karim-haddad")[0] == "SYR"

    def test_a_state_word_after_a_qualifier_still_gives_the_state(self):
        text = "Police detained suspected Belgian smuggler Pieter Claes at the port."
        assert person(text, "pieter-claes")[0] == "BEL"

    def test_an_official_of_an_international_organisation_acts_for_it_not_for_a_state(self):
        coded = parties("UN envoy Ban Ki-moon urged Myanmar to free the prisoners.", published=date(2009, 7, 4))
        assert coded[0][:3] == ("DEMAND", None, "IGO")

    def test_a_titled_surname_takes_the_country_its_office_holders_share(self):
        assert person("President Kagame rejected the demands of the opposition.", "kagame")[0] == "RWA"


class TestOrganisations:
    def test_a_company_is_coded_to_its_state_and_business(self):
        coded = parties("China imposed sanctions on Lockheed Martin on Friday.")
        assert ("SANCTION", "CHN", None, "USA", "BUS") in coded

    def test_an_organisation_named_after_its_state_is_that_state_s(self):
        facts = {f.actor_id: f for f in records("Volunteers sent books to Kabul University Medical School.").actors}
        assert facts["kabul-university-medical-school"].country == "AFG"

    def test_a_state_agent_named_as_an_organisation_is_that_agent(self):
        coded = parties("The Israeli Air Force struck a depot near the border.")
        assert coded[0][:3] == ("ASSAULT", "ISR", "MIL")

    def test_a_demonym_of_another_state_is_not_the_dictionary_group(self):
        facts = {f.actor_id: f for f in records("The Palestinian Islamic Jihad movement rejected the offer.").actors}
        assert "HEZBOLLAH" not in facts and facts["palestinian-islamic-jihad"].country == "PSE"

    def test_an_international_organisation_is_no_state(self):
        coded = parties("NATO condemned the attack on Estonia.")
        assert coded[0][:3] == ("DISAPPROVE", None, "IGO")


def test_party_codes_are_stored_exported_and_scored(tmp_path: Path, db: Path, cli):
    (tmp_path / "a.txt").write_text("Somali commandos attacked al-Shabaab fighters near Baidoa on Monday, killing "
                                    "eleven of them.\n")
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"articles": [{"file": "a.txt", "outlet": "Horn Wire", "published": "2025-02-04"}]}))
    analyze([str(tmp_path)], db=db)
    stored = query(db, "SELECT source_id, source_state, source_sector FROM events WHERE plover_type = 'ASSAULT'")
    assert ("SOM-MIL", "SOM", "MIL") in stored
    out = tmp_path / "events.jsonl"
    assert cli("export", "--db", db, "--format", "plover", "--out", out).exit_code == 0
    sources = [a for line in out.read_text().splitlines() for a in json.loads(line).get("source", [])]
    assert {"code": "SOM", "sector": "MIL", "identifier_id": "SOM-MIL"}.items() <= sources[0].items()


def test_a_surname_joined_across_articles_takes_its_events_along(tmp_path: Path, db: Path):
    (tmp_path / "a.txt").write_text("Mr. Tamberg accused Lithuania of breaking the fisheries deal.\n")
    (tmp_path / "b.txt").write_text("Estonian Foreign Minister Karl Tamberg said talks would resume in May.\n")
    analyze([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], db=db)
    assert query(db, "SELECT source_id, source_state, target_state FROM events WHERE plover_type = 'DISAPPROVE'") \
        == [("karl-tamberg", "EST", "LTU")]


class TestFormerStateNames:
    def test_a_former_name_of_a_state_and_its_adjective_name_that_state(self):
        coded = parties("Zairean troops shelled a Kampuchean camp on Friday.")
        assert coded[0][:4] == ("ASSAULT", "COD", "MIL", "KHM")
