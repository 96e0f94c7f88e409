"""The tables of the record contract and how a batch's actors merge into the stored ones: names and SQL only,
so that reading the store (listings, the briefing) never loads Arrow; the Arrow schemas are in tables.py."""

from __future__ import annotations

# The tables of the record contract (../shared/DESIGN.md) plus sentences, which every record cites.
CONTRACT_TABLES = (
    "documents",
    "sentences",
    "quarantine",
    "actors",
    "mentions",
    "quotes",
    "events",
    "commitments",
    "relations",
    "stances",
    "claims",
    "claim_links",
)

# What several articles say of one actor is merged: roles and names accumulate, the first country stays.
MERGE_ACTORS = (
    "ON CONFLICT (actor_id) DO UPDATE SET "
    "roles = list_sort(list_distinct(list_concat(actors.roles, EXCLUDED.roles))), "
    "aliases = list_sort(list_distinct(list_concat(actors.aliases, EXCLUDED.aliases))), "
    "country = coalesce(actors.country, EXCLUDED.country)"
)
