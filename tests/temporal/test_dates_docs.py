"""The examples in docs/dates.md and in the temporal docstrings run as written."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "dates.md"


def test_dates_doc_examples() -> None:
    result = doctest.testfile(str(DOC), module_relative=False)
    assert result.attempted >= 4 and result.failed == 0


@pytest.mark.parametrize("module", ["titfortat.temporal", "titfortat.temporal.resolve"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted >= 1 and result.failed == 0
