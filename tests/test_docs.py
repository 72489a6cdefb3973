"""The README documents every command and every setting a user can reach."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from titfortat import settings
from titfortat.cli import build_parser

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"titfortat {command}" in README


@pytest.mark.parametrize("setting", [s.name for s in settings.SETTINGS])
def test_every_setting_is_in_the_readme(setting: str) -> None:
    assert f"`{setting}`" in README


@pytest.mark.parametrize("doc", ["output.md", "coding.md", "actors.md", "dates.md", "places.md", "store.md",
                                 "dedup.md", "analysis.md", "learning.md", "serve.md", "scale.md"])
def test_docs_exist_and_are_linked(doc: str) -> None:
    assert (ROOT / "docs" / doc).exists()
    assert f"docs/{doc}" in README
