"""The benchmark generator (bench/synthetic.py): distinct articles for Dyad, the same bytes for the same seed."""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from dyad.clean import clean
from dyad.records import RawDocument

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import synthetic  # bench/ is a folder of scripts, not a package


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return synthetic.load_sentences()


def test_sentences_are_read_from_the_shared_corpora(sentences: list[str]) -> None:
    assert len(sentences) > 300
    assert len(set(sentences)) == len(sentences)


def test_same_seed_gives_the_same_articles_and_a_longer_run_starts_with_a_shorter_one(sentences: list[str]) -> None:
    first = list(synthetic.generate(20, seed=7, sentences=sentences))
    assert first == list(synthetic.generate(20, seed=7, sentences=sentences))
    assert list(synthetic.generate(30, seed=7, sentences=sentences))[:20] == first
    assert first != list(synthetic.generate(20, seed=8, sentences=sentences))


def test_every_article_is_distinct_after_cleaning(sentences: list[str]) -> None:
    articles = list(synthetic.generate(60, seed=3, sentences=sentences))
    bodies = {clean(RawDocument(a.file, a.text.encode(), "text")).body for a in articles}
    assert len(bodies) == len(articles)
    assert len({a.text for a in articles}) == len(articles)


def test_states_people_and_dates_are_swapped_consistently_within_an_article() -> None:
    swapper = synthetic.Swapper(synthetic.load_states(), synthetic.load_people())
    swaps = swapper.article(random.Random(11), date(2019, 5, 20))
    text = swaps.sentence("Armenia and France signed the pact in Yerevan on 14 January 2025, Vladimir Putin said.")
    again = swaps.sentence("Armenian officials said Putin would visit Armenia.")
    for original in ("Armenia", "France", "Yerevan", "Vladimir Putin", "2025", "January"):
        assert original not in text
    armenia = swaps.states[next(i for i, s in enumerate(swapper.states) if s.name == "Armenia")]
    assert armenia.name in text and armenia.capital in text and armenia.name in again
    assert armenia.adjective in again
    person = next(iter(swaps.people.values()))
    assert person.name in text and person.surname in again
    assert "2019" in text or "2018" in text


def test_the_folder_has_a_manifest_dyad_reads(tmp_path: Path, sentences: list[str]) -> None:
    articles = list(synthetic.generate(5, seed=1, sentences=sentences))
    synthetic.write(tmp_path, articles)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [entry["file"] for entry in manifest["articles"]] == sorted(p.name for p in tmp_path.glob("*.txt"))
    assert all(date.fromisoformat(entry["published"]) for entry in manifest["articles"])
