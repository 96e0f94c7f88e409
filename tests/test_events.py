"""Event coding, modality, dates and clustering on sentences written for the test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.analyze import analyze
from dyad.extract import build_context
from dyad.extract.dates import date_entities
from dyad.extract.events import extract_events
from dyad.parse import load_nlp
from dyad.records import Article, Event
from tests.conftest import query

PUBLISHED = date(2025, 1, 15)


def events(text: str, published: date | None = PUBLISHED) -> list[Event]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      published=published)
    return extract_events(build_context(article, load_nlp()(text)))


def coded(text: str, published: date | None = PUBLISHED) -> list[tuple]:
    return [(e.plover_type, e.mode, e.source_id, e.target_id, e.modality) for e in events(text, published)]


class TestActors:
    def test_subject_and_with_phrase(self):
        assert coded("Norway signed a fisheries agreement with Sweden.") == [("AGREE", "sign", "NOR", "SWE", "past")]

    def test_coordinated_subjects_are_both_parties(self):
        assert coded("Estonia and Latvia signed a border treaty.") == [("AGREE", "sign", "EST", "LVA", "past")]

    def test_passive_with_agent(self):
        assert coded("Georgia was invaded by Russia.") == [("ASSAULT", "invade", "RUS", "GEO", "past")]

    def test_object_and_recipient(self):
        assert coded("Kenya accused Ethiopia of violating the accord.")[0][:4] == ("DISAPPROVE", "accuse", "KEN", "ETH")
        assert coded("France will send a group of engineers to Moldova.") == [  # and the promise of it (PLOVER's AGREE)
            ("AID", "send", "FRA", "MDA", "announced"), ("AGREE", None, "FRA", "MDA", "announced")]

    def test_withdrawal_and_suspension_targets(self):
        assert coded("In 2019, Donald Trump pulled his country out of the IAEA.")[0][:4] == (
            "RETREAT", "withdraw", "donald-trump", "IAEA")
        assert coded("Kyrgyzstan stopped participating in CSTO meetings.")[0][:4] == (
            "RETREAT", "suspend", "KGZ", "CSTO")
        assert coded("Kyrgyzstan has suspended its participation in CSTO exercises.")[0][:4] == (
            "RETREAT", "suspend", "KGZ", "CSTO")
        assert coded("The bakery stopped the delivery of bread.") == []

    def test_nominal_event(self):
        assert coded("Mali's withdrawal from ECOWAS surprised its neighbours.") == [
            ("RETREAT", "withdraw", "MLI", "ECOWAS", "past")]

    def test_opinions_are_not_events(self):
        assert coded("Analysts believe that the relationship between Norway and Sweden is strong.") == []


class TestModality:
    @pytest.mark.parametrize(
        ("text", "modality"),
        [
            ("Norway signed an agreement with Sweden on Monday.", "past"),
            ("Norway will sign an agreement with Sweden next week.", "announced"),
            ("Norway plans to sign an agreement with Sweden.", "announced"),
            ("Russia could deploy troops to Belarus.", "hypothetical"),
            ("If talks fail, Russia might attack Ukraine.", "hypothetical"),
            ("Finland did not sign the agreement with Russia.", "negated"),
            ("Russia attacked Georgia in 2008.", "historical"),
        ],
    )
    def test_modality(self, text: str, modality: str):
        assert [e.modality for e in events(text)] == [modality]

    def test_reported_would_is_announced(self):
        # what France is said to be going to do is its statement of intent (PLOVER's AGREE), announced
        sent = [e for e in events("The minister said France would send a team to Moldova.")]
        assert [(e.plover_type, e.modality) for e in sent] == [("AGREE", "announced")]


class TestDates:
    def test_explicit_and_relative_dates(self):
        found = events("On January 9, Norway's parliament approved the treaty. Sweden warned the next day that the "
                       "treaty was unfair. Norway will send a delegation to Sweden next week.")
        # one date per trigger (an announced act is also its promise: two events of one trigger)
        assert list({e.trigger_start: (e.event_date, e.date_precision, e.date_text) for e in found}.values()) == [
            (date(2025, 1, 9), "day", "January 9"),
            (date(2025, 1, 10), "day", "the next day"),
            (date(2025, 1, 20), "range", "next week"),
        ]

    def test_unknown_publication_date_keeps_the_text(self):
        found = events("Norway will send a delegation to Sweden next week.", published=None)
        assert (found[0].event_date, found[0].date_text) == (None, "next week")

    def test_year_from_the_article_itself_when_publication_is_unknown(self):
        found = events("Talks began in early December 2024. On January 9, Norway signed the treaty with Sweden.",
                       published=None)
        signing = next(e for e in found if e.plover_type == "AGREE")
        assert signing.event_date == date(2025, 1, 9)

    def test_every_event_points_to_its_sentence(self):
        text = "Norway signed an agreement with Sweden. Russia attacked Georgia in 2008."
        assert [text[e.start_char : e.end_char] for e in events(text)] == [
            "Norway signed an agreement with Sweden.", "Russia attacked Georgia in 2008."]


def test_one_event_reported_by_three_outlets_is_one_cluster(tmp_path: Path, db: Path, cli):
    stories = {
        "a.txt": "Norway and Sweden signed a fisheries agreement on January 14, 2025, in Oslo. The deal ends a "
                 "long dispute over quotas in the North Sea.",
        "b.txt": "On January 14, 2025, Norway signed a fisheries agreement with Sweden. Fishermen in both "
                 "countries welcomed the end of the quarrel.",
        "c.txt": "Sweden signed a long-awaited fisheries agreement with Norway, officials said on Tuesday. "
                 "Separately, Russia attacked Ukraine again.",
    }
    for name, text in stories.items():
        (tmp_path / name).write_text(text + "\n")
    manifest = [{"file": n, "outlet": f"Outlet {n[0].upper()}", "published": "2025-01-15"} for n in stories]
    (tmp_path / "manifest.json").write_text(json.dumps({"articles": manifest}))
    analyze([str(tmp_path)], db=db)
    clusters = query(db, "SELECT cluster_id, count(DISTINCT doc_id) FROM events WHERE plover_type = 'AGREE' "
                         "GROUP BY 1")
    assert [n for _, n in clusters] == [3]
    assert query(db, "SELECT count(DISTINCT cluster_id) FROM events WHERE plover_type = 'ASSAULT'") == [(1,)]
    timeline = json.loads(cli("timeline", "Norway", "--db", db, "--json").stdout)
    signing = next(row for row in timeline if row["plover_type"] == "AGREE")
    assert (signing["documents"], str(signing["event_date"])) == (3, "2025-01-14")
    listed = json.loads(cli("events", "--db", db, "--type", "assault", "--json").stdout)
    assert [(e["source_id"], e["target_id"]) for e in listed] == [("RUS", "UKR")]


def test_date_entities_of_a_sentence_are_those_spacy_gives_it():
    """The linear reading of entity tags finds what Span.ents finds (which costs a scan of the whole doc)."""
    doc = load_nlp()("Talks began in early December 2024 in Oslo. On January 9, Norway signed the treaty, "
                     "which Sweden had rejected in 2019 and again last week.")
    for sent in doc.sents:
        expected = [e.text for e in sent.ents if e.label_ == "DATE" or e.text == "2019"]
        assert [e.text for e in date_entities(sent)] == expected


class TestVerbKnowledge:
    """CAMEO's verb patterns and light verbs taking their object's category, on sentences written here."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Lithuania severed diplomatic ties with Belarus.", ("SANCTION", "LTU", "BLR")),
            ("Iranian students stormed the British embassy in Tehran.", ("ASSAULT", "IRN", "GBR")),
            ("Washington imposed tariffs on Chinese steel.", ("SANCTION", "USA", "CHN")),
            ("Turkey launched airstrikes on Syria.", ("ASSAULT", "TUR", "SYR")),
            ("Kenyan police jailed two Ugandan activists.", ("COERCE", "KEN", "UGA")),
            ("Moscow opened a criminal case against the Estonian prime minister.", ("INVESTIGATE", "RUS", "EST")),
        ],
    )
    def test_verb_and_object(self, text: str, expected: tuple[str, str, str]):
        """Parties at state level: an agent ("Kenyan police", KEN-COP) stands for its state here."""
        def state(actor_id: str | None) -> str | None:
            return actor_id.split("-")[0] if actor_id else None

        assert [(t, state(s), state(g)) for t, _, s, g, _ in coded(text)] == [expected]

    def test_a_light_verbs_object_is_not_a_second_event(self):
        assert [c[0] for c in coded("Japan and India held talks in Tokyo.")] == ["CONSULT"]

    def test_a_verb_coded_by_dyad_keeps_dyads_reading(self):
        assert coded("Norway signed a fisheries agreement with Sweden.")[0][0] == "AGREE"

    def test_blocking_roads_is_a_protest_not_a_veto(self):
        assert [c[0] for c in coded("Serbian farmers blocked roads near Belgrade.")] in ([], ["PROTEST"])
        assert coded("Hungary blocked the EU budget.")[0][0] == "REJECT"


class TestRolesFromTheClause:
    def test_every_pair_of_a_reciprocal_event(self):
        assert [(s, t) for _, _, s, t, _ in coded("Egypt, Sudan and Ethiopia held talks in Khartoum.")] == [
            ("EGY", "SDN"), ("EGY", "ETH"), ("SDN", "ETH")]

    def test_between(self):
        assert coded("Talks between Serbia and Kosovo resumed in Brussels.")[0][2:4] == ("SRB", "XKX")

    def test_a_one_sided_event_of_coordinated_subjects_is_one_per_subject(self):
        assert [(s, t) for _, _, s, t, _ in coded("Norway and Denmark condemned the coup.")] == [
            ("NOR", None), ("DNK", None)]

    def test_target_from_a_complement_clause_and_what_is_demanded_is_no_event(self):
        assert coded("Poland demanded that Belarus release the journalist.") == [
            ("DEMAND", None, "POL", "BLR", "past")]
        assert coded("Ghana accused Togo of harbouring rebels.") == [("DISAPPROVE", "accuse", "GHA", "TGO", "past")]

    def test_must_in_reported_speech_is_a_demand(self):
        assert coded("Britain said Sudan must end the fighting.") == [("DEMAND", None, "GBR", "SDN", "past")]

    def test_a_participle_keeps_the_main_subject(self):
        assert ("ASSAULT", None, "SOM-MIL", "AL-SHABAAB", "past") in coded(
            "Somali forces ended the siege, killing six al-Shabaab militants.")

    def test_stated_intent_is_agree_and_the_promised_act_no_event_of_its_own(self):
        assert coded("Ecuador is willing to withdraw its ambassador from Mexico.") == [
            ("AGREE", None, "ECU", "MEX", "past")]
        assert coded("Peru offered to hand over the two suspects to Chile.") == [("AGREE", None, "PER", "CHL", "past")]


class TestDatesWithPrecision:
    def dated(self, text: str) -> list[tuple]:
        return [(e.event_date, e.date_end, e.date_precision, e.date_text, e.modality) for e in events(text)]

    def test_a_year_keeps_its_precision(self):
        assert self.dated("Israel invaded Lebanon in 1982.") == [
            (date(1982, 1, 1), date(1982, 12, 31), "year", "1982", "historical")]

    def test_parts_of_the_publication_month_and_week(self):
        assert self.dated("Norway will sign the treaty with Sweden later this month.") == [
            (date(2025, 1, 15), date(2025, 1, 31), "range", "later this month", "announced")]
        assert self.dated("Russia attacked Georgia earlier this week.") == [
            (date(2025, 1, 13), date(2025, 1, 15), "range", "earlier this week", "past")]

    def test_a_bound_is_not_the_date_and_today_is_read_when_the_ner_misses_it(self):
        assert self.dated("Georgia is suspending its accession talks with the EU until 2028.")[0][:3] == (
            None, None, None)
        assert self.dated("Chile and Peru will hold talks in Lima later today.")[0][:4] == (
            date(2025, 1, 15), date(2025, 1, 15), "day", "later today")

    def test_a_clause_beside_a_content_verb_is_an_event_what_its_content_holds_is_not(self):
        assert [e.plover_type for e in events("Iran rejected the offer and attacked Iraq.")] == ["REJECT", "ASSAULT"]
        assert [e.plover_type for e in events("Chile rejected an offer by Peru to host a summit to hammer out a "
                                              "peace plan.")] == ["REJECT"]
        assert [e.plover_type for e in events("Chile demanded that Peru withdraw its troops and pay compensation.")
                ] == ["DEMAND"]

    def test_failing_to_agree_is_negated_and_a_rejection(self):
        # one event: the rejection (PLOVER's and CAMEO's FAIL); the agreement that did not happen is none
        assert [(e.plover_type, e.modality) for e in events("Serbia and Kosovo failed to reach an agreement.")] == [
            ("REJECT", "past")]


def test_an_attempt_is_not_the_event_it_attempts():
    from dyad.extract.events import load_event_rules, modality_of
    from dyad.parse import load_nlp

    nlp, rules = load_nlp(), load_event_rules()
    for text, trigger, modality in (
        ("The envoy tried to broker a ceasefire between Norland and Vesteria last year.", "broker", "hypothetical"),
        ("Norland attempted to reach an agreement with Vesteria, but the talks collapsed.", "reach", "hypothetical"),
        ("Norland reached an agreement with Vesteria.", "reached", "past"),
    ):
        token = next(t for t in nlp(text) if t.text == trigger)
        assert modality_of(token, rules) == modality, text
