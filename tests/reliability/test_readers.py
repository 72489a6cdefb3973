"""Reader behaviour the matrix cannot show on every machine, and long-story windows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from titfortat.errors import ReadError
from titfortat.ingest.readers import read_paths, walk
from titfortat.model import Story
from titfortat.nlp.windows import windows

from .rows import good


def test_unreadable_subfolder_is_reported_and_the_rest_read(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """As root no folder is unreadable, so the refusal is made by the OS call the walk uses."""
    (tmp_path / "a.txt").write_text(good(1), encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(good(2), encoding="utf-8")
    real = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_paths([str(tmp_path)]))
    assert [i.id for i in items if isinstance(i, Story)] == ["a"]
    (err,) = [i for i in items if isinstance(i, ReadError)]
    assert str(err) == f"{locked}: cannot read folder: Permission denied"


def test_symlinked_folders_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(good(3), encoding="utf-8")
    (tmp_path / "self").symlink_to(".")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")
    assert [p.name for p in walk(tmp_path)] == ["x.txt"]


@pytest.mark.parametrize("size", [40, 200, 1000])
def test_windows_cover_the_text_at_cut_points(size: int) -> None:
    text = "\n\n".join(" ".join(good(i) for i in range(j, j + 3)) for j in range(12))
    parts = windows(text, size)
    assert "".join(t for _, t in parts) == text
    assert [o for o, _ in parts] == [sum(len(t) for _, t in parts[:k]) for k in range(len(parts))]
    for _, t in parts[:-1]:
        assert len(t) <= size and (t.endswith(("\n", " ")))


def test_a_text_without_cut_points_is_cut_at_the_size() -> None:
    assert [len(t) for _, t in windows("z" * 25, 10)] == [10, 10, 5]
    assert windows("short", 10) == [(0, "short")]


@pytest.mark.slow
def test_a_long_story_in_windows_gives_the_events_of_its_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offsets, sentence numbers and ids of a windowed story point into the whole story."""
    import datetime as dt

    from titfortat.api import code_stories, load

    paragraphs = [f"{good(i)} The ministry said the operation would continue." for i in range(8)]
    text = "\n\n".join(paragraphs)
    story = Story(id="long", text=text, date=dt.date(2024, 6, 1), origin="long:1")
    nlp = load()
    whole = next(code_stories([story], nlp=nlp)).events
    monkeypatch.setenv("TITFORTAT_WINDOW_CHARS", "300")
    assert len(windows(text, 300)) > 3
    windowed = next(code_stories([story], nlp=nlp)).events
    assert [e.id for e in windowed] == [f"long-{n}" for n in range(len(windowed))]
    assert [(e.event, e.event_text, e.date) for e in windowed] == [(e.event, e.event_text, e.date) for e in whole]
    for e in windowed:
        ti = e.text_info
        assert text[ti.start:ti.end] == e.text and text[ti.trigger_start:ti.trigger_end] == e.event_text
    assert [e.text_info.sequence for e in windowed] == [e.text_info.sequence for e in whole]
