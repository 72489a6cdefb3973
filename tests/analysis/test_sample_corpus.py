"""End to end on the bundled sample corpus: the planted government-coalition chains."""

from __future__ import annotations

from pathlib import Path

import pytest

from titfortat.analysis import chains, events_to_frame, find_exchanges, most_active_pair

EXAMPLES = Path(__file__).parents[2] / "examples"
ARMED = ("PRM", "REB", "UAF")


@pytest.fixture(scope="module")
def coded():
    from titfortat.api import code_stories, load
    from titfortat.ingest.readers import read_paths

    # the sample's invented coalition comes from its user dictionary, as in `make run`
    nlp = load(actors=[str(EXAMPLES / "actors.yaml")])
    events = [e for r in code_stories(read_paths([str(EXAMPLES)]), nlp=nlp) for e in r.events]
    militia = [ent for e in events for ent in (*e.actor, *e.recipient)
               if "Rafidain" in ent.entity_text and ent.code == "IRQ" and ent.sector in ARMED]
    if not militia:
        pytest.skip("the coder does not resolve the Rafidain Resistance Alliance to IRQ:PRM yet "
                    "(actors issue); the government-coalition chain cannot be paired")
    return events_to_frame(events)


@pytest.mark.slow
def test_planted_chains_are_found(coded):
    a, b = most_active_pair(coded)
    assert "IRQ:GOV" in (a, b)
    steps = chains(find_exchanges(coded), a, b)
    sequences = [list(zip(g["event"], g["mode"], strict=True)) for _, g in steps.groupby("chain")]
    arrest = next(s for s in sequences if ("COERCE", "arrest") in s)
    events = [e for e, _ in arrest]
    assert events.index("COERCE") < events.index("MOBILIZE") < events.index("RETREAT")
    election = next(s for s in sequences if any(e == "PROTEST" for e, _ in s))
    kinds = [e for e, _ in election]
    assert kinds.index("PROTEST") < kinds.index("ASSAULT")
    assert ("ASSAULT", "drone") in election
