"""The country hint a story or the `--country` option may carry: checked once, on reading."""

from __future__ import annotations

from titfortat.errors import RejectedStory


def country_hint(value: str, origin: str) -> str:
    """The ISO alpha-3 code of a country given by alpha-2, alpha-3 or English name ("Iraq",
    "IQ", "irq" -> "IRQ"); RejectedStory naming the value when it is no country."""
    import pycountry

    text = value.strip()
    try:
        found = pycountry.countries.lookup(text) if text else None
    except LookupError:
        found = None
    if found is None:
        raise RejectedStory(origin, f"country {text[:40]!r} is not a country (give an ISO code such as IRQ, or a name)")
    return str(found.alpha_3)
