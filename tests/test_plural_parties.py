"""Plural descriptions as parties ('the two sides', 'both countries', 'the three states'): the group each
stands for, and the events they take part in. Sentences written for these tests."""

from __future__ import annotations

import pytest

from dyad.extract import build_context
from dyad.extract.plural_parties import PLURAL
from dyad.parse import load_nlp
from dyad.records import Article
from tests.test_events import coded


def groups(text: str) -> dict[str, tuple[str, ...]]:
    """The plural phrase's head word → the actors it stands for."""
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
    doc = load_nlp()(text)
    context = build_context(article, doc)
    return {doc[i].text: members for i, members in context.index.groups.items()}


def pairs(text: str, category: str) -> set[frozenset[str | None]]:
    return {frozenset((source, target)) for kind, _, source, target, _ in coded(text) if kind == category}


class TestTheGroupAPhraseStandsFor:
    def test_a_counted_phrase_takes_the_coordination_of_that_many_parties(self):
        text = "Egypt, Sudan and Ethiopia met in Khartoum on Friday. The three countries will hold talks in May."
        assert groups(text) == {"countries": ("EGY", "SDN", "ETH")}

    def test_a_coordination_of_another_size_is_no_antecedent(self):
        assert groups("Egypt and Sudan met in Khartoum on Friday. The three countries will hold talks in May.") == {}

    def test_a_hyphen_pair_is_a_group(self):
        assert groups("The Thai-Cambodian border was calm. Both countries have withdrawn their troops.") == {
            "countries": ("THA", "KHM")}

    def test_the_distinct_states_of_a_sentence_fit_a_counted_phrase(self):
        text = ("The army chief of Pakistan called his Indian counterpart on Saturday. Both sides agreed to "
                "stop firing.")
        assert groups(text) == {"sides": ("PAK", "IND")}

    def test_a_phrase_resolved_before_is_a_group_for_the_next(self):
        text = ("Talks between Egypt, Sudan and Ethiopia ended on Friday. The three countries met for two days. "
                "Officials said the three states had failed to agree.")
        assert set(groups(text).values()) == {("EGY", "SDN", "ETH")}

    def test_the_parties_spelled_out_after_the_phrase(self):
        assert groups("Qatar said it speaks to both parties, Israel and Hamas, every day.") == {
            "parties": ("ISR", "HAMAS")}

    def test_leaders_just_named_in_their_sentence_are_their_states(self):
        text = "Norwegian Prime Minister Jonas Berg met Swedish Prime Minister Ulf Lind, and the leaders agreed."
        assert groups(text) == {"leaders": ("NOR", "SWE")}

    def test_coordinated_leaders_are_the_people(self):
        text = "President Maria Costa and President John Miller met on Monday. The two leaders signed a pact."
        assert groups(text) == {"leaders": ("maria-costa", "john-miller")}

    @pytest.mark.parametrize("text", [
        "Egypt and Sudan signed a deal. The other countries in the region were not invited.",
        "Egypt and Sudan signed a deal. Troops on both sides of the border were withdrawn.",
        "Egypt and Sudan signed a deal. The leaders of the African Union welcomed it.",
        "Egypt and Sudan signed a deal. Many countries welcomed it.",
    ])
    def test_a_phrase_of_some_others_or_of_a_place_stands_for_no_group(self, text: str):
        assert groups(text) == {}

    def test_the_phrase_is_recorded_as_a_mention_with_its_antecedent(self):
        text = "Armenia and Azerbaijan signed a deal. The two countries will meet again in May."
        article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
        mentions = [m for m in build_context(article, load_nlp()(text)).mentions if m.how_resolved == PLURAL]
        assert [(m.surface, m.actor_id, text[m.antecedent_start : m.antecedent_end]) for m in mentions] == [
            ("The two countries", None, "Armenia and Azerbaijan")]


class TestEventsOfAGroup:
    def test_a_group_that_fought_fought_each_other(self):
        text = "Peru and Ecuador have long been rivals. In 1995, the two nations fought a border war."
        assert frozenset(("PER", "ECU")) in pairs(text, "ASSAULT")

    def test_a_group_that_meets_is_every_pair_of_it(self):
        text = "Egypt, Sudan and Ethiopia met in Khartoum on Friday. The three countries will hold talks in May."
        assert {frozenset(("EGY", "SDN")), frozenset(("EGY", "ETH")), frozenset(("SDN", "ETH"))} <= pairs(
            text, "CONSULT")

    def test_a_group_as_the_object_is_every_target(self):
        text = "Israel and Hamas agreed to a truce. Qatar will host delegations from both sides."
        assert groups(text) == {"sides": ("ISR", "HAMAS")}


class TestThey:
    def test_they_is_the_nearest_plural_subject_that_names_actors(self):
        text = "Once US officials have seen the Ukrainians tonight, they will meet Russian officials on Monday."
        assert ("CONSULT", "USA-GOV", "RUS-GOV") in [(c, s, t) for c, _, s, t, _ in coded(text)]

    def test_they_after_a_coordination_is_the_group(self):
        assert groups("Armenia and Azerbaijan held talks in May. They agreed to meet again.") == {
            "They": ("ARM", "AZE")}

    def test_a_nearest_plural_subject_that_names_no_actor_leaves_they_alone(self):
        assert groups("France and Spain held talks. The talks ended in May. They were a success.") == {}

    def test_they_inside_a_quotation_is_left_to_the_quotation(self):
        assert groups('Palestinian leaders met on Monday. "They will boycott us," an official said.') == {}


class TestEachOther:
    def test_a_group_that_accused_each_other_is_each_toward_the_other(self):
        text = "Russia and Ukraine exchanged prisoners on Friday. Both sides accused each other of violations."
        assert {("RUS", "UKR"), ("UKR", "RUS")} <= {(s, t) for c, _, s, t, _ in coded(text) if c == "DISAPPROVE"}

    def test_coordinated_parties_that_blamed_one_another(self):
        assert {(s, t) for c, _, s, t, _ in coded("India and Pakistan accused one another of breaking the truce.")
                if c == "DISAPPROVE"} == {("IND", "PAK"), ("PAK", "IND")}

    def test_the_parties_of_a_conflict_are_a_group(self):
        assert groups("Chad and Sudan clashed in May, with the parties of the dispute accusing each other.") \
            == {"parties": ("TCD", "SDN")}


class TestWhichGroup:
    def test_who_met_whom_in_the_main_clause_outranks_a_pair_named_deeper(self):
        text = ("Omani Foreign Minister Ali Harthy met in Geneva with Iranian Foreign Minister Reza Amini to "
                "prepare Iranian-American talks. During the meeting, both sides stressed dialogue.")
        assert groups(text)["sides"] == ("OMN", "IRN")

    def test_a_meeting_s_owner_and_partner_are_a_pair(self):
        text = "After Egypt's meeting with Sudan on Monday, both countries issued a statement."
        assert groups(text) == {"countries": ("EGY", "SDN")}

    def test_a_reciprocal_act_toward_a_group_with_no_one_acting_is_between_its_members(self):
        text = ("Armenia and Azerbaijan fought in 2020. In May, dozens of soldiers were killed, with the two "
                "countries blaming the violence on each other.")
        assert frozenset(("ARM", "AZE")) in pairs(text, "ASSAULT")

    def test_coordinated_parties_that_upgraded_their_ties_act_toward_each_other(self):
        assert {(s, t) for c, _, s, t, _ in coded("Norway and Chile upgraded their diplomatic ties.")
                if c == "SUPPORT"} == {("NOR", "CHL"), ("CHL", "NOR")}
        assert coded("Norway and Chile raised their defence budgets.") == []
