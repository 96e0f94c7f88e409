"""Which words report an event and which PLOVER category they get, on sentences written for the test."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.extract import build_context
from dyad.extract.event_lexicon import load_event_rules
from dyad.extract.events import extract_events
from dyad.parse import load_nlp
from dyad.records import Article

PUBLISHED = date(2025, 1, 15)


def coded(text: str) -> list[tuple[str, str | None, str | None, str | None, str]]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=PUBLISHED)
    return [(e.plover_type, e.mode, e.source_id, e.target_id, e.modality)
            for e in extract_events(build_context(article, load_nlp()(text)))]


def categories(text: str) -> list[str]:
    return [c[0] for c in coded(text)]


class TestCameoVerbs:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # the verb a CAMEO block is named after takes the block's code
            ("Sudanese soldiers tortured two Chadian traders.", "ASSAULT"),
            ("Ghana deported three Nigerian traders.", "COERCE"),
            # a statement verb is no event by itself, but its block's patterns code it
            ("Hamas declared a unilateral ceasefire.", "RETREAT"),
            # appeals are demands
            ("Jordan asked Germany for humanitarian aid.", "DEMAND"),
        ],
    )
    def test_category(self, text: str, expected: str):
        assert expected in categories(text)

    def test_a_verb_plover_toml_lists_as_no_event_is_none(self):
        assert coded("Norway considered the Swedish proposal.") == []

    def test_statement_verbs_stay_no_event_without_a_coded_object(self):
        assert coded("Norway said the weather was fine.") == []

    def test_a_verb_the_lemmatiser_gets_wrong_is_found_from_its_form(self):
        rules, nlp = load_event_rules(), load_nlp()
        staged = next(t for t in nlp("Kenyan activists staged rallies against Uganda.") if t.lower_ == "staged")
        assert rules.verb_lemma(staged) == "stage"
        assert rules.verb_code(staged) == ("PROTEST", "demo")


class TestIntentOfAnnouncedActs:
    """PLOVER: cooperative acts reported in the future tense are intentions (AGREE); threats are THREATEN."""

    def test_announced_aid_is_also_a_promise(self):
        assert coded("Finland will give Tanzania a grant.") == [
            ("AID", None, "FIN", "TZA", "announced"), ("AGREE", None, "FIN", "TZA", "announced")]

    def test_announced_sanctions_are_a_threat(self):
        assert sorted(categories("Serbia will impose sanctions on Kosovo.")) == ["SANCTION", "THREATEN"]

    def test_what_a_party_will_do_unless_the_other_complies_is_a_threat(self):
        said = "Chad will withdraw its troops from Niger unless the junta frees the president."
        assert "THREATEN" in categories(said)

    def test_an_act_under_a_verb_of_intent_gets_no_second_agree(self):
        assert sorted(categories("Israel agreed to withdraw its troops from Lebanon.")) == ["AGREE", "RETREAT"]

    def test_a_past_act_is_no_promise(self):
        assert categories("Finland gave Tanzania a grant.") == ["AID"]


class TestEventNouns:
    def test_a_phrase_is_read_before_its_head(self):
        assert categories("Norway and Sweden held a telephone call.") == ["CONSULT"]
        assert coded("Qatar launched a mediation effort between Egypt and Sudan.")[0][:2] == ("CONSULT", "mediate")

    def test_a_noun_qualifying_another_is_no_event(self):
        assert "ASSAULT" not in categories("A war crimes court indicted a Serbian general.")

    def test_concluding_a_finding_is_no_agreement(self):
        assert coded("The forum concluded that Norway was right.") == []
        assert categories("Norway concluded an agreement with Sweden.") == ["AGREE"]


class TestPloverManualReadings:
    """Categories as the PLOVER manual defines them, where CAMEO's older coding differs."""

    def test_releasing_prisoners_is_a_material_retreat(self):
        assert coded("Iran released two French prisoners.")[0][:2] == ("RETREAT", "release")

    def test_lifting_a_curfew_is_a_concession(self):
        assert coded("Serbia lifted the curfew in Montenegro.")[0][0] == "CONCEDE"

    def test_stopping_aid_is_a_sanction_and_pausing_participation_a_retreat(self):
        assert categories("Sweden suspended aid to Uganda.") == ["SANCTION"]
        assert coded("Kyrgyzstan has suspended its participation in CSTO exercises.")[0][0] == "RETREAT"

    def test_ending_mediation_or_links_and_withdrawing_observers_reduce_relations(self):
        assert set(categories("Qatar ended its mediation efforts between Israel and Hamas.")) == {"SANCTION"}
        assert categories("Italy announced a suspension of rail links with Serbia.") == ["SANCTION"]
        assert categories("Estonia withdrew its observers from Belarus.") == ["SANCTION"]
        assert categories("Israel withdrew its troops from Lebanon.") == ["RETREAT"]


class TestVerbAndObject:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Russia banned imports of Polish apples.", "SANCTION"),
            ("The Malian junta banned the main opposition party.", "COERCE"),
            ("Rebels in Mali dismissed an appeal from the Malian president.", "REJECT"),
            ("Malian police prevented the demonstration in Bamako.", "COERCE"),
            ("Egypt and Ethiopia have upgraded their diplomatic ties.", "SUPPORT"),
            ("Kosovo police fired tear gas at Serb protesters.", "ASSAULT"),
            ("Armenia and Azerbaijan fought a war over Karabakh.", "ASSAULT"),
        ],
    )
    def test_category(self, text: str, expected: str):
        assert expected in categories(text)

    def test_a_verb_that_only_sometimes_reports_an_event(self):
        assert coded("The Kenyan president fired his finance minister.") == []
        assert "ASSAULT" not in categories("Kenya vowed to fight corruption.")

    def test_the_object_of_a_measure_is_what_it_measures(self):
        assert coded("Norway provided 500 tonnes of food aid to Sudan.")[0][:4] == ("AID", None, "NOR", "SDN")

    def test_what_is_handed_over_says_what_the_handing_over_is(self):
        assert categories("Danish nurses handed over 300 kg of medicine to Chad.") == ["AID"]
        assert categories("Libya handed over two suspects to Britain.") == ["COOPERATE"]

    def test_a_dangling_preposition_is_no_particle(self):
        assert "ASSAULT" in categories("Somali gunmen have kidnapped up to 12 Italian engineers from a market.")


def test_an_offer_dated_before_its_verb_is_still_an_offer():
    assert "AGREE" in categories("On September 29, Norway offered to mediate between Sudan and Chad.")


class TestRefusals:
    def test_cooperation_a_party_will_not_give_is_a_rejection_that_happened(self):
        assert ("REJECT", None, "SYR", None, "past") in coded("Syria will not accept any more refugees.")
        assert ("REJECT", None, "GHA", None, "past") in coded("Ghana declined to extradite the suspect.")

    def test_an_act_that_did_not_happen_is_no_rejection(self):
        assert "REJECT" not in categories("Finland did not sign the agreement with Russia.")
        assert "REJECT" not in categories("Russia will not attack Ukraine.")

    def test_a_refusal_is_one_event_not_also_the_act_not_done(self):
        assert categories("Ghana declined to extradite the suspect.") == ["REJECT"]
        assert categories("Serbia and Kosovo failed to reach an agreement.") == ["REJECT"]


class TestOneEventPerStatement:
    """PLOVER: an act a party is reported to have said it will do is its statement of intent, one event."""

    def test_an_act_said_to_come_is_the_statement_alone(self):
        assert categories("The ministry said Norway will give Ghana a grant.") == ["AGREE"]
        assert categories("Peru announced that it would impose sanctions on Chile.") == ["THREATEN"]

    def test_an_act_the_writer_reports_as_coming_keeps_its_category(self):
        assert sorted(categories("Finland will give Tanzania a grant.")) == ["AGREE", "AID"]

    def test_a_date_after_publication_makes_no_promise_of_a_past_act(self):
        assert categories("Iran expelled the inspectors in March 2026.") == ["SANCTION"]

    def test_what_is_offered_or_declared_ready_to_be_done_is_the_agree_content(self):
        assert categories("Chad offered to release the prisoners.") == ["AGREE"]
        assert categories("Kenya promised to continue military aid to Somalia.") == ["AGREE"]

    def test_a_reported_pronoun_subject_is_the_speaker(self):
        assert coded("Peru says it is willing to withdraw all its soldiers from Ecuador.") == [
            ("AGREE", None, "PER", "ECU", "past")]
        assert coded("Palestinian leaders said they would boycott any talks with Israel.") == [
            ("THREATEN", None, "PSE-GOV", "ISR", "announced")]

    def test_the_press_reporting_is_no_speaker(self):
        assert all(e[1] != "reuters" for e in coded("They will meet Iranian officials in Oman, Reuters reports."))


class TestProtestDemands:
    """PLOVER: a demand made in the form of a protest is the protest (DEMAND is verbal only)."""

    def test_a_protest_saying_what_it_wants_is_no_demand(self):
        assert "DEMAND" not in categories("Kenyan students staged rallies against Uganda, demanding that it "
                                          "release the activists.")
        assert "DEMAND" not in categories("Kenyan police dispersed a demonstration calling for the removal of "
                                          "President Ruto.")

    def test_a_verbal_demand_stays_one(self):
        assert "DEMAND" in categories("Kenya demanded that Uganda release the activists.")


def test_a_measure_of_a_place_is_the_place():
    assert "AGREE" not in categories("Burmese troops captured part of a rebel stronghold.")


class TestBackgroundClauses:
    """A clause that says which one a participant is tells no event of the sentence's own."""

    def test_a_clause_describing_a_participant_is_background(self):
        assert "ASSAULT" not in categories("Norway will send aid to refugees fleeing the war in Sudan.")
        assert "COERCE" not in categories("Chad demanded the return of a plane that was seized by Sudan.")

    def test_protesters_described_by_their_protest_are_protesting(self):
        assert "PROTEST" in categories("Police used tear gas on demonstrators protesting the election results in "
                                       "Nairobi.")

    def test_the_clause_of_an_event_noun_is_its_own(self):
        assert "CONSULT" in categories("Armenia welcomed the talks that Iran hosted with Azerbaijan.")


def test_a_sanction_or_protest_with_no_one_named_is_toward_where_it_happens():
    assert ("SANCTION", "withdraw", "NOR", "AFG", "past") in coded("Norway suspended aid deliveries in Kabul.")


def test_a_vow_to_use_force_is_a_threat_not_a_promise():
    assert categories("Kenya vowed to attack the militants in Somalia.") == ["THREATEN"]


def test_suing_is_an_accusation_and_blocking_roads_a_protest():
    assert ("DISAPPROVE", "accuse", "KEN", "USA", "past") in coded("Kenya is suing the United States over the spill.")
    assert "PROTEST" in categories("Kenyan farmers blocked roads in Nairobi.")


class TestWhatAnotherEventIsAbout:
    def test_a_demand_yielded_to_or_refused_is_what_the_answer_answers(self):
        assert "DEMAND" not in categories("Kenya conceded to demands from Uganda to release the activists.")
        assert "DEMAND" not in categories("Ethiopia rejected Egypt's demand to halt the dam.")

    def test_the_charge_of_an_arrest_is_no_event(self):
        assert "COOPERATE" not in categories("Lebanon arrested a Canadian for collaborating with Israel.")

    def test_what_one_tries_to_persuade_another_to_do_is_no_event(self):
        assert categories("Kenyan activists tried to convince parliament to sign the treaty with Uganda.") == []

    def test_a_purpose_of_the_same_kind_tells_the_act_again(self):
        assert categories("Norway sent aid to Sudan to finance two clinics.") == ["AID"]
        assert categories("The Kenyan president visited Uganda and Rwanda to mediate in the border dispute.") == [
            "CONSULT", "CONSULT"]


def test_a_reported_decision_is_the_act_itself():
    assert "SANCTION" in categories("Kenya has decided to impose sanctions on Uganda, the minister said.")
