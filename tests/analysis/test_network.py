"""The actor network: weights, centrality, communities, export."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from titfortat.analysis import actor_graph, events_to_frame, node_table, write_graph
from titfortat.errors import AnalysisError


@pytest.fixture
def two_camps(ev):
    """Two groups that fight inside and barely touch each other."""
    events = []
    for a, b in (("IRQ:GOV", "IRQ:PRM"), ("IRQ:PRM", "IRQ:GOV"), ("IRN:GOV", "IRQ:PRM"),
                 ("ISR:GOV", "LBN:PRM"), ("LBN:PRM", "ISR:GOV"), ("USA:GOV", "ISR:GOV")):
        events += [ev("clash", a, b, f"2024-01-{d:02d}") for d in range(1, 6)]
    events.append(ev("visit", "IRN:GOV", "LBN:PRM", "2024-02-01"))
    return events_to_frame(events)


def test_edges_carry_events_and_goldstein(two_camps):
    graph = actor_graph(two_camps)
    edge = graph.edges["IRQ:GOV", "IRQ:PRM"]
    assert (edge["events"], edge["goldstein_sum"], edge["goldstein_mean"], edge["conflict"]) == (5, -50.0, -10.0, 5)
    assert graph.edges["IRN:GOV", "LBN:PRM"]["goldstein_mean"] == 2.8
    assert graph.nodes["IRQ:PRM"]["events_in"] == 10


def test_communities_and_centrality(two_camps):
    graph = actor_graph(two_camps)
    community = nx.get_node_attributes(graph, "community")
    assert community["IRQ:GOV"] == community["IRQ:PRM"] == community["IRN:GOV"]
    assert community["ISR:GOV"] == community["LBN:PRM"] == community["USA:GOV"]
    assert community["IRQ:GOV"] != community["ISR:GOV"]
    table = node_table(graph)
    assert table["node"].iloc[0] in {"IRQ:PRM", "ISR:GOV"}
    assert graph.nodes["LBN:PRM"]["betweenness"] > graph.nodes["USA:GOV"]["betweenness"] == 0


def test_export_graphml_and_json(two_camps, tmp_path):
    graph = actor_graph(two_camps)
    back = nx.read_graphml(write_graph(graph, tmp_path / "g.graphml"))
    assert back.edges["IRQ:GOV", "IRQ:PRM"]["events"] == 5
    data = json.loads(write_graph(graph, tmp_path / "g.json").read_text())
    assert {n["id"] for n in data["nodes"]} == set(graph.nodes)
    assert len(data["links"]) == graph.number_of_edges() == 7
    with pytest.raises(AnalysisError, match=r"cannot write a graph to 'g.png': use a .graphml or .json"):
        write_graph(graph, tmp_path / "g.png")
