"""Extraction quality on hand-annotated snippets written for Dyad (tests/eval), against floors in floors.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dyad.extract import build_context
from dyad.extract.actors import extract_actors
from dyad.knowledge.base import load_knowledge
from dyad.parse import load_nlp
from dyad.records import Article

EVAL = Path(__file__).parent / "eval"
FLOORS = json.loads((EVAL / "floors.json").read_text())


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0


def gold_spans(text: str, mentions: list[list]) -> dict[tuple[int, int], str | None]:
    """Gold mentions in order of their start; a state word inside a body ('Lebanese government') overlaps it."""
    spans: dict[tuple[int, int], str | None] = {}
    cursor = 0
    for surface, actor_id, *nth in mentions:
        start = text.index(surface, cursor)
        for _ in range((nth[0] if nth else 1) - 1):  # [surface, id, n]: the n-th occurrence from here
            start = text.index(surface, start + 1)
        while (start, start + len(surface)) in spans:
            start = text.index(surface, start + 1)
        spans[(start, start + len(surface))] = actor_id
        cursor = start
    return spans


def score_actors() -> tuple[Score, list[str]]:
    score, errors = Score(), []
    nlp, kb = load_nlp(), load_knowledge()
    for line in (EVAL / "actors.jsonl").read_text().splitlines():
        case = json.loads(line)
        text = case["text"]
        gold = gold_spans(text, case["mentions"])
        article = Article(doc_id="e", source="e", body=text, content_type="text", encoding="utf-8", raw_sha256="e")
        predicted = {(m.start_char, m.end_char): m.actor_id for m in extract_actors(article, nlp(text), kb).mentions
                     if m.actor_id is not None}
        score.gold += sum(1 for v in gold.values() if v is not None)
        score.predicted += len(predicted)
        for span, actor_id in predicted.items():
            if gold.get(span) == actor_id:
                score.true_positives += 1
            else:
                errors.append(f"{text[span[0]:span[1]]!r}: predicted {actor_id}, gold {gold.get(span, '(no mention)')}")
        errors += [f"{text[s:e]!r}: missed {v}" for (s, e), v in gold.items() if v and (s, e) not in predicted]
    return score, errors


def test_actor_resolution_meets_its_floor():
    score, errors = score_actors()
    floor = FLOORS["actors"]
    report = f"precision {score.precision:.3f} recall {score.recall:.3f}\n" + "\n".join(errors)
    assert score.precision >= floor["precision"], report
    assert score.recall >= floor["recall"], report


def score_quotes() -> tuple[int, list[str]]:
    """Share of annotated quotations whose innermost record names the right speaker (None: no speech)."""
    from dyad.extract.quotes import extract_quotes

    nlp, kb = load_nlp(), load_knowledge()
    correct, errors = 0, []
    for line in (EVAL / "quotes.jsonl").read_text().splitlines():
        case = json.loads(line)
        text = case["text"]
        article = Article(doc_id="e", source="e", body=text, content_type="text", encoding="utf-8", raw_sha256="e")
        records = extract_quotes(build_context(article, nlp(text), kb))
        for anchor, speaker in case["quotes"]:
            position = text.index(anchor)
            covering = sorted((r for r in records if r.start_char <= position < r.end_char),
                              key=lambda r: r.end_char - r.start_char)
            if speaker is None:
                ok = not any(r.kind == "direct" and r.speaker_id for r in covering) and not any(
                    r.start_char == position and r.speaker_id for r in covering)
            else:
                ok = bool(covering) and covering[0].speaker_id == speaker
            correct += ok
            if not ok:
                got = [(r.kind, r.speaker_id, r.attribution) for r in covering]
                errors.append(f"{anchor!r}: gold {speaker}, got {got}")
    return correct, errors


def test_quote_attribution_meets_its_floor():
    correct, errors = score_quotes()
    accuracy = correct / (correct + len(errors))
    assert accuracy >= FLOORS["quotes"]["accuracy"], f"{accuracy:.3f}\n" + "\n".join(errors)


def score_events() -> tuple[Score, int, list[str]]:
    """(type, source, target) triples against hand annotation; also how many matched ones have the right
    modality and date."""
    from datetime import date

    from dyad.extract.events import extract_events

    nlp, kb = load_nlp(), load_knowledge()
    score, right_details, errors = Score(), 0, []
    for line in (EVAL / "events.jsonl").read_text().splitlines():
        case = json.loads(line)
        text = case["text"]
        article = Article(doc_id="e", source="e", body=text, content_type="text", encoding="utf-8", raw_sha256="e",
                          published=date.fromisoformat(case["published"]))
        found = extract_events(build_context(article, nlp(text), kb))
        predicted = {(e.plover_type, _state(e.source_id), _state(e.target_id)): e for e in found}
        gold = {(t, s, g): (m, d) for t, s, g, m, d in case["events"]}
        score.gold += len(gold)
        score.predicted += len(predicted)
        for key, event in predicted.items():
            if key not in gold:
                errors.append(f"{text[:50]!r}: extra {key}")
                continue
            score.true_positives += 1
            modality, day = gold[key]
            right_details += event.modality == modality and str(event.event_date) == str(day)
            if event.modality != modality or str(event.event_date) != str(day):
                errors.append(f"{text[:50]!r}: {key} {event.modality} {event.event_date}, gold {modality} {day}")
        errors += [f"{text[:50]!r}: missed {key}" for key in gold if key not in predicted]
    return score, right_details, errors


def _state(actor_id: str | None) -> str | None:
    """Compare at state level: the armed forces of France ('FRA-MIL') are France ('FRA')."""
    return actor_id.split("-")[0] if actor_id and actor_id[:3].isupper() and "-" in actor_id else actor_id


def test_event_coding_meets_its_floor():
    score, right_details, errors = score_events()
    floor = FLOORS["events"]
    report = f"precision {score.precision:.3f} recall {score.recall:.3f}\n" + "\n".join(errors)
    assert score.precision >= floor["precision"], report
    assert score.recall >= floor["recall"], report
    assert right_details / max(score.true_positives, 1) >= floor["modality_and_date"], report


def score_stances() -> tuple[Score, list[str]]:
    """(holder, target, polarity) per snippet against hand annotation; OUTLET is the article's outlet."""
    from dyad.extract import extract_records

    nlp = load_nlp()
    score, errors = Score(), []
    for line in (EVAL / "stances.jsonl").read_text().splitlines():
        case = json.loads(line)
        text = case["text"]
        article = Article(doc_id="e", source="e", body=text, content_type="text", encoding="utf-8", raw_sha256="e",
                          outlet="Daily Planet")
        records = extract_records(article, nlp(text))
        outlet = next(a.actor_id for a in records.actors if a.kind == "outlet")
        predicted = {("OUTLET" if s.holder_id == outlet else s.holder_id, _target(s.target), s.polarity)
                     for s in records.stances}
        gold = {tuple(g) for g in case["stances"]}
        score.gold += len(gold)
        score.predicted += len(predicted)
        score.true_positives += len(predicted & gold)
        errors += [f"{text[:60]!r}: extra {p}" for p in predicted - gold]
        errors += [f"{text[:60]!r}: missed {g}" for g in gold - predicted]
    return score, errors


def _target(target: str) -> str:
    return "agreement" if target == "the agreement" else target


def test_stance_meets_its_floor():
    score, errors = score_stances()
    floor = FLOORS["stances"]
    report = f"precision {score.precision:.3f} recall {score.recall:.3f}\n" + "\n".join(errors)
    assert score.precision >= floor["precision"], report
    assert score.recall >= floor["recall"], report
