"""Shared fixtures: the titfortat pipeline is loaded once per test session."""

from __future__ import annotations

import pytest
from spacy.language import Language

from titfortat.nlp import pipeline


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full titfortat pipeline (spaCy model plus every titfortat stage)."""
    return pipeline.load()
