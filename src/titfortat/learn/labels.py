"""The 25 ACLED sub-event types a classifier may learn, as data/acled.yaml declares them
(the same table the type decision uses, so a label it learns is one the decision accepts)."""

from __future__ import annotations

from functools import lru_cache

from titfortat.coding.acled import SUB_EVENT_TYPES, acled_tables


@lru_cache(maxsize=1)
def _by_folded() -> dict[str, str]:
    return {name.casefold(): name for name in SUB_EVENT_TYPES}


def canonical(label: str) -> str | None:
    """The sub-event type as ACLED spells it, ignoring case and surrounding spaces; None if
    the label is not one of the 25."""
    return _by_folded().get(" ".join(label.split()).casefold())


def event_type_of(sub: str) -> str:
    """The ACLED event type of a sub-event type ("Attack" -> "Violence against civilians")."""
    return acled_tables().subtypes[sub].type
