"""Store: the DuckDB database behind every Dyad command."""

from dyad.store.contract import CONTRACT_TABLES
from dyad.store.queries import DocumentFilter, EventFilter, QuoteFilter
from dyad.store.repository import DEFAULT_DB, BatchOutcome, Store

__all__ = ["CONTRACT_TABLES", "DEFAULT_DB", "BatchOutcome", "DocumentFilter", "EventFilter", "QuoteFilter", "Store"]
