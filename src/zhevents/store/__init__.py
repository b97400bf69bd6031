"""The embedded SQLite store."""

from zhevents.store.sqlite import DEFAULT_DB, Store, StoreError, WriteResult

__all__ = ["DEFAULT_DB", "Store", "StoreError", "WriteResult"]
