"""Later references to events ('the agreement', 'the visit'), appraisals, mediation and plural parties, on
sentences written for these tests; each article goes through the whole per-article extraction."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.extract import extract_records
from dyad.parse import load_nlp
from dyad.records import Article

PUBLISHED = date(2025, 1, 15)


def coded(text: str) -> list[tuple]:
    """(sentence number, category, source state, target state, modality) of every event of the article."""
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=PUBLISHED)
    doc = load_nlp()(text)
    starts = [s.start_char for s in doc.sents]
    return sorted({(starts.index(e.start_char), e.plover_type, e.source_state or e.source_id,
                    e.target_state or e.target_id, e.modality) for e in extract_records(article, doc).events})


def on_sentence(found: list[tuple], n: int, category: str) -> list[tuple]:
    return [f for f in found if f[0] == n and f[1] == category]


def pair(event: tuple) -> frozenset:
    return frozenset(event[2:4])


@pytest.mark.model
class TestReferences:
    def test_the_agreement_is_the_one_told_before(self):
        found = coded("Norway and Sweden signed a fisheries agreement in Oslo on Monday. "
                      "The agreement also creates a joint commission on quotas.")
        assert {pair(e) for e in on_sentence(found, 1, "AGREE")} == {frozenset({"NOR", "SWE"})}

    def test_an_indefinite_noun_tells_no_earlier_event(self):
        found = coded("Norway and Sweden signed a fisheries agreement in Oslo on Monday. "
                      "An agreement of this kind is rarely simple.")
        assert on_sentence(found, 1, "AGREE") == []

    def test_a_reference_repeats_the_words_of_what_it_refers_to(self):
        found = coded("Norway and Sweden signed a fisheries agreement in Oslo on Monday. "
                      "The ceasefire agreement was never mentioned at the ceremony.")
        assert on_sentence(found, 1, "AGREE") == []

    def test_welcoming_the_agreement_is_toward_its_other_party(self):
        found = coded("Estonia and Finland signed a border treaty in Tallinn on Monday. "
                      "Estonian Prime Minister Kristen Michal welcomed the treaty.")
        assert [(e[2], e[3]) for e in on_sentence(found, 1, "SUPPORT")] == [("EST", "FIN")]

    def test_a_third_state_welcoming_a_treaty_welcomes_neither_party(self):
        found = coded("Estonia and Finland signed a border treaty in Tallinn on Monday. Germany welcomed the treaty.")
        assert all(e[3] is None for e in on_sentence(found, 1, "SUPPORT"))

    def test_an_expected_visit_is_announced_with_the_parties_of_the_invitation(self):
        found = coded("Lavrov confirmed that Armenian Foreign Minister Ararat Mirzoyan has been invited to Russia. "
                      "The visit is expected to happen in the coming weeks.")
        assert ("CONSULT", "announced") in {(e[1], e[4]) for e in on_sentence(found, 1, "CONSULT")
                                             if pair(e) == frozenset({"RUS", "ARM"})}


@pytest.mark.model
class TestAppraisals:
    def test_calling_an_alliance_a_mistake_criticises_the_other_ally(self):
        found = coded("Armenian Prime Minister Nikol Pashinyan called the Russia-Armenia alliance a strategic "
                      "mistake in an interview.")
        assert [(e[2], e[3]) for e in on_sentence(found, 0, "DISAPPROVE")] == [("ARM", "RUS")]

    def test_describing_the_agreement_as_a_milestone_praises_the_other_party(self):
        found = coded("Chile and the United States signed a charter in Santiago on Friday. "
                      "Secretary of State Antony Blinken described the agreement as a milestone.")
        assert [(e[2], e[3]) for e in on_sentence(found, 1, "SUPPORT")] == [("USA", "CHL")]

    def test_speaking_critically_about_relations(self):
        found = coded("Russian Foreign Minister Sergey Lavrov spoke critically about the recent course of "
                      "Armenia-Russia relations.")
        assert [(e[2], e[3]) for e in on_sentence(found, 0, "DISAPPROVE")] == [("RUS", "ARM")]

    def test_a_neutral_description_is_no_appraisal(self):
        found = coded("Chile and the United States signed a charter in Santiago on Friday. "
                      "Secretary of State Antony Blinken described the agreement as routine.")
        assert on_sentence(found, 1, "SUPPORT") == [] and on_sentence(found, 1, "DISAPPROVE") == []


@pytest.mark.model
class TestMediationAndPluralParties:
    def test_a_third_party_trying_for_an_agreement_mediates(self):
        found = coded("Qatar tried to reach a ceasefire agreement between Israel and Hamas.")
        # Hamas counts for Palestine
        assert {(e[2], e[3]) for e in on_sentence(found, 0, "CONSULT")} == {("QAT", "ISR"), ("QAT", "PSE")}
        assert {pair(e) for e in on_sentence(found, 0, "AGREE")} == {frozenset({"ISR", "PSE"})}

    def test_a_side_signing_with_another_mediates_nothing(self):
        assert on_sentence(coded("Egypt signed an agreement with Sudan on Monday."), 0, "CONSULT") == []

    def test_talks_over_a_matter_naming_two_parties_are_between_them(self):
        found = coded("Negotiations over the Ethiopia-Sudan border resumed on Monday.")
        assert {pair(e) for e in on_sentence(found, 0, "CONSULT")} == {frozenset({"ETH", "SDN"})}

    def test_both_countries_are_the_two_named_just_before(self):
        found = coded("Petrov said the move was a signal to Egypt and Iran, as both countries are getting ready to "
                      "sign a trade agreement of their own next month.")
        assert {pair(e) for e in on_sentence(found, 0, "AGREE")} == {frozenset({"EGY", "IRN"})}

    def test_the_two_countries_in_a_later_sentence(self):
        found = coded("Chile and Peru reopened their embassies last year. This week the two countries signed a "
                      "trade agreement.")
        assert {pair(e) for e in on_sentence(found, 1, "AGREE")} == {frozenset({"CHL", "PER"})}

    def test_the_three_states_are_the_list_named_before(self):
        found = coded("The ministers of Kenya, Uganda and Tanzania met in Arusha on Friday to discuss the lake. "
                      "The talks lasted all day. Officials said little afterwards. "
                      "The three states signed an agreement on fishing rights.")
        assert {pair(e) for e in on_sentence(found, 3, "AGREE")} == {
            frozenset({"KEN", "UGA"}), frozenset({"KEN", "TZA"}), frozenset({"UGA", "TZA"})}

    def test_a_description_whose_list_follows_is_no_earlier_pair(self):
        found = coded("Chile signed a trade agreement with Peru last year. Faced with three more powerful "
                      "neighbours – Argentina, Brazil and Bolivia – Chile agreed to hold talks with them.")
        assert not any({"PER"} & set(e[2:4]) for e in found if e[0] == 1)

    def test_participating_in_a_coalition_is_cooperation_with_it(self):
        found = coded("Armenia will participate in the coalition against ISIS.")
        assert ("ARM", "D-ISIS", "announced") in {(e[2], e[3], e[4]) for e in on_sentence(found, 0, "COOPERATE")}


@pytest.mark.model
class TestOutcomes:
    def test_a_wars_clause_of_loss_names_its_other_side(self):
        found = coded("After the war with Eritrea in 1998, in which Ethiopian soldiers lost ground along the border, "
                      "public opinion in Addis Ababa hardened.")
        assert {pair(e) for e in on_sentence(found, 0, "ASSAULT")} == {frozenset({"ERI", "ETH"})}

    def test_a_defeat_to_a_party_is_its_use_of_force_against_the_loser(self):
        found = coded("Serbia signed a trade agreement with Croatia, which is rebuilding its army following a "
                      "humiliating defeat to Hungary.")
        assert ("HUN", "HRV") in {(e[2], e[3]) for e in on_sentence(found, 0, "ASSAULT")}

    def test_a_defeat_in_the_final_days_of_a_war_is_still_one(self):
        found = coded("Croatia, which is rebuilding its army after a defeat to Hungary in the final days of the war, "
                      "signed a pact with Serbia.")
        assert ("HUN", "HRV") in {(e[2], e[3]) for e in on_sentence(found, 0, "ASSAULT")}

    def test_a_loss_of_something_is_no_defeat(self):
        found = coded("Croatia reported a loss of revenue to Hungary after the floods.")
        assert on_sentence(found, 0, "ASSAULT") == []

    @pytest.mark.parametrize("text", [
        "Japan's defeat to South Korea in the Asian Cup final angered fans in Tokyo.",
        "France suffered a humiliating 2-1 loss to Germany in the World Cup semi-final on Sunday.",
        "Britain's defeat at the United Nations came after Russia lobbied members for weeks.",
    ])
    def test_a_defeat_in_a_match_or_a_vote_is_no_use_of_force(self, text: str):
        assert [e for e in coded(text) if e[1] == "ASSAULT"] == []

    def test_the_agreement_that_ended_the_war_is_between_its_sides(self):
        found = coded("After the war with Eritrea in 1998, in which Ethiopian soldiers lost ground along the border, "
                      "public opinion hardened. In the peace agreement that ended the war, observers were to patrol "
                      "the border.")
        assert {pair(e) for e in on_sentence(found, 1, "AGREE")} == {frozenset({"ERI", "ETH"})}
