"""Quality gate on real articles nobody wrote for Dyad: the shared scorers' figures against pinned floors."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PATTERNS: dict[str, dict[str, str]] = tomllib.loads((HERE / "figures.toml").read_text())
LIMITS = json.loads((HERE / "floors.json").read_text())


def figure(report: str, pattern: str) -> float:
    """The first figure the pattern finds in a scorer's report, as a fraction."""
    match = re.search(pattern, report)
    assert match, f"the scorer's report has no line matching {pattern!r}:\n{report}"
    if len(match.groups()) == 2:
        return int(match[1]) / max(int(match[2]), 1)
    return float(match[1]) / 100 if "%" in pattern else float(match[1])


def figures(report: str, corpus: str) -> dict[str, float]:
    return {name: figure(report, pattern) for name, pattern in PATTERNS[corpus].items()}


def _check(report: str, corpus: str) -> None:
    got = figures(report, corpus)
    print(f"\n[{corpus}] " + ", ".join(f"{k} {v:.3f}" for k, v in got.items()))
    low = {k: (got[k], floor) for k, floor in LIMITS["floors"].get(corpus, {}).items() if got[k] < floor}
    high = {k: (got[k], cap) for k, cap in LIMITS["ceilings"].get(corpus, {}).items() if got[k] > cap}
    assert not low, f"{corpus}: below the floor (measured, floor): {low}"
    assert not high, f"{corpus}: above the ceiling (measured, ceiling): {high}"


def test_every_limit_names_a_figure_the_scorers_print() -> None:
    for kind in ("floors", "ceilings"):
        for corpus, limits in LIMITS[kind].items():
            assert set(limits) <= set(PATTERNS[corpus]), f"{kind}.{corpus} names unknown figures"


def test_figure_reads_counts_numbers_and_percentages() -> None:
    assert figure("mention resolution 34/50 = 0.68", r"mention resolution (\d+)/(\d+)") == pytest.approx(0.68)
    assert figure("event recall 0.37", r"event recall ([\d.]+)") == pytest.approx(0.37)
    assert figure("PLOVER category right   40.6% (67/165)", r"PLOVER category right +([\d.]+)%") == pytest.approx(0.406)


@pytest.mark.model
def test_seeds_meet_their_floors(seeds_report: str) -> None:
    _check(seeds_report, "seeds")


@pytest.mark.model
def test_dev_articles_meet_their_floors(dev_report: str) -> None:
    _check(dev_report, "dev")


@pytest.mark.model
def test_plover_sentences_meet_their_floors(plover_report: str) -> None:
    _check(plover_report, "plover")
