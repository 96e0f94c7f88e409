"""Store: the DuckDB database behind every Dyad command."""

from dyad.store.repository import (
    CONTRACT_TABLES,
    DEFAULT_DB,
    BatchOutcome,
    DocumentFilter,
    EventFilter,
    QuoteFilter,
    Store,
)

__all__ = ["CONTRACT_TABLES", "DEFAULT_DB", "BatchOutcome", "DocumentFilter", "EventFilter", "QuoteFilter", "Store"]
