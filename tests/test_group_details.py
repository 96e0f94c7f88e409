"""Claims weigh each report against its group's details counted once (linear in the group): the same details
found as when each report is compared with every other (the definition, written out here as the oracle)."""

from __future__ import annotations

import random
from collections import Counter

from dyad.resolve.claims import Mention, _GroupDetails


def odd_detail_by_pairs(kind: str, report: Mention, reports: list[Mention]) -> str | None:
    """The definition: the report's details against those of every report of another article."""
    details_of = (lambda m: m.quantities) if kind == "number" else (lambda m: m.people)
    mine = {key: (value, text) for key, value, text in (d.split("|", 2) for d in details_of(report))}
    for key, (value, text) in sorted(mine.items()):
        given = [(v, t, r.label) for r in reports if r.doc_id != report.doc_id
                 for k, v, t in (d.split("|", 2) for d in details_of(r)) if k == key]
        others = sorted({(t, label) for v, t, label in given if v != value})
        counts = Counter([value] + [v for v, _, _ in given]).most_common()
        usual = counts[0][0] if len(counts) == 1 or counts[0][1] > counts[1][1] else None
        if others and usual != value:
            return f'{kind}: "{text}" ({report.label}) vs ' + "; ".join(f'"{t}" ({label})' for t, label in others)
    return None


def test_group_details_find_what_comparing_every_pair_finds() -> None:
    rng = random.Random(7)

    def details() -> list[str]:
        return [f"{rng.choice('ab')}|{rng.choice('123')}|{rng.choice('xyz')}" for _ in range(rng.randint(0, 3))]

    found = 0
    for _ in range(500):
        reports = [Mention("c", f"d{i}", rng.choice(["Outlet A", "Outlet B", "Outlet C"]), "t", i, i + 1,
                           quantities=details(), people=details()) for i in range(rng.randint(1, 10))]
        group = _GroupDetails(reports)
        # an article's other sentences are weighed too: against the other articles' reports, not its own
        sentences = [Mention("c", rng.choice(reports).doc_id, "Outlet A", "t", 90, 91, quantities=details(),
                             people=details()) for _ in range(2)]
        for mention in reports + sentences:
            for kind in ("number", "name"):
                expected = odd_detail_by_pairs(kind, mention, reports)
                assert group.odd(kind, mention) == expected
                found += expected is not None
    assert found > 300  # the cases compared include many differing details
