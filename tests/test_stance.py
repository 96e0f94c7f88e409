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


def stances_of(text: str) -> set[tuple[str, str, str]]:
    """(holder, target, polarity) of one article; the outlet holder reads OUTLET."""
    from dyad.extract import extract_records
    from dyad.parse import load_nlp
    from dyad.records import Article

    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t",
                      outlet="Daily Planet")
    records = extract_records(article, load_nlp()(text))
    return {("OUTLET" if s.holder_id == "daily-planet" else s.holder_id, s.target, s.polarity)
            for s in records.stances}


def test_a_judging_verb_judges_its_object_or_the_owner_of_it():
    assert stances_of("The African Union praised Ghana for its handling of the election.") == {
        ("AU", "GHA", "positive")}
    assert stances_of("Japan welcomed South Korea's decision to resume the talks.") == {("JPN", "KOR", "positive")}
    assert stances_of("Lithuania condemned Belarus over the border incidents.") == {("LTU", "BLR", "negative")}
    assert stances_of("Chile did not criticize Bolivia for the delay.") == {("CHL", "BOL", "positive")}


def test_an_evaluative_predicate_judges_its_subject_for_the_speaker():
    assert stances_of("Venezuela remains a destabilizing force, the Colombian foreign minister said.") == {
        ("unnamed:colombian foreign minister", "VEN", "negative")}, "an unnamed speaker is kept as such"
    assert stances_of("Turkey's incursion is a blatant violation of the ceasefire.") == {("OUTLET", "TUR", "negative")}
    assert stances_of("Canada is a member of NATO and of the G7.") == set(), "no evaluative word, no stance"


def test_relations_of_a_pair_and_relations_only_named_as_a_topic():
    assert stances_of("Relations between Algeria and Morocco have deteriorated further this year.") == {
        ("OUTLET", "relations:DZA|MAR", "negative")}
    assert stances_of("Ties between Chile and Argentina have never been closer, Chilean President Gabriel Boric "
                      "said.") == {("gabriel-boric", "relations:ARG|CHL", "positive")}
    assert stances_of("Greece and Turkey signed a declaration on good-neighbourly relations.") == set()


def test_brussels_acting_is_the_european_union():
    assert stances_of("Brussels criticized Warsaw over the court reforms.") == {("EU", "POL", "negative")}


def test_only_words_about_the_agreement_count_toward_it():
    agreement = {(h, p) for h, t, p in stances_of(
        "Serbia, emboldened by its success at the talks, might read the new treaty as a pretext.")
        if t == "the agreement"}
    assert agreement == set(), "'success' is about Serbia, not the treaty"
    agreement = {(h, p) for h, t, p in stances_of(
        "Ghana, which has drawn closer to Brussels, signed the agreement on Friday.") if t == "the agreement"}
    assert agreement == set(), "a clause about a party says nothing of the agreement"
    agreement = {(h, p) for h, t, p in stances_of(
        "While the pact marks a deepening of cooperation, it should not be confused with any defence treaty.")
        if t == "the agreement"}
    assert agreement == {("OUTLET", "mixed")}, "'it' is the pact again"


def test_a_measure_is_no_judgement_and_a_continuation_stays_with_its_speaker():
    assert stances_of("“The alliance goes on, even though Serbia's involvement is currently limited,” Lavrov "
                      "said.") == set(), "'limited' measures Serbia's part, it does not judge Serbia"
    found = stances_of("Analyst Petra Novak warned that Moldova is becoming a hostile neighbour. "
                       "In particular, Moldova's government could become a destabilizing force.")
    assert {h for h, t, p in found if t == "MDA"} == {"petra-novak"}
    assert stances_of("Analyst Petra Novak warned that Moldova risks becoming a battleground for rival powers.") \
        == set(), "what an actor may become the scene of does not judge it"


def test_a_speaker_who_names_the_agreement_without_judging_it_is_neutral():
    found = stances_of("“What counts is not the name of the treaty but what Chile gets from it,” Chilean President "
                       "Gabriel Boric said.")
    assert found == {("gabriel-boric", "the agreement", "neutral")}
    assert stances_of("The treaty was signed in Lima on Monday.") == set(), "the outlet's silence is no record"


def test_a_demonstrative_points_back_to_the_agreement_of_the_previous_sentence():
    found = stances_of("For Ghana, the new pact is a way to diversify its trade. Analyst Ama Owusu warned that "
                       "this shift carries serious risks.")
    assert ("ama-owusu", "the agreement", "negative") in found
    assert stances_of("Analyst Ama Owusu warned that this shift carries serious risks.") == set(), \
        "with no agreement named before, 'this shift' points at nothing known"


def test_parties_said_to_be_partners_are_the_partnership():
    found = stances_of("“We are increasingly strong partners,” the Chilean foreign minister said.")
    assert {(t, p) for h, t, p in found} == {("the agreement", "positive")}
    assert {t for h, t, p in stances_of("China remains Peru's largest trading partner, and a strong one.")} \
        <= {"CHN"}, "one party's partner is not the partnership"


def test_a_bare_agreement_is_consent_not_a_document():
    assert stances_of("The summit fell short of agreement on the three main issues before the bloc.") \
        == set()


def test_a_word_of_feeling_is_its_subjects_not_the_outlets():
    assert stances_of("Japan bitterly disappointed by the signing of a fisheries agreement with Vanuatu") == {
        ("JPN", "the agreement", "negative")}
    assert stances_of("Minor challenges remain to the water agreement between Chile and Peru.") == set(), \
        "obstacles a deal faces do not judge it"


def test_an_agreement_of_another_kind_is_not_the_reported_one():
    assert stances_of("Chile and Peru signed a strategic partnership charter on Monday. “We are still pursuing a "
                      "peace agreement with Bolivia, and it is a blunder to wait,” Chilean President Gabriel Boric "
                      "said.") == set()
    assert stances_of("Chile and Peru signed a strategic partnership charter on Monday. Chile's partnership with "
                      "Bolivia is a success, the minister said.") == set(), "a partnership with another party"
    assert stances_of("Chile and Peru signed a peace agreement on Monday. “The peace agreement is a historic "
                      "success,” Chilean President Gabriel Boric said.") == {("gabriel-boric", "the agreement",
                                                                             "positive")}
