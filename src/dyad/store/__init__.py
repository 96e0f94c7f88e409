"""Store: the DuckDB database behind every Dyad command."""

from dyad.store.queries import DocumentFilter, EventFilter, QuoteFilter
from dyad.store.repository import DEFAULT_DB, BatchOutcome, Store
from dyad.store.tables import CONTRACT_TABLES

__all__ = ["CONTRACT_TABLES", "DEFAULT_DB", "BatchOutcome", "DocumentFilter", "EventFilter", "QuoteFilter", "Store"]
