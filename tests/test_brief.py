"""The briefing, on the written corpus of tests/stories.py: every sentence cited, each citation a stored
sentence, each section built from the records."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from dyad.serve.brief import Briefing, BriefOptions, build_brief, to_html, to_markdown
from dyad.store import Store
from tests.conftest import query


@pytest.fixture(scope="module")
def briefing(nordic_db: Path) -> Briefing:
    with Store(nordic_db, read_only=True) as store:
        return build_brief(store)


def section(briefing: Briefing, title: str) -> list[str]:
    return next(s for s in briefing.sections if s.title == title).statements


def texts(briefing: Briefing, title: str) -> list[str]:
    return [s.text for s in section(briefing, title)]


def test_every_statement_cites_a_stored_sentence(briefing: Briefing, nordic_db: Path):
    statements = [s for sec in briefing.sections for s in sec.statements]
    assert len(statements) >= 8
    assert all(s.cites for s in statements)
    numbers = {n for s in statements for n in s.cites}
    assert numbers == {c.number for c in briefing.citations}, "no citation unused, none missing"
    assert [c.number for c in briefing.citations] == list(range(1, len(briefing.citations) + 1))
    for c in briefing.citations:
        [(body, start, end)] = query(nordic_db, "SELECT d.body, s.start_char, s.end_char FROM sentences s JOIN "
                                     f"documents d USING (doc_id) WHERE s.doc_id = '{c.doc_id}' "
                                     f"AND s.sent_index = {c.sent_index}")
        assert (start, end) == (c.start_char, c.end_char)
        assert " ".join(body[start:end].split()) == c.text


def test_the_lead_is_the_event_most_outlets_report(briefing: Briefing):
    [lead] = section(briefing, "In brief")
    assert lead.label == "14 January 2025"
    assert "signed a fisheries agreement" in lead.text
    assert "Reported in 3 of 4 articles (Outlet A, Outlet B and Outlet C)" in lead.text
    assert len(lead.cites) == 3


def test_events_with_their_sources_each_told_once(briefing: Briefing):
    happened = section(briefing, "What happened")
    assert any("Chile and Peru held border talks" in s.text and "Only in Outlet C." in s.text for s in happened)
    assert not any("signed a fisheries agreement" in s.text for s in happened), "the lead already told it"
    everything = [s.text for sec in briefing.sections for s in sec.statements]
    assert len(everything) == len(set(everything))


def test_commitment_with_both_dues_and_the_report_that_kept_it(briefing: Briefing):
    [commitment] = section(briefing, "What was committed")
    assert "Norway" in commitment.text and "inspectors" in commitment.text
    assert "“next week” (Outlet A)" in commitment.text and "“the coming weeks” (Outlet B)" in commitment.text
    assert "kept" in commitment.text
    cited = {c.source for c in briefing.citations if c.number in commitment.cites}
    assert cited == {"Outlet A", "Outlet B", "Outlet D"}, "the later report that shows it kept is cited too"


def test_who_said_what_names_speakers_with_their_words(briefing: Briefing):
    said = section(briefing, "Who said what")
    assert {s.label for s in said} == {"Lars Berg", "Ingrid Dahl"}
    assert any(s.text.startswith("Ingrid Dahl") and "We have waited ten years for this day" in s.text for s in said)


def test_alignment_and_differences(briefing: Briefing):
    assert texts(briefing, "How alignments stand") == [
        "Sweden’s membership of North Atlantic Treaty Organization is in force (Outlet A, 15 January 2025)."]
    differences = texts(briefing, "Where the sources differ")
    assert any('"next week" (Outlet A) vs "the coming weeks" (Outlet B)' in t for t in differences)
    assert any(t.startswith("Outlet C contradicts itself") and "Oslo 2 times" in t for t in differences)
    assert "Outlet A’s own voice welcomes the agreement." in differences
    assert "Outlet B’s own voice is critical of the agreement." in differences


def test_a_topic_narrows_the_briefing(nordic_db: Path):
    with Store(nordic_db, read_only=True) as store:
        peru = build_brief(store, BriefOptions(topic="Peru"))
        fisheries = build_brief(store, BriefOptions(topic="inspectors"))
    peru_text = to_markdown(peru)
    assert "Chile and Peru held border talks" in peru_text
    assert "fisheries" not in peru_text.split("## Sources")[0]
    fisheries_text = to_markdown(fisheries)
    assert "inspectors" in fisheries_text and "Chile" not in fisheries_text


def test_markdown_and_html_carry_every_citation(briefing: Briefing):
    markdown = to_markdown(briefing)
    bullets = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert bullets and all(re.search(r"(\[\d+\])+$", line) for line in bullets)
    assert len(re.findall(r"^\[\d+\] ", markdown, flags=re.M)) == len(briefing.citations)
    html = to_html(briefing)
    for c in briefing.citations:
        assert f'id="cite-{c.number}"' in html
        assert f"/#/doc/{c.doc_id}?start={c.start_char}&amp;end={c.end_char}" in html
    assert "<script" not in html


def test_cli_writes_the_briefing(nordic_db: Path, tmp_path: Path, cli):
    out = tmp_path / "brief.html"
    result = cli("brief", "--db", nordic_db, "--format", "html", "--out", out)
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    printed = cli("brief", "--db", nordic_db, "--topic", "Sweden")
    assert printed.stdout.startswith("# Briefing on Sweden")
    assert cli("brief", "--db", nordic_db, "--format", "pdf").exit_code == 2


def test_actors_and_relations_judged_both_ways(tmp_path: Path, db: Path):
    from dyad.analyze import analyze
    from tests.conftest import write_corpus

    write_corpus(tmp_path / "in", {
        "a.txt": ("Relations between Chile and Peru have improved this year, Chilean Foreign Minister Alberto "
                  "van Klaveren said in Santiago.", "2025-05-02"),
        "b.txt": ("Relations between Chile and Peru have deteriorated since the dispute over the fishing zone.",
                  "2025-05-03"),
    })
    analyze([str(tmp_path / "in")], db=db)
    with Store(db, read_only=True) as store:
        briefing = build_brief(store)
    differences = texts(briefing, "Where the sources differ")
    assert ("The relations of Chile and Peru are judged both ways: positively by Alberto van Klaveren, "
            "negatively by Outlet B.") in differences


def test_an_empty_database_says_what_to_do(db: Path):
    Store(db).close()
    with Store(db, read_only=True) as store:
        briefing = build_brief(store)
    assert briefing.sections == () and briefing.citations == ()
    assert "dyad analyze" in briefing.scope


def _topics_of(db: Path) -> list[str]:
    """Every way the seed database names something: actor ids, names and aliases, the surfaces of mentions."""
    rows = query(db, "SELECT actor_id FROM actors UNION SELECT name FROM actors UNION "
                     "SELECT unnest(aliases) FROM actors UNION SELECT surface FROM mentions")
    return sorted({r[0] for r in rows if r[0]})


@pytest.mark.model
def test_the_briefing_never_raises_for_any_topic(seed_db: Path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    known = _topics_of(seed_db)
    topics = st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=30),
                       st.sampled_from(known).map(str.lower), st.sampled_from(known).map(lambda t: t[: len(t) // 2]))

    with Store(seed_db, read_only=True) as store:
        @settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
        @given(topic=topics, since=st.sampled_from([None, date(2024, 1, 1), date(2025, 1, 20)]))
        def brief_for(topic: str, since: date | None) -> None:
            briefing = build_brief(store, BriefOptions(topic=topic, since=since))
            assert briefing.title.endswith(topic)
            assert to_markdown(briefing).startswith("# ") and "<h1>" in to_html(briefing)

        brief_for()


@pytest.mark.model
def test_sources_are_named_one_way_everywhere(seed_db: Path):
    """Outlet, else title, else file name: never a document id, a path or a holder id, wherever a source is named."""
    from dyad.store import DocumentFilter, QuoteFilter

    with Store(seed_db, read_only=True) as store:
        documents = store.documents(DocumentFilter())
        names = {d["doc_id"]: d["source_name"] for d in documents}
        for d in documents:
            expected = d["outlet"] or d["title"] or Path(d["source"]).name
            assert d["source_name"] == expected
        comparison = store.comparison()
        shown = ([c.source for c in build_brief(store).citations]
                 + [q["source_name"] for q in store.quotes(QuoteFilter())]
                 + [o for c in comparison["claims"] for o in c["outlets"]]
                 + [d["outlet"] for d in comparison["disputes"]] + [s["outlet"] for s in comparison["stances"]]
                 + [link["source_name"] for c in store.claims(limit=1000) for link in c["links"]]
                 + [s["holder_name"] for s in store.stances(limit=1000) if s["holder_id"].startswith("document:")])
    assert set(shown) <= set(names.values())
    assert len(set(names.values())) == len(names), "each document has a name of its own here"
    assert not any(re.fullmatch(r"[0-9a-f]{8,16}|document:.*|.*/.*", name) for name in shown)


def test_every_section_stops_at_its_limit(nordic_db: Path, monkeypatch):
    """A briefing reads only what it tells: with every limit at one, each section says one thing (the
    differences: one of each kind and the single-source claims), each citing at most one sentence."""
    import dyad.serve.brief as brief_module

    phrases = brief_module._phrases()
    with Store(nordic_db, read_only=True) as store:
        full = build_brief(store)
        tight = {**phrases, "limits": dict.fromkeys(phrases["limits"], 1)}
        monkeypatch.setattr(brief_module, "_phrases", lambda: tight)
        limited = build_brief(store)
    assert any(len(s.statements) > 1 for s in full.sections) and any(len(s.cites) > 1 for sec in full.sections
                                                                      for s in sec.statements)
    counts = {s.title: len(s.statements) for s in limited.sections}
    assert all(n <= 1 for title, n in counts.items() if title != "Where the sources differ"), counts
    assert counts.get("Where the sources differ", 0) <= 4
    assert all(len(s.cites) <= 1 for section in limited.sections for s in section.statements)
