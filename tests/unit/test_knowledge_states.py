"""The state knowledge base: complete, consistent with ISO 3166, and honest about ambiguous words."""

from __future__ import annotations

from collections import Counter

import pycountry

from dyad.knowledge.states import ambiguous_adjectives, load_states


def test_every_un_member_and_observer_is_there_once():
    states = load_states()
    ids = Counter(s.actor_id for s in states)
    assert max(ids.values()) == 1
    assert len(states) == 193 + 2 + 2  # UN members, observers (Holy See, Palestine), Kosovo and Taiwan


def test_ids_are_iso_alpha3_except_kosovo():
    unknown = [s.actor_id for s in load_states() if pycountry.countries.get(alpha_3=s.actor_id) is None]
    assert unknown == ["XKX"]


def test_names_short_forms_and_iso_names_are_aliases():
    by_id = {s.actor_id: s for s in load_states()}
    assert {"the U.S.", "US", "United States of America"} <= set(by_id["USA"].names)
    assert "Russian Federation" in by_id["RUS"].names
    assert "Turkey" in by_id["TUR"].names and "Türkiye" in by_id["TUR"].names
    assert by_id["ARM"].capitals == ("Yerevan",)
    assert "Azeri" in by_id["AZE"].adjectives


def test_no_name_or_capital_points_to_two_states():
    owners = Counter(name for s in load_states() for name in {*s.names, *s.capitals})
    assert [name for name, n in owners.items() if n > 1] == []


def test_shared_adjectives_are_reported_as_ambiguous():
    assert ambiguous_adjectives() == {"Congolese": ("COG", "COD"), "Dominican": ("DMA", "DOM")}
