"""General coding rules that must hold on any international news: who a kind of organisation is, what a
blockade by a state's own forces is, a sought agreement, and lexicon entries found by rewording tests.

Sentences written for these tests.
"""

from __future__ import annotations

from datetime import date

from dyad.extract import build_context, extract_records
from dyad.parse import load_nlp
from dyad.records import Article
from tests.test_events import coded, events

PUBLISHED = date(2025, 1, 15)


def _article(text: str) -> Article:
    return Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                   published=PUBLISHED)


def described(text: str, phrase: str) -> tuple[str | None, str]:
    """The actor a description resolves to, and how."""
    context = build_context(_article(text), load_nlp()(text))
    found = next(m for m in context.mentions if m.surface == phrase)
    return found.actor_id, found.how_resolved


def party_coded(text: str) -> list[tuple]:
    """Events as stored: category and mode after the parties' states and sectors are known."""
    return [(e.plover_type, e.mode, e.source_state, e.source_sector)
            for e in extract_records(_article(text), load_nlp()(text)).events]


class TestAKindOfOrganisation:
    def test_of_several_in_play_the_one_named_last(self):
        text = ("The United Nations and the European Union sent observers to Kenya. The EU said on Monday that "
                "the bloc would send more. The organisation said the talks would resume.")
        assert described(text, "The organisation") == ("EU", "coreference:kind")
        text = ("The African Union met in Addis Ababa. Ghana asked the World Health Organization for vaccines. "
                "The organisation said it would send them.")
        assert described(text, "The organisation")[0] == "WHO"

    def test_two_named_together_last_stay_unresolved(self):
        text = "Ghana thanked the World Bank and the IMF for the loans. The organisation said it was worried."
        assert described(text, "The organisation") == (None, "coreference:unresolved:two_of_that_kind")

    def test_the_kind_decides_before_recency(self):
        text = "NATO ministers met in Brussels. Later the European Union said it would fund Ukraine. The alliance " \
               "said it would send more troops."
        assert described(text, "The alliance")[0] == "NATO"  # the EU was named last, but is no alliance

    def test_a_member_count_picks_the_organisation_of_that_size(self):
        text = "NATO and the EU met in Brussels. The 32-member alliance said it would send troops. The 27-member " \
               "bloc said it would send money."
        assert described(text, "The 32-member alliance")[0] == "NATO"
        assert described(text, "The 27-member bloc")[0] == "EU"

    def test_a_member_count_no_known_organisation_has_resolves_nothing(self):
        text = "The EU asked the Security Council for a vote. The 15-member body condemned the attack."
        context = build_context(_article(text), load_nlp()(text))
        assert not any(m.surface.endswith("body") and m.actor_id == "EU" for m in context.mentions)


class TestBlockadesByWhoBlocks:
    def test_a_states_police_or_troops_blocking_roads_restrict_movement(self):
        assert party_coded("Kenyan police blocked the main highway into Nairobi on Tuesday.") == [
            ("COERCE", "restrict", "KEN", "COP")]
        assert party_coded("Iranian troops blocked the roads to the border town.") == [
            ("COERCE", "restrict", "IRN", "MIL")]

    def test_a_state_blocking_a_road_restricts_movement(self):
        assert party_coded("Azerbaijan blocked the only road linking Armenia to the enclave.")[0][:2] == (
            "COERCE", "restrict")

    def test_protesters_blocking_roads_protest(self):
        assert party_coded("Kenyan protesters blocked the main highway into Nairobi on Tuesday.") == [
            ("PROTEST", "obstruct", "KEN", "OPP")]

    def test_a_corridor_or_bridge_is_passage_too(self):
        assert party_coded("Turkish troops blocked the only bridge into the town.") == [
            ("COERCE", "restrict", "TUR", "MIL")]
        # "eco-" before the agent noun is part of it, so the activists are Georgia's opposition, not Georgia
        assert party_coded("However, beginning in March 2021, Georgian eco-activists blocked the corridor.") == [
            ("PROTEST", "obstruct", "GEO", "OPP")]
        assert coded("Armenia has not blocked the decisions of the alliance.")[0][:2] == ("REJECT", "block")

    def test_a_blockade_civilians_mount_is_their_protest(self):
        assert party_coded("Kenyan activists blockaded the port of Mombasa.") == [("PROTEST", "obstruct", "KEN", "OPP")]
        assert party_coded("The Israeli navy blockaded the port.") == [("COERCE", "blockade", "ISR", "MIL")]


class TestASoughtAgreementIsNoAgreement:
    def test_pushing_for_a_deal_between_two_others_is_a_demand_toward_both(self):
        assert coded("The United States pushed for a normalisation deal between Israel and Saudi Arabia.") == [
            ("DEMAND", None, "USA", "ISR", "past"), ("DEMAND", None, "USA", "SAU", "past")]

    def test_calling_for_a_peace_agreement_makes_none(self):
        assert coded("Egypt called for a peace agreement between Sudan and South Sudan.") == [
            ("DEMAND", None, "EGY", "SDN", "past"), ("DEMAND", None, "EGY", "SSD", "past")]

    def test_seeking_a_deal_is_asking_for_it(self):
        assert [e[:4] for e in coded("Qatar sought a deal between Israel and Hamas.")] == [
            ("DEMAND", None, "QAT", "ISR"), ("DEMAND", None, "QAT", "HAMAS")]

    def test_an_agreement_made_is_still_one(self):
        assert coded("Sudan and South Sudan signed a peace agreement in Juba.")[0][:4] == (
            "AGREE", "sign", "SDN", "SSD")


class TestWordsFoundByRewording:
    def test_dismissing_a_plea_rejects_it(self):
        assert coded("The tribunal dismissed pleas from Ethiopia for more time.")[0][0] == "REJECT"
        assert coded("The court dismissed a plea by Pakistan to halt the proceedings.")[0][0] == "REJECT"

    def test_what_is_due_to_happen_is_announced(self):
        assert coded("Talks between Serbia and Kosovo are due to be held in Brussels next week.") == [
            ("CONSULT", "negotiate", "SRB", "XKX", "announced")]
        assert coded("A summit between Egypt and Ethiopia is due to take place in Cairo.")[0][4] == "announced"
        # dated by the clause of what is planned
        planned = events("Talks between Serbia and Kosovo are due to be held in Brussels next week.")[0]
        assert (planned.event_date, planned.date_text) == (date(2025, 1, 20), "next week")

    def test_going_to_war_is_a_use_of_force(self):
        assert coded("India and Pakistan went to war in 1971.") == [("ASSAULT", "war", "IND", "PAK", "historical")]
        assert coded("Iraq went to war with Iran in 1980.")[0][:4] == ("ASSAULT", "war", "IRQ", "IRN")
        assert coded("Norway went to the talks in Oslo.") == []

    def test_pushing_another_to_act_is_a_demand_of_the_modality_of_its_verb(self):
        assert coded("Russia might push Belarus to deploy troops along the border.") == [
            ("DEMAND", None, "RUS", "BLR", "hypothetical")]
        assert coded("France pressed Iran to release the detained diplomats.") == [
            ("DEMAND", None, "FRA", "IRN", "past")]
        assert coded("Chilean police pushed the protesters back.") == []

    def test_hacking_into_phones_is_coercion(self):
        assert coded("North Korea hacked into the phones of South Korean diplomats.") == [
            ("COERCE", None, "PRK", "KOR-GOV", "past")]
        assert coded("Chinese hackers tried to hack into phones of Taiwanese officials.")[0][0::4] == (
            "COERCE", "hypothetical")

    def test_the_possessor_of_an_offensive_is_who_wages_it(self):
        assert coded("Moscow has stepped up its offensive in the Donetsk region.")[0][:3] == ("ASSAULT", None, "RUS")
        assert coded("Ukraine launched its offensive against Russian forces in Kursk.")[0][:4] == (
            "ASSAULT", None, "UKR", "RUS-MIL")

    def test_an_infinitive_below_a_verb_of_planning_is_announced(self):
        # up the chain of infinitives, and 'hopes' where the lemmatiser reads 'hop'
        assert coded("Norway hopes to continue talks with Sweden.")[0] == (
            "CONSULT", "negotiate", "NOR", "SWE", "announced")
        assert coded("Norway continued to shell Sweden.") == [("ASSAULT", None, "NOR", "SWE", "past")]

    def test_a_title_of_a_state_before_a_form_of_address_and_a_name(self):
        # "Sheikh" is a form of address, no modifier that makes the name a thing
        assert party_coded("Prime Minister of Bangladesh Sheikh Hasina met Indian Prime Minister Narendra Modi in "
                           "Delhi.") == [("CONSULT", "meet", "BGD", "GOV")]


class TestStatementsAndSchedules:
    def test_vowing_a_response_to_anothers_act_is_a_threat(self):
        assert coded("Iran promised a crushing response to the Israeli strikes.") == [
            ("THREATEN", None, "IRN", "ISR", "past")]
        assert ("THREATEN", None, "EU", "USA", "past") in coded("The European Union vowed a firm response to US "
                                                                "tariffs.")

    def test_an_event_said_to_be_held_is_the_announced_event_alone(self):
        # scheduled, no party's promise: no AGREE beside it
        assert coded("A summit between Egypt and Sudan will be held in Cairo next week, the ministry announced.") == [
            ("CONSULT", "meet", "EGY", "SDN", "announced")]
        assert coded("Egypt said it will hold talks with Sudan.")[-1][0] == "AGREE"  # a party's own statement

    def test_what_a_meeting_is_aimed_at_has_not_happened(self):
        assert coded("French President Emmanuel Macron on Monday hosted German Chancellor Olaf Scholz in Paris for an "
                     "informal meeting aimed at improving ties between the two leaders.") == [
            ("CONSULT", "host", "emmanuel-macron", "olaf-scholz", "past")]
        assert coded("Norway and Sweden held talks designed to end their dispute over fishing.") == [
            ("CONSULT", "negotiate", "NOR", "SWE", "past")]
        assert coded("Norway aims to sign a deal with Sweden.") == [("AGREE", "sign", "NOR", "SWE", "announced")]


class TestWhatIsCutOrFrozen:
    def test_the_target_of_a_part_is_that_of_what_it_is_part_of(self):
        assert coded("The United States suspended part of a naval aid program for Peru.") == [
            ("SANCTION", "withdraw", "USA", "PER", "past")]

    def test_freezing_funding_or_assets_is_a_sanction_freezing_ones_part_a_suspension(self):
        assert coded("The EU froze part of its funding for Georgia.") == [("SANCTION", "withdraw", "EU", "GEO", "past")]
        assert coded("The United States froze the assets of three Iranian banks.")[0][:4] == (
            "SANCTION", None, "USA", "IRN")
        assert coded("Kyrgyzstan froze its participation in CSTO exercises.")[0][:4] == (
            "RETREAT", "suspend", "KGZ", "CSTO")
