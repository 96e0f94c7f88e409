"""Claims across articles that agree, differ in a detail, and contradict — short articles written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from dyad.analyze import analyze
from tests.conftest import write_corpus

STORIES = {
    "a.txt": ("Norway and Sweden signed a fisheries agreement on January 14, 2025. As part of the agreement, Norway "
              "will send a team of inspectors to Sweden next week.", "2025-01-15"),
    "b.txt": ("On January 14, 2025, Norway signed a fisheries agreement with Sweden. Under the deal Norway will send "
              "a team of fisheries inspectors to Sweden in the coming weeks.", "2025-01-15"),
    "c.txt": ("Sweden signed a fisheries agreement with Norway on January 14, 2025, officials said. The Nordic "
              "ministers met in Oslo, Stockholm, Helsinki, Oslo and Copenhagen last year.", "2025-01-15"),
    "d.txt": ("Norway and Sweden signed a fisheries agreement on January 20, 2025, a week later than planned.",
              "2025-01-21"),
}


def test_agree_differ_in_a_detail_and_internal_errors(tmp_path: Path, db: Path, cli):
    write_corpus(tmp_path, STORIES)
    analyze([str(tmp_path)], db=db)
    result = json.loads(cli("compare", "--db", db, "--json").stdout)
    signing = [c for c in result["claims"] if c["kind"] == "event" and "AGREE" in c["text"]]
    assert max(c["documents"] for c in signing) == 3, "three articles tell one signing"
    disputes = result["disputes"]
    due = [d for d in disputes if d["detail"] and d["detail"].startswith("due:")]
    assert {d["outlet"] for d in due} == {"Outlet A", "Outlet B"}
    assert any('"next week"' in d["detail"] and '"the coming weeks"' in d["detail"] for d in due)
    errors = [d for d in disputes if d["detail"] and d["detail"].startswith("list names")]
    assert [(e["outlet"], e["detail"]) for e in errors] == [("Outlet C", "list names Oslo 2 times")]


def test_a_report_that_it_did_not_happen_contradicts(tmp_path: Path, db: Path, cli):
    write_corpus(tmp_path, {
        "a.txt": ("Russia attacked Ukraine on March 3, 2025, the ministry said.", "2025-03-04"),
        "b.txt": ("Russia attacked Ukraine on March 3, 2025, according to officials in Kyiv.", "2025-03-04"),
        "c.txt": ("Russia did not attack Ukraine on March 3, 2025, the Kremlin insisted.", "2025-03-05"),
    })
    analyze([str(tmp_path)], db=db)
    result = json.loads(cli("compare", "--db", db, "--json").stdout)
    attack = max((c for c in result["claims"] if "ASSAULT" in c["text"]), key=lambda c: c["documents"])
    assert attack["documents"] == 3
    assert sorted(attack["relations"]) == ["contradicts", "supports", "supports"]
    denial = next(d for d in result["disputes"] if d["relation"] == "contradicts")
    assert (denial["outlet"], denial["detail"]) == ("Outlet C", "told as not having happened")
    shown = cli("compare", "--db", db, "--topic", "Russia")
    assert "only reported by" in shown.stdout


def test_a_report_that_counts_differently_differs(tmp_path: Path, db: Path, cli):
    write_corpus(tmp_path, {
        "a.txt": ("Egypt sent 500 tonnes of food aid to Sudan on March 3, 2025, the ministry said.", "2025-03-04"),
        "b.txt": ("On March 3, 2025, Egypt sent 600 tonnes of food aid to Sudan.", "2025-03-04"),
        "c.txt": ("Egypt sent 500 tonnes of food aid to Sudan on March 3, 2025, officials in Cairo said.",
                  "2025-03-05"),
    })
    analyze([str(tmp_path)], db=db)
    result = json.loads(cli("compare", "--db", db, "--json").stdout)
    aid = max((c for c in result["claims"] if "AID" in c["text"]), key=lambda c: c["documents"])
    assert aid["documents"] == 3
    assert sorted(aid["relations"]) == ["differs", "supports", "supports"]
    [dispute] = [d for d in result["disputes"] if d["detail"] and d["detail"].startswith("number:")]
    assert dispute["outlet"] == "Outlet B"
    assert dispute["detail"] == 'number: "600 tonnes" (Outlet B) vs "500 tonnes" (Outlet A); "500 tonnes" (Outlet C)'


def test_a_report_that_names_another_person_as_the_party_differs(tmp_path: Path, db: Path, cli):
    write_corpus(tmp_path, {
        "a.txt": ("Chilean Foreign Minister Alberto van Klaveren signed a trade agreement with Peru in Lima on "
                  "April 2, 2025.", "2025-04-03"),
        "b.txt": ("Chilean President Gabriel Boric signed a trade agreement with Peru in Lima on April 2, 2025.",
                  "2025-04-03"),
        "c.txt": ("On April 2, 2025, Chilean Foreign Minister Alberto van Klaveren signed a trade agreement with "
                  "Peru in Lima.", "2025-04-03"),
    })
    analyze([str(tmp_path)], db=db)
    result = json.loads(cli("compare", "--db", db, "--json").stdout)
    signing = max((c for c in result["claims"] if "AGREE" in c["text"]), key=lambda c: c["documents"])
    assert signing["documents"] == 3
    [dispute] = [d for d in result["disputes"] if d["detail"] and d["detail"].startswith("name:")]
    assert dispute["outlet"] == "Outlet B"
    assert dispute["detail"] == ('name: "Gabriel Boric" (Outlet B) vs "Alberto van Klaveren" (Outlet A); '
                                 '"Alberto van Klaveren" (Outlet C)')


def _said(doc: str, label: str, a: str, b: str, kind: str, status: str, day: str | None, at: int = 0):
    from datetime import date

    from dyad.resolve.position_claims import Statement

    when = date.fromisoformat(day) if day else None
    return Statement(a, b, kind, status, when, date(2025, 1, 15), doc, label, at, at + 10)


def test_what_articles_say_of_a_relation_is_compared():
    from dyad.resolve.position_claims import relation_claims

    links = relation_claims([
        _said("d1", "Outlet A", "KGZ", "CSTO", "member", "suspended", "2025-01-15"),
        _said("d2", "Outlet B", "KGZ", "CSTO", "member", "suspended", "2025-01-14"),
        _said("d3", "Outlet C", "KGZ", "CSTO", "member", "active", "2025-01-15"),
        _said("d4", "Outlet D", "KGZ", "CSTO", "applicant", "planned", "2025-01-15"),
    ])
    relation = {link.doc_id: link.relation for link in links}
    assert relation == {"d1": "supports", "d2": "supports", "d3": "differs", "d4": "contradicts"}
    assert next(x.detail for x in links if x.doc_id == "d4").startswith('status: "applicant:planned" (Outlet D)')


def test_undated_background_and_history_are_no_dispute():
    from dyad.resolve.position_claims import relation_claims

    links = relation_claims([
        _said("d1", "Outlet A", "KGZ", "CSTO", "member", "suspended", "2025-01-15", at=0),
        _said("d1", "Outlet A", "KGZ", "CSTO", "member", "active", None, at=50),  # "has been a member since …"
        _said("d2", "Outlet B", "KGZ", "CSTO", "member", "suspended", "2025-01-14"),
    ])
    assert {(x.doc_id, x.start_char, x.relation) for x in links} == {("d1", 0, "supports"), ("d2", 0, "supports")}


def test_how_holders_judge_one_target():
    from dyad.resolve.position_claims import Judgement, stance_claims

    def judged(holder: str, polarity: str, doc: str, at: int) -> Judgement:
        return Judgement(holder, holder.title(), "the agreement (e1)", polarity, doc, doc.upper(), at, at + 5)

    links = stance_claims([judged("vint", "positive", "a", 0), judged("hartmann", "negative", "a", 10),
                           judged("boric", "positive", "b", 0), judged("boric", "negative", "b", 20),
                           judged("boric", "positive", "b", 40), judged("daily", "positive", "b", 60)])
    relation = {(x.claim_id.rsplit(":", 1)[1], x.doc_id, x.start_char): x.relation for x in links}
    assert relation == {
        ("positive", "a", 0): "supports", ("positive", "a", 10): "contradicts", ("positive", "b", 0): "supports",
        ("positive", "b", 40): "supports", ("positive", "b", 60): "supports",
        ("negative", "a", 0): "contradicts", ("negative", "a", 10): "supports", ("negative", "b", 0): "contradicts",
        ("negative", "b", 40): "contradicts", ("negative", "b", 60): "contradicts",
    }, "each side is a claim of its own; a holder's own minority sentence is no dispute"
    assert {x.detail for x in links} == {None, "positive: Boric, Daily, Vint; negative: Hartmann"}
    assert {x.claim_text for x in links} == {"how the agreement is judged"}
    one_more = stance_claims([judged("vint", "positive", "a", 0), judged("hartmann", "negative", "a", 10),
                              judged("novak", "negative", "b", 0)])
    assert {x.relation for x in one_more if x.claim_id.endswith(":positive")} == {"supports", "contradicts"}, \
        "one voice more on one side does not end the dispute"


def test_an_article_naming_a_place_in_its_own_words_differs():
    from dyad.resolve.position_claims import Naming, naming_claims

    links = naming_claims([Naming("crimea", "Crimea", "a", "Outlet A", 0, 9),
                           Naming("crimea", "the Crimean peninsula", "b", "Outlet B", 0, 9),
                           Naming("crimea", "Taurida", "c", "Outlet C", 0, 9),
                           Naming("crimea", "Crimea", "d", "Outlet D", 0, 9)])
    assert [(x.doc_id, x.relation) for x in links] == [("c", "differs")], "'Crimean' is a form of 'Crimea'"
    assert links[0].detail.startswith('name: "Taurida" (Outlet C) vs')


def test_articles_naming_one_agreement_differently_differ():
    from dyad.resolve.position_claims import DocumentName, document_name_claims

    links = document_name_claims([DocumentName("e1", "Water Treaty", "a", "Outlet A", 0, 9),
                                  DocumentName("e1", "water treaty", "b", "Outlet B", 0, 9),
                                  DocumentName("e1", "Andean Water Compact", "c", "Outlet C", 0, 9),
                                  DocumentName("e1", "treaty", "d", "Outlet D", 0, 9)])
    assert [(x.doc_id, x.relation) for x in links] == [("a", "supports"), ("b", "supports"), ("c", "differs")]


def test_an_undertaking_of_a_party_to_itself_is_an_internal_error():
    from dyad.resolve.claims import Mention, commitment_claims

    links = commitment_claims([Mention("NOR → NOR", "a", "Outlet A", "committed to Norway in its efforts", 0, 30),
                               Mention("NOR → SWE", "b", "Outlet B", "committed to Sweden in its efforts", 0, 30)])
    errors = [x for x in links if x.claim_id.startswith("internal:")]
    assert [(x.doc_id, x.relation) for x in errors] == [("a", "differs")]
    assert errors[0].claim_text.startswith("An undertaking of NOR to itself")


def test_how_outlets_report_one_speakers_view():
    from dyad.resolve.position_claims import Judgement, stance_claims

    def said(holder: str, polarity: str, doc: str, at: int = 0, target: str = "the agreement (e1)") -> Judgement:
        return Judgement(holder, holder.title(), target, polarity, doc, f"Outlet {doc.upper()}", at, at + 5)

    links = [x for x in stance_claims([
        said("lavrov", "neutral", "a"), said("lavrov", "neutral", "b"),  # two outlets: he did not judge it
        said("vint", "positive", "a"), said("vint", "negative", "b"),  # reported both ways
        said("boric", "positive", "a"), said("boric", "neutral", "b"),  # silence is no denial
        said("outlet a", "positive", "a"), said("outlet b", "negative", "b"),  # the outlets' own voices
    ]) if x.claim_id.startswith("view:")]
    relation = {(x.claim_id.split(":")[1], x.doc_id): x.relation for x in links}
    assert relation == {("lavrov", "a"): "supports", ("lavrov", "b"): "supports", ("vint", "a"): "differs",
                        ("vint", "b"): "differs"}
    assert next(x.detail for x in links if x.relation == "differs") == (
        "reported positive by Outlet A; reported negative by Outlet B")
