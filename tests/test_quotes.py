"""Quote extraction and attribution on sentences written for the test: every pattern, the hard ones too."""

from __future__ import annotations

import json
from pathlib import Path

from dyad.analyze import analyze
from dyad.extract import build_context
from dyad.extract.quotes import extract_quotes
from dyad.parse import load_nlp
from dyad.records import Article, Quote
from tests.conftest import query


def quotes(text: str) -> list[Quote]:
    article = Article(doc_id="t", source="t", body=text, content_type="text", encoding="utf-8", raw_sha256="t")
    return extract_quotes(build_context(article, load_nlp()(text)))


def summary(text: str) -> list[tuple[str, str, str | None, str]]:
    return [(q.text, q.kind, q.speaker_id, q.attribution) for q in quotes(text)]


INTRO = "Estonian Foreign Minister Clara Vint met her Latvian counterpart in Riga on Monday. "


class TestDirect:
    def test_speaker_after_the_quotation(self):
        assert summary(INTRO + "“We agree on the border plan,” Vint said.") == [
            ("We agree on the border plan,", "direct", "clara-vint", "named")]

    def test_inverted_cue(self):
        assert summary(INTRO + "“We agree on the border plan,” said Vint.")[0][2] == "clara-vint"

    def test_speaker_before_the_quotation(self):
        found = summary(INTRO + "Vint said, “The plan protects both countries.”")
        assert found == [("The plan protects both countries.", "direct", "clara-vint", "named")]

    def test_quotation_introduced_by_a_colon(self):
        found = summary(INTRO + "Vint pointed out the timing of the talks: “Nobody wanted to wait for winter.”")
        assert ("Nobody wanted to wait for winter.", "direct", "clara-vint", "named") in found

    def test_continuation_without_a_cue_keeps_the_speaker(self):
        found = quotes(INTRO + "“The talks were long,” Vint stated. “However, we found a way forward.”")
        assert [(q.speaker_id, q.attribution) for q in found] == [("clara-vint", "named"),
                                                                  ("clara-vint", "continuation")]
        assert found[1].confidence < found[0].confidence

    def test_cue_words_inside_a_quotation_are_the_speakers_own(self):
        found = summary(INTRO + "“We believe that trade helps everyone,” Vint said.")
        assert found == [("We believe that trade helps everyone,", "direct", "clara-vint", "named")]


class TestReported:
    def test_said_that(self):
        found = summary(INTRO + "Vint said that the agreement would be signed in June.")
        assert found == [("the agreement would be signed in June", "indirect", "clara-vint", "named")]

    def test_according_to(self):
        found = summary(INTRO + "According to Vint, the agreement will be signed in June.")
        assert found == [("the agreement will be signed in June.", "indirect", "clara-vint", "named")]

    def test_told_an_outlet_that(self):
        found = summary(INTRO + "Vint told Reuters that the agreement would be signed in June.")
        assert found[0][1:3] == ("indirect", "clara-vint")

    def test_partial_quotation_inside_reported_speech_is_mixed(self):
        found = summary(INTRO + "Vint said relations with Riga were “better than ever” after the talks.")
        assert found == [("relations with Riga were “better than ever” after the talks", "mixed", "clara-vint",
                          "named")]

    def test_subject_shared_across_and(self):
        found = summary(INTRO + "Vint praised the hosts and said the talks would continue in May.")
        assert ("the talks would continue in May", "indirect", "clara-vint", "named") in found

    def test_relative_pronoun(self):
        found = summary("Talks continued. Latvian Deputy Prime Minister Andris Kalns, who warned that the plan "
                        "was too costly, left early.")
        assert found == [("the plan was too costly", "indirect", "andris-kalns", "relative_pronoun")]


class TestHardAttribution:
    def test_pronoun_refers_to_the_last_speaker(self):
        found = quotes(INTRO + "Vint said the visit went well. She added that a new meeting was planned.")
        assert [(q.speaker_id, q.attribution) for q in found] == [("clara-vint", "named"), ("clara-vint", "pronoun")]

    def test_description_refers_to_the_person_it_fits(self):
        found = quotes(INTRO + "Latvian President Edgars Rinkevics also attended. "
                       "The Estonian minister said that the visit went well.")
        assert [(q.speaker_id, q.attribution) for q in found] == [("clara-vint", "description")]

    def test_lost_name_is_resolved_from_a_later_name_with_low_confidence(self):
        text = ("The deal was signed on Monday. , characterized the deal as a heavy blow to the region. "
                "Speaking to reporters, he remarked: “Nothing will be the same after this.” "
                "Dovlatyan further explained the economic side: “Trade will suffer first.”")
        found = quotes(text)
        assert [(q.speaker_id, q.attribution) for q in found] == [
            ("dovlatyan", "named_later"), ("dovlatyan", "named_later"), ("dovlatyan", "named")]
        assert found[0].confidence == 0.5 and found[2].confidence == 0.95

    def test_lost_name_never_named_stays_unattributed(self):
        found = quotes("The deal was signed. , characterized the deal as a heavy blow to the whole region.")
        assert [(q.speaker_id, q.reason) for q in found] == [(None, "subject_missing")]

    def test_speaker_named_in_the_next_sentence(self):
        text = ("“We need a ceasefire now, not next month.” The appeal came from the relief chief, Tom Harlow, "
                "who said convoys had been blocked for ten days.")
        first = quotes(text)[0]
        assert (first.speaker_id, first.attribution) == ("tom-harlow", "named_later")

    def test_unattributed_quotation_says_why(self):
        found = quotes("The talks ended. “Nothing was agreed and nothing will be agreed this year.” The end.")
        assert [(q.speaker_id, q.reason) for q in found] == [(None, "no_speech_cue")]

    def test_unnamed_group_is_kept_without_an_actor(self):
        found = quotes("Some critics argue that the deal is empty. They suggest that it was signed too fast.")
        assert [(q.speaker_id, q.speaker_name, q.reason) for q in found] == [
            (None, "Some critics", "speaker_not_an_actor"), (None, "Some critics", "speaker_not_an_actor")]


class TestNotQuotes:
    def test_scare_quotes_names_of_laws_and_titles(self):
        text = ("The parliament adopted a law on “transparency of foreign influence”. Norland signed a "
                "“Declaration on allied interaction” with Vesteria, and the so-called “peace dividend” never came. "
                "Observers call the region a “powder keg”.")
        assert [q for q in quotes(text) if q.speaker_id or q.kind == "direct"] == []

    def test_inanimate_subjects_do_not_speak(self):
        assert quotes("The agreement also highlights the risks. This suggests that the region is changing.") == []


def test_quotes_are_stored_and_listed(tmp_path: Path, db: Path, cli):
    (tmp_path / "a.txt").write_text(INTRO + "“We agree on the border plan,” Vint said. Lavrov said that Moscow "
                                    "would respond.\n")
    (tmp_path / "b.txt").write_text("Comment\n\n" + "The article body with enough words to be an article. " * 3 +
                                    "\n\n2 Comments\n\n  1. “This is a quote in a comment,” said Vint.\n")
    analyze([str(tmp_path)], db=db)
    assert query(db, "SELECT count(*) FROM quotes WHERE text LIKE '%comment%'") == [(0,)]
    listed = json.loads(cli("quotes", "--db", db, "--speaker", "Vint", "--json").stdout)
    assert [(q["kind"], q["text"]) for q in listed] == [("direct", "We agree on the border plan,")]
    about = json.loads(cli("quotes", "--db", db, "--about", "RUS", "--json").stdout)
    assert [q["speaker_id"] for q in about] == ["sergey-lavrov"]
    shown = cli("quotes", "--db", db)
    assert "Clara Vint" in shown.stdout and "Sergey Lavrov" in shown.stdout
