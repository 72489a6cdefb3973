"""The event store: coded stories in SQLite (default) or PostgreSQL, merged and queryable.

    from titfortat.store import Store
    with Store.open("titfortat.db") as store:
        store.ingest(results)
        events = list(store.iter_events(clusters=True, actor="IRQ"))

Modules: ``store`` (the Store class), ``schema`` (tables, migrations), ``writer`` (one
ingest batch), ``dedup`` (duplicate merging rule), ``records`` (rows from records),
``queries`` (filters), ``frames`` (pandas), ``export`` (file formats).
"""

from __future__ import annotations

from titfortat.store.queries import Filters
from titfortat.store.store import Store
from titfortat.store.writer import IngestStats

__all__ = ["Filters", "IngestStats", "Store"]
