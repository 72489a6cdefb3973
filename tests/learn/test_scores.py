"""The held-back split and the scores `train` reports."""

from __future__ import annotations

from collections import Counter

import pytest

from titfortat.learn.corpus import Example
from titfortat.learn.train import scores, split_holdout


def examples(counts: dict[str, int]) -> list[Example]:
    return [Example(f"{label} note {i}", label, f"{label}:{i}") for label, n in counts.items() for i in range(n)]


def test_holdout_is_stratified_and_keeps_two_of_each_label_for_fitting() -> None:
    fit, held = split_holdout(examples({"Attack": 40, "Arrests": 10, "Grenade": 2}), 0.25)
    assert Counter(e.label for e in held) == {"Attack": 10, "Arrests": 2}
    assert Counter(e.label for e in fit) == {"Attack": 30, "Arrests": 8, "Grenade": 2}
    assert not {e.origin for e in fit} & {e.origin for e in held}


def test_holdout_is_the_same_for_the_same_seed() -> None:
    rows = examples({"Attack": 30, "Arrests": 30})
    assert split_holdout(rows, 0.2, seed=3) == split_holdout(rows, 0.2, seed=3)
    assert split_holdout(rows, 0.2, seed=3) != split_holdout(rows, 0.2, seed=4)


def test_scores_count_the_event_type_apart_from_the_sub_type() -> None:
    gold = ["Attack", "Attack", "Armed clash", "Peaceful protest"]
    predicted = ["Attack", "Abduction/forced disappearance", "Attack", "Peaceful protest"]
    s = scores(gold, predicted)
    assert s["sub_event_type_accuracy"] == 0.5
    # Abduction is Violence against civilians like Attack; Attack for Armed clash is not Battles
    assert s["event_type_accuracy"] == 0.75
    assert s["rows"] == 4
    # F1 by gold label: Attack 0.5 (half of the rows), Armed clash 0, Peaceful protest 1
    assert s["sub_event_type_weighted_f1"] == pytest.approx(0.5 * 0.5 + 0.25 * 0 + 0.25 * 1.0)
